"""Call control as the desktop asks for it: the operations the call bar needs, and how a desktop gets them done.

:class:`CallControl` is what the call service asks of the phone system.  A desktop uses
:class:`QueuedCallControl`: it writes a ``call_command`` row and waits for a gateway to carry it out
(``gateway.control.run_commands``), so the Twilio secret never leaves the gateway (DESIGN.md).  The gateway
itself, and the in-process demo, use ``gateway.control.TwilioCallControl``.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from sqlalchemy import Engine, insert, select, update

from db.models import CallCommand
from db.write import utcnow, write_txn

COMMAND_WAIT_SECONDS = 20.0
COMMAND_POLL_SECONDS = 0.05
GATEWAY_SILENT = "网关无响应，请稍后重试。 / The gateway did not answer; try again."


class CallControlError(Exception):
    """A call-control request that Twilio refused or that could not reach Twilio."""

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.detail = detail

    @property
    def user_message(self) -> str:
        """What to show the agent."""
        return str(self)


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

    def dial_out(self, call_id: int, agent_endpoint: str, phone_id: int) -> str:
        """Click-to-call: ring the agent first, then the customer's phone ``phone_id`` (a ``customer_phone`` row
        of the call's customer: the gateway looks the number up, a desktop cannot read it). Returns the CallSid."""


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

    def dial_out(self, call_id: int, agent_endpoint: str, phone_id: int) -> str:
        return str(self._run("dial_out", call_id=call_id, agent_endpoint=agent_endpoint, phone_id=phone_id))
