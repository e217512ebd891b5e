"""The review queue puts what most needs a person first."""

from __future__ import annotations

from typing import Any

from pactwatch.records import Claim
from pactwatch.review.queue import queue


def _claim(claim_id: str, **facts: Any) -> Claim:
    claim = Claim(doc_id="d1", subject=("NO", "UA"), predicate="term_years", value=10,
                  start=int(claim_id[1:]), **facts)
    return claim


def _record(agreement: str, fields: dict[str, Any], sources: int = 2) -> dict[str, Any]:
    return {"id": agreement, "title": agreement, "fields": fields, "provisions": [],
            "sources": [{"id": f"d{i}"} for i in range(sources)]}


def test_queue_orders_conflicts_then_weak_support_then_low_confidence_then_thin_records(
) -> None:
    hedged = _claim("c1", modality="hedged")
    unnamed = _claim("c2", attribution_kind="unnamed_sources")
    doubtful = _claim("c3", confidence=0.4)
    solid = _claim("c4", confidence=0.95)
    claims = {c.claim_id: c for c in (hedged, unnamed, doubtful, solid)}
    records = [
        _record("A", {"term_years": {"support": "reported", "claims": [hedged.claim_id]}}),
        _record("B", {"signed_on": {"support": "conflicting", "claims": []},
                      "venue": {"support": "reported", "claims": [unnamed.claim_id]}}),
        _record("C", {"term_years": {"support": "confirmed",
                                     "claims": [doubtful.claim_id, solid.claim_id]}}),
        _record("D", {"term_years": {"support": "confirmed", "claims": [solid.claim_id]}},
                sources=1),
        _record("E", {"term_years": {"support": "analyst", "claims": [hedged.claim_id]}}),
    ]

    items = queue(records, claims)

    assert [(i["agreement"], i["reason"]) for i in items] == [
        ("B", "conflicting_field"), ("A", "one_weak_claim"), ("B", "one_weak_claim"),
        ("C", "low_confidence_claim"), ("D", "single_document_record"),
    ]
    assert items[1]["why"] == "term_years rests on one hedged claim"
    assert items[2]["why"] == "venue rests on one unnamed-source claim"
    assert items[3]["claims"] == [doubtful.claim_id]


def test_queue_skips_derived_fields_nobody_can_correct() -> None:
    record = _record("A", {"expires_on": {"support": "conflicting", "claims": []}})

    assert queue([record], {}) == []
