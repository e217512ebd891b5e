"""Changes to agreement records, watched feeds and their entries, webhook cursors.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("agreement_id", sa.String(), nullable=True),
        sa.Column("subject", sa.String(), nullable=True),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_index(op.f("ix_changes_created_at"), "changes", ["created_at"])
    op.create_index(op.f("ix_changes_agreement_id"), "changes", ["agreement_id"])
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("first_checked_at", _TIME, nullable=False),
        sa.Column("checked_at", _TIME, nullable=False),
        sa.Column("last_success_at", _TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", _TIME, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("newest_entry_at", _TIME, nullable=True),
        sa.Column("alert", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feeds")),
    )
    op.create_table(
        "feed_entries",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=True),
        sa.Column("claimed_at", _TIME, nullable=False),
        sa.Column("first_seen_at", _TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("retry", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_feed_entries")),
    )
    op.create_index(op.f("ix_feed_entries_feed_url"), "feed_entries", ["feed_url"])
    op.create_table(
        "webhook_cursors",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("last_change_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_webhook_cursors")),
    )
    op.create_index(op.f("ix_documents_url"), "documents", ["url"])


def downgrade() -> None:
    op.drop_index(op.f("ix_documents_url"), table_name="documents")
    op.drop_table("webhook_cursors")
    op.drop_table("feed_entries")
    op.drop_table("feeds")
    op.drop_table("changes")
