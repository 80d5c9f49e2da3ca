"""The desktop's end of live sync: changes from the gateway's event stream, or from the feed in-process.

:class:`ChangeClient` runs on a background thread and calls ``deliver(changes)`` there with each batch of
:class:`~.changes.Change` (the Qt adapter, :class:`desktop.ui.sync.bridge.ChangeBridge`, turns
that into a signal on the GUI thread).  Two sources:

* **gateway** (shared PostgreSQL): ``GET /events`` over HTTP with a bearer token; on any failure it
  reconnects with backoff, sending its last position, and the gateway catches it up from the feed first.
* **in-process** (embedded SQLite, or no gateway configured): a :class:`~db.feed.FeedReader`
  polled every ``poll_interval`` seconds.

Either way a change is delivered once: ids already delivered are dropped.  The position is kept in memory and,
with a :class:`PositionStore`, in a small file (written atomically, at most once a second).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from db.feed import FeedReader, head
from services.backoff import Backoff
from services.private_files import open_private, private_dir
from services.sync.changes import HEARTBEAT_SECONDS, STREAM_PATH, Change, RecentIds
from services.sync.position import BadPosition, decode, encode

from .stream_thread import StreamThread

log = logging.getLogger(__name__)

Deliver = Callable[[list[Change]], None]
LinkCallback = Callable[[bool], None]


class PositionStore:
    """The last position in a small file, so that a restarted desktop can ask for what it missed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> str | None:
        try:
            token = json.loads(self.path.read_text(encoding="utf-8")).get("position")
            decode(token)
            return str(token)
        except (OSError, ValueError, AttributeError, TypeError, BadPosition):
            return None

    def save(self, token: str) -> None:
        private_dir(self.path.parent)
        tmp = self.path.with_suffix(".tmp")
        with open(open_private(tmp, os.O_WRONLY | os.O_TRUNC), "w", encoding="utf-8") as out:  # 0600 (POSIX)
            out.write(json.dumps({"position": token}))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.path)


class ChangeClient(StreamThread):
    """Receives committed changes on a background thread.

    Args:
        deliver: called on the client's thread with each non-empty batch (must be quick and thread-safe).
        url: the gateway's base URL (``http://host:port``); None: read the feed in-process from ``engine``.
        token: the stream token (:func:`services.stream_tokens.issue`), or a callable returning a
            fresh one (called again after a 401).
        engine: the database, for the in-process source.
        position: where to start (:func:`start_position`); None: the store's, else the live end.
        store: keeps the position across restarts.
        on_link: called with True/False when the stream or the feed becomes reachable / unreachable.
        heartbeat: the gateway's keep-alive period; silence for ``3 ×`` that counts as a dead link.
        poll_interval: seconds between reads of the in-process source.
    """

    def __init__(
        self,
        deliver: Deliver,
        *,
        url: str | None = None,
        token: str | Callable[[], str] | None = None,
        engine: Engine | None = None,
        position: str | None = None,
        store: PositionStore | None = None,
        on_link: LinkCallback | None = None,
        heartbeat: float = HEARTBEAT_SECONDS,
        poll_interval: float = 0.1,
        backoff: Backoff | None = None,
    ) -> None:
        if url is None and engine is None:
            raise ValueError("ChangeClient needs a gateway url or an engine")
        super().__init__("change-client", on_link=on_link, backoff=backoff)
        self._deliver = deliver
        self.url = url.rstrip("/") if url else None
        self._token = token
        self._engine = engine
        self._store = store
        self.position = position or (store.load() if store else None)
        self._read_timeout = max(1.0, heartbeat * 3)
        self._poll_interval = poll_interval
        self._recent = RecentIds()
        self._saved_at = 0.0
        self.delivered = 0

    # -- life ----------------------------------------------------------------------------------------------
    def start(self) -> ChangeClient:
        super().start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (it ends within a moment, even in the middle of a read) and keep the position."""
        super().stop(timeout)
        self._save(force=True)

    # -- the loop ------------------------------------------------------------------------------------------
    def _once(self) -> None:
        if self.url is not None:
            self._stream_once()
        else:
            self._poll_forever()

    def _stream_once(self) -> None:
        token = self._token() if callable(self._token) else self._token
        params = {"after": self.position} if self.position else None
        for sse in self._events(f"{self.url}{STREAM_PATH}", token, self._read_timeout, params):
            if sse.event == "changes":
                self._take([Change.from_wire(item) for item in json.loads(sse.data)], sse.id or None)
            elif sse.event == "position" and sse.id:
                self._take([], sse.id)

    def _poll_forever(self) -> None:
        assert self._engine is not None
        reader = FeedReader(self._engine, decode(self.position) if self.position else head(self._engine))
        self._take([], encode(reader.position))
        while not self._stop.is_set():
            events = reader.poll()
            self._link(True)
            self._backoff.reset()
            self._take([Change.from_event(e) for e in events], encode(reader.position))
            if not events:
                self._stop.wait(self._poll_interval)

    def _take(self, changes: list[Change], token: str | None) -> None:
        fresh = self._recent.fresh(changes)
        if fresh:
            self.delivered += len(fresh)
            try:
                self._deliver(fresh)
            except Exception:
                log.exception("change client: deliver failed")
        if token:
            self.position = token
            self._save()

    def _save(self, *, force: bool = False) -> None:
        if self._store is None or not self.position:
            return
        now = time.monotonic()
        if force or now - self._saved_at >= 1.0:
            self._saved_at = now
            try:
                self._store.save(self.position)
            except OSError as exc:
                log.warning("change client: cannot keep the position (%s)", exc)

    def status(self) -> dict[str, Any]:
        """For diagnostics: linked, position, delivered, connects, last error."""
        return {
            "linked": self.linked,
            "position": self.position,
            "delivered": self.delivered,
            "connects": self.connects,
            "last_error": self.last_error,
        }
