"""Call control: the operations the call bar needs, carried out through Twilio's REST API.

Two implementations of :class:`CallControl`:

* :class:`TwilioCallControl` calls Twilio directly (through :class:`~.twilio_rest.TwilioRest`).  The gateway
  uses it, and so can a process that legitimately holds the Twilio secret (the in-process demo).
* :class:`QueuedCallControl` is what a desktop uses: it writes a ``call_command`` row and waits for a gateway
  to carry it out (:func:`run_commands`), so the Twilio secret never leaves the gateway (DESIGN.md).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol

from sqlalchemy import Engine, insert, select, update

from contactdesk.db.models import CallCommand

from .store import utcnow, write_txn
from .twilio_rest import CallControlError, TwilioRest
from .twiml import TwimlBuilder

log = logging.getLogger(__name__)
COMMAND_WAIT_SECONDS = 20.0
COMMAND_POLL_SECONDS = 0.05
GATEWAY_SILENT = "网关无响应，请稍后重试。 / The gateway did not answer; try again."


class CallControl(Protocol):
    """What the agent-facing service asks of the phone system. Every method raises CallControlError."""

    def connect_agent(self, call_sid: str, queue_name: str, endpoint: str) -> None:
        """Dequeue a waiting caller and dial the agent's ``endpoint`` (``client:<id>`` or a number)."""

    def hold(self, call_sid: str) -> None:
        """Put the caller on hold."""

    def resume(self, call_sid: str, endpoint: str) -> None:
        """Take the caller off hold, back to the agent."""

    def to_queue(self, call_sid: str, queue_name: str) -> None:
        """Transfer the caller to a queue."""

    def to_agent(self, call_sid: str, endpoint: str) -> None:
        """Transfer the caller to another agent's endpoint."""

    def hangup(self, call_sid: str) -> None:
        """End the call."""

    def dial_out(self, call_id: int, agent_endpoint: str, customer_e164: str) -> str:
        """Click-to-call: ring the agent first, then the customer. Returns the new CallSid."""


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


class QueuedCallControl:
    """:class:`CallControl` by way of the ``call_command`` table and a gateway (no Twilio secret needed)."""

    def __init__(self, engine: Engine, *, wait_seconds: float = COMMAND_WAIT_SECONDS) -> None:
        self.engine = engine
        self.wait_seconds = wait_seconds

    def _run(self, kind: str, **args: Any) -> Any:
        with write_txn(self.engine) as conn:
            command_id = conn.execute(
                insert(CallCommand)
                .values(kind=kind, args=args, status="pending", created_at=utcnow(), call_id=args.get("call_id"))
                .returning(CallCommand.id)
            ).scalar_one()
        deadline = time.monotonic() + self.wait_seconds
        query = select(CallCommand.status, CallCommand.result, CallCommand.error_code, CallCommand.message).where(
            CallCommand.id == command_id
        )
        while time.monotonic() < deadline:
            with self.engine.connect() as conn:
                status, result, code, message = conn.execute(query).one()
            if status == "done":
                return (result or {}).get("value")
            if status == "failed":
                raise CallControlError(message or GATEWAY_SILENT, code=int(code) if code and code.isdigit() else None)
            time.sleep(COMMAND_POLL_SECONDS)
        with write_txn(self.engine) as conn:  # never let it run after we gave up on it
            conn.execute(
                update(CallCommand)
                .where(CallCommand.id == command_id, CallCommand.status == "pending")
                .values(status="failed", message="timed out", finished_at=utcnow())
            )
        raise CallControlError(GATEWAY_SILENT)

    def connect_agent(self, call_sid: str, queue_name: str, endpoint: str) -> None:
        self._run("connect", call_sid=call_sid, queue_name=queue_name, endpoint=endpoint)

    def hold(self, call_sid: str) -> None:
        self._run("hold", call_sid=call_sid)

    def resume(self, call_sid: str, endpoint: str) -> None:
        self._run("resume", call_sid=call_sid, endpoint=endpoint)

    def to_queue(self, call_sid: str, queue_name: str) -> None:
        self._run("to_queue", call_sid=call_sid, queue_name=queue_name)

    def to_agent(self, call_sid: str, endpoint: str) -> None:
        self._run("to_agent", call_sid=call_sid, endpoint=endpoint)

    def hangup(self, call_sid: str) -> None:
        self._run("hangup", call_sid=call_sid)

    def dial_out(self, call_id: int, agent_endpoint: str, customer_e164: str) -> str:
        return str(self._run("dial_out", call_id=call_id, agent_endpoint=agent_endpoint, customer_e164=customer_e164))


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
