"""The store's derived half: agreement records, their claim links and status history,
and the reconciliation state they are updated from. Mixed into ``Store``.

A subject's records are either replaced wholesale (a full rebuild) or updated in place
from its new claims: the agreement rows are rewritten, only the new claims' links are
added, and the state is saved with the creation time of the newest claim it holds. Either
way, what the write changes in the records is logged in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from pactwatch.changes import diff
from pactwatch.records import AgreementRecord, Claim
from pactwatch.store.changes import write_changes
from pactwatch.store.models import (
    Agreement,
    AgreementClaim,
    ClaimRow,
    Decision,
    ReconcileState,
    StatusHistoryRow,
)
from pactwatch.store.rows import (
    agreement_values,
    claim_from_row,
    link_values,
    normal_subject,
    step_values,
)


@dataclass(frozen=True)
class SavedState:
    """A subject's stored reconciliation state and the newest claim time it holds."""

    state: dict[str, Any]
    watermark: datetime | None
    computed_at: datetime


class DerivedRecords:
    """Methods of ``Store`` over the derived tables (its sessions come from ``Store``)."""

    _reading: Callable[[], AbstractContextManager[Session]]
    _writing: Callable[[], AbstractContextManager[tuple[Session, datetime]]]
    _claim_query: Callable[[str | None, Iterable[str] | None], Any]

    def subject_claims(self, subject: str, after: datetime | None = None
                       ) -> tuple[list[Claim], datetime | None, bool]:
        """A subject's live claims (those created after ``after``, when given) in
        canonical order, the creation time of the newest, and whether any of its claims
        was soft-deleted after ``after`` (which a fold cannot undo)."""
        key = normal_subject(subject)
        query = self._claim_query(key, None)
        deleted = select(func.count(ClaimRow.id)).where(ClaimRow.subject == key,
                                                        ClaimRow.deleted_at.is_not(None))
        if after is not None:
            query = query.where(ClaimRow.created_at > after)
            deleted = deleted.where(ClaimRow.deleted_at > after)
        with self._reading() as session:
            rows = list(session.scalars(query))
            removed = bool(session.scalar(deleted)) if after is not None else False
            claims = [claim_from_row(row) for row in rows]
            newest = max((row.created_at for row in rows), default=None)
        return claims, newest, removed

    def agreements_of_claim(self, claim_id: str) -> list[str]:
        """The ids of the agreements a claim is linked to."""
        query = select(AgreementClaim.agreement_id).where(AgreementClaim.claim_id == claim_id)
        with self._reading() as session:
            return sorted(session.scalars(query))

    def saved_state(self, subject: str) -> SavedState | None:
        query = select(ReconcileState).where(ReconcileState.subject == normal_subject(subject))
        with self._reading() as session:
            row = session.scalars(query).first()
            return SavedState(row.state, row.watermark, row.computed_at) if row else None

    def stale_subjects(self) -> list[str]:
        """Subjects whose records or reconciliation state are older than their claims or
        decisions, or missing, or left without any live claim. A soft deletion counts as
        a change."""
        live = func.count(ClaimRow.id).filter(ClaimRow.deleted_at.is_(None))
        claims_query = select(
            ClaimRow.subject, func.max(ClaimRow.created_at), func.max(ClaimRow.deleted_at), live
        ).group_by(ClaimRow.subject)
        computed_query = select(Agreement.subject, func.max(Agreement.computed_at)).group_by(
            Agreement.subject
        )
        states_query = select(ReconcileState.subject, ReconcileState.computed_at)
        decided_query = select(Decision.subject, func.max(Decision.created_at)).group_by(
            Decision.subject)
        with self._reading() as session:
            changes = session.execute(claims_query).all()
            computed = dict(session.execute(computed_query).all())
            for subject, at in session.execute(states_query).all():
                computed[subject] = max(computed.get(subject, at), at)
            decided = dict(session.execute(decided_query).all())
        # A subject with records is stale unless its live claims are all older; one
        # left without live claims is stale until a rebuild removes its records.
        stale: set[str] = set(computed)
        for subject, created, deleted, live_count in changes:
            if not live_count:
                continue
            newest = max(d for d in (created, deleted, decided.get(subject)) if d is not None)
            if subject in computed and newest <= computed[subject]:
                stale.discard(subject)
            else:
                stale.add(subject)
        return sorted(stale)

    def replace_agreements(self, subject: str, records: Sequence[AgreementRecord],
                           state: dict[str, Any] | None = None,
                           watermark: datetime | None = None) -> None:
        """Swap in the agreements a full rebuild computed for ``subject``, with the
        state it built them from (without one, the next run rebuilds again)."""
        key = _checked(subject, records)
        with self._writing() as (session, now):
            computed_at = _computed_at(session, key, now)
            write_changes(session, now, diff(key, _stored_records(session, key), records))
            session.execute(delete(Agreement).where(Agreement.subject == key))
            _save_state(session, key, state, watermark, computed_at)
            if not records:
                return
            rows = [agreement_values(record, key, computed_at) for record in records]
            session.execute(insert(Agreement), rows)
            links = link_values(records)
            if links:
                session.execute(insert(AgreementClaim), links)
            _insert_steps(session, records)

    def update_agreements(self, subject: str, records: Sequence[AgreementRecord],
                          new_claims: Collection[str], state: dict[str, Any],
                          watermark: datetime | None) -> bool:
        """Rewrites the subject's agreement rows in place and links only its new
        claims. False, writing nothing, when the records are not the stored ones (an
        id appeared or went): the caller then replaces them."""
        key = _checked(subject, records)
        wanted = {record.id for record in records}
        with self._writing() as (session, now):
            stored = _stored_records(session, key)
            if set(stored) != wanted:
                return False
            computed_at = _computed_at(session, key, now)
            write_changes(session, now, diff(key, stored, records, new_claims))
            for record in records:
                values = agreement_values(record, key, computed_at)
                session.execute(update(Agreement).where(Agreement.id == record.id)
                                .values({k: v for k, v in values.items() if k != "id"}))
            links = [{"agreement_id": record.id, "claim_id": claim_id}
                     for record in records for claim_id in _new_ids(record, new_claims)]
            if links:
                session.execute(insert(AgreementClaim), links)
            session.execute(delete(StatusHistoryRow).where(StatusHistoryRow.agreement_id
                                                           .in_(wanted)))
            _insert_steps(session, records)
            _save_state(session, key, state, watermark, computed_at)
        return True


def _checked(subject: str, records: Sequence[AgreementRecord]) -> str:
    key = normal_subject(subject)
    for record in records:
        if normal_subject(record.subject) != key:
            raise ValueError(f"agreement {record.id} is about {record.subject}, not {key}")
    return key


def _stored_records(session: Session, key: str) -> dict[str, dict[str, Any]]:
    """The subject's stored record JSON by agreement id: what a write changes."""
    query = select(Agreement.id, Agreement.record).where(Agreement.subject == key)
    return dict(session.execute(query).all())


def _computed_at(session: Session, key: str, now: datetime) -> datetime:
    """Never earlier than a claim it was computed from, even with a skewed clock."""
    newest = session.scalar(select(func.max(ClaimRow.created_at)).where(ClaimRow.subject == key))
    return max(now, newest) if newest is not None else now


def _new_ids(record: AgreementRecord, new_claims: Collection[str]) -> Iterator[str]:
    return (claim_id for claim_id in dict.fromkeys(record.claim_ids) if claim_id in new_claims)


def _insert_steps(session: Session, records: Sequence[AgreementRecord]) -> None:
    steps = step_values(records)
    if steps:
        session.execute(insert(StatusHistoryRow), steps)


def _save_state(session: Session, key: str, state: dict[str, Any] | None,
                watermark: datetime | None, computed_at: datetime) -> None:
    session.execute(delete(ReconcileState).where(ReconcileState.subject == key))
    if state is not None:
        session.execute(insert(ReconcileState), [{
            "subject": key, "state": state, "watermark": watermark,
            "computed_at": computed_at}])
