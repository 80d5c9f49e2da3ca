"""the lobby's hot paths: indexes for the number at a counter and the last numbers called; a series keeps its
last number's time

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 21:00:00

Both databases
  ``ix_branch_queue_ticket_at_counter``: the number called or being served at a counter (every "call next"
  asks it first), a partial index over the few tickets at counters, so it does not read the branch's history.
  ``ix_branch_queue_ticket_called``: a branch's numbers of a day by the time they were called (the display's
  last calls), read newest first without sorting the day.
  ``lobby_series.last_at``: the time given to the series' last number; the next number's time is never
  earlier, so numbers and times keep one order whichever desktop issues them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AT_COUNTER = sa.text("status IN ('called', 'serving')")


def upgrade() -> None:
    with op.batch_alter_table("lobby_series") as batch:
        batch.add_column(sa.Column("last_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_branch_queue_ticket_at_counter",
        "branch_queue_ticket",
        ["counter_id"],
        sqlite_where=AT_COUNTER,
        postgresql_where=AT_COUNTER,
    )
    op.create_index("ix_branch_queue_ticket_called", "branch_queue_ticket", ["branch_id", "service_day", "called_at"])


def downgrade() -> None:
    op.drop_index("ix_branch_queue_ticket_called", table_name="branch_queue_ticket")
    op.drop_index("ix_branch_queue_ticket_at_counter", table_name="branch_queue_ticket")
    with op.batch_alter_table("lobby_series") as batch:
        batch.drop_column("last_at")
