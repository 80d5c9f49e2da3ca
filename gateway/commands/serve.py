"""``contactdesk gateway``: serve the Twilio webhooks, route calls, carry out call control."""

from __future__ import annotations

import argparse
import os

from services.cli_options import add_database_option, fail, resolve_database


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "gateway",
        help="serve the Twilio webhooks (voice, messaging), route calls to agents, send the outbox",
        description="Serve Twilio's signed webhooks on HOST:PORT, route queued calls to agents and carry out "
        "their call-control requests through Twilio's REST API, and send the outbox: SMS through Twilio, e-mail "
        "through the SMTP server of the settings (smtp_host; password SMTP_PASSWORD or the keyring). "
        "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN come from the environment (or the keyring); "
        "CONTACTDESK_PUBLIC_URL must be the URL Twilio calls.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    add_database_option(parser)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--public-url", metavar="URL", help="public base URL (default CONTACTDESK_PUBLIC_URL)")
    parser.add_argument(
        "--twilio-api-url",
        metavar="URL",
        help="send REST requests here instead of https://api.twilio.com (e.g. the simulator's address)",
    )
    parser.add_argument(
        "--scan-interval",
        type=float,
        metavar="SECONDS",
        help="run the complaint at-risk scan (warnings, breaches, escalations) this often; 0 = not in this "
        "gateway (default CONTACTDESK_ESCALATION_SCAN_SECONDS, else 60). With several gateways one runs it at a time",
    )
    parser.set_defaults(func=run)


def secret(name: str, env_var: str) -> str | None:
    """A secret from the environment, else the OS keyring (never a file). The account SID is no secret."""
    from services.secrets import SecretStore

    value = SecretStore().get(name, env_var=env_var)
    return str(value) if value else None


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway import server_limits
    from gateway.asgi import API_URL_ENV
    from gateway.standard_jobs import SCAN_ENV, scan_interval

    try:
        # The connection and request limits (docs/gateway.md); CONTACTDESK_GATEWAY_* variables override the
        # defaults, here and in the worker processes, which inherit the environment.
        limits = server_limits.ServerLimits.from_env()
        if args.scan_interval is not None:  # for the worker processes, which read the environment
            os.environ[SCAN_ENV] = repr(args.scan_interval)
        scan_interval()  # a bad value is refused here rather than in every worker
    except ValueError as exc:
        return fail(str(exc))
    token = secret("twilio_auth_token", "TWILIO_AUTH_TOKEN")
    if not token:
        return fail("TWILIO_AUTH_TOKEN is not set (environment or keyring); webhooks cannot be checked.")
    account = os.environ.get("TWILIO_ACCOUNT_SID", "")
    os.environ["TWILIO_AUTH_TOKEN"] = token  # for the worker processes, which read the environment
    os.environ["TWILIO_ACCOUNT_SID"] = account
    os.environ["CONTACTDESK_DATABASE_URL"] = resolve_database(args)
    if args.public_url:
        os.environ["CONTACTDESK_PUBLIC_URL"] = args.public_url
    if args.twilio_api_url:
        os.environ[API_URL_ENV] = args.twilio_api_url
    if not account:
        print("contactdesk: TWILIO_ACCOUNT_SID not set: webhooks are served, call control is off")
    # Before the workers start (they inherit it): as many open files as the system allows this process, so
    # that idle sockets cannot use up the few hundred of a default soft limit.
    files = server_limits.raise_open_file_limit()
    connections = server_limits.effective_max_connections(limits)
    if files is not None and connections < limits.max_connections:
        print(
            f"contactdesk: open-file limit {files[0]}: at most {connections} connections per gateway process "
            f"(raise the hard limit, e.g. LimitNOFILE=, for {limits.max_connections})"
        )
    uvicorn.run(
        "gateway.asgi:app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        access_log=False,
        log_level="warning",
        # Guarded HTTP protocol, idle/header/body timeouts, connection cap, backlog, graceful shutdown (desktops'
        # change-event streams never end by themselves): see gateway/server_limits.py.
        **server_limits.uvicorn_options(limits),
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m gateway.commands.serve``: the gateway alone (used by the benchmark)."""
    parser = argparse.ArgumentParser(prog="contactdesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gateway", *(argv if argv is not None else __import__("sys").argv[1:])])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
