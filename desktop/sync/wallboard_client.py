"""The wallboard's end of the gateway's ``/wallboard`` stream, on a background thread.

Each ``snapshot`` event is decoded (:func:`services.wallboard.types.from_json`) and handed to
``deliver(snapshot)`` on the client's thread; ``on_link(up)`` says when the stream is reached or lost (silence
for three heartbeats counts as lost).  On any failure it reconnects with backoff; the wallboard keeps showing the
last snapshot, marked stale, meanwhile.  A 401 asks the token callable for a fresh token at the next attempt.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import httpx
from httpx_sse import SSEError, connect_sse

from services.backoff import Backoff
from services.wallboard.types import WallboardSnapshot, from_json
from services.wallboard.wire import HEARTBEAT_SECONDS, SNAPSHOT_EVENT, WALLBOARD_PATH

log = logging.getLogger(__name__)


class WallboardClient:
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
        token: str | Callable[[], str] | None,
        deliver: Callable[[WallboardSnapshot], None],
        *,
        on_link: Callable[[bool], None] | None = None,
        heartbeat: float = HEARTBEAT_SECONDS,
        backoff: Backoff | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._deliver = deliver
        self._on_link = on_link
        self._read_timeout = max(1.0, heartbeat * 3)
        self._backoff = backoff or Backoff()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.linked: bool | None = None
        self.received = 0
        self.last_error: str | None = None

    def start(self) -> WallboardClient:
        self._thread = threading.Thread(target=self._run, name="wallboard-client", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._stream_once()
            except Exception as exc:  # any failure: say so, wait, reconnect
                self.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
                log.debug("wallboard client: %s", self.last_error)
            self._link(False)
            if self._stop.wait(self._backoff.next()):
                break

    def _stream_once(self) -> None:
        token = self._token() if callable(self._token) else self._token
        headers = {"Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        timeout = httpx.Timeout(connect=2.0, read=self._read_timeout, write=2.0, pool=2.0)
        with (
            httpx.Client(timeout=timeout) as http,
            connect_sse(http, "GET", f"{self.url}{WALLBOARD_PATH}", headers=headers) as source,
        ):
            response = source.response
            if response.status_code != 200:
                response.read()
                raise ConnectionError(f"wallboard refused: HTTP {response.status_code} {response.text[:80]}")
            stream: Any = response.extensions.get("network_stream")
            self._socket = stream.get_extra_info("socket") if stream is not None else None
            self._link(True)
            self._backoff.reset()
            try:
                for sse in source.iter_sse():
                    if self._stop.is_set():
                        return
                    if sse.event == SNAPSHOT_EVENT:
                        self._take(sse.data)
            except (httpx.HTTPError, SSEError, OSError) as exc:
                if self._stop.is_set():
                    return
                raise ConnectionError(f"wallboard stream lost: {exc.__class__.__name__}") from exc
            finally:
                self._socket = None
        raise ConnectionError("wallboard stream ended")

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

    def _link(self, up: bool) -> None:
        if self.linked is up:
            return
        self.linked = up
        if self._on_link is not None:
            try:
                self._on_link(up)
            except Exception:
                log.exception("wallboard client: link callback failed")
