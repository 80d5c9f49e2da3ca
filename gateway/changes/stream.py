"""``GET /events``: the change-event stream (server-sent events) each desktop keeps open to a gateway.

Request: ``Authorization: Bearer <stream token>`` (see :mod:`.tokens`; a gateway may be configured without,
bound to loopback for the embedded demo), and where to resume: ``?after=<position>`` or the standard
``Last-Event-ID`` header (what an EventSource sends by itself on reconnect).  No position: the stream starts
at the gateway's live position, announced in a first ``position`` event.

Response: ``text/event-stream``.  Each ``changes`` event carries a JSON list of
``[feed id, entity, entity id, action, actor id, payload]`` and, as its ``id``, the position after it.  A
comment line (``: hb``) goes out whenever nothing else did for ``heartbeat`` seconds, so a desktop can tell a
quiet stream from a dead link.

Revocation: the stream keeps the hash of the token it was opened with, and one task per gateway process
(:class:`RevocationWatch`) asks the database every :data:`~gateway.server_limits.STREAM_REVOCATION_INTERVAL`
seconds, in one batched query over the tokens of the streams open in this process, which of them are no longer
valid (revoked, expired, or their sign-in session ended).  Those streams get a last ``revoked`` event and end.
New streams look their token up every time (no remembered "yes"), so a revoked token is refused at once.

Resuming without a gap or a duplicate: the stream subscribes to the hub *first*, then reads everything since
the desktop's position with a private :class:`~db.feed.FeedReader` until it is caught up, then
forwards the hub's batches.  Events both read are dropped from the hub's batches up to and including the
first hub poll that started after the private reader's last one (any later poll can only hold events the
hub had not delivered before, which the private reader did not see either).  The desktop also drops an id
it has already seen (:class:`~.client.ChangeClient`), which covers moving between gateway nodes whose hubs
stand at slightly different places.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, runtime_checkable
from urllib.parse import parse_qs

from sqlalchemy import Engine
from starlette.routing import BaseRoute, Route

from db.feed import FeedPosition, FeedReader
from services.sync.changes import HEARTBEAT_SECONDS, STREAM_PATH
from services.sync.position import BadPosition, decode, encode

from ..server_limits import STREAM_REVOCATION_INTERVAL, current_limits, effective_max_streams
from .hub import HEARTBEAT, POLL_INTERVAL, FeedHub, frame, frame_data

log = logging.getLogger(__name__)

CATCHUP_BATCH = 2000
FINAL_SEND_SECONDS = 1.0  # how long the last event of a cut stream may wait for a desktop that does not read
REVOKED_EVENT = b"event: revoked\ndata: {}\n\n"

Auth = Callable[[str], "int | None"]


@runtime_checkable
class Grant(Protocol):
    """What a revocable checker says about a valid token (:class:`services.stream_tokens.Grant`)."""

    user_id: int
    token_hash: str


@runtime_checkable
class RevocableAuth(Protocol):
    """A token checker whose answers can be taken back (:class:`services.stream_tokens.TokenChecker`): it names
    the stored token behind a grant, and says which of a batch of tokens are still valid."""

    def __call__(self, token: str) -> int | None: ...

    def grant(self, token: str) -> Grant | None: ...

    def still_valid(self, hashes: Collection[str]) -> set[str]: ...


STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]


async def _plain(send: Any, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = message.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


def bearer_token(headers: dict[str, str]) -> str:
    """The token of an ``Authorization: Bearer …`` header ("" without one)."""
    header = headers.get("authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


async def _disconnected(receive: Any) -> None:
    """Returns when the desktop has gone away."""
    while (await receive())["type"] != "http.disconnect":
        pass


class RevocationWatch:
    """Ends the open streams whose token stopped being valid; one per gateway process.

    Every ``interval`` seconds, when streams are open, one call of ``still_valid(hashes)`` (one batched query,
    on a thread of its own so that catch-up reads cannot delay it) over the distinct tokens of this process's
    streams; the streams of every token missing from the answer are told to end.  When the database cannot be
    asked, the streams stay open (they carry nothing meanwhile: the feed is in the same database) and the next
    round asks again.

    Args:
        still_valid: maps token hashes to the subset still valid.
        interval: seconds between two checks.
    """

    def __init__(self, still_valid: Callable[[Collection[str]], set[str]], *, interval: float) -> None:
        self._still_valid = still_valid
        self.interval = interval
        self._open: dict[str, set[asyncio.Event]] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stream-revocation")
        self._task: asyncio.Task[None] | None = None
        self.checks = 0  # queries made (for tests and health)
        self.cut = 0  # streams ended because their token went
        self.last_error: str | None = None
        self.last_check_seconds = 0.0

    def track(self, token_hash: str) -> asyncio.Event:
        """Watch a stream's token; the event is set when the stream must end."""
        event = asyncio.Event()
        self._open.setdefault(token_hash, set()).add(event)
        return event

    def untrack(self, token_hash: str, event: asyncio.Event) -> None:
        events = self._open.get(token_hash)
        if events is not None:
            events.discard(event)
            if not events:
                del self._open[token_hash]

    @property
    def tokens(self) -> int:
        """Distinct tokens of the open streams."""
        return len(self._open)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="stream-revocation")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            began = loop.time()
            if self._open:
                await self.check_now()
            await asyncio.sleep(max(0.0, self.interval - (loop.time() - began)))

    async def check_now(self) -> None:
        """One round: ask about every open stream's token, end the streams of those that went."""
        hashes = list(self._open)
        if not hashes:
            return
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        try:
            valid = await loop.run_in_executor(self._executor, self._still_valid, hashes)
        except Exception as exc:
            if self.last_error is None:
                log.warning("cannot check the stream tokens now (%s); streams stay open", exc.__class__.__name__)
            self.last_error = exc.__class__.__name__
            return
        self.checks += 1
        self.last_error = None
        self.last_check_seconds = time.perf_counter() - started
        for token_hash in hashes:
            if token_hash not in valid:
                for event in self._open.pop(token_hash, ()):
                    event.set()
                    self.cut += 1


class ChangeStream:
    """The hub and the ``/events`` route of one gateway process.

    Args:
        engine: the shared database.
        auth: maps a bearer token to a user id (None: refused); None turns checking off (loopback only).  A
            :class:`RevocableAuth` (the gateway's :class:`~services.stream_tokens.TokenChecker`) also has open
            streams ended when their token is revoked, expires or loses its session.
        heartbeat: seconds of silence before a keep-alive comment.
        interval: the hub's poll interval.
        revocation_interval: seconds between two checks of the open streams' tokens.
        max_streams: open streams this process accepts (503 above; default from :mod:`gateway.server_limits`,
            which keeps room for webhooks).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        auth: Auth | None,
        heartbeat: float = HEARTBEAT_SECONDS,
        interval: float = POLL_INTERVAL,
        catchup_batch: int = CATCHUP_BATCH,
        revocation_interval: float = STREAM_REVOCATION_INTERVAL,
        max_streams: int | None = None,
    ) -> None:
        self.engine = engine
        self.hub = FeedHub(engine, interval=interval, heartbeat=heartbeat)
        self._auth = auth
        self.heartbeat = heartbeat
        self._catchup_batch = catchup_batch
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="feed-catchup")
        self.revocations = (
            RevocationWatch(auth.still_valid, interval=revocation_interval) if isinstance(auth, RevocableAuth) else None
        )
        self.max_streams = max_streams if max_streams is not None else effective_max_streams(current_limits())
        self.admitted = 0  # streams past the cap check (some may still be checking their token)
        self.connected = 0
        self.path = STREAM_PATH

    def routes(self) -> list[BaseRoute]:
        return [Route(STREAM_PATH, self, methods=["GET"])]

    async def start(self) -> None:
        await self.hub.start()
        if self.revocations is not None:
            self.revocations.start()

    async def stop(self) -> None:
        if self.revocations is not None:
            await self.revocations.stop()
        await self.hub.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ``/events`` endpoint as a bare ASGI application.

        Every batch goes to every connected desktop, so the per-message path matters more here than anywhere
        else in the gateway: the events are handed to the server directly, without a framework's response and
        middleware layers in between.
        """
        if self.admitted >= self.max_streams:
            await _plain(send, 503, "too many streams on this gateway", [(b"retry-after", b"5")])
            return
        self.admitted += 1
        try:
            await self._serve(scope, receive, send)
        finally:
            self.admitted -= 1

    async def _serve(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("content-length", "0") != "0" or "transfer-encoding" in headers:
            await _plain(send, 400, "GET /events takes no body")
            return
        token_hash: str | None = None
        if self._auth is not None:
            token = bearer_token(headers)
            loop = asyncio.get_running_loop()
            auth = self._auth
            try:
                if not token:
                    user = None
                elif isinstance(auth, RevocableAuth):
                    grant = await loop.run_in_executor(self._pool, auth.grant, token)
                    user, token_hash = (grant.user_id, grant.token_hash) if grant is not None else (None, None)
                else:
                    user = await loop.run_in_executor(self._pool, auth, token)
            except Exception:
                await _plain(send, 503, "cannot check the token now")
                return
            if user is None:
                await _plain(send, 401, "missing or invalid stream token")
                return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        after = (query.get("after") or [""])[0] or headers.get("last-event-id", "")
        try:
            position = decode(after) if after else None
        except BadPosition as exc:
            await _plain(send, 400, str(exc))
            return
        if not self.hub.ready:
            await _plain(send, 503, "change feed not available yet", [(b"retry-after", b"1")])
            return
        watch = self.revocations
        revoked = watch.track(token_hash) if watch is not None and token_hash is not None else None
        try:
            await self._stream(position, receive, send, revoked)
        finally:
            if revoked is not None and watch is not None and token_hash is not None:
                watch.untrack(token_hash, revoked)

    async def _stream(
        self, position: FeedPosition | None, receive: Any, send: Any, revoked: asyncio.Event | None
    ) -> None:
        """Send the events until the desktop goes, the hub drops the stream, or the token is revoked."""
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        pump = asyncio.ensure_future(self._pump(position, send))
        watch = asyncio.ensure_future(_disconnected(receive))
        tasks: set[asyncio.Future[Any]] = {pump, watch}
        cut = asyncio.ensure_future(revoked.wait()) if revoked is not None else None
        if cut is not None:
            tasks.add(cut)
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            if task not in done:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if pump in done:
            pump.result()  # an error while streaming is the server's to log
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        elif cut is not None and cut in done and watch not in done:
            # The token went: a last event saying so, then the end of the response (bounded in time, in
            # case the desktop has stopped reading).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(FINAL_SEND_SECONDS):
                    await send({"type": "http.response.body", "body": REVOKED_EVENT, "more_body": True})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _pump(self, position: FeedPosition | None, send: Any) -> None:
        async for chunk in self._events(position):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})

    async def _events(self, position: FeedPosition | None) -> AsyncIterator[bytes]:
        hub = self.hub
        sub = hub.subscribe()  # first: nothing the hub reads from now on can be missed
        self.connected += 1
        try:
            yield b"retry: 1000\n\n"
            seen: set[int] = set()
            handover = 0
            if position is None:
                yield f"id: {hub.token}\nevent: position\ndata: []\n\n".encode()
            else:
                reader = FeedReader(self.engine, position, batch=self._catchup_batch)
                loop = asyncio.get_running_loop()
                while True:
                    ids, data = await loop.run_in_executor(self._pool, reader.poll_encoded)
                    seen.update(ids)
                    yield frame_data(data, encode(reader.position))
                    if len(ids) < self._catchup_batch:
                        break
                handover = hub.polls_started
            while True:
                batch = await sub.queue.get()
                if batch is HEARTBEAT:
                    yield batch.data
                    continue
                if batch is None:
                    return  # dropped (too slow, or the gateway is stopping): the desktop reconnects
                if seen:
                    if batch.poll <= handover + 1:
                        fresh = [e for e in batch.events if e.id not in seen]
                        if len(fresh) != len(batch.events):
                            yield frame(fresh, batch.token)
                            continue
                    else:
                        seen = set()
                yield batch.data
        finally:
            self.connected -= 1
            hub.unsubscribe(sub)
