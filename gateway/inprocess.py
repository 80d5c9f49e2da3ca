"""Gateway and simulator inside one process, on free loopback ports — for ``contactdesk demo`` and tests.

``start_inprocess(engine, settings)`` returns handles; calls start arriving every few seconds and are routed
to the agents, whose desktops see them through :class:`~services.calls.CallService`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from db.write import utcnow
from services.config import Settings

from .control import TwilioCallControl
from .gateway import GatewayConfig, create_app
from .outbox_sender import OutboxSender, build_sender
from .reconcile import RecheckMemo, reconcile_stale_calls
from .robots import RobotAgents
from .serve import ServerThread, bind
from .simulator.population import Population
from .simulator.runner import Chaos
from .simulator.simulator import Simulator, SimulatorConfig
from .spool import Spool
from .twilio_rest import TwilioRest

log = logging.getLogger(__name__)
DEMO_ACCOUNT_SID = "AC" + "d3d0" * 8


@dataclass
class InProcessTelephony:
    """Running gateway, simulator (REST + traffic) and optional robot agents."""

    gateway: ServerThread
    simulator_server: ServerThread
    simulator: Simulator
    control: TwilioCallControl
    robots: RobotAgents | None
    sender: OutboxSender | None = None

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    @property
    def rest_url(self) -> str:
        return self.simulator_server.url

    def place_call(self, from_: str, **behaviour: object) -> str:
        """Start one inbound call from ``from_`` now; returns its CallSid."""
        from .simulator.runner import Behaviour

        how = Behaviour(**behaviour)  # type: ignore[arg-type]

        async def place() -> str:
            return self.simulator.place_call(from_, how, kind="given").sid

        return str(self.simulator_server.run_coroutine(place()))

    def stop(self) -> None:
        """Stop everything (robots, traffic, servers); idempotent."""
        if self.robots is not None:
            self.robots.stop()
        self.simulator_server.stop()
        self.gateway.stop()


def close_calls_of_earlier_runs(engine: Engine, rest: TwilioRest) -> int:
    """Close the calls the database still holds open from an earlier run; returns how many.

    The simulator has just started, so none of them is live in it: each is looked up like any stale call
    (:func:`.reconcile.reconcile_stale_calls`, which finds it unknown and closes it as failed) before routing
    could offer one to the person at the desk.
    """
    started = utcnow()
    memo = RecheckMemo()
    closed = 0
    while True:
        found = reconcile_stale_calls(
            engine, rest, now=started, stale_after=dt.timedelta(0), memo=memo, budget_seconds=None
        )
        done = len(found.unknown) + len(found.closed)
        closed += done
        if not done:
            return closed


def start_inprocess(
    engine: Engine,
    settings: Settings,
    *,
    calls_per_minute: float = 12.0,
    speed: float = 1.0,
    robot_agents: Sequence[int] = (),
    traffic: bool = True,
    seed: int | None = None,
    spool_dir: Path | None = None,
    chaos: Chaos | None = None,
    worker_interval: float = 0.2,
    messaging: bool = True,
) -> InProcessTelephony:
    """Start the gateway and the simulator on background threads.

    Args:
        engine: the (migrated, seeded) database the desktop uses too.
        settings: for the data folder (spool) and the bank's number.
        calls_per_minute: arrival rate of simulated calls (0 with ``traffic=False``: only :meth:`place_call`).
        speed: multiplies every simulated wait (talk, patience); 1.0 is real time.
        robot_agents: ids of agents the demo answers for (the person at the desk is not one of them).
        messaging: run the outbox sender (SMS to the simulator; e-mail when ``settings.smtp_host`` is set).
    """
    auth_token = secrets.token_hex(16)
    gateway_sock = bind()
    public_url = f"http://127.0.0.1:{gateway_sock.getsockname()[1]}"
    sim_config = SimulatorConfig(
        gateway_url=public_url,
        account_sid=DEMO_ACCOUNT_SID,
        auth_token=auth_token,
        calls_per_minute=calls_per_minute if traffic else 0.0,
        bank_number=settings.twilio_number,
        speed=speed,
        seed=seed,
        chaos=chaos or Chaos(),
        answer_surveys=0.6 if traffic else 0.0,  # robot customers answer satisfaction surveys (the CSAT report)
    )
    simulator = Simulator(sim_config, Population.from_database(engine))

    async def run_traffic(stop: object) -> None:
        import asyncio

        assert isinstance(stop, asyncio.Event)
        try:
            await simulator.traffic(stop)
            await stop.wait()  # calls placed by hand keep running until the end
        finally:
            await simulator.close()

    sim_server = ServerThread(simulator.rest_app(), also=(run_traffic,), name="twilio-simulator").start()
    rest = TwilioRest(DEMO_ACCOUNT_SID, auth_token, base_url=sim_server.url)
    close_calls_of_earlier_runs(engine, rest)
    control = TwilioCallControl(rest, public_url, settings.twilio_number, engine=engine)
    # The embedded desktop computes its wallboard in-process (services.wallboard.publisher): no second aggregator.
    config = GatewayConfig(
        public_url=public_url, auth_token=auth_token, worker_interval=worker_interval, wallboard=False
    )
    spool = Spool(spool_dir or settings.data_dir / "spool")
    sender = None
    if messaging:
        sender = build_sender(
            engine,
            settings,
            account_sid=DEMO_ACCOUNT_SID,
            auth_token=auth_token,
            public_url=public_url,
            api_url=sim_server.url,
        )
    app = create_app(engine, config, spool=spool, control=control, sender=sender, rest=rest)
    gateway = ServerThread(app, sock=gateway_sock, name="gateway").start()
    robots = RobotAgents(engine, control, robot_agents, seed=seed).start() if robot_agents else None
    log.info("telephony demo: gateway %s, Twilio simulator %s", gateway.url, sim_server.url)
    return InProcessTelephony(gateway, sim_server, simulator, control, robots, sender)
