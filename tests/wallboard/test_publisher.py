"""The aggregator: one snapshot per tick to every subscriber, whatever a subscriber or the database does."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from services.wallboard.publisher import SnapshotPublisher
from services.wallboard.types import WallboardSnapshot

from .world import NOW, ZONE, Floor

WAIT = 30.0  # seconds before a test gives up on an event that should come at once


class Collector:
    """A subscriber that keeps what it receives and says when it has ``enough``."""

    def __init__(self, enough: int) -> None:
        self.got: list[WallboardSnapshot] = []
        self.enough = enough
        self.done = threading.Event()

    def __call__(self, snap: WallboardSnapshot) -> None:
        self.got.append(snap)
        if len(self.got) >= self.enough:
            self.done.set()


def ticking_clock() -> Callable[[], dt.datetime]:
    """NOW, then one millisecond later at every call (the publisher's seq follows the clock)."""
    counter = itertools.count()
    return lambda: NOW + dt.timedelta(milliseconds=next(counter))


def test_two_subscribers_get_every_snapshot_in_order(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    pub = SnapshotPublisher(engine, interval=0.01, zone=ZONE, clock=lambda: NOW)
    first, second = Collector(3), Collector(3)
    pub.subscribe(first)
    pub.subscribe(second)
    pub.start()
    try:
        assert first.done.wait(WAIT) and second.done.wait(WAIT)
    finally:
        pub.stop()
    assert not pub.running
    seqs = [s.seq for s in first.got]
    assert seqs == sorted(set(seqs)) and seqs[0] == int(NOW.timestamp() * 1000)  # the same clock: still increasing
    assert [s.seq for s in second.got] == seqs
    assert pub.latest() is first.got[-1]
    assert {q.name for q in first.got[0].queues} == {"general", "vip", "credit_card", "complaints"}


def test_a_failing_subscriber_does_not_stop_the_others(
    floor: tuple[Engine, Floor], caplog: pytest.LogCaptureFixture
) -> None:
    engine, _ = floor
    pub = SnapshotPublisher(engine, zone=ZONE, clock=ticking_clock())

    def broken(snap: WallboardSnapshot) -> None:
        raise RuntimeError("this wallboard is broken")

    before, after = Collector(2), Collector(2)
    pub.subscribe(before)
    pub.subscribe(broken)
    pub.subscribe(after)
    with caplog.at_level(logging.ERROR, logger="services.wallboard.publisher"):
        one, two = pub.compute_now(), pub.compute_now()
    assert before.got == [one, two] and after.got == [one, two]
    assert two.seq > one.seq
    assert "a subscriber failed" in caplog.text


def test_unsubscribe_stops_the_snapshots(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    pub = SnapshotPublisher(engine, zone=ZONE, clock=ticking_clock())
    got = Collector(1)
    stop = pub.subscribe(got)
    pub.compute_now()
    stop()
    stop()
    pub.compute_now()
    assert len(got.got) == 1


def test_a_database_error_keeps_the_last_snapshot_and_the_next_tick_retries(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    ticks = threading.Semaphore(0)
    clock = ticking_clock()

    def counting_clock() -> dt.datetime:
        ticks.release()
        return clock()

    pub = SnapshotPublisher(engine, interval=0.01, zone=ZONE, clock=counting_clock)
    good = pub.compute_now()
    assert ticks.acquire(timeout=WAIT)
    with engine.begin() as conn:  # the queues' table is gone: every read fails
        conn.execute(text("ALTER TABLE call_queue RENAME TO call_queue_away"))
    with pytest.raises(SQLAlchemyError):
        pub.compute_now()
    assert ticks.acquire(timeout=WAIT)
    later = Collector(1)
    pub.subscribe(later)
    pub.start()
    try:
        # Two ticks begun on the thread: the first of them has failed and the thread goes on.
        assert ticks.acquire(timeout=WAIT) and ticks.acquire(timeout=WAIT)
        assert pub.running and pub.failures >= 1
        assert pub.latest() is good and not later.got
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE call_queue_away RENAME TO call_queue"))
        assert later.done.wait(WAIT)
    finally:
        pub.stop()
    assert later.got[0].seq > good.seq and pub.latest() is not good
    assert pub.failures == 0
