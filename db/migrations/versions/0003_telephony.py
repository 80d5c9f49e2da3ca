"""telephony: agent status, call offers, wrap-up drafts, call-control commands

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agent_status",
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("call_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("state_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wrapup_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_agent_status_call_id_call")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_agent_status_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_status")),
    )
    with op.batch_alter_table("agent_status", schema=None) as batch_op:
        batch_op.create_index("ix_agent_status_state_idle", ["state", "idle_since"], unique=False)

    op.create_table(
        "call_command",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("call_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("agent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("message", sa.String(length=400), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"], name=op.f("fk_call_command_agent_id_app_user")),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_call_command_call_id_call"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_command")),
    )
    with op.batch_alter_table("call_command", schema=None) as batch_op:
        batch_op.create_index("ix_call_command_status_id", ["status", "id"], unique=False)

    op.create_table(
        "call_offer",
        sa.Column("call_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("message", sa.String(length=400), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"], name=op.f("fk_call_offer_agent_id_app_user")),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_call_offer_call_id_call"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_offer")),
    )
    with op.batch_alter_table("call_offer", schema=None) as batch_op:
        batch_op.create_index("ix_call_offer_agent_status", ["agent_id", "status"], unique=False)
        batch_op.create_index("ix_call_offer_call_agent", ["call_id", "agent_id"], unique=False)
        batch_op.create_index("ix_call_offer_status_expires", ["status", "expires_at"], unique=False)

    op.create_table(
        "wrapup_draft",
        sa.Column("call_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("agent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_note", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"], name=op.f("fk_wrapup_draft_agent_id_app_user")),
        sa.ForeignKeyConstraint(
            ["call_id"], ["call.id"], name=op.f("fk_wrapup_draft_call_id_call"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("call_id", name=op.f("pk_wrapup_draft")),
    )
    with op.batch_alter_table("wrapup_draft", schema=None) as batch_op:
        batch_op.create_index("ix_wrapup_draft_agent_id", ["agent_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wrapup_draft", schema=None) as batch_op:
        batch_op.drop_index("ix_wrapup_draft_agent_id")

    op.drop_table("wrapup_draft")
    with op.batch_alter_table("call_offer", schema=None) as batch_op:
        batch_op.drop_index("ix_call_offer_status_expires")
        batch_op.drop_index("ix_call_offer_call_agent")
        batch_op.drop_index("ix_call_offer_agent_status")

    op.drop_table("call_offer")
    with op.batch_alter_table("call_command", schema=None) as batch_op:
        batch_op.drop_index("ix_call_command_status_id")

    op.drop_table("call_command")
    with op.batch_alter_table("agent_status", schema=None) as batch_op:
        batch_op.drop_index("ix_agent_status_state_idle")

    op.drop_table("agent_status")
