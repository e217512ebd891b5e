"""Reconciliation state per subject, so records are updated from their new claims.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reconcile_states",
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_reconcile_states")),
    )
    op.create_index("ix_claims_subject_created_at", "claims", ["subject", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_claims_subject_created_at", table_name="claims")
    op.drop_table("reconcile_states")
