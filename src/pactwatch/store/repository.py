"""The store: documents and their claims in, claims and derived agreements out.

Callers get plain values (``records.Claim``, ``StatusStep``, dicts); no ORM object
leaves this module, so nothing outside it depends on a session being open.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import exc, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pactwatch.errors import DatabaseError
from pactwatch.ingest import near_duplicates
from pactwatch.records import (
    Claim,
    DocumentMeta,
    RawDocument,
    StatusStep,
    subject_key,
)
from pactwatch.store.changes import ChangeRecords
from pactwatch.store.db import (
    WRITE,
    create_engine_for,
    database_errors,
    database_url,
    describe,
    upgrade,
)
from pactwatch.store.decisions import ANALYST_DOCUMENT, DecisionRecords
from pactwatch.store.derived import DerivedRecords
from pactwatch.store.feeds import FeedRecords
from pactwatch.store.models import (
    Agreement,
    AgreementClaim,
    ClaimRow,
    Document,
    DocumentBand,
    ReconcileState,
    StatusHistoryRow,
)
from pactwatch.store.rows import (
    claim_dict,
    claim_from_row,
    claim_values,
    document_values,
    normal_subject,
    step_from_row,
    unique_claims,
)

# The author of machine-extracted claims; re-extraction touches only these.
EXTRACTOR = "extractor"


@dataclass(frozen=True)
class Reextracted:
    """What re-extracting one document changed."""

    added: int
    superseded: int
    kept: int


# The advisory lock that serialises writers on PostgreSQL (any constant will do).
_WRITER_LOCK = 720_1001

_DOCUMENT_FIELDS = (
    "id", "source", "fmt", "outlet", "title", "url", "published", "lang", "word_count",
    "relevant", "extractor_version", "ingested_at", "near_duplicate_of",
)


class Store(DerivedRecords, DecisionRecords, ChangeRecords, FeedRecords):
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.name = describe(engine.url)

    @classmethod
    def open(cls, db: str) -> Store:
        """Open (creating it if needed) and migrate the database ``db``: a URL or a path."""
        url = database_url(db)
        engine = create_engine_for(url)
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with database_errors(self.name), Session(self.engine) as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[tuple[Session, datetime]]:
        """A write transaction and its timestamp, taken once the write lock is held."""
        with (
            database_errors(self.name),
            Session(self.engine) as session,
            session.begin(),
        ):
            session.connection(execution_options={WRITE: True})
            if self.engine.dialect.name == "postgresql":
                # One writer at a time, as SQLite's BEGIN IMMEDIATE gives: two processes
                # reconciling one agreement must not both delete-then-insert its rows.
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": _WRITER_LOCK})
            yield session, datetime.now(UTC)

    # Documents and claims

    def has_document(self, doc_id: str) -> bool:
        with self._reading() as session:
            return session.get(Document, doc_id) is not None

    def stored_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored (one query)."""
        wanted = list(doc_ids)
        if not wanted:
            return set()
        with self._reading() as session:
            return set(session.scalars(select(Document.id).where(Document.id.in_(wanted))))

    @contextmanager
    def writing_batch(self) -> Iterator[DocumentBatch]:
        """One write transaction for many documents: all of them are stored, or none."""
        with self._writing() as (session, now):
            yield DocumentBatch(session, now)

    def add_document(
        self,
        raw: RawDocument,
        claims: Sequence[Claim],
        *,
        relevant: bool = True,
        extractor_version: str,
        bands: Sequence[str] = (),
        near_duplicate_of: str | None = None,
    ) -> bool:
        """Store a document, its near-duplicate bands and its claims in one transaction;
        False if its content is stored already (nothing is written then)."""
        try:
            with self.writing_batch() as batch:
                return batch.add_document(raw, claims, relevant=relevant,
                                          extractor_version=extractor_version, bands=bands,
                                          near_duplicate_of=near_duplicate_of)
        except exc.IntegrityError:
            # Another writer stored the same content in between (possible where the
            # database does not serialise writers, i.e. not SQLite).
            with self._reading() as session:
                if _content_stored(session, raw.content_hash):
                    return False
            raise

    def add_claims(self, claims: Sequence[Claim], *, author: str) -> int:
        """Add claims (analysts', reference) to stored documents; known ids are skipped,
        soft-deleted ones included, so a removed claim does not come back."""
        unique = unique_claims(claims)
        if not unique:
            return 0
        with self._writing() as (session, now):
            known = set(session.scalars(select(ClaimRow.id).where(ClaimRow.id.in_(unique))))
            new = [claim for claim_id, claim in unique.items() if claim_id not in known]
            wanted = {claim.doc_id for claim in new}
            stored = set(session.scalars(select(Document.id).where(Document.id.in_(wanted))))
            missing = sorted(wanted - stored)
            if missing:
                raise DatabaseError(f"document {missing[0]}",
                                    "not stored; add the document before claims about it")
            if new:
                stamp = _after_agreements(session, new, now)
                session.execute(insert(ClaimRow), [claim_values(c, author, stamp) for c in new])
        return len(new)

    def sharing_bands(self, bands: Sequence[str]) -> list[dict[str, Any]]:
        """Stored documents sharing a near-duplicate band, earliest ingested first, with
        their text."""
        with self._reading() as session:
            return _sharing_bands(session, bands)

    def search(self, text: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
        """Documents (title or text) and claims (evidence sentence) containing ``text``,
        case-insensitive; the pattern is a bound parameter, never part of the SQL."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        columns = [getattr(Document, name) for name in _DOCUMENT_FIELDS]
        docs = select(*columns).where(
            Document.title.ilike(pattern, escape="\\") | Document.text.ilike(pattern, escape="\\")
        ).order_by(Document.published.asc().nulls_last(), Document.id).limit(limit)
        claims = select(ClaimRow).where(ClaimRow.deleted_at.is_(None),
                                        ClaimRow.text.ilike(pattern, escape="\\")
                                        ).order_by(ClaimRow.id).limit(limit)
        with self._reading() as session:
            return {"documents": [dict(r._mapping) for r in session.execute(docs)],
                    "claims": [claim_dict(r) for r in session.scalars(claims)]}

    def documents(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        columns = [getattr(Document, name) for name in _DOCUMENT_FIELDS]
        query = select(*columns).order_by(Document.published.asc().nulls_last(), Document.id)
        if ids is not None:
            query = query.where(Document.id.in_(list(ids)))
        with self._reading() as session:
            return [dict(row._mapping) for row in session.execute(query)]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self._reading() as session:
            return _document(session, doc_id)

    def document_ids(self, subject: str | None = None) -> list[str]:
        """Stored documents in the order they were ingested (not the records of
        analysts' corrections); with ``subject``, those with extractor claims about it
        (live or superseded)."""
        query = select(Document.id).where(Document.extractor_version != ANALYST_DOCUMENT) \
            .order_by(Document.ingested_at, Document.id)
        if subject is not None:
            about = select(ClaimRow.document_id).where(
                ClaimRow.subject == normal_subject(subject), ClaimRow.author == EXTRACTOR)
            query = query.where(Document.id.in_(about))
        with self._reading() as session:
            return list(session.scalars(query))

    def stored_raw(self, doc_id: str) -> RawDocument | None:
        """A stored document as it was read at ingest, for extracting it again."""
        row = self.document(doc_id)
        if row is None:
            return None
        meta = DocumentMeta(outlet=row["outlet"], title=row["title"], url=row["url"],
                            published=row["published"], lang=row["lang"])
        return RawDocument(source=row["source"] or doc_id, text=row["text"], meta=meta,
                           fmt=row["fmt"] or "txt")

    def _claim_query(self, subject: str | None, ids: Iterable[str] | None) -> Any:
        query = (
            select(ClaimRow)
            .join(Document, ClaimRow.document_id == Document.id)
            .where(ClaimRow.deleted_at.is_(None))
            .order_by(Document.published.asc().nulls_last(), Document.id,
                      ClaimRow.start_offset, ClaimRow.id)
        )
        if subject is not None:
            query = query.where(ClaimRow.subject == normal_subject(subject))
        if ids is not None:
            query = query.where(ClaimRow.id.in_(list(ids)))
        return query

    def claims(self, subject: str | None = None, ids: Iterable[str] | None = None) -> list[Claim]:
        """Live claims, by document publication date, document and position."""
        with self._reading() as session:
            return [claim_from_row(row) for row in session.scalars(self._claim_query(subject, ids))]

    def claim_rows(
        self, subject: str | None = None, ids: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        with self._reading() as session:
            return [claim_dict(row) for row in session.scalars(self._claim_query(subject, ids))]

    def subjects(self) -> list[str]:
        query = select(ClaimRow.subject).where(ClaimRow.deleted_at.is_(None)).distinct()
        with self._reading() as session:
            return sorted(session.scalars(query))

    # Derived agreements (writes and staleness in ``derived``)

    def agreements(
        self, parties: Sequence[str] = (), status: str | None = None
    ) -> list[dict[str, Any]]:
        """Agreement records including every party in ``parties``, by signing date."""
        query = select(Agreement.record, Agreement.parties).order_by(
            Agreement.signed_on.asc().nulls_last(), Agreement.id
        )
        if status is not None:
            query = query.where(Agreement.status == status)
        wanted = {party.upper() for party in parties}
        with self._reading() as session:
            rows = session.execute(query).all()
        return [record for record, codes in rows if wanted <= {c.upper() for c in codes}]

    def agreement(self, agreement_id: str) -> dict[str, Any] | None:
        query = select(Agreement.record).where(_same_id(Agreement.id, agreement_id))
        with self._reading() as session:
            record: dict[str, Any] | None = session.scalars(query.order_by(Agreement.id)).first()
        return record

    def agreement_claim_ids(self, agreement_id: str) -> list[str]:
        query = select(AgreementClaim.claim_id).where(
            _same_id(AgreementClaim.agreement_id, agreement_id)
        )
        with self._reading() as session:
            return sorted(session.scalars(query))

    def history(self, agreement_id: str) -> list[StatusStep]:
        query = (
            select(StatusHistoryRow)
            .where(_same_id(StatusHistoryRow.agreement_id, agreement_id))
            .order_by(StatusHistoryRow.seq)
        )
        with self._reading() as session:
            return [step_from_row(row) for row in session.scalars(query)]


class DocumentBatch:
    """Documents written in one open transaction; what it has written so far is visible
    to its own reads (content hashes, bands), so copies within a batch are found."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.added = 0

    def sharing_bands(self, bands: Sequence[str]) -> list[dict[str, Any]]:
        return _sharing_bands(self.session, bands)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return _document(self.session, doc_id)

    def replace_extracted(self, doc_id: str, claims: Sequence[Claim], *, relevant: bool,
                          extractor_version: str) -> Reextracted:
        """Puts a new extraction of a stored document in place of the old one: claims in
        both stay as they are; old ones not found again are soft-deleted with a pointer to
        the new claims of the same subject and predicate; new ones are added (one that an
        earlier re-extraction had superseded comes back). Claims written by anyone but
        the extractor (reference data, analysts) are never touched."""
        session, now = self.session, self.now
        new = unique_claims(claims)
        old = {row.id: row for row in session.scalars(select(ClaimRow).where(
            ClaimRow.document_id == doc_id, ClaimRow.author == EXTRACTOR))}
        live = {i for i, row in old.items() if row.deleted_at is None}
        gone = sorted(live - set(new))
        revived = sorted(i for i in set(new) - live if i in old
                         and old[i].superseded_by is not None)
        added = [c for i, c in new.items() if i not in old]
        stamp = _after_agreements(session, [*new.values(), *(claim_from_row(old[i])
                                                              for i in gone)], now)
        for claim_id in gone:
            row = old[claim_id]
            row.deleted_at = stamp
            row.superseded_by = {"extractor": extractor_version, "claims": sorted(
                i for i, c in new.items()
                if subject_key(c.subject) == row.subject and c.predicate == row.predicate)}
        for claim_id in revived:
            old[claim_id].deleted_at = None
            old[claim_id].superseded_by = None
            old[claim_id].created_at = stamp
        if added:
            session.execute(insert(ClaimRow), [claim_values(c, EXTRACTOR, stamp)
                                               for c in added])
        document = session.get(Document, doc_id)
        if document is not None:
            document.extractor_version = extractor_version
            document.relevant = relevant
        return Reextracted(added=len(added) + len(revived), superseded=len(gone),
                           kept=len(live & set(new)))

    def add_document(self, raw: RawDocument, claims: Sequence[Claim], *, relevant: bool,
                     extractor_version: str, bands: Sequence[str] = (),
                     near_duplicate_of: str | None = None) -> bool:
        """Add one document with its bands and claims; False (and nothing written) if its
        content is stored already."""
        for claim in claims:
            if claim.doc_id != raw.doc_id:
                raise ValueError(f"claim {claim.claim_id} is about document {claim.doc_id}, "
                                 f"not {raw.doc_id}")
        session = self.session
        if _content_stored(session, raw.content_hash):
            return False
        # a microsecond apart, so "earliest ingested" keeps the batch's order
        ingested = self.now + timedelta(microseconds=self.added)
        self.added += 1
        session.execute(insert(Document), [document_values(
            raw, relevant=relevant, extractor_version=extractor_version, now=ingested,
            near_duplicate_of=near_duplicate_of,
        )])
        if bands:
            session.execute(insert(DocumentBand), [
                {"band": band, "document_id": raw.doc_id} for band in set(bands)])
        unique = list(unique_claims(claims).values())
        if unique:
            stamp = _after_agreements(session, unique, ingested)
            session.execute(insert(ClaimRow), [claim_values(claim, EXTRACTOR, stamp)
                                               for claim in unique])
        return True


def _content_stored(session: Session, content_hash: str) -> bool:
    found = session.scalar(select(Document.id).where(Document.content_hash == content_hash))
    return found is not None


def _sharing_bands(session: Session, bands: Sequence[str]) -> list[dict[str, Any]]:
    """The stored documents sharing the most of ``bands`` (at least MIN_SHARED_BANDS, at
    most MAX_CANDIDATES of them), earliest stored first."""
    if not bands:
        return []
    shared = func.count(DocumentBand.band)
    best = (
        select(DocumentBand.document_id)
        .where(DocumentBand.band.in_(list(bands)))
        .group_by(DocumentBand.document_id)
        .having(shared >= near_duplicates.MIN_SHARED_BANDS)
        .order_by(shared.desc(), DocumentBand.document_id)
        .limit(near_duplicates.MAX_CANDIDATES)
        .subquery()
    )
    columns = [getattr(Document, name) for name in (*_DOCUMENT_FIELDS, "text")]
    query = select(*columns).join(best, best.c.document_id == Document.id).order_by(
        Document.ingested_at, Document.id)
    return [dict(row._mapping) for row in session.execute(query)]


def _document(session: Session, doc_id: str) -> dict[str, Any] | None:
    columns = [getattr(Document, name) for name in (*_DOCUMENT_FIELDS, "text")]
    row = session.execute(select(*columns).where(Document.id == doc_id)).first()
    return dict(row._mapping) if row is not None else None


def _after_agreements(session: Session, claims: Iterable[Claim], now: datetime) -> datetime:
    """A claim's created_at, strictly after its subjects' records and reconciliation
    state were computed, so that ``stale_subjects`` and the next incremental run see it
    even on a coarse or skewed clock."""
    subjects = {subject_key(claim.subject) for claim in claims}
    latest = max(
        (at for at in (
            session.scalar(select(func.max(Agreement.computed_at))
                           .where(Agreement.subject.in_(subjects))),
            session.scalar(select(func.max(ReconcileState.computed_at))
                           .where(ReconcileState.subject.in_(subjects))),
        ) if at is not None),
        default=None,
    )
    return max(now, latest + timedelta(microseconds=1)) if latest is not None else now


def _same_id(column: Any, agreement_id: str) -> Any:
    return func.lower(column) == agreement_id.lower()
