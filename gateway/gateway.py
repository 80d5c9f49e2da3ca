"""The gateway's ASGI application: Twilio's voice webhooks, checked, written, answered with TwiML.

Every webhook is refused with 403 unless its X-Twilio-Signature is Twilio's over the *public* URL; a body over
the size limit gets 413 and a malformed one 400 — in each case before anything is written.  Database work runs
on a small thread pool under a time budget: when the database is slow or down the event goes to the durable
spool and the caller still hears TwiML in time.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from db.write import utcnow
from services.call_control import CallControl

from . import events, health, messaging_webhooks, validation
from .core import Answer, Gateway, GatewayConfig, Refused, _run, _xml
from .jobs import JobScheduler
from .reconcile import CallLookup
from .server_limits import current_limits
from .signature import Params
from .spool import Spool

log = logging.getLogger(__name__)
SWITCH_INTERVAL = 0.0005
_ENDPOINT = re.compile(r"^(client:[A-Za-z0-9_.@-]{1,64}|\+[1-9][0-9]{6,15})$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,15}$")
_QUEUE = re.compile(r"^[a-z0-9_]{1,64}$")


class WebhookApp:
    """The voice webhooks served straight from ASGI (the hot path, without a framework's layers); everything
    else (health, lifespan, extra routes) goes to the Starlette app inside."""

    def __init__(self, gw: Gateway, inner: Starlette) -> None:
        self.gw = gw
        self.inner = inner
        self.state = inner.state
        self.stream = getattr(inner.state, "changes", None)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        stream = self.stream
        if (
            stream is not None
            and scope["type"] == "http"
            and scope.get("path") == stream.path
            and scope["method"] == "GET"
        ):
            await stream(scope, receive, send)  # the desktops' event stream: straight to ASGI too
            return
        fn = VOICE_WEBHOOKS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if fn is None or scope["method"] != "POST":
            await self.inner(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            self.gw.check_length(headers.get("content-length"))
            body = await self._body(receive)
            path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").split("?", 1)[0]
            params, query = self.gw.parse(path, scope.get("query_string", b"").decode("latin-1"), body, headers.get)
            answer = await _run(self.gw, fn, params, query)
        except Refused as exc:
            answer = (exc.status, str(exc), "text/plain")
        status, text_body, media = answer
        payload = text_body.encode("utf-8")
        response_headers = [(b"content-length", str(len(payload)).encode())]
        if media:
            response_headers.append((b"content-type", f"{media}; charset=utf-8".encode()))
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": payload})

    async def _body(self, receive: Any) -> bytes:
        chunks: list[bytes] = []
        size = 0
        more = True
        try:
            async with asyncio.timeout(current_limits().body_timeout):  # also under a server without the guard
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise Refused(400, "client went away")
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.gw.config.max_body:
                        raise Refused(413, "body too large")
                    chunks.append(chunk)
                    more = message.get("more_body", False)
        except TimeoutError:
            raise Refused(408, "request body too slow") from None
        return b"".join(chunks)


# -- the webhooks -------------------------------------------------------------------------------------------------
async def incoming(gw: Gateway, params: Params, query: str) -> Answer:
    events.validate_incoming(params)
    at = utcnow()
    record = events.event("incoming", params, at)
    await gw.write(gw.one_statement(events.apply_incoming, params, at, gw.config.region), record)
    return _xml(gw.twiml.menu)


async def menu(gw: Gateway, params: Params, query: str) -> Answer:
    events.validate_menu(params)
    at = utcnow()
    record = events.event("menu", params, at)
    written, queue = await gw.write(gw.txn(events.apply_menu, params, at), record)
    if not written:
        return _xml(gw.twiml.enqueue(events.menu_queue(params.first("Digits"), 0), apology=True))
    gw.worker.wake()
    return _xml(gw.twiml.enqueue(str(queue)))


async def status(gw: Gateway, params: Params, query: str) -> Answer:
    hint = events.validate_status(params, query)
    if events.status_changes_nothing(params):
        return 204, "", None
    at = utcnow()
    record = events.event("status", params, at, call=hint)
    written, outcome = await gw.write(gw.txn(events.apply_status, params, at, hint), record)
    if written and outcome == "unknown":
        log.info("status callback for an unknown call %s", params.first("CallSid"))
    return 204, "", None


async def wait(gw: Gateway, params: Params, query: str) -> Answer:
    position = validation.optional(params, "QueuePosition", validation.QUEUE_POSITION)
    return _xml(gw.twiml.wait(int(position) if position else 0))


def _query_value(query: str, name: str, pattern: re.Pattern[str]) -> str:
    value = validation.query_value(query, name)
    if not pattern.match(value):
        raise Refused(400, f"{name} missing or malformed")
    return value


async def connect(gw: Gateway, params: Params, query: str) -> Answer:
    return _xml(gw.twiml.connect(_query_value(query, "to", _ENDPOINT)))


async def outbound(gw: Gateway, params: Params, query: str) -> Answer:
    customer = _query_value(query, "to", _E164)
    return _xml(gw.twiml.outbound(customer, params.first("From") or params.first("Caller")))


async def requeue(gw: Gateway, params: Params, query: str) -> Answer:
    return _xml(gw.twiml.enqueue(_query_value(query, "queue", _QUEUE)))


async def hold(gw: Gateway, params: Params, query: str) -> Answer:
    return _xml(gw.twiml.hold())


async def dial_done(gw: Gateway, params: Params, query: str) -> Answer:
    return _xml(gw.twiml.hangup())


VOICE_WEBHOOKS: dict[str, Callable[[Gateway, Params, str], Any]] = {
    "/twilio/voice/incoming": incoming,
    "/twilio/voice/menu": menu,
    "/twilio/voice/status": status,
    "/twilio/voice/wait": wait,
    "/twilio/voice/connect": connect,
    "/twilio/voice/outbound": outbound,
    "/twilio/voice/requeue": requeue,
    "/twilio/voice/hold": hold,
    "/twilio/voice/dial-done": dial_done,
}


def create_app(
    engine: Engine,
    config: GatewayConfig,
    *,
    spool: Spool | None = None,
    control: CallControl | None = None,
    extra_routes: Sequence[BaseRoute] = (),
    sender: Any = None,
    rest: CallLookup | None = None,
    jobs: JobScheduler | None = None,
) -> WebhookApp:
    """The gateway as an ASGI application.

    Args:
        engine: the shared database.
        config: public URL, auth token and limits.
        spool: where events go when the database is away (None: answer 503 instead).
        control: carries out desktops' call-control commands (a :class:`~.control.TwilioCallControl`).
        extra_routes: further routes, mounted alongside the voice and messaging ones; wrap them with
            :func:`signed` to get the same checks.
        sender: the outbox sender (:class:`~.outbox_sender.OutboxSender`) this process runs, started and
            stopped with the app; None: this process sends nothing.
        rest: Twilio's REST API (:class:`~.twilio_rest.TwilioRest`), for closing calls whose final status
            never arrived (:mod:`.reconcile`); None: this process reconciles nothing.
        jobs: the recurring jobs (:class:`~.jobs.JobScheduler`, e.g. the escalation scan) this process runs,
            started and stopped with the app and reported by ``/healthz``; None: this process runs none.
    """
    # The event loop hands each webhook's database work to a thread and back: with the default 5 ms GIL switch
    # interval every hand-over may wait that long.  A shorter interval keeps the webhook latency low.
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
    gw = Gateway(engine, config, spool, control, rest)
    stream = _change_stream(engine, config)
    wallboard = _wallboard_stream(engine, config, None if stream is None else stream.hub)

    async def healthz(request: Request) -> Response:
        report = await health.check(gw, config.health)
        if jobs is not None:
            report["jobs"] = jobs.status()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if config.run_worker:
            gw.worker.start()
        if sender is not None:
            sender.start()
        if jobs is not None:
            jobs.start()
        if stream is not None:
            await stream.start()
        if wallboard is not None:
            await wallboard.start()
        gc.collect()
        gc.freeze()  # start-up objects leave the collector's generations: shorter pauses under load
        try:
            yield
        finally:
            if jobs is not None:
                await asyncio.to_thread(jobs.stop)
            if sender is not None:  # started here, so stopped here: it must not outlive the engine it writes to
                await asyncio.to_thread(sender.stop)
            if stream is not None:
                await stream.stop()
            if wallboard is not None:
                await wallboard.stop()
            await gw.close()
            if gw.spool is not None:
                gw.spool.close()

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    routes.extend(messaging_webhooks.routes(gw))
    routes.extend(extra_routes)
    if stream is not None:
        routes.extend(stream.routes())
    if wallboard is not None:
        routes.extend(wallboard.routes())
    inner = Starlette(routes=routes, lifespan=lifespan)
    inner.state.gateway = gw
    inner.state.changes = stream
    inner.state.wallboard = wallboard
    return WebhookApp(gw, inner)


def _change_stream(engine: Engine, config: GatewayConfig) -> Any:
    """The desktops' change-event stream of this gateway process, or None when configured off."""
    if not config.change_stream:
        return None
    from gateway.changes.stream import ChangeStream
    from services.stream_tokens import TokenChecker

    auth = TokenChecker(engine) if config.stream_auth else None
    return ChangeStream(engine, auth=auth, heartbeat=config.stream_heartbeat)


def _wallboard_stream(engine: Engine, config: GatewayConfig, hub: Any = None) -> Any:
    """The wallboard's snapshot stream of this gateway process, or None when configured off.

    ``hub``: the change stream's feed reader, whose call and agent changes wake the aggregator early (one reader
    per process; without it the wallboard stream reads the feed itself).
    """
    if not config.wallboard:
        return None
    from zoneinfo import ZoneInfo

    from gateway.wallboard_stream import WallboardStream
    from services.stream_tokens import TokenChecker
    from services.wallboard.publisher import SnapshotPublisher

    publisher = SnapshotPublisher(engine, interval=config.wallboard_interval, zone=ZoneInfo(config.bank_timezone))
    auth = TokenChecker(engine) if config.stream_auth else None
    return WallboardStream(engine, publisher, auth=auth, hub=hub)


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
