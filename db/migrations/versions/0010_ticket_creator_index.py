"""ticket creator index: an agent's own tickets are those assigned to them and those they registered

``ix_ticket_created_by_status`` on ``ticket (created_by_id, status)``, the twin of ``ix_ticket_assignee_status``:
the ticket list of a person who takes complaints selects ``assignee_id = me OR created_by_id = me``
(``permissions.ticket_scope``), which PostgreSQL answers from the two indexes instead of reading every ticket.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_ticket_created_by_status", "ticket", ["created_by_id", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ticket_created_by_status", table_name="ticket")
