"""Outbound messages on the customer's timeline: one ``interaction`` per message, showing its state.

The entry is written when a desktop queues the message (or, for campaign and notice rows, when the sender
first touches it) and its ``disposition`` follows the delivery state: ``queued``, ``sent``, ``delivered``,
``undelivered:30003``, ``failed:21610``... States never go backwards (:data:`RANK`): a late "sent" callback
after "delivered" changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import Interaction

RANK = {
    "pending": 0,
    "held": 0,
    "paused": 0,
    "sending": 1,
    "unknown": 1,
    "queued": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "skipped": 4,
    "cancelled": 4,
}
FINAL = frozenset(s for s, r in RANK.items() if r == 4)
_INTERACTION: Table = Interaction.__table__  # type: ignore[assignment]


def advances(current: str, new: str) -> bool:
    """Whether moving from ``current`` to ``new`` is progress (never backwards, never out of a final state)."""
    if current in FINAL:
        return False
    return RANK.get(new, -1) > RANK.get(current, -1) or (current == "unknown" and new == "pending")


def disposition(status: str, error_code: str | None = None) -> str:
    return f"{status}:{error_code}"[:32] if error_code else status


def entry_values(message: Mapping[str, Any], status: str, at: dt.datetime, error_code: str | None) -> dict[str, Any]:
    subject = (message.get("subject") or message.get("body_text") or "").replace("\n", " ")
    return {
        "customer_id": message["customer_id"],
        "channel": message["channel"],
        "direction": "out",
        "occurred_at": at,
        "user_id": message.get("created_by_id"),
        "subject": subject[:120],
        "summary": message.get("body_text"),
        "disposition": disposition(status, error_code),
        "outbox_id": message["id"],
    }


def write_entry(conn: Connection, message: Any, status: str, at: dt.datetime, error_code: str | None = None) -> None:
    """Create the message's timeline entry, or move its state (in the caller's transaction).

    ``message`` needs ``id``, ``customer_id``, ``channel``, ``subject``, ``body_text``, ``created_by_id``.
    """
    if message.get("customer_id") is None:
        return
    changed = conn.execute(
        update(_INTERACTION)
        .where(_INTERACTION.c.outbox_id == message["id"])
        .values(disposition=disposition(status, error_code))
    ).rowcount
    if changed:
        return
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_INTERACTION).values(**entry_values(message, status, at, error_code))
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["outbox_id"]))
