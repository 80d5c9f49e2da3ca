"""The gateway's one feed reader, fanned out to every connected desktop.

:class:`FeedHub` polls the change feed with a single :class:`~db.feed.FeedReader` (one
connection's worth of queries per gateway process, whatever the number of desktops) and hands each batch,
already encoded as one server-sent event, to every subscriber's queue.  A subscriber that falls too far
behind is dropped: its desktop reconnects with its last position and catches up from the feed.

Each batch carries the number of the poll that produced it (:attr:`Batch.poll`), which the stream uses to
hand a reconnecting desktop over from its private catch-up reader to the shared one without a gap or a
duplicate (see :mod:`.stream`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from db.feed import ChangeEvent, FeedPosition, FeedReader, head
from services.sync.position import encode

log = logging.getLogger(__name__)

POLL_INTERVAL = 0.05
ERROR_BACKOFF = (0.2, 2.0)
QUEUE_LIMIT = 2000  # batches a subscriber may lag behind before it is dropped


def event_json(event: ChangeEvent) -> list[Any]:
    """The compact form of one change: ``[feed id, entity, entity id, action, actor id, payload]``."""
    return [event.id, event.entity, event.entity_id, event.action, event.actor_id, event.payload]


def frame(events: Sequence[ChangeEvent], token: str) -> bytes:
    """One server-sent event holding a batch of changes; its ``id`` is the position after the batch."""
    return frame_data(json.dumps([event_json(e) for e in events], ensure_ascii=False, separators=(",", ":")), token)


def frame_data(data: str, token: str) -> bytes:
    """The server-sent event for a batch already encoded as a JSON array (on one line)."""
    return f"id: {token}\nevent: changes\ndata: {data}\n\n".encode()


@dataclass(frozen=True)
class Batch:
    """What the hub read in one poll."""

    poll: int  # number of the poll that read it (polls are numbered from 1 as they *start*)
    events: tuple[ChangeEvent, ...]
    token: str  # the hub's position after this batch
    data: bytes  # the encoded event, shared by every subscriber


HEARTBEAT = Batch(0, (), "", b": hb\n\n")  # a keep-alive comment, queued to every subscriber when all is quiet


@dataclass(eq=False)
class Subscription:
    """One connected desktop's queue of batches (and heartbeats; None ends the stream)."""

    queue: asyncio.Queue[Batch | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    dropped: bool = False


class FeedHub:
    """Tails the change feed once per process and fans out the batches.

    Args:
        engine: the shared database.
        interval: seconds between polls.
        heartbeat: seconds without a batch after which every subscriber gets a keep-alive comment (one
            timer for the whole process, rather than a timeout per desktop and message).
        start_at: where to start (default: the feed's head when :meth:`start` runs).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        interval: float = POLL_INTERVAL,
        heartbeat: float = 0.5,
        start_at: FeedPosition | None = None,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.heartbeat = heartbeat
        self._published_at = time.monotonic()
        self._beat_task: asyncio.Task[None] | None = None
        self._start_at = start_at
        self.reader: FeedReader | None = None
        self.subscribers: set[Subscription] = set()
        self.polls_started = 0
        self.polls_done = 0
        self.healthy = False
        self.last_error: str | None = None
        self.token = "0"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-hub")
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._closed = False
        self.delivered = 0  # events read since start (for health and benchmarks)

    # -- life ----------------------------------------------------------------------------------------
    async def start(self) -> None:
        """Start tailing in the background (from the head of the feed unless told otherwise).

        Returns at once: when the database is away at start-up the hub keeps trying, and streams are
        refused (503) until it has a position.
        """
        self._task = asyncio.create_task(self._main(), name="feed-hub")
        self._beat_task = asyncio.create_task(self._beat(), name="feed-hub-heartbeat")

    @property
    def ready(self) -> bool:
        """True once the hub knows where it stands in the feed."""
        return self.reader is not None

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        position = self._start_at
        delay = ERROR_BACKOFF[0]
        while position is None:
            try:
                position = await loop.run_in_executor(self._executor, head, self.engine)
            except Exception as exc:
                self.last_error = exc.__class__.__name__
                log.warning("change feed: cannot read the head (%s); retrying", self.last_error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, ERROR_BACKOFF[1])
        self.reader = FeedReader(self.engine, position)
        self.token = encode(position)
        self.healthy = True
        await self._run()

    async def stop(self) -> None:
        """Stop tailing and end every subscriber's stream."""
        self._closed = True
        for task in (self._task, self._beat_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        for sub in list(self.subscribers):
            self._drop(sub)
        self._executor.shutdown(wait=False, cancel_futures=True)

    def wake(self) -> None:
        """Poll now rather than at the next tick (e.g. this process has just written)."""
        self._wake.set()

    # -- subscribers -----------------------------------------------------------------------------------
    def subscribe(self) -> Subscription:
        """A queue that receives every batch read from now on."""
        sub = Subscription()
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self.subscribers.discard(sub)

    def _drop(self, sub: Subscription) -> None:
        sub.dropped = True
        self.subscribers.discard(sub)
        with contextlib.suppress(asyncio.QueueFull):
            sub.queue.put_nowait(None)
        if sub.queue.full():  # make room for the end marker
            with contextlib.suppress(asyncio.QueueEmpty):
                sub.queue.get_nowait()
            sub.queue.put_nowait(None)

    # -- tailing ---------------------------------------------------------------------------------------
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        delay = ERROR_BACKOFF[0]
        assert self.reader is not None
        while not self._closed:
            self.polls_started += 1
            number = self.polls_started
            began = time.monotonic()
            try:
                events = await loop.run_in_executor(self._executor, self.reader.poll)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.healthy = False
                self.last_error = exc.__class__.__name__
                log.warning("change feed poll failed (%s); retrying in %.1fs", self.last_error, delay)
                await self._sleep(delay)
                delay = min(delay * 2, ERROR_BACKOFF[1])
                continue
            delay = ERROR_BACKOFF[0]
            self.healthy = True
            self.polls_done = number
            self.token = encode(self.reader.position)
            if events:
                self.delivered += len(events)
                self._publish(Batch(number, tuple(events), self.token, frame(events, self.token)))
            await self._sleep(max(0.0, self.interval - (time.monotonic() - began)))

    async def _beat(self) -> None:
        while not self._closed:
            await asyncio.sleep(self.heartbeat / 2)
            if time.monotonic() - self._published_at >= self.heartbeat:
                self._publish(HEARTBEAT)

    def _publish(self, batch: Batch) -> None:
        self._published_at = time.monotonic()
        for sub in list(self.subscribers):
            try:
                sub.queue.put_nowait(batch)
            except asyncio.QueueFull:
                log.info("a desktop fell %d batches behind; dropping its stream (it will catch up)", QUEUE_LIMIT)
                self._drop(sub)

    async def _sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
