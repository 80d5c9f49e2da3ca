"""The outbox claim logic on SQLite and PostgreSQL: no row claimed twice, dead claims become unknown, states
only move forward; and a fault-injection run in which no message is ever sent twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import threading
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from db.models import Interaction, OutboxMessage
from db.write import write_txn
from gateway import outbox_store as store
from gateway.outbox_sender import OutboxSender
from gateway.outbox_store import OUTBOX, Claimed, Outcome
from gateway.sms_sender import Found

from .world import World


def fill(world: World, n: int, start: int = 0, **values: Any) -> None:
    now = world.clock.now
    rows = [
        {
            "idem_key": f"t:{start + i}",
            "channel": "sms",
            "purpose": "service",
            "customer_id": world.zhang,
            "to_address": f"+86138{start + i:08d}",
            "body_text": f"消息{start + i}",
            "status": "pending",
            "created_at": now,
            "sender": "+862160000000",
            **values,
        }
        for i in range(n)
    ]
    with world.engine.begin() as conn:
        conn.execute(insert(OUTBOX), rows)


def statuses(world: World) -> dict[str, int]:
    with world.engine.connect() as conn:
        return dict(conn.execute(select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status)).tuples().all())


def test_concurrent_claimers_never_share_a_row(world: World) -> None:
    fill(world, 300)
    claimed: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []

    def claimer(slot: int) -> None:
        try:
            while True:
                with write_txn(world.engine) as conn:
                    got = store.claim(conn, dt.datetime.now(dt.UTC), 7)
                if not got:
                    return
                claimed[slot].extend(c.id for c in got)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=claimer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    every = [i for part in claimed for i in part]
    assert len(every) == 300 and len(set(every)) == 300
    assert statuses(world) == {"sending": 300}
    with world.engine.connect() as conn:  # each claim put the message on the customer's timeline once
        assert conn.execute(select(func.count()).select_from(Interaction)).scalar() == 300


def test_not_before_and_channels_are_respected(world: World) -> None:
    later = world.clock.now + dt.timedelta(hours=1)
    fill(world, 2, not_before=later)
    fill(world, 2, start=10, channel="email")
    with write_txn(world.engine) as conn:
        assert store.claim(conn, world.clock.now, 10, ("sms",)) == []
    with write_txn(world.engine) as conn:
        assert len(store.claim(conn, later, 10, ("sms",))) == 2


def test_dead_claims_become_unknown_and_states_never_go_back(world: World) -> None:
    fill(world, 3)
    now = world.clock.now
    with write_txn(world.engine) as conn:
        a, b, c = store.claim(conn, now - dt.timedelta(minutes=10), 3)
    with write_txn(world.engine) as conn:
        store.record(conn, [(a, Outcome("queued", provider_id="SM" + "1" * 32))], now)
        assert store.expire_claims(conn, now, dt.timedelta(minutes=2)) == [b.id, c.id]
    with write_txn(world.engine) as conn:
        assert store.apply_provider_status(conn, a.id, "SM" + "1" * 32, "delivered", None, now) == "applied"
        assert store.apply_provider_status(conn, a.id, "SM" + "1" * 32, "sent", None, now) == "stale"
        assert store.apply_provider_status(conn, None, "SM" + "1" * 32, "failed", "30008", now) == "stale"
        # the unknown row learns its SID from a callback
        assert store.apply_provider_status(conn, b.id, "SM" + "2" * 32, "sent", None, now) == "applied"
        # a late sender result does not overwrite what the callback said
        store.record(conn, [(b, Outcome("unknown", error_code="timeout"))], now)
    with world.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(OUTBOX))}
        timeline = dict(conn.execute(select(Interaction.outbox_id, Interaction.disposition)).tuples().all())
    assert (rows[a.id].status, rows[b.id].status, rows[c.id].status) == ("delivered", "sent", "unknown")
    assert rows[b.id].provider_id == "SM" + "2" * 32
    assert timeline == {a.id: "delivered", b.id: "sent", c.id: "unknown"}


class FlakyTwilio:
    """An in-memory provider that fails the way networks do, for the fault-injection run.

    Per send: 10 % refused before anything happens (→ retry), 10 % 500 before create, 10 % 500 or timeout
    *after* create (the sender cannot know), 5 % the sender "dies" after the provider took the message and
    before anything is recorded.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.messages: dict[str, tuple[str, str, dt.datetime]] = {}  # sid -> (to, body, created)
        self.sent_per_body: dict[str, int] = {}
        self.crashed: set[int] = set()
        self.n = 0

    def send(self, item: Claimed, default_from: str) -> Outcome:
        with self.lock:
            roll = self.rng.random()
            self.n += 1
            sid = f"SM{self.n:032x}"
            if roll < 0.10:
                return Outcome("retry", error_code="connect")
            if roll < 0.20:
                return Outcome("unknown", error_code="20500")
            self.messages[sid] = (item.to_address, item.body_text, dt.datetime.now(dt.UTC))
            self.sent_per_body[item.body_text] = self.sent_per_body.get(item.body_text, 0) + 1
            if roll < 0.30:
                return Outcome("unknown", error_code="timeout")
            if roll < 0.35:
                self.crashed.add(item.id)
                raise _Crash()
            return Outcome("queued", provider_id=sid)

    def find(self, item: Claimed, default_from: str, taken: set[str]) -> Found | None:
        with self.lock:
            if self.rng.random() < 0.05:
                raise OSError("list unavailable")
            for sid, (to, body, _) in self.messages.items():
                if to == item.to_address and body == item.body_text and sid not in taken:
                    return Found(sid, "sent", None)
        return None


class _Crash(BaseException):
    """The process being killed mid-batch (not an error the sender could catch)."""


@pytest.mark.slow
def test_ten_thousand_faulty_sends_never_duplicate_a_message(world: World) -> None:
    messages = 10_000 if world.engine.dialect.name == "sqlite" else 2_000
    fill(world, messages)
    flaky = FlakyTwilio(seed=11)
    config = dataclasses.replace(world.service.config, sms_per_second=1e9, reconcile_grace_seconds=0, lease_seconds=0)
    sender = OutboxSender(
        world.engine,
        config,
        sms=flaky,
        batch=200,
        threads=2,
        maintenance_every=0.0,  # type: ignore[arg-type]
        backoff=0.0,
        max_attempts=1000,
    )
    original = sender._process

    def process(claimed: list[Claimed]) -> list[Outcome]:
        try:
            return original(claimed)
        except _Crash:
            raise _Crash() from None

    sender._process = process  # type: ignore[method-assign]
    rounds = 0
    while rounds < 2_000:
        rounds += 1
        try:
            done = sender.run_once()
        except _Crash:
            done = 1  # the whole batch stays "sending": as if the process had been killed here
        left = statuses(world)
        if not done and not any(left.get(s) for s in ("pending", "sending", "unknown")):
            break
    sender.stop()
    final = statuses(world)
    assert final == {"queued": messages} or set(final) <= {"queued", "sent"}, final
    assert sum(final.values()) == messages
    duplicates = {body: n for body, n in flaky.sent_per_body.items() if n > 1}
    assert duplicates == {}
    assert len(flaky.sent_per_body) == messages
    assert flaky.crashed and sender.stats.reconciled and sender.stats.requeued
    with world.engine.connect() as conn:
        sids = conn.execute(select(OutboxMessage.provider_id)).scalars().all()
    assert len(set(sids)) == messages and all(s in flaky.messages for s in sids)
