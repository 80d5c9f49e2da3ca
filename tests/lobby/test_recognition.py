"""The recognition card: today's likely reasons, the memo, the suggested service, a number already issued."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from sqlalchemy import Engine, insert, select, update

from db.models import Appointment, Customer, Holding, Product, QueueTicket, Referral, Reminder, Ticket
from db.pii import account_columns, stored_columns
from services.lobby.checkin import CheckinService
from services.lobby.memos import MemoService
from services.lobby.recognition import Facts, suggest
from tests.flows.runner_rig import World

NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 10:00 on Tuesday 10 March in Shanghai
TODAY = dt.date(2026, 3, 10)


def desk(world: World, username: str) -> Engine:
    """The engine a desktop of ``username`` uses: its own login on PostgreSQL (RLS applies), else the file."""
    return world.login(username) if world.backend == "postgresql" else world.engine


def give_deposit(world: World, customer_id: int, maturity: dt.date, balance: str = "50000.00") -> int:
    with world.engine.begin() as conn:
        product = conn.execute(select(Product.id).where(Product.kind == "term_deposit").limit(1)).scalar_one()
        number = "6217" + "".join(secrets.choice("0123456789") for _ in range(15))
        return int(
            conn.execute(
                insert(Holding)
                .values(
                    customer_id=customer_id,
                    product_id=product,
                    kind="term_deposit",
                    **stored_columns(conn, account_columns(number, "term_deposit")),
                    balance=Decimal(balance),
                    opened_on=maturity - dt.timedelta(days=365),
                    maturity_date=maturity,
                    status="active",
                    version=1,
                )
                .returning(Holding.id)
            ).scalar_one()
        )


def give_reasons(world: World, customer_id: int, branch_id: int) -> dict[str, int]:
    """Every kind of reason for a visit today, written as the owner (as the services that own them would)."""
    lobby = world.principal("lobby01")
    cm = world.principal("cm01")
    out = {"holding": give_deposit(world, customer_id, TODAY + dt.timedelta(days=3))}
    with world.engine.begin() as conn:
        conn.execute(
            update(Customer).where(Customer.id == customer_id).values(birth_date=dt.date(1980, 3, 11), birth_md="03-11")
        )
        out["reminder"] = conn.execute(
            insert(Reminder)
            .values(
                customer_id=customer_id,
                kind="follow_up",
                title="回访：理财产品风险测评",
                due_at=NOW - dt.timedelta(hours=1),
                created_by_id=cm.user_id,
                assigned_to_id=cm.user_id,
                branch_id=branch_id,
            )
            .returning(Reminder.id)
        ).scalar_one()
        conn.execute(  # tomorrow's reminder: not today's reason
            insert(Reminder).values(
                customer_id=customer_id,
                kind="callback",
                title="明天回电",
                due_at=NOW + dt.timedelta(days=1),
                branch_id=branch_id,
            )
        )
        out["complaint"] = conn.execute(
            insert(Ticket)
            .values(
                number=f"TS{secrets.randbelow(10**9):09d}",
                kind="complaint",
                customer_id=customer_id,
                category="service_attitude",
                severity="normal",
                status="in_progress",
                intake_channel="branch",
                summary="柜台办理时间过长",
                received_at=NOW - dt.timedelta(days=13),
                regulatory_deadline=NOW + dt.timedelta(days=2),
                extended_deadline=None,
            )
            .returning(Ticket.id)
        ).scalar_one()
        conn.execute(
            insert(Referral).values(
                customer_id=customer_id,
                from_user_id=lobby.user_id,
                to_user_id=cm.user_id,
                branch_id=branch_id,
                interest="wealth",
                status="accepted",
            )
        )
        out["appointment"] = conn.execute(
            insert(Appointment)
            .values(
                customer_id=customer_id,
                branch_id=branch_id,
                service_code="loan",
                slot_start=NOW + dt.timedelta(hours=1),
                slot_end=NOW + dt.timedelta(hours=1, minutes=30),
                status="booked",
                channel="phone",
            )
            .returning(Appointment.id)
        ).scalar_one()
        out["ticket"] = conn.execute(
            insert(QueueTicket)
            .values(
                branch_id=branch_id,
                service_day=TODAY,
                number=f"C{customer_id}",
                seq=customer_id,
                service_type="loan",
                customer_id=customer_id,
                status="waiting",
                issued_at=NOW - dt.timedelta(minutes=5),
            )
            .returning(QueueTicket.id)
        ).scalar_one()
    return out


def test_the_full_card_shows_todays_reasons(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=0)
    made = give_reasons(world, cid, lobby.branch_id)
    engine = desk(world, "lobby01")
    note = MemoService(engine, world.audit, clock=lambda: NOW).add_note(
        lobby, cid, "客户要求下次办理时提醒更换新版社保卡"
    )

    card = CheckinService(engine, world.audit, clock=lambda: NOW).card(lobby, cid)

    kinds = [r.kind for r in card.reasons]
    assert card.in_scope and card.customer_id == cid
    assert {"appointment", "maturing_deposit", "complaint", "reminder", "birthday", "referral"} <= set(kinds)
    assert kinds[0] == "appointment"  # what the customer came for comes first
    deposit = next(r for r in card.reasons if r.kind == "maturing_deposit")
    assert "3天后" in deposit.text_zh and "¥50,000.00" in deposit.text_zh and "in 3 days" in deposit.text_en
    complaint = next(r for r in card.reasons if r.kind == "complaint")
    assert complaint.urgent and complaint.due == NOW + dt.timedelta(days=2)
    assert "柜台办理时间过长" in complaint.text_zh and "3月12日 10:00" in complaint.text_zh
    reminders = [r.text_zh for r in card.reasons if r.kind == "reminder"]
    assert any("理财产品风险测评" in t for t in reminders) and not any("明天回电" in t for t in reminders)
    birthday = next(r for r in card.reasons if r.kind == "birthday")
    assert "1天后" in birthday.text_zh
    referral = next(r for r in card.reasons if r.kind == "referral")
    assert "理财" in referral.text_zh and "张伟" in referral.text_zh
    appointment = next(r for r in card.reasons if r.kind == "appointment")
    assert "11:00" in appointment.text_zh and "个人贷款" in appointment.text_zh
    # the appointment's service wins the suggestion; issuing a number checks the appointment in
    assert card.suggested_service == "loan" and card.suggested_why_en
    assert (card.appointment_id, card.appointment_service) == (made["appointment"], "loan")
    # the memo, masked identifiers, the number already issued
    shown = next(m for m in card.memo if m.id == note.id)
    assert shown.kind == "memo" and shown.created_by_name == lobby.display_name and shown.due_at is None
    assert "*" in card.masked_id and len(card.masked_id) == 18
    assert card.masked_phone == "" or "*" in card.masked_phone
    assert card.waiting_ticket is not None and card.waiting_ticket.id == made["ticket"]
    assert card.waiting_ticket.number == f"C{cid}" and card.waiting_ticket.customer_name == card.name


def test_a_card_without_reasons_and_the_rule_table(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=1, with_birth_date=False)
    far = NOW + dt.timedelta(days=3000)  # nothing of the seed matures or is booked around then
    card = CheckinService(desk(world, "lobby01"), world.audit, clock=lambda: far).card(lobby, cid)
    assert all(r.kind in ("reminder", "complaint", "referral") for r in card.reasons)
    assert card.waiting_ticket is None
    assert card.suggested_service in ("noncash", "vip", "wealth")

    offered = {"cash", "noncash", "loan", "wealth", "corporate", "vip"}
    plain = Facts(None, False, False, False, None)
    assert suggest(plain, offered)[0] == "noncash"
    assert suggest(Facts("corporate", True, True, True, None), offered)[0] == "corporate"
    assert suggest(Facts(None, True, True, True, None), offered)[0] == "wealth"
    assert suggest(Facts(None, False, True, True, None), offered)[0] == "vip"
    assert suggest(Facts(None, False, False, True, "loan"), offered)[0] == "noncash"
    assert suggest(Facts(None, False, False, False, "loan"), offered)[0] == "loan"
    # a branch without a VIP room: the next rule that the branch offers
    assert suggest(Facts(None, False, True, False, None), offered - {"vip"})[0] == "noncash"
    assert suggest(plain, set()) == (None, "", "")


def test_deposits_matured_in_the_last_days_count_and_older_ones_do_not(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=2)
    later = NOW + dt.timedelta(days=3500)  # clear of the seed's own deposits
    day = later.date()
    give_deposit(world, cid, day - dt.timedelta(days=2), "1200.50")
    give_deposit(world, cid, day - dt.timedelta(days=5), "9999.00")
    give_deposit(world, cid, day + dt.timedelta(days=8), "8888.00")
    card = CheckinService(desk(world, "lobby01"), world.audit, clock=lambda: later).card(lobby, cid)
    deposits = [r for r in card.reasons if r.kind == "maturing_deposit"]
    assert len(deposits) == 1 and "¥1,200.50" in deposits[0].text_zh and deposits[0].urgent
    assert "已于" in deposits[0].text_zh and "matured on" in deposits[0].text_en
    assert card.suggested_service == "wealth"
