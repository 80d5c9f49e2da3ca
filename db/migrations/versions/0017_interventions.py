"""interventions: a supervisor's message to an agent's desk, and the database's checks of every intervention

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:45:00

Both databases
  New ``agent_notice`` (to whom, from whom, the text of 1 to 200 characters, when it was sent and read), with
  ``ix_agent_notice_to_unread`` for a desk's unread notices.

PostgreSQL
  :func:`db.pg_security.install` again, which installs :mod:`db.pg_intervention_security`: the addressee reads
  their notices and sets only ``read_at``; ``cd_force_agent_state``, ``cd_requeue_call`` and
  ``cd_notify_agent`` (supervisors only; each checks the row under its lock, writes the change-feed row and
  the audit row itself).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_intervention_security, pg_security

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "agent_notice",
        sa.Column("id", BigId, nullable=False),
        sa.Column("to_user_id", BigId, nullable=False),
        sa.Column("from_user_id", BigId, nullable=True),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["to_user_id"], ["app_user.id"], name=op.f("fk_agent_notice_to_user_id_app_user")),
        sa.ForeignKeyConstraint(["from_user_id"], ["app_user.id"], name=op.f("fk_agent_notice_from_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_notice")),
    )
    op.create_index("ix_agent_notice_to_unread", "agent_notice", ["to_user_id", "read_at"])
    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_intervention_security.uninstall(bind)
    op.drop_index("ix_agent_notice_to_unread", table_name="agent_notice")
    op.drop_table("agent_notice")
