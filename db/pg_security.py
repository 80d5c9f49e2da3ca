"""What PostgreSQL itself enforces: roles, column privileges, row-level security, SECURITY DEFINER functions.

Installed by migration 0011 (and again by any later migration that changes a table's privileges: call
:func:`install`, it is idempotent).  The design, for a reviewer, is in docs/database-security.md; in short:

* **Who** — every member of staff has an own login (``app_user.db_login``), a member of the group role of
  their ContactDesk role (:data:`GROUP_ROLES`), each a member of ``contactdesk_desktop``.  The gateway's
  logins are members of ``contactdesk_gateway``.  The migrating role owns every table and function;
  no desktop knows its password.  SQL finds the signed-in person with ``cd_uid()``/``cd_role()``/
  ``cd_branch()``/``cd_team()``, read from ``session_user`` (which a desktop cannot change).
* **What columns** — desktops have no SELECT on raw identifiers (:data:`RAW_COLUMNS`); they read the
  masked columns and search by the keys of :mod:`db.pii`.  ``cd_reveal`` gives one value back, audited.
* **Which rows** — row-level security on the customer tables, tickets, interactions, reminders, referrals,
  queue tickets and sessions, per group role, with the scope of :mod:`services.permissions`.
* **What writes** — no INSERT on ``audit_log`` (``cd_audit_append`` stamps actor and time itself), no
  access to ``stream_token`` (``cd_stream_token_issue``/``cd_stream_token_revoke``), no writes to
  ``app_user`` (``cd_user_*``, administrators only, which change the login in the same transaction), no
  DELETE of customers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from . import pg_csat_security, pg_intervention_security, pg_lobby_security, pg_queue_rules_security, pg_report_security
from .pg_policy import (
    BRANCH,
    DESKTOP,
    GATEWAY,
    GROUP_ROLES,
    TEAM,
    UID,
    _policy,
    visible_customer,
)

ALL_GROUPS = (DESKTOP, GATEWAY, *GROUP_ROLES.values())
# Modules that secure the tables of later migrations: installed (and removed) with the core.
EXTENSIONS: tuple[Any, ...] = (pg_lobby_security, pg_queue_rules_security, pg_csat_security, pg_report_security)
EXTENSIONS += (pg_intervention_security,)
LOGIN_PREFIX = "cd_"
CHAIN_LOCK_KEY = 0x4344_4155_4449_5431  # services.audit.CHAIN_LOCK_KEY

# Columns no desktop may read.  The gateway reads them (it dials, sends and matches callers).
RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": ("id_number",),
    "customer_phone": ("e164",),
    "customer_email": ("address",),
    "customer_address": ("street",),
    "product_holding": ("account_no",),
    "call": ("from_e164", "to_e164"),
    "outbox_message": ("to_address",),
    "app_user": ("password_hash",),
}
# Tables of the security layer that the models do not describe (PostgreSQL only).
SERVER_ONLY_TABLES = ("pii_pepper",)
# Tables only supervisors and administrators (message.settle) read and settle.
SUPERVISED_TABLES = ("webhook_dead_letter",)
# Tables desktops may not touch at all.
HIDDEN_TABLES = ("stream_token", "pii_pepper")
# Tables desktops only read.
READ_ONLY_TABLES = (
    "alembic_version",
    "app_user",
    "audit_log",
    "role",
    "branch",
    "team",
    "product",
    "product_holding",
    "monthly_aggregate",
    "sla_policy",
    "business_calendar_day",
    "call_queue",
    "disposition_code",
    "webhook_dead_letter",
    "service_flow",
    "flow_rule",
)
# Tables whose rows desktops may delete (the rest only grow or change).
DELETABLE_TABLES = (
    "presence",
    "wrapup_draft",
    "ticket_draft",
    "ticket_saved_filter",
    "customer_phone",
    "customer_email",
    "customer_address",
    "customer_consent",
    "search_token",
    "call_offer",
    "reminder",
)
# Administrators keep the reference data.
ADMIN_WRITES = ("branch", "team", "sla_policy", "business_calendar_day", "call_queue", "disposition_code", "product")
# Supervisors (flow.author) keep the service flows and the rules that suggest them; everyone else reads them.
AUTHOR_WRITES = ("service_flow", "flow_rule")
# Roles that may change customers (customer.edit); administrators see customers masked and never edit them.
EDITING_GROUPS = tuple(GROUP_ROLES[r] for r in ("agent", "lobby_manager", "customer_manager", "supervisor"))
SUPERVISING_GROUPS = (GROUP_ROLES["supervisor"], GROUP_ROLES["admin"])

# Roles that see and work on every customer's rows.  Administrators see them too, but only read them
# (their policies below are FOR SELECT): they hold no customer.edit, reminder.manage or ticket.create.
_ALL_SCOPE = "contactdesk_agent, contactdesk_supervisor"
# Child tables of a customer: visible when their customer is (the customer policy applies in the subquery).
CUSTOMER_CHILDREN = (
    "customer_phone",
    "customer_email",
    "customer_address",
    "customer_consent",
    "product_holding",
    "monthly_aggregate",
    "search_token",
)


def _roles_sql() -> str:
    creates = "\n".join(
        f"""
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN
        BEGIN
            CREATE ROLE {name} NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
    END IF;"""
        for name in ALL_GROUPS
    )
    members = "\n".join(f"    GRANT {DESKTOP} TO {group};" for group in GROUP_ROLES.values())
    return f"DO $$\nBEGIN{creates}\n{members}\nEND\n$$;"


def _identity_sql() -> str:
    # Plain SQL and STABLE: inside a policy, ``(SELECT cd_uid())`` is computed once per statement.
    return """
CREATE OR REPLACE FUNCTION cd_uid() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT id FROM app_user WHERE db_login = session_user AND is_active $$;
CREATE OR REPLACE FUNCTION cd_role() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT role_code FROM app_user WHERE db_login = session_user AND is_active $$;
CREATE OR REPLACE FUNCTION cd_branch() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT branch_id FROM app_user WHERE db_login = session_user AND is_active $$;
CREATE OR REPLACE FUNCTION cd_team() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT team_id FROM app_user WHERE db_login = session_user AND is_active $$;
"""


def _grants_sql(schema: str) -> list[str]:
    out = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {DESKTOP}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {DESKTOP}",
        f"GRANT USAGE ON SCHEMA {schema} TO {DESKTOP}, {GATEWAY}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {DESKTOP}, {GATEWAY}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {DESKTOP}, {GATEWAY}",
        # The gateway: every table, raw columns included, but the audit trail only through its function
        # and no schema history writes.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {GATEWAY}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, alembic_version FROM {GATEWAY}",
        f"REVOKE DELETE ON customer FROM {GATEWAY}",
    ]
    return out


def _table_grants(bind: Any, schema: str) -> list[str]:
    """Table and column privileges of the desktop roles, from the tables as they are now."""
    rows = bind.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = :s ORDER BY table_name, ordinal_position"
        ),
        {"s": schema},
    ).all()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    out: list[str] = []
    for table, cols in columns.items():
        if table in HIDDEN_TABLES:
            continue
        raw = RAW_COLUMNS.get(table, ())
        readable = ", ".join(f'"{c}"' for c in cols if c not in raw)
        if table in SUPERVISED_TABLES:
            # Raw provider requests (callers' numbers, message texts): only for those who settle them.
            out.append(f'GRANT SELECT, UPDATE ON "{table}" TO {", ".join(SUPERVISING_GROUPS)}')
            continue
        if raw:
            out.append(f'GRANT SELECT ({readable}) ON "{table}" TO {DESKTOP}')
        else:
            out.append(f'GRANT SELECT ON "{table}" TO {DESKTOP}')
        if table in READ_ONLY_TABLES:
            if table in ADMIN_WRITES:
                out.append(f'GRANT INSERT, UPDATE ON "{table}" TO {GROUP_ROLES["admin"]}')
            if table in AUTHOR_WRITES:
                out.append(f'GRANT INSERT, UPDATE ON "{table}" TO {GROUP_ROLES["supervisor"]}')
            continue
        writable = ", ".join(f'"{c}"' for c in cols if c not in raw)
        if table in ("customer", "customer_phone", "customer_email", "customer_address"):
            # The raw value may be written (a customer's new number), never read back.
            out.append(f'GRANT INSERT, UPDATE ON "{table}" TO {", ".join(EDITING_GROUPS)}')
        elif raw:
            out.append(f'GRANT INSERT ({writable}), UPDATE ({writable}) ON "{table}" TO {DESKTOP}')
        elif table != "audit_log":
            out.append(f'GRANT INSERT, UPDATE ON "{table}" TO {DESKTOP}')
        if table in DELETABLE_TABLES:
            out.append(f'GRANT DELETE ON "{table}" TO {DESKTOP}')
    return out


def _rls_sql() -> list[str]:
    lobby, cm, sup = GROUP_ROLES["lobby_manager"], GROUP_ROLES["customer_manager"], GROUP_ROLES["supervisor"]
    scoped = f"{lobby}, {cm}"
    out: list[str] = []
    tables = (
        "customer",
        *CUSTOMER_CHILDREN,
        "interaction",
        "ticket",
        "reminder",
        "referral",
        "branch_queue_ticket",
        "user_session",
    )
    for table in tables:
        out.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        out.append(_policy(table, "cd_gateway_all", GATEWAY, "true"))
    # Customers: everyone (masked) for agents, supervisors and administrators; a lobby manager their branch;
    # a customer manager their portfolio and their branch.  INSERT/UPDATE are limited by the grants.
    out.append(_policy("customer", "cd_customer_all", _ALL_SCOPE, "true"))
    out.append(_policy("customer", "cd_customer_branch", lobby, f"branch_id = {BRANCH}"))
    out.append(_policy("customer", "cd_customer_portfolio", cm, f"manager_id = {UID} OR branch_id = {BRANCH}"))
    for table in CUSTOMER_CHILDREN:
        out.append(_policy(table, "cd_child_all", _ALL_SCOPE, "true"))
        out.append(_policy(table, "cd_child_scoped", scoped, visible_customer(table)))
    out.append(_policy("interaction", "cd_interaction_all", _ALL_SCOPE, "true"))
    out.append(
        _policy(
            "interaction",
            "cd_interaction_scoped",
            scoped,
            f"{visible_customer('interaction')} OR (customer_id IS NULL AND user_id = {UID})",
        )
    )
    # Tickets (permissions.ticket_scope and tickets.desk.may_open): one's own (assigned or registered); a
    # supervisor's teams and their members' work; and, for those who take complaints, any ticket of a
    # customer they may see.  Administrators handle no complaints.
    own = f"assignee_id = {UID} OR created_by_id = {UID}"
    out.append(_policy("ticket", "cd_ticket_own", ", ".join(EDITING_GROUPS), own))
    out.append(
        _policy(
            "ticket",
            "cd_ticket_customer",
            ", ".join(EDITING_GROUPS),
            f"customer_id IS NULL OR {visible_customer('ticket')}",
        )
    )
    teams = f"SELECT t.id FROM team t WHERE t.supervisor_id = {UID} OR t.id = {TEAM}"
    out.append(
        _policy(
            "ticket",
            "cd_ticket_team",
            sup,
            f"team_id IN ({teams}) OR assignee_id IN (SELECT u.id FROM app_user u WHERE u.team_id IN ({teams}))",
        )
    )
    out.append(_policy("reminder", "cd_reminder_all", _ALL_SCOPE, "true"))
    out.append(
        _policy(
            "reminder",
            "cd_reminder_scoped",
            scoped,
            f"assigned_to_id = {UID} OR created_by_id = {UID} OR {visible_customer('reminder')}"
            f" OR (customer_id IS NULL AND branch_id = {BRANCH})",
        )
    )
    out.append(_policy("referral", "cd_referral_all", _ALL_SCOPE, "true"))
    out.append(_policy("referral", "cd_referral_lobby", lobby, f"branch_id = {BRANCH} OR from_user_id = {UID}"))
    out.append(
        _policy("referral", "cd_referral_cm", cm, f"to_user_id = {UID} OR from_user_id = {UID} OR branch_id = {BRANCH}")
    )
    out.append(_policy("branch_queue_ticket", "cd_queue_all", _ALL_SCOPE, "true"))
    out.append(_policy("branch_queue_ticket", "cd_queue_branch", scoped, f"branch_id = {BRANCH}"))
    out.append(_policy("user_session", "cd_session_own", DESKTOP, f"user_id = {UID}"))
    out.append(_policy("user_session", "cd_session_admin", GROUP_ROLES["admin"], "true", "SELECT"))
    admin = GROUP_ROLES["admin"]
    for table in ("customer", *CUSTOMER_CHILDREN, "interaction", "reminder", "referral", "branch_queue_ticket"):
        out.append(_policy(table, "cd_admin_read", admin, "true", "SELECT"))
    # Administrators settle messages (message.settle, services.messaging.settle): the messages' timeline
    # entries move, and a note of their own is added.  No other customer row is theirs to write.
    out.append(
        'DROP POLICY IF EXISTS cd_admin_settle_note ON "interaction";\n'
        f'CREATE POLICY cd_admin_settle_note ON "interaction" AS PERMISSIVE FOR INSERT TO {admin} '
        f"WITH CHECK (outbox_id IS NOT NULL OR user_id = {UID})"
    )
    out.append(_policy("interaction", "cd_admin_settle_entry", admin, "outbox_id IS NOT NULL", "UPDATE"))
    return out


# Flow runs and their steps hold a customer's answers: visible as the customer's interactions are.  Migration
# 0012 creates flow_run_step; until it has run (0011 installs this module too) the flow tables are left alone.
FLOW_TABLES = ("flow_run", "flow_run_step")


def _flow_rls_sql() -> list[str]:
    scoped = f"{GROUP_ROLES['lobby_manager']}, {GROUP_ROLES['customer_manager']}"
    out: list[str] = []
    for table in FLOW_TABLES:
        out.append(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        out.append(_policy(table, "cd_gateway_all", GATEWAY, "true"))
        out.append(_policy(table, "cd_flow_all", _ALL_SCOPE, "true"))
        out.append(_policy(table, "cd_admin_read", GROUP_ROLES["admin"], "true", "SELECT"))
    out.append(
        _policy(
            "flow_run",
            "cd_flow_scoped",
            scoped,
            f"{visible_customer('flow_run')} OR (customer_id IS NULL AND user_id = {UID})",
        )
    )
    # The run's policy applies inside the subquery: a step is visible when its run is.
    run_visible = 'EXISTS (SELECT 1 FROM flow_run r WHERE r.id = "flow_run_step".run_id)'
    out.append(_policy("flow_run_step", "cd_flow_scoped", scoped, run_visible))
    return out


def _has_flow_tables(bind: Any) -> bool:
    return all(bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": t}).scalar_one() for t in FLOW_TABLES)


def uninstall_flow_rls(bind: Any) -> None:
    """Remove row-level security from the flow tables (migration 0012's downgrade; idempotent)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    for table in FLOW_TABLES:
        if not bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar_one():
            continue
        bind.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
        policies = text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t")
        for (name,) in bind.execute(policies, {"s": schema, "t": table}).all():
            bind.execute(text(f'DROP POLICY "{name}" ON "{table}"'))


def _functions_sql(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    groups = ", ".join(f"'{code}', '{group}'" for code, group in GROUP_ROLES.items())
    group_list = ", ".join(f"'{group}'" for group in GROUP_ROLES.values())
    return f"""
-- The person behind a desktop login (NULL for the gateway and the owner).
CREATE OR REPLACE FUNCTION cd_me(OUT user_id bigint, OUT username text, OUT role_code text, OUT branch_id bigint)
LANGUAGE sql STABLE SECURITY DEFINER {path} AS
$$ SELECT id, username, role_code, branch_id FROM app_user WHERE db_login = session_user AND is_active $$;

CREATE OR REPLACE FUNCTION cd_clean(value text, width int) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT left(regexp_replace(value, '[\\x01-\\x1f\\x7f]', U&'\\FFFD', 'g'), width) $$;

-- Append one audit row.  The actor comes from session_user (a desktop cannot name another), the time
-- from the server; the chain link is computed here (services.audit documents the row format).  Logins
-- that are no ContactDesk user (the gateway, the owner) write rows for the name they give.
CREATE OR REPLACE FUNCTION cd_audit_append(
    p_username text, p_user_id bigint, p_workstation text, p_action text,
    p_entity text, p_entity_id text, p_detail text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    head_id bigint;
    head_hash text;
    new_id bigint;
    v_at timestamptz := clock_timestamp();
    v_user text;
    v_ws text := cd_clean(coalesce(p_workstation, ''), 64);
    v_action text := cd_clean(p_action, 32);
    v_entity text := nullif(cd_clean(coalesce(p_entity, ''), 32), '');
    v_entity_id text := nullif(cd_clean(coalesce(p_entity_id, ''), 40), '');
    v_hash text;
BEGIN
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NOT NULL THEN
        p_user_id := me.user_id;
        v_user := me.username;
    ELSIF pg_has_role(session_user, '{DESKTOP}', 'MEMBER')
          AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        -- (pg_has_role says yes to a superuser for every role: the owner in a test is no desktop)
        RAISE EXCEPTION 'contactdesk: % is not an active ContactDesk user', session_user
            USING ERRCODE = 'insufficient_privilege';
    ELSE
        v_user := cd_clean(coalesce(p_username, ''), 64);
    END IF;
    IF v_action IS NULL OR v_action = '' THEN
        RAISE EXCEPTION 'contactdesk: an audit row needs an action' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK_KEY});
    SELECT id, row_hash INTO head_id, head_hash FROM audit_log ORDER BY id DESC LIMIT 1;
    new_id := coalesce(head_id, 0) + 1;
    head_hash := coalesce(head_hash, repeat('0', 64));
    v_hash := encode(sha256(convert_to(concat_ws(E'\\x1f', head_hash, new_id::text,
        to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
        coalesce(p_user_id::text, E'\\x19'), v_user, v_ws, v_action,
        coalesce(v_entity, E'\\x19'), coalesce(v_entity_id, E'\\x19'), coalesce(p_detail, E'\\x19')), 'UTF8')), 'hex');
    INSERT INTO audit_log (id, at, user_id, username, workstation, action, entity, entity_id, detail,
                           prev_hash, row_hash)
    VALUES (new_id, v_at, p_user_id, v_user, v_ws, v_action, v_entity, v_entity_id, p_detail, head_hash, v_hash);
    RETURN new_id;
END
$$;

-- Whether the calling desktop user may see a customer (the scope of services.permissions.customer_scope).
CREATE OR REPLACE FUNCTION cd_sees_customer(p_customer_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$
    SELECT EXISTS (
        SELECT 1 FROM customer c, cd_me() m
        WHERE c.id = p_customer_id AND m.user_id IS NOT NULL AND (
            m.role_code IN ('agent', 'supervisor', 'admin')
            OR (m.role_code = 'lobby_manager' AND c.branch_id = m.branch_id)
            OR (m.role_code = 'customer_manager' AND (c.manager_id = m.user_id OR c.branch_id = m.branch_id))))
$$;

-- Whether an identity answer matches the customer's record (services.flows.identity): true, false, or NULL when
-- the record holds nothing to check.  The expected value never leaves the database.  The caller must be a
-- ContactDesk user who may see the customer.  Answers come normalised (id_tail4: 4 upper-case characters;
-- birth_date: YYYY-MM-DD; recent_transaction: a decimal, matched within 10 % (at least 1) of the latest
-- active month's total in or out).
CREATE OR REPLACE FUNCTION cd_identity_check(p_customer_id bigint, p_kind text, p_answer text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER {path} AS $$
DECLARE
    c record;
    m record;
    v_amount numeric;
BEGIN
    IF (SELECT user_id FROM cd_me()) IS NULL THEN
        RAISE EXCEPTION 'contactdesk: % is not an active ContactDesk user', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT cd_sees_customer(p_customer_id) THEN
        RAISE EXCEPTION 'contactdesk: customer % is outside what % may see', p_customer_id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_answer IS NULL THEN
        RETURN false;
    END IF;
    IF p_kind = 'id_tail4' THEN
        SELECT id_number INTO c FROM customer WHERE id = p_customer_id;
        IF c.id_number IS NULL OR length(c.id_number) < 4 THEN
            RETURN NULL;
        END IF;
        RETURN upper(right(c.id_number, 4)) = upper(p_answer);
    ELSIF p_kind = 'birth_date' THEN
        SELECT birth_date INTO c FROM customer WHERE id = p_customer_id;
        IF c.birth_date IS NULL THEN
            RETURN NULL;
        END IF;
        IF p_answer !~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN
            RETURN false;
        END IF;
        BEGIN
            RETURN c.birth_date = p_answer::date;
        EXCEPTION WHEN others THEN
            RETURN false;
        END;
    ELSIF p_kind = 'recent_transaction' THEN
        SELECT txn_in, txn_out INTO m FROM monthly_aggregate
        WHERE customer_id = p_customer_id AND txn_count > 0 ORDER BY month DESC LIMIT 1;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        IF p_answer !~ '^[0-9]{{1,16}}(\\.[0-9]{{1,2}})?$' THEN
            RETURN false;
        END IF;
        v_amount := p_answer::numeric;
        RETURN (m.txn_in > 0 AND abs(v_amount - m.txn_in) <= greatest(m.txn_in * 0.10, 1))
            OR (m.txn_out > 0 AND abs(v_amount - m.txn_out) <= greatest(m.txn_out * 0.10, 1));
    END IF;
    RAISE EXCEPTION 'contactdesk: unknown identity check %', p_kind USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- One masked value in full: the caller's role must hold customer.reveal, the customer must be in scope;
-- the audit row is written before the value is returned.  Card numbers never show more than BIN + last 4.
CREATE OR REPLACE FUNCTION cd_reveal(
    p_customer_id bigint, p_field text, p_item_id bigint, p_reason text, p_reason_text text,
    p_seconds int, p_workstation text, OUT item_id bigint, OUT value text, OUT audit_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
BEGIN
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NULL OR me.role_code NOT IN ('lobby_manager', 'customer_manager', 'supervisor') THEN
        RAISE EXCEPTION 'contactdesk: % may not reveal masked values', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT cd_sees_customer(p_customer_id) THEN
        RAISE EXCEPTION 'contactdesk: customer % is outside what % may see', p_customer_id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_field = 'id_number' THEN
        SELECT NULL::bigint, c.id_number INTO item_id, value FROM customer c WHERE c.id = p_customer_id;
    ELSIF p_field = 'phone' THEN
        SELECT p.id, p.e164 INTO item_id, value FROM customer_phone p
        WHERE p.customer_id = p_customer_id AND (p_item_id IS NULL OR p.id = p_item_id)
        ORDER BY p.is_primary DESC, p.id LIMIT 1;
    ELSIF p_field = 'email' THEN
        SELECT e.id, e.address INTO item_id, value FROM customer_email e
        WHERE e.customer_id = p_customer_id AND (p_item_id IS NULL OR e.id = p_item_id)
        ORDER BY e.is_primary DESC, e.id LIMIT 1;
    ELSIF p_field = 'address' THEN
        SELECT a.id, concat(a.province, CASE WHEN a.city <> a.province THEN a.city END,
                            CASE WHEN a.district NOT IN (a.city, a.province) THEN a.district END, a.street)
        INTO item_id, value FROM customer_address a
        WHERE a.customer_id = p_customer_id AND (p_item_id IS NULL OR a.id = p_item_id) ORDER BY a.id LIMIT 1;
    ELSIF p_field IN ('account', 'card') THEN
        SELECT h.id, CASE WHEN p_field = 'card' THEN h.account_masked ELSE h.account_no END INTO item_id, value
        FROM product_holding h
        WHERE h.customer_id = p_customer_id AND (p_item_id IS NULL OR h.id = p_item_id)
          AND ((p_field = 'card') = (h.kind IN ('credit_card', 'debit_card')))
        ORDER BY h.id LIMIT 1;
        IF p_field = 'card' AND value IS NOT NULL THEN
            SELECT CASE WHEN length(h.account_no) >= 14
                        THEN left(h.account_no, 6) || repeat('*', length(h.account_no) - 10) || right(h.account_no, 4)
                        ELSE h.account_masked END INTO value FROM product_holding h WHERE h.id = item_id;
        END IF;
    ELSE
        RAISE EXCEPTION 'contactdesk: unknown field %', p_field USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF value IS NULL OR value = '' THEN
        RETURN;
    END IF;
    audit_id := cd_audit_append(NULL, NULL, p_workstation, 'reveal', 'customer', p_customer_id::text,
        jsonb_build_object('field', p_field, 'item_id', item_id, 'reason', p_reason,
                           'reason_text', coalesce(p_reason_text, ''), 'seconds', p_seconds)::text);
END
$$;

-- Quick-create (services.screenpop): an unknown caller's number becomes the new customer's phone.  A desktop
-- cannot read the number, so it is copied here: only from an inbound call that matched nobody and is linked
-- to no customer yet, to a customer the caller may see, and not twice.  Returns the new phone row's id.
CREATE OR REPLACE FUNCTION cd_call_phone_to_customer(p_call_id bigint, p_customer_id bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    uid bigint := (SELECT user_id FROM cd_me());
    new_id bigint;
BEGIN
    IF uid IS NULL AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'contactdesk: % is not an active ContactDesk user', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF uid IS NOT NULL AND NOT cd_sees_customer(p_customer_id) THEN
        RAISE EXCEPTION 'contactdesk: customer % is outside what % may see', p_customer_id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Only the agent who has the call may give its number away (else any desk could copy any caller's number
    -- to a customer it sees, and reveal it there).
    IF uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM call c WHERE c.id = p_call_id AND c.agent_id = uid) THEN
        RAISE EXCEPTION 'contactdesk: call % is not a call of %', p_call_id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO customer_phone (customer_id, e164, e164_masked, e164_key, kind, is_primary, verified)
    -- The key column gets the number's pre-key (db.pii.pii_key), which the key trigger peppers like any other.
    SELECT p_customer_id, c.from_e164, c.from_masked,
           left(encode(sha256(convert_to('phone:' || c.from_e164, 'UTF8')), 'hex'), 32),
           CASE WHEN c.from_e164 LIKE '+861%' AND length(c.from_e164) = 14 THEN 'mobile' ELSE 'landline' END,
           NOT EXISTS (SELECT 1 FROM customer_phone p WHERE p.customer_id = p_customer_id AND p.is_primary), false
    FROM call c
    WHERE c.id = p_call_id AND c.direction = 'inbound' AND c.match_result = 'none' AND c.customer_id IS NULL
      AND c.from_e164 IS NOT NULL AND c.from_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM customer_phone p WHERE p.customer_id = p_customer_id AND p.e164_key = c.from_key)
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

-- A change-event stream token for the caller's own sign-in session (only its SHA-256 is stored).
CREATE OR REPLACE FUNCTION cd_stream_token_issue(
    p_hash text, p_session_id bigint, p_workstation text, p_hours double precision)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    uid bigint := (SELECT user_id FROM cd_me());
BEGIN
    IF uid IS NULL THEN
        RAISE EXCEPTION 'contactdesk: % is not an active ContactDesk user', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_session_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM user_session s WHERE s.id = p_session_id AND s.user_id = uid AND s.ended_at IS NULL) THEN
        RAISE EXCEPTION 'contactdesk: session % is not an open session of %', p_session_id, session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_hours <= 0 OR p_hours > 24 OR length(p_hash) <> 64 THEN
        RAISE EXCEPTION 'contactdesk: a stream token lasts up to 24 hours' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM stream_token WHERE expires_at < now();
    INSERT INTO stream_token (token_hash, user_id, session_id, workstation, issued_at, expires_at)
    VALUES (p_hash, uid, p_session_id, left(coalesce(p_workstation, ''), 64), now(),
            now() + p_hours * interval '1 hour');
END
$$;

CREATE OR REPLACE FUNCTION cd_stream_token_revoke(p_hash text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER {path} AS
$$ DELETE FROM stream_token WHERE token_hash = p_hash AND user_id = (SELECT user_id FROM cd_me()) $$;

-- The login name of a ContactDesk user.
CREATE OR REPLACE FUNCTION cd_login_name(p_username text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT '{LOGIN_PREFIX}' || lower(regexp_replace(p_username, '[^A-Za-z0-9_]', '_', 'g')) $$;

CREATE OR REPLACE FUNCTION cd_group_of(p_role text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    groups text[] := ARRAY[{groups}];
BEGIN
    FOR i IN 1 .. array_length(groups, 1) BY 2 LOOP
        IF groups[i] = p_role THEN RETURN groups[i + 1]; END IF;
    END LOOP;
    RAISE EXCEPTION 'contactdesk: unknown role %', p_role USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- Give a user the login that matches their row: created if missing, in exactly the group of their role,
-- able to log in while the user is active.  Called by the user functions and the seed (owner only).
CREATE OR REPLACE FUNCTION cd_sync_login(p_user_id bigint) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    u record;
    login text;
    g text;
BEGIN
    SELECT * INTO u FROM app_user WHERE id = p_user_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'contactdesk: no user %', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    login := coalesce(u.db_login, cd_login_name(u.username));
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', login);
    END IF;
    FOREACH g IN ARRAY ARRAY[{group_list}] LOOP
        IF g <> cd_group_of(u.role_code) AND pg_has_role(login, g, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', g, login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', cd_group_of(u.role_code), login);
    IF u.is_active THEN
        EXECUTE format('ALTER ROLE %I LOGIN', login);
    ELSE
        EXECUTE format('ALTER ROLE %I NOLOGIN PASSWORD NULL', login);
        -- Its open connections end now; its stream tokens go with its sessions.
        PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a WHERE a.usename = login;
    END IF;
    IF u.db_login IS DISTINCT FROM login THEN
        UPDATE app_user SET db_login = login WHERE id = p_user_id;
    END IF;
    RETURN login;
END
$$;

-- A short-lived password for a user's login, set by the sign-in service after it verified the user's
-- own password (argon2, lock-out).  ``p_verifier`` is a SCRAM-SHA-256 verifier: the server never sees the
-- password itself.  Only the gateway may call it.
CREATE OR REPLACE FUNCTION cd_issue_login(p_user_id bigint, p_verifier text, p_valid_until timestamptz) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    login text;
BEGIN
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'contactdesk: a SCRAM-SHA-256 verifier is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = p_user_id AND is_active) THEN
        RAISE EXCEPTION 'contactdesk: user % is not active', p_user_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    login := cd_sync_login(p_user_id);
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', login, p_verifier, p_valid_until);
    RETURN login;
END
$$;

CREATE OR REPLACE FUNCTION cd_require_admin() RETURNS record
LANGUAGE plpgsql STABLE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
BEGIN
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NULL OR me.role_code <> 'admin' THEN
        RAISE EXCEPTION 'contactdesk: only an administrator may change users' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END
$$;

-- User administration for administrators' desktops: the row and the login change in one transaction.
CREATE OR REPLACE FUNCTION cd_user_create(
    p_username text, p_display_name text, p_role text, p_password_hash text, p_branch_id bigint,
    p_team_id bigint, p_employee_no text, p_workstation text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    new_id bigint;
BEGIN
    PERFORM cd_require_admin();
    PERFORM cd_group_of(p_role);
    INSERT INTO app_user (username, display_name, role_code, password_hash, branch_id, team_id, employee_no,
                          skills, locale, is_active, failed_logins, password_changed_at, created_at, updated_at,
                          version, db_login)
    VALUES (p_username, p_display_name, p_role, p_password_hash, p_branch_id, p_team_id, p_employee_no,
            '[]', 'zh_CN', true, 0, CASE WHEN p_password_hash IS NULL THEN NULL ELSE now() END, now(), now(), 1,
            cd_login_name(p_username))
    RETURNING id INTO new_id;
    PERFORM cd_sync_login(new_id);
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'user_add', 'user', new_id::text,
                            jsonb_build_object('username', p_username, 'role', p_role)::text);
    RETURN new_id;
END
$$;

CREATE OR REPLACE FUNCTION cd_user_set_role(p_user_id bigint, p_role text, p_workstation text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    v_was text;  -- the role before: lets `contactdesk audit verify` judge the user's earlier rows
BEGIN
    PERFORM cd_require_admin();
    PERFORM cd_group_of(p_role);
    SELECT role_code INTO v_was FROM app_user WHERE id = p_user_id FOR UPDATE;
    UPDATE app_user SET role_code = p_role, version = version + 1, updated_at = now() WHERE id = p_user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'contactdesk: no user %', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM cd_sync_login(p_user_id);
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'user_role', 'user', p_user_id::text,
                            jsonb_build_object('role', p_role, 'was', v_was)::text);
END
$$;

CREATE OR REPLACE FUNCTION cd_user_set_active(p_user_id bigint, p_active boolean, p_workstation text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM cd_require_admin();
    UPDATE app_user SET is_active = p_active, version = version + 1, updated_at = now() WHERE id = p_user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'contactdesk: no user %', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    IF NOT p_active THEN
        UPDATE user_session SET ended_at = now(), ended_reason = 'disabled'
        WHERE user_id = p_user_id AND ended_at IS NULL;
        DELETE FROM stream_token WHERE user_id = p_user_id;
    END IF;
    PERFORM cd_sync_login(p_user_id);
    PERFORM cd_audit_append(NULL, NULL, p_workstation, CASE WHEN p_active THEN 'user_enable' ELSE 'user_disable' END,
                            'user', p_user_id::text, NULL);
END
$$;

CREATE OR REPLACE FUNCTION cd_user_unlock(p_user_id bigint, p_workstation text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM cd_require_admin();
    UPDATE app_user SET failed_logins = 0, locked_until = NULL, version = version + 1, updated_at = now()
    WHERE id = p_user_id;
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'user_unlock', 'user', p_user_id::text, NULL);
END
$$;

CREATE OR REPLACE FUNCTION cd_user_set_password(p_user_id bigint, p_password_hash text, p_workstation text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
BEGIN
    PERFORM cd_require_admin();
    IF p_password_hash NOT LIKE '$argon2%' THEN
        RAISE EXCEPTION 'contactdesk: an argon2 hash is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE app_user SET password_hash = p_password_hash, password_changed_at = now(), failed_logins = 0,
                        locked_until = NULL, version = version + 1, updated_at = now()
    WHERE id = p_user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'contactdesk: no user %', p_user_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'password_set', 'user', p_user_id::text, NULL);
END
$$;
"""


DEFINER_FUNCTIONS = {
    # function signature -> who may execute it
    "cd_me()": (DESKTOP, GATEWAY),
    "cd_pii_key(text)": (DESKTOP, GATEWAY),
    "cd_pepper_key_column()": (),
    "cd_audit_append(text, bigint, text, text, text, text, text)": (DESKTOP, GATEWAY),
    "cd_sees_customer(bigint)": (DESKTOP,),
    "cd_reveal(bigint, text, bigint, text, text, integer, text)": (DESKTOP,),
    "cd_identity_check(bigint, text, text)": EDITING_GROUPS,
    "cd_call_phone_to_customer(bigint, bigint)": EDITING_GROUPS,
    "cd_stream_token_issue(text, bigint, text, double precision)": (DESKTOP,),
    "cd_stream_token_revoke(text)": (DESKTOP,),
    "cd_sync_login(bigint)": (),
    "cd_issue_login(bigint, text, timestamp with time zone)": (GATEWAY,),
    "cd_require_admin()": (),
    "cd_user_create(text, text, text, text, bigint, bigint, text, text)": (GROUP_ROLES["admin"],),
    "cd_user_set_role(bigint, text, text)": (GROUP_ROLES["admin"],),
    "cd_user_set_active(bigint, boolean, text)": (GROUP_ROLES["admin"],),
    "cd_user_unlock(bigint, text)": (GROUP_ROLES["admin"],),
    "cd_user_set_password(bigint, text, text)": (GROUP_ROLES["admin"],),
}


def _pepper_sql(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    return f"""
CREATE TABLE IF NOT EXISTS pii_pepper (id integer PRIMARY KEY CHECK (id = 1), pepper text NOT NULL);
-- The stored search key of a pre-key (db.pii.pii_key): hashed once more with the secret, which only the owner
-- reads.  Desktops and gateways call it; they never see the secret.
CREATE OR REPLACE FUNCTION cd_pii_key(p_prekey text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER {path} AS
$$ SELECT left(encode(sha256(convert_to(pepper || p_prekey, 'UTF8')), 'hex'), 32) FROM pii_pepper $$;
-- On every write of a key column: the writer gives the pre-key, the row stores the peppered key.
CREATE OR REPLACE FUNCTION cd_pepper_key_column() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
DECLARE
    prekey text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF prekey IS NULL OR prekey = '' THEN
        RETURN NEW;
    END IF;
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], cd_pii_key(prekey)));
    RETURN NEW;
END
$$;
"""


def _install_pepper(bind: Any, schema: str) -> None:
    """The secret, its functions and the key triggers; a new secret re-keys the rows already stored."""
    import secrets

    from .pii import PEPPERED_KEYS

    bind.execute(text(_pepper_sql(f'"{schema}"')))
    created = bind.execute(
        text("INSERT INTO pii_pepper (id, pepper) VALUES (1, :p) ON CONFLICT (id) DO NOTHING"),
        {"p": secrets.token_hex(32)},
    ).rowcount
    tables = set(
        bind.execute(
            text("SELECT table_name FROM information_schema.columns WHERE table_schema = :s AND column_name = ANY(:c)"),
            {"s": schema, "c": list(PEPPERED_KEYS.values())},
        ).scalars()
    )
    for table, column in PEPPERED_KEYS.items():
        if table not in tables:
            continue
        bind.execute(
            text(
                f'CREATE OR REPLACE TRIGGER cd_pepper_key BEFORE INSERT OR UPDATE OF "{column}" ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION cd_pepper_key_column('{column}')"
            )
        )
        if created:
            bind.execute(text(f'UPDATE "{table}" SET "{column}" = "{column}" WHERE "{column}" <> \'\''))


def install(bind: Any) -> None:
    """Create or refresh every role, privilege, policy and function (idempotent; PostgreSQL only)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    bind.execute(text(_roles_sql()))
    bind.execute(text(_identity_sql()))
    _install_pepper(bind, schema)
    bind.execute(text(_functions_sql(f'"{schema}"')))
    for signature, callers in DEFINER_FUNCTIONS.items():
        bind.execute(text(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC"))
        for caller in callers:
            bind.execute(text(f"GRANT EXECUTE ON FUNCTION {signature} TO {caller}"))
    statements = _grants_sql(f'"{schema}"') + _table_grants(bind, schema) + _rls_sql()
    if _has_flow_tables(bind):
        statements += _flow_rls_sql()
    for statement in statements:
        bind.execute(text(statement))
    for extra in EXTENSIONS:
        extra.install(bind, schema)
    # Existing users get their logins (without a password: the sign-in service issues one).
    bind.execute(text("SELECT cd_sync_login(id) FROM app_user"))


def uninstall(bind: Any) -> None:
    """Undo :func:`install` down to migration 0002's shape (the group roles stay: other databases may use them)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    for extra in EXTENSIONS:
        extra.uninstall(bind)
    uninstall_flow_rls(bind)
    for table in (
        "customer",
        *CUSTOMER_CHILDREN,
        "interaction",
        "ticket",
        "reminder",
        "referral",
        "branch_queue_ticket",
        "user_session",
    ):
        bind.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
        for (name,) in bind.execute(
            text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t"),
            {"s": schema, "t": table},
        ).all():
            bind.execute(text(f'DROP POLICY "{name}" ON "{table}"'))
    from .pii import PEPPERED_KEYS

    for table in PEPPERED_KEYS:
        bind.execute(text(f'DROP TRIGGER IF EXISTS cd_pepper_key ON "{table}"'))
    for signature in DEFINER_FUNCTIONS:
        bind.execute(text(f"DROP FUNCTION IF EXISTS {signature}"))
    bind.execute(text("DROP TABLE IF EXISTS pii_pepper"))
    for name in (
        "cd_group_of(text)",
        "cd_login_name(text)",
        "cd_clean(text, integer)",
        "cd_uid()",
        "cd_role()",
        "cd_branch()",
        "cd_team()",
    ):
        bind.execute(text(f"DROP FUNCTION IF EXISTS {name}"))
    bind.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM {DESKTOP}, {GATEWAY}'))
    bind.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {DESKTOP}'))
    bind.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {DESKTOP}"))
    bind.execute(text(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {DESKTOP}"))
