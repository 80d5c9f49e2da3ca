"""The gateway's shared state and webhook plumbing: configuration, the per-process :class:`Gateway`, the answer
type, and :func:`signed`, which wraps a webhook handler with the size, parse and signature checks.

The voice webhooks (:mod:`.gateway`) and the messaging webhooks (:mod:`.messaging_webhooks`) both build on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import Engine
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from db.errors import describe, is_transient, uses_pooler_prepared_statements
from db.write import statement_connection, write_one_statement, write_txn_on
from services import dead_letters
from services.call_control import CallControl

from . import validation
from .errors import BadWebhook
from .health import HealthLimits
from .reconcile import CallLookup
from .server_limits import MAX_BODY_BYTES, current_limits
from .signature import SETTINGS_HEADER, SIGNATURE_HEADER, Params, SignatureChecker
from .spool import Spool
from .twiml import TwimlBuilder
from .worker import GatewayWorker

log = logging.getLogger(__name__)
DB_BUDGET_SECONDS = 3.0
XML = "application/xml"


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
    # The desktops' change-event stream (GET /events, gateway.changes.stream).
    change_stream: bool = True
    stream_auth: bool = True  # False only for a gateway bound to loopback (the embedded demo)
    stream_heartbeat: float = 0.5  # services.sync.changes.HEARTBEAT_SECONDS
    # The supervisors' wallboard (GET /wallboard, gateway.wallboard_stream): one snapshot a second, pushed.
    wallboard: bool = True
    wallboard_interval: float = 1.0
    bank_timezone: str = "Asia/Shanghai"  # the wallboard's day boundary
    health: HealthLimits = field(default_factory=HealthLimits)  # what /healthz holds this process to


class Gateway:
    """State shared by the handlers of one gateway process."""

    def __init__(
        self,
        engine: Engine,
        config: GatewayConfig,
        spool: Spool | None,
        control: CallControl | None,
        rest: CallLookup | None = None,
    ) -> None:
        self.engine = engine
        self.config = config
        self.checker = SignatureChecker(config.auth_token, config.public_url, config.shared_keys)
        self.twiml = TwimlBuilder(config.public_url)
        self.spool = spool
        threads = config.db_threads or (1 if engine.dialect.name == "sqlite" else 4)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gateway-db")
        self.worker = GatewayWorker(
            engine, spool, control, interval=config.worker_interval, region=config.region, rest=rest
        )
        self.spooled = 0
        self.dead_lettered = 0
        self._local = threading.local()
        self._conns: list[Any] = []
        self._conns_lock = threading.Lock()

    @property
    def runs_worker(self) -> bool:
        """Whether this process runs the worker (routing, spool replay)."""
        return self.config.run_worker

    # -- request parsing -------------------------------------------------------------------------------------
    async def read(self, request: Request) -> tuple[Params, str]:
        """Read, size-check, parse and signature-check a webhook that came through Starlette."""
        length = request.headers.get("content-length")
        self.check_length(length)
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(current_limits().body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > self.config.max_body:
                        raise Refused(413, "body too large")
                    chunks.append(chunk)
        except ClientDisconnect:
            raise Refused(400, "client went away") from None
        except TimeoutError:
            raise Refused(408, "request body too slow") from None
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
        try:
            validation.check_params(params)
        except BadWebhook as exc:
            raise Refused(400, str(exc)) from None
        return params, query

    # -- database under a time budget --------------------------------------------------------------------------
    async def write(self, fn: Callable[[], Any], record: dict[str, Any]) -> tuple[bool, Any]:
        """Run ``fn`` on the pool within the budget.

        A *transient* failure (the database away or slow, a lock, a pooler between connections) spools
        ``record`` for the worker to replay.  A *permanent* one (the data itself refused) is never spooled: the
        record becomes a dead letter and the webhook is answered 400, so nothing queues behind it.

        Returns:
            (True, fn's result) when written, (False, None) when spooled.

        Raises:
            Refused: 400 for a permanent failure (after the dead letter is kept).
        """
        self.worker.ensure_running()
        if self.spool is not None and self.spool.pending:
            return self._spool(record)
        loop = asyncio.get_running_loop()
        for attempt in (1, 2, 3):
            try:
                return True, await asyncio.wait_for(loop.run_in_executor(self.pool, fn), self.config.db_budget)
            except TimeoutError:
                log.warning("database slower than %.1fs; spooling %s", self.config.db_budget, record["kind"])
                break
            except BadWebhook:
                raise
            except Exception as exc:
                if not is_transient(exc):
                    await self._dead_letter(record, exc)
                    raise Refused(400, f"rejected: {type(exc).__name__}") from None
                if attempt < 3 and uses_pooler_prepared_statements(exc):
                    continue  # the engine stopped preparing statements: once more, on a fresh connection
                log.warning("database write failed (%s); spooling %s", describe(exc, 200), record["kind"])
                break
        return self._spool(record)

    async def _dead_letter(self, record: dict[str, Any], exc: BaseException) -> None:
        """Keep a webhook whose data the database refused; if even that cannot be written now, spool it
        (the replay sets it aside once the database answers)."""
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.pool, lambda: dead_letters.record(self.engine, record, exc, source="live"))
            self.dead_lettered += 1
        except Exception as again:
            log.error("could not keep a dead letter (%s); spooling it", describe(again, 200))
            self._spool(record)

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
    except BadWebhook as exc:
        return 400, str(exc), "text/plain"


def _handler(gw: Gateway, fn: Callable[[Gateway, Params, str], Any]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            params, query = await gw.read(request)
        except Refused as exc:
            return Response(str(exc), status_code=exc.status, media_type="text/plain")
        return _answer(await _run(gw, fn, params, query))

    return endpoint


def signed(gw: Gateway, fn: Callable[[Gateway, Params, str], Any]) -> Callable[[Request], Any]:
    """Wrap a webhook handler ``fn(gateway, params, query)`` with the size, parse and signature checks."""
    return _handler(gw, fn)
