"""Near-duplicate documents: the link to the original and the hash bands to find it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("near_duplicate_of", sa.String(16), nullable=True))
    op.create_table(
        "document_bands",
        sa.Column("band", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_bands_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "document_id", name=op.f("pk_document_bands")),
    )


def downgrade() -> None:
    op.drop_table("document_bands")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("near_duplicate_of")
