"""A small floor for the wallboard tests: two teams, agents with skills, queues with rules, and helpers that
write calls, agent states and complaint clocks with known times."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, insert, update

from db.models import AgentStatus, Call, CallQueue, Role, Team, Ticket, TicketClock, User

ZONE = ZoneInfo("Asia/Shanghai")
# 10:00 in Shanghai: the bank's day began at 2026-12-06 16:00 UTC.
NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
_sids = itertools.count(1)


@dataclass(frozen=True)
class Floor:
    teams: dict[str, int]
    agents: dict[str, int]
    queues: dict[str, int]


def build_floor(engine: Engine) -> Floor:
    """Teams Alpha and Beta; queues general, vip, credit_card and complaints (nobody has its skill).

    ``ann`` (Alpha) takes general and vip, ``bob`` (Alpha) general, ``cai`` (Beta) credit_card and the
    supervisor ``dai`` (Beta) general and credit_card.  ``eve`` is inactive and ``fay`` never had a state:
    neither is on the board.
    """
    with engine.begin() as conn:
        conn.execute(insert(Role), [
            {"code": "agent", "name_zh": "坐席", "name_en": "Agent"},
            {"code": "supervisor", "name_zh": "班长", "name_en": "Supervisor"},
        ])  # fmt: skip
        conn.execute(insert(Team), [{"id": 1, "name": "Alpha", "kind": "call_center"},
                                    {"id": 2, "name": "Beta", "kind": "call_center"}])  # fmt: skip
        specs = [
            ("ann", "agent", 1, ["general", "vip"], True),
            ("bob", "agent", 1, ["general"], True),
            ("cai", "agent", 2, ["credit_card"], True),
            ("dai", "supervisor", 2, ["general", "credit_card"], True),
            ("eve", "agent", 1, ["general"], False),
            ("fay", "agent", 1, ["general"], True),
        ]
        agents = {}
        for i, (name, role, team, skills, active) in enumerate(specs, start=1):
            conn.execute(insert(User).values(id=i, username=name, display_name=name, role_code=role, team_id=team,
                                             skills=skills, is_active=active))  # fmt: skip
            agents[name] = i
        queues = {}
        for i, name in enumerate(("general", "vip", "credit_card", "complaints"), start=1):
            label = f"{name}队列"
            conn.execute(insert(CallQueue).values(id=i, name=name, label_zh=label, label_en=name, skills=[name]))
            queues[name] = i
        for name in ("ann", "bob", "cai", "dai", "eve"):
            set_agent(conn, agents[name], "available", NOW - dt.timedelta(minutes=5))
    return Floor({"Alpha": 1, "Beta": 2}, agents, queues)


def set_agent(
    conn: Connection,
    user_id: int,
    state: str,
    since: dt.datetime,
    *,
    reason: str | None = None,
    call_id: int | None = None,
) -> None:
    """The agent's state row, written as it is (the wallboard reads it; no state machine involved)."""
    values = {"state": state, "reason": reason, "call_id": call_id, "state_since": since}
    if not conn.execute(update(AgentStatus).where(AgentStatus.user_id == user_id).values(**values)).rowcount:
        conn.execute(insert(AgentStatus).values(user_id=user_id, **values))


def set_rules(conn: Connection, queue_id: int, **values: object) -> None:
    conn.execute(update(CallQueue).where(CallQueue.id == queue_id).values(**values))


def add_call(
    conn: Connection,
    queue_id: int | None,
    state: str,
    received: dt.datetime,
    *,
    wait: float | None = None,
    answered_after: float | None = None,
    ended_after: float | None = None,
    wrapup_after: float | None = None,
    agent_id: int | None = None,
    direction: str = "inbound",
) -> int:
    """A call received at ``received``; the other times are seconds after the moment it was queued
    (``received + wait``, or ``received`` itself when ``wait`` is None: no enqueued_at)."""
    entered = received + dt.timedelta(seconds=wait or 0)

    def after(seconds: float | None) -> dt.datetime | None:
        return entered + dt.timedelta(seconds=seconds) if seconds is not None else None

    answered = after(answered_after)
    return int(
        conn.execute(
            insert(Call)
            .values(
                call_sid=f"CA{next(_sids):032d}",
                direction=direction,
                queue_id=queue_id,
                state=state,
                received_at=received,
                enqueued_at=entered if wait is not None else None,
                answered_at=answered,
                ended_at=after(ended_after),
                wrapup_ended_at=after(wrapup_after),
                agent_id=agent_id,
            )
            .returning(Call.id)
        ).scalar_one()
    )


def add_complaint(conn: Connection, n: int, *, open_due: dt.datetime | None, warn_level: int) -> None:
    """A complaint with its clock: ``open_due`` None means decided (the clock stopped)."""
    ticket_id = conn.execute(
        insert(Ticket)
        .values(number=f"TS{n:05d}", kind="complaint", category="fee", severity="normal",
                status="in_progress" if open_due is not None else "decided", intake_channel="call",
                summary="年费争议", received_at=NOW - dt.timedelta(days=10))
        .returning(Ticket.id)
    ).scalar_one()  # fmt: skip
    conn.execute(insert(TicketClock).values(ticket_id=ticket_id, started_at=NOW - dt.timedelta(days=10),
                                            due_at=open_due, open_due_at=open_due, warn_level=warn_level))  # fmt: skip
