"""The JSON of one agreement as PRODUCT.md specifies it: the stored record plus the
claims behind it, each with its evidence span."""

from __future__ import annotations

from typing import Any

from pactwatch.errors import UnknownAgreement
from pactwatch.records import Claim
from pactwatch.store.repository import Store


def claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.claim_id,
        "subject": "-".join(claim.subject),
        "predicate": claim.predicate,
        "value": claim.value,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "attributed_to": claim.attributed_to,
        "role": claim.role,
        "attribution_kind": claim.attribution_kind,
        "origin": claim.origin,
        "source_id": claim.doc_id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "sentence": claim.extra.get("sentence"),
        "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "confidence": claim.confidence,
    }


def find_agreement(store: Store, agreement_id: str) -> dict[str, Any]:
    """An agreement by id; a bare party set ("UA-US", "us-ua") finds its latest one."""
    record = store.agreement(agreement_id)
    if record is not None:
        return record
    wanted = sorted(p.upper() for p in agreement_id.replace("–", "-").split("-") if p)
    matches = [r for r in store.agreements(wanted) if r["parties"] == wanted]
    if not matches:
        raise UnknownAgreement(agreement_id, "no such agreement (see `pactwatch agreements`)")
    return matches[-1]


def agreement_json(store: Store, agreement_id: str) -> dict[str, Any]:
    record = dict(find_agreement(store, agreement_id))
    ids = _claim_ids(record)
    record["claims"] = [claim_json(c) for c in store.claims(ids=ids)]
    return record


def _claim_ids(record: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    for field in record.get("fields", {}).values():
        ids.update(field.get("claims", []))
    for row in record.get("provisions", []):
        ids.update(row["claims"])
    for step in record.get("history", []):
        ids.update(step["claims"])
    for count in record.get("counts", {}).values():
        ids.update(count["claims"])
    for statement in record.get("statements", []):
        ids.update(statement["claims"])
    ids.update(row["claim"] for row in record.get("rejected", []))
    return ids
