"""A call's life in the database: queued, offered, connected, wrap-up, completed — and never backwards.

Every function runs inside the caller's write transaction and changes a call only from the states it names,
so a retried webhook, a duplicate callback or a race between two processes changes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update

from db import feed
from db.models import AgentStatus, Call, CallOffer, CallQueue, Interaction, Reminder, WrapupDraft
from db.write import aware
from services import agent_states
from services.config import DEFAULTS

WAITING = ("received", "queued", "offered")
TALKING = ("connected", "on_hold")
TERMINAL = ("completed", "abandoned", "failed")
# The wrap-up time (Settings.wrapup_seconds); past it a wrap-up is overdue, never closed for the agent.
DEFAULT_WRAPUP_SECONDS = DEFAULTS.wrapup_seconds
# IVR digit -> queue name.  No choice (or another key): the VIP line for VIPs, otherwise 'general'.
MENU_QUEUES = {"1": "general", "2": "credit_card", "3": "complaints"}
# The CallSid of a click-to-call until Twilio names the call (the row exists before Twilio answers).
PENDING_SID_PREFIX = "pending-"


@dataclass(frozen=True)
class CallRow:
    """The columns of a call that the state machine looks at."""

    id: int
    call_sid: str
    direction: str
    state: str
    agent_id: int | None
    queue_id: int | None
    customer_id: int | None
    ended_at: dt.datetime | None


_call: Table = Call.__table__  # type: ignore[assignment]
_CALL_COLUMNS = (
    _call.c.id,
    _call.c.call_sid,
    _call.c.direction,
    _call.c.state,
    _call.c.agent_id,
    _call.c.queue_id,
    _call.c.customer_id,
    _call.c.ended_at,
)
# Built once: these run for every webhook.
_LOAD = {
    ("id", False): select(*_CALL_COLUMNS).where(_call.c.id == bindparam("key")),
    ("sid", False): select(*_CALL_COLUMNS).where(_call.c.call_sid == bindparam("key")),
    ("id", True): select(*_CALL_COLUMNS).where(_call.c.id == bindparam("key")).with_for_update(),
    ("sid", True): select(*_CALL_COLUMNS).where(_call.c.call_sid == bindparam("key")).with_for_update(),
}
_SET_CALL: dict[tuple[tuple[str, ...], tuple[str, ...]], Any] = {}


def load(
    conn: Connection, *, call_id: int | None = None, call_sid: str | None = None, lock: bool = False
) -> CallRow | None:
    """One call by id or CallSid, locked FOR UPDATE on PostgreSQL when ``lock``."""
    by_id = call_id is not None
    row = conn.execute(_LOAD[("id" if by_id else "sid", lock)], {"key": call_id if by_id else call_sid}).first()
    if row is None:
        return None
    return CallRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], aware(row[7]))


def set_call(conn: Connection, call_id: int, from_states: tuple[str, ...], **values: object) -> bool:
    """Change a call only if it is in one of ``from_states``; True when it changed."""
    names = tuple(sorted(values))
    stmt = _SET_CALL.get((from_states, names))
    if stmt is None:
        stmt = (
            update(_call)
            .where(_call.c.id == bindparam("_id"), _call.c.state.in_(from_states))
            .values({**{name: bindparam(f"v_{name}") for name in names}, "version": _call.c.version + 1})
        )
        _SET_CALL[(from_states, names)] = stmt
    params: dict[str, object] = {f"v_{k}": v for k, v in values.items()}
    params["_id"] = call_id
    changed = bool(conn.execute(stmt, params).rowcount)
    if changed:
        # The agent a call is offered to is named, so that desktop (and only it) looks at once.
        payload = {"agent_id": values["agent_id"]} if "agent_id" in values else None
        feed.append(conn, "call", call_id, str(values.get("state", "update")), payload=payload)
    return changed


def wrapup_limit(conn: Connection, queue_id: int | None) -> int:
    """Seconds of wrap-up before it counts as overdue: the configured wrap-up time, or the call's queue's own
    limit where that allows more."""
    if queue_id is None:
        return DEFAULT_WRAPUP_SECONDS
    found = conn.execute(select(CallQueue.wrapup_limit_seconds).where(CallQueue.id == queue_id)).scalar()
    return max(int(found or 0), DEFAULT_WRAPUP_SECONDS)


def close_offers(
    conn: Connection, call_id: int, status: str, at: dt.datetime, *, message: str | None = None
) -> list[int]:
    """End the call's open offers with ``status``; offered agents go back to available. Returns their ids."""
    open_offers = conn.execute(
        select(CallOffer.id, CallOffer.agent_id).where(
            CallOffer.call_id == call_id, CallOffer.status.in_(("pending", "accepting"))
        )
    ).all()
    released = []
    for offer_id, agent_id in open_offers:
        conn.execute(
            update(CallOffer).where(CallOffer.id == offer_id).values(status=status, responded_at=at, message=message)
        )
        now = agent_states.current(conn, agent_id, lock=True)
        if now is not None and now.state == "offered" and now.call_id == call_id:
            agent_states.transition(conn, agent_id, "available", at)
        released.append(int(agent_id))
    return released


def end_call(conn: Connection, call: CallRow, at: dt.datetime) -> bool:
    """The call is over on Twilio's side (caller hung up, or it failed). Returns True if anything changed."""
    if call.ended_at is not None:
        return False
    if call.state in TALKING and call.agent_id is not None:
        start_wrapup(conn, call, at)
        return True
    if call.state in WAITING:
        if call.state == "offered":
            close_offers(conn, call.id, "cancelled", at, message="caller hung up")
        if call.direction != "inbound" and call.agent_id is not None:
            # An outbound attempt that never connected: the agent notes the outcome in wrap-up.
            start_wrapup(conn, call, at)
            return True
        final = "abandoned" if call.direction == "inbound" else "failed"
        return set_call(conn, call.id, WAITING, state=final, ended_at=at)
    ended = bool(
        conn.execute(
            update(Call)
            .where(Call.id == call.id, Call.ended_at.is_(None))
            .values(ended_at=at, version=Call.version + 1)
        ).rowcount
    )
    if ended:
        feed.append(conn, "call", call.id, "ended")
    return ended


def start_wrapup(conn: Connection, call: CallRow, at: dt.datetime) -> None:
    """Talking is over: the call and its agent go to wrap-up, with the queue's time limit."""
    changed = set_call(conn, call.id, (*WAITING, *TALKING), state="wrap_up", wrapup_at=at, ended_at=at)
    if not changed or call.agent_id is None:
        return
    now = agent_states.current(conn, call.agent_id, lock=True)
    if now is not None and now.call_id == call.id and now.state in ("on_call", "offered"):
        deadline = at + dt.timedelta(seconds=wrapup_limit(conn, call.queue_id))
        agent_states.transition(conn, call.agent_id, "wrap_up", at, call_id=call.id, wrapup_deadline=deadline)


def finish_wrapup(
    conn: Connection,
    call: CallRow,
    agent_id: int,
    at: dt.datetime,
    *,
    disposition: str | None,
    notes: str | None,
    follow_up_at: dt.datetime | None = None,
    follow_up_note: str | None = None,
    automatic: bool = False,
) -> int | None:
    """Write the interaction (and follow-up reminder), complete the call, free the agent.

    Returns:
        The new interaction's id, or None when the wrap-up was already finished (nothing written twice).
    """
    if not set_call(
        conn,
        call.id,
        ("wrap_up",),
        state="completed",
        wrapup_ended_at=at,
        disposition=disposition,
        notes=notes,
    ):
        return None
    channel = "call_in" if call.direction == "inbound" else "call_out"
    subject = ("来电" if call.direction == "inbound" else "外呼") + ("（整理超时自动结束）" if automatic else "")
    interaction_id = conn.execute(
        insert(Interaction)
        .values(
            customer_id=call.customer_id,
            channel=channel,
            direction="in" if call.direction == "inbound" else "out",
            occurred_at=at,
            user_id=agent_id,
            subject=subject,
            summary=notes,
            disposition=disposition,
            call_id=call.id,
        )
        .returning(Interaction.id)
    ).scalar_one()
    if follow_up_at is not None:
        conn.execute(
            insert(Reminder).values(
                customer_id=call.customer_id,
                kind="follow_up",
                title=(follow_up_note or "回访客户")[:120],
                body=notes,
                due_at=follow_up_at,
                created_by_id=agent_id,
                assigned_to_id=agent_id,
            )
        )
    conn.execute(delete(WrapupDraft).where(WrapupDraft.call_id == call.id))
    now = agent_states.current(conn, agent_id, lock=True)
    if now is not None and now.state == "wrap_up" and now.call_id == call.id:
        agent_states.transition(conn, agent_id, "available", at)
    return int(interaction_id)


def requeue(conn: Connection, call_id: int, at: dt.datetime) -> bool:
    """An offer fell through: the call waits again, keeping its place (enqueued_at is unchanged)."""
    return set_call(conn, call_id, ("offered",), state="queued", agent_id=None, offered_at=None)


def agent_ids_in(conn: Connection, state: str) -> list[int]:
    """Agents currently in ``state``."""
    return list(conn.execute(select(AgentStatus.user_id).where(AgentStatus.state == state)).scalars())
