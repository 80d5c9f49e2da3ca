"""The issue's probe, repeated with each role's own PostgreSQL login: what a desktop's credential must not do.

Someone who takes the login a desktop uses and talks SQL to the server directly gets no further than the
application would let them: raw identifiers are unreadable (SQLSTATE 42501), users, stream tokens, customers
and the audit trail cannot be changed behind the services' back, an audit row names its real author, and a
lobby manager does not see another branch's customers.  Each test also shows what the login *can* do, so
that none of them passes merely because the login can do nothing at all.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from db.pg_security import DESKTOP, GATEWAY, GROUP_ROLES

from .conftest import INSUFFICIENT_PRIVILEGE, STAFF, SecuredDatabase, run_refused, run_rolled_back

pytestmark = pytest.mark.postgres

ROLES = sorted(STAFF)

# Every raw identifier a desktop could want, read directly, used as a filter (an oracle), or behind '*'.
RAW_READS = (
    "SELECT id_number FROM customer",
    "SELECT * FROM customer",
    "SELECT id FROM customer WHERE id_number LIKE '11%'",
    "SELECT e164 FROM customer_phone",
    "SELECT count(*) FROM customer_phone WHERE e164 = '+8613800138000'",
    "SELECT address FROM customer_email",
    "SELECT street FROM customer_address",
    "SELECT account_no FROM product_holding",
    "SELECT password_hash FROM app_user",
    "SELECT * FROM app_user",
    "SELECT from_e164 FROM call",
    "SELECT to_e164 FROM call",
    "SELECT to_address FROM outbox_message",
    "SELECT token_hash FROM stream_token",
)


def test_the_logins_are_no_superusers(secured: SecuredDatabase) -> None:
    for role, username in STAFF.items():
        with secured.login_engine(username).connect() as conn:
            row = conn.execute(
                text(
                    "SELECT session_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, cd_role() "
                    "FROM pg_roles r WHERE r.rolname = session_user"
                )
            ).one()
        assert row[0] == f"cd_{username}"
        assert row[1:4] == (False, False, False), role
        assert row[4] == role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("sql", RAW_READS)
def test_raw_identifiers_are_unreadable(secured: SecuredDatabase, role: str, sql: str) -> None:
    assert run_refused(secured.login_engine(STAFF[role]), sql) == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize("role", ROLES)
def test_masked_columns_are_readable(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    rows = run_rolled_back(engine, "SELECT id, id_number_masked, id_number_key, id_tail FROM customer")
    assert rows, role
    assert all("*" in r.id_number_masked and len(r.id_number_key) == 32 for r in rows)
    phones = run_rolled_back(engine, "SELECT e164_masked, e164_key FROM customer_phone")
    assert phones and all("*" in p.e164_masked for p in phones)
    accounts = run_rolled_back(engine, "SELECT account_masked FROM product_holding")
    assert accounts and all("*" in a.account_masked for a in accounts)
    me = run_rolled_back(engine, "SELECT username, role_code FROM app_user WHERE db_login = session_user")
    assert [tuple(r) for r in me] == [(STAFF[role], role)]


def test_each_role_sees_the_customers_it_should(secured: SecuredDatabase) -> None:
    cm = secured.principal("cm01")
    with secured.owner.begin() as conn:  # a customer of another branch joins cm01's portfolio
        conn.execute(
            text("UPDATE customer SET manager_id = :u WHERE id = (SELECT min(id) FROM customer WHERE branch_id <> :b)"),
            {"u": cm.user_id, "b": cm.branch_id},
        )
    with secured.owner.connect() as conn:
        everyone = set(conn.execute(text("SELECT id FROM customer")).scalars())
        lobby = secured.principal("lobby01")
        branch = set(
            conn.execute(text("SELECT id FROM customer WHERE branch_id = :b"), {"b": lobby.branch_id}).scalars()
        )
        portfolio = set(
            conn.execute(
                text("SELECT id FROM customer WHERE manager_id = :u OR branch_id = :b"),
                {"u": cm.user_id, "b": cm.branch_id},
            ).scalars()
        )
    assert len(everyone) == 600
    assert 0 < len(branch) < len(portfolio) < len(everyone)
    expected = {"agent": everyone, "supervisor": everyone, "admin": everyone, "lobby_manager": branch,
                "customer_manager": portfolio}  # fmt: skip
    for role, username in STAFF.items():
        seen = {r.id for r in run_rolled_back(secured.login_engine(username), "SELECT id FROM customer")}
        assert seen == expected[role], role


@pytest.mark.parametrize("role", ROLES)
def test_users_cannot_be_changed_directly(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    agent01 = secured.user_id("agent01")
    other = "cd_agent01" if role == "admin" else "cd_admin"
    for sql in (
        "UPDATE app_user SET role_code = 'admin' WHERE username = 'agent01'",
        "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = 'agent01'",
        "UPDATE app_user SET is_active = true WHERE username = 'agent01'",
        "INSERT INTO app_user (username, display_name, role_code) VALUES ('mallory', 'M', 'admin')",
        "DELETE FROM app_user WHERE username = 'agent01'",
        "GRANT contactdesk_admin TO cd_agent01",
        f"ALTER ROLE {other} PASSWORD 'x'",
        f"ALTER ROLE cd_{STAFF[role]} VALID UNTIL 'infinity'",  # nor make its own credential last
        f"ALTER ROLE cd_{STAFF[role]} BYPASSRLS",
        "SELECT cd_sync_login(1)",
        "SELECT cd_issue_login(1, 'SCRAM-SHA-256$4096:x', now() + interval '1 hour')",
    ):
        assert run_refused(engine, sql) == INSUFFICIENT_PRIVILEGE, sql
    calls = (
        "SELECT cd_user_set_role(:id, 'admin', 'probe')",
        "SELECT cd_user_unlock(:id, 'probe')",
        "SELECT cd_user_set_active(:id, true, 'probe')",
    )
    if role != "admin":
        for sql in calls:
            assert run_refused(engine, sql, {"id": agent01}) == INSUFFICIENT_PRIVILEGE, sql
        return
    # An administrator may, through the functions only (rolled back: the seed stays as it is).
    with engine.connect() as conn:
        conn.execute(text("SELECT cd_user_set_role(:id, 'supervisor', 'probe')"), {"id": agent01})
        changed = conn.execute(text("SELECT role_code FROM app_user WHERE id = :id"), {"id": agent01}).scalar()
        member = conn.execute(text("SELECT pg_has_role('cd_agent01', 'contactdesk_supervisor', 'MEMBER')")).scalar()
        conn.rollback()
    assert (changed, member) == ("supervisor", True)


@pytest.mark.parametrize("role", ROLES)
def test_stream_tokens_cannot_be_forged(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    sql = (
        "INSERT INTO stream_token (token_hash, user_id, session_id, workstation, issued_at, expires_at) "
        "VALUES (repeat('a', 64), 1, NULL, 'probe', now(), now() + interval '1 day')"
    )
    assert run_refused(engine, sql) == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, "DELETE FROM stream_token") == INSUFFICIENT_PRIVILEGE
    # The function issues one for the caller only, and refuses another person's session.
    with secured.owner.begin() as conn:
        other = conn.execute(
            text(
                "INSERT INTO user_session (user_id, workstation, started_at, last_seen_at) "
                "VALUES (:u, 'probe', now(), now()) RETURNING id"
            ),
            {"u": secured.user_id("super01" if role != "supervisor" else "agent01")},
        ).scalar_one()
    refused = run_refused(engine, "SELECT cd_stream_token_issue(repeat('b', 64), :s, 'probe', 1)", {"s": other})
    assert refused == INSUFFICIENT_PRIVILEGE
    with engine.connect() as conn:
        conn.execute(text("SELECT cd_stream_token_issue(repeat('c', 64), NULL, 'probe', 1)"))
        conn.rollback()


@pytest.mark.parametrize("role", ROLES)
def test_customers_cannot_be_deleted(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    visible = run_rolled_back(engine, "SELECT id FROM customer ORDER BY id LIMIT 1")[0].id
    assert run_refused(engine, "DELETE FROM customer WHERE id = :id", {"id": visible}) == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, "TRUNCATE customer CASCADE") == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize("role", ROLES)
def test_audit_rows_cannot_be_forged(secured: SecuredDatabase, role: str) -> None:
    username = STAFF[role]
    engine = secured.login_engine(username)
    victim = "super01" if role == "admin" else "admin"
    victim_id = secured.user_id(victim)
    forged_insert = (
        "INSERT INTO audit_log (id, at, user_id, username, workstation, action, prev_hash, row_hash) "
        "VALUES (999999, '2020-01-01', :v, :n, 'probe', 'export', repeat('0', 64), repeat('0', 64))"
    )
    assert run_refused(engine, forged_insert, {"v": victim_id, "n": victim}) == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, "UPDATE audit_log SET username = 'admin'") == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, "DELETE FROM audit_log") == INSUFFICIENT_PRIVILEGE
    with engine.begin() as conn:
        before = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        row_id = conn.execute(
            text("SELECT cd_audit_append(:n, :v, 'probe', 'export', 'customer', '1', '{\"rows\": 600}')"),
            {"n": victim, "v": victim_id},
        ).scalar_one()
    with secured.owner.connect() as conn:
        after = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        row = conn.execute(
            text("SELECT username, user_id, at, action FROM audit_log WHERE id = :id"), {"id": row_id}
        ).one()
    assert (row.username, row.user_id, row.action) == (username, secured.user_id(username), "export")
    assert before <= row.at <= after
    assert after - row.at < dt.timedelta(minutes=1)


@pytest.mark.parametrize("username", ["lobby01", "cm01"])
def test_another_branch_stays_hidden(secured: SecuredDatabase, username: str) -> None:
    me = secured.principal(username)
    with secured.owner.connect() as conn:
        outside = list(
            conn.execute(
                text("SELECT id FROM customer WHERE branch_id <> :b AND manager_id IS DISTINCT FROM :u"),
                {"b": me.branch_id, "u": me.user_id},
            ).scalars()
        )
    assert len(outside) > 500
    engine = secured.login_engine(username)
    probes = {
        "customer": "SELECT count(*) FROM customer WHERE branch_id <> :b AND manager_id IS DISTINCT FROM :u",
        "customer by id": "SELECT count(*) FROM customer WHERE id = ANY(:ids)",
        "customer_phone": "SELECT count(*) FROM customer_phone WHERE customer_id = ANY(:ids)",
        "customer_email": "SELECT count(*) FROM customer_email WHERE customer_id = ANY(:ids)",
        "product_holding": "SELECT count(*) FROM product_holding WHERE customer_id = ANY(:ids)",
        "interaction": "SELECT count(*) FROM interaction WHERE customer_id = ANY(:ids)",
        "ticket": "SELECT count(*) FROM ticket WHERE customer_id = ANY(:ids) "
        "AND assignee_id IS DISTINCT FROM :u AND created_by_id IS DISTINCT FROM :u",
    }
    params = {"b": me.branch_id, "u": me.user_id, "ids": outside}
    for table, sql in probes.items():
        with secured.owner.connect() as conn:
            there = conn.execute(text(sql), params).scalar_one()
        assert there > 0, f"the seed has no {table} rows of other branches: the probe would prove nothing"
        assert run_rolled_back(engine, sql, params)[0][0] == 0, table
    # Nor can such a customer be changed, nor their numbers be removed.
    assert run_rolled_back(engine, "UPDATE customer SET occupation = 'x' WHERE id = ANY(:ids)", params) == 0
    assert run_rolled_back(engine, "DELETE FROM customer_phone WHERE customer_id = ANY(:ids)", params) == 0
    # Revealing one is refused even by a role that may reveal.
    reveal = "SELECT * FROM cd_reveal(:c, 'phone', NULL, 'verify', '', 30, 'probe')"
    assert run_refused(engine, reveal, {"c": outside[0]}) == INSUFFICIENT_PRIVILEGE
    mine = run_rolled_back(engine, "SELECT id FROM customer ORDER BY id LIMIT 1")[0].id
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM cd_reveal(:c, 'id_number', NULL, 'verify', '', 30, 'probe')"),
                             {"c": mine}).scalar()  # fmt: skip
        conn.rollback()
    assert value and "*" not in value


@pytest.mark.parametrize("role", ["agent", "admin"])
def test_roles_without_reveal_cannot_reveal(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    sql = "SELECT * FROM cd_reveal(1, 'id_number', NULL, 'verify', '', 30, 'probe')"
    assert run_refused(engine, sql) == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize("role", ROLES)
def test_no_login_can_take_on_another_group(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    others = [g for r, g in GROUP_ROLES.items() if r != role] + [GATEWAY]
    for group in others:
        assert run_refused(engine, f"SET ROLE {group}") == INSUFFICIENT_PRIVILEGE, group
    # Its own groups only narrow what it sees: the policies are the role's, or none at all.
    with engine.connect() as conn:
        conn.execute(text(f"SET ROLE {GROUP_ROLES[role]}"))
        as_group = conn.execute(text("SELECT count(*) FROM customer")).scalar()
        conn.execute(text(f"SET ROLE {DESKTOP}"))
        as_desktop = conn.execute(text("SELECT count(*) FROM customer")).scalar()
        conn.rollback()
    assert as_group == len(run_rolled_back(engine, "SELECT id FROM customer")) > 0
    assert as_desktop == 0
