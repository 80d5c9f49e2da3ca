"""The building blocks of the PostgreSQL security layer: the role names and the row-level policies' parts.

Shared by :mod:`db.pg_security` (the core tables) and the modules that secure later tables
(:mod:`db.pg_lobby_security`), so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import text

DESKTOP = "contactdesk_desktop"
GATEWAY = "contactdesk_gateway"
# ContactDesk role code -> its PostgreSQL group role.
GROUP_ROLES = {
    "agent": "contactdesk_agent",
    "lobby_manager": "contactdesk_lobby_manager",
    "customer_manager": "contactdesk_customer_manager",
    "supervisor": "contactdesk_supervisor",
    "admin": "contactdesk_admin",
}


def _policy(table: str, name: str, roles: str, using: str, command: str = "ALL") -> str:
    return (
        f'DROP POLICY IF EXISTS {name} ON "{table}";\n'
        f'CREATE POLICY {name} ON "{table}" AS PERMISSIVE FOR {command} TO {roles} '
        f"USING ({using}) WITH CHECK ({using});"
        if command in ("ALL", "UPDATE")
        else f'DROP POLICY IF EXISTS {name} ON "{table}";\n'
        f'CREATE POLICY {name} ON "{table}" AS PERMISSIVE FOR {command} TO {roles} USING ({using});'
    )


# The signed-in person's id, branch and team, as the policies use them: the bodies of cd_uid()/cd_branch()/cd_team()
# written out, because a function call costs more than its index lookup (about 0.1 ms per statement that a lobby
# manager's phone lookup pays twice); as uncorrelated subqueries each is still computed once per statement.
_ME = "FROM app_user me WHERE me.db_login = session_user AND me.is_active"
UID = f"(SELECT me.id {_ME})"
BRANCH = f"(SELECT me.branch_id {_ME})"
TEAM = f"(SELECT me.team_id {_ME})"


def visible_customer(table: str) -> str:
    """The row's customer is one the caller may see (the customer policy applies inside the subquery).

    A correlated EXISTS, not ``IN (SELECT ...)``: a policy's subquery stays a subplan, and a hashed ``IN`` would
    read every visible customer for each statement, where EXISTS probes the primary key once per row.
    """
    return f'EXISTS (SELECT 1 FROM customer c WHERE c.id = "{table}".customer_id)'


def grant_functions(bind: Any, functions: Mapping[str, tuple[str, ...]]) -> None:
    """``EXECUTE`` on each function signature for its callers only (revoked from PUBLIC first)."""
    for signature, callers in functions.items():
        bind.execute(text(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC"))
        for caller in callers:
            bind.execute(text(f"GRANT EXECUTE ON FUNCTION {signature} TO {caller}"))


def drop_table_security(bind: Any, schema: str, table: str) -> None:
    """Turn row-level security off on ``table`` and drop its policies (a downgrade; the table must exist)."""
    bind.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
    policies = text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t")
    for (name,) in bind.execute(policies, {"s": schema, "t": table}).all():
        bind.execute(text(f'DROP POLICY "{name}" ON "{table}"'))
