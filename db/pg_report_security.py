"""What PostgreSQL enforces for the reports' aggregates (migration 0016; installed by :func:`db.pg_security.install`).

The aggregates are sums over every queue's calls and every branch's complaints: only the roles that hold
``report.view`` (supervisors, lobby managers, customer managers; services.permissions) read them, and no
desktop writes them.  The gateway keeps them up to date (its group role has every table) and the migrating
role owns them.  The general grants give every desktop role read and write on every table, so these are taken
back here first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .pg_policy import GROUP_ROLES

REPORT_TABLES = (
    "report_queue_interval",
    "report_agent_day",
    "report_agent_disposition",
    "report_fcr_day",
    "report_fcr_call",
    "report_ticket_day",
    "report_watermark",
)
READERS = ("supervisor", "lobby_manager", "customer_manager")  # services.permissions: report.view
DESKTOP = "contactdesk_desktop"


def has_report_tables(bind: Any) -> bool:
    return all(bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": t}).scalar_one() for t in REPORT_TABLES)


def grants_sql() -> list[str]:
    readers = ", ".join(GROUP_ROLES[r] for r in READERS)
    others = ", ".join(role for code, role in GROUP_ROLES.items() if code not in READERS)
    out: list[str] = []
    for table in REPORT_TABLES:
        out.append(f'REVOKE ALL ON "{table}" FROM {DESKTOP}, {others}, {readers}')
        out.append(f'GRANT SELECT ON "{table}" TO {readers}')
    return out


def install(bind: Any, schema: str) -> None:
    """Grants on the aggregates (idempotent); nothing before migration 0016."""
    if not has_report_tables(bind):
        return
    for statement in grants_sql():
        bind.execute(text(statement))


def uninstall(bind: Any) -> None:
    """Nothing to drop: the tables go with migration 0016's downgrade, and their grants with them."""
