"""The review queue: what in the agreement records most needs a person, worst first.

Conflicting fields first, then fields resting on one hedged or unnamed-source claim,
then claims of low calibrated confidence, then records built from one document (the
ranks and sentences are in ``review.yaml``). A field an analyst has decided is not
queued again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pactwatch import vocab
from pactwatch.records import Claim

WEAK_ATTRIBUTION = {"unnamed_sources": "unnamed-source"}


def queue(records: Iterable[dict[str, Any]], claims: dict[str, Claim]) -> list[dict[str, Any]]:
    """Review items for ``records``; ``claims`` holds their claims by id."""
    items: list[dict[str, Any]] = []
    for record in records:
        items.extend(_items(record, claims))
    ranks = vocab.review_settings().reasons
    items.sort(key=lambda item: (ranks[item["reason"]].rank, item["agreement"],
                                 item["field"] or ""))
    return items


def _items(record: dict[str, Any], claims: dict[str, Claim]) -> Iterable[dict[str, Any]]:
    for field, result in _fields(record):
        if result.get("support") == "analyst":
            continue
        ids = result.get("claims", [])
        if result.get("support") == "conflicting":
            yield _item(record, "conflicting_field", field, ids, result.get("value"))
            continue
        found = [claims[i] for i in ids if i in claims]
        if len(found) == 1 and (weakness := _weakness(found[0])):
            yield _item(record, "one_weak_claim", field, ids, result.get("value"),
                        weakness=weakness)
            continue
        low = [c for c in found if c.confidence < vocab.review_settings().low_confidence]
        if low:
            worst = min(low, key=lambda c: c.confidence)
            yield _item(record, "low_confidence_claim", field, [c.claim_id for c in low],
                        result.get("value"), confidence=worst.confidence)
    if len(record.get("sources", [])) == 1:
        yield _item(record, "single_document_record", None, [], None)


def _fields(record: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every field of a record a person can decide: its correctable fields (not derived
    ones such as expires_on, which follow signed_on and term_years) and its provisions."""
    correctable = vocab.correctable_fields().fields
    yield from ((name, result) for name, result in record.get("fields", {}).items()
                if name in correctable)
    for row in record.get("provisions", []):
        yield f"provision:{row['kind']}", {"value": row["polarity"], **row}


def _weakness(claim: Claim) -> str | None:
    if claim.attribution_kind in WEAK_ATTRIBUTION:
        return WEAK_ATTRIBUTION[claim.attribution_kind]
    return claim.modality if claim.modality != "asserted" else None


def _item(record: dict[str, Any], reason: str, field: str | None, claims: list[str],
          value: Any, **facts: Any) -> dict[str, Any]:
    text = vocab.review_settings().reasons[reason].text.format(
        field=field or "the record", **facts)
    return {"agreement": record["id"], "title": record.get("title"), "reason": reason,
            "field": field, "value": value, "claims": claims, "why": text}
