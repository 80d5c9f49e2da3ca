"""The day's sums behind the queue and agent figures, and a cache that keeps the settled part of the day.

Re-adding every call of the day once per second costs more the busier the day gets.  A finished call never
changes again (a call's states only go forward), so the calls received before the oldest call still in
progress (and more than :data:`SETTLE_LAG` ago) are *settled*: their sums are kept in a :class:`DayCache`, and
each tick sums only the calls after that watermark, plus the calls that settled since the last tick.  The cache
is rebuilt when a queue's day restarts, a queue or its thresholds change, the watermark moves back (a call
older than it came in late), and every ``refresh_s`` seconds in any case, so a finished call written late
(replayed after an outage) shows within that time.  Without a cache everything is summed afresh: the same
figures, more work.

Sums are additive tuples.  Per queue, over the calls received since its reset: answered, answered within the
threshold, the waits of the answered ones, abandoned (inbound), short abandons, finished calls and their
handling time (talk plus wrap-up).  Per agent, over the calls answered since the bank's midnight: handled,
finished and their handling time.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, bindparam, case, func, or_, select

from db.models import Call, CallQueue
from services.call_states import TALKING, WAITING

from . import rules as r

CALL: Table = Call.__table__  # type: ignore[assignment]
QUEUE: Table = CallQueue.__table__  # type: ignore[assignment]
IN_PROGRESS = (*WAITING, *TALKING, "wrap_up")
QUEUE_ZERO = (0, 0, 0.0, 0, 0, 0, 0.0)
AGENT_ZERO = (0, 0, 0.0)
Sums = tuple[float, ...]
# (queue ids, received from, received before or None for "up to now and beyond")
Range = tuple[list[int], dt.datetime, dt.datetime | None]
# Each day start with its queues as (id, service level seconds, short abandon seconds).
Windows = dict[dt.datetime, list[tuple[int, int, int]]]
# Only calls older than this are settled: a call written a moment ago with an earlier time (its transaction
# committed after the last tick read) is still summed with the live ones.
SETTLE_LAG = dt.timedelta(seconds=60)


def seconds_between(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Seconds from ``earlier`` to ``later``.  SQLite's julianday arithmetic is rounded to the millisecond, so a
    call answered exactly on a threshold compares equal to it."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier)
    return func.round((func.julianday(later) - func.julianday(earlier)) * 86400.0, 3)


def _within(dialect: str, later: Any, earlier: Any, seconds: Any) -> ColumnElement[bool]:
    """``later`` at most ``seconds`` after ``earlier``; on PostgreSQL a timestamp comparison (no per-row
    numeric arithmetic)."""
    if dialect == "postgresql":
        return later <= earlier + func.make_interval(0, 0, 0, 0, 0, 0, seconds)
    return seconds_between(dialect, later, earlier) <= seconds


def _sum_seconds(dialect: str, condition: ColumnElement[bool], later: Any, earlier: Any) -> ColumnElement[Any]:
    """The seconds from ``earlier`` to ``later`` summed over the rows that meet ``condition`` (PostgreSQL sums
    intervals and converts once)."""
    if dialect == "postgresql":
        return func.extract("epoch", func.sum(case((condition, later - earlier))))
    return func.sum(case((condition, seconds_between(dialect, later, earlier))))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _row(values: Iterable[Any]) -> Sums:
    return tuple(float(v) if v is not None else 0.0 for v in values)


def add(a: Sums, b: Sums) -> Sums:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _bound_time(name: str) -> Any:
    return bindparam(name, type_=CALL.c.received_at.type)


@functools.lru_cache(maxsize=64)
def _queue_statement(dialect: str, open_ended: tuple[bool, ...]) -> Any:
    """The per-queue sums over one range per entry of ``open_ended`` (True: no upper bound), built once per
    dialect and shape and run with the bound parameters ``ids<i>``, ``since<i>`` and ``before<i>``: building a
    statement of this size costs more than running it."""
    c, q = CALL.c, QUEUE.c
    entered = func.coalesce(c.enqueued_at, c.received_at)
    answered = c.answered_at.is_not(None)
    abandoned = and_(c.state == "abandoned", c.direction == "inbound")
    finished = and_(answered, c.state == "completed")
    conditions = []
    for i, unbounded in enumerate(open_ended):
        condition = and_(
            c.queue_id.in_(bindparam(f"ids{i}", expanding=True)), c.received_at >= _bound_time(f"since{i}")
        )
        conditions.append(condition if unbounded else and_(condition, c.received_at < _bound_time(f"before{i}")))
    return (
        select(
            c.queue_id,
            _count_if(answered),
            _count_if(and_(answered, _within(dialect, c.answered_at, entered, q.service_level_seconds))),
            _sum_seconds(dialect, answered, c.answered_at, entered),
            _count_if(abandoned),
            _count_if(and_(abandoned, _within(dialect, c.ended_at, entered, q.short_abandon_seconds))),
            _count_if(finished),
            _sum_seconds(dialect, finished, func.coalesce(c.wrapup_ended_at, c.ended_at), c.answered_at),
        )
        .select_from(CALL.join(QUEUE, q.id == c.queue_id))
        .where(or_(*conditions))
        .group_by(c.queue_id)
    )


def queue_sums(conn: Connection, ranges: list[Range]) -> dict[int, Sums]:
    """Per queue, the sums over its calls received in its range (one statement for every range)."""
    ranges = [rg for rg in ranges if rg[0] and (rg[2] is None or rg[1] < rg[2])]
    if not ranges:
        return {}
    params: dict[str, Any] = {}
    for i, (ids, since, before) in enumerate(ranges):
        params[f"ids{i}"], params[f"since{i}"] = ids, since
        if before is not None:
            params[f"before{i}"] = before
    stmt = _queue_statement(conn.dialect.name, tuple(rg[2] is None for rg in ranges))
    return {int(row[0]): _row(row[1:]) for row in conn.execute(stmt, params).all()}


@functools.lru_cache(maxsize=8)
def _agent_statement(dialect: str, bounded: bool) -> Any:
    c = CALL.c
    finished = c.state == "completed"
    where = [c.answered_at >= _bound_time("since"), c.agent_id.is_not(None)]
    if bounded:
        where.append(c.answered_at < _bound_time("before"))
    return (
        select(
            c.agent_id,
            func.count(),
            _count_if(finished),
            _sum_seconds(dialect, finished, func.coalesce(c.wrapup_ended_at, c.ended_at), c.answered_at),
        )
        .where(*where)
        .group_by(c.agent_id)
    )


def agent_sums(conn: Connection, since: dt.datetime, before: dt.datetime | None = None) -> dict[int, Sums]:
    """Per agent, the sums over the calls answered in ``[since, before)``."""
    if before is not None and before <= since:
        return {}
    params = {"since": since} if before is None else {"since": since, "before": before}
    stmt = _agent_statement(conn.dialect.name, before is not None)
    return {int(row[0]): _row(row[1:]) for row in conn.execute(stmt, params).all()}


@functools.lru_cache(maxsize=16)
def _watermark_statement(starts: int) -> Any:
    c = CALL.c
    columns = [func.min(case((c.received_at >= _bound_time(f"s{i}"), c.received_at))) for i in range(starts)]
    columns.append(func.min(case((c.answered_at >= _bound_time("day0"), c.answered_at))))
    return select(*columns).where(c.state.in_(IN_PROGRESS))


def watermarks(conn: Connection, starts: list[dt.datetime], day0: dt.datetime) -> tuple[list[Any], Any]:
    """The oldest call still in progress received since each of ``starts``, and the oldest answered since
    ``day0`` (None where there is none): everything before them is settled."""
    params: dict[str, Any] = {f"s{i}": start for i, start in enumerate(starts)}
    params["day0"] = day0
    row = conn.execute(_watermark_statement(len(starts)), params).one()
    return [r.as_aware(v) if v is not None else None for v in row[:-1]], r.as_aware(row[-1]) if row[-1] else None


@dataclass
class _Settled:
    key: Any
    upto: dt.datetime
    built: float
    sums: dict[int, Sums] = field(default_factory=dict)


class DayCache:
    """The settled sums of one aggregator (see the module docstring); not shared between threads."""

    def __init__(self, refresh_s: float = 300.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.refresh_s = refresh_s
        self._monotonic = monotonic
        self._queues: dict[Any, _Settled] = {}
        self._agents: _Settled | None = None

    def _fresh(self, entry: _Settled | None, key: Any, upto: dt.datetime) -> bool:
        return (
            entry is not None
            and entry.key == key
            and entry.upto <= upto
            and self._monotonic() - entry.built < self.refresh_s
        )

    def queue_day(
        self,
        conn: Connection,
        now: dt.datetime,
        windows: dict[dt.datetime, list[tuple[int, int, int]]],
        day0: dt.datetime,
    ) -> tuple[dict[int, Sums], dict[int, Sums]]:
        """(per queue, per agent) sums for today.  ``windows`` maps each day start to its queues as
        ``(id, service level seconds, short abandon seconds)``: a change of thresholds rebuilds the entry."""
        starts = list(windows)
        marks, answered_mark = watermarks(conn, starts, day0)
        settle: list[Range] = []
        live: list[Range] = []
        entries: dict[Any, _Settled] = {}
        for start, mark in zip(starts, marks, strict=True):
            key = (start, tuple(windows[start]))
            upto = min(mark, now - SETTLE_LAG) if mark is not None else now - SETTLE_LAG
            upto = max(upto, start)
            ids = [q[0] for q in windows[start]]
            entry = self._queues.get(key)
            if entry is None or not self._fresh(entry, key, upto):
                entry = _Settled(key, start, self._monotonic())
            settle.append((ids, entry.upto, upto))
            live.append((ids, upto, None))
            entry.upto = upto
            entries[key] = entry
        owner = {q[0]: entry for entry in entries.values() for q in entry.key[1]}
        for qid, sums in queue_sums(conn, settle).items():
            owner[qid].sums[qid] = add(owner[qid].sums.get(qid, QUEUE_ZERO), sums)
        self._queues = entries  # entries of windows that are gone are dropped
        totals = {qid: s for entry in entries.values() for qid, s in entry.sums.items()}
        for qid, sums in queue_sums(conn, live).items():
            totals[qid] = add(totals.get(qid, QUEUE_ZERO), sums)

        upto = max(min(answered_mark or now, now - SETTLE_LAG), day0)
        agents = self._agents
        if agents is None or not self._fresh(agents, day0, upto):
            agents = _Settled(day0, day0, self._monotonic())
        for aid, sums in agent_sums(conn, agents.upto, upto).items():
            agents.sums[aid] = add(agents.sums.get(aid, AGENT_ZERO), sums)
        agents.upto = upto
        self._agents = agents
        per_agent = dict(agents.sums)
        for aid, sums in agent_sums(conn, upto).items():
            per_agent[aid] = add(per_agent.get(aid, AGENT_ZERO), sums)
        return totals, per_agent


def fresh_day(conn: Connection, windows: Windows, day0: dt.datetime) -> tuple[dict[int, Sums], dict[int, Sums]]:
    """The same sums as :meth:`DayCache.queue_day`, all read afresh."""
    ranges: list[Range] = [([q[0] for q in queues], start, None) for start, queues in windows.items()]
    return queue_sums(conn, ranges), agent_sums(conn, day0)
