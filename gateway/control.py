"""Call control: the operations the call bar needs, carried out through Twilio's REST API.

:class:`TwilioCallControl` calls Twilio directly (through :class:`~.twilio_rest.TwilioRest`).  The gateway
uses it, and so can a process that legitimately holds the Twilio secret (the in-process demo).
:func:`run_commands` carries out what desktops queued through :class:`services.call_control.QueuedCallControl`.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, select, update

from db.models import CallCommand
from db.write import utcnow, write_txn
from services.call_control import CallControl, CallControlError

from .twilio_rest import TwilioRest
from .twiml import TwimlBuilder

log = logging.getLogger(__name__)


class TwilioCallControl:
    """:class:`CallControl` straight through the twilio library."""

    def __init__(self, rest: TwilioRest, public_url: str, caller_id: str) -> None:
        self.rest = rest
        self.twiml = TwimlBuilder(public_url)
        self.caller_id = caller_id

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

    def dial_out(self, call_id: int, agent_endpoint: str, customer_e164: str) -> str:
        return self.rest.create_call(
            to=agent_endpoint,
            from_=self.caller_id,
            url=self.twiml.url("/twilio/voice/outbound", to=customer_e164, call=call_id),
            status_callback=self.twiml.url("/twilio/voice/status", call=call_id),
        )


# Command kinds and the CallControl method (and argument names) each one runs.
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "connect": ("connect_agent", ("call_sid", "queue_name", "endpoint")),
    "hold": ("hold", ("call_sid",)),
    "resume": ("resume", ("call_sid", "endpoint")),
    "to_queue": ("to_queue", ("call_sid", "queue_name")),
    "to_agent": ("to_agent", ("call_sid", "endpoint")),
    "hangup": ("hangup", ("call_sid",)),
    "dial_out": ("dial_out", ("call_id", "agent_endpoint", "customer_e164")),
}


def run_commands(engine: Engine, control: CallControl, limit: int = 20) -> int:
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
