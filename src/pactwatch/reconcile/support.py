"""Support of a field value: confirmed, reported or conflicting.

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
from dataclasses import dataclass, field
from typing import Any

from pactwatch.records import Claim

PRIMARY_KINDS = frozenset({"official", "reference"})


def origin_of(claim: Claim) -> str:
    return claim.origin or f"document:{claim.doc_id}"


def support_of(claims: list[Claim]) -> str:
    asserted = [c for c in claims if c.modality == "asserted"]
    if any(c.attribution_kind in PRIMARY_KINDS for c in asserted):
        return "confirmed"
    if asserted and len({origin_of(c) for c in claims}) >= 2:
        return "confirmed"
    return "reported"


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


@dataclass
class Candidate:
    value: Any
    claims: list[Claim] = field(default_factory=list)

    @property
    def support(self) -> str:
        return support_of(self.claims)


@dataclass
class FieldResult:
    value: Any
    support: str
    claims: list[Claim]
    candidates: list[Candidate]

    def to_json(self, source_ids: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "support": self.support,
            "claims": [c.claim_id for c in self.claims],
            "sources": sorted({source_ids[c.claim_id] for c in self.claims}),
        }
        if self.support == "conflicting":
            out["values"] = [
                {"value": cand.value, "support": cand.support,
                 "claims": [c.claim_id for c in cand.claims],
                 "sources": sorted({source_ids[c.claim_id] for c in cand.claims})}
                for cand in self.candidates
            ]
        return out


def _strength(cand: Candidate) -> tuple[int, int, int, int]:
    """A cited reference record first, then confirmed values, then the number of
    independent origins and of asserted claims: a weaker value that contradicts a
    stronger one makes the field conflicting, it never becomes its value."""
    cited = any(c.attribution_kind == "reference" for c in cand.claims)
    confirmed = cand.support == "confirmed"
    asserted = sum(c.modality == "asserted" for c in cand.claims)
    return (int(cited), int(confirmed), len({origin_of(c) for c in cand.claims}), asserted)


def resolve_field(claims: list[Claim], key: Any = None) -> FieldResult | None:
    """Groups claims by compatible values and decides the field's value and support."""
    if not claims:
        return None
    candidates: list[Candidate] = []
    for claim in claims:
        value = key(claim) if key else claim.value
        for cand in candidates:
            if compatible(cand.value, value):
                cand.value = merge(cand.value, value)
                cand.claims.append(claim)
                break
        else:
            candidates.append(Candidate(value, [claim]))
    candidates.sort(key=_strength, reverse=True)
    best = candidates[0]
    if len(candidates) == 1:
        return FieldResult(best.value, best.support, best.claims, candidates)
    every = [c for cand in candidates for c in cand.claims]
    return FieldResult(best.value, "conflicting", every, candidates)


def value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
