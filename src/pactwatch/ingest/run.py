"""Ingest: read each input, extract its claims, store the document with its claims in
one transaction, then reconcile the agreements the batch touched.

A bad input gets one coded line and the batch goes on; nothing already stored is
touched. Re-running the same command after a crash skips what is stored and finishes
the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from pactwatch import EXTRACTOR_VERSION
from pactwatch.errors import PactwatchError
from pactwatch.ingest import near_duplicates
from pactwatch.ingest.discover import Input, discover
from pactwatch.nlp.extract import speaks_of_security_agreement
from pactwatch.nlp.pipeline import extract
from pactwatch.reconcile.run import reconcile
from pactwatch.records import Claim, DocumentMeta, RawDocument
from pactwatch.store.repository import Store


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)  # document ids
    duplicates: list[str] = field(default_factory=list)  # sources already stored
    failures: list[PactwatchError] = field(default_factory=list)
    claims: int = 0
    words: int = 0
    reconciled: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "failed": [{"input": e.subject, "code": e.code, "reason": e.reason}
                       for e in self.failures],
            "claims": self.claims,
            "reconciled": self.reconciled,
        }


def ingest(store: Store, paths: list[str], override: DocumentMeta = DocumentMeta(),
           on_error: Callable[[PactwatchError], None] | None = None,
           progress: bool | None = None, jobs: int = 1) -> IngestReport:
    """Ingest the inputs; with ``jobs`` > 1, extraction runs in a pool of worker
    processes while this process reads, stores and reconciles, in input order."""
    report = IngestReport()
    inputs = list(discover(paths))
    show = sys.stderr.isatty() if progress is None else progress
    with _progress(show, len(inputs)) as advance:
        if jobs <= 1:
            for item in inputs:
                _ingest_one(store, item, override, report, on_error)
                advance()
        else:
            _ingest_parallel(store, inputs, override, report, on_error, jobs, advance)
    report.reconciled = reconcile(store)
    return report


def _ingest_parallel(store: Store, inputs: list[Input], override: DocumentMeta,
                     report: IngestReport,
                     on_error: Callable[[PactwatchError], None] | None, jobs: int,
                     advance: Callable[[], None]) -> None:
    """Reads here, extracts in the pool a window of documents at a time (so memory
    stays bounded whatever the corpus size), stores in input order."""
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for start in range(0, len(inputs), window):
            pending: list[tuple[RawDocument | None, Future[list[Claim]] | None]] = []
            for item in inputs[start:start + window]:
                try:
                    raw = item.read(override)
                except PactwatchError as exc:
                    _fail(report, exc, on_error)
                    pending.append((None, None))
                    continue
                fresh = not store.has_document(raw.doc_id)
                pending.append((raw, pool.submit(extract, raw) if fresh else None))
            for document, future in pending:
                if document is not None:
                    try:
                        store_raw(store, document, report,
                                  future.result() if future is not None else None)
                    except PactwatchError as exc:
                        _fail(report, exc, on_error)
                advance()


def _fail(report: IngestReport, exc: PactwatchError,
          on_error: Callable[[PactwatchError], None] | None) -> None:
    report.failures.append(exc)
    if on_error:
        on_error(exc)



def _ingest_one(store: Store, item: Input, override: DocumentMeta, report: IngestReport,
                on_error: Callable[[PactwatchError], None] | None) -> None:
    try:
        store_raw(store, item.read(override), report)
    except PactwatchError as exc:
        report.failures.append(exc)
        if on_error:
            on_error(exc)


def store_raw(store: Store, raw: RawDocument, report: IngestReport,
              claims: list[Claim] | None = None) -> None:
    """Extract one read document and store it with its claims (once per content). A
    document that never speaks of a security agreement is stored as irrelevant, with no
    claims and without a parse, so a re-run skips it like any stored document."""
    if store.has_document(raw.doc_id):
        report.duplicates.append(raw.source)
        return
    relevant = speaks_of_security_agreement(raw.text)
    if claims is None:
        claims = extract(raw)  # none, and no parse, for an irrelevant text
    keys = near_duplicates.bands(raw.text)
    original = _original(store, raw, keys)
    if original is not None:
        claims = near_duplicates.as_copy(claims, raw, near_duplicates.origin_for_copy(original))
    if store.add_document(raw, claims, extractor_version=EXTRACTOR_VERSION, bands=keys,
                          near_duplicate_of=original["id"] if original else None,
                          relevant=relevant):
        report.stored.append(raw.doc_id)
        report.claims += len(claims)
        report.words += raw.word_count
    else:
        report.duplicates.append(raw.source)


def _original(store: Store, raw: RawDocument, keys: list[str]) -> dict[str, Any] | None:
    """The stored document ``raw`` rewrites, followed to the first of a chain of copies."""
    found = near_duplicates.original_of(raw.text, store.sharing_bands(keys))
    if found is not None and found.get("near_duplicate_of"):
        return store.document(found["near_duplicate_of"]) or found
    return found


class _progress:
    """A rich progress bar on a terminal, nothing otherwise."""

    def __init__(self, show: bool, total: int) -> None:
        self.bar = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                            transient=True) if show else None
        self.total = total

    def __enter__(self) -> Callable[[], None]:
        if self.bar is None:
            return lambda: None
        self.bar.start()
        task = self.bar.add_task("ingest", total=self.total)
        bar = self.bar
        return lambda: bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

