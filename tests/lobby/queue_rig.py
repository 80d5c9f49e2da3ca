"""Helpers of the queue tests: a settable clock, desktop sessions, a clean branch, the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Table, insert, select, update

from db.models import Customer, CustomerConsent, CustomerPhone, LobbyCounter, QueueTicket, UserSession
from db.write import write_txn
from services.lobby.counters import CounterService
from services.lobby.floor import FloorService
from services.lobby.queue import QueueService
from services.messaging.service import MessagingService
from tests.flows.runner_rig import World

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of a Shanghai day, as aware UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI).astimezone(dt.UTC)


class Clock:
    """A clock the test moves."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + dt.timedelta(**delta)


@dataclass
class Lobby:
    queue: QueueService
    counters: CounterService
    floor: FloorService
    clock: Clock


def lobby(world: World, clock: Clock, engine: Engine | None = None) -> Lobby:
    engine = engine or world.engine
    messaging = MessagingService(engine, audit=world.audit, clock=clock)
    return Lobby(
        QueueService(engine, world.audit, clock=clock, messaging=messaging),
        CounterService(engine, world.audit, clock=clock),
        FloorService(engine, world.audit, clock=clock),
        clock,
    )


def session(world: World, username: str, at: dt.datetime) -> int:
    """A desktop session of the user (a counter is held by one)."""
    with world.engine.begin() as conn:
        user_id = conn.execute(select(world_user_id(username))).scalar_one()
        return int(
            conn.execute(
                insert(UserSession)
                .values(user_id=user_id, workstation="test-ws", started_at=at, last_seen_at=at)
                .returning(UserSession.id)
            ).scalar_one()
        )


def world_user_id(username: str) -> Any:
    from db.models import User

    return select(User.id).where(User.username == username).scalar_subquery()


def reset_branch(world: World, branch_id: int) -> None:
    """Every counter of the branch closed and free, no number open (as the owner)."""
    c: Table = LobbyCounter.__table__  # type: ignore[assignment]
    t: Table = QueueTicket.__table__  # type: ignore[assignment]
    with write_txn(world.engine) as conn:
        conn.execute(
            update(c)
            .where(c.c.branch_id == branch_id)
            .values(status="closed", user_id=None, session_id=None, held_since=None, version=c.c.version + 1)
        )
        conn.execute(
            update(t)
            .where(t.c.branch_id == branch_id, t.c.status.in_(("waiting", "called", "serving")))
            .values(status="cancelled", version=t.c.version + 1)
        )


def counter_id(world: World, branch_id: int, number: int) -> int:
    with world.engine.connect() as conn:
        return int(
            conn.execute(
                select(LobbyCounter.id).where(LobbyCounter.branch_id == branch_id, LobbyCounter.number == number)
            ).scalar_one()
        )


def customers_of(
    world: World, branch_id: int, *, vip: bool | None, count: int = 1, with_mobile: bool = False
) -> list[int]:
    """Customers of the branch, VIP (``vip_level > 0``) or not (None: either), optionally with a mobile and no
    refusal of service SMS."""
    query = select(Customer.id).where(Customer.branch_id == branch_id)
    if vip is not None:
        query = query.where(Customer.vip_level > 0) if vip else query.where(Customer.vip_level == 0)
    if with_mobile:
        mobiles = select(CustomerPhone.customer_id).where(CustomerPhone.kind == "mobile")
        refused = select(CustomerConsent.customer_id).where(
            CustomerConsent.channel == "sms", CustomerConsent.purpose == "service", CustomerConsent.granted.is_(False)
        )
        query = query.where(Customer.id.in_(mobiles), Customer.id.not_in(refused))
    with world.engine.connect() as conn:
        found = [int(i) for i in conn.execute(query.order_by(Customer.id).limit(count)).scalars()]
    assert len(found) == count, f"the seed has too few such customers at branch {branch_id}"
    return found
