"""The floor ``contactdesk bench wallboard`` measures: queues, agents with skills and states, years of calls and a
busy day, written fast (history generated inside the database), and the call changes made while measuring.

History calls are finished (answered and completed, or abandoned) and received before today's start in the
bank's time zone, so they weigh on the tables and indexes without being today's figures.  Today holds
``today`` finished calls spread since the day began, one call on the line for every agent on a call, and a few
calls waiting.  Every agent has three queues' skills (each queue needs one skill), so an agent sits in
several queues.  A second run on the same database reuses the history and remakes only today.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
from dataclasses import dataclass
from typing import Any

HISTORY_CHUNK = 1_000_000
STATES = ("available",) * 3 + ("on_call",) * 4 + ("wrap_up", "break", "offline")
PROBE = "wb_probe"  # the queue whose waiting count the push measurement moves (nobody has its skill)
_sids = itertools.count(1)


def _log(message: str) -> None:
    print(f"[bench wallboard] {message}", file=sys.stderr, flush=True)


@dataclass
class Floor:
    queues: list[int]
    agents: list[int]
    probe: int
    supervisor: int


def _history_sql(dialect: str) -> str:
    """Calls ``lo``..``hi`` of ``total``, received in the year before ``day0_s`` (epoch seconds) in the order of
    ``n`` (so the time indexes grow at their ends, as in production, and a load takes minutes, not hours)."""
    age = "(1 + (:total - n) * :step)"
    if dialect == "postgresql":
        source = "generate_series(CAST(:lo AS BIGINT), CAST(:hi AS BIGINT)) AS g(n)"
        at = "to_timestamp(:day0_s - {age} + ({plus}))"
        prefix = ""
        sid = "'WH' || lpad(n::text, 10, '0')"
    else:
        source = "seq"
        at = "strftime('%Y-%m-%d %H:%M:%S', :day0_s - {age} + ({plus}), 'unixepoch') || '.000000'"
        prefix = "WITH RECURSIVE seq(n) AS (SELECT :lo UNION ALL SELECT n + 1 FROM seq WHERE n < :hi) "
        sid = "'WH' || printf('%010d', n)"
    answered = "(n % 10 <> 0)"

    def t(plus: str) -> str:
        return at.format(age=age, plus=plus)

    def if_answered(value: str) -> str:
        return f"CASE WHEN {answered} THEN {value} END"

    columns = (
        "call_sid, direction, state, queue_id, agent_id, received_at, enqueued_at, answered_at, ended_at, "
        "wrapup_ended_at, match_result, priority"
    )
    values = (
        f"{sid}, 'inbound', CASE WHEN {answered} THEN 'completed' ELSE 'abandoned' END, :q0 + n % :nq, "
        f"{if_answered(':a0 + (n * 7) % :na')}, {t('0')}, {t('2')}, {if_answered(t('2 + n % 60'))}, "
        f"{t('CASE WHEN ' + answered + ' THEN 62 + n % 600 ELSE 2 + n % 40 END')}, "
        f"{if_answered(t('92 + n % 600'))}, 'none', 0"
    )
    return f"{prefix}INSERT INTO call ({columns}) SELECT {values} FROM {source}"


def build_floor(engine: Any, queues: int, agents: int) -> Floor:
    """Roles, teams, ``queues`` queues and ``agents`` agents (made once per database)."""
    from sqlalchemy import insert, select

    from db.models import CallQueue, Team, User
    from services.permissions import ensure_roles

    with engine.begin() as conn:
        if conn.execute(select(CallQueue.id).where(CallQueue.name == PROBE)).scalar() is None:
            ensure_roles(conn)
            teams = [
                conn.execute(
                    insert(Team).values(name=f"大屏基准组{t + 1}", kind="call_center").returning(Team.id)
                ).scalar_one()
                for t in range(max(1, agents // 100))
            ]
            conn.execute(
                insert(CallQueue),
                [
                    {"name": f"wbq{i}", "label_zh": f"队列{i}", "label_en": f"Queue {i}", "skills": [f"s{i}"]}
                    for i in range(queues)
                ],
            )
            conn.execute(insert(CallQueue).values(name=PROBE, label_zh="探针", label_en="Probe", skills=["probe"]))
            conn.execute(
                insert(User),
                [
                    {
                        "username": f"wb_agent{a}",
                        "display_name": f"坐席{a:04d}",
                        "role_code": "agent",
                        "team_id": teams[a % len(teams)],
                        "skills": [f"s{a % queues}", f"s{(a * 7 + 1) % queues}", f"s{(a * 13 + 2) % queues}"],
                    }
                    for a in range(agents)
                ],
            )
            conn.execute(
                insert(User).values(username="wb_sup", display_name="大屏主管", role_code="supervisor", skills=[])
            )
        ids = conn.execute(select(CallQueue.id).where(CallQueue.name.like("wbq%")).order_by(CallQueue.id)).scalars()
        people = conn.execute(select(User.id).where(User.username.like("wb\\_agent%", escape="\\")).order_by(User.id))
        return Floor(
            list(ids),
            list(people.scalars()),
            int(conn.execute(select(CallQueue.id).where(CallQueue.name == PROBE)).scalar_one()),
            int(conn.execute(select(User.id).where(User.username == "wb_sup")).scalar_one()),
        )


def fill_history(engine: Any, floor: Floor, total: int, day0: dt.datetime) -> float | None:
    """``total`` finished calls before ``day0``; None when the database holds them already."""
    import time

    from sqlalchemy import func, select, text

    from db.models import Call

    with engine.connect() as conn:
        have = int(conn.execute(select(func.count()).where(Call.call_sid.like("WH%"))).scalar_one())
    if have >= total:
        _log(f"reusing {have:,} history calls")
        return None
    started = time.perf_counter()
    sql = text(_history_sql(engine.dialect.name))
    q, a = floor.queues, floor.agents
    for lo in range(have + 1, total + 1, HISTORY_CHUNK):
        hi = min(lo + HISTORY_CHUNK - 1, total)
        with engine.begin() as conn:
            conn.execute(
                sql,
                {
                    "lo": lo,
                    "hi": hi,
                    "day0_s": int(day0.timestamp()),
                    "q0": q[0],
                    "nq": len(q),
                    "a0": a[0],
                    "na": len(a),
                    "total": total,
                    "step": max(1, 31_536_000 // total),
                },
            )
        _log(f"history calls {hi:,}/{total:,}")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _call(queue: int, state: str, received: dt.datetime, **times: Any) -> dict[str, Any]:
    row = {
        "call_sid": f"WT{next(_sids)}-{random.getrandbits(40)}",
        "direction": "inbound",
        "state": state,
        "queue_id": queue,
        "received_at": received,
        "enqueued_at": received + dt.timedelta(seconds=2),
        "answered_at": None,
        "ended_at": None,
        "wrapup_ended_at": None,
        "agent_id": None,
        "match_result": "none",
    }
    row.update(times)
    return row


def make_today(engine: Any, floor: Floor, calls: int, now: dt.datetime, day0: dt.datetime, seed: int) -> None:
    """Today's finished calls, the agents' states (with a call on the line for those on a call) and a few
    waiting calls.  An earlier run's calls stay (other tables may point at them): those still in progress are
    finished, and only the finished calls missing to ``calls`` today are added."""
    from sqlalchemy import delete, func, insert, select, update

    from db.models import AgentStatus, Call
    from services.call_states import TALKING, WAITING

    with engine.begin() as conn:
        conn.execute(update(AgentStatus).values(call_id=None))
        conn.execute(delete(AgentStatus))
        conn.execute(
            update(Call)
            .where(Call.state.in_((*WAITING, *TALKING, "wrap_up")))
            .values(state="abandoned", ended_at=now - dt.timedelta(seconds=1))
        )
        have = int(
            conn.execute(select(func.count()).where(Call.call_sid.like("WT%"), Call.received_at >= day0)).scalar_one()
        )
    calls = max(0, calls - have)

    rng = random.Random(seed)
    span = max(60.0, (now - day0).total_seconds() - 900)
    rows = []
    for _ in range(calls):
        received = day0 + dt.timedelta(seconds=rng.uniform(0, span))
        queue = rng.choice(floor.queues)
        if rng.random() < 0.1:
            rows.append(
                _call(queue, "abandoned", received, ended_at=received + dt.timedelta(seconds=rng.randint(3, 90)))
            )
            continue
        answered = received + dt.timedelta(seconds=2 + rng.randint(1, 60))
        ended = answered + dt.timedelta(seconds=rng.randint(60, 600))
        rows.append(
            _call(
                queue,
                "completed",
                received,
                answered_at=answered,
                ended_at=ended,
                agent_id=rng.choice(floor.agents),
                wrapup_ended_at=ended + dt.timedelta(seconds=rng.randint(5, 60)),
            )
        )
    with engine.begin() as conn:
        if rows:
            conn.execute(insert(Call), rows)
        for i in range(max(3, len(floor.queues) // 4)):
            received = now - dt.timedelta(seconds=rng.randint(5, 240))
            conn.execute(insert(Call).values(**_call(floor.queues[(i * 3) % len(floor.queues)], "queued", received)))
        for n, agent in enumerate(floor.agents):
            state = STATES[n % len(STATES)]
            since = now - dt.timedelta(seconds=rng.randint(5, 1500))
            call_id = None
            if state == "on_call":
                call_id = conn.execute(
                    insert(Call)
                    .values(
                        **_call(
                            rng.choice(floor.queues),
                            "connected",
                            since - dt.timedelta(seconds=20),
                            answered_at=since,
                            agent_id=agent,
                        )
                    )
                    .returning(Call.id)
                ).scalar_one()
            conn.execute(insert(AgentStatus).values(user_id=agent, state=state, state_since=since, call_id=call_id))


def churn(engine: Any, floor: Floor, rng: random.Random, now: dt.datetime) -> None:
    """What a second on a busy floor changes: a call comes in and waits, a waiting call is answered, a call on
    the line ends and its agent wraps up, an agent in wrap-up becomes available again."""
    from sqlalchemy import insert, select, update

    from db import feed
    from db.models import AgentStatus, Call

    with engine.begin() as conn:
        new = conn.execute(insert(Call).values(**_call(rng.choice(floor.queues), "queued", now)).returning(Call.id))
        feed.append(conn, "call", new.scalar_one(), "queued")
        waiting = conn.execute(
            select(Call.id).where(Call.state == "queued", Call.queue_id != floor.probe).order_by(Call.id).limit(1)
        ).scalar()
        agent = conn.execute(
            select(AgentStatus.user_id)
            .where(AgentStatus.state == "available")
            .order_by(AgentStatus.state_since)
            .limit(1)
        ).scalar()
        if waiting is not None and agent is not None:
            conn.execute(
                update(Call).where(Call.id == waiting).values(state="connected", answered_at=now, agent_id=agent)
            )
            conn.execute(
                update(AgentStatus)
                .where(AgentStatus.user_id == agent)
                .values(state="on_call", state_since=now, call_id=waiting)
            )
            feed.append(conn, "call", waiting, "connected")
            feed.append(conn, "agent", agent, "on_call")
        talking = conn.execute(
            select(AgentStatus.user_id, AgentStatus.call_id)
            .where(AgentStatus.state == "on_call")
            .order_by(AgentStatus.state_since)
            .limit(1)
        ).first()
        if talking is not None and talking[1] is not None:
            conn.execute(update(Call).where(Call.id == talking[1]).values(state="wrap_up", ended_at=now, wrapup_at=now))
            conn.execute(
                update(AgentStatus).where(AgentStatus.user_id == talking[0]).values(state="wrap_up", state_since=now)
            )
            feed.append(conn, "call", talking[1], "wrap_up")
        done = conn.execute(
            select(AgentStatus.user_id, AgentStatus.call_id)
            .where(AgentStatus.state == "wrap_up", AgentStatus.call_id.is_not(None))
            .order_by(AgentStatus.state_since)
            .limit(1)
        ).first()
        if done is not None:
            conn.execute(update(Call).where(Call.id == done[1]).values(state="completed", wrapup_ended_at=now))
            conn.execute(
                update(AgentStatus)
                .where(AgentStatus.user_id == done[0])
                .values(state="available", state_since=now, call_id=None)
            )
            feed.append(conn, "agent", done[0], "available")


def probe_call(engine: Any, floor: Floor, now: dt.datetime) -> None:
    """One more call waiting in the probe queue (the change the push measurement watches for), with its
    change-feed row as the call services write one."""
    from sqlalchemy import insert

    from db import feed
    from db.models import Call

    with engine.begin() as conn:
        call_id = conn.execute(insert(Call).values(**_call(floor.probe, "queued", now)).returning(Call.id)).scalar_one()
        feed.append(conn, "call", call_id, "queued")


def clear_probe(engine: Any, floor: Floor) -> None:
    from sqlalchemy import delete

    from db.models import Call

    with engine.begin() as conn:
        conn.execute(delete(Call).where(Call.queue_id == floor.probe))
