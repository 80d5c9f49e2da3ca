"""Delta frames rebuild exactly the snapshot the aggregator computed: over a sequence of real snapshots (clock
moving by whole and fractional seconds, agents changing state, starting calls, crossing thresholds, joining and
leaving the board, calls waiting, rules changing), ``apply(prev, diff(prev, new))`` equals ``new``, also through
JSON; and a second with only the clock moving sends no agent at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, Engine, update

from db.models import User
from services.wallboard import delta as deltas
from services.wallboard import types
from services.wallboard.publisher import SnapshotPublisher
from services.wallboard.types import WallboardSnapshot

from .world import NOW, ZONE, Floor, add_call, set_agent, set_rules


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now

    def move(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def _rebuilt(prev: WallboardSnapshot, new: WallboardSnapshot) -> WallboardSnapshot:
    """``new`` as a wallboard rebuilds it: ``prev`` as it arrived (JSON), the delta as it travels (JSON)."""
    received = types.from_json(types.to_json(prev))
    return deltas.apply(received, deltas.from_json(deltas.to_json(deltas.diff(prev, new))))


def test_a_sequence_of_aggregator_snapshots_is_rebuilt_equal(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    clock = Clock()
    pub = SnapshotPublisher(engine, zone=ZONE, clock=clock)
    a, q = world.agents, world.queues

    def on_call(conn: Connection, who: str, answered: dt.datetime, call_since: dt.datetime | None = None) -> None:
        started = answered - dt.timedelta(seconds=4)
        call = add_call(conn, q["general"], "connected", started, wait=0, answered_after=4, agent_id=a[who])
        set_agent(conn, a[who], "on_call", call_since or answered, call_id=call)

    steps: list[tuple[float, Callable[[Connection], object] | None]] = [
        (0.0, None),
        (1.0, None),
        (0.37, lambda c: on_call(c, "ann", clock.now - dt.timedelta(seconds=2.6))),
        # bob's call was answered 0.5 s after his state began: call_s and in_state_s cross seconds apart
        (
            1.25,
            lambda c: on_call(c, "bob", clock.now - dt.timedelta(seconds=7.2), clock.now - dt.timedelta(seconds=7.7)),
        ),
        (0.6, lambda c: set_agent(c, a["cai"], "break", clock.now - dt.timedelta(seconds=899.5), reason="lunch")),
        (1.0, None),  # cai's break crosses the warning threshold on the clock alone
        (2.9, lambda c: add_call(c, q["vip"], "queued", clock.now - dt.timedelta(seconds=3.3), wait=0)),
        (1.0, None),  # the waiting call's longest wait ticks
        (0.8, lambda c: set_agent(c, a["fay"], "available", clock.now - dt.timedelta(seconds=1))),  # joins the board
        (1.1, lambda c: c.execute(update(User).where(User.id == a["bob"]).values(is_active=False))),
        (1.0, lambda c: c.execute(update(User).where(User.id == a["ann"]).values(display_name="zoe"))),
        (1.0, lambda c: set_rules(c, q["vip"], warn_waiting=1)),
        (5.0, lambda c: set_agent(c, a["dai"], "wrap_up", clock.now - dt.timedelta(seconds=59.4))),
        (1.0, None),
    ]
    snapshots = []
    for seconds, change in steps:
        clock.move(seconds)
        if change is not None:
            with engine.begin() as conn:
                change(conn)
        snapshots.append(pub.compute_now())
    assert snapshots[5].agents != snapshots[4].agents  # the sequence really does change
    for prev, new in itertools.pairwise(snapshots):
        assert _rebuilt(prev, new) == new
        assert deltas.apply(prev, deltas.diff(prev, new)) == new  # without the wire as well
    levels = {ag.name: ag.level for ag in snapshots[5].agents}
    assert levels["cai"] == "warning"


def test_a_second_of_clock_alone_sends_no_agent(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    clock = Clock()
    pub = SnapshotPublisher(engine, zone=ZONE, clock=clock)
    with engine.begin() as conn:
        call = add_call(conn, world.queues["general"], "connected", NOW - dt.timedelta(seconds=30), wait=0,
                        answered_after=10, agent_id=world.agents["ann"])  # fmt: skip
        set_agent(conn, world.agents["ann"], "on_call", NOW - dt.timedelta(seconds=20), call_id=call)
        add_call(conn, world.queues["vip"], "queued", NOW - dt.timedelta(seconds=12.5), wait=0)
    first = pub.compute_now()
    ticked = []
    for seconds in (1.0, 0.3, 0.45, 1.7):
        clock.move(seconds)
        prev, new = first, pub.compute_now()
        delta = deltas.diff(prev, new)
        assert delta["agents"] == [] and delta["queues"] == []
        assert {w[0] for w in delta["waits"]} <= {world.queues["vip"]}  # only the waiting call's longest wait
        ticked += delta["waits"]
        assert _rebuilt(prev, new) == new
        assert len(deltas.to_json(delta)) < len(types.to_json(new)) / 3
        first = new
    assert [w[1] for w in ticked] == [13, 14, 15]  # 12.5 s waited: 13.5, 13.8 (no change), 14.25, 15.95
    on_the_phone = next(ag for ag in first.agents if ag.name == "ann")
    assert on_the_phone.call_s == on_the_phone.in_state_s == 23  # 20 + 3.45 s, whole seconds


def test_a_delta_applies_only_to_its_base(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    clock = Clock()
    pub = SnapshotPublisher(engine, zone=ZONE, clock=clock)
    one = pub.compute_now()
    clock.move(1)
    two = pub.compute_now()
    clock.move(1)
    three = pub.compute_now()
    with pytest.raises(ValueError, match="applied to seq"):
        deltas.apply(one, deltas.diff(two, three))
    with pytest.raises(ValueError, match="not a wallboard delta"):
        deltas.from_json('{"seq": 1}')
    with pytest.raises(ValueError, match="not a wallboard delta"):
        deltas.apply(two, {**deltas.diff(two, three), "agents": [{"user_id": 1}]})
    renamed = dataclasses.replace(three, thresholds=dataclasses.replace(three.thresholds, break_warn_s=1))
    assert deltas.apply(two, deltas.diff(two, renamed)) == renamed
