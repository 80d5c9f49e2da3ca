"""Fixtures for the complaint-ticket services: an organisation with a reporting line, a customer, a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, insert, select, update

from db.models import Branch, CustomerEmail, CustomerPhone, Team, User
from db.repositories.customer_write import add_customer
from services.permissions import Principal, ensure_roles
from services.tickets import ComplaintInput, TicketConfig, TicketEnv, TicketService
from services.tickets.calendar import sync_calendar

CST = ZoneInfo("Asia/Shanghai")


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """A Beijing-time instant as aware UTC: ``cst(2026, 2, 10, 10)``."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CST).astimezone(dt.UTC)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@dataclass
class World:
    """Ids of the people and places the tests use, and principals for them."""

    engine: Engine
    service: TicketService
    clock: FixedClock
    branch: int
    team: int
    customer: int
    customer2: int
    director: int  # complained employee's manager's manager
    manager: int  # complained employee's manager
    teller: int  # the employee complained about
    handler: int  # complaint desk agent, unrelated
    handler2: int
    supervisor: int  # supervises the complaint desk team
    owner: int  # complaint-management owner

    def principal(self, user_id: int, role: str = "agent") -> Principal:
        return Principal(user_id=user_id, username=f"u{user_id}", role=role, workstation="test")

    @property
    def agent(self) -> Principal:
        return self.principal(self.handler, "agent")

    @property
    def boss(self) -> Principal:
        return self.principal(self.supervisor, "supervisor")

    def complaint(self, **overrides: object) -> ComplaintInput:
        values: dict[str, object] = {
            "customer_id": self.customer,
            "intake_channel": "call_in",
            "category": "fee_dispute",
            "summary": "对信用卡年费扣收有异议",
            "customer_request": "要求退还年费",
            "identity_verified": True,
            "identity_method": "phone_verification",
            "send_receipt": True,
        }
        values.update(overrides)
        return ComplaintInput(**values)  # type: ignore[arg-type]


def build_world(engine: Engine, clock: FixedClock, config: TicketConfig | None = None) -> World:
    with engine.begin() as conn:
        ensure_roles(conn)
        sync_calendar(conn, [2025, 2026])
        branch = conn.execute(
            insert(Branch)
            .values(code="SH01", name="上海徐汇支行", city="上海", district="徐汇区", address="漕溪北路8号")
            .returning(Branch.id)
        ).scalar_one()

        def user(name: str, role: str, reports_to: int | None = None, team: int | None = None) -> int:
            return int(
                conn.execute(
                    insert(User)
                    .values(
                        username=name,
                        display_name=name,
                        role_code=role,
                        branch_id=branch,
                        reports_to_id=reports_to,
                        team_id=team,
                    )
                    .returning(User.id)
                ).scalar_one()
            )

        director = user("director", "supervisor")
        manager = user("manager", "supervisor", director)
        teller = user("teller", "lobby_manager", manager)
        owner = user("owner", "supervisor")
        supervisor = user("supervisor", "supervisor", director)
        team = int(
            conn.execute(
                insert(Team)
                .values(name="投诉处理组", kind="complaint_desk", supervisor_id=supervisor)
                .returning(Team.id)
            ).scalar_one()
        )
        conn.execute(update(User).where(User.id == supervisor).values(team_id=team))
        handler = user("handler", "agent", supervisor, team)
        handler2 = user("handler2", "agent", supervisor, team)
        common = {
            "gender": "F",
            "id_type": "resident_id",
            "branch_id": branch,
            "segment": "mass",
            "tier": "mass",
            "lifecycle_stage": "active",
        }
        customer = add_customer(
            conn,
            phones=[("+8613812345678", "mobile")],
            cif_no="CIF0001",
            name="周慧敏",
            id_number="310104198006150028",
            **common,
        )
        customer2 = add_customer(
            conn,
            phones=[("+8613900001111", "mobile")],
            cif_no="CIF0002",
            name="欧阳晓明",
            id_number="110101199001011234",
            **common,
        )
    config = config or TicketConfig(complaint_owner="owner", next_update_minutes=420)
    with engine.connect() as conn:
        env = TicketEnv.load(conn, config, clock=clock)
    return World(
        engine,
        TicketService(engine, env),
        clock,
        branch,
        team,
        customer,
        customer2,
        director,
        manager,
        teller,
        handler,
        handler2,
        supervisor,
        owner,
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(cst(2026, 3, 2, 9, 0))  # Monday 09:00 Beijing time


@pytest.fixture
def world(migrated_engine: Engine, clock: FixedClock) -> Iterator[World]:
    yield build_world(migrated_engine, clock)


def recipient_of(world: World, message: Any) -> str | None:
    """The address an outbox row's phone or e-mail row holds (what the gateway's sender will read; the owner may)."""
    with world.engine.connect() as conn:
        if message.to_phone_id is not None:
            return conn.execute(select(CustomerPhone.e164).where(CustomerPhone.id == message.to_phone_id)).scalar()
        if message.to_email_id is not None:
            return conn.execute(select(CustomerEmail.address).where(CustomerEmail.id == message.to_email_id)).scalar()
    return None
