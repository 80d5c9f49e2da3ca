"""``GET /wallboard``: the floor's snapshot, computed once per second by this gateway and pushed to every
wallboard.

One :class:`~services.wallboard.publisher.SnapshotPublisher` per gateway process computes the snapshot (a
few aggregate queries a second, whatever the number of wallboards; from the first wallboard on).  Each
snapshot is encoded once as a delta from the one before (:mod:`services.wallboard.delta`), once in full when
a stream first needs it, and handed to every open stream.  A stream sends the delta when its wallboard holds
the delta's base (the snapshot this stream sent last), the full snapshot otherwise: a new stream, or one
whose wallboard missed a snapshot.  A stream holds at most the newest snapshot not yet sent: a wallboard that
reads slowly skips to the latest figures (in full) instead of falling behind.  A new stream gets the latest
snapshot at once.

The publisher ticks once a second, and is nudged when the change feed shows a call or an agent change (the
gateway's own :class:`~gateway.changes.hub.FeedHub` when given one, else one of the stream's own, started with
the first wallboard), so a change reaches the wallboards in a fraction of a second rather than up to a tick
later.

Access: a bearer stream token (:mod:`services.stream_tokens`, as ``/events``) whose user's role holds
``wallboard.view``; the role is read from the database at every connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, select
from starlette.routing import BaseRoute, Route

from db.models import User
from services.permissions import allowed
from services.wallboard import delta as deltas
from services.wallboard.types import WallboardSnapshot, to_json
from services.wallboard.wire import DELTA_EVENT, HEARTBEAT_SECONDS, SNAPSHOT_EVENT, WALLBOARD_PATH

from .changes.hub import FeedHub, Subscription
from .changes.stream import STREAM_HEADERS, Auth, _disconnected, _plain, bearer_token

log = logging.getLogger(__name__)

MAX_WALLBOARDS = 1000  # streams one gateway process serves at once
NUDGING = frozenset({"call", "agent"})  # change-feed entities that move the wallboard's figures


def snapshot_frame(snapshot: WallboardSnapshot) -> bytes:
    return f"id: {snapshot.seq}\nevent: {SNAPSHOT_EVENT}\ndata: {to_json(snapshot)}\n\n".encode()


def delta_frame(prev: WallboardSnapshot, snapshot: WallboardSnapshot) -> bytes:
    text = deltas.to_json(deltas.diff(prev, snapshot))
    return f"id: {snapshot.seq}\nevent: {DELTA_EVENT}\ndata: {text}\n\n".encode()


class Frame:
    """One snapshot for every stream: its delta from snapshot ``base``, encoded on the publisher's thread, and
    its full encoding, made once on first need (a new or lagging wallboard) off the event loop.

    Encoding a big floor in full costs far more than the delta (a tenth of a second at 2,000 agents), and in
    the steady state no stream needs it, so it is kept off the path from the snapshot to the wallboards.
    Used on the event loop only, once made.
    """

    def __init__(self, snapshot: WallboardSnapshot, base: int | None = None, delta: bytes | None = None) -> None:
        self.snapshot = snapshot
        self.seq = snapshot.seq
        self.base = base
        self.delta = delta
        self._full: asyncio.Future[bytes] | None = None

    async def for_board(self, last_seq: int | None, encoder: Executor | None = None) -> bytes:
        """What a stream whose wallboard last got ``last_seq`` is sent: the delta if it applies there."""
        if self.delta is not None and last_seq is not None and last_seq == self.base:
            return self.delta
        if self._full is None:
            loop = asyncio.get_running_loop()
            self._full = asyncio.ensure_future(loop.run_in_executor(encoder, snapshot_frame, self.snapshot))
        return await asyncio.shield(self._full)  # one wallboard going away does not cancel it for the others


class _Board:
    """One open stream: the newest frame not yet sent, and the seq its wallboard holds."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Frame] = asyncio.Queue(maxsize=1)
        self.last_seq: int | None = None


class WallboardStream:
    """The ``/wallboard`` endpoint and the fan-out of the publisher's snapshots (see the module).

    Args:
        engine: the shared database (the role check).
        publisher: computes the snapshots (started with the stream, stopped with it).
        auth: maps a bearer token to a user id; None turns checking off (a gateway bound to loopback).
        heartbeat: seconds of silence after which a comment line goes out.
        hub: the gateway's change-feed hub, whose call and agent changes nudge the publisher; None: the stream
            tails the feed itself (from the first wallboard on).
    """

    def __init__(
        self,
        engine: Engine,
        publisher: Any,
        *,
        auth: Auth | None,
        heartbeat: float = HEARTBEAT_SECONDS,
        hub: FeedHub | None = None,
    ) -> None:
        self.engine = engine
        self.publisher = publisher
        self._auth = auth
        self.heartbeat = heartbeat
        self._streams: set[_Board] = set()
        self._latest: Frame | None = None
        self._previous: WallboardSnapshot | None = None  # the publisher's last snapshot (its thread only)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._unsubscribe: Any = None
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wallboard-auth")
        self._encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wallboard-encode")
        self.sent = 0  # snapshots handed to streams (for tests and health)
        self.deltas_sent = 0  # of which as deltas
        self._computing = False  # the publisher starts with the first wallboard: no figures nobody reads
        self._hub = hub
        self._own_hub = hub is None
        self._watch: asyncio.Task[None] | None = None
        self.nudges = 0  # changes that woke the publisher early (for tests and health)

    def routes(self) -> list[BaseRoute]:
        return [Route(WALLBOARD_PATH, self, methods=["GET"])]

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._unsubscribe = self.publisher.subscribe(self._published)

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        if self._own_hub and self._hub is not None:
            await self._hub.stop()
        if self._computing:
            await asyncio.to_thread(self.publisher.stop)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._encoder.shutdown(wait=False, cancel_futures=True)

    @property
    def open_streams(self) -> int:
        return len(self._streams)

    # -- the fan-out ----------------------------------------------------------------------------------------
    def _published(self, snapshot: WallboardSnapshot) -> None:
        """On the publisher's thread: encode once in full and once as a delta, hand over to the event loop."""
        prev, self._previous = self._previous, snapshot
        frame = Frame(snapshot)
        if prev is not None and prev.seq < snapshot.seq:
            frame = Frame(snapshot, prev.seq, delta_frame(prev, snapshot))
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(self._fan_out, frame)

    def _fan_out(self, frame: Frame) -> None:
        self._latest = frame
        for board in self._streams:
            if board.queue.full():  # the wallboard has not taken the previous one: it gets the newest instead
                with contextlib.suppress(asyncio.QueueEmpty):
                    board.queue.get_nowait()
            board.queue.put_nowait(frame)

    # -- one wallboard --------------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if len(self._streams) >= MAX_WALLBOARDS:
            await _plain(send, 503, "too many wallboards on this gateway", [(b"retry-after", b"5")])
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self._auth is not None:
            token = bearer_token(headers)
            loop = asyncio.get_running_loop()
            try:
                user = await loop.run_in_executor(self._pool, self._auth, token) if token else None
                may = user is not None and await loop.run_in_executor(self._pool, self._may_view, user)
            except Exception:
                await _plain(send, 503, "cannot check the token now")
                return
            if user is None:
                await _plain(send, 401, "missing or invalid stream token")
                return
            if not may:
                await _plain(send, 403, "this user may not view the wallboard")
                return
        if not self._computing:
            self._computing = True
            self.publisher.start()
            await self._start_watching()
        board = _Board()
        if self._latest is not None:
            board.queue.put_nowait(self._latest)
        self._streams.add(board)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
            pump = asyncio.ensure_future(self._pump(board, send))
            gone = asyncio.ensure_future(_disconnected(receive))
            done, pending = await asyncio.wait({pump, gone}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if pump in done:
                pump.result()
        finally:
            self._streams.discard(board)

    # -- nudges -----------------------------------------------------------------------------------------------
    async def _start_watching(self) -> None:
        nudge = getattr(self.publisher, "nudge", None)
        if nudge is None:
            return
        if self._hub is None:
            self._hub = FeedHub(self.engine)
            await self._hub.start()
        self._watch = asyncio.ensure_future(self._watch_feed(self._hub, nudge))

    async def _watch_feed(self, hub: FeedHub, nudge: Any) -> None:
        """Nudge the publisher on every batch of changes that holds a call or an agent change."""
        sub: Subscription = hub.subscribe()
        try:
            while True:
                batch = await sub.queue.get()
                if batch is None:  # fell behind and was dropped: the next snapshot is due anyway
                    nudge()
                    sub = hub.subscribe()
                    continue
                if any(event.entity in NUDGING for event in batch.events):
                    self.nudges += 1
                    nudge()
        finally:
            hub.unsubscribe(sub)

    def _may_view(self, user_id: int) -> bool:
        with self.engine.connect() as conn:
            role = conn.execute(
                select(User.role_code).where(User.id == user_id, User.is_active.is_(True))
            ).scalar_one_or_none()
        return role is not None and allowed(str(role), "wallboard.view")

    async def _pump(self, board: _Board, send: Any) -> None:
        while True:
            try:
                frame = await asyncio.wait_for(board.queue.get(), timeout=self.heartbeat)
            except TimeoutError:
                data = b": hb\n\n"
            else:
                data = await frame.for_board(board.last_seq, self._encoder)
                board.last_seq = frame.seq
                self.sent += 1
                self.deltas_sent += data is frame.delta
            await send({"type": "http.response.body", "body": data, "more_body": True})
