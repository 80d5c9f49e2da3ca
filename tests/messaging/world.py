"""A small bank for the messaging tests: staff, customers with phones, e-mails, consents, a deposit, a ticket."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from db.models import Branch, CustomerConsent, CustomerEmail, Holding, Product, Ticket, User
from db.pii import account_columns, email_columns
from db.repositories.customer_write import add_customer
from services.messaging import MessagingConfig, MessagingService, install_starter_templates
from services.permissions import Principal, ensure_roles

CST = ZoneInfo("Asia/Shanghai")
BANK_NUMBER = "+862160000000"
ZHANG_MOBILE = "+8613800000001"
LI_MOBILE = "+8613900000002"
SHARED_MOBILE = "+8613700000003"
LANDLINE = "+862150001234"


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A Beijing-time instant as aware UTC."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CST).astimezone(dt.UTC)


class Clock:
    """A clock the test sets."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class World:
    engine: Engine
    service: MessagingService
    clock: Clock
    branch: int
    agent: int
    author: int  # supervisor who writes templates
    approver: int  # second supervisor
    manager: int  # customer manager (campaign.run, not template rights)
    zhang: int  # zh, service + marketing consent, deposit, open complaint, e-mail
    li: int  # en, marketing consent
    wang: int  # no marketing consent
    zhao: int  # landline only
    sun: int  # refused SMS service messages
    twins: tuple[int, int]  # two customers sharing one mobile
    ticket: int

    def who(self, user_id: int, role: str) -> Principal:
        return Principal(user_id=user_id, username=f"user{user_id}", role=role, workstation="test")

    @property
    def agent_p(self) -> Principal:
        return self.who(self.agent, "agent")

    @property
    def author_p(self) -> Principal:
        return self.who(self.author, "supervisor")

    @property
    def approver_p(self) -> Principal:
        return self.who(self.approver, "supervisor")

    def template_id(self, code: str, locale: str = "zh_CN") -> int:
        from services.messaging import templates

        with self.engine.connect() as conn:
            found = templates.approved(conn, code, locale)
        assert found is not None, code
        return found.id


def config(**overrides: object) -> MessagingConfig:
    values: dict[str, object] = {"sms_from": BANK_NUMBER, "smtp_from_address": "service@bank.example"}
    values.update(overrides)
    return MessagingConfig(**values)  # type: ignore[arg-type]


def build_world(engine: Engine, now: dt.datetime | None = None, **config_overrides: object) -> World:
    clock = Clock(now or cst(2026, 3, 10, 10, 0))
    today = clock.now.astimezone(CST).date()
    with engine.begin() as conn:
        ensure_roles(conn)
        branch = conn.execute(
            insert(Branch)
            .values(
                code="SH01",
                name="上海徐汇支行",
                city="上海",
                district="徐汇区",
                address="漕溪北路8号",
                phone="021-64870000",
            )
            .returning(Branch.id)
        ).scalar_one()

        def user(name: str, role: str) -> int:
            return int(
                conn.execute(
                    insert(User)
                    .values(username=name, display_name=f"{name}姓名", role_code=role, branch_id=branch)
                    .returning(User.id)
                ).scalar_one()
            )

        agent, author, approver, manager = (
            user("agent", "agent"),
            user("author", "supervisor"),
            user("approver", "supervisor"),
            user("manager", "customer_manager"),
        )
        common = {"id_type": "resident_id", "branch_id": branch, "segment": "mass", "lifecycle_stage": "active"}

        def customer(n: int, name: str, gender: str, phones: list[tuple[str, str]], **extra: object) -> int:
            fields = {**common, "tier": "gold", **extra}
            return add_customer(
                conn,
                phones=phones,
                cif_no=f"CIF{n:08d}",
                name=name,
                gender=gender,
                id_number=f"3101041980010{n:05d}",
                **fields,
            )

        zhang = customer(1, "张伟", "M", [(ZHANG_MOBILE, "mobile")], birth_md=today.strftime("%m-%d"))
        li = customer(2, "李娜", "F", [(LI_MOBILE, "mobile")], preferred_language="en", tier="platinum")
        wang = customer(3, "王芳", "F", [("+8613600000004", "mobile")], tier="mass")
        zhao = customer(4, "赵强", "M", [(LANDLINE, "landline")])
        sun = customer(5, "孙丽", "F", [("+8613500000005", "mobile")])
        twin1 = customer(6, "欧阳明", "M", [(SHARED_MOBILE, "mobile")])
        twin2 = customer(7, "欧阳亮", "M", [(SHARED_MOBILE, "mobile")])
        conn.execute(
            insert(CustomerEmail).values(customer_id=zhang, **email_columns("zhang.wei@example.com"), is_primary=True)
        )
        conn.execute(
            insert(CustomerEmail).values(customer_id=li, **email_columns("li.na@example.com"), is_primary=True)
        )
        consents = [
            (zhang, "sms", "service", True),
            (zhang, "sms", "marketing", True),
            (zhang, "email", "service", True),
            (zhang, "email", "marketing", True),
            (li, "sms", "marketing", True),
            (li, "email", "marketing", True),
            (wang, "sms", "marketing", False),
            (sun, "sms", "service", False),
            (sun, "sms", "marketing", False),
            (twin1, "sms", "marketing", True),
            (twin2, "sms", "marketing", True),
            (zhao, "sms", "marketing", True),
        ]
        conn.execute(
            insert(CustomerConsent),
            [
                {
                    "customer_id": c,
                    "channel": ch,
                    "purpose": p,
                    "granted": g,
                    "source": "branch_form",
                    "updated_at": clock.now,
                }
                for c, ch, p, g in consents
            ],
        )
        conn.execute(insert(Product).values(id=1, code="TD-1Y", kind="term_deposit", name="整存整取一年"))
        conn.execute(
            insert(Holding).values(
                customer_id=zhang,
                product_id=1,
                kind="term_deposit",
                **account_columns("6222000011115678", "term_deposit"),
                balance=50000,
                opened_on=today - dt.timedelta(days=350),
                maturity_date=today + dt.timedelta(days=15),
                status="active",
            )
        )
        ticket = conn.execute(
            insert(Ticket)
            .values(
                number="TS20260310001",
                kind="complaint",
                customer_id=zhang,
                category="fee",
                severity="normal",
                status="in_progress",
                intake_channel="call_in",
                summary="年费争议",
                received_at=clock.now,
                regulatory_deadline=cst(2026, 3, 25, 17, 30),
            )
            .returning(Ticket.id)
        ).scalar_one()
    install_starter_templates(engine)
    service = MessagingService(engine, config(**config_overrides), clock=clock)
    return World(
        engine,
        service,
        clock,
        branch,
        agent,
        author,
        approver,
        manager,
        zhang,
        li,
        wang,
        zhao,
        sun,
        (twin1, twin2),
        int(ticket),
    )
