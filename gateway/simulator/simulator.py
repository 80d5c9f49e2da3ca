"""The simulator: REST endpoints and call traffic on one event loop, against a gateway on loopback."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import survey_answers
from .messages import STOP_WORDS, MessageBox, SimMessage, new_message, run_callbacks
from .population import Population, behaviour
from .rest import RestApi
from .runner import Behaviour, CallRunner, Chaos
from .spec import SpecValidator
from .state import AccountState, SimCall, new_sid
from .webhooks import WebhookSender

log = logging.getLogger(__name__)
BANK_NUMBER = "+862160000000"


@dataclass
class SimulatorConfig:
    """What to simulate and where the gateway is."""

    gateway_url: str
    account_sid: str
    auth_token: str
    public_url: str | None = None  # the gateway's CONTACTDESK_PUBLIC_URL (signed URLs); default gateway_url
    calls_per_minute: float = 6.0
    bank_number: str = BANK_NUMBER
    speed: float = 1.0
    seed: int | None = None
    chaos: Chaos = field(default_factory=Chaos)
    spec_path: Path | None = None
    max_calls: int | None = None
    answer_surveys: float = 0.0  # the share of rating requests robot customers answer (the demo)


class Simulator:
    """Plays Twilio: serve :meth:`rest_app` and run :meth:`traffic` on the same event loop."""

    def __init__(self, config: SimulatorConfig, population: Population) -> None:
        self.config = config
        self.population = population
        self.rng = random.Random(config.seed)
        self.state = AccountState(config.account_sid)
        public = (config.public_url or config.gateway_url).rstrip("/")
        self.sender = WebhookSender(config.gateway_url, public, config.auth_token)
        self.runner = CallRunner(
            self.state,
            self.sender,
            status_url=f"{public}/twilio/voice/status",
            speed=config.speed,
            chaos=config.chaos,
            rng=self.rng,
        )
        self.incoming_url = f"{public}/twilio/voice/incoming"
        self.spec = SpecValidator(config.spec_path)
        self.messages = MessageBox()
        self.messages.callback_delay = 0.05 * config.speed
        self.incoming_sms_url = f"{public}/twilio/messaging/incoming"
        self.api = RestApi(
            self.state, config.auth_token, self.spec, self._start_outbound, self.messages, self._message_created
        )
        self.tasks: set[asyncio.Task[None]] = set()
        self.placed = 0
        self.by_kind: dict[str, int] = {}

    def rest_app(self) -> Any:
        """The REST endpoints as an ASGI app."""
        return self.api.app()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _start_outbound(self, call: SimCall, url: str, status_callback: str | None) -> None:
        # The agent's leg answers, then the TwiML at Url dials the customer.
        talk = self.rng.uniform(20.0, 120.0)
        self._spawn(self.runner.run(call, url, Behaviour(talk=talk), status_url=status_callback))

    def _message_created(self, message: SimMessage) -> None:
        if self.messages.callbacks:
            self._spawn(
                run_callbacks(self.messages, message, self.config.account_sid, self._post, self.messages.callback_delay)
            )
        answers = self.config.answer_surveys > 0 and survey_answers.asks_for_rating(message.body)
        if answers and self.rng.random() < self.config.answer_surveys:
            self._spawn(survey_answers.answer_later(message, self.rng, self.config.speed, self.reply_sms))

    async def _post(self, url: str, params: dict[str, str]) -> Any:
        return await self.sender.post(url, params)

    async def reply_sms(self, from_: str, body: str, to: str | None = None) -> int:
        """A customer's SMS to the bank's number, sent to the gateway as Twilio would; returns the HTTP status.

        As Twilio does, a STOP word also blocks further messages from that number to the customer (21610).
        """
        to = to or self.config.bank_number
        message = new_message(to, from_, body, "inbound", "received", None)
        self.messages.messages[message.sid] = message
        if body.strip().lower() in STOP_WORDS:
            self.messages.opted_out.add((from_, to))
        params = {
            "AccountSid": self.config.account_sid,
            "ApiVersion": "2010-04-01",
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "SmsMessageSid": message.sid,
            "From": from_,
            "To": to,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": str(message.segments),
            "SmsStatus": "received",
        }
        response = await self.sender.post(self.incoming_sms_url, params)
        return response.status_code if response is not None else 0

    def place_call(self, from_: str | None = None, how: Behaviour | None = None, kind: str | None = None) -> SimCall:
        """Start one inbound call now (on the simulator's loop); returns it at once."""
        if from_ is None:
            kind, from_ = self.population.caller(self.rng)
        kind = kind or "given"
        call = SimCall(new_sid("CA"), from_, self.config.bank_number, "inbound", kind=kind)
        self.state.calls[call.sid] = call
        self.placed += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        self._spawn(self.runner.run(call, self.incoming_url, how or behaviour(kind, self.rng)))
        return call

    async def traffic(self, stop: asyncio.Event, duration: float | None = None) -> None:
        """Calls arriving at ``calls_per_minute`` (Poisson) until ``stop`` or ``duration`` seconds."""
        rate = self.config.calls_per_minute / 60.0
        loop = asyncio.get_running_loop()
        end = loop.time() + duration if duration else None
        while not stop.is_set() and rate > 0:
            if self.config.max_calls is not None and self.placed >= self.config.max_calls:
                break
            gap = self.rng.expovariate(rate)
            if end is not None and loop.time() + gap > end:
                break
            try:
                await asyncio.wait_for(stop.wait(), gap)
                break
            except TimeoutError:
                self.place_call()
        if self.tasks and end is not None:
            await asyncio.wait(list(self.tasks), timeout=max(1.0, 5.0 * self.config.speed))

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.sender.close()

    def stats(self) -> dict[str, Any]:
        """What happened so far."""
        return {
            "calls_placed": self.placed,
            "by_kind": dict(self.by_kind),
            "outcomes": dict(self.runner.outcomes),
            "webhooks_sent": self.sender.stats.sent,
            "webhook_answers": dict(self.sender.stats.by_status),
            "webhook_failures": self.sender.stats.failures,
            "rest_requests": len(self.state.requests),
            "rest_rejected": len(self.state.rejected),
            "in_queue": {q.friendly_name: len(q.members) for q in self.state.queues.values()},
        }
