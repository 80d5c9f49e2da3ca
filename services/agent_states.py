"""Agent states: the current state per agent (``agent_status``) and every change logged in ``agent_state_log``.

States: available, offered, on_call, wrap_up, break (with a reason), offline, and not_responding (an offer
timed out).  AHT, occupancy and the wallboard are computed from the log, so every change goes through
:func:`transition`, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, exists, insert, or_, select, update

from db import feed
from db.models import AgentStateLog, AgentStatus, User, UserSession
from db.write import aware

# States an agent can choose on the call bar, and the states they may choose them from.
MANUAL_STATES = ("available", "break", "offline")
MANUAL_FROM = ("available", "break", "offline", "not_responding")
# The reason of a wrap-up past its time: the agent is still in wrap-up (no offers) until they submit it, and the
# state log holds the overdue stretch as a row of its own, from the deadline on.
WRAPUP_OVERDUE = "overdue"
# A desk that has not said it is alive for this long is gone (closed without signing out, crashed, unplugged):
# its agent is offered no call, and the desk-watch job sets them offline.  Desktops say so every
# ``session_check_seconds`` (15 s by default); a state chosen within this window counts as a sign of life too.
DESK_LOST_AFTER = dt.timedelta(seconds=120)
# The reasons an agent went offline without choosing it.
SIGNED_OUT = "signed_out"
# Waiting for calls (or about to): the states a lost desk or a sign-out turns offline.
AT_DESK = tuple(state for state in MANUAL_FROM if state != "offline")
DESK_LOST = "desk_lost"


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


def desk_alive(now: dt.datetime) -> ColumnElement[bool]:
    """Whether the agent of an ``agent_status`` row has a desk that is alive at ``now``: an open session seen
    within :data:`DESK_LOST_AFTER`, or a state chosen within it."""
    since = now - DESK_LOST_AFTER
    live_session = exists().where(
        UserSession.user_id == AgentStatus.user_id,
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at > since,
    )
    return or_(AgentStatus.state_since > since, live_session)


def leave_desk(conn: Connection, agent_id: int, at: dt.datetime, reason: str) -> bool:
    """Set an agent who is waiting for calls (available, on a break, not responding) offline because their desk
    is gone; an agent on a call or in wrap-up keeps it.  Returns whether the state changed."""

    seen = current(conn, agent_id)  # unlocked first: most people who sign out take no calls (no row to lock)
    if seen is None or seen.state not in AT_DESK:
        return False
    now = current(conn, agent_id, lock=True)
    if now is None or now.state not in AT_DESK:
        return False
    transition(conn, agent_id, "offline", at, reason=reason)
    return True


def release_lost_desks(conn: Connection, now: dt.datetime) -> list[int]:
    """Set offline every waiting agent whose desk is gone (:func:`desk_alive`); returns their ids.

    Safe on several gateways at once: each agent is re-read under its row lock before it changes.
    """

    lost = conn.execute(
        select(AgentStatus.user_id)
        .where(and_(AgentStatus.state.in_(AT_DESK), ~desk_alive(now)))
        .order_by(AgentStatus.user_id)
    ).scalars()
    released = []
    for agent_id in list(lost):
        still = conn.execute(  # re-read under the row lock: another gateway, or the agent, may have moved it
            select(AgentStatus.user_id)
            .where(AgentStatus.user_id == agent_id, AgentStatus.state.in_(AT_DESK), ~desk_alive(now))
            .with_for_update(skip_locked=True)
        ).first()
        if still is not None:
            transition(conn, int(agent_id), "offline", now, reason=DESK_LOST)
            released.append(int(agent_id))
    return released
