"""One round of watching: check every source (conditional GET), claim its new entries,
then fetch and ingest them one at a time, oldest first, through the same path as
`pactwatch ingest` (pre-filter, deduplication, extraction, reconciliation).

Each article is reconciled as soon as it is stored, so every change is logged against
the article that caused it: a pre-signing report and the signing report read in one
round give "new agreement, expected" and then "status expected → signed". A failing
source or article is one line and the round goes on; a stop request (Ctrl-C) ends the
round after the article in hand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from pactwatch.errors import AddressRefused, FeedFailed, FetchFailed, PactwatchError
from pactwatch.ingest.executors import LocalExecutor
from pactwatch.ingest.run import IngestReport, ingest_inputs
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.store.feeds import FeedCheck, Pending, holder_id
from pactwatch.store.repository import Store
from pactwatch.watch.articles import article_document
from pactwatch.watch.fetch import Fetcher
from pactwatch.watch.health import Thresholds, judge
from pactwatch.watch.listings import Entry, Listing, parse_listing
from pactwatch.watch.sources import normal_url

SITEMAP_CHILDREN = 20  # child sitemaps of an index read per round
NEW, UNCHANGED, FAILED = "new", "unchanged", "failed"


@dataclass
class SourceOutcome:
    url: str
    status: str  # new (listing read) | unchanged (304) | failed
    entries: int = 0  # entries claimed for fetching
    error: str | None = None


@dataclass
class RoundReport:
    started: datetime
    sources: list[SourceOutcome] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    failures: list[PactwatchError] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    stopped: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "started": self.started.isoformat(),
            "sources": [vars(outcome) for outcome in self.sources],
            **self.ingest.to_json(),
            "failed": [{"input": e.subject, "code": e.code, "reason": e.reason}
                       for e in self.failures],
            "changes": self.changes,
            "stopped": self.stopped,
        }


class ArticleInput:
    """A claimed entry as an ingest input: reading it fetches the article. It remembers
    what became of it (the document, or the error) for the entry's bookkeeping."""

    def __init__(self, pending: Pending, fetcher: Fetcher, feed_title: str | None) -> None:
        self.pending = pending
        self.fetcher = fetcher
        self.feed_title = feed_title
        self.doc_id: str | None = None
        self.error: PactwatchError | None = None

    @property
    def source(self) -> str:
        return self.pending.link

    def read(self, override: DocumentMeta = DocumentMeta()) -> RawDocument:
        entry = Entry(self.pending.url, self.pending.link, self.pending.title,
                      self.pending.published, None)
        try:
            response = self.fetcher.get(self.pending.link)
            raw = article_document(normal_url(response.url), response.body,
                                   response.content_type, entry, self.feed_title)
        except PactwatchError as error:
            self.error = error
            raise
        self.doc_id = raw.doc_id
        return raw


class Watcher:
    """Rounds over a list of sources, with one fetcher and one store."""

    def __init__(self, store: Store, fetcher: Fetcher, thresholds: Thresholds = Thresholds(),
                 on_error: Callable[[PactwatchError], None] | None = None,
                 stop: threading.Event | None = None, max_attempts: int = 3) -> None:
        self.store = store
        self.fetcher = fetcher
        self.thresholds = thresholds
        self.on_error = on_error
        self.stop = stop or threading.Event()
        self.max_attempts = max_attempts
        self.holder = holder_id()

    def round(self, sources: list[str]) -> RoundReport:
        report = RoundReport(datetime.now(UTC))
        first_change = self.store.last_change_id()
        pending: list[tuple[Pending, str | None]] = []
        for url in sources:
            if self.stop.is_set():
                break
            self._check(url, report, pending, depth=0)
        runner = LocalExecutor(1)
        try:
            self._ingest(_oldest_first(pending), report, runner)
        finally:
            runner.close()
        report.stopped = self.stop.is_set()
        report.changes = self.store.changes(after=first_change)
        return report

    def _check(self, url: str, report: RoundReport,
               pending: list[tuple[Pending, str | None]], depth: int) -> None:
        """Reads one source's listing (unless unchanged) and claims its new entries."""
        state = self.store.feed_state(url)
        try:
            response = self.fetcher.get(url, etag=state.etag if state else None,
                                        last_modified=state.last_modified if state else None)
            listing = None if response.not_modified else parse_listing(
                response.url, response.body, response.content_type)
        except (FetchFailed, AddressRefused, FeedFailed) as error:
            failure = error if isinstance(error, FeedFailed | AddressRefused) \
                else FeedFailed(url, error.reason)
            self._failed(report, failure)
            self.store.record_feed(url, FeedCheck(error=failure.reason), self._health)
            report.sources.append(SourceOutcome(url, FAILED, error=failure.reason))
            return
        fresh = [] if listing is None else self.store.claim_entries(
            url, listing.entries, holder=self.holder, max_attempts=self.max_attempts)
        claimed = fresh + self.store.claim_retries(url, holder=self.holder,
                                                   max_attempts=self.max_attempts)
        title = listing.title if listing else None
        pending.extend((entry, title) for entry in claimed)
        check = FeedCheck(etag=response.etag, last_modified=response.last_modified,
                          newest_entry_at=_newest(listing, bool(fresh)))
        self.store.record_feed(url, check, self._health)
        report.sources.append(SourceOutcome(url, UNCHANGED if listing is None else NEW,
                                            len(claimed)))
        if listing is not None and listing.kind == "sitemapindex" and depth == 0:
            for child in listing.sitemaps[:SITEMAP_CHILDREN]:
                if not self.stop.is_set():
                    self._check(child, report, pending, depth + 1)

    def _ingest(self, pending: list[tuple[Pending, str | None]], report: RoundReport,
                runner: LocalExecutor) -> None:
        """Fetches and ingests the claimed entries one at a time, each reconciled at
        once; on a stop request the entries not yet fetched are released for the next
        round."""
        for position, (entry, title) in enumerate(pending):
            if self.stop.is_set():
                self.store.release_entries([e.url for e, _ in pending[position:]])
                return
            item = ArticleInput(entry, self.fetcher, title)
            found = ingest_inputs(self.store, [item], on_error=self.on_error, progress=False,
                                  executor=runner)
            _merge(report.ingest, found)
            report.failures.extend(found.failures)
            self._finish(item)

    def _finish(self, item: ArticleInput) -> None:
        url = item.pending.url
        if item.error is not None:
            self.store.finish_entry(url, error=item.error.reason,
                                    retry=item.error.transient)
        elif item.doc_id is not None and self.store.has_document(item.doc_id):
            self.store.finish_entry(url, document_id=item.doc_id)
        else:  # read, but its extraction or its write failed (reported already)
            self.store.finish_entry(url, error="not stored", retry=True)

    def _health(self, state: Any, now: datetime) -> Any:
        return judge(self.thresholds, state, now)

    def _failed(self, report: RoundReport, error: PactwatchError) -> None:
        report.failures.append(error)
        if self.on_error:
            self.on_error(error)


def _oldest_first(pending: list[tuple[Pending, str | None]]
                  ) -> list[tuple[Pending, str | None]]:
    """Entries by publication date, oldest first; undated ones last, in reverse listing
    order (listings put the newest first)."""
    order = sorted(enumerate(pending), key=lambda item: (
        item[1][0].published is None, item[1][0].published or date.max, -item[0]))
    return [item for _, item in order]


def _newest(listing: Listing | None, claimed_any: bool) -> datetime | None:
    """When the source last published, as far as this round shows: its newest dated
    entry, else now if it listed an entry never seen before."""
    if listing is None:
        return None
    dates = [entry.published for entry in listing.entries if entry.published]
    if dates:
        return datetime.combine(max(dates), time(), tzinfo=UTC)
    return datetime.now(UTC) if claimed_any else None


def _merge(total: IngestReport, part: IngestReport) -> None:
    total.stored.extend(part.stored)
    total.duplicates.extend(part.duplicates)
    total.claims += part.claims
    total.words += part.words
    total.reconciled = sorted(set(total.reconciled) | set(part.reconciled))
