"""Support of a field value: confirmed, reported or conflicting (decided by the tallies
of ``state``; this module holds the rules for comparing values and origins).

- confirmed: an asserted claim from an official/primary source (a named official of a
  party on record, an official text, a curated reference), or asserted claims from two
  independent origins;
- reported: one origin only (however many outlets relay it), or only hedged claims;
- conflicting: claims support values that cannot both be true; every value is kept.

Relayed statements carry the origin of the outlet they relay, so the Kyiv Independent
repeating CNN's sources counts once.
"""

from __future__ import annotations

import json
from typing import Any

from pactwatch.records import Claim

PRIMARY_KINDS = frozenset({"official", "reference"})


def origin_of(claim: Claim) -> str:
    return claim.origin or f"document:{claim.doc_id}"


def compatible(a: Any, b: Any) -> bool:
    """Values that can both be true: equal, or dicts that agree wherever both say
    something ({"event": "G7 summit"} and {"event": "G7 summit", "place": "Italy"}), a
    place inside a dict counting as agreeing with a more precise one ("Italy" and
    "Borgo Egnazia, Apulia, Italy")."""
    if isinstance(a, dict) and isinstance(b, dict):
        return all(_part_agrees(a.get(k), b.get(k)) for k in set(a) | set(b))
    return bool(a == b)


def _part_agrees(x: Any, y: Any) -> bool:
    if x is None or y is None or x == y:
        return True
    if isinstance(x, str) and isinstance(y, str):
        return x.lower() in y.lower() or y.lower() in x.lower()
    return False


def merge(a: Any, b: Any) -> Any:
    """The more precise of two compatible values."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _more_precise(a.get(k), b.get(k)) for k in {**b, **a}}
    return a


def _more_precise(x: Any, y: Any) -> Any:
    if x is None:
        return y
    if isinstance(x, str) and isinstance(y, str) and len(y) > len(x):
        return y
    return x


def value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
