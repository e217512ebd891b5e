"""Near-identical rewrites (syndicated wire copy, lightly edited republications).

A document's word 3-grams are summarised by a MinHash (datasketch) cut into bands;
the stored documents sharing the most bands are candidates, and a candidate whose 3-gram Jaccard
similarity with the new text is at least ``THRESHOLD`` is its original. The copy's own
claims then take the original's origin, so two outlets running one story count as one
origin in reconciliation, not as two independent confirmations.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

from datasketch import MinHash

from pactwatch.records import Claim, RawDocument

SHINGLE = 3
PERMUTATIONS = 64
ROWS_PER_BAND = 2  # 32 bands: texts with a Jaccard similarity of 0.3 share one at 95%
THRESHOLD = 0.5
# Only the stored documents sharing the most bands are checked exactly, so the cost of a
# check does not grow with the store (reports of one agreement share many phrases). A
# rewrite at the threshold shares 8 of 32 bands on average and fewer than 2 with a
# probability of 0.1%.
MIN_SHARED_BANDS = 2
MAX_CANDIDATES = 8
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}


def bands(text: str) -> list[str]:
    """The band keys of a text; equal keys mean likely similar texts."""
    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    signature.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    values = signature.hashvalues
    keys = []
    for start in range(0, PERMUTATIONS, ROWS_PER_BAND):
        rows = ",".join(str(int(v)) for v in values[start:start + ROWS_PER_BAND])
        keys.append(f"{start // ROWS_PER_BAND}:" + hashlib.sha1(rows.encode()).hexdigest()[:24])
    return keys


def similarity(a: str, b: str) -> float:
    return _jaccard(shingles(a), shingles(b))


def _jaccard(left: set[str], right: set[str]) -> float:
    return len(left & right) / len(left | right) if left | right else 0.0


def original_of(text: str, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The earliest stored candidate the text is a near-identical rewrite of; a
    candidate that is itself a copy stands for its own original."""
    own = shingles(text) if candidates else set()  # once, not once per candidate
    for candidate in candidates:
        if _jaccard(own, shingles(candidate["text"])) >= THRESHOLD:
            return candidate
    return None


def origin_for_copy(original: dict[str, Any]) -> str:
    return str(original.get("outlet") or f"document:{original['id']}")


def as_copy(claims: list[Claim], raw: RawDocument, origin: str) -> list[Claim]:
    """The copy's own reporting carries the original's origin; statements it relays from
    a third outlet keep that outlet."""
    own = {raw.meta.outlet, None}
    return [replace(c, origin=origin) if c.origin in own else c for c in claims]
