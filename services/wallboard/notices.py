"""Messages on a person's desk (``agent_notice``): what their desk shows, and marking one read.

A supervisor writes them (:meth:`.interventions.Interventions.notify_agent`); each is announced by a change-feed
row on the addressee's topic (:func:`topic`), so their desk (directly or through a gateway's event stream)
reads its unread notices at once.  Any signed-in role may receive one.  On PostgreSQL row security lets a
person read only their own notices and set nothing but ``read_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from db.models import AgentNotice, User
from db.write import aware, utcnow, write_txn

NOTICE_ENTITY = "agent_notice"
NOTICE_MAX = 200
UNREAD_LIMIT = 20


@dataclass(frozen=True)
class Notice:
    """One unread message."""

    id: int
    text: str
    sender: str
    created_at: dt.datetime


def topic(user_id: int) -> str:
    """The change topic a person's desk listens to for messages (``agent_notice:42``)."""
    return f"{NOTICE_ENTITY}:{user_id}"


def unread(engine: Engine, user_id: int, limit: int = UNREAD_LIMIT) -> list[Notice]:
    """The person's unread notices, oldest first (a desk shows them in the order they were sent)."""
    query = (
        select(AgentNotice.id, AgentNotice.text, User.display_name, User.username, AgentNotice.created_at)
        .outerjoin(User, User.id == AgentNotice.from_user_id)
        .where(AgentNotice.to_user_id == user_id, AgentNotice.read_at.is_(None))
        .order_by(AgentNotice.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [Notice(int(r[0]), r[1], r[2] or r[3] or "", aware(r[4]) or utcnow()) for r in rows]


def mark_read(engine: Engine, user_id: int, notice_id: int, *, clock: Callable[[], dt.datetime] = utcnow) -> bool:
    """The addressee dismissed a notice; True when it was unread (a second dismissal changes nothing)."""
    with write_txn(engine) as conn:
        changed = conn.execute(
            update(AgentNotice)
            .where(AgentNotice.id == notice_id, AgentNotice.to_user_id == user_id, AgentNotice.read_at.is_(None))
            .values(read_at=clock())
        ).rowcount
    return bool(changed)
