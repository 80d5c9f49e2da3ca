"""Calls ring only at desks that are alive: an agent whose desktop closed without signing out (or crashed) is
offered nothing and the desk watch sets them offline; signing out leaves the queue too; the demo's robot
colleagues hold sessions of their own."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from sqlalchemy import Engine, insert, select, update

from db.models import AgentStateLog, AgentStatus, UserSession
from db.write import write_txn
from gateway import routing
from gateway.robots import ROBOT_WORKSTATION, RobotAgents
from gateway.standard_jobs import DeskWatch
from services import agent_states
from services.agent_state import AgentStateService
from services.auth import AuthService
from services.config import Settings

from .test_routing import _queue_call
from .world import UNKNOWN_PHONE, World

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _state(engine: Engine, agent_id: int, at: dt.datetime, state: str = "available", reason: str | None = None) -> None:
    AgentStateService(engine, clock=lambda: at).set_state(agent_id, state, reason)


def _session(engine: Engine, agent_id: int, seen: dt.datetime, ended: dt.datetime | None = None) -> int:
    with write_txn(engine) as conn:
        return int(
            conn.execute(
                insert(UserSession)
                .values(user_id=agent_id, workstation="ws", started_at=T0, last_seen_at=seen, ended_at=ended)
                .returning(UserSession.id)
            ).scalar_one()
        )


def _now(engine: Engine, agent_id: int) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(AgentStatus.state, AgentStatus.reason).where(AgentStatus.user_id == agent_id)).one()
    return str(row[0]), row[1]


def test_a_call_rings_only_at_a_desk_that_is_alive(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    a = world.agents
    _state(engine, a["agent02"], T0)  # longest idle, but the desktop closed long ago without signing out
    _state(engine, a["agent04"], T0 + dt.timedelta(seconds=1))  # signed out properly: session ended
    _session(engine, a["agent04"], T0 + dt.timedelta(seconds=190), ended=T0 + dt.timedelta(seconds=190))
    _state(engine, a["agent01"], T0 + dt.timedelta(seconds=5))
    _session(engine, a["agent01"], T0 + dt.timedelta(seconds=190))  # its desk checks in every 15 s
    call = _queue_call(engine, UNKNOWN_PHONE, T0 + dt.timedelta(seconds=195))
    made = routing.route(engine, T0 + dt.timedelta(seconds=200))
    assert [(o.call_id, o.agent_id) for o in made] == [(call, a["agent01"])]


def test_a_state_chosen_just_now_counts_as_a_desk_alive(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    _state(engine, world.agents["agent02"], T0)  # no session row at all, but the choice is fresh
    call = _queue_call(engine, UNKNOWN_PHONE, T0 + dt.timedelta(seconds=1))
    assert [o.agent_id for o in routing.route(engine, T0 + dt.timedelta(seconds=60))] == [world.agents["agent02"]]
    assert call


def test_nobody_is_rung_once_every_desk_has_gone_quiet(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    _state(engine, world.agents["agent01"], T0)
    _session(engine, world.agents["agent01"], T0 + dt.timedelta(seconds=10))  # last heard of 10 s in
    _queue_call(engine, UNKNOWN_PHONE, T0 + dt.timedelta(seconds=20))
    quiet = T0 + dt.timedelta(seconds=10) + agent_states.DESK_LOST_AFTER + dt.timedelta(seconds=1)
    assert routing.route(engine, quiet) == []


def test_the_desk_watch_sets_lost_agents_offline_once(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    a = world.agents
    _state(engine, a["agent02"], T0)
    _state(engine, a["agent03"], T0, "break", "lunch")
    _state(engine, a["agent01"], T0)
    _session(engine, a["agent01"], T0 + dt.timedelta(seconds=150))
    at = T0 + dt.timedelta(seconds=200)
    with write_txn(engine) as conn:
        assert agent_states.release_lost_desks(conn, at) == [a["agent02"], a["agent03"]]
    assert _now(engine, a["agent02"]) == ("offline", agent_states.DESK_LOST)
    assert _now(engine, a["agent03"]) == ("offline", agent_states.DESK_LOST)
    assert _now(engine, a["agent01"]) == ("available", None)
    with write_txn(engine) as conn:  # a second run (or a second gateway) finds nobody left
        assert agent_states.release_lost_desks(conn, at + dt.timedelta(seconds=30)) == []
    with engine.connect() as conn:
        logged = conn.execute(
            select(AgentStateLog.state, AgentStateLog.reason, AgentStateLog.started_at)
            .where(AgentStateLog.user_id == a["agent02"])
            .order_by(AgentStateLog.id)
        ).all()
    assert [(r[0], r[1]) for r in logged] == [("available", None), ("offline", agent_states.DESK_LOST)]


def test_the_desk_watch_job_uses_the_wall_clock(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    now = dt.datetime.now(dt.UTC)
    _state(engine, world.agents["agent02"], now - dt.timedelta(hours=3))  # a desktop killed hours ago
    _state(engine, world.agents["agent01"], now)  # chose available just now
    assert DeskWatch(engine)() == {"released": 1}
    assert _now(engine, world.agents["agent02"])[0] == "offline"
    assert _now(engine, world.agents["agent01"])[0] == "available"
    assert DeskWatch(engine)() == {"released": 0}


def test_signing_out_takes_a_waiting_agent_off_the_queue_but_not_a_call(
    world_engine: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, world = world_engine
    a = world.agents
    auth = AuthService(engine, Settings(data_dir=tmp_path))
    _state(engine, a["agent01"], T0)
    waiting = _session(engine, a["agent01"], T0)
    busy = _session(engine, a["agent02"], T0)
    with write_txn(engine) as conn:
        agent_states.transition(conn, a["agent02"], "on_call", T0, call_id=None)
    auth.sign_out(waiting)
    auth.sign_out(busy)
    assert _now(engine, a["agent01"]) == ("offline", agent_states.SIGNED_OUT)
    assert _now(engine, a["agent02"])[0] == "on_call"
    auth.sign_out(waiting)  # idempotent: nothing changes twice
    with engine.connect() as conn:
        offline_rows = conn.execute(
            select(AgentStateLog.id).where(AgentStateLog.user_id == a["agent01"], AgentStateLog.state == "offline")
        ).all()
    assert len(offline_rows) == 1


def test_the_demo_robots_hold_sessions_and_sign_out_when_they_stop(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    ids = [world.agents["agent02"], world.agents["agent03"]]
    robots = RobotAgents(engine, None, ids).start()  # type: ignore[arg-type]  # no call is offered: no control used
    try:
        with engine.connect() as conn:
            open_ = conn.execute(
                select(UserSession.user_id).where(
                    UserSession.workstation == ROBOT_WORKSTATION, UserSession.ended_at.is_(None)
                )
            ).scalars()
            assert sorted(open_) == ids
        for agent_id in ids:  # robots choose available by themselves
            deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
            while _now_or_none(engine, agent_id) != "available":
                assert dt.datetime.now(dt.UTC) < deadline, f"robot {agent_id} never became available"
                time.sleep(0.05)
        with write_txn(engine) as conn:  # long past their state choice: only the sessions keep them routable
            conn.execute(
                update(AgentStatus)
                .where(AgentStatus.user_id.in_(ids))
                .values(state_since=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
            )
            assert agent_states.release_lost_desks(conn, dt.datetime.now(dt.UTC)) == []
    finally:
        robots.stop()
    with engine.connect() as conn:
        still_open = conn.execute(
            select(UserSession.id).where(UserSession.workstation == ROBOT_WORKSTATION, UserSession.ended_at.is_(None))
        ).all()
    assert still_open == []
    assert [_now(engine, i) for i in ids] == [("offline", agent_states.SIGNED_OUT)] * 2


def _now_or_none(engine: Engine, agent_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(AgentStatus.state).where(AgentStatus.user_id == agent_id)).scalar()


def _states_after_rest(engine: Engine, agent_id: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AgentStateLog.state, AgentStateLog.reason)
            .where(AgentStateLog.user_id == agent_id)
            .order_by(AgentStateLog.id)
        ).all()
    rests = [i for i, r in enumerate(rows) if (r[0], r[1]) == ("break", "rest")]
    return [r[0] for r in rows[rests[0] + 1 :]] if rests else []


def test_a_robot_rests_after_its_call_then_takes_calls_again(
    sqlite_world: tuple[Engine, World], tmp_path: Path
) -> None:
    """The demo's robot colleagues answer, wrap up, and rest a while (a break, reason "rest") before they are
    available again — so the person at the desk is offered calls too, not only after every robot."""
    from gateway.inprocess import start_inprocess

    from .helpers import wait_for

    engine, world = sqlite_world
    robot = world.agents["agent02"]
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=5,
        worker_interval=0.05,
        messaging=False,
        robot_agents=[robot],
    )
    try:
        assert tel.robots is not None
        tel.robots.answer_after, tel.robots.wrapup_after, tel.robots.rest_after = 0.2, 0.2, (1.0, 1.0)
        wait_for(lambda: _now_or_none(engine, robot) == "available", timeout=20)
        tel.place_call(UNKNOWN_PHONE, digits="1", patience=3000.0, talk=100.0)  # 1 s of talk
        wait_for(lambda: tel.robots is not None and tel.robots.wrapped == 1, timeout=30)
        wait_for(lambda: _states_after_rest(engine, robot) != [], timeout=20)
    finally:
        tel.stop()
    with engine.connect() as conn:
        states = [
            (r[0], r[1])
            for r in conn.execute(
                select(AgentStateLog.state, AgentStateLog.reason)
                .where(AgentStateLog.user_id == robot)
                .order_by(AgentStateLog.id)
            )
        ]
    rest = states.index(("break", "rest"))
    assert states[rest - 1][0] == "available" and states[rest - 2][0] == "wrap_up"  # wrapped up, then the rest
    assert states[rest + 1] == ("available", None)
