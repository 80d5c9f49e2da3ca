"""Call control: the operations the call bar needs, carried out through Twilio's REST API.

:class:`TwilioCallControl` calls Twilio directly (through :class:`~.twilio_rest.TwilioRest`).  The gateway
uses it, and so can a process that legitimately holds the Twilio secret (the in-process demo).
:func:`run_commands` carries out what desktops queued through :class:`services.call_control.QueuedCallControl`.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from db.models import Call, CallCommand, Customer, CustomerPhone
from db.pii import mask_phone
from db.write import utcnow, write_txn
from services.call_control import CallControlError

from .twilio_rest import TwilioRest
from .twiml import TwimlBuilder

log = logging.getLogger(__name__)


NOT_THE_CUSTOMERS = "该号码不属于此客户。 / That number is not this customer's."
DO_NOT_CALL = "客户已登记拒绝来电。 / The customer asked not to be called."


def customer_number(conn: Connection, call_id: int, phone_id: int) -> str:
    """The number a click-to-call dials: phone row ``phone_id``, which must belong to the call's customer.

    Desktops name the row (they cannot read the number); the gateway reads it here and writes it on the call
    with its mask (in the caller's transaction).  The desk's checks are made again: a command row is data any
    desk can write.

    Raises:
        CallControlError: no such outbound call or phone row, the row is another customer's, or the customer
            asked not to be called.
    """
    row = conn.execute(
        select(CustomerPhone.e164, Customer.alert_flags)
        .join(Call, Call.customer_id == CustomerPhone.customer_id)
        .join(Customer, Customer.id == CustomerPhone.customer_id)
        .where(CustomerPhone.id == phone_id, Call.id == call_id, Call.direction == "outbound")
    ).first()
    if row is None:
        raise CallControlError(NOT_THE_CUSTOMERS)
    if "do_not_call" in (row[1] or []):
        raise CallControlError(DO_NOT_CALL)
    number = str(row[0])
    conn.execute(
        update(Call)
        .where(Call.id == call_id)
        .values(to_e164=number, to_masked=mask_phone(number), version=Call.version + 1)
    )
    return number


class TwilioCallControl:
    """:class:`CallControl` straight through the twilio library.

    ``engine`` is where :meth:`dial_out` looks up the customer's number when this control is used directly
    (the in-process demo); queued commands are looked up by :func:`run_commands`, which has its own.
    """

    def __init__(self, rest: TwilioRest, public_url: str, caller_id: str, *, engine: Engine | None = None) -> None:
        self.rest = rest
        self.twiml = TwimlBuilder(public_url)
        self.caller_id = caller_id
        self.engine = engine

    def connect_agent(self, call_sid: str, queue_name: str, endpoint: str) -> None:
        self.rest.dequeue(queue_name, call_sid, self.twiml.url("/twilio/voice/connect", to=endpoint))

    def hold(self, call_sid: str) -> None:
        self.rest.redirect(call_sid, self.twiml.url("/twilio/voice/hold"))

    def resume(self, call_sid: str, endpoint: str) -> None:
        self.rest.redirect(call_sid, self.twiml.url("/twilio/voice/connect", to=endpoint))

    def to_queue(self, call_sid: str, queue_name: str) -> None:
        self.rest.redirect(call_sid, self.twiml.url("/twilio/voice/requeue", queue=queue_name))

    def to_agent(self, call_sid: str, endpoint: str) -> None:
        self.rest.redirect(call_sid, self.twiml.url("/twilio/voice/connect", to=endpoint))

    def hangup(self, call_sid: str) -> None:
        self.rest.hangup(call_sid)

    def dial_out(self, call_id: int, agent_endpoint: str, phone_id: int) -> str:
        if self.engine is None:
            raise CallControlError("无法查询客户号码。 / The customer's number cannot be looked up here.")
        with write_txn(self.engine) as conn:
            number = customer_number(conn, call_id, phone_id)
        return self.dial_number(call_id, agent_endpoint, number)

    def dial_number(self, call_id: int, agent_endpoint: str, customer_e164: str) -> str:
        """Ring ``agent_endpoint``, then (the outbound TwiML) dial ``customer_e164``. Returns the CallSid."""
        return self.rest.create_call(
            to=agent_endpoint,
            from_=self.caller_id,
            url=self.twiml.url("/twilio/voice/outbound", to=customer_e164, call=call_id),
            status_callback=self.twiml.url("/twilio/voice/status", call=call_id),
        )


# Command kinds and the CallControl method (and argument names) each one runs; "dial_out" is :func:`_dial_out`.
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "connect": ("connect_agent", ("call_sid", "queue_name", "endpoint")),
    "hold": ("hold", ("call_sid",)),
    "resume": ("resume", ("call_sid", "endpoint")),
    "to_queue": ("to_queue", ("call_sid", "queue_name")),
    "to_agent": ("to_agent", ("call_sid", "endpoint")),
    "hangup": ("hangup", ("call_sid",)),
}


def _dial_out(engine: Engine, control: TwilioCallControl, args: dict[str, Any]) -> str:
    """A queued click-to-call: the gateway looks the number up (and records it), then dials it."""
    call_id, endpoint, phone_id = int(args["call_id"]), str(args["agent_endpoint"]), int(args["phone_id"])
    with write_txn(engine) as conn:
        number = customer_number(conn, call_id, phone_id)
    return control.dial_number(call_id, endpoint, number)


def run_commands(engine: Engine, control: TwilioCallControl, limit: int = 20) -> int:
    """Gateway side: carry out pending call-control commands (each claimed by exactly one gateway)."""
    done = 0
    for _ in range(limit):
        with write_txn(engine) as conn:
            row = conn.execute(
                select(CallCommand.id, CallCommand.kind, CallCommand.args)
                .where(CallCommand.status == "pending")
                .order_by(CallCommand.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return done
            conn.execute(update(CallCommand).where(CallCommand.id == row[0]).values(status="running"))
        command_id, kind, args = row
        values: dict[str, Any] = {"finished_at": utcnow()}
        try:
            if kind == "dial_out":
                value: Any = _dial_out(engine, control, args)
            else:
                method, names = COMMANDS[kind]
                value = getattr(control, method)(*(args[n] for n in names))
            values.update(status="done", result={"value": value})
        except CallControlError as exc:
            values.update(status="failed", error_code=str(exc.code) if exc.code else None, message=str(exc)[:400])
        except (KeyError, TypeError) as exc:
            log.error("bad call command %s %s: %s", kind, args, exc)
            values.update(status="failed", message=f"bad command: {exc}"[:400])
        with write_txn(engine) as conn:
            conn.execute(update(CallCommand).where(CallCommand.id == command_id).values(**values))
        done += 1
    return done
