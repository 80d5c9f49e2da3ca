"""The settled part of the day kept between ticks gives the same figures as reading everything afresh."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, update

from db.models import Call
from services.wallboard.day_figures import DayCache
from services.wallboard.snapshot import compute
from services.wallboard.types import WallboardSnapshot

from .world import NOW, ZONE, Floor, add_call, set_rules

S = dt.timedelta(seconds=1)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def both(engine: Engine, cache: DayCache, now: dt.datetime) -> tuple[WallboardSnapshot, WallboardSnapshot]:
    with engine.connect() as conn:
        cached = compute(conn, now=now, seq=1, zone=ZONE, cache=cache)
        fresh = compute(conn, now=now, seq=1, zone=ZONE)
    return cached, fresh


def day(engine: Engine, f: Floor) -> dict[str, int]:
    """Finished calls through the morning, one call still talking since 08:00 local, one in wrap-up."""
    g, vip, bob, ann = f.queues["general"], f.queues["vip"], f.agents["bob"], f.agents["ann"]
    with engine.begin() as conn:
        for minutes in range(0, 600, 20):  # 00:00 to 10:00 local, one every 20 minutes on each queue
            received = NOW - dt.timedelta(hours=10) + dt.timedelta(minutes=minutes)
            add_call(conn, g, "completed", received, wait=2, answered_after=minutes % 40, ended_after=100,
                     wrapup_after=130, agent_id=bob)  # fmt: skip
            add_call(conn, vip, "abandoned", received, wait=1, ended_after=minutes % 9)
        talking = add_call(conn, g, "connected", NOW - 2 * 3600 * S, wait=0, answered_after=10, agent_id=ann)
        wrapping = add_call(conn, vip, "wrap_up", NOW - 600 * S, wait=0, answered_after=5, ended_after=60, agent_id=ann)
    return {"talking": talking, "wrapping": wrapping}


def test_cached_figures_match_fresh_ones_tick_after_tick(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    calls = day(engine, f)
    ticks = Ticks()
    cache = DayCache(refresh_s=300, monotonic=ticks)
    cached, fresh = both(engine, cache, NOW)
    assert cached.queues == fresh.queues and cached.agents == fresh.agents
    assert sum(q.answered for q in fresh.queues) == 32

    # The long call ends and its wrap-up too; new calls come in and finish: the watermark moves on.
    later = NOW + 300 * S
    ticks.now = 10
    with engine.begin() as conn:
        conn.execute(update(Call).where(Call.id == calls["talking"]).values(
            state="completed", ended_at=NOW + 30 * S, wrapup_ended_at=NOW + 50 * S))  # fmt: skip
        conn.execute(update(Call).where(Call.id == calls["wrapping"]).values(
            state="completed", wrapup_ended_at=NOW + 10 * S))  # fmt: skip
        add_call(conn, f.queues["general"], "completed", NOW + 60 * S, wait=1, answered_after=4, ended_after=40,
                 agent_id=f.agents["bob"])  # fmt: skip
        add_call(conn, f.queues["general"], "queued", NOW + 200 * S, wait=0)
    cached, fresh = both(engine, cache, later)
    assert cached.queues == fresh.queues and cached.agents == fresh.agents
    assert cached.agents[0].aht_s is not None

    # New thresholds change what the settled calls count for: the cache starts over.
    ticks.now = 20
    with engine.begin() as conn:
        set_rules(conn, f.queues["general"], service_level_seconds=5, short_abandon_seconds=8)
        set_rules(conn, f.queues["vip"], short_abandon_seconds=2)
    cached, fresh = both(engine, cache, later + S)
    assert cached.queues == fresh.queues

    # A call still waiting that was received long ago (written late) moves the watermark back.
    ticks.now = 30
    with engine.begin() as conn:
        add_call(conn, f.queues["general"], "queued", NOW - 3 * 3600 * S, wait=0)
    cached, fresh = both(engine, cache, later + 2 * S)
    assert cached.queues == fresh.queues and cached.agents == fresh.agents


def test_a_finished_call_written_late_shows_at_the_next_refresh(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    day(engine, f)
    ticks = Ticks()
    cache = DayCache(refresh_s=300, monotonic=ticks)
    both(engine, cache, NOW)
    with engine.begin() as conn:
        add_call(conn, f.queues["general"], "completed", NOW - 5 * 3600 * S, wait=0, answered_after=3, ended_after=9)
    ticks.now = 299
    cached, fresh = both(engine, cache, NOW + S)
    general = f.queues["general"] - 1
    assert cached.queues[general].answered == fresh.queues[general].answered - 1  # settled: not read again yet
    ticks.now = 300
    cached, fresh = both(engine, cache, NOW + 2 * S)
    assert cached.queues == fresh.queues and cached.agents == fresh.agents


def test_the_cache_starts_a_new_day_at_the_reset(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    day(engine, f)
    cache = DayCache()
    both(engine, cache, NOW)
    tomorrow = NOW + dt.timedelta(hours=14, seconds=20)  # 00:00:20 local the next day
    with engine.begin() as conn:
        add_call(conn, f.queues["vip"], "abandoned", tomorrow - 10 * S, wait=0, ended_after=3)
    cached, fresh = both(engine, cache, tomorrow)
    assert cached.queues == fresh.queues and cached.agents == fresh.agents
    assert [q.abandoned for q in cached.queues] == [0, 1, 0, 0]
