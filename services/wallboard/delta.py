"""Delta frames: what changed from one wallboard snapshot to the next, small enough to push every second to
hundreds of boards.

A full snapshot of a big floor is hundreds of kilobytes, yet from one second to the next most of it is the same
except the agents' ``in_state_s`` and ``call_s`` (and the ``level`` that follows from them), which tick for
everyone.  Those the receiver works out itself: an agent's time in state from its ``since`` exactly as the
aggregator does, the call's length by the same whole seconds, the level by :func:`.rules.agent_level`.  The
sender runs the very same prediction (:func:`advance`) and sends every agent the prediction does not get right,
so the rebuilt snapshot is *equal* to the one the aggregator computed, never an approximation of it.

A queue whose only change is its longest wait (which ticks while calls wait) travels as a short
``[queue_id, longest_wait_s, level]``; any other change sends the whole queue.  Order changes (an agent renamed,
a queue added) send the new order of ids.  Everything here is a pure function of plain values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from . import rules as r
from .types import (
    AgentCounts,
    AgentFigures,
    AgentThresholds,
    Alert,
    QueueFigures,
    QueueRules,
    WallboardSnapshot,
)

_AGENT_FIELDS = tuple(f.name for f in dataclasses.fields(AgentFigures))


def _whole_seconds(later: dt.datetime, earlier: dt.datetime) -> int:
    return int((later - earlier).total_seconds())


def advance(agent: AgentFigures, was_at: dt.datetime, now: dt.datetime, thresholds: AgentThresholds) -> AgentFigures:
    """``agent`` as seen at ``was_at``, moved on to ``now`` with nothing but the clock changed.

    ``in_state_s`` is derived from ``since`` as the aggregator derives it; ``call_s`` moves by the same whole
    seconds (exact when the call was answered when the state began, as the gateway records it; where it is
    not, the sender notices and sends the agent); the level comes from the rules.
    """
    in_state = max(0, _whole_seconds(now, agent.since))
    call_s = agent.call_s
    if call_s is not None:
        call_s = max(0, call_s + _whole_seconds(now, agent.since) - _whole_seconds(was_at, agent.since))
    level = r.agent_level(agent.state, in_state, thresholds)
    if in_state == agent.in_state_s and call_s == agent.call_s and level == agent.level:
        return agent
    made = object.__new__(AgentFigures)  # as the aggregator builds them: no frozen __init__ per agent
    made.__dict__.update(agent.__dict__)
    made.__dict__.update(in_state_s=in_state, call_s=call_s, level=level)
    return made


def _tick_only(old: QueueFigures, new: QueueFigures) -> bool:
    """True when the queues differ at most in the longest wait and the level."""
    return dataclasses.replace(old, longest_wait_s=new.longest_wait_s, level=new.level) == new


def diff(prev: WallboardSnapshot, new: WallboardSnapshot) -> dict[str, Any]:
    """The delta that turns ``prev`` into ``new`` under :func:`apply` (plain JSON-ready values)."""
    delta: dict[str, Any] = {"at": new.at, "seq": new.seq, "base": prev.seq}
    old_queues = {q.queue_id: q for q in prev.queues}
    queues: list[QueueFigures] = []
    waits: list[list[Any]] = []
    for q in new.queues:
        old = old_queues.get(q.queue_id)
        if old == q:
            continue
        if old is not None and _tick_only(old, q):
            waits.append([q.queue_id, q.longest_wait_s, q.level])
        else:
            queues.append(q)
    new_queue_ids = [q.queue_id for q in new.queues]
    if new_queue_ids != list(old_queues):
        delta["queue_order"] = new_queue_ids
    old_agents = {a.user_id: a for a in prev.agents}
    changed = [
        a
        for a in new.agents
        if (was := old_agents.get(a.user_id)) is None or advance(was, prev.at, new.at, new.thresholds) != a
    ]
    new_agent_ids = [a.user_id for a in new.agents]
    if new_agent_ids != list(old_agents):
        delta["order"] = new_agent_ids
        kept = set(new_agent_ids)
        delta["gone"] = [uid for uid in old_agents if uid not in kept]
    delta["queues"] = [_plain(q) for q in queues]
    delta["waits"] = waits
    delta["agents"] = [_plain(a) for a in changed]
    for name in ("totals", "teams", "alerts", "deadlines_at_risk", "thresholds"):
        if getattr(new, name) != getattr(prev, name):
            delta[name] = _plain(getattr(new, name))
    return delta


def apply(prev: WallboardSnapshot, delta: dict[str, Any]) -> WallboardSnapshot:
    """The snapshot ``delta`` describes, rebuilt on ``prev`` (the snapshot of seq ``delta["base"]``).

    Raises:
        ValueError: ``prev`` is not the delta's base, or the delta is malformed (the receiver then needs a full
            snapshot).
    """
    if delta.get("base") != prev.seq:
        raise ValueError(f"delta for seq {delta.get('base')} applied to seq {prev.seq}")
    try:
        at = _as_datetime(delta["at"])
        thresholds = _thresholds(delta["thresholds"]) if "thresholds" in delta else prev.thresholds
        queues = {q.queue_id: q for q in prev.queues}
        for entry in delta.get("queues", ()):
            q = entry if isinstance(entry, QueueFigures) else _queue(entry)
            queues[q.queue_id] = q
        for qid, longest, level in delta.get("waits", ()):
            queues[qid] = dataclasses.replace(queues[qid], longest_wait_s=longest, level=level)
        queue_order = delta.get("queue_order", [q.queue_id for q in prev.queues])
        agents = {a.user_id: a for a in prev.agents}
        for uid in delta.get("gone", ()):
            agents.pop(uid, None)
        sent = {}
        for entry in delta.get("agents", ()):
            a = entry if isinstance(entry, AgentFigures) else _agent(entry)
            sent[a.user_id] = a
        order = delta.get("order", [a.user_id for a in prev.agents])
        rebuilt = tuple(sent[uid] if uid in sent else advance(agents[uid], prev.at, at, thresholds) for uid in order)
        return WallboardSnapshot(
            at=at,
            seq=int(delta["seq"]),
            queues=tuple(queues[qid] for qid in queue_order),
            agents=rebuilt,
            totals=_counts(delta["totals"]) if "totals" in delta else prev.totals,
            teams=tuple((int(t[0]), str(t[1])) for t in delta["teams"]) if "teams" in delta else prev.teams,
            alerts=tuple(_alert(a) for a in delta["alerts"]) if "alerts" in delta else prev.alerts,
            deadlines_at_risk=int(delta.get("deadlines_at_risk", prev.deadlines_at_risk)),
            thresholds=thresholds,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a wallboard delta: {exc!r}") from None


# -- the wire -------------------------------------------------------------------------------------------------
def to_json(delta: dict[str, Any]) -> str:
    """One line of JSON (the ``delta`` event's data)."""
    return json.dumps(_plain(delta), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> dict[str, Any]:
    """The delta :func:`to_json` wrote, for :func:`apply`.

    Raises:
        ValueError: not JSON, or not a delta.
    """
    try:
        delta = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"not a wallboard delta: {exc}") from None
    if not isinstance(delta, dict) or not {"at", "seq", "base"} <= delta.keys():
        raise ValueError("not a wallboard delta: at, seq or base missing")
    return delta


def _plain(value: Any) -> Any:
    """JSON-ready values, laid out as :func:`.types.to_json` lays out a snapshot's parts."""
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _as_datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value["$dt"])


def _thresholds(value: Any) -> AgentThresholds:
    return value if isinstance(value, AgentThresholds) else AgentThresholds(**value)


def _counts(value: Any) -> AgentCounts:
    return value if isinstance(value, AgentCounts) else AgentCounts(**value)


def _alert(value: Any) -> Alert:
    return value if isinstance(value, Alert) else Alert(**value)


def _queue(d: dict[str, Any]) -> QueueFigures:
    return QueueFigures(
        **{
            **d,
            "rules": QueueRules(**d["rules"]),
            "agents": AgentCounts(**d["agents"]),
            "team_ids": tuple(d.get("team_ids", ())),
        }
    )


def _agent(d: dict[str, Any]) -> AgentFigures:
    return AgentFigures(**{**d, "since": _as_datetime(d["since"]), "queue_ids": tuple(d["queue_ids"])})
