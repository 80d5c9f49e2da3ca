"""A small telephony world for the tests: a branch, agents with skills, queues, dispositions, customers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert

from db.models import Branch, CallQueue, DispositionCode, Holding, Product, Role, Ticket, User
from db.pii import account_columns
from db.repositories.customer_write import add_customer

AUTH_TOKEN = "test_auth_token_0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 31 + "1"
SINGLE_PHONE = "+8613800000001"
VIP_PHONE = "+8613900000002"
HOUSEHOLD_PHONE = "+861065550000"
UNKNOWN_PHONE = "+8613700000009"
BANK_NUMBER = "+862160000000"


@dataclass(frozen=True)
class World:
    agents: dict[str, int]
    queues: dict[str, int]
    single: int
    vip: int
    household: tuple[int, int]


def _customer(conn: object, n: int, name: str, phones: list[tuple[str, str]], vip: int = 0) -> int:
    return add_customer(
        conn,  # type: ignore[arg-type]
        phones=phones,
        cif_no=f"CIF{n:012d}",
        name=name,
        gender="F",
        id_type="resident_id",
        id_number=f"11010119800101{n:04d}",
        branch_id=1,
        segment="mass",
        tier="private" if vip >= 4 else "mass",
        vip_level=vip,
        lifecycle_stage="active",
    )


def build_world(engine: Engine) -> World:
    """Insert the world into a freshly migrated database."""
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Branch).values(id=1, code="B001", name="测试支行", city="上海", district="浦东", address="x")
        )
        conn.execute(insert(Role).values(code="agent", name_zh="坐席", name_en="Agent"))
        agents = {}
        specs = [
            ("agent01", ["general", "vip"], "agent01", None),
            ("agent02", ["general"], "agent02", None),
            ("agent03", ["general", "credit_card"], None, "+861058580003"),
            ("agent04", ["complaints", "general"], "agent04", None),
        ]
        for i, (username, skills, identity, desk) in enumerate(specs, start=1):
            conn.execute(
                insert(User).values(
                    id=i,
                    username=username,
                    display_name=f"坐席{i}",
                    role_code="agent",
                    branch_id=1,
                    skills=skills,
                    client_identity=identity,
                    desk_phone=desk,
                )
            )
            agents[username] = i
        queues = {}
        for i, (name, skills, vip) in enumerate(
            [
                ("general", ["general"], True),
                ("vip", ["vip"], True),
                ("credit_card", ["credit_card"], True),
                ("complaints", ["complaints"], False),
            ],
            start=1,
        ):
            conn.execute(
                insert(CallQueue).values(
                    id=i,
                    name=name,
                    label_zh=name,
                    label_en=name,
                    skills=skills,
                    vip_priority=vip,
                    offer_timeout_seconds=15,
                    wrapup_limit_seconds=60,
                )
            )
            queues[name] = i
        for i, (code, parent) in enumerate(
            [("inquiry", None), ("inquiry.balance", 1), ("complaint", None), ("complaint.fee", 3), ("other", None)],
            start=1,
        ):
            conn.execute(
                insert(DispositionCode).values(
                    id=i, code=code, parent_id=parent, label_zh=code, label_en=code, sort_order=i
                )
            )
        single = _customer(conn, 1, "张伟", [(SINGLE_PHONE, "mobile")])
        vip = _customer(conn, 2, "李娜", [(VIP_PHONE, "mobile")], vip=4)
        h1 = _customer(conn, 3, "王芳", [(HOUSEHOLD_PHONE, "landline"), ("+8613800000003", "mobile")])
        h2 = _customer(conn, 4, "王强", [(HOUSEHOLD_PHONE, "landline")])
        conn.execute(insert(Product).values(id=1, code="TD-1Y", kind="term_deposit", name="整存整取一年"))
        conn.execute(
            insert(Holding).values(
                customer_id=single,
                product_id=1,
                kind="term_deposit",
                **account_columns("6222000011112222", "term_deposit"),
                balance=50000,
                opened_on=now.date() - dt.timedelta(days=350),
                maturity_date=now.date() + dt.timedelta(days=15),
                status="active",
            )
        )
        conn.execute(
            insert(Ticket).values(
                number="TS0001",
                kind="complaint",
                customer_id=single,
                category="fee",
                severity="normal",
                status="in_progress",
                intake_channel="call",
                summary="年费争议",
                received_at=now - dt.timedelta(days=3),
                regulatory_deadline=now + dt.timedelta(days=12),
            )
        )
    return World(agents, queues, single, vip, (h1, h2))
