"""Conversions between the plain record values and the store's table rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pactwatch.records import AgreementRecord, Claim, RawDocument, StatusStep, subject_key
from pactwatch.store.models import ClaimRow, StatusHistoryRow


def normal_subject(subject: str) -> str:
    """'US-UA' and 'UA-US' name the same subject."""
    return subject_key([code.strip() for code in subject.split("-") if code.strip()])


def unique_claims(claims: Iterable[Claim]) -> dict[str, Claim]:
    """Claims by id, the first of any duplicates kept."""
    unique: dict[str, Claim] = {}
    for claim in claims:
        unique.setdefault(claim.claim_id, claim)
    return unique


def claim_values(claim: Claim, author: str, now: datetime) -> dict[str, Any]:
    return {
        "id": claim.claim_id, "document_id": claim.doc_id,
        "subject": subject_key(claim.subject), "predicate": claim.predicate,
        "value": claim.value, "polarity": claim.polarity, "modality": claim.modality,
        "attributed_to": claim.attributed_to, "role": claim.role,
        "attribution_kind": claim.attribution_kind, "origin": claim.origin,
        "start_offset": claim.start, "end_offset": claim.end, "text": claim.text,
        "confidence": claim.confidence, "event_date": claim.event_date,
        "extra": dict(claim.extra), "author": author, "created_at": now,
    }


def claim_from_row(row: ClaimRow) -> Claim:
    return Claim(
        doc_id=row.document_id, subject=tuple(row.subject.split("-")) if row.subject else (),
        predicate=row.predicate, value=row.value, polarity=row.polarity,
        modality=row.modality, attributed_to=row.attributed_to, role=row.role,
        attribution_kind=row.attribution_kind, origin=row.origin, start=row.start_offset,
        end=row.end_offset, text=row.text, confidence=row.confidence,
        event_date=row.event_date, extra=dict(row.extra),
    )


def claim_dict(row: ClaimRow) -> dict[str, Any]:
    return {
        "id": row.id, "document_id": row.document_id, "subject": row.subject,
        "predicate": row.predicate, "value": row.value, "polarity": row.polarity,
        "modality": row.modality, "attributed_to": row.attributed_to, "role": row.role,
        "attribution_kind": row.attribution_kind, "origin": row.origin,
        "start": row.start_offset, "end": row.end_offset, "text": row.text,
        "confidence": row.confidence, "event_date": row.event_date, "extra": row.extra,
        "author": row.author, "created_at": row.created_at,
    }


def document_values(
    raw: RawDocument, *, relevant: bool, extractor_version: str, now: datetime,
    near_duplicate_of: str | None = None,
) -> dict[str, Any]:
    meta = raw.meta
    return {
        "id": raw.doc_id, "content_hash": raw.content_hash, "source": raw.source,
        "fmt": raw.fmt, "outlet": meta.outlet, "title": meta.title, "url": meta.url,
        "published": meta.published, "lang": meta.lang, "text": raw.text,
        "word_count": raw.word_count, "relevant": relevant,
        "extractor_version": extractor_version, "ingested_at": now,
        "near_duplicate_of": near_duplicate_of,
    }


def agreement_values(record: AgreementRecord, subject: str, now: datetime) -> dict[str, Any]:
    return {
        "id": record.id, "subject": subject, "parties": list(record.parties),
        "title": record.title, "status": record.status, "signed_on": record.signed_on,
        "record": record.record, "computed_at": now,
    }


def link_values(records: Iterable[AgreementRecord]) -> list[dict[str, Any]]:
    return [
        {"agreement_id": record.id, "claim_id": claim_id}
        for record in records
        for claim_id in dict.fromkeys(record.claim_ids)
    ]


def step_values(records: Iterable[AgreementRecord]) -> list[dict[str, Any]]:
    return [
        {
            "agreement_id": record.id, "seq": seq, "status": step.status,
            "on_date": step.on_date, "observed_on": step.observed_on,
            "support": step.support, "claim_ids": list(step.claim_ids),
            "source_ids": list(step.source_ids),
        }
        for record in records
        for seq, step in enumerate(record.history)
    ]


def step_from_row(row: StatusHistoryRow) -> StatusStep:
    return StatusStep(
        status=row.status, on_date=row.on_date, observed_on=row.observed_on,
        support=row.support, claim_ids=list(row.claim_ids), source_ids=list(row.source_ids),
    )
