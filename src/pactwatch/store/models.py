"""Tables of the store. Documents and claims are the facts; agreements, their claim links
and status history are derived by reconciliation, updated per subject from its new claims
and its stored reconciliation state (or rebuilt from all its claims).

Any change here needs a new migration in ``migrations/versions`` (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that SQLite batch migrations can later drop or alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in and out.

    SQLite keeps no offset, so values are normalised to UTC on the way in (which also
    keeps its text comparisons chronological) and read back as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()} given; use an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime,
        date: sa.Date,
        dict[str, Any]: sa.JSON,
        list[str]: sa.JSON,
    }


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    source: Mapped[str | None] = mapped_column(sa.Text)
    fmt: Mapped[str | None] = mapped_column(sa.String)
    outlet: Mapped[str | None] = mapped_column(sa.String)
    title: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.Text, index=True)  # a watcher looks URLs up
    published: Mapped[date | None]
    lang: Mapped[str | None] = mapped_column(sa.String)
    text: Mapped[str] = mapped_column(sa.Text)
    word_count: Mapped[int]
    relevant: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    extractor_version: Mapped[str] = mapped_column(sa.String)
    ingested_at: Mapped[datetime]
    # The stored document this one is a near-identical rewrite of (syndicated copy).
    near_duplicate_of: Mapped[str | None] = mapped_column(sa.String(16))


class DocumentBand(Base):
    """Locality-sensitive hash bands of a document's text: documents sharing a band
    are candidates for near-duplicates, checked exactly before being linked."""

    __tablename__ = "document_bands"

    band: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class ClaimRow(Base):
    __tablename__ = "claims"
    # Reconciliation reads a subject's claims newer than its stored state.
    __table_args__ = (sa.Index("ix_claims_subject_created_at", "subject", "created_at"),)

    id: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(sa.String, index=True)
    predicate: Mapped[str] = mapped_column(sa.String, index=True)
    value: Mapped[Any] = mapped_column(sa.JSON)
    polarity: Mapped[str] = mapped_column(sa.String)
    modality: Mapped[str] = mapped_column(sa.String)
    attributed_to: Mapped[str | None] = mapped_column(sa.String)
    role: Mapped[str | None] = mapped_column(sa.String)
    attribution_kind: Mapped[str] = mapped_column(sa.String)
    origin: Mapped[str | None] = mapped_column(sa.String)
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    confidence: Mapped[float] = mapped_column(sa.Float)
    event_date: Mapped[date | None]
    extra: Mapped[dict[str, Any]]
    author: Mapped[str] = mapped_column(
        sa.String, default="extractor", server_default="extractor"
    )
    created_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    # Set when re-extraction soft-deleted the claim: {"extractor": version, "claims":
    # [ids of the new claims of the same document, subject and predicate]}.
    superseded_by: Mapped[dict[str, Any] | None]


class Agreement(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(sa.String, primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String, index=True)
    parties: Mapped[list[str]]
    title: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str | None] = mapped_column(sa.String)
    signed_on: Mapped[date | None]
    record: Mapped[dict[str, Any]]
    computed_at: Mapped[datetime]


class AgreementClaim(Base):
    __tablename__ = "agreement_claims"

    agreement_id: Mapped[str] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[str] = mapped_column(sa.ForeignKey("claims.id"), primary_key=True)


class StatusHistoryRow(Base):
    __tablename__ = "status_history"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String)
    on_date: Mapped[date | None]
    observed_on: Mapped[date | None]
    support: Mapped[str] = mapped_column(sa.String)
    claim_ids: Mapped[list[str]]
    source_ids: Mapped[list[str]]


class ReconcileState(Base):
    """What reconciliation keeps of a subject's claims (``reconcile.build.SubjectState``)
    and the creation time of the newest claim folded into it, so the next run folds in
    only the claims after it."""

    __tablename__ = "reconcile_states"

    subject: Mapped[str] = mapped_column(sa.String, primary_key=True)
    state: Mapped[dict[str, Any]]
    watermark: Mapped[datetime | None]
    computed_at: Mapped[datetime]


class Decision(Base):
    """An analyst's decision: accept or reject a claim, correct a field (with the claim
    that carries the analyst's value), or undo an earlier decision. Rows are only added."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(sa.String)
    subject: Mapped[str] = mapped_column(sa.String, index=True)
    # Not a foreign key: a decision outlives its claim, and is then reported orphaned.
    claim_id: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    agreement_id: Mapped[str | None] = mapped_column(sa.String)
    field: Mapped[str | None] = mapped_column(sa.String)
    value: Mapped[Any | None] = mapped_column(sa.JSON)
    source_url: Mapped[str | None] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text)
    author: Mapped[str] = mapped_column(sa.String, index=True)
    created_at: Mapped[datetime]
    undoes: Mapped[int | None] = mapped_column(sa.ForeignKey("decisions.id"))


class ChangeRow(Base):
    """What one reconciliation changed in an agreement record, or what a watched source
    raised about itself (``pactwatch.changes``). Rows are only added; the id orders them
    and is the cursor of the API's pages and of each webhook."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String)
    # Not a foreign key: a change outlives an agreement that is later removed.
    agreement_id: Mapped[str | None] = mapped_column(sa.String, index=True)
    subject: Mapped[str | None] = mapped_column(sa.String)
    field: Mapped[str | None] = mapped_column(sa.String)
    old_value: Mapped[Any | None] = mapped_column(sa.JSON)
    new_value: Mapped[Any | None] = mapped_column(sa.JSON)
    claim_ids: Mapped[list[str]]
    document_ids: Mapped[list[str]]
    source: Mapped[str | None] = mapped_column(sa.Text)


class FeedRow(Base):
    """A watched feed or sitemap: its HTTP validators, its last success and failure, and
    the alert it has raised (``failing`` or ``stale``), so each is raised once."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(sa.Text)
    last_modified: Mapped[str | None] = mapped_column(sa.Text)
    first_checked_at: Mapped[datetime]
    checked_at: Mapped[datetime]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_error_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(default=0)  # consecutive failed rounds
    newest_entry_at: Mapped[datetime | None]  # when it last published, as far as known
    alert: Mapped[str | None] = mapped_column(sa.String)


class FeedEntry(Base):
    """An article a watcher has seen, keyed by its normalised URL: claimed by one watcher
    (``holder``, with the time) while it is fetched and ingested, then done (with the
    document it became) or failed (with the reason, retried while transient)."""

    __tablename__ = "feed_entries"

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    feed_url: Mapped[str] = mapped_column(sa.Text, index=True)
    link: Mapped[str] = mapped_column(sa.Text)  # as the listing gave it (what is fetched)
    title: Mapped[str | None] = mapped_column(sa.Text)
    published: Mapped[date | None]
    state: Mapped[str] = mapped_column(sa.String)  # claimed | done | failed
    holder: Mapped[str | None] = mapped_column(sa.String)
    claimed_at: Mapped[datetime]
    first_seen_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    document_id: Mapped[str | None] = mapped_column(sa.String(16))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    retry: Mapped[bool] = mapped_column(default=False)


class WebhookCursor(Base):
    """The last change delivered to a webhook URL, so each change reaches it once."""

    __tablename__ = "webhook_cursors"

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    last_change_id: Mapped[int]
    updated_at: Mapped[datetime]
