"""The standard set-up and the branch's day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import LobbyService
from db.write import write_txn
from services.lobby.setup import (
    STANDARD_COUNTERS,
    STANDARD_SERVICES,
    branch_zone,
    counters_of,
    day_bounds,
    ensure_branch_setup,
    service_day,
    services_of,
)
from tests.flows.runner_rig import World


def test_every_branch_gets_the_standard_services_once(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    with write_txn(world.engine) as conn:
        assert ensure_branch_setup(conn, lobby.branch_id) is False  # already there: nothing added twice
        services = services_of(conn, lobby.branch_id)
        counters = counters_of(conn, lobby.branch_id, dt.datetime.now(dt.UTC))
        count = len(conn.execute(select(LobbyService.id).where(LobbyService.branch_id == lobby.branch_id)).all())
    assert [s.code for s in services] == [s.code for s in STANDARD_SERVICES]
    assert count == len(STANDARD_SERVICES)
    assert [c.number for c in counters] == [n for n, *_ in STANDARD_COUNTERS]
    assert all(c.status == "closed" and c.user_id is None and not c.stale for c in counters)


def test_the_day_turns_at_the_branchs_midnight(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    with world.engine.connect() as conn:
        zone = branch_zone(conn, lobby.branch_id)
    before = dt.datetime(2026, 12, 7, 15, 59, 59, tzinfo=dt.UTC)  # 23:59:59 in Shanghai
    after = before + dt.timedelta(seconds=1)
    assert service_day(zone, before) == dt.date(2026, 12, 7)
    assert service_day(zone, after) == dt.date(2026, 12, 8)
    start, end = day_bounds(zone, dt.date(2026, 12, 8))
    assert start == after and end - start == dt.timedelta(days=1)
