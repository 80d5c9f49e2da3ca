"""reports: the aggregates the reports read, and the upkeep's watermark

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:45:00

Both databases
  ``report_queue_interval`` (per queue per 30 minutes), ``report_agent_day`` and ``report_agent_disposition``
  (per agent per day), ``report_fcr_day`` (first-contact resolution per queue per day) and ``report_fcr_call``
  (the per-call facts it is summed from, so the upkeep revisits changed calls only), ``report_ticket_day``
  (complaints per day, category and branch) and ``report_watermark`` (services.reports.aggregate).
  Ticket indexes on ``received_at``, ``decided_at`` and ``updated_at``: the upkeep recomputes a day of
  complaints and finds the changed ones without reading them all.  ``ix_customer_branch_aum``: the Pareto
  curve reads every customer's AUM from the index alone.  ``ix_call_customer_disposition_received``: a call's
  repeat within 7 days (first-contact resolution) is one index range; ``ix_call_received_at``: each upkeep
  run reads the calls received since the last one.
PostgreSQL
  :func:`db.pg_security.install` again: the aggregates are read by the roles with ``report.view`` only and
  written by the gateway (db.pg_report_security).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_security

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def _ints(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Integer(), nullable=False, server_default="0") for n in names]


def _floats(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Float(), nullable=False, server_default="0") for n in names]


def upgrade() -> None:
    op.create_table(
        "report_queue_interval",
        sa.Column("queue_id", BigId, nullable=False),
        sa.Column("interval_start", Stamp, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_ints("offered", "answered", "answered_in_sl", "abandoned", "short_abandoned"),
        *_floats("wait_sum_s"),
        *_ints("handled"),
        *_floats("handle_sum_s"),
        sa.PrimaryKeyConstraint("queue_id", "interval_start", name="pk_report_queue_interval"),
    )
    op.create_index("ix_report_queue_interval_day", "report_queue_interval", ["day", "queue_id"])
    op.create_table(
        "report_agent_day",
        sa.Column("agent_id", BigId, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_ints("handled"),
        *_floats("talk_s", "wrapup_s"),
        *_ints("wrapups_over"),
        *_floats("staffed_s", "available_s", "busy_s"),
        sa.PrimaryKeyConstraint("agent_id", "day", name="pk_report_agent_day"),
    )
    op.create_index("ix_report_agent_day_day", "report_agent_day", ["day"])
    op.create_table(
        "report_agent_disposition",
        sa.Column("agent_id", BigId, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        *_ints("calls"),
        sa.PrimaryKeyConstraint("agent_id", "day", "disposition", name="pk_report_agent_disposition"),
    )
    op.create_index("ix_report_agent_disposition_day", "report_agent_disposition", ["day"])
    op.create_table(
        "report_fcr_day",
        sa.Column("queue_id", BigId, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_ints("calls", "first_contact"),
        sa.PrimaryKeyConstraint("queue_id", "day", name="pk_report_fcr_day"),
    )
    op.create_index("ix_report_fcr_day_day", "report_fcr_day", ["day"])
    op.create_table(
        "report_fcr_call",
        sa.Column("call_id", BigId, autoincrement=False, nullable=False),
        sa.Column("customer_id", BigId, nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("queue_id", BigId, nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("received_at", Stamp, nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("repeated", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("call_id", name="pk_report_fcr_call"),
    )
    op.create_index("ix_report_fcr_call_received_at", "report_fcr_call", ["received_at"])
    op.create_table(
        "report_ticket_day",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=48), nullable=False),
        sa.Column("branch_id", BigId, nullable=True),
        *_ints("opened", "breached", "extended", "decided", "decided_on_time"),
        *_floats("decide_days_sum"),
        sa.PrimaryKeyConstraint("id", name="pk_report_ticket_day"),
    )
    op.create_index("ix_report_ticket_day_day", "report_ticket_day", ["day"])
    op.create_table(
        "report_watermark",
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("settled_at", Stamp, nullable=True),
        sa.Column("last_id", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("ran_at", Stamp, nullable=True),
        sa.PrimaryKeyConstraint("source", name="pk_report_watermark"),
    )
    op.create_index("ix_ticket_received_at", "ticket", ["received_at"])
    op.create_index("ix_ticket_decided_at", "ticket", ["decided_at"])
    op.create_index("ix_ticket_updated_at", "ticket", ["updated_at"])
    op.create_index("ix_customer_branch_aum", "customer", ["branch_id", "aum"])
    op.create_index("ix_call_customer_disposition_received", "call", ["customer_id", "disposition", "received_at"])
    op.create_index("ix_call_received_at", "call", ["received_at"])
    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_call_received_at", table_name="call")
    op.drop_index("ix_call_customer_disposition_received", table_name="call")
    op.drop_index("ix_customer_branch_aum", table_name="customer")
    op.drop_index("ix_ticket_updated_at", table_name="ticket")
    op.drop_index("ix_ticket_decided_at", table_name="ticket")
    op.drop_index("ix_ticket_received_at", table_name="ticket")
    for table in (
        "report_watermark",
        "report_ticket_day",
        "report_fcr_call",
        "report_fcr_day",
        "report_agent_disposition",
        "report_agent_day",
        "report_queue_interval",
    ):
        op.drop_table(table)
