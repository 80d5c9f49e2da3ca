"""Offers that nobody answers: after the queue's offer time the call goes to the next agent and the first one
becomes 'not_responding'.  Also the wrap-up time, after which a wrap-up is marked overdue (never closed: a call
is written only with the disposition its agent chose).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, select, update

from db.models import AgentStatus, CallOffer
from db.write import aware, utcnow, write_txn
from services import agent_states, call_states

# An 'accepting' offer whose desktop never reported back (crashed mid-accept) is given up after this long.
ACCEPTING_GRACE = dt.timedelta(seconds=30)


def expire_offers(conn: Connection, now: dt.datetime | None = None) -> list[int]:
    """Expire overdue offers inside the caller's transaction; returns the offer ids expired."""
    now = now or utcnow()
    overdue = conn.execute(
        select(CallOffer.id, CallOffer.call_id, CallOffer.agent_id, CallOffer.status)
        .where(CallOffer.status == "pending", CallOffer.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    stuck = conn.execute(
        select(CallOffer.id, CallOffer.call_id, CallOffer.agent_id, CallOffer.status)
        .where(CallOffer.status == "accepting", CallOffer.expires_at <= now - ACCEPTING_GRACE)
        .with_for_update(skip_locked=True)
    ).all()
    expired = []
    for offer_id, call_id, agent_id, status in [*overdue, *stuck]:
        final = "expired" if status == "pending" else "failed"
        conn.execute(
            update(CallOffer)
            .where(CallOffer.id == offer_id, CallOffer.status == status)
            .values(status=final, responded_at=now, message="no answer from the desk" if final == "expired" else None)
        )
        call_states.requeue(conn, call_id, now)
        agent = agent_states.current(conn, agent_id, lock=True)
        if agent is not None and agent.state == "offered" and agent.call_id == call_id:
            agent_states.transition(conn, agent_id, "not_responding", now, reason="offer_timeout")
        expired.append(int(offer_id))
    return expired


def expire(engine: Engine, now: dt.datetime | None = None) -> list[int]:
    """:func:`expire_offers` in its own transaction."""
    with write_txn(engine) as conn:
        return expire_offers(conn, now)


def enforce_wrapup_limits(conn: Connection, now: dt.datetime | None = None) -> list[int]:
    """Mark the wrap-ups past their time as overdue, inside the caller's transaction; returns the agents marked.

    The agent stays in wrap-up, so routing offers them nothing until they submit it with a disposition; from the
    deadline on, their state carries the reason 'overdue' (a state-log row of its own: the overdue time).
    """
    now = now or utcnow()
    due = conn.execute(
        select(AgentStatus.user_id, AgentStatus.call_id, AgentStatus.wrapup_deadline)
        .where(
            AgentStatus.state == "wrap_up",
            AgentStatus.wrapup_deadline <= now,
            AgentStatus.reason.is_(None),
        )
        .with_for_update(skip_locked=True)
    ).all()
    marked = []
    for agent_id, call_id, deadline in due:
        since = aware(deadline) or now
        agent_states.transition(
            conn,
            int(agent_id),
            "wrap_up",
            since,
            reason=agent_states.WRAPUP_OVERDUE,
            call_id=call_id,
            wrapup_deadline=since,
        )
        marked.append(int(agent_id))
    return marked
