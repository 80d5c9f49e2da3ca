"""Routing: offer each waiting call to the longest-idle available agent who has the queue's skills.

Only agents at a desk that is alive are offered calls (:func:`services.agent_states.desk_alive`): an agent whose
desktop was closed without signing out, or crashed, is not rung until they are back.

Callers are served by priority (VIP level, where the queue gives VIPs priority) and then by how long they have
waited.  Candidates are read without locks; the chosen call and agent are then locked and re-checked
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several gateway processes never offer one call twice or give one
agent two calls; SQLite runs the pass under ``BEGIN IMMEDIATE``, one writer at a time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select

from db.models import AgentStatus, Call, CallOffer, CallQueue, User
from db.write import utcnow, write_txn
from services import agent_states, call_states

SCAN_LIMIT = 100
# An agent who declined or let an offer time out is not offered the same call again for this long.
REOFFER_AFTER = dt.timedelta(seconds=60)
DEFAULT_OFFER_SECONDS = 15


@dataclass(frozen=True)
class Offer:
    """An offer made by a routing pass."""

    offer_id: int
    call_id: int
    agent_id: int
    expires_at: dt.datetime


@dataclass(frozen=True)
class _Queue:
    skills: frozenset[str]
    offer_seconds: int


def _queues(conn: Connection) -> dict[int, _Queue]:
    rows = conn.execute(select(CallQueue.id, CallQueue.skills, CallQueue.offer_timeout_seconds))
    return {int(r[0]): _Queue(frozenset(r[1] or ()), int(r[2] or DEFAULT_OFFER_SECONDS)) for r in rows}


def waiting_calls(conn: Connection, limit: int = SCAN_LIMIT) -> list[tuple[int, int | None]]:
    """(call id, queue id) of queued calls in the order they are served."""
    rows = conn.execute(
        select(Call.id, Call.queue_id)
        .where(Call.state == "queued")
        .order_by(Call.priority.desc(), Call.enqueued_at, Call.id)
        .limit(limit)
    )
    return [(int(r[0]), r[1]) for r in rows]


def idle_agents(conn: Connection, now: dt.datetime) -> list[tuple[int, frozenset[str]]]:
    """(agent id, skills) of available agents whose desk is alive at ``now``, longest idle first."""
    rows = conn.execute(
        select(AgentStatus.user_id, User.skills)
        .join(User, User.id == AgentStatus.user_id)
        .where(AgentStatus.state == "available", User.is_active.is_(True), agent_states.desk_alive(now))
        .order_by(AgentStatus.idle_since, AgentStatus.user_id)
    )
    return [(int(r[0]), frozenset(r[1] or ())) for r in rows]


def _recently_tried(conn: Connection, call_ids: list[int], now: dt.datetime) -> set[tuple[int, int]]:
    rows = conn.execute(
        select(CallOffer.call_id, CallOffer.agent_id).where(
            CallOffer.call_id.in_(call_ids),
            CallOffer.status.in_(("declined", "expired", "failed")),
            CallOffer.responded_at >= now - REOFFER_AFTER,
        )
    )
    return {(int(c), int(a)) for c, a in rows}


def _lock_call(conn: Connection, call_id: int) -> bool:
    stmt = select(Call.id).where(Call.id == call_id, Call.state == "queued").with_for_update(skip_locked=True)
    return conn.execute(stmt).first() is not None


def _lock_agent(conn: Connection, agent_id: int) -> bool:
    stmt = (
        select(AgentStatus.user_id)
        .where(AgentStatus.user_id == agent_id, AgentStatus.state == "available")
        .with_for_update(skip_locked=True)
    )
    return conn.execute(stmt).first() is not None


def offer(conn: Connection, call_id: int, agent_id: int, now: dt.datetime, seconds: int) -> Offer:
    """Record an offer of a (locked) call to a (locked) agent."""
    expires = now + dt.timedelta(seconds=seconds)
    call_states.set_call(conn, call_id, ("queued",), state="offered", offered_at=now, agent_id=agent_id)
    offer_id = conn.execute(
        insert(CallOffer)
        .values(call_id=call_id, agent_id=agent_id, status="pending", offered_at=now, expires_at=expires)
        .returning(CallOffer.id)
    ).scalar_one()
    agent_states.transition(conn, agent_id, "offered", now, call_id=call_id)
    return Offer(int(offer_id), call_id, agent_id, expires)


def route_once(conn: Connection, now: dt.datetime | None = None) -> list[Offer]:
    """One routing pass inside the caller's write transaction. Returns the offers made.

    Without ``now`` each offer is stamped when its call and agent are locked, so an offer never appears to
    start before the previous offer of the same call ended.
    """
    clock = (lambda: now) if now is not None else utcnow
    calls = waiting_calls(conn)
    if not calls:
        return []
    free = idle_agents(conn, clock())
    if not free:
        return []
    queues = _queues(conn)
    tried = _recently_tried(conn, [c for c, _ in calls], clock())
    taken: set[int] = set()
    made: list[Offer] = []
    for call_id, queue_id in calls:
        queue = queues.get(queue_id) if queue_id is not None else None
        needs = queue.skills if queue else frozenset()
        for agent_id, skills in free:
            if agent_id in taken or (call_id, agent_id) in tried or not needs <= skills:
                continue
            if not _lock_call(conn, call_id):
                break  # another router has this call
            if not _lock_agent(conn, agent_id):
                taken.add(agent_id)  # another router has this agent
                continue
            seconds = queue.offer_seconds if queue else DEFAULT_OFFER_SECONDS
            made.append(offer(conn, call_id, agent_id, clock(), seconds))
            taken.add(agent_id)
            break
        if len(taken) >= len(free):
            break
    return made


def route(engine: Engine, now: dt.datetime | None = None) -> list[Offer]:
    """A routing pass in its own short write transaction."""
    with write_txn(engine) as conn:
        return route_once(conn, now)
