"""The calls waiting in a queue, for the wallboard's "Waiting calls" table and its interventions.

The pushed snapshot (:class:`.types.WallboardSnapshot`) carries per-queue figures only, so that every board gets
it for the price of one computation; the list of waiting calls is asked for only by a supervisor who selects a
queue to act on one of its calls, straight from the database (an index range on ``ix_call_state_queue``).
The order is the order routing serves them in (:func:`gateway.routing.waiting_calls`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from db.models import Call, CallQueue
from db.write import aware

WAITING_STATES = ("queued", "offered")
LIMIT = 200


@dataclass(frozen=True)
class WaitingCall:
    """One caller waiting (or ringing at an agent's desk)."""

    call_id: int
    queue_id: int | None
    state: str
    priority: int
    waiting_since: dt.datetime | None


@dataclass(frozen=True)
class QueueChoice:
    """A queue a call can be moved to."""

    queue_id: int
    name: str
    label_zh: str
    label_en: str


def waiting_calls(engine: Engine, queue_id: int | None = None, limit: int = LIMIT) -> list[WaitingCall]:
    """Calls queued or offered (in ``queue_id`` when given), highest priority and longest waiting first."""
    query = select(Call.id, Call.queue_id, Call.state, Call.priority, Call.enqueued_at, Call.received_at).where(
        Call.state.in_(WAITING_STATES)
    )
    if queue_id is not None:
        query = query.where(Call.queue_id == queue_id)
    query = query.order_by(Call.priority.desc(), Call.enqueued_at, Call.id).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [WaitingCall(int(r[0]), r[1], r[2], int(r[3] or 0), aware(r[4]) or aware(r[5])) for r in rows]


def queue_choices(engine: Engine) -> list[QueueChoice]:
    """Every queue, by name."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(CallQueue.id, CallQueue.name, CallQueue.label_zh, CallQueue.label_en).order_by(CallQueue.name)
        ).all()
    return [QueueChoice(int(r[0]), r[1], r[2] or r[1], r[3] or r[1]) for r in rows]
