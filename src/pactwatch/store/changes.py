"""The store's log of changes: written in the transaction that writes the records they
describe (so a change is never recorded for a write that did not happen), read in id
order by the CLI, the API, the Atom feed and the webhooks. Mixed into ``Store``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pactwatch.changes import Change
from pactwatch.store.models import ChangeRow, ClaimRow, WebhookCursor


def write_changes(session: Session, now: datetime, changes: Sequence[Change]) -> None:
    """Adds ``changes`` in an open write transaction, each with the documents of the
    claims behind it."""
    if not changes:
        return
    wanted = {claim for change in changes for claim in change.claim_ids}
    documents: dict[str, str] = {}
    for chunk in _chunks(sorted(wanted), 500):
        query = select(ClaimRow.id, ClaimRow.document_id).where(ClaimRow.id.in_(chunk))
        documents.update(session.execute(query).all())
    rows = []
    for change in changes:
        values = change.values()
        found = {documents[c] for c in change.claim_ids if c in documents}
        values["document_ids"] = sorted(found | set(change.document_ids))
        rows.append({**values, "created_at": now})
    session.execute(insert(ChangeRow), rows)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def change_json(row: ChangeRow) -> dict[str, Any]:
    return {"id": row.id, "time": row.created_at.isoformat(), "kind": row.kind,
            "agreement": row.agreement_id, "subject": row.subject, "field": row.field,
            "old": row.old_value, "new": row.new_value, "claims": list(row.claim_ids),
            "documents": list(row.document_ids), "source": row.source}


class ChangeRecords:
    """Methods of ``Store`` over the ``changes`` table and the webhook cursors."""

    _reading: Callable[[], AbstractContextManager[Session]]
    _writing: Callable[[], AbstractContextManager[tuple[Session, datetime]]]

    def add_changes(self, changes: Sequence[Change]) -> None:
        """Records changes that no record write carries (a watched source's own)."""
        with self._writing() as (session, now):
            write_changes(session, now, changes)

    def changes(self, since: datetime | None = None, agreement: str | None = None,
                after: int | None = None, limit: int | None = None,
                newest_first: bool = False, offset: int = 0) -> list[dict[str, Any]]:
        """Changes in the order they were made (or newest first): those made at or after
        ``since``, about ``agreement`` (any case), with an id above ``after``; at most
        ``limit``, skipping the first ``offset``."""
        query = select(ChangeRow)
        if since is not None:
            query = query.where(ChangeRow.created_at >= since)
        if agreement is not None:
            query = query.where(func.lower(ChangeRow.agreement_id) == agreement.lower())
        if after is not None:
            query = query.where(ChangeRow.id > after)
        query = query.order_by(ChangeRow.id.desc() if newest_first else ChangeRow.id)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._reading() as session:
            return [change_json(row) for row in session.scalars(query)]

    def count_changes(self, since: datetime | None = None,
                      agreement: str | None = None) -> int:
        query = select(func.count(ChangeRow.id))
        if since is not None:
            query = query.where(ChangeRow.created_at >= since)
        if agreement is not None:
            query = query.where(func.lower(ChangeRow.agreement_id) == agreement.lower())
        with self._reading() as session:
            return int(session.scalar(query) or 0)

    def last_change_id(self) -> int:
        with self._reading() as session:
            return int(session.scalar(select(func.max(ChangeRow.id))) or 0)

    def webhook_cursor(self, url: str) -> int:
        """The last change delivered to ``url``; a webhook seen for the first time starts
        at the newest change (it gets what happens from now on, not the whole log)."""
        with self._writing() as (session, now):
            row = session.get(WebhookCursor, url)
            if row is not None:
                return row.last_change_id
            last = int(session.scalar(select(func.max(ChangeRow.id))) or 0)
            session.add(WebhookCursor(url=url, last_change_id=last, updated_at=now))
            return last

    def advance_webhook(self, url: str, change_id: int) -> None:
        with self._writing() as (session, now):
            row = session.get(WebhookCursor, url)
            if row is None:
                session.add(WebhookCursor(url=url, last_change_id=change_id, updated_at=now))
            elif change_id > row.last_change_id:
                row.last_change_id = change_id
                row.updated_at = now
