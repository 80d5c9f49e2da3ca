"""Playing one call the way Twilio would: fetch TwiML, follow it verb by verb, send status callbacks.

Understood verbs: Say, Play, Pause, Gather (with the caller's IVR choice), Redirect, Enqueue (with its wait
URL, until dequeued or the caller's patience runs out), Dial (Client/Number; talk, then one side hangs up),
Hangup, Reject.  A REST request (redirect, dequeue, hang up) interrupts whatever the call is doing.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .state import AccountState, Command, SimCall, rfc2822
from .webhooks import WebhookSender

log = logging.getLogger(__name__)
_E164 = re.compile(r"^\+[1-9]\d{6,15}$")
TERMINAL = ("completed", "busy", "failed", "no-answer", "canceled")


class Interrupted(Exception):
    """A REST command arrived while the call was busy."""

    def __init__(self, command: Command) -> None:
        super().__init__(command.kind)
        self.command = command


class CallEnded(Exception):
    """The call is over (a hang-up by either side, or the TwiML ran out)."""


@dataclass
class Behaviour:
    """How a caller behaves, in simulated seconds (multiplied by the runner's ``speed``)."""

    digits: str = ""
    patience: float = 60.0
    talk: float = 90.0


@dataclass
class Chaos:
    """Rates of Twilio's imperfections in status callbacks."""

    duplicate: float = 0.03
    out_of_order: float = 0.03
    # The final ('completed') callback never reaches the gateway (lost on the way, or the gateway was down and
    # Twilio gave up): the call stays open in the database until the gateway asks Twilio about it.
    lost_final: float = 0.0


class CallRunner:
    """Runs calls against the gateway; ``speed`` scales every simulated wait (0.01 = a hundred times faster)."""

    def __init__(
        self,
        state: AccountState,
        sender: WebhookSender,
        *,
        status_url: str,
        speed: float = 1.0,
        chaos: Chaos | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.state = state
        self.sender = sender
        self.status_url = status_url
        self.speed = speed
        self.chaos = chaos or Chaos()
        self.rng = rng or random.Random()
        self.outcomes: dict[str, int] = {}

    # -- waiting that REST commands can interrupt ------------------------------------------------------------------
    async def _sleep(self, call: SimCall, seconds: float) -> None:
        try:
            command = await asyncio.wait_for(call.commands.get(), max(0.0, seconds * self.speed))
        except TimeoutError:
            return
        raise Interrupted(command)

    def _params(self, call: SimCall, **extra: str) -> dict[str, str]:
        params = {
            "AccountSid": self.state.account_sid,
            "ApiVersion": "2010-04-01",
            "CallSid": call.sid,
            "CallStatus": call.status,
            "Direction": call.direction,
            "From": call.from_,
            "Caller": call.from_,
            "To": call.to,
            "Called": call.to,
        }
        params.update(extra)
        return params

    async def status_callback(self, call: SimCall, status: str, url: str | None = None) -> None:
        """Send a status callback (sometimes twice, as Twilio may)."""
        call.sequence += 1
        params = self._params(call, CallbackSource="call-progress-events", SequenceNumber=str(call.sequence))
        params.update(CallStatus=status, Timestamp=rfc2822())
        if status in TERMINAL:
            params["CallDuration"] = str(call.duration())
        await self.sender.post(url or self.status_url, params)
        if self.rng.random() < self.chaos.duplicate:
            await self.sender.post(url or self.status_url, params)

    async def _fetch(self, call: SimCall, url: str, extra: dict[str, str]) -> tuple[ET.Element, str]:
        absolute = self.sender.absolute(url)
        response = await self.sender.post(absolute, self._params(call, **extra))
        if response is None or response.status_code != 200:
            status = response.status_code if response is not None else "no answer"
            log.warning("gateway answered %s for %s; the call fails", status, absolute)
            raise CallEnded("application error")
        try:
            return ET.fromstring(response.content), absolute
        except ET.ParseError:
            log.warning("gateway sent TwiML that does not parse for %s", absolute)
            raise CallEnded("bad TwiML") from None

    # -- one call -------------------------------------------------------------------------------------------------
    async def run(self, call: SimCall, url: str, behaviour: Behaviour, *, status_url: str | None = None) -> None:
        """Play the call from ``url`` to its end, then send the final status callback."""
        self.state.calls[call.sid] = call
        status_url = status_url or self.status_url
        late_in_progress = self.rng.random() < self.chaos.out_of_order
        call.status = "ringing"
        await self.status_callback(call, "ringing", status_url)
        call.status = "in-progress"
        call.answered = time.monotonic()
        if not late_in_progress:
            await self.status_callback(call, "in-progress", status_url)
        try:
            await self._follow(call, url, behaviour)
        except CallEnded as exc:
            call.outcome = call.outcome or str(exc)
        except Exception:  # a simulator bug must not kill the traffic generator
            log.exception("simulated call %s failed", call.sid)
            call.outcome = "error"
        finally:
            self._leave_queue(call)
            call.status = "completed"
            call.ended = time.monotonic()
            self.outcomes[call.outcome or "completed"] = self.outcomes.get(call.outcome or "completed", 0) + 1
        if self.chaos.lost_final and self.rng.random() < self.chaos.lost_final:
            log.info("simulated call %s: the final status callback is lost", call.sid)
            return
        await self.status_callback(call, "completed", status_url)
        if late_in_progress:  # out of order: the 'in-progress' callback arrives after 'completed'
            await self.status_callback(call, "in-progress", status_url)

    async def _follow(self, call: SimCall, url: str, behaviour: Behaviour) -> None:
        next_url: str | None = url
        extra: dict[str, str] = {}
        for _ in range(200):  # a bound on redirects
            if next_url is None:
                call.outcome = call.outcome or "completed"
                return
            try:
                document, base = await self._fetch(call, next_url, extra)
                next_url, extra = await self._verbs(call, document, base, behaviour)
            except Interrupted as stop:
                if stop.command.kind == "hangup":
                    call.outcome = call.outcome or "completed"
                    return
                self._leave_queue(call)
                next_url, extra = stop.command.url, {}
        call.outcome = "redirect loop"

    async def _verbs(
        self, call: SimCall, document: ET.Element, base: str, behaviour: Behaviour
    ) -> tuple[str | None, dict[str, str]]:
        for verb in document:
            tag = verb.tag
            if tag == "Say":
                await self._sleep(call, min(4.0, 0.1 * len(verb.text or "")))
            elif tag == "Play":
                await self._sleep(call, 3.0)
            elif tag == "Pause":
                await self._sleep(call, float(verb.get("length", "1")))
            elif tag == "Gather":
                for child in verb:
                    if child.tag == "Say":
                        await self._sleep(call, min(4.0, 0.1 * len(child.text or "")))
                if behaviour.digits:
                    return self.sender.absolute(verb.get("action") or base, base), {"Digits": behaviour.digits}
                await self._sleep(call, float(verb.get("timeout", "5")))
            elif tag == "Redirect":
                return self.sender.absolute((verb.text or "").strip() or base, base), {}
            elif tag == "Enqueue":
                await self._enqueue(call, (verb.text or "").strip(), verb.get("waitUrl"), base, behaviour)
            elif tag == "Dial":
                result = await self._dial(call, verb, base, behaviour)
                if result is not None:
                    return result
            elif tag in ("Hangup", "Reject"):
                call.outcome = call.outcome or "completed"
                raise CallEnded("hangup")
        return None, {}

    # -- queues ---------------------------------------------------------------------------------------------------
    def _leave_queue(self, call: SimCall) -> None:
        if call.queue_sid is None:
            return
        queue = self.state.queues.get(call.queue_sid)
        if queue is not None:
            queue.members.pop(call.sid, None)
            if call.enqueued is not None:
                queue.waits.append(time.monotonic() - call.enqueued)
        call.queue_sid = None

    async def _enqueue(self, call: SimCall, name: str, wait_url: str | None, base: str, behaviour: Behaviour) -> None:
        queue = self.state.queue_named(name or "default")
        assert queue is not None
        queue.members[call.sid] = call
        call.queue_sid = queue.sid
        call.enqueued = time.monotonic()
        give_up = call.enqueued + behaviour.patience * self.speed
        while True:
            remaining = give_up - time.monotonic()
            if remaining <= 0:
                call.outcome = "abandoned"
                raise CallEnded("abandoned")
            if not wait_url:
                await self._sleep(call, remaining / self.speed)
                continue
            position = list(queue.members).index(call.sid) + 1 if call.sid in queue.members else 1
            extra = {
                "QueueSid": queue.sid,
                "QueuePosition": str(position),
                "QueueTime": str(int(time.monotonic() - call.enqueued)),
                "AvgQueueTime": str(queue.average_wait()),
                "CurrentQueueSize": str(len(queue.members)),
            }
            document, _ = await self._fetch(call, self.sender.absolute(wait_url, base), extra)
            try:
                await asyncio.wait_for(self._wait_music(call, document), max(0.001, remaining))
            except TimeoutError:
                continue  # loop re-checks the patience

    async def _wait_music(self, call: SimCall, document: ET.Element) -> None:
        played = False
        for verb in document:
            if verb.tag in ("Say", "Play", "Pause"):
                length = float(verb.get("length", "1")) if verb.tag == "Pause" else 2.0
                await self._sleep(call, length)
                played = True
        if not played:
            await self._sleep(call, 1.0)

    # -- connecting -----------------------------------------------------------------------------------------------
    async def _dial(
        self, call: SimCall, verb: ET.Element, base: str, behaviour: Behaviour
    ) -> tuple[str | None, dict[str, str]] | None:
        action = verb.get("action")
        targets = [(child.tag, (child.text or "").strip()) for child in verb]
        ok = bool(targets) and all((t == "Client" and v) or (t == "Number" and _E164.match(v)) for t, v in targets)
        if not ok:
            if action:
                return self.sender.absolute(action, base), {"DialCallStatus": "failed"}
            return None
        started = time.monotonic()
        await self._sleep(call, behaviour.talk)
        talked = str(int(time.monotonic() - started))
        if self.rng.random() < 0.5 or not action:
            call.outcome = "completed"
            raise CallEnded("caller hung up")
        return self.sender.absolute(action, base), {"DialCallStatus": "completed", "DialCallDuration": talked}
