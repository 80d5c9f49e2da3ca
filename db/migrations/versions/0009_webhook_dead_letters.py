"""webhook dead letters; an inbound message is recorded once per customer, by its MessageSid

Adds ``webhook_dead_letter``: a webhook the gateway could not apply for a permanent reason (bad data, a
constraint, a defect), kept with its request and error for a person to settle; it never blocks the webhooks
behind it.  Adds ``interaction.message_sid`` with a unique index on (message_sid, customer_id): the same
incoming SMS delivered twice is recorded once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "webhook_dead_letter",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("error_class", sa.String(length=80), nullable=False),
        sa.Column("error", sa.String(length=2000), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", BigId, nullable=True),
        sa.Column("resolution", sa.String(length=400), nullable=True),
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["app_user.id"], name=op.f("fk_webhook_dead_letter_resolved_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_dead_letter")),
    )
    op.create_index("ix_webhook_dead_letter_open", "webhook_dead_letter", ["resolved_at", "failed_at"], unique=False)
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_sid", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_interaction_message_sid_customer", ["message_sid", "customer_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_message_sid_customer")
        batch_op.drop_column("message_sid")
    op.drop_index("ix_webhook_dead_letter_open", table_name="webhook_dead_letter")
    op.drop_table("webhook_dead_letter")
