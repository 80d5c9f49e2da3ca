"""Check-in: recognising customers by ID number, phone, card and name; another branch's customers; bad input."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import event, func, select

from db.models import AuditLog, Customer, CustomerPhone, Holding
from services.audit import AuditTrail
from services.identifiers import id_check_char
from services.lobby.checkin import CheckinService
from services.lobby.types import LobbyError
from services.permissions import PermissionDenied
from tests.flows.runner_rig import World
from tests.lobby.test_recognition import NOW, desk, give_reasons


def id_number(world: World, customer_id: int) -> str:
    with world.engine.connect() as conn:  # the owner reads the raw number, as the ID-card reader would
        return str(conn.execute(select(Customer.id_number).where(Customer.id == customer_id)).scalar_one())


def other_branch_customer(world: World, branch_id: int) -> int:
    with world.engine.connect() as conn:
        found = conn.execute(
            select(Customer.id)
            .where(Customer.branch_id != branch_id, Customer.manager_id.is_not(None))
            .order_by(Customer.id)
            .limit(1)
        ).scalar_one()
    return int(found)


def audit_rows(world: World, action: str, entity_id: int) -> Sequence[Any]:
    with world.engine.connect() as conn:
        return conn.execute(
            select(AuditLog.user_id, AuditLog.workstation, AuditLog.detail)
            .where(AuditLog.action == action, AuditLog.entity_id == str(entity_id))
            .order_by(AuditLog.id)
        ).all()


class NoAuditHere(AuditTrail):
    """An audit trail that must not be written by the service (PostgreSQL audits inside the database)."""

    def record(self, *args: Any, **kwargs: Any) -> int:
        raise AssertionError("the service wrote the audit row itself")


def test_an_id_number_from_the_card_reader_gives_the_full_card(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=3)
    give_reasons(world, cid, lobby.branch_id)
    service = CheckinService(desk(world, "lobby01"), world.audit, clock=lambda: NOW)

    number = id_number(world, cid)
    for typed in (number + "\r\n", number.lower() + "\n", f" {number[:6]} {number[6:14]} {number[14:]} "):
        result = service.find(lobby, typed)
        assert result.kind == "id" and len(result.cards) == 1 and result.message is None
        card = result.cards[0]
        assert card.customer_id == cid and card.in_scope
        assert {"appointment", "maturing_deposit", "complaint", "reminder", "referral"} <= {
            r.kind for r in card.reasons
        }
        assert card.suggested_service == "loan" and card.waiting_ticket is not None
        assert number not in card.masked_id and card.masked_id.endswith(number[-4:])


def test_a_wrong_check_digit_is_refused_and_nothing_is_written(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    number = id_number(world, world.customer(branch_id=lobby.branch_id, offset=4))
    wrong = number[:17] + next(c for c in "0123456789X" if c != id_check_char(number[:17]))
    service = CheckinService(desk(world, "lobby01"), world.audit)
    with world.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    with pytest.raises(LobbyError) as refused:
        service.find(lobby, wrong + "\n")
    assert refused.value.code == "bad_id_check" and "校验位" in refused.value.zh and "check digit" in refused.value.en
    for typed, code in (("", "empty"), ("   \n", "empty"), ("@@##!!", "unrecognised"), ("12345", "unrecognised")):
        with pytest.raises(LobbyError) as bad:
            service.find(lobby, typed)
        assert bad.value.code == code, typed
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() == before


def test_phone_and_card_numbers_find_the_customer(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    service = CheckinService(desk(world, "lobby01"), world.audit)
    with world.engine.connect() as conn:
        mine = select(Customer.id).where(Customer.branch_id == lobby.branch_id)
        single = (
            select(CustomerPhone.e164)
            .where(CustomerPhone.customer_id.in_(mine), CustomerPhone.e164.like("+861%"))
            .group_by(CustomerPhone.e164)
            .having(func.count() == 1)
            .order_by(CustomerPhone.e164)
            .limit(1)
        )
        phone = conn.execute(single).scalar_one()
        owner = conn.execute(select(CustomerPhone.customer_id).where(CustomerPhone.e164 == phone)).scalar_one()
        card_no, holder = conn.execute(
            select(Holding.account_no, Holding.customer_id)
            .where(Holding.customer_id.in_(mine), Holding.kind.in_(("debit_card", "credit_card")))
            .order_by(Holding.id)
            .limit(1)
        ).one()
    national = phone[3:]
    by_phone = service.find(lobby, f"{national[:3]}-{national[3:7]}-{national[7:]}")
    assert by_phone.kind == "phone" and [c.customer_id for c in by_phone.cards] == [owner]
    assert by_phone.cards[0].in_scope and by_phone.cards[0].masked_phone
    by_card = service.find(lobby, card_no)
    assert by_card.kind == "card" and [c.customer_id for c in by_card.cards] == [holder]
    nobody = service.find(lobby, "13800000000" if national != "13800000000" else "13900000000")
    assert nobody.kind == "phone" and nobody.cards == () and nobody.message


def test_a_name_finds_only_customers_one_may_see(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    with world.engine.connect() as conn:
        names = conn.execute(select(Customer.name, Customer.branch_id)).all()
    mine = [n for n, b in names if b == lobby.branch_id]
    # a surname shared by the branch and other branches, so scoping is what keeps the others out
    surname = next(
        s for s in dict.fromkeys(n[0] for n in mine) if any(n[0] == s and b != lobby.branch_id for n, b in names)
    )
    service = CheckinService(desk(world, "lobby01"), world.audit)
    result = service.find(lobby, surname)
    assert result.kind == "name" and 0 < len(result.cards) <= 20
    assert all(c.branch_id == lobby.branch_id and c.in_scope for c in result.cards)
    assert {c.name for c in result.cards} == {n for n in mine if surname in n}
    full = service.find(lobby, mine[0])
    assert full.cards[0].name == mine[0]  # the exact name first
    assert all(not c.reasons for c in full.cards)  # candidates are minimal until one is picked
    stranger = next(n for n, b in names if b != lobby.branch_id and n not in mine)
    assert service.find(lobby, stranger).cards == ()


def test_another_branchs_customer_gets_a_minimal_card_and_an_audit_row(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    other = other_branch_customer(world, lobby.branch_id)
    number = id_number(world, other)
    postgres = world.backend == "postgresql"
    audit = NoAuditHere() if postgres else world.audit  # on PostgreSQL only the database may write it
    service = CheckinService(desk(world, "lobby01"), audit)
    before = len(audit_rows(world, "lobby_recognize_other", other))

    result = service.find(lobby, number)

    (card,) = result.cards
    with world.engine.connect() as conn:
        row = conn.execute(select(Customer.name, Customer.tier, Customer.branch_id).where(Customer.id == other)).one()
    assert card.customer_id == other and not card.in_scope
    assert (card.name, card.tier, card.branch_id) == (row.name, row.tier, row.branch_id)
    assert card.manager_name and card.branch_name
    assert card.reasons == () and card.memo == () and card.masked_id == "" and card.waiting_ticket is None
    rows = audit_rows(world, "lobby_recognize_other", other)
    assert len(rows) == before + 1
    assert rows[-1].user_id == lobby.user_id and rows[-1].workstation == "test-ws"
    assert json.loads(rows[-1].detail) == {"kind": "id"}
    # the full view stays behind the scope
    with pytest.raises(PermissionDenied):
        CheckinService(desk(world, "lobby01"), world.audit).card(lobby, other)
    denied = audit_rows(world, "permission_denied", other)
    assert denied and json.loads(denied[-1].detail)["reason"] == "scope"


def test_finding_by_id_number_takes_a_few_statements(world: World) -> None:
    """The card is a fixed handful of index look-ups, however many reasons the customer has."""
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=5)
    give_reasons(world, cid, lobby.branch_id)
    engine = desk(world, "lobby01")
    service = CheckinService(engine, world.audit, clock=lambda: NOW)
    number = id_number(world, cid)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2])[:60])

    service.find(lobby, number)  # warm: the login's identity is asked once per engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            assert service.find(lobby, number).cards[0].customer_id == cid
            timings.append(time.perf_counter() - start)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) / 20 <= 8, statements[:12]
    timings.sort()
    print(f"\nfind by ID on {world.backend}: median {timings[10] * 1000:.1f} ms, p95 {timings[18] * 1000:.1f} ms")


def test_an_unknown_id_number_finds_nobody(world: World) -> None:
    lobby = world.principal("lobby01")
    first17 = "11010119000101999"  # born in 1900: no seeded customer
    result = CheckinService(desk(world, "lobby01"), world.audit).find(lobby, first17 + id_check_char(first17))
    assert result.kind == "id" and result.cards == ()
    assert result.message is not None and "取号" in result.message  # the walk-in way is offered
