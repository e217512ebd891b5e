"""What pactwatch finds in one document on its own: its claims and the agreement
records reconciliation builds from them, with no store and no other documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactwatch.ingest.discover import Input
from pactwatch.nlp.pipeline import extract
from pactwatch.reconcile.build import build_agreements
from pactwatch.records import Claim, DocumentMeta, RawDocument, subject_key


@dataclass
class Prediction:
    raw: RawDocument
    claims: list[Claim]
    records: list[dict[str, Any]]

    def by_parties(self) -> dict[str, dict[str, Any]]:
        """One record per party set (the earliest when a document spans several)."""
        out: dict[str, dict[str, Any]] = {}
        for record in self.records:
            out.setdefault("-".join(record["parties"]), record)
        return out

    def claims_of(self, record: dict[str, Any]) -> list[Claim]:
        ids = set(record["claim_ids"])
        return [c for c in self.claims if c.claim_id in ids]


def predict(path: Path, meta: DocumentMeta | None = None, model: bool | None = None) -> Prediction:
    raw = Input(str(path), path).read(meta or DocumentMeta())
    claims = extract(raw, model=model)
    doc = {"id": raw.doc_id, "outlet": raw.meta.outlet, "title": raw.meta.title,
           "url": raw.meta.url, "published": raw.meta.published}
    by_subject: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_subject[subject_key(claim.subject)].append(claim)
    records = []
    for subject in sorted(by_subject):
        for built in build_agreements(subject, by_subject[subject], {raw.doc_id: doc}):
            records.append({**built.record, "claim_ids": built.claim_ids})
    return Prediction(raw, claims, records)
