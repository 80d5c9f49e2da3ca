"""Drafts of what a handler writes on an existing ticket (a note, a decision), kept as they type.

The drafts live in ``ticket_draft`` beside the intake drafts, told apart by ``kind`` (:data:`NOTE_KINDS`)
and tied to their ticket by ``ticket_id`` while still ``open``; :func:`.intake.open_drafts` lists intake
drafts only.  One open draft per user, ticket and kind: :func:`save_note_draft` creates or replaces it.

Posting what a draft holds and closing the draft are one transaction (:func:`post_note`,
:func:`resolve`), so after a crash either the note is on the ticket and the draft is closed, or the draft
is still there with every word typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select, update

from . import records, resolution, workflow
from .calendar import as_utc
from .context import TicketEnv
from .errors import InvalidInput, NotAllowed
from .intake import DRAFT
from .rights import Actor

NOTE_KINDS = ("note", "decision")
MAX_NOTE = 20_000


@dataclass(frozen=True)
class NoteDraft:
    """An unfinished note or decision of one user on one ticket."""

    id: int
    ticket_id: int
    kind: str
    payload: dict[str, Any]
    updated_at: dt.datetime


def _check_kind(kind: str) -> None:
    if kind not in NOTE_KINDS:
        raise InvalidInput("草稿类型无效。", f"Unknown draft kind {kind!r}.")


def _open(conn: Connection, user_id: int | None, ticket_id: int, kind: str) -> Any:
    d = DRAFT.c
    return conn.execute(
        select(d.id, d.payload, d.updated_at)
        .where(d.created_by_id == user_id, d.status == "open", d.kind == kind, d.ticket_id == ticket_id)
        .order_by(d.updated_at.desc(), d.id.desc())
        .limit(1)
    ).first()


def load_note_draft(conn: Connection, actor: Actor, ticket_id: int, kind: str) -> NoteDraft | None:
    """The actor's open draft of ``kind`` on the ticket, if any."""
    _check_kind(kind)
    row = _open(conn, actor.user_id, ticket_id, kind)
    if row is None:
        return None
    updated = as_utc(row.updated_at)
    assert updated is not None  # a NOT NULL column
    return NoteDraft(int(row.id), ticket_id, kind, dict(row.payload or {}), updated)


def save_note_draft(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    kind: str,
    payload: dict[str, Any],
    draft_id: int | None = None,
) -> int:
    """Create or replace the actor's draft of ``kind`` on the ticket; returns its id.

    Raises:
        NotAllowed: ``draft_id`` was posted or discarded meanwhile (on another desktop), or is not the actor's.
    """
    _check_kind(kind)
    row = records.load(conn, ticket_id)
    now = env.now()
    if draft_id is None:
        existing = _open(conn, actor.user_id, ticket_id, kind)
        draft_id = int(existing.id) if existing is not None else None
    if draft_id is None:
        return int(
            conn.execute(
                insert(DRAFT)
                .values(
                    kind=kind,
                    intake_channel="",
                    customer_id=row.customer_id,
                    call_id=None,
                    payload=payload,
                    status="open",
                    ticket_id=ticket_id,
                    created_by_id=actor.user_id,
                    created_at=now,
                    updated_at=now,
                )
                .returning(DRAFT.c.id)
            ).scalar_one()
        )
    d = DRAFT.c
    result = conn.execute(
        update(DRAFT)
        .where(d.id == draft_id, d.status == "open", d.created_by_id == actor.user_id, d.kind == kind)
        .values(payload=payload, updated_at=now)
    )
    if result.rowcount != 1:
        raise NotAllowed("草稿已提交或不属于您。", "The draft was already posted, or it is not yours.")
    return draft_id


def _close(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, kind: str) -> None:
    """Mark the actor's open drafts of ``kind`` on the ticket submitted (a save queued just before counts)."""
    d = DRAFT.c
    conn.execute(
        update(DRAFT)
        .where(d.created_by_id == actor.user_id, d.status == "open", d.kind == kind, d.ticket_id == ticket_id)
        .values(status="submitted", updated_at=env.now())
    )


def discard_note_draft(conn: Connection, env: TicketEnv, actor: Actor, draft_id: int) -> None:
    """Drop the actor's draft (nothing happens if it is already closed)."""
    d = DRAFT.c
    conn.execute(
        update(DRAFT)
        .where(d.id == draft_id, d.status == "open", d.created_by_id == actor.user_id, d.kind.in_(NOTE_KINDS))
        .values(status="discarded", updated_at=env.now())
    )


def post_note(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    body: str,
    *,
    customer_contact: bool = False,
) -> int:
    """Add the comment (:func:`.workflow.comment`) and close the actor's note draft on the ticket, together.

    Whichever note draft the actor has open on the ticket is closed, so that a draft save queued just before
    the post cannot linger.  Returns the event id.
    """
    if len(body) > MAX_NOTE:
        raise InvalidInput("备注过长。", f"A note is limited to {MAX_NOTE} characters.")
    event_id = workflow.comment(conn, env, actor, ticket_id, body, customer_contact=customer_contact)
    _close(conn, env, actor, ticket_id, "note")
    return event_id


def resolve(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    version: int,
    *,
    decision: str,
    outcome: str,
    compensation: Decimal | str | None = None,
) -> int:
    """Record the decision (:func:`.resolution.decide`, notice included) and close the actor's decision draft on
    the ticket, together; returns the new version."""
    new_version = resolution.decide(
        conn, env, actor, ticket_id, version, decision=decision, outcome=outcome, compensation=compensation
    )
    _close(conn, env, actor, ticket_id, "decision")
    return new_version
