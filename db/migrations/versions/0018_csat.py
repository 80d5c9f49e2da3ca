"""csat: each queue's satisfaction-survey settings, the survey of each completed call, the call's score

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 23:45:00

Both databases
  ``csat_setting``: one row per queue (no row: no surveys); ``csat_survey``: one row per surveyed (or
  deliberately skipped) call, unique by call, indexed by status and due time (the job's releases), by
  customer and send time (the gap between two surveys), and by sent / answered time (the report).
  ``call.csat_score``: the caller's answer on the call itself.  ``ix_ticket_clock_survey_sent_at``: the
  complaints surveyed in a report's range, one index range.

PostgreSQL
  :func:`db.pg_security.install` again; :mod:`db.pg_csat_security` makes the settings writable only by
  supervisors and administrators and the surveys writable only by the gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_csat_security, pg_security

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "csat_setting",
        sa.Column("queue_id", BigId, nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("sample_pct", sa.Integer(), server_default="20", nullable=False),
        sa.Column("template_code", sa.String(length=48), server_default="call_survey_sms", nullable=False),
        sa.Column("quiet_start", sa.String(length=5), server_default="21:00", nullable=False),
        sa.Column("quiet_end", sa.String(length=5), server_default="08:00", nullable=False),
        sa.Column("min_gap_days", sa.Integer(), server_default="30", nullable=False),
        sa.Column("low_score", sa.SmallInteger(), server_default="2", nullable=False),
        sa.Column("updated_at", When, nullable=True),
        sa.Column("updated_by_id", BigId, nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["call_queue.id"], name=op.f("fk_csat_setting_queue_id_call_queue"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["app_user.id"], name=op.f("fk_csat_setting_updated_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("queue_id", name=op.f("pk_csat_setting")),
    )
    op.create_table(
        "csat_survey",
        sa.Column("call_id", BigId, nullable=False),
        sa.Column("customer_id", BigId, nullable=True),
        sa.Column("agent_id", BigId, nullable=True),
        sa.Column("queue_id", BigId, nullable=True),
        sa.Column("branch_id", BigId, nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.Column("due_at", When, nullable=True),
        sa.Column("sent_at", When, nullable=True),
        sa.Column("outbox_id", BigId, nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=True),
        sa.Column("answered_at", When, nullable=True),
        sa.Column("followup_id", BigId, nullable=True),
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_csat_survey_call_id_call"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_csat_survey_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["agent_id"], ["app_user.id"], name=op.f("fk_csat_survey_agent_id_app_user")),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["call_queue.id"], name=op.f("fk_csat_survey_queue_id_call_queue"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_csat_survey_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox_message.id"],
            name=op.f("fk_csat_survey_outbox_id_outbox_message"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["followup_id"], ["reminder.id"], name=op.f("fk_csat_survey_followup_id_reminder"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csat_survey")),
    )
    op.create_index("ix_csat_survey_call_id", "csat_survey", ["call_id"], unique=True)
    op.create_index("ix_csat_survey_status_due", "csat_survey", ["status", "due_at"])
    op.create_index("ix_csat_survey_customer_sent", "csat_survey", ["customer_id", "sent_at"])
    op.create_index("ix_csat_survey_sent_at", "csat_survey", ["sent_at"])
    op.create_index("ix_csat_survey_answered_at", "csat_survey", ["answered_at"])
    with op.batch_alter_table("call") as batch:
        batch.add_column(sa.Column("csat_score", sa.Integer(), nullable=True))
    op.create_index("ix_ticket_clock_survey_sent_at", "ticket_clock", ["survey_sent_at"])
    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_csat_security.uninstall(bind)
    op.drop_index("ix_ticket_clock_survey_sent_at", table_name="ticket_clock")
    with op.batch_alter_table("call") as batch:
        batch.drop_column("csat_score")
    op.drop_table("csat_survey")
    op.drop_table("csat_setting")
