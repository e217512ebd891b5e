"""Support rules: primary sources confirm, one origin only reports, disagreement shows."""

from __future__ import annotations

from typing import Any

from pactwatch.reconcile.state import resolve_field, support_of
from pactwatch.reconcile.support import compatible, merge
from pactwatch.records import Claim


def _claim(value: Any, origin: str, kind: str = "outlet", modality: str = "asserted",
           doc: str = "d1", start: int = 0) -> Claim:
    return Claim(doc_id=doc, subject=("UA", "US"), predicate="term_years", value=value,
                 modality=modality, attribution_kind=kind, origin=origin, start=start)


def test_support_named_official_on_record_confirms() -> None:
    assert support_of([_claim(10, "Outlet A", kind="official")]) == "confirmed"


def test_support_one_origin_relayed_by_many_is_reported() -> None:
    claims = [_claim(10, "CNN", doc="d1"), _claim(10, "CNN", doc="d2", start=5)]
    assert support_of(claims) == "reported"


def test_support_two_independent_origins_confirm() -> None:
    assert support_of([_claim(10, "CNN"), _claim(10, "Reuters", doc="d2")]) == "confirmed"


def test_support_hedged_claims_never_confirm_alone() -> None:
    claims = [_claim(10, "CNN", kind="official", modality="hedged"),
              _claim(10, "Reuters", modality="expected", doc="d2")]
    assert support_of(claims) == "reported"


def test_support_disagreement_is_conflicting_and_keeps_every_value() -> None:
    result = resolve_field([_claim(15, "CNN"), _claim(16, "Reuters", doc="d2")])
    assert result is not None
    assert result.support == "conflicting"
    assert sorted(c.value for c in result.candidates) == [15, 16]


def test_support_partial_venues_are_compatible_and_merge() -> None:
    short = {"event": "G7 summit", "place": None}
    full = {"event": "G7 summit", "place": "Italy"}
    assert compatible(short, full)
    assert merge(short, full) == full
    assert not compatible(full, {"event": "NATO summit", "place": "Vilnius"})
