"""sender pace: one sending rate across gateway processes; "send again" links to the message it replaces

Adds ``sender_pace`` (the next free sending slot per From number or address; every gateway process reserves
its slots there with one atomic update, so N processes together keep the configured rate) and
``outbox_message.resend_of_id`` (a message sent again after an unknown or failed outcome points at the
original, which is then never requeued by reconciliation).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sender_pace",
        sa.Column("sender_key", sa.String(length=300), nullable=False),
        sa.Column("next_slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sender_key", name=op.f("pk_sender_pace")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resend_of_id", BigId, nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_resend_of_id"), ["resend_of_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_resend_of_id_outbox_message"), "outbox_message", ["resend_of_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_resend_of_id_outbox_message"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_message_resend_of_id"))
        batch_op.drop_column("resend_of_id")
    op.drop_table("sender_pace")
