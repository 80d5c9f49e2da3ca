"""messaging: outbox sender and claim time, one timeline entry per outbound message

Adds ``outbox_message.sender`` (the number or address a message goes out from: pacing and reconciliation)
and ``outbox_message.claimed_at`` (when a sender claimed the row; an old claim means the sender died and the
row must be reconciled, never resent), and a unique index on ``interaction.outbox_id`` so that each outbound
message has exactly one timeline entry, updated as its delivery state changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sender", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_outbox_id", ["outbox_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_outbox_id")

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("sender")
