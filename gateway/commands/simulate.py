"""``contactdesk simulate``: play Twilio against a gateway on loopback (signed calls, REST endpoints)."""

from __future__ import annotations

import argparse
import json

from services.cli_options import add_database_option, fail, resolve_database


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "simulate",
        help="play Twilio: send signed calls to a gateway, serve the REST API it calls",
        description="Send correctly signed voice webhooks for realistic traffic (callers from the database: "
        "known customers, VIPs, shared household lines, unknown and withheld numbers), follow the TwiML, send "
        "status callbacks, and serve Twilio's REST endpoints on 127.0.0.1:REST_PORT, checking every request "
        "against Twilio's OpenAPI description. Start the gateway with --twilio-api-url pointing here. "
        "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must match the gateway's.",
    )
    parser.add_argument("--gateway", required=True, metavar="URL", help="where the gateway listens")
    parser.add_argument("--calls-per-minute", type=float, default=6.0, metavar="R", help="arrival rate (default 6)")
    parser.add_argument("--rest-port", type=int, default=8766, metavar="P", help="REST API port (default 8766)")
    parser.add_argument("--duration", type=float, metavar="S", help="stop after S seconds (default: run until ^C)")
    parser.add_argument("--public-url", metavar="URL", help="the gateway's public URL (signed); default --gateway")
    parser.add_argument("--speed", type=float, default=1.0, help="multiply simulated waits by this (default 1)")
    parser.add_argument("--seed", type=int, help="random seed")
    add_database_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import asyncio
    import os
    import time

    from db.engine import DatabaseError, make_engine
    from gateway.serve import ServerThread
    from gateway.simulator.population import Population
    from gateway.simulator.simulator import Simulator, SimulatorConfig

    from .serve import secret

    token = secret("twilio_auth_token", "TWILIO_AUTH_TOKEN")
    account = os.environ.get("TWILIO_ACCOUNT_SID")
    if not token or not account:
        return fail("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set (the same as the gateway's).")
    try:
        population = Population.from_database(make_engine(resolve_database(args)))
    except DatabaseError as exc:
        return fail(str(exc))
    config = SimulatorConfig(
        gateway_url=args.gateway,
        public_url=args.public_url,
        account_sid=account,
        auth_token=token,
        calls_per_minute=args.calls_per_minute,
        speed=args.speed,
        seed=args.seed,
    )
    simulator = Simulator(config, population)

    async def traffic(stop: asyncio.Event) -> None:
        try:
            await simulator.traffic(stop, args.duration)
        finally:
            await simulator.close()

    server = ServerThread(simulator.rest_app(), port=args.rest_port, also=(traffic,), name="simulator").start()
    print(f"Twilio simulator: REST API on {server.url}; calling {args.gateway} at {args.calls_per_minute}/min")
    try:
        deadline = None if args.duration is None else time.monotonic() + args.duration + 5
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stats = server.run_coroutine(_stats(simulator))
        server.stop()
    print(json.dumps(stats, ensure_ascii=False))
    return 0


async def _stats(simulator: object) -> dict[str, object]:
    return simulator.stats()  # type: ignore[attr-defined,no-any-return]
