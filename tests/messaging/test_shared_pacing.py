"""Pacing across gateway processes: two senders, each with its own engine (as two processes have), drain one
outbox on PostgreSQL through the twilio library to the simulator; together they keep the configured rate."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import SenderPace
from gateway.outbox_sender import OutboxSender
from gateway.pacing import Pacer, SharedPacer, make_pacer
from gateway.sms_sender import SmsSender

from ..telephony.helpers import wait_for
from .rig import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, running
from .test_sms import raw_row
from .world import ZHANG_MOBILE, World, build_world

pytestmark = pytest.mark.postgres

RATE = 8.0  # messages per second for the one From number
MESSAGES = 24


class TimedSms(SmsSender):
    """The real SMS sender, noting when each request leaves (shared by both "processes")."""

    def __init__(self, *args: Any, sent: list[tuple[float, str]], name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sent, self._name = sent, name

    def send(self, item: Any, from_number: str) -> Any:
        self._sent.append((time.monotonic(), self._name))
        return super().send(item, from_number)


@pytest.fixture
def pg_world(pg_database_url: str) -> Iterator[World]:
    engine = make_engine(pg_database_url)
    upgrade(engine)
    yield build_world(engine)
    engine.dispose()


def _most_in_any_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_two_sender_processes_together_keep_the_rate(pg_world: World, pg_database_url: str, tmp_path: Path) -> None:
    for i in range(MESSAGES):
        raw_row(pg_world, ZHANG_MOBILE, f"pace-{i:03d}", customer=pg_world.zhang)
    sent: list[tuple[float, str]] = []
    engines: list[Engine] = []
    with running(pg_world, tmp_path) as rig:
        config = dataclasses.replace(rig.sender.config, sms_per_second=RATE)
        senders = []
        for name in ("gateway-a", "gateway-b"):
            engine = make_engine(pg_database_url)  # each process has its own engine and connections
            engines.append(engine)
            sms = TimedSms(ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, base_url=rig.rest.url, sent=sent, name=name)
            # Small batches, so that both processes have rows to send at the same time.
            senders.append(
                OutboxSender(engine, config, sms=sms, clock=pg_world.clock, batch=3, threads=3, maintenance_every=3600)
            )
        assert all(isinstance(s.pacer, SharedPacer) for s in senders)
        started = time.monotonic()
        for s in senders:
            s.start()  # the gateway's own loop, on its own thread
        wait_for(lambda: len(sent) >= MESSAGES, timeout=60)
        elapsed = time.monotonic() - started
        for s in senders:
            s.stop()
        assert len(rig.box.outbound()) == MESSAGES  # every message went out, once
    for engine in engines:
        engine.dispose()
    assert len(sent) == MESSAGES
    assert {name for _, name in sent} == {"gateway-a", "gateway-b"}  # both processes really sent
    times = [t for t, _ in sent]
    # One per 1/RATE seconds across both processes (burst 1): MESSAGES need (MESSAGES - 1) / RATE seconds.
    assert max(times) - min(times) >= (MESSAGES - 1) / RATE * 0.9
    assert elapsed >= (MESSAGES - 1) / RATE * 0.9
    # In any one-second window, at most RATE (+ the burst of 1, + 1 for timing noise at the edges).
    assert _most_in_any_window(times, 1.0) <= RATE + 2
    with pg_world.engine.connect() as conn:
        keys = list(conn.execute(select(SenderPace.sender_key)).scalars())
    assert keys == [f"sms:{config.sms_from}"]


def test_the_shared_pacer_hands_out_one_slot_per_interval(pg_world: World, pg_database_url: str) -> None:
    other = make_engine(pg_database_url)
    try:
        a = make_pacer(pg_world.engine, lambda _key: 10.0)
        b = make_pacer(other, lambda _key: 10.0)
        assert isinstance(a, SharedPacer) and isinstance(b, SharedPacer)
        waits = [p.reserve("sms:+8610") for p in (a, b, a, b, a)]
        # The slots are 0.1 s apart whichever engine takes them: 0, 0.1, 0.2, 0.3, 0.4 (less the time spent).
        for i, wait in enumerate(waits):
            assert i * 0.1 - 0.08 <= wait <= i * 0.1 + 0.01, waits
        assert a.reserve("sms:+8620") <= 0.01  # another sender has its own pace
    finally:
        other.dispose()


def test_sqlite_keeps_the_in_process_pacer(sqlite_world: World) -> None:
    assert isinstance(make_pacer(sqlite_world.engine, lambda _key: 5.0), Pacer)


def test_a_batch_of_slots_is_reserved_in_one_statement_and_the_other_process_queues_behind_it(
    pg_world: World, pg_database_url: str
) -> None:
    other = make_engine(pg_database_url)
    try:
        a, b = SharedPacer(pg_world.engine, lambda _key: 20.0), SharedPacer(other, lambda _key: 20.0)
        batch = a.reserve_many("sms:+8630", 4)
        assert [round(w - batch[0], 3) for w in batch] == [0.0, 0.05, 0.1, 0.15]
        assert 0.2 - 0.05 <= b.reserve("sms:+8630") <= 0.2 + 0.01
    finally:
        other.dispose()
