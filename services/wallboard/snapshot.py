"""The floor's figures in one :class:`~.types.WallboardSnapshot`, read in a few statements whatever its size.

The aggregator runs :func:`compute` once per second for every wallboard, so it must stay cheap with hundreds of
queues, thousands of agents and years of calls:

* the queues and their rules: ``call_queue`` (a few hundred rows);
* waiting now and the longest wait: the calls in a waiting state, grouped by queue (``ix_call_state_queue``);
* the day's sums of every queue and agent (:mod:`.day_figures`): ``GROUP BY`` statements with conditional sums
  over the calls received since each queue's reset (``ix_call_queue_received``, one index range per queue) and
  answered since the bank's midnight (``ix_call_answered_at``) — with a :class:`~.day_figures.DayCache`, only
  over the calls not yet settled;
* the agents and their current calls: ``agent_status`` joined to users, teams and the call (primary keys);
* the complaint deadlines at risk: a count over the open clocks not yet breached (``ix_ticket_clock_due_order``).

Durations are computed by the database, so no call row reaches Python.  A call waiting across a queue's reset
still waits: waiting calls are read by state, not from the day's window.  Which queues an agent can take (the
queue's skills are a subset of the agent's, as routing decides) is worked out once per distinct set of skills,
not once per agent and queue; skills are read as JSON text and each distinct text parsed once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, DateTime, String, Table, bindparam, cast, func, select, type_coerce

from db.models import AgentStatus, Call, CallQueue, Team, User
from services.call_states import WAITING
from services.tickets.clocks import ONE_SECOND
from services.tickets.records import CLOCK

from . import rules as r
from .day_figures import AGENT_ZERO, QUEUE_ZERO, DayCache, Sums, fresh_day
from .types import AgentCounts, AgentFigures, AgentThresholds, Alert, QueueFigures, QueueRules, WallboardSnapshot

CALL: Table = Call.__table__  # type: ignore[assignment]
QUEUE: Table = CallQueue.__table__  # type: ignore[assignment]
STATUS: Table = AgentStatus.__table__  # type: ignore[assignment]
USER: Table = User.__table__  # type: ignore[assignment]
TEAM: Table = Team.__table__  # type: ignore[assignment]
_current_call = CALL.alias("current_call")
# The roles whose desks show on the board (supervisors take calls too).
BOARD_ROLES = ("agent", "supervisor")
# The agents' times are read as the driver gives them and made UTC once (rules.as_aware), not twice per row.
_PLAIN_TIME = DateTime(timezone=True)


def _mean(total: float, count: float) -> float | None:
    return total / count if count else None


@functools.lru_cache(maxsize=4096)
def _skills(text: str | None) -> frozenset[str]:
    """A skills list read as JSON text: agents share a few sets, so each is parsed once, not every second."""
    try:
        found = json.loads(text) if text else []
    except ValueError:
        return frozenset()
    return frozenset(str(s) for s in found) if isinstance(found, list) else frozenset()


# The statements of every tick are built once (building one costs more than running it) and bound at run time.
@functools.lru_cache(maxsize=1)
def _queues_statement() -> Any:
    q = QUEUE.c
    return select(
        q.id, q.name, q.label_zh, q.label_en, cast(q.skills, String), q.service_level_seconds, q.sl_target_pct,
        q.short_abandon_seconds, q.abandon_rule, q.day_reset, q.warn_waiting, q.crit_waiting, q.warn_wait_s,
        q.crit_wait_s,
    ).order_by(q.id)  # fmt: skip


def read_queues(conn: Connection) -> list[tuple[int, str, str, str, frozenset[str], QueueRules]]:
    """Every queue with its skills and wallboard rules, by id."""
    rows = conn.execute(_queues_statement())
    return [
        (int(row[0]), row[1], row[2], row[3], _skills(row[4]), QueueRules(*row[5:14]))  # type: ignore[arg-type]
        for row in rows.all()
    ]


@functools.lru_cache(maxsize=1)
def _waiting_statement() -> Any:
    c = CALL.c
    return (
        select(c.queue_id, func.count(), func.min(func.coalesce(c.enqueued_at, c.received_at)))
        .where(c.state.in_(WAITING), c.queue_id.is_not(None))
        .group_by(c.queue_id)
    )


def waiting_calls(conn: Connection) -> dict[int, tuple[int, dt.datetime]]:
    """Per queue: how many calls wait now and since when the longest of them waits."""
    rows = conn.execute(_waiting_statement())
    return {int(qid): (int(n), r.as_aware(oldest)) for qid, n, oldest in rows.all() if oldest is not None}


@functools.lru_cache(maxsize=1)
def _agents_statement() -> Any:
    u, s, t, cc = USER.c, STATUS.c, TEAM.c, _current_call.c
    return (
        select(
            u.id,
            u.display_name,
            u.team_id,
            t.name,
            cast(u.skills, String),
            s.state,
            s.reason,
            type_coerce(s.state_since, _PLAIN_TIME),
            s.call_id,
            cc.queue_id,
            type_coerce(cc.answered_at, _PLAIN_TIME),
        )
        .select_from(
            STATUS.join(USER, u.id == s.user_id)
            .outerjoin(TEAM, t.id == u.team_id)
            .outerjoin(_current_call, cc.id == s.call_id)
        )
        .where(u.is_active.is_(True), u.role_code.in_(BOARD_ROLES))
        .order_by(u.display_name, u.id)
    )


def read_agents(conn: Connection) -> Sequence[Any]:
    """The board's agents (active, with a state row) with their team and current call, by name."""
    return conn.execute(_agents_statement()).all()


def deadlines_at_risk(conn: Connection, now: dt.datetime) -> int:
    """Open complaints past a warning point and not yet breached: the tickets of
    :func:`services.tickets.queries.at_risk` that the escalation scan has warned about, counted in the
    index (only tickets with a regulatory deadline have an ``open_due_at``; it is NULL once decided)."""
    found = conn.execute(_deadlines_statement(), {"after": now - ONE_SECOND}).scalar()
    return int(found or 0)


@functools.lru_cache(maxsize=1)
def _deadlines_statement() -> Any:
    k = CLOCK.c
    after = bindparam("after", type_=k.open_due_at.type)
    return select(func.count()).select_from(CLOCK).where(k.open_due_at > after, k.warn_level > 0)


def _queue_figures(
    queue: tuple[int, str, str, str, frozenset[str], QueueRules],
    now: dt.datetime,
    waiting: tuple[int, dt.datetime] | None,
    day: Sums,
    agents: AgentCounts,
    team_ids: tuple[int, ...],
) -> tuple[QueueFigures, tuple[Alert, ...]]:
    qid, name, label_zh, label_en, _skills, rules = queue
    n_waiting, oldest = waiting if waiting is not None else (0, None)
    longest = max(0, int((now - oldest).total_seconds())) if oldest is not None else None
    answered, in_sl, abandoned, short, finished = (int(day[i]) for i in (0, 1, 3, 4, 5))
    wait_sum, handle_sum = day[2], day[6]
    alerts = r.queue_alerts(qid, rules, n_waiting, longest)
    figures = QueueFigures(
        queue_id=qid,
        name=name,
        label_zh=label_zh,
        label_en=label_en,
        rules=rules,
        waiting=n_waiting,
        longest_wait_s=longest,
        answered=answered,
        abandoned=abandoned,
        short_abandoned=short,
        answered_in_sl=in_sl,
        asa_s=_mean(wait_sum, answered),
        aht_s=_mean(handle_sum, finished),
        service_level=r.service_level(rules.abandon_rule, in_sl, answered, abandoned, short),
        agents=agents,
        level=r.worst([a.level for a in alerts]),
        team_ids=team_ids,
    )
    return figures, alerts


@functools.lru_cache(maxsize=16)
def _matcher(queue_skills: tuple[tuple[int, frozenset[str]], ...]) -> Callable[[frozenset[str]], tuple[int, ...]]:
    """The queues (ids, in order) whose skills a set of skills covers, remembered per set."""

    @functools.lru_cache(maxsize=4096)
    def takes(skills: frozenset[str]) -> tuple[int, ...]:
        return tuple(qid for qid, needs in queue_skills if needs <= skills)

    return takes


def _as_list(counts: AgentCounts) -> list[int]:
    return [counts.available, counts.on_call, counts.wrap_up, counts.on_break, counts.offline]


def _agent_figures(
    row: Any,
    now: dt.datetime,
    queue_ids: tuple[int, ...],
    today: Sums,
    thresholds: AgentThresholds,
) -> AgentFigures:
    uid, name, team_id, team_name, _skills, state, reason, since, call_id, call_queue, answered_at = row
    since = r.as_aware(since) if since.tzinfo is None else since
    in_state = max(0, int((now - since).total_seconds()))
    handled, finished, handle_sum = int(today[0]), today[1], today[2]
    call_s = None
    if call_id is not None and answered_at is not None:
        call_s = max(0, int((now - r.as_aware(answered_at)).total_seconds()))
    return _new_agent((
        int(uid), name, team_id, team_name, queue_ids, state, reason, since, in_state,
        call_queue if call_id is not None else None, call_s, handled, _mean(handle_sum, finished),
        r.agent_level(state, in_state, thresholds),
    ))  # fmt: skip


_AGENT_FIELDS = tuple(f.name for f in dataclasses.fields(AgentFigures))


def _new_agent(values: tuple[Any, ...]) -> AgentFigures:
    """An :class:`AgentFigures` from its values in field order, without the frozen dataclass's ``__init__``
    (one guarded ``object.__setattr__`` per field): this runs for every agent every second, and the same
    object results (equal, hashable, immutable to callers)."""
    made = object.__new__(AgentFigures)
    made.__dict__.update(zip(_AGENT_FIELDS, values, strict=True))
    return made


def compute(
    conn: Connection,
    *,
    now: dt.datetime,
    seq: int,
    zone: ZoneInfo,
    thresholds: AgentThresholds = AgentThresholds(),  # noqa: B008 - frozen, shared safely
    cache: DayCache | None = None,
) -> WallboardSnapshot:
    """The whole floor at ``now``: the day's figures of every queue since its reset in ``zone`` (the bank's
    time zone), every agent on the board, the alerts and the complaint deadlines at risk.

    ``cache`` keeps the settled part of the day between calls (an aggregator passes the same one every
    tick, from one thread); without it every figure is read afresh.
    """
    now = r.as_aware(now)
    queues = read_queues(conn)
    windows: dict[dt.datetime, list[tuple[int, int, int]]] = defaultdict(list)
    for qid, *_names, rules in queues:
        start = r.day_start(now, zone, r.parse_reset(rules.day_reset))
        windows[start].append((qid, rules.sl_threshold_s, rules.short_abandon_s))
    waiting = waiting_calls(conn)
    day0 = r.day_start(now, zone)
    day, today = cache.queue_day(conn, now, windows, day0) if cache is not None else fresh_day(conn, windows, day0)
    agent_rows = read_agents(conn)

    # The agents by their set of skills: which queues a set can take is worked out once per set (and kept while
    # the queues' skills stay the same), and the tallies are added per set, not per agent and queue.
    takes = _matcher(tuple((q[0], q[4]) for q in queues))
    groups = [r.group_of(row[5]) for row in agent_rows]
    by_skills: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, row in enumerate(agent_rows):
        by_skills[_skills(row[4])].append(i)
    tally: dict[int, list[int]] = {q[0]: [0] * 5 for q in queues}
    teams_of: dict[int, set[int]] = {q[0]: set() for q in queues}
    queue_ids_of: dict[int, tuple[int, ...]] = {}
    for skills, members in by_skills.items():
        ids = takes(skills)
        counts = r.count_groups([groups[i] for i in members])
        team_ids = {int(agent_rows[i][2]) for i in members if agent_rows[i][2] is not None}
        for qid in ids:
            tally[qid] = [a + b for a, b in zip(tally[qid], _as_list(counts), strict=True)]
            teams_of[qid] |= team_ids
        for i in members:
            queue_ids_of[i] = ids

    agents = tuple(
        _agent_figures(row, now, queue_ids_of[i], today.get(int(row[0]), AGENT_ZERO), thresholds)
        for i, row in enumerate(agent_rows)
    )
    figures: list[QueueFigures] = []
    alerts: list[Alert] = []
    for queue in queues:
        qid = queue[0]
        one, passed = _queue_figures(
            queue,
            now,
            waiting.get(qid),
            day.get(qid, QUEUE_ZERO),
            AgentCounts(*tally[qid]),
            tuple(sorted(teams_of[qid])),
        )
        figures.append(one)
        alerts.extend(passed)

    teams = {(int(row[2]), str(row[3])) for row in agent_rows if row[2] is not None}
    return WallboardSnapshot(
        at=now,
        seq=seq,
        queues=tuple(figures),
        agents=agents,
        totals=r.count_groups(groups),
        teams=tuple(sorted(teams, key=lambda t: (t[1], t[0]))),
        alerts=tuple(alerts),
        deadlines_at_risk=deadlines_at_risk(conn, now),
        thresholds=thresholds,
    )
