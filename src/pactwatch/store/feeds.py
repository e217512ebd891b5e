"""The store's memory of watched sources: each feed's validators, health and alert, and
each article entry a watcher has seen. Mixed into ``Store``.

Entries are claimed before they are fetched, in a write transaction (writers are
serialised on both databases), so two watchers on one database never fetch or ingest an
entry twice. A claim held by a watcher that died (same host, its process gone) or whose
lease ran out is taken over, so a watcher killed mid-round and started again resumes.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactwatch.changes import Change
from pactwatch.store.changes import write_changes
from pactwatch.store.models import Document, FeedEntry, FeedRow

CLAIMED, DONE, FAILED = "claimed", "done", "failed"
# A claim older than this is taken over even from a watcher on another host.
LEASE = timedelta(minutes=30)


class EntryLike(Protocol):
    @property
    def url(self) -> str: ...  # normalised: the key
    @property
    def link(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def published(self) -> date | None: ...


@dataclass(frozen=True)
class Pending:
    """An entry claimed for fetching: what the listing said about it."""

    url: str
    link: str
    title: str | None
    published: date | None
    feed_url: str


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None
    last_modified: str | None
    first_checked_at: datetime
    last_success_at: datetime | None
    failures: int
    newest_entry_at: datetime | None
    alert: str | None
    last_error: str | None


@dataclass(frozen=True)
class FeedCheck:
    """What one round learnt about a feed: it answered (``error`` None) with validators
    and the newest publication it lists, or it failed with ``error``."""

    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    newest_entry_at: datetime | None = None


def holder_id() -> str:
    """This watcher process, as a claim names it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_gone(holder: str | None) -> bool:
    """Whether the watcher that holds a claim is a dead process on this host."""
    host, _, pid = (holder or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class FeedRecords:
    """Methods of ``Store`` over the feed tables."""

    _reading: Callable[[], AbstractContextManager[Session]]
    _writing: Callable[[], AbstractContextManager[tuple[Session, datetime]]]

    def feed_state(self, url: str) -> FeedState | None:
        with self._reading() as session:
            row = session.get(FeedRow, url)
            return _state(row) if row is not None else None

    def feed_states(self) -> list[FeedState]:
        with self._reading() as session:
            return [_state(row) for row in session.scalars(select(FeedRow).order_by(
                FeedRow.url))]

    def record_feed(self, url: str, check: FeedCheck,
                    health: Callable[[FeedState, datetime], tuple[str | None, list[Change]]]
                    ) -> FeedState:
        """Saves a round's check of a feed; ``health`` decides, from the updated state,
        the feed's alert and the source changes it raises, stored in the same
        transaction (so an alert is raised once however the watcher is stopped)."""
        with self._writing() as (session, now):
            row = session.get(FeedRow, url)
            if row is None:
                row = FeedRow(url=url, first_checked_at=now, checked_at=now, failures=0)
                session.add(row)
            row.checked_at = now
            if check.error is None:
                row.failures, row.last_success_at = 0, now
                row.etag = check.etag or row.etag
                row.last_modified = check.last_modified or row.last_modified
                if check.newest_entry_at is not None and (
                        row.newest_entry_at is None or check.newest_entry_at > row.newest_entry_at):
                    row.newest_entry_at = check.newest_entry_at
            else:
                row.failures = (row.failures or 0) + 1
                row.last_error, row.last_error_at = check.error, now
            alert, changes = health(_state(row), now)
            row.alert = alert
            write_changes(session, now, changes)
            return _state(row)

    def claim_entries(self, feed_url: str, entries: Iterable[EntryLike], *, holder: str,
                      max_attempts: int) -> list[Pending]:
        """Claims the entries this watcher should fetch now: new ones, transient failures
        with attempts left, and claims left by a dead watcher or past their lease. An
        entry whose URL a stored document already has is marked done, not fetched."""
        wanted = {entry.url: entry for entry in entries}
        with self._writing() as (session, now):
            rows = _entry_rows(session, wanted)
            stored = _stored_urls(session, {u for e in wanted.values() for u in (e.url, e.link)})
            claimed: list[Pending] = []
            for url, entry in wanted.items():
                row = rows.get(url)
                known = stored.get(url) or stored.get(entry.link)
                if row is None:
                    row = FeedEntry(url=url, feed_url=feed_url, link=entry.link,
                                    title=entry.title, published=entry.published,
                                    state=DONE if known else CLAIMED, holder=holder,
                                    claimed_at=now, first_seen_at=now, attempts=0,
                                    document_id=known, retry=False)
                    session.add(row)
                    if not known:
                        claimed.append(_pending(row))
                elif _claimable(row, now, max_attempts):
                    if known:  # stored by a watcher that stopped before marking it
                        row.state, row.document_id, row.holder = DONE, known, None
                        continue
                    row.state, row.holder, row.claimed_at = CLAIMED, holder, now
                    claimed.append(_pending(row))
            return claimed

    def claim_retries(self, feed_url: str, *, holder: str, max_attempts: int) -> list[Pending]:
        """The feed's entries to fetch again though its listing was not read (unchanged
        since the last round): transient failures with attempts left, abandoned claims."""
        query = select(FeedEntry).where(FeedEntry.feed_url == feed_url,
                                        FeedEntry.state != DONE)
        with self._writing() as (session, now):
            claimed = []
            for row in session.scalars(query):
                if _claimable(row, now, max_attempts):
                    row.state, row.holder, row.claimed_at = CLAIMED, holder, now
                    claimed.append(_pending(row))
            return claimed

    def finish_entry(self, url: str, *, document_id: str | None = None,
                     error: str | None = None, retry: bool = False) -> None:
        """Marks a claimed entry done (with its document) or failed (``retry``: the
        failure may pass, so later rounds try again while attempts are left)."""
        with self._writing() as (session, _):
            row = session.get(FeedEntry, url)
            if row is None:
                return
            row.attempts = (row.attempts or 0) + 1
            row.holder = None
            if error is None:
                row.state, row.document_id, row.last_error, row.retry = DONE, document_id, \
                    None, False
            else:
                row.state, row.last_error, row.retry = FAILED, error, retry

    def release_entries(self, urls: Sequence[str]) -> None:
        """Gives back claims this watcher will not fetch (it was asked to stop): the
        next round, of any watcher, claims them again without counting an attempt."""
        with self._writing() as (session, _):
            for url in urls:
                row = session.get(FeedEntry, url)
                if row is not None and row.state == CLAIMED:
                    row.state, row.holder, row.retry = FAILED, None, True
                    row.last_error = "not fetched: the watcher was stopped"

    def entry_counts(self, feed_url: str | None = None) -> dict[str, int]:
        query = select(FeedEntry.state)
        if feed_url is not None:
            query = query.where(FeedEntry.feed_url == feed_url)
        counts: dict[str, int] = {}
        with self._reading() as session:
            for state in session.scalars(query):
                counts[state] = counts.get(state, 0) + 1
        return counts


def _claimable(row: FeedEntry, now: datetime, max_attempts: int) -> bool:
    if row.state == FAILED:
        return row.retry and (row.attempts or 0) < max_attempts
    if row.state == CLAIMED:
        return now - row.claimed_at > LEASE or _holder_gone(row.holder)
    return False


def _pending(row: FeedEntry) -> Pending:
    return Pending(row.url, row.link, row.title, row.published, row.feed_url)


def _entry_rows(session: Session, wanted: dict[str, EntryLike]) -> dict[str, FeedEntry]:
    rows: dict[str, FeedEntry] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), 500):
        query = select(FeedEntry).where(FeedEntry.url.in_(keys[start:start + 500]))
        rows.update({row.url: row for row in session.scalars(query)})
    return rows


def _stored_urls(session: Session, urls: Sequence[str] | set[str]) -> dict[str, str]:
    """Stored documents' ids by their URL, for the URLs given."""
    keys = sorted(urls)
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        query = select(Document.url, Document.id).where(Document.url.in_(keys[start:start + 500]))
        found.update({url: doc for url, doc in session.execute(query) if url})
    return found


def _state(row: FeedRow) -> FeedState:
    return FeedState(row.url, row.etag, row.last_modified, row.first_checked_at,
                     row.last_success_at, row.failures or 0, row.newest_entry_at, row.alert,
                     row.last_error)
