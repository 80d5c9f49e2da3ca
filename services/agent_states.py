"""Agent states: the current state per agent (``agent_status``) and every change logged in ``agent_state_log``.

States: available, offered, on_call, wrap_up, break (with a reason), offline, and not_responding (an offer
timed out).  AHT, occupancy and the wallboard are computed from the log, so every change goes through
:func:`transition`, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from db import feed
from db.models import AgentStateLog, AgentStatus, User
from db.write import aware

# States an agent can choose on the call bar, and the states they may choose them from.
MANUAL_STATES = ("available", "break", "offline")
MANUAL_FROM = ("available", "break", "offline", "not_responding")
# The reason of a wrap-up past its time: the agent is still in wrap-up (no offers) until they submit it, and the
# state log holds the overdue stretch as a row of its own, from the deadline on.
WRAPUP_OVERDUE = "overdue"


@dataclass(frozen=True)
class AgentNow:
    """An agent's current state."""

    agent_id: int
    state: str
    reason: str | None
    call_id: int | None
    since: dt.datetime
    idle_since: dt.datetime | None
    wrapup_deadline: dt.datetime | None


def at_epoch() -> dt.datetime:
    """Stand-in for a missing timestamp (never expected: state_since is NOT NULL)."""
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def current(conn: Connection, agent_id: int, *, lock: bool = False) -> AgentNow | None:
    """The agent's state row (locked FOR UPDATE on PostgreSQL when ``lock``), or None if never set."""
    stmt = select(
        AgentStatus.user_id,
        AgentStatus.state,
        AgentStatus.reason,
        AgentStatus.call_id,
        AgentStatus.state_since,
        AgentStatus.idle_since,
        AgentStatus.wrapup_deadline,
    ).where(AgentStatus.user_id == agent_id)
    if lock:
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).first()
    if row is None:
        return None
    return AgentNow(
        row[0],
        row[1],
        row[2],
        row[3],
        aware(row[4]) or at_epoch(),
        aware(row[5]),
        aware(row[6]),
    )


def transition(
    conn: Connection,
    agent_id: int,
    state: str,
    at: dt.datetime,
    *,
    reason: str | None = None,
    call_id: int | None = None,
    wrapup_deadline: dt.datetime | None = None,
) -> None:
    """Move an agent to ``state`` and log the change (closing the previous log row)."""
    values: dict[str, object] = {
        "state": state,
        "reason": reason,
        "call_id": call_id,
        "state_since": at,
        "wrapup_deadline": wrapup_deadline,
    }
    if state == "available":
        values["idle_since"] = at
    changed = conn.execute(
        update(AgentStatus).where(AgentStatus.user_id == agent_id).values(**values, version=AgentStatus.version + 1)
    ).rowcount
    if not changed:
        conn.execute(
            insert(AgentStatus).values(
                user_id=agent_id,
                idle_since=at if state == "available" else None,
                **{k: v for k, v in values.items() if k != "idle_since"},
            )
        )
    conn.execute(
        update(AgentStateLog)
        .where(AgentStateLog.user_id == agent_id, AgentStateLog.ended_at.is_(None))
        .values(ended_at=at)
    )
    conn.execute(
        insert(AgentStateLog).values(user_id=agent_id, state=state, reason=reason, call_id=call_id, started_at=at)
    )
    feed.append(conn, "agent", agent_id, state)  # supervisors' live agent board


def other_agents(conn: Connection, agent_id: int) -> list[int]:
    """The active agents other than ``agent_id`` (the demo's robot agents answer for them)."""
    query = select(User.id).where(User.role_code == "agent", User.is_active.is_(True), User.id != agent_id)
    return [int(i) for i in conn.execute(query.order_by(User.id)).scalars()]
