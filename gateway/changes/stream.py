"""``GET /events``: the change-event stream (server-sent events) each desktop keeps open to a gateway.

Request: ``Authorization: Bearer <stream token>`` (see :mod:`.tokens`; a gateway may be configured without,
bound to loopback for the embedded demo), and where to resume: ``?after=<position>`` or the standard
``Last-Event-ID`` header (what an EventSource sends by itself on reconnect).  No position: the stream starts
at the gateway's live position, announced in a first ``position`` event.

Response: ``text/event-stream``.  Each ``changes`` event carries a JSON list of
``[feed id, entity, entity id, action, actor id, payload]`` and, as its ``id``, the position after it.  A
comment line (``: hb``) goes out whenever nothing else did for ``heartbeat`` seconds, so a desktop can tell a
quiet stream from a dead link.

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
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import Engine
from starlette.routing import BaseRoute, Route

from db.feed import FeedPosition, FeedReader
from services.sync.changes import HEARTBEAT_SECONDS, STREAM_PATH
from services.sync.position import BadPosition, decode, encode

from .hub import HEARTBEAT, POLL_INTERVAL, FeedHub, frame, frame_data

log = logging.getLogger(__name__)

CATCHUP_BATCH = 2000

Auth = Callable[[str], "int | None"]

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


async def _disconnected(receive: Any) -> None:
    """Returns when the desktop has gone away."""
    while (await receive())["type"] != "http.disconnect":
        pass


class ChangeStream:
    """The hub and the ``/events`` route of one gateway process.

    Args:
        engine: the shared database.
        auth: maps a bearer token to a user id (None: refused); None turns checking off (loopback only).
        heartbeat: seconds of silence before a keep-alive comment.
        interval: the hub's poll interval.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        auth: Auth | None,
        heartbeat: float = HEARTBEAT_SECONDS,
        interval: float = POLL_INTERVAL,
        catchup_batch: int = CATCHUP_BATCH,
    ) -> None:
        self.engine = engine
        self.hub = FeedHub(engine, interval=interval, heartbeat=heartbeat)
        self._auth = auth
        self.heartbeat = heartbeat
        self._catchup_batch = catchup_batch
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="feed-catchup")
        self.connected = 0
        self.path = STREAM_PATH

    def routes(self) -> list[BaseRoute]:
        return [Route(STREAM_PATH, self, methods=["GET"])]

    async def start(self) -> None:
        await self.hub.start()

    async def stop(self) -> None:
        await self.hub.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The ``/events`` endpoint as a bare ASGI application.

        Every batch goes to every connected desktop, so the per-message path matters more here than anywhere
        else in the gateway: the events are handed to the server directly, without a framework's response and
        middleware layers in between.
        """
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self._auth is not None:
            header = headers.get("authorization", "")
            token = header[7:].strip() if header[:7].lower() == "bearer " else ""
            loop = asyncio.get_running_loop()
            try:
                user = await loop.run_in_executor(self._pool, self._auth, token) if token else None
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
        await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
        pump = asyncio.ensure_future(self._pump(position, send))
        watch = asyncio.ensure_future(_disconnected(receive))
        done, _ = await asyncio.wait({pump, watch}, return_when=asyncio.FIRST_COMPLETED)
        for task in (pump, watch):
            if task not in done:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if pump in done:
            pump.result()  # an error while streaming is the server's to log
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
