"""sync: presence on customers and tickets, tokens of the desktops' change-event stream

Adds ``presence`` (one row per desktop viewing or editing a record, kept alive by heartbeats) and
``stream_token`` (the SHA-256 of each desktop's bearer token for the gateway's ``/events`` stream).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 11:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "presence",
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("desk", sa.String(length=64), nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_presence_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence")),
        sa.UniqueConstraint("entity", "entity_id", "desk", name=op.f("uq_presence_entity_entity_id_desk")),
    )
    op.create_index("ix_presence_desk", "presence", ["desk"], unique=False)
    op.create_index("ix_presence_record", "presence", ["entity", "entity_id", "expires_at"], unique=False)
    op.create_table(
        "stream_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("session_id", BigId, nullable=True),
        sa.Column("workstation", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["user_session.id"],
            name=op.f("fk_stream_token_session_id_user_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_stream_token_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_stream_token")),
    )
    op.create_index("ix_stream_token_expires_at", "stream_token", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_stream_token_expires_at", table_name="stream_token")
    op.drop_table("stream_token")
    op.drop_index("ix_presence_record", table_name="presence")
    op.drop_index("ix_presence_desk", table_name="presence")
    op.drop_table("presence")
