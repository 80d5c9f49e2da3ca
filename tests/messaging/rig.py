"""The gateway and the Twilio simulator on loopback, and a sender that talks to them through the twilio library."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from db.models import OutboxMessage
from gateway.gateway import GatewayConfig, create_app
from gateway.outbox_sender import OutboxSender
from gateway.serve import ServerThread, bind
from gateway.simulator.population import Population
from gateway.simulator.simulator import Simulator, SimulatorConfig
from gateway.sms_sender import SmsSender
from gateway.spool import Spool

from .world import BANK_NUMBER, World

ACCOUNT_SID = "AC" + "7" * 32
AUTH_TOKEN = "messaging_test_token_0123456789ab"
PUBLIC_URL = "https://contactdesk.bank.example/cd"  # behind a proxy: Twilio signs this, the gateway listens on loopback


@dataclass
class Rig:
    world: World
    gateway: ServerThread
    rest: ServerThread
    simulator: Simulator
    sender: OutboxSender
    http: httpx.Client

    @property
    def box(self) -> Any:
        return self.simulator.messages

    def post(
        self, path: str, params: dict[str, str], *, query: str = "", signature: str | None = None
    ) -> httpx.Response:
        url = f"{PUBLIC_URL}{path}" + (f"?{query}" if query else "")
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        return self.http.post(path + (f"?{query}" if query else ""), content=urlencode(params), headers=headers)

    def reply(self, from_: str, body: str) -> int:
        return int(self.rest.run_coroutine(self.simulator.reply_sms(from_, body)))

    def row(self, outbox_id: int) -> Any:
        with self.world.engine.connect() as conn:
            return conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.id == outbox_id)).one()

    def creates(self) -> list[dict[str, Any]]:
        """Message-create requests the simulator received (and checked against the spec)."""
        return [
            r
            for r in self.simulator.state.requests
            if r["operation"].endswith("/Messages.json") and r["method"] == "POST"
        ]


@contextmanager
def running(
    world: World, tmp_path: Path, *, timeout: float = 5.0, start_sender: bool = False, **sender_options: Any
) -> Iterator[Rig]:
    sock = bind()
    gateway_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    simulator = Simulator(
        SimulatorConfig(
            gateway_url=gateway_url,
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            public_url=PUBLIC_URL,
            calls_per_minute=0.0,
            bank_number=BANK_NUMBER,
            speed=0.2,
        ),
        Population(),
    )
    rest = ServerThread(simulator.rest_app(), name="twilio-simulator").start()
    config = dataclasses.replace(
        world.service.config, public_url=PUBLIC_URL, sms_per_second=1000.0, reconcile_grace_seconds=0
    )
    sms = SmsSender(ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, base_url=rest.url, timeout=timeout)
    # The sender keeps the world's clock (10:00 in Shanghai): marketing is not held back by the quiet hours
    # of whenever the tests happen to run.
    options: dict[str, Any] = {"maintenance_every": 0.0, "interval": 0.05, "clock": world.clock}
    options.update(sender_options)
    sender = OutboxSender(world.engine, config, sms=sms, **options)
    app = create_app(
        world.engine,
        GatewayConfig(public_url=PUBLIC_URL, auth_token=AUTH_TOKEN, run_worker=False),
        spool=Spool(tmp_path / "spool"),
        sender=sender if start_sender else None,
    )
    gateway = ServerThread(app, sock=sock, name="gateway").start()
    http = httpx.Client(base_url=gateway.url, timeout=20)
    try:
        yield Rig(world, gateway, rest, simulator, sender, http)
    finally:
        http.close()
        gateway.stop()
        if not start_sender:
            sender.stop()
        rest.run_coroutine(simulator.close())
        rest.stop()
