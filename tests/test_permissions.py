"""The permission matrix walked in full through the service layer, and customer scope per role."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, text

from db.engine import make_engine
from db.migrate import upgrade
from db.models import AuditLog, Branch, Customer, Team, Ticket, User
from db.pii import id_number_columns
from services.audit import AuditTrail, verify
from services.permissions import (
    MATRIX,
    PERMISSIONS,
    ROLES,
    PermissionDenied,
    Principal,
    allowed,
    authorize,
    can_see_customer,
    customer_scope,
    ensure_roles,
    require_customer,
    ticket_scope,
)

# The policy, written out independently of the code: x = allowed.
GRID = """
permission              agent  lobby_manager  customer_manager  supervisor  admin
customer.view             x          x               x              x        x
customer.reveal           .          x               x              x        .
customer.edit             x          x               x              x        .
customer.export           .          .               x              x        .
call.handle               x          .               .              x        .
message.send              x          x               x              x        .
message.settle            .          .               .              x        x
flow.run                  x          x               x              x        .
flow.author               .          .               .              x        .
template.author           .          .               .              x        .
template.approve          .          .               .              x        .
ticket.create             x          x               x              x        .
ticket.view_team          .          .               .              x        .
ticket.assign             .          .               .              x        .
ticket.extend_deadline    .          .               .              x        .
ticket.reopen             .          .               .              x        .
reminder.manage           x          x               x              x        .
queue_ticket.issue        .          x               .              .        .
referral.create           x          x               x              x        .
referral.accept           .          .               x              .        .
counter.serve             .          x               x              .        .
appointment.book          x          x               x              x        .
campaign.run              .          .               x              x        .
wallboard.view            .          .               .              x        .
queue.configure           .          .               .              x        .
agent.force_state         .          .               .              x        .
call.requeue              .          .               .              x        .
agent.notify              .          .               .              x        .
csat.configure            .          .               .              x        .
report.view               .          x               x              x        .
user.admin                .          .               .              .        x
audit.view                .          .               .              .        x
audit.verify              .          .               .              .        x
settings.admin            .          .               .              .        x
"""


def _expected() -> dict[tuple[str, str], bool]:
    lines = [line.split() for line in GRID.strip().splitlines()]
    roles = lines[0][1:]
    return {(role, row[0]): row[i + 1] == "x" for row in lines[1:] for i, role in enumerate(roles)}


EXPECTED = _expected()
CASES = sorted(EXPECTED)


def test_grid_covers_every_role_and_permission() -> None:
    assert {r for r, _ in EXPECTED} == set(ROLES) == set(MATRIX)
    assert {p for _, p in EXPECTED} == set(PERMISSIONS)
    assert all(perms <= set(PERMISSIONS) for perms in MATRIX.values())


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def matrix_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database per backend for the whole matrix walk."""
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp_path_factory.mktemp('matrix') / 'm.db').as_posix()}"
        name = None
    else:
        server = request.getfixturevalue("pg_server")
        name = f"cd_matrix_{id(request)}"
        url = server.create_database(name)
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()
    if name is not None:
        server.drop_database(name)


def _denials(engine: Engine, permission: str, role: str) -> int:
    with engine.connect() as conn:
        rows = conn.execute(select(AuditLog.detail).where(AuditLog.action == "permission_denied")).scalars()
        wanted = {"permission": permission, "role": role, "reason": "role"}
        return len([d for d in rows if d and json.loads(d) == wanted])


@pytest.mark.parametrize(("role", "permission"), CASES)
def test_matrix(matrix_engine: Engine, role: str, permission: str) -> None:
    audit = AuditTrail(workstation="MATRIX")
    who = Principal(user_id=None, username=f"{role}-probe", role=role, workstation="WS-M")  # type: ignore[arg-type]
    before = _denials(matrix_engine, permission, role)
    assert allowed(role, permission) is EXPECTED[(role, permission)]
    if EXPECTED[(role, permission)]:
        with matrix_engine.begin() as conn:
            authorize(conn, who, permission, audit=audit, entity="probe", entity_id=permission)
        assert _denials(matrix_engine, permission, role) == before
    else:
        # Refused inside a transaction that then rolls back: the refusal must stay on record.
        with pytest.raises(PermissionDenied) as refused, matrix_engine.begin() as conn:
            authorize(conn, who, permission, audit=audit, entity="probe", entity_id=permission)
        assert refused.value.permission == permission
        assert refused.value.zh and refused.value.en
        assert _denials(matrix_engine, permission, role) == before + 1


def test_matrix_audit_chain_is_intact(matrix_engine: Engine) -> None:
    assert verify(matrix_engine).ok


def test_unknown_permission_is_a_programming_error(matrix_engine: Engine) -> None:
    who = Principal(user_id=1, username="a", role="agent")
    with pytest.raises(ValueError), matrix_engine.begin() as conn:
        authorize(conn, who, "customer.destroy", audit=AuditTrail())


def test_unknown_role_has_no_rights() -> None:
    assert not allowed("intern", "customer.view")


# -- customer scope on hand-made data -------------------------------------------------------------
BRANCH_A, BRANCH_B = 1, 2


def _seed(engine: Engine) -> dict[str, Any]:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        ensure_roles(conn)
        for bid, code in ((BRANCH_A, "A01"), (BRANCH_B, "B01")):
            conn.execute(
                insert(Branch).values(id=bid, code=code, name=code, city="北京市", district="朝阳区", address="x")
            )
        users = {}
        for uid, (name, role, branch) in enumerate(
            [
                ("agent01", "agent", None),
                ("lobby01", "lobby_manager", BRANCH_A),
                ("cm01", "customer_manager", BRANCH_B),
                ("cm02", "customer_manager", BRANCH_A),
                ("super01", "supervisor", None),
                ("admin", "admin", None),
            ],
            start=1,
        ):
            conn.execute(
                insert(User).values(
                    id=uid,
                    username=name,
                    display_name=name,
                    role_code=role,
                    branch_id=branch,
                    skills=[],
                    created_at=now,
                    updated_at=now,
                )
            )
            users[name] = Principal(user_id=uid, username=name, role=role, branch_id=branch)
        # c1: branch A, managed by cm01 (branch B) — in cm01's portfolio although not in their branch.
        for cid, branch, manager in ((1, BRANCH_A, 3), (2, BRANCH_A, None), (3, BRANCH_B, 4), (4, BRANCH_B, None)):
            conn.execute(
                insert(Customer).values(
                    id=cid,
                    cif_no=f"CIF{cid:04d}",
                    name=f"客户{cid}",
                    name_pinyin="kehu",
                    gender="F",
                    id_type="resident",
                    **id_number_columns(f"11010119900101{cid:04d}"),
                    branch_id=branch,
                    manager_id=manager,
                    segment="mass",
                    tier="normal",
                    lifecycle_stage="active",
                    created_at=now,
                    updated_at=now,
                )
            )
    return users


SCOPE = {
    "agent01": {1, 2, 3, 4},
    "super01": {1, 2, 3, 4},
    "admin": {1, 2, 3, 4},
    "lobby01": {1, 2},  # branch A
    "cm01": {1, 3, 4},  # portfolio (1) plus branch B (3, 4)
    "cm02": {1, 2, 3},  # portfolio (3) plus branch A (1, 2)
}


def test_customer_scope_per_role(migrated_engine: Engine) -> None:
    users = _seed(migrated_engine)
    audit = AuditTrail(workstation="SCOPE")
    with migrated_engine.connect() as conn:
        for name, expected in SCOPE.items():
            who = users[name]
            seen = set(conn.execute(select(Customer.id).where(customer_scope(who))).scalars())
            assert seen == expected, name
            assert {c for c in (1, 2, 3, 4, 99) if can_see_customer(conn, who, c)} == expected, name
    # Outside the scope: refused and audited, also when the caller's transaction rolls back.
    with pytest.raises(PermissionDenied) as refused, migrated_engine.begin() as conn:
        require_customer(conn, users["lobby01"], 3, audit=audit)
    assert refused.value.reason == "scope"
    with migrated_engine.connect() as conn:
        row = conn.execute(select(AuditLog).where(AuditLog.action == "permission_denied")).one()
    assert (row.username, row.entity, row.entity_id) == ("lobby01", "customer", "3")


def test_branchless_lobby_manager_sees_nobody(migrated_engine: Engine) -> None:
    _seed(migrated_engine)
    with migrated_engine.connect() as conn:
        who = Principal(user_id=2, username="lobby01", role="lobby_manager", branch_id=None)
        assert conn.execute(select(func.count()).select_from(Customer).where(customer_scope(who))).scalar() == 0


def test_supervisor_sees_their_teams_tickets(migrated_engine: Engine) -> None:
    users = _seed(migrated_engine)
    now = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    with migrated_engine.begin() as conn:
        conn.execute(insert(Team).values(id=1, name="A组", kind="call_center", supervisor_id=5))
        conn.execute(insert(Team).values(id=2, name="B组", kind="call_center"))
        conn.execute(text("UPDATE app_user SET team_id = 1 WHERE id = 1"))
        for tid, team, assignee in ((1, 1, None), (2, None, 1), (3, 2, None), (4, None, 4)):
            conn.execute(
                insert(Ticket).values(
                    id=tid,
                    number=f"T{tid}",
                    kind="complaint",
                    category="service",
                    severity="normal",
                    status="open",
                    intake_channel="call",
                    summary="s",
                    received_at=now,
                    team_id=team,
                    assignee_id=assignee,
                    created_at=now,
                    updated_at=now,
                )
            )
    with migrated_engine.connect() as conn:
        visible = set(conn.execute(select(Ticket.id).where(ticket_scope(users["super01"]))).scalars())
        own = set(conn.execute(select(Ticket.id).where(ticket_scope(users["agent01"]))).scalars())
        none = set(conn.execute(select(Ticket.id).where(ticket_scope(users["admin"]))).scalars())
    assert (visible, own, none) == ({1, 2}, {2}, set())


def test_denial_recorded_inline_when_the_transaction_already_holds_the_chain(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{(tmp_path / 'inline.db').as_posix()}")
    upgrade(engine)
    audit = AuditTrail()
    who = Principal(user_id=None, username="x", role="agent")  # type: ignore[arg-type]
    with engine.begin() as conn:
        audit.record(conn, who, "customer_view", "customer", 1)
        with pytest.raises(PermissionDenied):  # must not wait for a second connection
            authorize(conn, who, "user.admin", audit=audit)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar() == 2
    assert verify(engine).ok
    engine.dispose()


def _seed_searchable(engine: Engine) -> dict[str, Any]:
    from db.repositories.customer_write import refresh_search_keys

    users = _seed(engine)
    with engine.begin() as conn:
        for cid in (1, 2, 3, 4):
            refresh_search_keys(conn, cid, f"客户{cid}", f"11010119900101{cid:04d}")
    return users


def test_search_and_360_apply_the_scope_and_audit_each_view(migrated_engine: Engine) -> None:
    """The desktop's services, given a principal: search finds only visible customers, opening one
    records a ``customer_view``, opening one out of scope is refused and audited, identifiers masked."""
    from services.customer360 import Customer360Service
    from services.search import CustomerSearch

    users = _seed_searchable(migrated_engine)
    for name, expected in SCOPE.items():
        who = users[name]
        search = CustomerSearch(migrated_engine, principal=who)
        found = search.search("客户")
        assert set(found.ids) == expected, name
        rows = search.fetch_rows([1, 2, 3, 4])
        assert set(rows) == expected, name
        assert all(r.masked_id.startswith("110") and r.masked_id.endswith(r.masked_id[-4:]) for r in rows.values())
        assert all("*" in r.masked_id for r in rows.values()), "ID numbers are masked for every role"
    lobby = users["lobby01"]
    c360 = Customer360Service(migrated_engine, principal=lobby, audit=AuditTrail(workstation="LOBBY-1"))
    header = c360.header(1)
    assert header.masked_id == "110***********0001"
    with pytest.raises(PermissionDenied):
        c360.header(3)
    with pytest.raises(PermissionDenied):
        c360.timeline(3)
    with migrated_engine.connect() as conn:
        rows = conn.execute(select(AuditLog.action, AuditLog.entity_id, AuditLog.username).order_by(AuditLog.id)).all()
    assert [tuple(r) for r in rows] == [
        ("customer_view", "1", "lobby01"),
        ("permission_denied", "3", "lobby01"),
        ("permission_denied", "3", "lobby01"),
    ]
    assert verify(migrated_engine).ok


def test_scoped_search_reads_past_the_first_page_of_matches(migrated_engine: Engine) -> None:
    """A branch's matches beyond the first ``cap`` matches overall are still found."""
    from services.search import CustomerSearch

    _seed_searchable(migrated_engine)
    # Branch B customers (3, 4) come after branch A's in id order; with a cap of 1 the unscoped
    # finder would stop at customer 1 and a lobby manager of branch B would see nothing.
    who = Principal(user_id=2, username="lobby01", role="lobby_manager", branch_id=BRANCH_B)
    result = CustomerSearch(migrated_engine, cap=1, principal=who).search("客户")
    assert result.ids == [3] and result.truncated
