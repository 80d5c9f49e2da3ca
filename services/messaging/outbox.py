"""Writing outbox rows: one per intended message, made unique by ``idem_key``.

A retried transaction, a double click or a campaign restarted after a crash writes the same keys again and
gets the rows that exist instead of new ones (``INSERT ... ON CONFLICT (idem_key) DO NOTHING``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from db.models import OutboxMessage

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
BATCH = 2000


@dataclass
class Outgoing:
    """One intended message.

    A desktop names the recipient's row (``to_phone_id`` / ``to_email_id``) and its stored mask and leaves
    ``to_address`` unset: it may neither read nor write the address (migration 0011); the gateway's sender
    resolves it from the row when it sends.  Only the gateway's own writers give ``to_address``.
    """

    idem_key: str
    channel: str
    purpose: str
    customer_id: int | None
    body_text: str
    to_masked: str = ""
    to_phone_id: int | None = None
    to_email_id: int | None = None
    to_address: str | None = None
    subject: str | None = None
    body_html: str | None = None
    template_id: int | None = None
    campaign_id: int | None = None
    status: str = "pending"
    not_before: dt.datetime | None = None
    sender: str | None = None
    created_by_id: int | None = None
    error_code: str | None = None
    error_message: str | None = None

    def row(self, at: dt.datetime) -> dict[str, Any]:
        values = asdict(self)
        if values["to_address"] is None:
            del values["to_address"]  # a desktop's login may not write the column at all
        values["created_at"] = at
        values["attempts"] = 0
        values["version"] = 1
        if values["error_message"]:
            values["error_message"] = values["error_message"][:400]
        return values


def _insert(conn: Connection) -> Any:
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(OUTBOX).on_conflict_do_nothing(index_elements=["idem_key"])


def enqueue_one(conn: Connection, message: Outgoing, at: dt.datetime) -> tuple[int, bool]:
    """Write one row; returns (its id, whether it is new).  An existing key returns the existing row."""
    created = conn.execute(_insert(conn).values(**message.row(at)).returning(OUTBOX.c.id)).scalar()
    if created is not None:
        return int(created), True
    existing = conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.idem_key == message.idem_key)).scalar_one()
    return int(existing), False


def enqueue_many(conn: Connection, messages: list[Outgoing], at: dt.datetime) -> int:
    """Write many rows in batches; returns how many were new."""
    stmt = _insert(conn)
    added = 0
    for start in range(0, len(messages), BATCH):
        rows = [m.row(at) for m in messages[start : start + BATCH]]
        added += int(conn.execute(stmt, rows).rowcount or 0)
    return added
