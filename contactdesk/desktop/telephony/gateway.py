"""The gateway's ASGI application: Twilio's voice webhooks, checked, written, answered with TwiML.

Every webhook is refused with 403 unless its X-Twilio-Signature is Twilio's over the *public* URL; a body over
the size limit gets 413 and a malformed one 400 — in each case before anything is written.  Database work runs
on a small thread pool under a time budget: when the database is slow or down the event goes to the durable
spool and the caller still hears TwiML in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import re
import sys
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, parse_qsl

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import events
from .control import CallControl
from .signature import SETTINGS_HEADER, SIGNATURE_HEADER, Params, SignatureChecker
from .spool import Spool
from .store import statement_connection, utcnow, write_one_statement, write_txn_on
from .twiml import TwimlBuilder
from .worker import GatewayWorker

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
DB_BUDGET_SECONDS = 3.0
SWITCH_INTERVAL = 0.0005
XML = "application/xml"
_ENDPOINT = re.compile(r"^(client:[A-Za-z0-9_.@-]{1,64}|\+[1-9][0-9]{6,15})$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,15}$")
_QUEUE = re.compile(r"^[a-z0-9_]{1,64}$")


class Refused(Exception):
    """A webhook answered with an error status before anything is written."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class GatewayConfig:
    """How one gateway process behaves."""

    public_url: str
    auth_token: str
    region: str = "CN"
    max_body: int = MAX_BODY_BYTES
    db_budget: float = DB_BUDGET_SECONDS
    db_threads: int = 0  # 0: one for SQLite (a single writer anyway), four for PostgreSQL
    run_worker: bool = True
    worker_interval: float = 0.2
    shared_keys: dict[str, str] = field(default_factory=dict)
    # The desktops' change-event stream (GET /events, contactdesk.desktop.sync.stream).
    change_stream: bool = True
    stream_auth: bool = True  # False only for a gateway bound to loopback (the embedded demo)
    stream_heartbeat: float = 0.5  # contactdesk.desktop.sync.changes.HEARTBEAT_SECONDS


class Gateway:
    """State shared by the handlers of one gateway process."""

    def __init__(self, engine: Engine, config: GatewayConfig, spool: Spool | None, control: CallControl | None) -> None:
        self.engine = engine
        self.config = config
        self.checker = SignatureChecker(config.auth_token, config.public_url, config.shared_keys)
        self.twiml = TwimlBuilder(config.public_url)
        self.spool = spool
        threads = config.db_threads or (1 if engine.dialect.name == "sqlite" else 4)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gateway-db")
        self.worker = GatewayWorker(engine, spool, control, interval=config.worker_interval, region=config.region)
        self.spooled = 0
        self._local = threading.local()
        self._conns: list[Any] = []
        self._conns_lock = threading.Lock()

    # -- request parsing -------------------------------------------------------------------------------------
    async def read(self, request: Request) -> tuple[Params, str]:
        """Read, size-check, parse and signature-check a webhook that came through Starlette."""
        length = request.headers.get("content-length")
        self.check_length(length)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.config.max_body:
                raise Refused(413, "body too large")
            chunks.append(chunk)
        path = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or request.url.path
        query = request.scope.get("query_string", b"").decode("latin-1")
        return self.parse(path, query, b"".join(chunks), request.headers.get)

    def check_length(self, length: str | None) -> None:
        if length is not None and (not length.isdigit() or int(length) > self.config.max_body):
            raise Refused(413, "body too large")

    def parse(self, path: str, query: str, body: bytes, header: Callable[[str], str | None]) -> tuple[Params, str]:
        """Parse and signature-check a webhook body. Returns its parameters and the raw query."""
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "body is not UTF-8") from None
        content_type = (header("content-type") or "").split(";", 1)[0].strip().lower()
        signed: Params | str
        if content_type == "application/json":
            try:
                document = json.loads(text_body) if text_body else {}
            except ValueError:
                raise Refused(400, "malformed JSON") from None
            if not isinstance(document, dict):
                raise Refused(400, "JSON body must be an object")
            params = Params({str(k): [v if isinstance(v, str) else json.dumps(v)] for k, v in document.items()})
            signed = text_body
        else:
            try:
                params = Params.from_pairs(parse_qsl(text_body, keep_blank_values=True, strict_parsing=bool(text_body)))
            except ValueError:
                raise Refused(400, "malformed form body") from None
            signed = params
        if not self.checker.check(path, query, signed, header(SIGNATURE_HEADER), header(SETTINGS_HEADER)):
            raise Refused(403, "signature")
        return params, query

    # -- database under a time budget --------------------------------------------------------------------------
    async def write(self, fn: Callable[[], Any], record: dict[str, Any]) -> tuple[bool, Any]:
        """Run ``fn`` on the pool within the budget; on failure or timeout spool ``record``.

        Returns:
            (True, fn's result) when written, (False, None) when spooled.
        """
        if self.spool is not None and self.spool.pending:
            return self._spool(record)
        loop = asyncio.get_running_loop()
        try:
            return True, await asyncio.wait_for(loop.run_in_executor(self.pool, fn), self.config.db_budget)
        except TimeoutError:
            log.warning("database slower than %.1fs; spooling %s", self.config.db_budget, record["kind"])
        except Exception as exc:
            if isinstance(exc, events.BadWebhook):
                raise
            log.warning("database write failed (%s); spooling %s", exc.__class__.__name__, record["kind"])
        return self._spool(record)

    def _spool(self, record: dict[str, Any]) -> tuple[bool, Any]:
        if self.spool is None:
            raise Refused(503, "database unavailable and no spool")
        self.spool.append(record)
        self.spooled += 1
        self.worker.wake()
        return False, None

    def txn(self, apply: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """``apply(conn, *args)`` in a write transaction on this pool thread's own connection.

        Each database thread keeps its connection between webhooks (no pool check-out and pre-ping per
        request); a connection that failed is closed and replaced on the next webhook.
        """

        def write(conn: Any) -> Any:
            with write_txn_on(conn):
                return apply(conn, *args)

        return self._on_kept("conn", self.engine.connect, write)

    def one_statement(self, apply: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """:meth:`txn` for a write that PostgreSQL makes in one statement (the incoming call): sent on this pool
        thread's autocommit connection, one round trip with no BEGIN and COMMIT (see
        :func:`~.store.write_one_statement`)."""

        return self._on_kept(
            "statement", lambda: statement_connection(self.engine), lambda conn: write_one_statement(conn, apply, *args)
        )

    def _on_kept(self, name: str, connect: Callable[[], Any], write: Callable[[Any], Any]) -> Callable[[], Any]:
        """``write(conn)`` on this pool thread's kept connection ``name``; a connection that failed is closed and
        replaced on the next call."""

        def run() -> Any:
            conn = self._kept(name, connect)
            try:
                return write(conn)
            except Exception:
                setattr(self._local, name, None)
                with contextlib.suppress(Exception):
                    conn.close()
                raise

        return run

    def _kept(self, name: str, connect: Callable[[], Any]) -> Any:
        conn = getattr(self._local, name, None)
        if conn is None or conn.closed or conn.invalidated:
            conn = connect()
            setattr(self._local, name, conn)
            if conn.dialect.name == "sqlite" and self.config.run_worker:
                # No WAL checkpoint (and its fsync) at the end of a webhook's commit: the worker thread
                # checkpoints in the background instead (GatewayWorker.checkpoint).
                conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    async def close(self) -> None:
        """Stop the worker, wait (briefly) for database calls in flight, close the kept connections."""
        self.worker.stop()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, self.pool.shutdown, True), 5.0)
        except TimeoutError:
            log.warning("database calls still running at shutdown; their connections are left to the pool")
            return
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.close()


Answer = tuple[int, str, str | None]  # status, body, media type


def _xml(body: str, status: int = 200) -> Answer:
    return status, body, XML


def _answer(response: Answer) -> Response:
    status, body, media = response
    return Response(body, status_code=status, media_type=media) if media else Response(status_code=status)


async def _run(gw: Gateway, fn: Callable[[Gateway, Params, str], Any], params: Params, query: str) -> Answer:
    try:
        return await fn(gw, params, query)  # type: ignore[no-any-return]
    except Refused as exc:
        return exc.status, str(exc), "text/plain"
    except events.BadWebhook as exc:
        return 400, str(exc), "text/plain"


def _handler(gw: Gateway, fn: Callable[[Gateway, Params, str], Any]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            params, query = await gw.read(request)
        except Refused as exc:
            return Response(str(exc), status_code=exc.status, media_type="text/plain")
        return _answer(await _run(gw, fn, params, query))

    return endpoint


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
        return b"".join(chunks)


# -- the webhooks -------------------------------------------------------------------------------------------------
async def incoming(gw: Gateway, params: Params, query: str) -> Answer:
    events.validate_incoming(params)
    at = utcnow()
    record = events.event("incoming", params, at)
    await gw.write(gw.one_statement(events.apply_incoming, params, at, gw.config.region), record)
    return _xml(gw.twiml.menu)


async def menu(gw: Gateway, params: Params, query: str) -> Answer:
    events.require_call_sid(params)
    at = utcnow()
    record = events.event("menu", params, at)
    written, queue = await gw.write(gw.txn(events.apply_menu, params, at), record)
    if not written:
        return _xml(gw.twiml.enqueue(events.menu_queue(params.first("Digits"), 0), apology=True))
    gw.worker.wake()
    return _xml(gw.twiml.enqueue(str(queue)))


async def status(gw: Gateway, params: Params, query: str) -> Answer:
    events.validate_status(params)
    if events.status_changes_nothing(params):
        return 204, "", None
    at = utcnow()
    hint = parse_qs(query).get("call", [""])[0]
    record = events.event("status", params, at, call=hint)
    written, outcome = await gw.write(gw.txn(events.apply_status, params, at, hint), record)
    if written and outcome == "unknown":
        log.info("status callback for an unknown call %s", params.first("CallSid"))
    return 204, "", None


async def wait(gw: Gateway, params: Params, query: str) -> Answer:
    position = params.first("QueuePosition")
    return _xml(gw.twiml.wait(int(position) if position.isdigit() else 0))


def _query_value(query: str, name: str, pattern: re.Pattern[str]) -> str:
    value = parse_qs(query).get(name, [""])[0]
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
    """
    # The event loop hands each webhook's database work to a thread and back: with the default 5 ms GIL switch
    # interval every hand-over may wait that long.  A shorter interval keeps the webhook latency low.
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
    gw = Gateway(engine, config, spool, control)
    stream = _change_stream(engine, config)

    async def healthz(request: Request) -> Response:
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(gw.pool, _ping, engine), 1.0)
            db = "ok"
        except Exception:
            db = "down"
        pending = bool(gw.spool and gw.spool.pending)
        return JSONResponse({"status": "ok", "database": db, "spool_pending": pending, "spooled": gw.spooled})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if config.run_worker:
            gw.worker.start()
        if sender is not None:
            sender.start()
        if stream is not None:
            await stream.start()
        gc.collect()
        gc.freeze()  # start-up objects leave the collector's generations: shorter pauses under load
        try:
            yield
        finally:
            if stream is not None:
                await stream.stop()
            await gw.close()
            if gw.spool is not None:
                gw.spool.close()

    from . import messaging_webhooks

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    routes.extend(messaging_webhooks.routes(gw))
    routes.extend(extra_routes)
    if stream is not None:
        routes.extend(stream.routes())
    inner = Starlette(routes=routes, lifespan=lifespan)
    inner.state.gateway = gw
    inner.state.changes = stream
    return WebhookApp(gw, inner)


def signed(gw: Gateway, fn: Callable[[Gateway, Params, str], Any]) -> Callable[[Request], Any]:
    """Wrap a webhook handler ``fn(gateway, params, query)`` with the size, parse and signature checks."""
    return _handler(gw, fn)


def _change_stream(engine: Engine, config: GatewayConfig) -> Any:
    """The desktops' change-event stream of this gateway process, or None when configured off."""
    if not config.change_stream:
        return None
    from contactdesk.desktop.sync.stream import ChangeStream
    from contactdesk.desktop.sync.tokens import TokenChecker

    auth = TokenChecker(engine) if config.stream_auth else None
    return ChangeStream(engine, auth=auth, heartbeat=config.stream_heartbeat)


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
