"""`pactwatch reextract`: extract the stored documents again after the rules, cue files
or the model changed, and put the new claims in place of the old ones.

The documents are read from the store (their text and metadata as ingested), extracted
by the same executors as ingest, and written a batch per transaction. Claims found again
are kept as they are; claims not found again are soft-deleted with a pointer to what
replaced them; people's claims and reference claims are never touched. A second run over
unchanged rules finds every claim again and so changes nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from pactwatch import EXTRACTOR_VERSION
from pactwatch.errors import PactwatchError, UnknownAgreement
from pactwatch.ingest.executors import Executor, Extraction, LocalExecutor
from pactwatch.ingest.run import TASK, Progress
from pactwatch.nlp.extract import speaks_of_security_agreement
from pactwatch.nlp.pipeline import ExtractionFailure
from pactwatch.reconcile.run import reconcile
from pactwatch.records import RawDocument
from pactwatch.store.repository import Store


@dataclass
class ReextractReport:
    documents: int = 0
    added: int = 0
    superseded: int = 0
    kept: int = 0
    reconciled: list[str] = field(default_factory=list)
    failures: list[PactwatchError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.superseded)

    def to_json(self) -> dict[str, object]:
        return {"documents": self.documents, "added": self.added,
                "superseded": self.superseded, "kept": self.kept,
                "reconciled": self.reconciled,
                "failed": [{"input": e.subject, "code": e.code, "reason": e.reason}
                           for e in self.failures]}


def reextract(store: Store, agreement_id: str | None = None,
              executor: Executor | None = None, progress: bool | None = None,
              on_error: Callable[[PactwatchError], None] | None = None) -> ReextractReport:
    """Re-extracts every stored document, or those about one agreement."""
    subject = None
    if agreement_id is not None:
        record = store.agreement(agreement_id)
        if record is None:
            raise UnknownAgreement(agreement_id, "no such agreement")
        subject = "-".join(record["parties"])
    ids = store.document_ids(subject)
    report = ReextractReport()
    runner = executor or LocalExecutor()
    in_flight: deque[tuple[list[RawDocument], list[bool], Extraction | None]] = deque()
    try:
        with Progress(progress, "re-extracting", total=len(ids)) as advance:
            for start in range(0, len(ids), TASK):
                raws = [raw for raw in (store.stored_raw(i) for i in ids[start:start + TASK])
                        if raw is not None]
                relevant = [speaks_of_security_agreement(raw.text) for raw in raws]
                wanted = [raw for raw, rel in zip(raws, relevant, strict=True) if rel]
                in_flight.append((raws, relevant, runner.submit(wanted) if wanted else None))
                while len(in_flight) > 2 * runner.workers:
                    advance(_write(store, *in_flight.popleft(), report, on_error))
            while in_flight:
                advance(_write(store, *in_flight.popleft(), report, on_error))
    finally:
        if executor is None:
            runner.close()
    report.reconciled = reconcile(store)
    return report


def _write(store: Store, raws: list[RawDocument], relevant: list[bool],
           extraction: Extraction | None, report: ReextractReport,
           on_error: Callable[[PactwatchError], None] | None) -> int:
    found = iter(extraction.result() if extraction is not None else [])
    with store.writing_batch() as batch:
        for raw, rel in zip(raws, relevant, strict=True):
            claims = next(found) if rel else []
            if isinstance(claims, ExtractionFailure):  # its stored claims stay as they are
                report.failures.append(claims.error(raw.source))
                if on_error:
                    on_error(report.failures[-1])
                continue
            done = batch.replace_extracted(raw.doc_id, claims, relevant=rel,
                                           extractor_version=EXTRACTOR_VERSION)
            report.documents += 1
            report.added += done.added
            report.superseded += done.superseded
            report.kept += done.kept
    return len(raws)
