"""Ingest: read each input, extract its claims, store documents with their claims a
segment per transaction, then reconcile the agreements the run touched.

A bad input gets one coded line and the batch goes on, whether it fails to be read, to
be extracted (the rest of its task and segment are still stored) or to be written;
nothing already stored is touched. Re-running the same command after a crash skips what
is stored and finishes the rest.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from rich.progress import BarColumn, TextColumn
from rich.progress import Progress as RichProgress
from sqlalchemy import exc

from pactwatch import EXTRACTOR_VERSION
from pactwatch.errors import DatabaseError, PactwatchError
from pactwatch.ingest import near_duplicates
from pactwatch.ingest.discover import discover
from pactwatch.ingest.executors import Executor, Extraction, LocalExecutor
from pactwatch.nlp.extract import speaks_of_security_agreement
from pactwatch.nlp.pipeline import ExtractionFailure, Outcome, extract
from pactwatch.reconcile.run import reconcile
from pactwatch.records import Claim, DocumentMeta, RawDocument
from pactwatch.store.repository import DocumentBatch, Store


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


# Documents read and written together, in one transaction; their relevant documents are
# extracted in tasks of at most TASK documents, so two workers share even a short run.
SEGMENT = 16
TASK = 4


@dataclass
class _Segment:
    """Consecutive inputs: the documents read (None where reading failed), which of them
    are new and relevant (so extracted), and the handles of those extractions with the
    number of documents each holds."""

    raws: list[RawDocument | None]
    relevant: list[bool]
    extractions: list[tuple[Extraction, int]] = field(default_factory=list)

    def outcomes(self) -> Iterator[Outcome]:
        """The claims of each extracted document in order, or why it failed. A task lost
        as a whole (its worker died) is a failure of each of its documents."""
        for task, size in self.extractions:
            try:
                found = task.result()
            except Exception as error:
                found = [ExtractionFailure.of(error)] * size
            yield from found


class Readable(Protocol):
    """An input: a file or standard input (``discover.Input``), or a fetched article."""

    @property
    def source(self) -> str: ...

    def read(self, override: DocumentMeta = ...) -> RawDocument: ...


def ingest(store: Store, paths: list[str], override: DocumentMeta = DocumentMeta(),
           on_error: Callable[[PactwatchError], None] | None = None,
           progress: bool | None = None, jobs: int = 1,
           executor: Executor | None = None) -> IngestReport:
    """Ingest the files, folders and standard input that ``paths`` name."""
    return ingest_inputs(store, discover(paths), override, on_error, progress, jobs, executor)


def ingest_inputs(store: Store, inputs: Iterable[Readable],
                  override: DocumentMeta = DocumentMeta(),
                  on_error: Callable[[PactwatchError], None] | None = None,
                  progress: bool | None = None, jobs: int = 1,
                  executor: Executor | None = None) -> IngestReport:
    """Ingest the inputs, streaming: inputs are taken lazily, read and extracted a
    segment at a time with a bounded number of segments in flight, and written in input
    order, one transaction per segment, so memory does not grow with the corpus. Without
    an ``executor``, extraction runs here (``jobs`` = 1) or in ``jobs`` processes."""
    report = IngestReport()
    runner = executor or LocalExecutor(jobs)
    in_flight: deque[_Segment] = deque()
    try:
        with Progress(progress) as advance:
            for batch in _batched(iter(inputs), SEGMENT):
                in_flight.append(_dispatch(store, batch, override, runner, report, on_error))
                while len(in_flight) > 2 * runner.workers:
                    advance(_write(store, in_flight.popleft(), report, on_error))
            while in_flight:
                advance(_write(store, in_flight.popleft(), report, on_error))
    finally:
        if executor is None:
            runner.close()
    report.reconciled = reconcile(store)
    return report


def _batched(items: Iterator[Readable], size: int) -> Iterator[list[Readable]]:
    batch: list[Readable] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dispatch(store: Store, inputs: list[Readable], override: DocumentMeta, runner: Executor,
              report: IngestReport,
              on_error: Callable[[PactwatchError], None] | None) -> _Segment:
    """Reads the inputs and sends the new documents that pass the relevance pre-filter
    to be extracted; stored ones are not extracted again."""
    raws: list[RawDocument | None] = []
    for item in inputs:
        try:
            raws.append(item.read(override))
        except PactwatchError as exc:
            _fail(report, exc, on_error)
            raws.append(None)
    stored = store.stored_ids(raw.doc_id for raw in raws if raw is not None)
    relevant = [raw is not None and raw.doc_id not in stored
                and speaks_of_security_agreement(raw.text) for raw in raws]
    segment = _Segment(raws, relevant)
    wanted = [raw for raw, rel in zip(raws, relevant, strict=True) if rel and raw]
    segment.extractions = [(runner.submit(wanted[start:start + TASK]),
                            len(wanted[start:start + TASK]))
                           for start in range(0, len(wanted), TASK)]
    return segment


def _write(store: Store, segment: _Segment, report: IngestReport,
           on_error: Callable[[PactwatchError], None] | None) -> int:
    """Writes a segment in one transaction; if that fails, document by document, so one
    bad write costs one document. A document whose extraction failed gets its line and
    is not stored (a re-run tries it again). Returns how many inputs the segment held."""
    found = segment.outcomes()
    todo: list[tuple[RawDocument, bool, list[Claim]]] = []
    for raw, rel in zip(segment.raws, segment.relevant, strict=True):
        if raw is None:
            continue
        claims = next(found) if rel else []
        if isinstance(claims, ExtractionFailure):
            _fail(report, claims.error(raw.source), on_error)
        else:
            todo.append((raw, rel, claims))
    try:
        with store.writing_batch() as batch:
            outcome: list[list[Claim] | bool | None] = [_add(batch, raw, rel, claims)
                                                        for raw, rel, claims in todo]
    except (PactwatchError, exc.IntegrityError):
        outcome = []
        for raw, rel, claims in todo:
            try:
                with store.writing_batch() as batch:
                    outcome.append(_add(batch, raw, rel, claims))
            except (PactwatchError, exc.IntegrityError) as error:
                if isinstance(error, exc.IntegrityError) and store.has_document(raw.doc_id):
                    outcome.append(False)  # a concurrent writer stored it first
                    continue
                _fail(report, error if isinstance(error, PactwatchError)
                      else DatabaseError(raw.source, "could not be stored"), on_error)
                outcome.append(None)  # failed, and reported
    for (raw, _, _), added in zip(todo, outcome, strict=True):
        _count(report, raw, added)
    return len(segment.raws)


def store_raw(store: Store, raw: RawDocument, report: IngestReport,
              claims: list[Claim] | None = None) -> None:
    """Extract one read document (unless its ``claims`` are given) and store it. A
    document that never speaks of a security agreement is stored as irrelevant, with no
    claims and without a parse, so a re-run skips it like any stored document."""
    if store.has_document(raw.doc_id):
        report.duplicates.append(raw.source)
        return
    relevant = speaks_of_security_agreement(raw.text)
    if claims is None:
        claims = extract(raw) if relevant else []
    with store.writing_batch() as batch:
        added = _add(batch, raw, relevant, claims)
    _count(report, raw, added)


def _add(batch: DocumentBatch, raw: RawDocument, relevant: bool,
         claims: list[Claim]) -> list[Claim] | bool:
    """Adds one document to an open batch; returns the claims stored with it, or False
    for content stored already. A relevant document's near-duplicate bands are stored,
    and a copy's claims take its original's origin. Irrelevant documents hold no claims,
    so they are not indexed as possible originals. (Stored ids were filtered out when
    the segment was read, so the content check is left to ``add_document``.)"""
    keys = near_duplicates.bands(raw.text) if relevant else []
    original = _original(batch, raw, keys)
    if original is not None:
        claims = near_duplicates.as_copy(claims, raw,
                                         near_duplicates.origin_for_copy(original))
    added = batch.add_document(raw, claims, extractor_version=EXTRACTOR_VERSION, bands=keys,
                               near_duplicate_of=original["id"] if original else None,
                               relevant=relevant)
    return claims if added else False


def _count(report: IngestReport, raw: RawDocument, added: list[Claim] | bool | None) -> None:
    """Counts a write: the claims stored, False for a duplicate, None for a failure
    reported already."""
    if isinstance(added, list):
        report.stored.append(raw.doc_id)
        report.claims += len(added)
        report.words += raw.word_count
    elif added is False:
        report.duplicates.append(raw.source)


def _fail(report: IngestReport, error: PactwatchError,
          on_error: Callable[[PactwatchError], None] | None) -> None:
    report.failures.append(error)
    if on_error:
        on_error(error)


def _original(batch: DocumentBatch, raw: RawDocument,
              keys: list[str]) -> dict[str, Any] | None:
    """The stored document ``raw`` rewrites, followed to the first of a chain of copies."""
    found = near_duplicates.original_of(raw.text, batch.sharing_bands(keys))
    if found is not None and found.get("near_duplicate_of"):
        return batch.document(found["near_duplicate_of"]) or found
    return found


class Progress:
    """A rich progress bar on a terminal (``show`` None: when stderr is one), nothing
    otherwise. Ingest discovers its inputs as it goes, so it has no total to show."""

    def __init__(self, show: bool | None, label: str = "ingesting",
                 total: int | None = None) -> None:
        show = sys.stderr.isatty() if show is None else show
        self.total = total
        self.bar = RichProgress(TextColumn(label), BarColumn(), TextColumn("{task.completed}"),
                             transient=True) if show else None

    def __enter__(self) -> Callable[[int], None]:
        if self.bar is None:
            return lambda done: None
        self.bar.start()
        task = self.bar.add_task("run", total=self.total)
        bar = self.bar
        return lambda done: bar.advance(task, done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
