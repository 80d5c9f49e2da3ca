"""Stale calls (their final status callback lost) looked up at Twilio and closed: gateway/reconcile.py.

Against real parts: the simulator's REST API on loopback (checked against Twilio's OpenAPI description), the
twilio library through :class:`~gateway.twilio_rest.TwilioRest`, and a migrated database on SQLite and
PostgreSQL written by the gateway's own webhook functions.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.models import Call, CallOffer, ChangeFeed
from db.pii import mask_phone
from db.write import utcnow, write_txn
from gateway import events, offers, routing
from gateway.inprocess import start_inprocess
from gateway.reconcile import (
    INTERVAL_SECONDS,
    RECHECK_AFTER,
    STALE_AFTER,
    RecheckMemo,
    Round,
    StaleCallReconciler,
    close_call,
    reconcile_stale_calls,
)
from gateway.serve import ServerThread
from gateway.signature import Params
from gateway.simulator.population import Population
from gateway.simulator.runner import Chaos
from gateway.simulator.simulator import Simulator, SimulatorConfig
from gateway.simulator.state import SimCall
from gateway.twilio_rest import CallFacts, TwilioRest
from gateway.worker import GatewayWorker
from services import agent_states, call_states
from services.agent_state import AgentStateService
from services.call_states import PENDING_SID_PREFIX
from services.config import Settings

from .helpers import call_row, new_sid, wait_for
from .test_routing import _queue_call
from .world import ACCOUNT_SID, AUTH_TOKEN, BANK_NUMBER, SINGLE_PHONE, UNKNOWN_PHONE, VIP_PHONE, World

AGO = dt.timedelta(minutes=20)  # when the test calls came in: stale by STALE_AFTER


@dataclass
class Twilio:
    """The simulator's REST API on a loopback port, and a twilio-library client for it."""

    simulator: Simulator
    server: ServerThread
    rest: TwilioRest

    def client(self) -> TwilioRest:
        """Another client (another gateway process has its own)."""
        return TwilioRest(ACCOUNT_SID, AUTH_TOKEN, base_url=self.server.url, timeout=5.0)

    def add_call(self, sid: str, status: str, *, direction: str = "inbound", ended_ago: float | None = None) -> None:
        """A call Twilio knows, in ``status`` (ended ``ended_ago`` seconds ago when given)."""

        async def add() -> None:
            now = time.monotonic()
            call = SimCall(sid, SINGLE_PHONE, BANK_NUMBER, direction, status=status, created=now - AGO.total_seconds())
            call.answered = call.created
            if ended_ago is not None:
                call.ended = now - ended_ago
            self.simulator.state.calls[sid] = call

        self.server.run_coroutine(add())

    def fetches(self, sid: str | None = None) -> int:
        """GET requests for calls seen so far (for ``sid`` only, when given)."""

        async def count() -> int:
            return sum(
                1
                for r in self.simulator.state.requests
                if r["method"] == "GET" and "/Calls/" in r["path"] and (sid is None or sid in r["path"])
            )

        return int(self.server.run_coroutine(count()))

    def inject(self, path_regex: str, code: int, status: int, times: int = 1) -> None:
        async def inject() -> None:
            self.simulator.state.inject("GET", path_regex, code, status=status, times=times)

        self.server.run_coroutine(inject())


@pytest.fixture
def twilio() -> Iterator[Twilio]:
    config = SimulatorConfig(
        gateway_url="http://127.0.0.1:9",  # no call traffic: nothing is sent to a gateway
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        calls_per_minute=0.0,
        chaos=Chaos(0.0, 0.0),
    )
    simulator = Simulator(config, Population())
    server = ServerThread(simulator.rest_app(), name="twilio-simulator").start()
    try:
        yield Twilio(simulator, server, TwilioRest(ACCOUNT_SID, AUTH_TOKEN, base_url=server.url, timeout=5.0))
    finally:
        server.run_coroutine(simulator.close())
        server.stop()


# -- calls in the database, written the way the gateway writes them ----------------------------------------------
def queued_call(engine: Engine, sid: str, at: dt.datetime, phone: str = SINGLE_PHONE) -> int:
    """An inbound call that came in and chose the general queue at ``at`` (incoming + menu webhooks)."""
    params = Params({"CallSid": [sid], "From": [phone], "To": [BANK_NUMBER], "Digits": ["1"]})
    with write_txn(engine) as conn:
        events.apply_incoming(conn, params, at)
        events.apply_menu(conn, params, at)
    row = call_row(engine, sid)
    assert row.state == "queued"
    return int(row.id)


def offered_call(engine: Engine, sid: str, agent: int, at: dt.datetime) -> int:
    """A queued call offered to ``agent`` by routing at ``at``."""
    call_id = queued_call(engine, sid, at)
    with write_txn(engine) as conn:
        agent_states.transition(conn, agent, "available", at - dt.timedelta(seconds=1))
        made = routing.route_once(conn, at)
    assert [(o.call_id, o.agent_id) for o in made] == [(call_id, agent)]
    return call_id


def connected_call(engine: Engine, sid: str, agent: int, at: dt.datetime) -> int:
    """An offered call the agent accepted at ``at`` (the database side of CallService.accept)."""
    call_id = offered_call(engine, sid, agent, at)
    with write_txn(engine) as conn:
        conn.execute(
            CallOffer.__table__.update().where(CallOffer.call_id == call_id).values(status="accepted", responded_at=at)
        )
        assert call_states.set_call(conn, call_id, ("offered",), state="connected", answered_at=at)
        agent_states.transition(conn, agent, "on_call", at, call_id=call_id)
    return call_id


def agent_state(engine: Engine, agent: int) -> str:
    with engine.connect() as conn:
        now = agent_states.current(conn, agent)
    assert now is not None
    return now.state


def feed_actions(engine: Engine, call_id: int) -> list[tuple[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(ChangeFeed.action, ChangeFeed.payload)
            .where(ChangeFeed.entity == "call", ChangeFeed.entity_id == str(call_id))
            .order_by(ChangeFeed.id)
        ).all()
    return [(r[0], r[1]) for r in rows]


def close_to(a: dt.datetime, b: dt.datetime, seconds: float = 2.0) -> bool:
    return abs((a - b).total_seconds()) <= seconds


# -- the job -------------------------------------------------------------------------------------------------------
def test_queued_call_whose_completed_callback_was_lost_is_closed_once_stale(
    world_engine: tuple[Engine, World], twilio: Twilio
) -> None:
    engine, _ = world_engine
    now = utcnow()
    sid = new_sid()
    call_id = queued_call(engine, sid, now - AGO)
    twilio.add_call(sid, "completed", ended_ago=15 * 60)  # the caller gave up 15 minutes ago
    ended = now - dt.timedelta(minutes=15)

    # Not stale yet (five minutes after it came in): not even asked about.
    early = reconcile_stale_calls(engine, twilio.rest, now=now - AGO + dt.timedelta(minutes=5))
    assert early.looked_up == 0 and twilio.fetches() == 0
    assert call_row(engine, sid).state == "queued"

    found = reconcile_stale_calls(engine, twilio.rest, now=now)
    assert found.closed == [sid] and found.twilio_status == {sid: "completed"}
    row = call_row(engine, sid)
    # As the lost callback would have: a caller who hung up while waiting abandoned the call, when Twilio says.
    assert row.state == "abandoned"
    assert close_to(row.ended_at, ended)
    assert feed_actions(engine, call_id)[-2:] == [
        ("abandoned", None),
        ("reconciled", {"source": "reconcile", "twilio_status": "completed"}),
    ]
    # Idempotent: the next round finds nothing to do and asks Twilio nothing.
    again = reconcile_stale_calls(engine, twilio.rest, now=now + dt.timedelta(minutes=1))
    assert again.looked_up == 0 and twilio.fetches() == 1
    assert len(feed_actions(engine, call_id)) == 4  # received, queued, abandoned, reconciled


def test_offered_and_connected_calls_free_their_agents(world_engine: tuple[Engine, World], twilio: Twilio) -> None:
    engine, world = world_engine
    now = utcnow()
    offered_sid, talking_sid = new_sid(), new_sid()
    ringing_agent, talking_agent = world.agents["agent02"], world.agents["agent01"]
    offered_id = offered_call(engine, offered_sid, ringing_agent, now - AGO)
    talking_id = connected_call(engine, talking_sid, talking_agent, now - AGO)
    twilio.add_call(offered_sid, "canceled", ended_ago=18 * 60)
    twilio.add_call(talking_sid, "completed", ended_ago=12 * 60)

    found = reconcile_stale_calls(engine, twilio.rest, now=now)
    assert sorted(found.closed) == sorted([offered_sid, talking_sid])
    # The offered agent is free again, the offer cancelled.
    assert call_row(engine, offered_sid).state == "abandoned"
    assert agent_state(engine, ringing_agent) == "available"
    with engine.connect() as conn:
        statuses = conn.execute(select(CallOffer.status).where(CallOffer.call_id == offered_id)).scalars().all()
    assert statuses == ["cancelled"]
    # The talking agent goes to wrap-up, whose time (counted from Twilio's end time) is long over: the worker's
    # wrap-up rule marks it overdue; the call is written only when the agent submits it with a disposition.
    assert call_row(engine, talking_sid).state == "wrap_up"
    assert agent_state(engine, talking_agent) == "wrap_up"
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn, now) == [talking_agent]
    assert call_row(engine, talking_sid).state == "wrap_up"
    assert agent_state(engine, talking_agent) == "wrap_up"
    assert ("reconciled", {"source": "reconcile", "twilio_status": "completed"}) in feed_actions(engine, talking_id)


def test_live_call_is_left_alone_and_asked_about_again_later(
    sqlite_world: tuple[Engine, World], twilio: Twilio
) -> None:
    engine, world = sqlite_world
    now = utcnow()
    sid = new_sid()
    agent = world.agents["agent01"]
    connected_call(engine, sid, agent, now - AGO)  # a 20-minute conversation, still going
    twilio.add_call(sid, "in-progress")
    before = call_row(engine, sid)
    memo = RecheckMemo()

    found = reconcile_stale_calls(engine, twilio.rest, now=now, memo=memo)
    assert found.live == [sid] and found.closed == []
    assert call_row(engine, sid) == before and agent_state(engine, agent) == "on_call"
    # Not asked about on every round...
    assert reconcile_stale_calls(engine, twilio.rest, now=now + dt.timedelta(seconds=30), memo=memo).looked_up == 0
    assert twilio.fetches(sid) == 1
    # ...but again once the re-check time is over, and closed when it has ended.
    twilio.add_call(sid, "completed", ended_ago=1)
    later = reconcile_stale_calls(engine, twilio.rest, now=now + RECHECK_AFTER + dt.timedelta(seconds=1), memo=memo)
    assert later.closed == [sid] and twilio.fetches(sid) == 2
    assert call_row(engine, sid).state == "wrap_up"


def test_memo_does_not_hide_other_stale_calls(sqlite_world: tuple[Engine, World], twilio: Twilio) -> None:
    engine, _ = sqlite_world
    now = utcnow()
    live = [new_sid() for _ in range(3)]
    for sid in live:
        queued_call(engine, sid, now - AGO)
        twilio.add_call(sid, "in-progress")
    over = new_sid()
    queued_call(engine, over, now - AGO)
    twilio.add_call(over, "completed", ended_ago=60)
    memo = RecheckMemo()
    assert reconcile_stale_calls(engine, twilio.rest, now=now, limit=3, memo=memo).live == live
    # The next round skips the live ones and reaches the call beyond them.
    assert reconcile_stale_calls(engine, twilio.rest, now=now, limit=3, memo=memo).closed == [over]


def test_unknown_call_is_closed_as_failed_and_logged(
    world_engine: tuple[Engine, World], twilio: Twilio, caplog: pytest.LogCaptureFixture
) -> None:
    engine, _ = world_engine
    now = utcnow()
    sid = new_sid()  # Twilio never heard of it
    call_id = queued_call(engine, sid, now - AGO)
    with caplog.at_level(logging.WARNING, logger="gateway.reconcile"):
        found = reconcile_stale_calls(engine, twilio.rest, now=now)
    assert found.unknown == [sid] and found.twilio_status == {sid: "error 20404"}
    row = call_row(engine, sid)
    assert row.state == "failed" and row.ended_at is not None
    assert any(sid in r.getMessage() and "failed" in r.getMessage() for r in caplog.records)
    assert feed_actions(engine, call_id)[-1] == ("reconciled", {"source": "reconcile", "twilio_status": "error 20404"})


def test_twilio_away_leaves_the_call_for_the_next_round(sqlite_world: tuple[Engine, World], twilio: Twilio) -> None:
    engine, _ = sqlite_world
    now = utcnow()
    sids = [new_sid(), new_sid()]
    for sid in sids:
        queued_call(engine, sid, now - AGO)
        twilio.add_call(sid, "completed", ended_ago=600)

    # Nobody listens: the twilio library cannot connect.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    away = TwilioRest(ACCOUNT_SID, AUTH_TOKEN, base_url=f"http://127.0.0.1:{closed_port}", timeout=2.0)
    found = reconcile_stale_calls(engine, away, now=now)
    assert found.deferred == sids and found.closed == [] and found.unknown == []
    assert [call_row(engine, s).state for s in sids] == ["queued", "queued"]

    # Twilio answers 503: transient too, and the round stops at the first one.
    twilio.inject(r"/Calls/CA", 20500, 503)
    found = reconcile_stale_calls(engine, twilio.rest, now=now)
    assert found.deferred == sids and twilio.fetches() == 1
    assert [call_row(engine, s).state for s in sids] == ["queued", "queued"]

    # Back: both closed.
    assert reconcile_stale_calls(engine, twilio.rest, now=now).closed == sids
    assert [call_row(engine, s).state for s in sids] == ["abandoned", "abandoned"]


def test_calls_without_a_twilio_sid_or_with_recent_news_are_not_looked_up(
    sqlite_world: tuple[Engine, World], twilio: Twilio
) -> None:
    engine, world = sqlite_world
    now = utcnow()
    pending = PENDING_SID_PREFIX + "0" * 24
    with write_txn(engine) as conn:
        conn.execute(
            Call.__table__.insert().values(
                call_sid=pending,
                direction="outbound",
                to_e164=SINGLE_PHONE,
                to_masked=mask_phone(SINGLE_PHONE),
                state="received",
                received_at=now - AGO,
                agent_id=world.agents["agent03"],
                version=1,
            )
        )
    # Came in long ago but was offered recently: there is news.
    recent = new_sid()
    offered_call(engine, recent, world.agents["agent02"], now - AGO)
    with write_txn(engine) as conn:
        call_states.set_call(conn, call_row(engine, recent).id, ("offered",), offered_at=now - dt.timedelta(minutes=1))
    twilio.add_call(recent, "completed", ended_ago=1)
    found = reconcile_stale_calls(engine, twilio.rest, now=now)
    assert found.looked_up == 0 and twilio.fetches() == 0
    assert call_row(engine, pending).state == "received" and call_row(engine, recent).state == "offered"


def test_two_gateways_at_once_close_each_call_once(world_engine: tuple[Engine, World], twilio: Twilio) -> None:
    engine, _ = world_engine
    now = utcnow()
    sids = [new_sid() for _ in range(6)]
    ids = {
        sid: queued_call(engine, sid, now - AGO, phone)
        for sid, phone in zip(sids, [SINGLE_PHONE, VIP_PHONE, UNKNOWN_PHONE] * 2, strict=True)
    }
    for sid in sids:
        twilio.add_call(sid, "completed", ended_ago=300)
    # Two gateways in lockstep: each has read the same stale calls, and both look each one up before either
    # writes — the most contention there can be.
    lockstep = threading.Barrier(2, timeout=30)
    results: list[Round | None] = [None, None]

    class InStep:
        def __init__(self) -> None:
            self.rest = twilio.client()

        def fetch_call(self, call_sid: str) -> CallFacts:
            facts = self.rest.fetch_call(call_sid)
            lockstep.wait()
            return facts

    def gateway(n: int) -> None:
        results[n] = reconcile_stale_calls(engine, InStep(), now=now)

    threads = [threading.Thread(target=gateway, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    first, second = results
    assert first is not None and second is not None
    assert first.looked_up == second.looked_up == len(sids)
    # Every call closed, each by one gateway only; the other found it closed.
    assert sorted(first.closed + second.closed) == sorted(sids)
    assert sorted(first.already_closed) == sorted(second.closed)
    assert sorted(second.already_closed) == sorted(first.closed)
    for sid in sids:
        assert call_row(engine, sid).state == "abandoned"
        actions = [a for a, _ in feed_actions(engine, ids[sid])]
        assert actions.count("abandoned") == 1 and actions.count("reconciled") == 1
    # A third round (a restarted gateway) changes nothing.
    assert reconcile_stale_calls(engine, twilio.rest, now=now).looked_up == 0
    with engine.connect() as conn:
        reconciled = conn.execute(select(func.count()).select_from(ChangeFeed).where(ChangeFeed.action == "reconciled"))
        assert reconciled.scalar_one() == len(sids)


def test_closing_a_closed_call_changes_nothing(world_engine: tuple[Engine, World]) -> None:
    """A callback (or another gateway) closed the call between the look-up and the write."""
    engine, _ = world_engine
    now = utcnow()
    sid = new_sid()
    call_id = queued_call(engine, sid, now - AGO)
    status = Params({"CallSid": [sid], "CallStatus": ["completed"], "Direction": ["inbound"]})
    with write_txn(engine) as conn:
        assert events.apply_status(conn, status, now - dt.timedelta(minutes=2)) == "updated"
    before = call_row(engine, sid)
    with write_txn(engine) as conn:
        assert not close_call(conn, call_id, now, twilio_status="completed")
    assert call_row(engine, sid) == before
    assert "reconciled" not in [a for a, _ in feed_actions(engine, call_id)]


# -- from the gateway worker ---------------------------------------------------------------------------------------
def test_worker_runs_the_job_at_most_every_interval(sqlite_world: tuple[Engine, World], twilio: Twilio) -> None:
    engine, _ = sqlite_world
    now = utcnow()
    first, second = new_sid(), new_sid()
    queued_call(engine, first, now - AGO)
    twilio.add_call(first, "completed", ended_ago=60)
    # Without a Twilio client the worker reconciles nothing; with one, it runs the job every INTERVAL_SECONDS.
    assert GatewayWorker(engine, None).reconciler is None
    default = GatewayWorker(engine, None, rest=twilio.rest).reconciler
    assert default is not None and default.interval == INTERVAL_SECONDS and default.stale_after == STALE_AFTER

    worker = GatewayWorker(engine, None, reconciler=StaleCallReconciler(engine, twilio.rest, interval=30.0))
    worker.tick()
    assert call_row(engine, first).state == "abandoned"
    queued_call(engine, second, now - AGO)
    twilio.add_call(second, "completed", ended_ago=60)
    worker.tick()
    worker.tick()
    assert worker.reconciler is not None and worker.reconciler.rounds == 1
    assert call_row(engine, second).state == "queued"  # waits for the next round, 30 s on

    eager = GatewayWorker(engine, None, reconciler=StaleCallReconciler(engine, twilio.rest, interval=0.0))
    eager.tick()
    assert call_row(engine, second).state == "abandoned"


# -- end to end: a real call whose final callback is lost ---------------------------------------------------------
def test_call_abandoned_in_the_queue_with_its_callback_lost_is_closed(
    sqlite_world: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, _ = sqlite_world
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=3,
        chaos=Chaos(0.0, 0.0, lost_final=1.0),
        worker_interval=0.05,
        messaging=False,
    )
    try:
        # Nobody is available; the caller gives up after 1 s (100 simulated seconds) and Twilio's final
        # callback never reaches the gateway.
        sid = tel.place_call(SINGLE_PHONE, digits="1", patience=100.0, talk=10.0)
        wait_for(lambda: tel.simulator.state.calls[sid].ended is not None)
        wait_for(lambda: call_row(engine, sid) is not None and call_row(engine, sid).state == "queued")
        time.sleep(0.3)
        assert call_row(engine, sid).state == "queued"  # open for good, without the job

        later = utcnow() + STALE_AFTER + dt.timedelta(minutes=1)
        found = reconcile_stale_calls(engine, tel.control.rest, now=later)
        assert found.closed == [sid] and found.twilio_status == {sid: "completed"}
        row = call_row(engine, sid)
        assert row.state == "abandoned" and close_to(row.ended_at, utcnow(), 30.0)  # Twilio's end time, not ``later``
        assert tel.simulator.state.rejected == []
    finally:
        tel.stop()


def test_the_demo_closes_the_calls_of_an_earlier_run_before_routing_offers_one(
    sqlite_world: tuple[Engine, World], tmp_path: Path
) -> None:
    """The demo's database outlives its simulator: calls left open by an earlier run (the desktop was closed
    mid-call) are unknown to the new simulator and are closed at start, so nobody is offered a ghost."""
    engine, world = sqlite_world
    ghosts = [_queue_call(engine, SINGLE_PHONE, utcnow() - dt.timedelta(minutes=m)) for m in (1, 2, 3)]
    AgentStateService(engine).set_state(world.agents["agent02"], "available")
    tel = start_inprocess(
        engine, Settings(data_dir=tmp_path), traffic=False, speed=0.01, seed=3, worker_interval=0.05, messaging=False
    )
    try:
        with engine.connect() as conn:
            states = dict(conn.execute(select(Call.id, Call.state).where(Call.id.in_(ghosts))).all())
            offers = conn.execute(select(CallOffer.id).where(CallOffer.call_id.in_(ghosts))).all()
        assert states == {g: "failed" for g in ghosts} and offers == []
        # A call placed now still rings.
        sid = tel.place_call(SINGLE_PHONE, digits="1", patience=3000.0, talk=3000.0)
        wait_for(lambda: call_row(engine, sid) is not None and call_row(engine, sid).state == "offered")
    finally:
        tel.stop()
