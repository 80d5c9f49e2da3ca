"""What PostgreSQL enforces for the branch lobby (migration 0013; installed by :func:`db.pg_security.install`).

* A branch's lobby rows are its branch's: lobby managers and customer managers read and write the service
  types' series, counters, queue tickets, appointments and the display's notice of their own branch only.
  Agents and supervisors (who book appointments for any branch and watch every floor) see all of them;
  administrators read them and keep the set-up (service types, counters).
* ``cd_lobby_recognize`` is how a lobby manager recognises a customer of another branch: the minimal card
  (name, tier, VIP level, their manager and branch) and nothing else, found by the customer's ID number,
  phone or card key.  Every such look-up outside the caller's scope is written to the audit trail by the
  function itself, so no desktop can skip it.  Inside the scope it returns the same card without an audit row
  (the 360° view of a customer one may see is audited as usual).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .pg_policy import (
    BRANCH,
    GATEWAY,
    GROUP_ROLES,
    UID,
    _policy,
    drop_table_security,
    grant_functions,
    visible_customer,
)

LOBBY_TABLES = ("lobby_service", "lobby_series", "lobby_counter", "lobby_notice", "appointment")
_ALL = "contactdesk_agent, contactdesk_supervisor"


def has_lobby_tables(bind: Any) -> bool:
    return all(bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": t}).scalar_one() for t in LOBBY_TABLES)


def rls_sql() -> list[str]:
    lobby, cm, admin = GROUP_ROLES["lobby_manager"], GROUP_ROLES["customer_manager"], GROUP_ROLES["admin"]
    scoped = f"{lobby}, {cm}"
    out: list[str] = []
    for table in LOBBY_TABLES:
        out.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        out.append(_policy(table, "cd_gateway_all", GATEWAY, "true"))
        out.append(_policy(table, "cd_admin_read", admin, "true", "SELECT"))
    # Set-up: everyone reads a branch's services and counters (an agent books for any branch); lobby staff
    # open, pause and hold the counters of their own branch; administrators keep both.
    for table in ("lobby_service", "lobby_counter"):
        out.append(_policy(table, "cd_lobby_read", "contactdesk_desktop", "true", "SELECT"))
        out.append(_policy(table, "cd_lobby_admin", admin, "true"))
    out.append(_policy("lobby_counter", "cd_lobby_branch", scoped, f"branch_id = {BRANCH}", "UPDATE"))
    for table in ("lobby_series", "lobby_notice"):
        out.append(_policy(table, "cd_lobby_all", _ALL, "true", "SELECT"))
        out.append(_policy(table, "cd_lobby_branch", scoped, f"branch_id = {BRANCH}"))
    out.append(_policy("appointment", "cd_lobby_all", _ALL, "true"))
    out.append(
        _policy(
            "appointment",
            "cd_lobby_scoped",
            scoped,
            f"branch_id = {BRANCH} OR booked_by_id = {UID} OR {visible_customer('appointment')}",
        )
    )
    return out


def grants_sql() -> list[str]:
    """Write grants that differ from the general rule of :func:`db.pg_security._table_grants`."""
    admin = GROUP_ROLES["admin"]
    return [
        # Service types are set-up: administrators only.
        'REVOKE INSERT, UPDATE ON "lobby_service" FROM contactdesk_desktop',
        f'GRANT INSERT, UPDATE ON "lobby_service" TO {admin}',
        # Counters: lobby staff change only who holds them and their state; administrators the profile.
        'REVOKE INSERT, UPDATE ON "lobby_counter" FROM contactdesk_desktop',
        f'GRANT INSERT, UPDATE ON "lobby_counter" TO {admin}',
        f'GRANT UPDATE (status, user_id, session_id, held_since, seen_at, version) ON "lobby_counter" '
        f"TO {GROUP_ROLES['lobby_manager']}, {GROUP_ROLES['customer_manager']}",
        f'GRANT DELETE ON "appointment" TO {admin}',
    ]


def functions_sql(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    return f"""
-- The recognition card of the customer an identifier belongs to, whatever their branch (see the module).
-- p_kind: 'id' (resident ID number), 'phone' (E.164), 'card' (card or account number); p_prekey: its pre-key
-- (db.pii), which is peppered here.  At most one row.
CREATE OR REPLACE FUNCTION cd_lobby_recognize(p_kind text, p_prekey text, p_workstation text)
RETURNS TABLE (customer_id bigint, name text, tier text, vip_level int, manager_name text, branch_id bigint,
               branch_name text, in_scope boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    v_key text := cd_pii_key(p_prekey);
    v_id bigint;
BEGIN
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NULL OR me.role_code NOT IN ('lobby_manager', 'customer_manager', 'supervisor') THEN
        RAISE EXCEPTION 'contactdesk: % may not recognise customers at a branch', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_kind = 'id' THEN
        SELECT c.id INTO v_id FROM customer c WHERE c.id_number_key = v_key ORDER BY c.id LIMIT 1;
    ELSIF p_kind = 'phone' THEN
        SELECT p.customer_id INTO v_id FROM customer_phone p WHERE p.e164_key = v_key ORDER BY p.customer_id LIMIT 1;
    ELSIF p_kind = 'card' THEN
        SELECT h.customer_id INTO v_id FROM product_holding h WHERE h.account_key = v_key
        ORDER BY h.customer_id LIMIT 1;
    ELSE
        RAISE EXCEPTION 'contactdesk: unknown identifier kind %', p_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_id IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT c.id, c.name::text, c.tier::text, c.vip_level::int, m.display_name::text, c.branch_id, b.name::text,
               cd_sees_customer(c.id)
        FROM customer c
        JOIN branch b ON b.id = c.branch_id
        LEFT JOIN app_user m ON m.id = c.manager_id
        WHERE c.id = v_id;
    IF NOT cd_sees_customer(v_id) THEN
        PERFORM cd_audit_append(NULL, NULL, p_workstation, 'lobby_recognize_other', 'customer', v_id::text,
                                json_build_object('kind', p_kind)::text);
    END IF;
END
$$;

-- Places taken per slot of one branch's service (counts only): a booking must count everyone's bookings, also
-- those row-level security hides from the person booking (services.lobby.appointments).
CREATE OR REPLACE FUNCTION cd_lobby_slot_load(p_branch bigint, p_service text, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (slot_start timestamptz, booked int)
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT a.slot_start, count(*)::int FROM appointment a
    WHERE a.branch_id = p_branch AND a.service_code = p_service AND a.slot_start >= p_from AND a.slot_start < p_to
      AND a.status IN ('booked', 'checked_in', 'served')
    GROUP BY a.slot_start
$$;
"""


FUNCTIONS = {
    "cd_lobby_recognize(text, text, text)": (
        GROUP_ROLES["lobby_manager"],
        GROUP_ROLES["customer_manager"],
        GROUP_ROLES["supervisor"],
    ),
    # who may book (services.permissions: appointment.book)
    "cd_lobby_slot_load(bigint, text, timestamptz, timestamptz)": (
        GROUP_ROLES["agent"],
        GROUP_ROLES["lobby_manager"],
        GROUP_ROLES["customer_manager"],
        GROUP_ROLES["supervisor"],
    ),
}


def install(bind: Any, schema: str) -> None:
    """Policies, grants and the recognition function (idempotent); nothing before migration 0013."""
    if not has_lobby_tables(bind):
        return
    bind.execute(text(functions_sql(f'"{schema}"')))
    grant_functions(bind, FUNCTIONS)
    for statement in grants_sql() + rls_sql():
        bind.execute(text(statement))


def uninstall(bind: Any) -> None:
    """Remove what :func:`install` made (migration 0013's downgrade; idempotent)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    for signature in FUNCTIONS:
        bind.execute(text(f"DROP FUNCTION IF EXISTS {signature}"))
    for table in LOBBY_TABLES:
        if not bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar_one():
            continue
        drop_table_security(bind, schema, table)
