"""The wallboard's figures computed from known calls, agent states and complaint clocks (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from services.wallboard import rules
from services.wallboard import types as t
from services.wallboard.snapshot import compute
from services.wallboard.types import AgentCounts, Alert, QueueFigures, WallboardSnapshot

from .world import NOW, ZONE, Floor, add_call, add_complaint, set_agent, set_rules

S = dt.timedelta(seconds=1)


def snap(engine: Engine, now: dt.datetime = NOW) -> WallboardSnapshot:
    with engine.connect() as conn:
        return compute(conn, now=now, seq=7, zone=ZONE)


def queue(s: WallboardSnapshot, queue_id: int) -> QueueFigures:
    return next(q for q in s.queues if q.queue_id == queue_id)


def agent(s: WallboardSnapshot, user_id: int) -> t.AgentFigures:
    return next(a for a in s.agents if a.user_id == user_id)


def known_calls(engine: Engine, f: Floor) -> None:
    """The general queue's day: three answered (10 s, 20 s — on the threshold — and 21 s), a short and a long
    abandon, an outbound attempt, yesterday's call, two waiting now; and a vip call that must not leak in."""
    g, bob = f.queues["general"], f.agents["bob"]
    t0 = NOW - dt.timedelta(hours=2)
    with engine.begin() as conn:
        add_call(conn, g, "completed", t0, wait=3, answered_after=10, ended_after=110, wrapup_after=140, agent_id=bob)
        add_call(conn, g, "completed", t0, answered_after=20, ended_after=70, agent_id=bob)  # no enqueued_at
        add_call(conn, g, "connected", t0, wait=2, answered_after=21, agent_id=bob)
        add_call(conn, g, "abandoned", t0, wait=1, ended_after=5)
        add_call(conn, g, "abandoned", t0, wait=1, ended_after=30)
        add_call(conn, g, "abandoned", t0, wait=1, ended_after=40, direction="outbound")
        add_call(conn, g, "completed", NOW - dt.timedelta(hours=11), answered_after=5, ended_after=50, agent_id=bob)
        add_call(conn, g, "queued", NOW - 100 * S, wait=30)
        add_call(conn, g, "offered", NOW - 40 * S, wait=0)
        add_call(conn, f.queues["vip"], "completed", t0, answered_after=90, ended_after=100)


@pytest.mark.parametrize(("rule", "level"), [("exclude_short", 2 / 4), ("count_all", 2 / 5), ("exclude_all", 2 / 3)])
def test_a_queue_s_figures_from_known_calls(floor: tuple[Engine, Floor], rule: str, level: float) -> None:
    engine, f = floor
    known_calls(engine, f)
    with engine.begin() as conn:
        set_rules(conn, f.queues["general"], abandon_rule=rule)
    q = queue(snap(engine), f.queues["general"])
    assert (q.answered, q.answered_in_sl, q.abandoned, q.short_abandoned) == (3, 2, 2, 1)
    assert q.asa_s == pytest.approx((10 + 20 + 21) / 3)
    assert q.aht_s == pytest.approx((130 + 50) / 2)  # talk + wrap-up of the two finished calls
    assert (q.waiting, q.longest_wait_s) == (2, 70)
    assert q.service_level == pytest.approx(level)
    assert q.rules.abandon_rule == rule and q.rules.sl_threshold_s == 20 and q.rules.short_abandon_s == 5
    assert (q.name, q.label_zh, q.label_en) == ("general", "general队列", "general")


def test_the_thresholds_come_from_the_queue(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    known_calls(engine, f)
    with engine.begin() as conn:
        set_rules(conn, f.queues["general"], service_level_seconds=10, short_abandon_seconds=30)
    q = queue(snap(engine), f.queues["general"])
    assert (q.answered_in_sl, q.short_abandoned) == (1, 2)
    assert q.service_level == pytest.approx(1 / 3)


def test_a_queue_without_calls_has_no_figures_and_no_error(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    q = queue(snap(engine), f.queues["complaints"])
    assert (q.waiting, q.longest_wait_s, q.answered, q.abandoned, q.short_abandoned, q.answered_in_sl) == (
        0, None, 0, 0, 0, 0,
    )  # fmt: skip
    assert (q.asa_s, q.aht_s, q.service_level) == (None, None, None)
    assert q.agents == AgentCounts() and q.team_ids == () and q.level == "ok"


def test_only_abandons_give_a_level_of_zero_or_none_by_the_rule(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    with engine.begin() as conn:
        add_call(conn, f.queues["vip"], "abandoned", NOW - 600 * S, wait=0, ended_after=60)
        set_rules(conn, f.queues["vip"], abandon_rule="exclude_all")
    q = queue(snap(engine), f.queues["vip"])
    assert (q.abandoned, q.service_level, q.asa_s) == (1, None, None)
    with engine.begin() as conn:
        set_rules(conn, f.queues["vip"], abandon_rule="exclude_short")
    assert queue(snap(engine), f.queues["vip"]).service_level == 0.0


def test_the_day_restarts_at_the_queue_s_reset_in_the_bank_s_time_zone(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    g, vip, ann = f.queues["general"], f.queues["vip"], f.agents["ann"]
    now = dt.datetime(2026, 12, 6, 21, 0, tzinfo=dt.UTC)  # 05:00 on 7 December in Shanghai
    with engine.begin() as conn:
        set_rules(conn, g, day_reset="06:00")  # the general queue's day began yesterday at 06:00 local
        add_call(conn, g, "completed", dt.datetime(2026, 12, 5, 22, 30, tzinfo=dt.UTC), answered_after=5, ended_after=9)
        add_call(conn, g, "completed", dt.datetime(2026, 12, 5, 21, 30, tzinfo=dt.UTC), answered_after=5, ended_after=9)
        # vip restarts at local midnight: 00:30 local is still 6 December in UTC, 23:30 local is yesterday.
        for hour in (16, 15):
            received = dt.datetime(2026, 12, 6, hour, 30, tzinfo=dt.UTC)
            add_call(conn, vip, "completed", received, answered_after=5, ended_after=9, wrapup_after=20, agent_id=ann)
    s = snap(engine, now)
    assert queue(s, g).answered == 1
    assert queue(s, vip).answered == 1
    a = agent(s, ann)  # the bank's day, from local midnight
    assert (a.handled_today, a.aht_s) == (1, pytest.approx(15.0))


def test_day_start() -> None:
    early = dt.datetime(2026, 12, 6, 21, 0, tzinfo=dt.UTC)  # 05:00 local
    assert rules.day_start(early, ZONE, dt.time(6)) == dt.datetime(2026, 12, 5, 22, 0, tzinfo=dt.UTC)
    assert rules.day_start(early, ZONE) == dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.UTC)
    at_reset = dt.datetime(2026, 12, 6, 22, 0, tzinfo=dt.UTC)  # 06:00 local exactly: the new day
    assert rules.day_start(at_reset, ZONE, dt.time(6)) == at_reset
    assert rules.parse_reset("6:30") == dt.time(6, 30) and rules.parse_reset("soon") == dt.time(0, 0)


def test_an_agent_in_two_queues_counts_once_in_the_totals(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    with engine.begin() as conn:
        set_agent(conn, f.agents["ann"], "on_call", NOW - 30 * S)
        set_agent(conn, f.agents["dai"], "break", NOW - 30 * S, reason="lunch")
    s = snap(engine)
    assert queue(s, f.queues["general"]).agents == AgentCounts(available=1, on_call=1, on_break=1)  # bob, ann, dai
    assert queue(s, f.queues["vip"]).agents == AgentCounts(on_call=1)  # ann again
    assert queue(s, f.queues["credit_card"]).agents == AgentCounts(available=1, on_break=1)  # cai, dai again
    assert s.totals == AgentCounts(available=2, on_call=1, on_break=1)  # eve is inactive, fay has no state
    assert [a.name for a in s.agents] == ["ann", "bob", "cai", "dai"]
    assert agent(s, f.agents["ann"]).queue_ids == (f.queues["general"], f.queues["vip"])
    assert agent(s, f.agents["dai"]).queue_ids == (f.queues["general"], f.queues["credit_card"])
    assert queue(s, f.queues["general"]).team_ids == (1, 2) and queue(s, f.queues["vip"]).team_ids == (1,)
    assert s.teams == ((1, "Alpha"), (2, "Beta"))
    assert (agent(s, f.agents["dai"]).reason, agent(s, f.agents["dai"]).team_name) == ("lunch", "Beta")


@pytest.mark.parametrize(
    ("state", "seconds", "level"),
    [
        ("on_call", 599, "ok"), ("on_call", 600, "warning"), ("on_call", 1199, "warning"),
        ("on_call", 1200, "critical"),
        ("wrap_up", 59, "ok"), ("wrap_up", 60, "warning"), ("wrap_up", 180, "critical"),
        ("break", 899, "ok"), ("break", 900, "warning"), ("break", 1800, "critical"),
        ("available", 5000, "ok"), ("offline", 90000, "ok"), ("not_responding", 30, "ok"),
    ],
)  # fmt: skip
def test_agent_levels_at_the_thresholds(floor: tuple[Engine, Floor], state: str, seconds: int, level: str) -> None:
    engine, f = floor
    with engine.begin() as conn:
        set_agent(conn, f.agents["bob"], state, NOW - seconds * S)
    a = agent(snap(engine), f.agents["bob"])
    assert (a.state, a.in_state_s, a.level, a.since) == (state, seconds, level, NOW - seconds * S)


def test_an_agent_s_current_call_and_day(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    known_calls(engine, f)
    bob = f.agents["bob"]
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "connected", NOW - 100 * S, wait=0, answered_after=5, agent_id=bob)
        set_agent(conn, bob, "on_call", NOW - 95 * S, call_id=call)
        waiting = add_call(conn, f.queues["vip"], "offered", NOW - 10 * S, wait=0)
        set_agent(conn, f.agents["ann"], "offered", NOW - 3 * S, call_id=waiting)
    s = snap(engine)
    b = agent(s, bob)
    assert (b.call_queue_id, b.call_s, b.in_state_s) == (f.queues["general"], 95, 95)
    assert (b.handled_today, b.aht_s) == (4, pytest.approx(90.0))  # two of the four finished; yesterday's not counted
    a = agent(s, f.agents["ann"])
    assert (a.call_queue_id, a.call_s, a.handled_today, a.aht_s) == (f.queues["vip"], None, 0, None)
    assert agent(s, f.agents["cai"]).call_queue_id is None


@pytest.mark.parametrize(
    ("waiting", "longest", "level", "alerts"),
    [
        (4, 59, "ok", []),
        (5, 59, "warning", [("warning", "waiting", 5, 5)]),
        (10, 60, "critical", [("critical", "waiting", 10, 10), ("warning", "longest_wait", 60, 60)]),
        (1, 180, "critical", [("critical", "longest_wait", 180, 180)]),
    ],
)
def test_alerts_at_warning_and_critical(
    floor: tuple[Engine, Floor], waiting: int, longest: int, level: str, alerts: list[tuple[str, str, int, int]]
) -> None:
    engine, f = floor
    g = f.queues["general"]
    with engine.begin() as conn:
        add_call(conn, g, "queued", NOW - longest * S, wait=0)
        for _ in range(waiting - 1):
            add_call(conn, g, "queued", NOW - S, wait=0)
    s = snap(engine)
    assert (queue(s, g).waiting, queue(s, g).longest_wait_s, queue(s, g).level) == (waiting, longest, level)
    assert s.alerts == tuple(Alert(g, *a) for a in alerts)


def test_deadlines_at_risk_are_warned_open_complaints(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    day = dt.timedelta(days=1)
    with engine.begin() as conn:
        add_complaint(conn, 1, open_due=NOW + 3 * day, warn_level=1)  # at risk
        add_complaint(conn, 2, open_due=NOW + 2 * day, warn_level=2)  # at risk
        add_complaint(conn, 3, open_due=NOW + 9 * day, warn_level=0)  # not yet at a warning point
        add_complaint(conn, 4, open_due=NOW - day, warn_level=2)  # already breached
        add_complaint(conn, 5, open_due=None, warn_level=2)  # decided: the clock stopped
    assert snap(engine).deadlines_at_risk == 2


def test_a_computed_snapshot_survives_json(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    known_calls(engine, f)
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "connected", NOW - 700 * S, wait=0, answered_after=1, agent_id=1)
        set_agent(conn, f.agents["ann"], "on_call", NOW - 699 * S, call_id=call)
        for _ in range(6):
            add_call(conn, f.queues["vip"], "queued", NOW - 20 * S, wait=0)
        add_complaint(conn, 1, open_due=NOW + dt.timedelta(days=1), warn_level=1)
    s = snap(engine)
    assert s.alerts and s.deadlines_at_risk == 1 and agent(s, 1).level == "warning"
    again = t.from_json(t.to_json(s))
    assert again == s
    assert again.at == NOW and again.seq == 7
