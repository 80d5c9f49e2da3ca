"""the supervisor's wallboard: each queue's wallboard rules, and indexes for the day's calls

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 22:00:00

Both databases
  ``call_queue`` gets the rest of the wallboard's rules (``services.wallboard.types.QueueRules``): the service
  level target, how abandons count, the local time at which the day's figures restart, and the waiting calls
  and longest wait at which the queue turns warning / critical.  The service level threshold and the short
  abandon threshold are the existing ``service_level_seconds`` and ``short_abandon_seconds``.
  ``ix_call_queue_received``: a queue's calls since its daily reset, an index range per queue, so the
  wallboard's figures never read the history.
  ``ix_call_answered_at``: the calls answered since the bank's midnight (each agent's calls today), one range.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULE_COLUMNS = (
    ("sl_target_pct", sa.Integer(), "80"),
    ("abandon_rule", sa.String(length=16), "exclude_short"),
    ("day_reset", sa.String(length=5), "00:00"),
    ("warn_waiting", sa.Integer(), "5"),
    ("crit_waiting", sa.Integer(), "10"),
    ("warn_wait_s", sa.Integer(), "60"),
    ("crit_wait_s", sa.Integer(), "180"),
)


def upgrade() -> None:
    with op.batch_alter_table("call_queue") as batch:
        for name, type_, default in RULE_COLUMNS:
            batch.add_column(sa.Column(name, type_, server_default=default, nullable=False))
    op.create_index("ix_call_queue_received", "call", ["queue_id", "received_at"])
    op.create_index("ix_call_answered_at", "call", ["answered_at"])


def downgrade() -> None:
    op.drop_index("ix_call_answered_at", table_name="call")
    op.drop_index("ix_call_queue_received", table_name="call")
    with op.batch_alter_table("call_queue") as batch:
        for name, _type, _default in reversed(RULE_COLUMNS):
            batch.drop_column(name)
