"""Row-level security walked role by role at SQL level, against the service layer's own idea of scope.

For every table under row-level security, each role's login must see exactly the rows the services would
show that person: the customers of :func:`services.permissions.customer_scope` and their rows, the tickets
:func:`services.tickets.desk.may_open` opens, and for tables no service lists yet (referrals, queue numbers,
sessions) the rule written out below.  The expected sets are computed as the owner (who bypasses row-level
security); the seed is extended first with rows that sit on the edges of each rule (customer-less rows,
rows of another branch that name the user, a portfolio customer in another branch).  Then the writes:
in scope, out of scope, into another branch, by the read-only administrator, and by the gateway.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, text

from db.models import Customer
from db.repositories.customer_write import add_customer
from db.write import write_txn
from services.permissions import CUSTOMER_SCOPE, Principal, customer_scope
from services.tickets.desk import may_open

from .conftest import INSUFFICIENT_PRIVILEGE, STAFF, SecuredDatabase, run_refused, run_rolled_back, sqlstate

pytestmark = pytest.mark.postgres

TABLES = (
    "customer",
    "customer_phone",
    "customer_email",
    "customer_address",
    "customer_consent",
    "product_holding",
    "interaction",
    "ticket",
    "reminder",
    "referral",
    "branch_queue_ticket",
    "user_session",
)


@dataclass(frozen=True)
class Edges:
    """Rows added for this module, by what they test."""

    home: int  # a customer of lobby01's and cm01's branch
    away: int  # a customer of another branch, nobody's portfolio of ours
    portfolio_away: int  # a customer of another branch in cm01's portfolio
    other_branch: int


def _clone(conn: Connection, table: str, source_id: int, **overrides: Any) -> int:
    """Insert a copy of one row with some columns changed; returns the new id."""
    row = dict(conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": source_id}).one()._mapping)
    row.pop("id")
    row.update(overrides)
    names = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    return int(conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values}) RETURNING id"), row).scalar_one())


@pytest.fixture(scope="module")
def edges(secured: SecuredDatabase) -> Edges:
    users = {name: secured.principal(name) for name in ("agent01", "lobby01", "lobby02", "cm01", "super01", "admin")}
    lobby, cm, other = users["lobby01"], users["cm01"], users["lobby02"]
    assert lobby.branch_id is not None and other.branch_id is not None
    assert lobby.branch_id == cm.branch_id != other.branch_id
    with secured.owner.begin() as conn:
        home, away, portfolio_away = (
            conn.execute(
                text("SELECT min(id) FROM customer WHERE branch_id = :b AND manager_id IS DISTINCT FROM :m"),
                {"b": branch, "m": cm.user_id},
            ).scalar_one()
            for branch in (lobby.branch_id, other.branch_id, other.branch_id + 1)
        )
        conn.execute(text("UPDATE customer SET manager_id = :m WHERE id = :c"), {"m": cm.user_id, "c": portfolio_away})
        cm2 = conn.execute(
            text("SELECT min(id) FROM app_user WHERE role_code = 'customer_manager' AND branch_id = :b"),
            {"b": other.branch_id},
        ).scalar_one()
        # Interactions without a customer (an unknown caller), by several people.
        source = conn.execute(text("SELECT min(id) FROM interaction")).scalar_one()
        for who in ("lobby01", "lobby02", "agent01", "cm01"):
            _clone(conn, "interaction", source, customer_id=None, user_id=users[who].user_id, message_sid=None,
                   outbox_id=None, call_id=None, ticket_id=None)  # fmt: skip
        # Tickets: one lobby01 registered for another branch's customer (theirs under the first-contact rule),
        # one without a customer, and one that names the administrator (who handles no complaints).
        source = conn.execute(text("SELECT min(id) FROM ticket")).scalar_one()
        for n, (customer, creator, assignee) in enumerate(
            ((away, "lobby01", None), (None, "agent01", None), (home, "admin", "admin"), (away, "cm01", "lobby02"))
        ):
            _clone(
                conn,
                "ticket",
                source,
                number=f"SEC-{n:04d}",
                customer_id=customer,
                created_by_id=users[creator].user_id,
                assignee_id=users[assignee].user_id if assignee else None,
                team_id=None,
                merged_into_id=None,
                call_id=None,
            )
        # Reminders: without a customer in two branches, and another branch's customer assigned to lobby01.
        source = conn.execute(text("SELECT min(id) FROM reminder")).scalar_one()
        for customer, branch, creator, assignee in (
            (None, lobby.branch_id, "agent01", None),
            (None, other.branch_id, "lobby02", None),
            (away, other.branch_id, "lobby02", "lobby01"),
            (away, other.branch_id, "cm01", None),
        ):
            assigned = users[assignee].user_id if assignee else None
            _clone(conn, "reminder", source, customer_id=customer, branch_id=branch, holding_id=None,
                   created_by_id=users[creator].user_id, assigned_to_id=assigned)  # fmt: skip
        # Referrals within and across the two branches.
        for customer, sender, receiver, branch in (
            (home, lobby.user_id, cm.user_id, lobby.branch_id),
            (away, lobby.user_id, cm2, other.branch_id),
            (away, other.user_id, cm2, other.branch_id),
            (home, other.user_id, cm.user_id, lobby.branch_id),
            (away, other.user_id, cm.user_id, other.branch_id),
        ):
            conn.execute(
                text(
                    "INSERT INTO referral (customer_id, from_user_id, to_user_id, branch_id, interest, status) "
                    "VALUES (:c, :f, :t, :b, 'wealth', 'open')"
                ),
                {"c": customer, "f": sender, "t": receiver, "b": branch},
            )
        # Queue numbers in both branches, and a session of each person.
        for n, branch in enumerate((lobby.branch_id, lobby.branch_id, other.branch_id, other.branch_id)):
            conn.execute(
                text(
                    "INSERT INTO branch_queue_ticket (branch_id, service_day, number, service_type, status, issued_at) "
                    "VALUES (:b, current_date, :n, 'cash', 'waiting', now())"
                ),
                {"b": branch, "n": f"A{n:03d}"},
            )
        for person in users.values():
            conn.execute(
                text(
                    "INSERT INTO user_session (user_id, workstation, started_at, last_seen_at) "
                    "VALUES (:u, 'PC-1', now(), now())"
                ),
                {"u": person.user_id},
            )
    return Edges(home=home, away=away, portfolio_away=portfolio_away, other_branch=other.branch_id)


# -- what the service layer would show --------------------------------------------------------------------------
def _ids(conn: Connection, sql: str, **params: Any) -> set[int]:
    return {int(i) for i in conn.execute(text(sql), params).scalars()}


def _scope(conn: Connection, p: Principal) -> set[int]:
    return {int(i) for i in conn.execute(select(Customer.id).where(customer_scope(p))).scalars()}


def _of_customers(table: str) -> Callable[[Connection, Principal], set[int]]:
    def rows(conn: Connection, p: Principal) -> set[int]:
        scope = _scope(conn, p)
        return {i for i, c in conn.execute(text(f"SELECT id, customer_id FROM {table}")).tuples() if c in scope}

    return rows


def _interactions(conn: Connection, p: Principal) -> set[int]:
    # The 360° timeline of a customer in scope; without a customer, one's own (everyone's for all-customer roles).
    everyone = CUSTOMER_SCOPE[p.role] == "all"
    scope = _scope(conn, p)
    rows = conn.execute(text("SELECT id, customer_id, user_id FROM interaction")).tuples()
    return {i for i, c, u in rows if c in scope or (c is None and (everyone or u == p.user_id))}


def _tickets(conn: Connection, p: Principal) -> set[int]:
    return {t for t in _ids(conn, "SELECT id FROM ticket") if may_open(conn, p, t)}


def _reminders(conn: Connection, p: Principal) -> set[int]:
    # A customer's reminders (360° view), one's own, and a branch's reminders without a customer.
    everyone = CUSTOMER_SCOPE[p.role] == "all"
    scope = _scope(conn, p)
    rows = conn.execute(text("SELECT id, customer_id, created_by_id, assigned_to_id, branch_id FROM reminder")).tuples()
    return {
        i
        for i, c, made, given, b in rows
        if everyone or c in scope or p.user_id in (made, given) or (c is None and b == p.branch_id)
    }


def _referrals(conn: Connection, p: Principal) -> set[int]:
    # A lobby manager refers (referral.create): their branch's and their own; a customer manager accepts
    # (referral.accept): those sent to them, their own and their branch's.
    rows = list(conn.execute(text("SELECT id, from_user_id, to_user_id, branch_id FROM referral")).tuples())
    if CUSTOMER_SCOPE[p.role] == "all":
        return {r[0] for r in rows}
    if p.role == "lobby_manager":
        return {i for i, f, _t, b in rows if b == p.branch_id or f == p.user_id}
    return {i for i, f, t, b in rows if p.user_id in (f, t) or b == p.branch_id}


def _queue(conn: Connection, p: Principal) -> set[int]:
    everyone = CUSTOMER_SCOPE[p.role] == "all"
    return {i for i, b in conn.execute(text("SELECT id, branch_id FROM branch_queue_ticket")).tuples()
            if everyone or b == p.branch_id}  # fmt: skip


def _sessions(conn: Connection, p: Principal) -> set[int]:
    if p.role == "admin":  # administrators see who is signed in where
        return _ids(conn, "SELECT id FROM user_session")
    return _ids(conn, "SELECT id FROM user_session WHERE user_id = :u", u=p.user_id)


EXPECTED: dict[str, Callable[[Connection, Principal], set[int]]] = {
    "customer": lambda conn, p: _scope(conn, p),
    "customer_phone": _of_customers("customer_phone"),
    "customer_email": _of_customers("customer_email"),
    "customer_address": _of_customers("customer_address"),
    "customer_consent": _of_customers("customer_consent"),
    "product_holding": _of_customers("product_holding"),
    "interaction": _interactions,
    "ticket": _tickets,
    "reminder": _reminders,
    "referral": _referrals,
    "branch_queue_ticket": _queue,
    "user_session": _sessions,
}


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("role", sorted(STAFF))
def test_visible_rows_are_the_service_scope(secured: SecuredDatabase, edges: Edges, role: str, table: str) -> None:
    principal = secured.principal(STAFF[role])
    with secured.owner.connect() as conn:
        expected = EXPECTED[table](conn, principal)
        total = _ids(conn, f"SELECT id FROM {table}")
    seen = {int(r[0]) for r in run_rolled_back(secured.login_engine(STAFF[role]), f"SELECT id FROM {table}")}
    assert seen == expected, (
        f"{role} on {table}: extra {sorted(seen - expected)[:10]}, missing {sorted(expected - seen)[:10]}"
    )
    if role in ("lobby_manager", "customer_manager") or (role != "admin" and table == "user_session"):
        assert seen and seen < total, f"{role} on {table}: the seed does not test the rule"
    if role == "admin" and table == "ticket":
        assert not seen


@pytest.mark.parametrize("table", ["search_token", "monthly_aggregate"])
@pytest.mark.parametrize("role", sorted(STAFF))
def test_keyless_child_rows_follow_their_customer(secured: SecuredDatabase, role: str, table: str) -> None:
    principal = secured.principal(STAFF[role])
    sql = f"SELECT DISTINCT customer_id FROM {table}"
    with secured.owner.connect() as conn:
        expected = _ids(conn, sql) & _scope(conn, principal)
    seen = {int(r[0]) for r in run_rolled_back(secured.login_engine(STAFF[role]), sql)}
    assert seen == expected and seen


@pytest.mark.parametrize("role", ["agent", "lobby_manager", "customer_manager", "supervisor"])
def test_editing_roles_update_in_scope_only(secured: SecuredDatabase, edges: Edges, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    sql = "UPDATE customer SET occupation = 'tester' WHERE id = :id"
    assert run_rolled_back(engine, sql, {"id": edges.home}) == 1
    out_of_scope = run_rolled_back(engine, sql, {"id": edges.away})
    assert out_of_scope == (1 if CUSTOMER_SCOPE[role] == "all" else 0)
    if role == "customer_manager":  # their portfolio reaches into another branch
        assert run_rolled_back(engine, sql, {"id": edges.portfolio_away}) == 1
    phones = "UPDATE customer_phone SET verified = true WHERE customer_id = :id"
    theirs = run_rolled_back(secured.owner, phones, {"id": edges.away})
    assert theirs > 0
    assert run_rolled_back(engine, phones, {"id": edges.away}) == (theirs if CUSTOMER_SCOPE[role] == "all" else 0)


def _new_customer(conn: Connection, branch_id: int, n: int) -> int:
    return add_customer(
        conn,
        phones=[(f"+86139{n:08d}", "mobile")],
        cif_no=f"SEC{n:012d}",
        name="测试客户",
        gender="F",
        id_type="resident_id",
        id_number=f"11010119900101{n % 10000:04d}",
        branch_id=branch_id,
        segment="mass",
        tier="mass",
        lifecycle_stage="active",
    )


def test_lobby_manager_keeps_customers_in_the_branch(secured: SecuredDatabase, edges: Edges) -> None:
    lobby = secured.principal("lobby01")
    engine = secured.login_engine("lobby01")
    with engine.connect() as conn:  # their own branch: allowed, through the repository the desktop uses
        cid = _new_customer(conn, int(lobby.branch_id or 0), 91)
        masked = conn.execute(text("SELECT id_number_masked FROM customer WHERE id = :id"), {"id": cid}).scalar()
        conn.rollback()
    assert masked and "*" in masked
    with engine.connect() as conn, pytest.raises(Exception) as refused:
        _new_customer(conn, edges.other_branch, 92)
    assert sqlstate(refused.value) == INSUFFICIENT_PRIVILEGE
    assert "row-level security" in str(refused.value)
    moved = "UPDATE customer SET branch_id = :b WHERE id = :id"
    assert run_refused(engine, moved, {"b": edges.other_branch, "id": edges.home}) == INSUFFICIENT_PRIVILEGE
    phone = (
        "INSERT INTO customer_phone (customer_id, e164, e164_masked, e164_key, kind, is_primary, verified) "
        "VALUES (:c, '+8613900000093', '139****0093', repeat('a', 32), 'mobile', false, false)"
    )
    assert run_refused(engine, phone, {"c": edges.away}) == INSUFFICIENT_PRIVILEGE
    assert run_rolled_back(engine, phone, {"c": edges.home}) == 1


CHILDREN_OF_TARGET = ("customer_phone", "customer_email", "customer_address", "customer_consent", "search_token",
                      "interaction")  # fmt: skip


def test_the_administrator_reads_but_never_writes_customer_data(secured: SecuredDatabase, edges: Edges) -> None:
    engine = secured.login_engine("admin")
    assert run_refused(engine, "UPDATE customer SET occupation = 'x' WHERE id = :id", {"id": edges.home}) == "42501"
    with engine.connect() as conn, pytest.raises(Exception) as refused:
        _new_customer(conn, edges.other_branch, 94)
    assert sqlstate(refused.value) == INSUFFICIENT_PRIVILEGE
    with secured.owner.connect() as conn:  # a customer with a row in every child table
        target = conn.execute(
            text(
                "SELECT min(c.id) FROM customer c WHERE "
                + " AND ".join(f"EXISTS (SELECT 1 FROM {t} x WHERE x.customer_id = c.id)" for t in CHILDREN_OF_TARGET)
            )
        ).scalar_one()
    params = {"id": target, "me": secured.user_id("admin")}
    for sql in (
        "DELETE FROM customer_phone WHERE customer_id = :id",
        "DELETE FROM customer_email WHERE customer_id = :id",
        "DELETE FROM customer_address WHERE customer_id = :id",
        "DELETE FROM customer_consent WHERE customer_id = :id",
        "DELETE FROM search_token WHERE customer_id = :id",
        "UPDATE interaction SET summary = 'x' WHERE customer_id = :id AND outbox_id IS NULL",
        "UPDATE reminder SET title = 'x'",
        "DELETE FROM reminder",
        "UPDATE referral SET status = 'closed'",
        "UPDATE branch_queue_ticket SET status = 'served'",
        "UPDATE ticket SET summary = 'x'",
        "UPDATE user_session SET ended_at = now() WHERE user_id <> :me",
    ):
        owner_rows = run_rolled_back(secured.owner, sql, params)
        assert owner_rows > 0, f"{sql}: nothing to protect in the seed"
        assert run_rolled_back(engine, sql, params) == 0, sql
    for sql in (
        "INSERT INTO interaction (customer_id, channel, direction, occurred_at, subject) "
        "VALUES (:id, 'phone', 'inbound', now(), 'x')",
        "INSERT INTO reminder (customer_id, kind, title, due_at) VALUES (:id, 'memo', 'x', now())",
        "INSERT INTO ticket (number, kind, customer_id, category, severity, status, intake_channel, summary, "
        "received_at, created_by_id) VALUES ('SEC-ADMIN', 'complaint', :id, 'other', 'low', 'new', 'phone', 'x', "
        "now(), (SELECT cd_uid()))",
    ):
        assert run_refused(engine, sql, params) == INSUFFICIENT_PRIVILEGE, sql
    # What settling a message writes (message.settle): a note of their own on the customer's timeline.
    note = (
        "INSERT INTO interaction (customer_id, channel, direction, occurred_at, user_id, subject, disposition) "
        "VALUES (:id, 'sms', 'out', now(), :me, 'settled', 'sent')"
    )
    assert run_rolled_back(engine, note, params) == 1


def test_the_administrator_settles_messages_under_row_level_security(secured: SecuredDatabase, edges: Edges) -> None:
    """message.settle through the service, as the administrator's own login: the one write to customer rows
    an administrator makes (the messages' timeline entries and a note)."""
    from services.audit import AuditTrail
    from services.messaging import settle, timeline

    now = dt.datetime.now(dt.UTC)
    with secured.owner.begin() as conn:
        phone = conn.execute(
            text("SELECT id, e164_masked FROM customer_phone WHERE customer_id = :c LIMIT 1"), {"c": edges.away}
        ).one()
        ids = []
        for n in range(2):
            message = {
                "idem_key": f"sec-settle-{n}",
                "channel": "sms",
                "purpose": "service",
                "customer_id": edges.away,
                "to_masked": phone.e164_masked,
                "to_phone_id": phone.id,
                "subject": None,
                "body_text": "您的业务已办理完毕。",
                "status": "failed",
                "error_code": "30008",
                "attempts": 3,
                "created_by_id": secured.user_id("agent01"),
                "created_at": now,
            }
            cols = ", ".join(message)
            new_id = conn.execute(
                text(
                    f"INSERT INTO outbox_message ({cols}) VALUES ({', '.join(':' + k for k in message)}) RETURNING id"
                ),
                message,
            ).scalar_one()
            timeline.write_entry(conn, {**message, "id": new_id}, "failed", now, "30008")
            ids.append(int(new_id))
    admin = secured.principal("admin")
    engine = secured.login_engine("admin")
    with write_txn(engine) as conn:
        settle.mark_sent(conn, admin, AuditTrail(), ids[0], 1, now, "the customer confirmed it")
    with write_txn(engine) as conn:
        again = settle.send_again(conn, admin, AuditTrail(), ids[1], 1, "sec-token", now)
    with secured.owner.connect() as conn:
        assert conn.execute(text("SELECT status FROM outbox_message WHERE id = :i"), {"i": ids[0]}).scalar() == "sent"
        assert (
            conn.execute(text("SELECT resend_of_id FROM outbox_message WHERE id = :i"), {"i": again}).scalar() == ids[1]
        )
        notes = conn.execute(
            text("SELECT count(*) FROM interaction WHERE customer_id = :c AND user_id = :u AND outbox_id IS NULL"),
            {"c": edges.away, "u": admin.user_id},
        ).scalar()
        assert notes == 2


@pytest.fixture(scope="module")
def gateway_engine(secured: SecuredDatabase) -> Iterator[Engine]:
    """A throwaway login in the gateway's group role (dropped again at the end)."""
    login = f"cd_test_gateway_{secrets.token_hex(4)}"
    with secured.owner.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN IN ROLE contactdesk_gateway")
    engine = secured.engine_for(login, secured.set_password(login), pool_size=1)
    try:
        yield engine
    finally:
        engine.dispose()
        with secured.owner.begin() as conn:
            conn.exec_driver_sql(f"DROP ROLE {login}")


def test_the_gateway_sees_everything(secured: SecuredDatabase, edges: Edges, gateway_engine: Engine) -> None:
    for table in (*TABLES, "customer_email", "customer_address", "reminder"):
        with secured.owner.connect() as conn:
            total = _ids(conn, f"SELECT id FROM {table}")
        assert {int(r[0]) for r in run_rolled_back(gateway_engine, f"SELECT id FROM {table}")} == total, table
    # It dials, sends and matches callers: the raw values are its to read.
    raw = run_rolled_back(gateway_engine, "SELECT e164 FROM customer_phone WHERE customer_id = :id", {"id": edges.away})
    assert raw and all(r[0].startswith("+86") for r in raw)
    assert run_rolled_back(gateway_engine, "SELECT id_number FROM customer WHERE id = :id", {"id": edges.away})
    assert run_refused(gateway_engine, "DELETE FROM customer WHERE id = :id", {"id": edges.away}) == "42501"
    forged = (
        "INSERT INTO audit_log (id, at, username, workstation, action, prev_hash, row_hash) "
        "VALUES (999999, now(), 'admin', 'gw', 'export', repeat('0', 64), repeat('0', 64))"
    )
    assert run_refused(gateway_engine, forged) == INSUFFICIENT_PRIVILEGE
    assert run_refused(gateway_engine, "SELECT cd_user_set_role(1, 'agent', 'gw')") == INSUFFICIENT_PRIVILEGE
