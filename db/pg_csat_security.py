"""What PostgreSQL enforces for the satisfaction surveys (migration 0018; installed by :func:`db.pg_security.install`).

* ``csat_setting``: every desktop reads a queue's survey rules; only supervisors and administrators (the roles
  with ``csat.configure``) insert or change them.  An agent's login cannot, whatever its desktop does.
* ``csat_survey``: written by the gateway only (its job decides and sends, its webhook records the answers);
  supervisors and administrators read every survey (the report), other staff those of customers they may see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .pg_policy import DESKTOP, GATEWAY, GROUP_ROLES, _policy, visible_customer

TABLES = ("csat_setting", "csat_survey")


def has_csat_tables(bind: Any) -> bool:
    return all(bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": t}).scalar_one() for t in TABLES)


def grants_sql() -> list[str]:
    """Write grants that differ from the general rule of :func:`db.pg_security._table_grants`."""
    configurers = f"{GROUP_ROLES['supervisor']}, {GROUP_ROLES['admin']}"
    return [
        f'REVOKE INSERT, UPDATE, DELETE ON "csat_setting" FROM {DESKTOP}',
        f'GRANT INSERT, UPDATE ON "csat_setting" TO {configurers}',
        f'REVOKE INSERT, UPDATE, DELETE ON "csat_survey" FROM {DESKTOP}',
    ]


def rls_sql() -> list[str]:
    readers = f"{GROUP_ROLES['supervisor']}, {GROUP_ROLES['admin']}"
    others = f"{GROUP_ROLES['agent']}, {GROUP_ROLES['lobby_manager']}, {GROUP_ROLES['customer_manager']}"
    return [
        'ALTER TABLE "csat_survey" ENABLE ROW LEVEL SECURITY',
        _policy("csat_survey", "cd_gateway_all", GATEWAY, "true"),
        _policy("csat_survey", "cd_csat_read_all", readers, "true", "SELECT"),
        _policy("csat_survey", "cd_csat_read_scoped", others, visible_customer("csat_survey"), "SELECT"),
    ]


def install(bind: Any, schema: str) -> None:
    """Grants and row security of the survey tables (idempotent); nothing before migration 0018."""
    if not has_csat_tables(bind):
        return
    for statement in grants_sql() + rls_sql():
        bind.execute(text(statement))


def uninstall(bind: Any) -> None:
    """Remove the row security :func:`install` made (migration 0018's downgrade; idempotent)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    if not bind.execute(text("SELECT to_regclass('csat_survey') IS NOT NULL")).scalar_one():
        return
    bind.execute(text('ALTER TABLE "csat_survey" DISABLE ROW LEVEL SECURITY'))
    policies = text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = 'csat_survey'")
    for (name,) in bind.execute(policies, {"s": schema}).all():
        bind.execute(text(f'DROP POLICY "{name}" ON "csat_survey"'))
