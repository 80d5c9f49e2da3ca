"""Wallboard snapshots built by hand for the page tests: three queues, two teams, five agents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QObject

from desktop.ui.wallboard.source import WallboardSource
from services.permissions import Principal
from services.wallboard.types import (
    AgentCounts,
    AgentFigures,
    Alert,
    QueueFigures,
    QueueRules,
    WallboardSnapshot,
)

NOW = dt.datetime(2026, 3, 2, 2, 30, 0, tzinfo=dt.UTC)  # 10:30:00 in Shanghai
CARDS, LOANS, GENERAL = 1, 2, 3
RETAIL, LENDING = 10, 20


def queue(queue_id: int = CARDS, **changes: Any) -> QueueFigures:
    base = {
        CARDS: ("credit_card", "信用卡服务", "Credit cards", (RETAIL,)),
        LOANS: ("loans", "个人贷款", "Personal loans", (LENDING,)),
        GENERAL: ("general", "综合业务咨询", "General enquiries", (RETAIL, LENDING)),
    }.get(queue_id, (f"q{queue_id}", f"队列{queue_id}号", f"Queue {queue_id}", (RETAIL,)))
    values: dict[str, Any] = {
        "queue_id": queue_id,
        "name": base[0],
        "label_zh": base[1],
        "label_en": base[2],
        "rules": QueueRules(),
        "waiting": 3,
        "longest_wait_s": 75,
        "answered": 120,
        "abandoned": 9,
        "short_abandoned": 4,
        "answered_in_sl": 100,
        "asa_s": 14.6,
        "aht_s": 245.0,
        "service_level": 0.8,
        "agents": AgentCounts(available=2, on_call=3, wrap_up=1, on_break=1, offline=4),
        "level": "ok",
        "team_ids": base[3],
    }
    values.update(changes)
    return QueueFigures(**values)


def agent(user_id: int, **changes: Any) -> AgentFigures:
    values: dict[str, Any] = {
        "user_id": user_id,
        "name": f"坐席{user_id}",
        "team_id": RETAIL,
        "team_name": "零售一组",
        "queue_ids": (CARDS, GENERAL),
        "state": "available",
        "reason": None,
        "since": NOW - dt.timedelta(seconds=65),
        "in_state_s": 65,
        "call_queue_id": None,
        "call_s": None,
        "handled_today": 12,
        "aht_s": 230.0,
        "level": "ok",
    }
    values.update(changes)
    return AgentFigures(**values)


AGENTS = (
    agent(101, name="张伟", state="on_call", call_queue_id=CARDS, call_s=95),
    agent(102, name="李娜"),
    agent(103, name="王芳", team_id=LENDING, team_name="信贷二组", queue_ids=(LOANS, GENERAL), state="wrap_up",
          level="warning"),
    agent(104, name="刘洋", team_id=LENDING, team_name="信贷二组", queue_ids=(LOANS, GENERAL), state="break",
          reason="lunch", level="critical", since=NOW - dt.timedelta(seconds=1900), in_state_s=1900),
    agent(105, name="陈静", team_id=LENDING, team_name="信贷二组", queue_ids=(LOANS, GENERAL), state="offline"),
)  # fmt: skip


def snapshot(seq: int = 1, *, at: dt.datetime = NOW, **changes: Any) -> WallboardSnapshot:
    values: dict[str, Any] = {
        "at": at,
        "seq": seq,
        "queues": (queue(CARDS), queue(LOANS), queue(GENERAL)),
        "agents": AGENTS,
        "totals": AgentCounts(available=1, on_call=1, wrap_up=1, on_break=1, offline=1),
        "teams": ((RETAIL, "零售一组"), (LENDING, "信贷二组")),
        "alerts": (),
        "deadlines_at_risk": 2,
    }
    values.update(changes)
    return WallboardSnapshot(**values)


def with_alerts(base: WallboardSnapshot, seq: int, *alerts: Alert) -> WallboardSnapshot:
    """``base`` as a later snapshot whose queues have ``alerts`` (and the matching levels)."""
    worst: dict[int, str] = {}
    for alert in alerts:
        if alert.level == "critical" or alert.queue_id not in worst:
            worst[alert.queue_id] = alert.level
    queues = tuple(dataclasses.replace(q, level=worst.get(q.queue_id, "ok")) for q in base.queues)
    return dataclasses.replace(
        base, seq=seq, at=base.at + dt.timedelta(seconds=seq), queues=queues, alerts=tuple(alerts)
    )


def waiting_alert(queue_id: int, level: str, value: int = 12) -> Alert:
    return Alert(queue_id, level, "waiting", value, 10 if level == "critical" else 5)


def wait_alert(queue_id: int, level: str, value: int = 250) -> Alert:
    return Alert(queue_id, level, "longest_wait", value, 180 if level == "critical" else 60)


class Clock:
    """This workstation's clock, moved by hand."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def source(parent: QObject | None = None) -> WallboardSource:
    """A source the test drives itself (no watchdog)."""
    return WallboardSource(parent, stale_after_ms=0)


def supervisor(role: str = "supervisor") -> Principal:
    return Principal(user_id=9, username="sup01", role=role, team_id=RETAIL, display_name="赵主管")
