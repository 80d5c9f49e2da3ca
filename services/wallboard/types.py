"""What a wallboard shows: one :class:`WallboardSnapshot` of the whole floor, computed once per second by one
aggregator and handed, as it is, to every wallboard (in-process for the embedded default, pushed by the
gateway otherwise).  Everything here is plain data that survives :func:`to_json` / :func:`from_json`.

Service level (per queue, since the queue's daily reset in the bank's time zone):
``answered within the threshold / counted calls``, where the counted calls are the answered ones plus the
abandoned ones as the queue's ``abandon_rule`` says: ``exclude_short`` (abandons within the short-abandon
threshold are not counted), ``count_all`` (every abandon counts against the level) or ``exclude_all``
(abandons are left out).  No counted call: no level (shown "—").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

ABANDON_RULES = ("exclude_short", "count_all", "exclude_all")
LEVELS = ("ok", "warning", "critical")  # a queue's or an agent's alert level
# The agent states as the wallboard groups them.
GROUPS = ("available", "on_call", "wrap_up", "break", "offline")
GROUP_OF = {
    "available": "available",
    "offered": "available",
    "on_call": "on_call",
    "wrap_up": "wrap_up",
    "break": "break",
    "offline": "offline",
    "not_responding": "offline",
}


@dataclass(frozen=True)
class QueueRules:
    """A queue's wallboard settings (``call_queue`` columns)."""

    sl_threshold_s: int = 20  # answered within this many seconds counts for the service level
    sl_target_pct: int = 80  # the target level, in percent
    short_abandon_s: int = 5  # abandons within this many seconds are "short"
    abandon_rule: str = "exclude_short"  # one of ABANDON_RULES
    day_reset: str = "00:00"  # local time (bank's time zone) at which the day's figures restart
    warn_waiting: int = 5  # calls waiting at which the queue turns "warning"
    crit_waiting: int = 10
    warn_wait_s: int = 60  # longest wait at which the queue turns "warning"
    crit_wait_s: int = 180


@dataclass(frozen=True)
class AgentCounts:
    """Agents by state group; an agent in several queues counts once in the floor's totals."""

    available: int = 0
    on_call: int = 0
    wrap_up: int = 0
    on_break: int = 0
    offline: int = 0


@dataclass(frozen=True)
class QueueFigures:
    """One queue's figures today (since its daily reset)."""

    queue_id: int
    name: str
    label_zh: str
    label_en: str
    rules: QueueRules
    waiting: int  # calls waiting now (received, queued, offered)
    longest_wait_s: int | None  # the longest of them, None when nobody waits
    answered: int
    abandoned: int  # all abandons, short ones included
    short_abandoned: int
    answered_in_sl: int
    asa_s: float | None  # average speed of answer, None without an answered call
    aht_s: float | None  # average handling time (talk + wrap-up) of the calls finished today
    service_level: float | None  # 0..1 as the rules count it, None with no counted call
    agents: AgentCounts  # the agents who can take this queue's calls (they have its skills)
    level: str  # one of LEVELS, from waiting and longest wait against the rules
    team_ids: tuple[int, ...] = ()  # teams with an agent who can take the queue's calls


@dataclass(frozen=True)
class AgentFigures:
    """One agent now and today."""

    user_id: int
    name: str
    team_id: int | None
    team_name: str | None
    queue_ids: tuple[int, ...]  # the queues whose skills the agent has
    state: str  # the agent_status state (available, offered, on_call, wrap_up, break, offline, not_responding)
    reason: str | None
    since: dt.datetime
    in_state_s: int
    call_queue_id: int | None  # the queue of the current call (offered, on a call, in wrap-up)
    call_s: int | None  # how long the current call has been going (from its answer), None without one
    handled_today: int
    aht_s: float | None
    level: str  # one of LEVELS: a long call, a long wrap-up or a long break turns it warning / critical


@dataclass(frozen=True)
class AgentThresholds:
    """Seconds in a state at which an agent turns warning / critical."""

    call_warn_s: int = 600
    call_crit_s: int = 1200
    wrapup_warn_s: int = 60
    wrapup_crit_s: int = 180
    break_warn_s: int = 900
    break_crit_s: int = 1800


@dataclass(frozen=True)
class Alert:
    """A queue past a threshold (the wallboard's banner)."""

    queue_id: int
    level: str  # warning or critical
    what: str  # "waiting" or "longest_wait"
    value: int
    threshold: int


@dataclass(frozen=True)
class WallboardSnapshot:
    """The whole floor at one moment."""

    at: dt.datetime
    seq: int  # increases with every snapshot the aggregator computes (a wallboard ignores an older one)
    queues: tuple[QueueFigures, ...]
    agents: tuple[AgentFigures, ...]
    totals: AgentCounts  # every agent once
    teams: tuple[tuple[int, str], ...]  # (id, name) of the teams on the board, for the filter
    alerts: tuple[Alert, ...]
    deadlines_at_risk: int  # open complaints past their warning point and not yet decided
    thresholds: AgentThresholds = AgentThresholds()


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def to_json(snapshot: WallboardSnapshot) -> str:
    """One line of JSON (for the gateway's stream)."""
    return json.dumps(_encode(snapshot), ensure_ascii=False, separators=(",", ":"))


def _dt(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(value["$dt"])


def from_json(text: str) -> WallboardSnapshot:
    """The snapshot :func:`to_json` wrote.

    Raises:
        ValueError: not a snapshot (bad JSON or missing fields).
    """
    try:
        d = json.loads(text)
        queues = tuple(
            QueueFigures(
                **{
                    **q,
                    "rules": QueueRules(**q["rules"]),
                    "agents": AgentCounts(**q["agents"]),
                    "team_ids": tuple(q.get("team_ids", ())),
                }
            )
            for q in d["queues"]
        )
        agents = tuple(
            AgentFigures(**{**a, "since": _dt(a["since"]), "queue_ids": tuple(a["queue_ids"])}) for a in d["agents"]
        )
        return WallboardSnapshot(
            at=_dt(d["at"]),
            seq=int(d["seq"]),
            queues=queues,
            agents=agents,
            totals=AgentCounts(**d["totals"]),
            teams=tuple((int(t[0]), str(t[1])) for t in d["teams"]),
            alerts=tuple(Alert(**a) for a in d["alerts"]),
            deadlines_at_risk=int(d["deadlines_at_risk"]),
            thresholds=AgentThresholds(**d.get("thresholds", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a wallboard snapshot: {exc}") from None
