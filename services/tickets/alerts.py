"""Alerts to people about complaints: a warning point passed, a deadline missed, a ticket escalated to them.

An alert is one change-feed row addressed to one user (entity ``ticket_alert``, entity id the user's id),
written in the transaction that made the event it announces, so it exists exactly when the event does and
reaches every desktop through the change feed the desktops already follow (directly, or through a gateway's
event stream).  A desktop listens for the topic :func:`topic` of its user and reads the alerts with
:func:`recent_for` to say what happened on its status bar; the escalations inbox refreshes on the same topic.

Who is told what:

* ``warning`` / ``breach`` — the ticket's handler (its assignee), when the escalation scan marks a warning
  point or the breach;
* ``escalated`` — each person a ticket was escalated to (the team's supervisor, the complaint-management
  owner), by the scan or by hand;
* ``acknowledged`` — the addressee acknowledged an escalation (their other desktops refresh the inbox); it is
  no news and :func:`recent_for` leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select

from db import feed
from db.models import ChangeFeed

from .calendar import as_utc

ENTITY = "ticket_alert"
NEWS = ("warning", "breach", "escalated")  # the actions a person is told about
ACKNOWLEDGED = "acknowledged"
FEED: Table = ChangeFeed.__table__  # type: ignore[assignment]


def topic(user_id: int) -> str:
    """The change topic a user's desktop listens to (``ticket_alert:42``)."""
    return f"{ENTITY}:{user_id}"


def notify(
    conn: Connection,
    users: Iterable[int | None],
    kind: str,
    ticket: Any,
    *,
    due: dt.datetime | None = None,
    level: int = 0,
    of: int = 0,
    reason: str | None = None,
    escalation_ids: dict[int, int] | None = None,
) -> int:
    """Alert each distinct user of ``users`` (None skipped) in the caller's transaction; returns how many.

    ``ticket`` is a ticket row (``id``, ``number``); ``escalation_ids`` maps a user to the escalation row
    addressed to them, if any.
    """
    count = 0
    for user in dict.fromkeys(u for u in users if u is not None):
        payload: dict[str, Any] = {
            "ticket_id": int(ticket.id),
            "number": ticket.number,
            "level": level,
            "of": of,
            "reason": reason,
            "due": as_utc(due).isoformat() if due is not None else None,
        }
        if escalation_ids and user in escalation_ids:
            payload["escalation_id"] = escalation_ids[user]
        feed.append(conn, ENTITY, int(user), kind, payload=payload)
        count += 1
    return count


def acknowledged(conn: Connection, user_id: int, escalation_id: int) -> None:
    """Tell the user's other desktops that an escalation was acknowledged (the inbox refreshes)."""
    feed.append(conn, ENTITY, user_id, ACKNOWLEDGED, actor_id=user_id, payload={"escalation_id": escalation_id})


@dataclass(frozen=True)
class TicketAlert:
    """One alert as a desktop shows it."""

    id: int  # the feed row's id: a desktop remembers which it has announced
    kind: str  # warning | breach | escalated
    ticket_id: int
    number: str
    level: int
    of: int
    reason: str | None  # escalated: warning | breach | manual
    due: dt.datetime | None
    at: dt.datetime


def recent_for(conn: Connection, user_id: int, *, limit: int = 50) -> list[TicketAlert]:
    """The user's newest alerts (warnings, breaches, escalations), newest first."""
    f = FEED.c
    rows = conn.execute(
        select(f.id, f.action, f.at, f.payload)
        .where(f.entity == ENTITY, f.entity_id == str(user_id), f.action.in_(NEWS))
        .order_by(f.id.desc())
        .limit(limit)
    ).all()
    return [_alert(r) for r in rows]


def _alert(row: Any) -> TicketAlert:
    data = row.payload or {}
    due = data.get("due")
    return TicketAlert(
        id=int(row.id),
        kind=row.action,
        ticket_id=int(data.get("ticket_id") or 0),
        number=str(data.get("number") or ""),
        level=int(data.get("level") or 0),
        of=int(data.get("of") or 0),
        reason=data.get("reason"),
        due=as_utc(dt.datetime.fromisoformat(due)) if due else None,
        at=as_utc(row.at),
    )
