"""The aggregator between ticks: what it keeps (the day cache, the statements built once) never shows a figure
that reading everything afresh would not, and a change on the floor wakes it before the next tick.

On both backends: a call that changes state between two snapshots of one cached aggregator is counted exactly
(waiting, then answered, then finished); the day restarts at the bank's midnight, not UTC's; a queue without a
call shows no level, ASA or AHT.  The publisher, nudged, computes at once instead of a whole interval later;
and the gateway nudges it when the change feed shows a call change.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, update

from db import feed
from db.models import Call
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from services import stream_tokens as tokens
from services.wallboard import delta
from services.wallboard.day_figures import DayCache
from services.wallboard.publisher import SnapshotPublisher
from services.wallboard.snapshot import compute
from services.wallboard.types import QueueFigures, WallboardSnapshot, from_json
from services.wallboard.wire import DELTA_EVENT, SNAPSHOT_EVENT, WALLBOARD_PATH

from .world import NOW, ZONE, Floor, add_call

S = dt.timedelta(seconds=1)
WAIT = 30.0


def tick(engine: Engine, cache: DayCache, now: dt.datetime) -> tuple[WallboardSnapshot, WallboardSnapshot]:
    """(cached, fresh) snapshots at ``now``."""
    with engine.connect() as conn:
        return compute(conn, now=now, seq=1, zone=ZONE, cache=cache), compute(conn, now=now, seq=1, zone=ZONE)


def queue(snap: WallboardSnapshot, queue_id: int) -> QueueFigures:
    return next(q for q in snap.queues if q.queue_id == queue_id)


def test_a_call_changing_state_between_snapshots_is_counted_exactly(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    general, bob = f.queues["general"], f.agents["bob"]
    cache = DayCache()
    with engine.begin() as conn:
        add_call(conn, general, "completed", NOW - 3600 * S, wait=2, answered_after=10, ended_after=100,
                 wrapup_after=120, agent_id=bob)  # fmt: skip
        call = add_call(conn, general, "queued", NOW - 30 * S, wait=0)
    cached, fresh = tick(engine, cache, NOW)
    assert cached == fresh
    assert (queue(cached, general).waiting, queue(cached, general).answered) == (1, 1)
    assert queue(cached, general).longest_wait_s == 30

    with engine.begin() as conn:  # answered 40 s after it was queued: outside the 20 s service level
        conn.execute(update(Call).where(Call.id == call).values(state="connected", answered_at=NOW + 10 * S,
                                                                agent_id=bob))  # fmt: skip
    cached, fresh = tick(engine, cache, NOW + 11 * S)
    assert cached == fresh
    g = queue(cached, general)
    assert (g.waiting, g.answered, g.answered_in_sl, g.asa_s, g.service_level) == (0, 2, 1, 25.0, 0.5)
    assert g.aht_s == 110.0  # the talking call is not finished: only the first counts

    with engine.begin() as conn:  # finished: its handling time joins the AHT
        conn.execute(update(Call).where(Call.id == call).values(state="completed", ended_at=NOW + 70 * S,
                                                                wrapup_ended_at=NOW + 100 * S))  # fmt: skip
    cached, fresh = tick(engine, cache, NOW + 101 * S)
    assert cached == fresh
    assert queue(cached, general).aht_s == 100.0  # (110 + 90) / 2
    (bob_now,) = (a for a in cached.agents if a.user_id == bob)
    assert (bob_now.handled_today, bob_now.aht_s) == (2, 100.0)


def test_the_cached_day_restarts_at_the_bank_s_midnight(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    vip = f.queues["vip"]
    cache = DayCache()
    local_midnight = dt.datetime(2026, 12, 8, 0, 0, tzinfo=ZONE).astimezone(dt.UTC)  # 16:00 UTC on the 7th
    with engine.begin() as conn:
        add_call(conn, vip, "abandoned", local_midnight - 60 * S, wait=0, ended_after=30)  # yesterday, locally
    before, _ = tick(engine, cache, local_midnight - S)
    assert queue(before, vip).abandoned == 1
    with engine.begin() as conn:
        add_call(conn, vip, "abandoned", local_midnight + 60 * S, wait=0, ended_after=30)  # today, locally
    after, fresh = tick(engine, cache, local_midnight + 120 * S)
    assert after == fresh
    assert queue(after, vip).abandoned == 1  # the day restarted at 00:00 in Shanghai, not at UTC midnight
    assert queue(after, vip).service_level == 0.0


def test_a_queue_without_calls_shows_no_figures_through_the_cache(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    cache = DayCache()
    for n in range(3):
        cached, fresh = tick(engine, cache, NOW + n * S)
        assert cached == fresh
        empty = queue(cached, f.queues["complaints"])
        assert (empty.waiting, empty.answered, empty.abandoned) == (0, 0, 0)
        assert empty.service_level is None and empty.asa_s is None and empty.aht_s is None
        assert empty.longest_wait_s is None


def test_a_nudge_computes_at_once_instead_of_at_the_next_tick(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    pub = SnapshotPublisher(engine, interval=600.0, min_gap=0.0, zone=ZONE, clock=lambda: NOW + 60 * S)
    got: list[WallboardSnapshot] = []
    arrived = threading.Semaphore(0)

    def received(snap: WallboardSnapshot) -> None:
        got.append(snap)
        arrived.release()

    pub.subscribe(received)
    pub.start()
    try:
        assert arrived.acquire(timeout=WAIT)  # the first snapshot comes at once
        assert queue(got[-1], f.queues["vip"]).waiting == 0
        with engine.begin() as conn:
            add_call(conn, f.queues["vip"], "queued", NOW, wait=0)
        pub.nudge()
        assert arrived.acquire(timeout=WAIT)  # long before the ten-minute tick
        assert queue(got[-1], f.queues["vip"]).waiting == 1
    finally:
        pub.stop()
    assert not pub.running


class _Board:
    """Reads a wallboard stream as a wallboard does: the full snapshot, then each delta applied to it."""

    def __init__(self, lines: Any) -> None:
        self.lines = lines
        self.held: WallboardSnapshot | None = None

    def first_where(self, check: Any) -> WallboardSnapshot:
        """The first snapshot shown from now on that passes ``check``."""
        event = None
        for line in self.lines:
            if line.startswith("event: "):
                event = line[7:]
                continue
            if line.startswith("data: ") and event == SNAPSHOT_EVENT:
                self.held = from_json(line[6:])
            elif line.startswith("data: ") and event == DELTA_EVENT:
                assert self.held is not None, "a delta before any snapshot"
                self.held = delta.apply(self.held, delta.from_json(line[6:]))
            else:
                continue
            if check(self.held):
                return self.held
        raise AssertionError("the stream ended without the snapshot")


@pytest.mark.timeout(120)
def test_the_gateway_nudges_the_aggregator_on_a_call_change(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    config = GatewayConfig(
        public_url="http://127.0.0.1:1", auth_token="wallboard_test_token_0123456789abcd", run_worker=False,
        change_stream=False, wallboard_interval=600.0,
    )  # fmt: skip
    server = ServerThread(create_app(engine, config), name="wallboard-nudge").start()
    try:
        app: Any = server.server.config.app
        stream = app.state.wallboard
        token = tokens.issue(engine, f.agents["dai"], workstation="WALL-1")
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.stream("GET", f"{server.url}{WALLBOARD_PATH}", headers=headers, timeout=WAIT) as response:
            assert response.status_code == 200
            board = _Board(response.iter_lines())
            board.first_where(lambda snap: True)  # the first tick, at once
            started = time.monotonic()
            with engine.begin() as conn:  # a call comes in, written with its change-feed row as the services do
                call = add_call(conn, f.queues["general"], "queued", dt.datetime.now(dt.UTC), wait=0)
                feed.append(conn, "call", call, "queued")
            snap = board.first_where(lambda s: queue(s, f.queues["general"]).waiting == 1)
            assert time.monotonic() - started < WAIT  # not the ten-minute tick: the feed woke the aggregator
            assert snap.seq > 0 and stream.nudges >= 1
    finally:
        server.stop()
