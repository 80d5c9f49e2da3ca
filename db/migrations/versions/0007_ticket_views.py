"""ticket views: the deadline order of the ticket lists is one index scan, so deep pages use keyset paging

``ticket_clock`` gets ``ix_ticket_clock_due_order`` on ``(open_due_at, ticket_id)`` — exactly the order of
the at-risk board and of every ticket list sorted by deadline (ties broken by the ticket id), so a page is
an index range scan from the previous page's last key with no sort.  It replaces the single-column
``ix_ticket_clock_open_due_at``.  The team board's ``ix_ticket_clock_team_open_due`` gains ``ticket_id``
for the same reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 13:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_ticket_clock_due_order", "ticket_clock", ["open_due_at", "ticket_id"], unique=False)
    op.drop_index("ix_ticket_clock_open_due_at", table_name="ticket_clock")
    op.drop_index("ix_ticket_clock_team_open_due", table_name="ticket_clock")
    op.create_index(
        "ix_ticket_clock_team_open_due", "ticket_clock", ["team_id", "open_due_at", "ticket_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_clock_team_open_due", table_name="ticket_clock")
    op.create_index("ix_ticket_clock_team_open_due", "ticket_clock", ["team_id", "open_due_at"], unique=False)
    op.create_index("ix_ticket_clock_open_due_at", "ticket_clock", ["open_due_at"], unique=False)
    op.drop_index("ix_ticket_clock_due_order", table_name="ticket_clock")
