"""What each voice webhook writes, as functions of (connection, parameters, time) — used live and on replay.

Each function is idempotent: applying the same event twice, or an older event after a newer one, changes
nothing the second time (CallSid is unique; state changes name the states they start from).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from db import feed
from db.models import Call, CallQueue
from db.pii import mask_phone
from db.write import insert_ignore_returning
from services import call_states
from services.call_states import MENU_QUEUES, PENDING_SID_PREFIX
from services.callerid import classify, match_caller

from . import validation
from .errors import BadWebhook
from .incoming_pg import record_incoming
from .signature import Params

TERMINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})
KNOWN_STATUSES = TERMINAL_STATUSES | {"queued", "initiated", "ringing", "in-progress"}
VIP_LINE_LEVEL = 3  # callers of this VIP level and above who choose nothing go to the VIP line
DEFAULT_QUEUE = "general"
SID_PREFIX_CALL = "CA"


def require_call_sid(params: Params) -> str:
    """The CallSid of a voice webhook, checked for its documented shape (``CA`` and 32 hex digits)."""
    return validation.require(params, "CallSid", validation.CALL_SID)


def validate_incoming(params: Params) -> None:
    """An incoming-call webhook must name the call and the number called (From may be withheld/empty)."""
    require_call_sid(params)
    if "From" not in params:
        raise BadWebhook("From or To missing")
    validation.address(params, "From")
    validation.address(params, "To", required=True)


def validate_menu(params: Params) -> str:
    """An IVR answer: the call and the keys pressed (none, digits, ``*`` or ``#``). Returns the keys."""
    require_call_sid(params)
    return validation.optional(params, "Digits", validation.DIGITS)


def validate_status(params: Params, query: str = "") -> str:
    """A status callback must name the call and a known status; ``?call=`` is our call id. Returns the hint."""
    require_call_sid(params)
    if params.first("CallStatus") not in KNOWN_STATUSES:
        raise BadWebhook("CallStatus missing or unknown")
    hint = validation.query_value(query, "call")
    validation.database_id(hint, "call id")
    return hint


def valid_hint(hint: str) -> int | None:
    """Our call id from a status callback's ``?call=`` (spooled records included): None unless well-formed."""
    try:
        return validation.database_id(hint, "call id")
    except BadWebhook:
        return None


def menu_queue(digits: str, priority: int) -> str:
    """The queue an IVR choice leads to (no choice: the VIP line for VIPs, else general)."""
    return MENU_QUEUES.get(digits) or ("vip" if priority >= VIP_LINE_LEVEL else DEFAULT_QUEUE)


def apply_incoming(conn: Connection, params: Params, at: dt.datetime, region: str = "CN") -> None:
    """Record a new inbound call with its caller identification (nothing if the CallSid is known)."""
    if conn.dialect.name == "postgresql":  # one statement: the busiest write of all (see incoming_pg)
        record_incoming(conn, classify(params.first("From"), region), params.first("CallSid"), params.first("To"), at)
    else:
        apply_incoming_portable(conn, params, at, region)


def apply_incoming_portable(conn: Connection, params: Params, at: dt.datetime, region: str = "CN") -> None:
    """:func:`apply_incoming` statement by statement, on any database (PostgreSQL has it in one)."""
    match = match_caller(conn, params.first("From"), region)
    to = params.first("To")[:24] or None
    call_id = insert_ignore_returning(
        conn,
        Call.__table__,  # type: ignore[arg-type]
        {
            "call_sid": params.first("CallSid"),
            "direction": "inbound",
            # The numbers, and beside them what desktops read instead (db.pii): the mask and the caller's key.
            "from_e164": match.number.e164,
            "from_masked": match.number.masked,
            "from_key": match.number.key,
            "to_e164": to,
            "to_masked": mask_phone(to) or None,
            "customer_id": match.customer_id,
            "match_result": match.result,
            "priority": match.vip_level,
            "state": "received",
            "received_at": at,
            "version": 1,
        },
        ["call_sid"],
    )
    if call_id is not None:  # supervisors' live queues see the new call
        feed.append(conn, "call", call_id, "received", payload={"customer_id": match.customer_id})


_call_for_menu = (
    select(Call.id, Call.state, Call.priority, CallQueue.name)
    .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
    .where(Call.call_sid == bindparam("sid"))
)


def _queue(conn: Connection, name: str) -> tuple[int, str, bool] | None:
    row = conn.execute(
        select(CallQueue.id, CallQueue.name, CallQueue.vip_priority).where(CallQueue.name == name)
    ).first()
    if row is None:
        row = conn.execute(
            select(CallQueue.id, CallQueue.name, CallQueue.vip_priority).order_by(CallQueue.id).limit(1)
        ).first()
    return (int(row[0]), str(row[1]), bool(row[2])) if row is not None else None


def apply_menu(conn: Connection, params: Params, at: dt.datetime) -> str:
    """The caller chose (or did not choose) in the IVR: queue the call. Returns the queue's name."""
    digits = params.first("Digits")[:32]
    row = conn.execute(_call_for_menu, {"sid": params.first("CallSid")}).first()
    if row is None:
        return menu_queue(digits, 0)
    call_id, state, priority, current_queue = row
    if state != "received":
        return str(current_queue or menu_queue(digits, priority))
    queue = _queue(conn, menu_queue(digits, priority))
    if queue is None:
        return DEFAULT_QUEUE
    queue_id, name, vip_priority = queue
    call_states.set_call(
        conn,
        call_id,
        ("received",),
        state="queued",
        queue_id=queue_id,
        ivr_choice=digits or None,
        enqueued_at=at,
        priority=priority if vip_priority else 0,
    )
    return name


def status_changes_nothing(params: Params) -> bool:
    """True for callbacks that cannot change anything (an inbound call ringing or answered by our own TwiML):
    answered without touching the database."""
    return params.first("CallStatus") not in TERMINAL_STATUSES and params.first("Direction") == "inbound"


def apply_status(conn: Connection, params: Params, at: dt.datetime, call_hint: str = "") -> str:
    """A status callback. Returns 'updated', 'unchanged' (duplicate, late or uninteresting) or 'unknown'."""
    sid = params.first("CallSid")
    status = params.first("CallStatus")
    call = call_states.load(conn, call_sid=sid, lock=True)
    hinted = valid_hint(call_hint)
    if call is None and hinted is not None:
        # An outbound call we created: the callback may overtake the REST response that told us its CallSid.
        bound = conn.execute(
            update(Call)
            .where(Call.id == hinted, Call.call_sid.startswith(PENDING_SID_PREFIX))
            .values(call_sid=sid, version=Call.version + 1)
        ).rowcount
        if bound:
            call = call_states.load(conn, call_sid=sid, lock=True)
    if call is None:
        return "unknown"
    if status in TERMINAL_STATUSES:
        return "updated" if call_states.end_call(conn, call, at) else "unchanged"
    if status == "in-progress" and call.direction == "outbound" and call.state == "received":
        changed = call_states.set_call(conn, call.id, ("received",), state="connected", answered_at=at)
        return "updated" if changed else "unchanged"
    return "unchanged"


def event(kind: str, params: Params, at: dt.datetime, **extra: str) -> dict[str, Any]:
    """A webhook as a spoolable record."""
    return {"kind": kind, "params": dict(params), "at": at.isoformat(), **extra}
