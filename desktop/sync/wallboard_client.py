"""The wallboard's end of the gateway's ``/wallboard`` stream, on a background thread.

The stream opens with a full ``snapshot`` event (decoded by :func:`services.wallboard.types.from_json`), then sends
``delta`` events, each applied to the snapshot held (:func:`services.wallboard.delta.apply`), so the wallboard gets
the whole snapshot the aggregator computed either way: each is handed to ``deliver(snapshot)`` on the client's
thread. A delta that does not fit the snapshot held (a gap the gateway should have filled with a full snapshot) ends
the link: the reconnection starts with a full snapshot. ``on_link(up)`` says when the stream is reached or lost
(silence for three heartbeats counts as lost). On any failure it reconnects with backoff; the wallboard keeps
showing the last snapshot, marked stale, meanwhile. A 401 asks the token callable for a fresh token at the next
attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.backoff import Backoff
from services.wallboard import delta as deltas
from services.wallboard.types import WallboardSnapshot, from_json
from services.wallboard.wire import DELTA_EVENT, HEARTBEAT_SECONDS, SNAPSHOT_EVENT, WALLBOARD_PATH

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
        self.deltas = 0  # of the snapshots received, those rebuilt from a delta
        self._board: WallboardSnapshot | None = None  # the snapshot held on this link (deltas apply to it)

    def start(self) -> WallboardClient:
        super().start()
        return self

    def _once(self) -> None:
        self._stream_once()

    def _stream_once(self) -> None:
        token = self._token() if callable(self._token) else self._token
        self._board = None  # a new link starts with a full snapshot
        for sse in self._events(f"{self.url}{WALLBOARD_PATH}", token, self._read_timeout):
            if sse.event == SNAPSHOT_EVENT:
                self._take(sse.data)
            elif sse.event == DELTA_EVENT:
                self._take_delta(sse.data)

    def _take(self, data: str) -> None:
        try:
            snapshot = from_json(data)
        except ValueError as exc:
            log.warning("wallboard client: %s", exc)
            return
        self._hand_on(snapshot)

    def _take_delta(self, data: str) -> None:
        board = self._board
        if board is None:
            raise ConnectionError("a wallboard delta before any snapshot")
        try:
            snapshot = deltas.apply(board, deltas.from_json(data))
        except ValueError as exc:  # a gap: only a new link (it starts in full) puts the board right
            raise ConnectionError(str(exc)) from exc
        self.deltas += 1
        self._hand_on(snapshot)

    def _hand_on(self, snapshot: WallboardSnapshot) -> None:
        self._board = snapshot
        self.received += 1
        try:
            self._deliver(snapshot)
        except Exception:
            log.exception("wallboard client: deliver failed")
