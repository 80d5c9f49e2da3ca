"""supervisors change a queue's wallboard rules through the database's own function

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:55:00

PostgreSQL only: ``cd_queue_rules_set`` (:mod:`db.pg_queue_rules_security`), installed with the rest of the
database's security by :func:`db.pg_security.install`.  SQLite has nothing to change.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from db import pg_queue_rules_security, pg_security

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_security.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_queue_rules_security.uninstall(bind)
