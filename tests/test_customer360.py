"""The 360° view's service on both backends, against hand-built data with known answers."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from sqlalchemy import Engine, delete, insert, select, update

from db.models import (
    Branch,
    CustomerConsent,
    CustomerPhone,
    Holding,
    Interaction,
    MonthlyAggregate,
    Product,
    Reminder,
    Role,
    Ticket,
    User,
)
from db.pii import account_columns
from db.repositories.customer_write import add_customer
from services.customer360 import Customer360Service
from services.mask_policy import MaskPolicy
from services.permissions import Principal

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
CHANNELS = ("call_in", "sms", "email", "branch_visit")


@pytest.fixture
def customer(migrated_engine: Engine) -> int:
    with migrated_engine.begin() as conn:
        conn.execute(insert(Role).values(code="customer_manager", name_zh="客户经理", name_en="Customer manager"))
        branch = conn.execute(
            insert(Branch)
            .values(code="SH01", name="上海徐汇支行", city="上海", district="徐汇区", address="漕溪北路8号")
            .returning(Branch.id)
        ).scalar_one()
        manager = conn.execute(
            insert(User)
            .values(username="cm01", display_name="陈静", role_code="customer_manager", branch_id=branch)
            .returning(User.id)
        ).scalar_one()
        cid = add_customer(
            conn,
            phones=[("+8613812345678", "mobile"), ("+862164381234", "landline")],
            cif_no="CIF000000000777",
            name="周慧敏",
            gender="F",
            id_type="resident_id",
            id_number="310104198006150028",
            birth_date=dt.date(1980, 6, 15),
            branch_id=branch,
            manager_id=manager,
            segment="wealth",
            tier="platinum",
            vip_level=4,
            lifecycle_stage="mature",
            value_score=88,
            value_components={"aum": 40, "activity": 20, "depth": 18, "tenure": 10},
            aum=Decimal("2350000.00"),
            alert_flags=["elderly"],
        )
        term = conn.execute(
            insert(Product)
            .values(code="TD12", kind="term_deposit", name="整存整取一年", term_months=12)
            .returning(Product.id)
        ).scalar_one()
        card = conn.execute(
            insert(Product).values(code="CC1", kind="credit_card", name="白金信用卡").returning(Product.id)
        ).scalar_one()
        holdings = [
            ("term_deposit", term, "6222000000000000011", Decimal("500000.00"), TODAY + dt.timedelta(days=10)),
            ("term_deposit", term, "6222000000000000029", Decimal("300000.00"), TODAY + dt.timedelta(days=25)),
            ("term_deposit", term, "6222000000000000037", Decimal("100000.00"), TODAY + dt.timedelta(days=80)),
            ("credit_card", card, "6225880137751234", Decimal("-3200.50"), None),
        ]
        for kind, product, account, balance, maturity in holdings:
            conn.execute(
                insert(Holding).values(
                    customer_id=cid,
                    product_id=product,
                    kind=kind,
                    **account_columns(account, kind),
                    balance=balance,
                    opened_on=dt.date(2025, 1, 1),
                    maturity_date=maturity,
                    status="active",
                )
            )
        conn.execute(
            insert(Interaction),
            [
                {
                    "customer_id": cid,
                    "channel": CHANNELS[i % 4],
                    "direction": "in",
                    # two entries share each timestamp: the cursor must still page exactly
                    "occurred_at": NOW - dt.timedelta(hours=(i // 2) * 7),
                    "subject": f"contact {i}",
                }
                for i in range(120)
            ],
        )
        conn.execute(
            insert(Ticket),
            [
                {
                    "number": "TS2611-00001",
                    "kind": "complaint",
                    "customer_id": cid,
                    "category": "fees",
                    "severity": "normal",
                    "status": "in_progress",
                    "intake_channel": "call",
                    "summary": "年费争议",
                    "received_at": NOW - dt.timedelta(days=5),
                    "regulatory_deadline": NOW + dt.timedelta(days=10),
                },
                {
                    "number": "TS2605-00002",
                    "kind": "complaint",
                    "customer_id": cid,
                    "category": "card",
                    "severity": "normal",
                    "status": "closed",
                    "intake_channel": "branch",
                    "summary": "挂失",
                    "received_at": NOW - dt.timedelta(days=180),
                    "regulatory_deadline": NOW - dt.timedelta(days=165),
                },
            ],
        )
        conn.execute(
            insert(Reminder),
            [
                {
                    "customer_id": cid,
                    "kind": "deposit_maturity",
                    "title": "定期到期",
                    "due_at": NOW + dt.timedelta(days=3),
                    "done_at": None,
                },
                {
                    "customer_id": cid,
                    "kind": "follow_up",
                    "title": "回电",
                    "due_at": NOW - dt.timedelta(days=1),
                    "done_at": None,
                },
                {
                    "customer_id": cid,
                    "kind": "birthday",
                    "title": "生日",
                    "due_at": NOW + dt.timedelta(days=20),
                    "done_at": None,
                },
                {
                    "customer_id": cid,
                    "kind": "memo",
                    "title": "已完成",
                    "due_at": NOW - dt.timedelta(days=9),
                    "done_at": NOW - dt.timedelta(days=8),
                },
            ],
        )
        conn.execute(
            insert(CustomerConsent),
            [
                {
                    "customer_id": cid,
                    "channel": "sms",
                    "purpose": "service",
                    "granted": True,
                    "source": "branch",
                    "updated_at": NOW,
                },
                {
                    "customer_id": cid,
                    "channel": "sms",
                    "purpose": "marketing",
                    "granted": False,
                    "source": "sms",
                    "updated_at": NOW,
                },
            ],
        )
        conn.execute(
            insert(MonthlyAggregate),
            [
                {
                    "customer_id": cid,
                    "month": dt.date(2026 - (m < 0), (m % 12) + 1, 1),
                    "avg_aum": Decimal(2_000_000 + m * 1000),
                    "deposit_balance": Decimal(900000),
                    "txn_count": 10 + m,
                    "txn_in": Decimal(1),
                    "txn_out": Decimal(1),
                }
                for m in range(-3, 10)
            ],
        )
    return cid


def test_header_card(migrated_engine: Engine, customer: int) -> None:
    h = Customer360Service(migrated_engine, today=TODAY).header(customer)
    assert (h.name, h.tier, h.vip_level, h.lifecycle_stage, h.value_score) == ("周慧敏", "platinum", 4, "mature", 88)
    assert h.masked_id == "310***********0028"
    assert h.masked_phones == ["138****5678", "021-****1234"]
    assert h.age == 46
    assert (h.branch_name, h.manager_name) == ("上海徐汇支行", "陈静")
    assert h.open_complaints == 1
    assert h.reminders_due == 2  # overdue follow-up + maturity in 3 days; birthday in 20 days is not due yet
    assert (h.maturing_30d_count, h.maturing_30d_amount) == (2, Decimal("800000.00"))
    assert h.consents == {"sms": {"service": True, "marketing": False}}
    assert h.alert_flags == ["elderly"]


def test_click_to_call_gets_the_primary_phone_row_not_the_number(migrated_engine: Engine, customer: int) -> None:
    service = Customer360Service(migrated_engine, today=TODAY)
    with migrated_engine.connect() as conn:
        mobile, landline = conn.execute(
            select(CustomerPhone.id).where(CustomerPhone.customer_id == customer).order_by(CustomerPhone.id)
        ).scalars()
    assert service.primary_phone(customer) == mobile
    with migrated_engine.begin() as conn:
        conn.execute(update(CustomerPhone).where(CustomerPhone.customer_id == customer).values(is_primary=False))
        conn.execute(update(CustomerPhone).where(CustomerPhone.id == landline).values(is_primary=True))
    assert service.primary_phone(customer) == landline
    with migrated_engine.begin() as conn:
        conn.execute(delete(CustomerPhone).where(CustomerPhone.customer_id == customer))
    assert service.primary_phone(customer) is None


def test_unknown_customer(migrated_engine: Engine, customer: int) -> None:
    with pytest.raises(LookupError):
        Customer360Service(migrated_engine).header(customer + 1000)


def test_timeline_pages_without_gaps_or_repeats(migrated_engine: Engine, customer: int) -> None:
    service = Customer360Service(migrated_engine, today=TODAY)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = service.timeline(customer, cursor=cursor, limit=25)
        seen += [e.id for e in page.entries]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 5
    assert len(seen) == len(set(seen)) == 120
    first = service.timeline(customer, limit=120).entries
    assert [e.id for e in first] == seen
    assert all(a.occurred_at >= b.occurred_at for a, b in itertools.pairwise(first))
    assert first[0].occurred_at.tzinfo is not None


def test_timeline_channel_filter(migrated_engine: Engine, customer: int) -> None:
    page = Customer360Service(migrated_engine).timeline(customer, channel="sms", limit=100)
    assert len(page.entries) == 30
    assert {e.channel for e in page.entries} == {"sms"}


def test_products_are_masked(migrated_engine: Engine, customer: int) -> None:
    rows = Customer360Service(migrated_engine, today=TODAY).products(customer)
    by_account = {r.masked_account: r for r in rows}
    assert by_account["**** 1234"].kind == "credit_card", "cards show the last 4 by default"
    assert "**** 0011" in by_account
    assert by_account["**** 0011"].days_to_maturity == 10
    assert not any("622588" in r.masked_account for r in rows)
    # A deployment may allow the BIN for cards (at most BIN + last 4), here for supervisors only.
    policy = MaskPolicy({"card": {"supervisor": "bin_last4"}})
    boss = Principal(user_id=1, username="boss", role="supervisor", workstation="WS")
    shown = Customer360Service(migrated_engine, today=TODAY, principal=boss, policy=policy).products(customer)
    assert "622588******1234" in {r.masked_account for r in shown}


def test_tickets_and_reminders(migrated_engine: Engine, customer: int) -> None:
    service = Customer360Service(migrated_engine, today=TODAY)
    tickets = service.tickets(customer)
    assert [t.number for t in tickets] == ["TS2611-00001", "TS2605-00002"], "open first"
    assert tickets[0].days_left == 10
    assert tickets[1].days_left is None
    reminders = service.reminders(customer)
    assert [r.title for r in reminders] == ["回电", "定期到期", "生日", "已完成"]
    assert [r.overdue for r in reminders] == [True, False, False, False]


def test_overview(migrated_engine: Engine, customer: int) -> None:
    o = Customer360Service(migrated_engine, today=TODAY).overview(customer)
    assert len(o.monthly) == 12
    assert o.monthly == sorted(o.monthly)
    assert o.holdings_by_kind[0] == ("term_deposit", 3, Decimal("900000.00"))
    assert o.last_contact is not None and o.last_contact.subject in ("contact 0", "contact 1")
    assert sum(o.contacts_12m_by_channel.values()) == 120
    assert [h.days_to_maturity for h in o.maturing] == [10, 25, 80]
    assert [r.title for r in o.upcoming_reminders] == ["回电", "定期到期", "生日"]
