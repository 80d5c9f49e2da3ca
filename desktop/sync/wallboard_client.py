"""The wallboard's end of the gateway's ``/wallboard`` stream, on a background thread.

Each ``snapshot`` event is decoded (:func:`services.wallboard.types.from_json`) and handed to
``deliver(snapshot)`` on the client's thread; ``on_link(up)`` says when the stream is reached or lost (silence
for three heartbeats counts as lost).  On any failure it reconnects with backoff; the wallboard keeps showing the
last snapshot, marked stale, meanwhile.  A 401 asks the token callable for a fresh token at the next attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.backoff import Backoff
from services.wallboard.types import WallboardSnapshot, from_json
from services.wallboard.wire import HEARTBEAT_SECONDS, SNAPSHOT_EVENT, WALLBOARD_PATH

from .stream_thread import StreamThread

log = logging.getLogger(__name__)


class WallboardClient(StreamThread):
    """Receives the gateway's wallboard snapshots (see the module).

    Args:
        url: the gateway's base URL.
        token: the stream token, or a callable returning a fresh one.
        deliver: called on the client's thread with each snapshot (quick and thread-safe).
        on_link: called with True / False as the stream is reached / lost.
    """

    def __init__(
        self,
        url: str,
        token: str | Callable[[], str | None] | None,
        deliver: Callable[[WallboardSnapshot], None],
        *,
        on_link: Callable[[bool], None] | None = None,
        heartbeat: float = HEARTBEAT_SECONDS,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__("wallboard-client", on_link=on_link, backoff=backoff)
        self.url = url.rstrip("/")
        self._token = token
        self._deliver = deliver
        self._read_timeout = max(1.0, heartbeat * 3)
        self.received = 0

    def start(self) -> WallboardClient:
        super().start()
        return self

    def _once(self) -> None:
        self._stream_once()

    def _stream_once(self) -> None:
        token = self._token() if callable(self._token) else self._token
        for sse in self._events(f"{self.url}{WALLBOARD_PATH}", token, self._read_timeout):
            if sse.event == SNAPSHOT_EVENT:
                self._take(sse.data)

    def _take(self, data: str) -> None:
        try:
            snapshot = from_json(data)
        except ValueError as exc:
            log.warning("wallboard client: %s", exc)
            return
        self.received += 1
        try:
            self._deliver(snapshot)
        except Exception:
            log.exception("wallboard client: deliver failed")
