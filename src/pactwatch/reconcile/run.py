"""Brings the derived agreement records of stale subjects up to date.

Staleness is read from the store (claims newer than their records), so a run
interrupted between storing documents and reconciling is repaired by the next run. A
subject with a stored state is updated from its new claims alone, so the cost of a run
follows what it ingested, not how much the store holds. It is rebuilt from all its
claims and the analysts' decisions when there is no state, when one of its claims was
soft-deleted or a decision was made since (a fold cannot take a claim out), when new
signing dates split it into agreements differently, or when asked (``full``).
"""

from __future__ import annotations

from pactwatch.reconcile.build import SubjectState
from pactwatch.store.repository import Store


def reconcile(store: Store, subjects: list[str] | None = None, full: bool = False
              ) -> list[str]:
    """Updates the records of stale subjects, or of the given ones; with ``full``,
    rebuilds them (by default, every subject). Returns the subjects it reconciled."""
    todo = subjects if subjects is not None else store.stale_subjects()
    if full and subjects is None:
        todo = sorted(set(todo) | set(store.subjects()))
    for subject in todo:
        if full or not update(store, subject):
            rebuild(store, subject)
    return todo


def rebuild(store: Store, subject: str) -> None:
    """The subject's records from every live claim it has, and the state they came from."""
    claims, newest, _ = store.subject_claims(subject)
    docs = {d["id"]: d for d in store.documents({c.doc_id for c in claims})}
    if not claims:
        store.replace_agreements(subject, [])
        return
    state = SubjectState.build(claims, docs, store.claim_decisions(subject))
    store.replace_agreements(subject, state.records(subject), state.to_json(), newest)


def update(store: Store, subject: str) -> bool:
    """Folds the claims stored since the subject's state into it; False when the subject
    must be rebuilt instead."""
    saved = store.saved_state(subject)
    if saved is None or saved.watermark is None:
        return False
    decided = store.last_decided(subject)
    if decided is not None and decided >= saved.computed_at:
        return False  # a decision since: it may take a folded claim out
    claims, newest, removed = store.subject_claims(subject, after=saved.watermark)
    if removed or not claims:
        return False
    state = SubjectState.from_json(saved.state)
    docs = {d["id"]: d for d in store.documents({c.doc_id for c in claims})}
    if not state.extend(claims, docs, store.claim_decisions(subject)):
        return False
    new = {c.claim_id for c in claims}
    return store.update_agreements(subject, state.records(subject), new, state.to_json(),
                                   newest)
