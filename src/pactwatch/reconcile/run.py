"""Recomputes the derived agreement records whose claims changed.

Staleness is read from the store (claims newer than their agreement rows), so a run
interrupted between storing documents and reconciling is repaired by the next run.
"""

from __future__ import annotations

from pactwatch.reconcile.build import build_agreements
from pactwatch.store.repository import Store


def reconcile(store: Store, subjects: list[str] | None = None) -> list[str]:
    """Rebuilds the agreements of stale subjects (or the given ones); returns them."""
    todo = subjects if subjects is not None else store.stale_subjects()
    for subject in todo:
        claims = store.claims(subject=subject)
        docs = {d["id"]: d for d in store.documents({c.doc_id for c in claims})}
        store.replace_agreements(subject, build_agreements(subject, claims, docs))
    return todo
