"""The demo's lobby robots: colleagues hold counters, call, serve and finish; customers take numbers; on stop
the colleagues close their counters and sign out."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from db.models import LobbyCounter, QueueTicket, User, UserSession
from gateway import lobby_robots
from gateway.lobby_robots import LobbyRobots
from tests.flows.runner_rig import World


def test_colleagues_serve_and_customers_arrive(embedded_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world = embedded_world
    monkeypatch.setattr(lobby_robots, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(lobby_robots, "SERVE_SECONDS", (0.1, 0.2))
    monkeypatch.setattr(lobby_robots, "WALK_UP_SECONDS", (0.05, 0.1))
    monkeypatch.setattr(lobby_robots, "ARRIVAL_SECONDS", (0.05, 0.1))
    lobby = world.principal("lobby01")
    branch = lobby.branch_id
    with world.engine.connect() as conn:
        staff = list(
            conn.execute(
                select(User.id).where(User.branch_id == branch, User.role_code == "customer_manager").limit(2)
            ).scalars()
        )
    assert len(staff) == 2
    robots = LobbyRobots(world.engine, branch, staff, [1, 2], lobby.user_id, seed=3).start()
    try:
        deadline = time.monotonic() + 20
        while (robots.called < 2 or robots.served < 1 or robots.issued < 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert robots.called >= 2 and robots.served >= 1 and robots.issued >= 2
        with world.engine.connect() as conn:
            held = conn.execute(
                select(LobbyCounter.number, LobbyCounter.status, LobbyCounter.user_id).where(
                    LobbyCounter.branch_id == branch, LobbyCounter.number.in_([1, 2])
                )
            ).all()
        assert {(n, s) for n, s, _u in held} == {(1, "open"), (2, "open")}
        assert {u for _n, _s, u in held} == set(staff)
    finally:
        robots.stop()
    with world.engine.connect() as conn:
        served = (
            conn.execute(
                select(QueueTicket.status).where(QueueTicket.branch_id == branch, QueueTicket.served_by_id.in_(staff))
            )
            .scalars()
            .all()
        )
        sessions = (
            conn.execute(
                select(UserSession.ended_at).where(
                    UserSession.user_id.in_(staff), UserSession.workstation == "demo-robot"
                )
            )
            .scalars()
            .all()
        )
    assert served and set(served) <= {"serving", "done"}
    assert sessions and all(ended is not None for ended in sessions)  # signed out
