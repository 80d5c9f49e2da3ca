"""Offers that nobody answers: after the queue's offer time the call goes to the next agent and the first one
becomes 'not_responding'.  Also the wrap-up time limit, after which an agent is available again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, select, update

from db.models import AgentStatus, Call, CallOffer, WrapupDraft
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
    """Finish wrap-ups past their limit with what the agent entered so far; returns the agents freed."""
    now = now or utcnow()
    due = conn.execute(
        select(AgentStatus.user_id, AgentStatus.call_id)
        .where(AgentStatus.state == "wrap_up", AgentStatus.wrapup_deadline <= now)
        .with_for_update(skip_locked=True)
    ).all()
    freed = []
    for agent_id, call_id in due:
        call = call_states.load(conn, call_id=call_id, lock=True) if call_id is not None else None
        if call is not None and call.state == "wrap_up":
            draft = conn.execute(
                select(
                    WrapupDraft.disposition, WrapupDraft.notes, WrapupDraft.follow_up_at, WrapupDraft.follow_up_note
                ).where(WrapupDraft.call_id == call.id)
            ).first()
            notes = _call_notes(conn, call.id) if draft is None else (draft[1] or _call_notes(conn, call.id))
            call_states.finish_wrapup(
                conn,
                call,
                int(agent_id),
                now,
                disposition=draft[0] if draft else None,
                notes=notes,
                follow_up_at=aware(draft[2]) if draft else None,
                follow_up_note=draft[3] if draft else None,
                automatic=True,
            )
        agent = agent_states.current(conn, int(agent_id), lock=True)
        if agent is not None and agent.state == "wrap_up":
            agent_states.transition(conn, int(agent_id), "available", now)
        freed.append(int(agent_id))
    return freed


def _call_notes(conn: Connection, call_id: int) -> str | None:
    return conn.execute(select(Call.notes).where(Call.id == call_id)).scalar()
