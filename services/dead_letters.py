"""Webhook dead letters: what the gateway could not apply for a permanent reason, kept for a person to settle.

The gateway records one (:func:`record`) instead of retrying for ever; each new one is a change-feed event, so
supervisors' desks show it at once.  A supervisor lists the open ones (:func:`open_letters`) and settles each with
a note (:func:`settle`); the note and who wrote it stay with the row.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, insert, select, update

from db import feed
from db.errors import describe
from db.models import User, WebhookDeadLetter
from db.write import utcnow, write_txn

log = logging.getLogger(__name__)
FEED_ENTITY = "webhook_dead_letter"
MAX_REQUEST_CHARS = 20_000


@dataclass(frozen=True)
class DeadLetter:
    """One dead letter as a supervisor's list shows it."""

    id: int
    kind: str
    received_at: dt.datetime | None
    failed_at: dt.datetime
    source: str
    error_class: str
    error: str
    request: dict[str, Any]
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None


def _received(record: dict[str, Any]) -> dt.datetime | None:
    try:
        at = dt.datetime.fromisoformat(str(record.get("at", "")))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _bounded(record: dict[str, Any]) -> dict[str, Any]:
    """The request as stored: JSON-safe, and cut when a hostile request is huge (the error says what it was)."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    if len(text) <= MAX_REQUEST_CHARS:
        return dict(json.loads(text))
    return {"kind": record.get("kind"), "truncated": text[:MAX_REQUEST_CHARS]}


def record(engine: Engine, request: dict[str, Any], error: BaseException, *, source: str) -> int:
    """Keep ``request`` (a spool record: kind, params, at, hints) with why it failed; returns the row id.

    ``source`` is ``live`` (it failed as it arrived) or ``replay`` (it failed when the spool was replayed).
    """
    now = utcnow()
    kind = str(request.get("kind") or "unknown")[:24]
    text = describe(error)
    with write_txn(engine) as conn:
        letter_id = int(
            conn.execute(
                insert(WebhookDeadLetter)
                .values(
                    kind=kind,
                    received_at=_received(request) or now,
                    failed_at=now,
                    source=source,
                    request=_bounded(request),
                    error_class=type(error).__name__[:80],
                    error=text,
                )
                .returning(WebhookDeadLetter.id)
            ).scalar_one()
        )
        feed.append(conn, FEED_ENTITY, letter_id, "created", payload={"kind": kind})
    log.error("webhook %s set aside as dead letter %d (%s): %s", kind, letter_id, source, text)
    return letter_id


def open_count(engine: Engine, *, since: dt.datetime | None = None) -> int:
    """How many dead letters nobody has settled yet (failed after ``since``, when given)."""
    query = select(func.count()).select_from(WebhookDeadLetter).where(WebhookDeadLetter.resolved_at.is_(None))
    if since is not None:
        query = query.where(WebhookDeadLetter.failed_at >= since)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def open_letters(engine: Engine, *, limit: int = 200) -> list[DeadLetter]:
    """The unsettled dead letters, newest first."""
    table = WebhookDeadLetter.__table__
    query = (
        select(table)
        .where(WebhookDeadLetter.resolved_at.is_(None))
        .order_by(WebhookDeadLetter.failed_at.desc(), WebhookDeadLetter.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        DeadLetter(
            id=int(r["id"]),
            kind=r["kind"],
            received_at=r["received_at"],
            failed_at=r["failed_at"],
            source=r["source"],
            error_class=r["error_class"],
            error=r["error"],
            request=dict(r["request"] or {}),
        )
        for r in rows
    ]


class AlreadySettled(Exception):
    """Someone else settled this dead letter first."""


def settle(engine: Engine, letter_id: int, user_id: int, note: str) -> None:
    """Mark a dead letter as dealt with, with what was done (kept with it, and on the change feed).

    Raises:
        ValueError: an empty note.
        AlreadySettled: it was settled meanwhile (by another supervisor).
    """
    note = " ".join(note.split())
    if not note:
        raise ValueError("say what was done about it")
    with write_txn(engine) as conn:
        changed = conn.execute(
            update(WebhookDeadLetter)
            .where(WebhookDeadLetter.id == letter_id, WebhookDeadLetter.resolved_at.is_(None))
            .values(resolved_at=utcnow(), resolved_by=user_id, resolution=note[:400])
        ).rowcount
        if not changed:
            raise AlreadySettled(letter_id)
        feed.append(conn, FEED_ENTITY, letter_id, "settled", actor_id=user_id)


def settled_by(engine: Engine, letter_id: int) -> str | None:
    """The display name of whoever settled a dead letter (None while it is open)."""
    query = (
        select(User.display_name)
        .join(WebhookDeadLetter, WebhookDeadLetter.resolved_by == User.id)
        .where(WebhookDeadLetter.id == letter_id)
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar_one_or_none()
