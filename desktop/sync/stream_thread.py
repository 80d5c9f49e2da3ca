"""What the desktop's stream clients share: a background thread that keeps one link to the gateway alive.

A subclass says how to hold the link once (:meth:`StreamThread._once`: connect, read until the link ends, raise
or return), usually by reading a server-sent event stream with :meth:`StreamThread._events`; this class runs it
again after any failure with backoff, reports the link going up and down (``on_link``), and on :meth:`stop`
ends the thread within a moment, even in the middle of a read, by shutting down the stream's socket.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from httpx_sse import ServerSentEvent, SSEError, connect_sse

from services.backoff import Backoff

log = logging.getLogger(__name__)


class StreamThread(ABC):
    """A self-restarting link on a daemon thread (see the module).

    Args:
        name: the thread's name and the prefix of its log lines.
        on_link: called with True / False when the link becomes reachable / unreachable.
        backoff: the waits between attempts.
    """

    def __init__(self, name: str, *, on_link: Callable[[bool], None] | None, backoff: Backoff | None) -> None:
        self._name = name
        self._on_link = on_link
        self._backoff = backoff or Backoff()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.linked: bool | None = None
        self.last_error: str | None = None
        self.connects = 0

    @abstractmethod
    def _once(self) -> None:
        """Hold the link until it ends (raise to say why)."""

    def _events(
        self, url: str, token: str | None, read_timeout: float, params: dict[str, str] | None = None
    ) -> Iterator[ServerSentEvent]:
        """The events of ``GET url`` (bearer ``token``) until :meth:`stop`; raises ConnectionError when the
        gateway refuses, or the stream is lost or ends.  Reaching it counts as the link up."""
        headers = {"Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        timeout = httpx.Timeout(connect=2.0, read=read_timeout, write=2.0, pool=2.0)
        with (
            httpx.Client(timeout=timeout) as http,
            connect_sse(http, "GET", url, headers=headers, params=params) as source,
        ):
            response = source.response
            if response.status_code != 200:
                response.read()
                raise ConnectionError(f"refused: HTTP {response.status_code} {response.text[:80]}")
            stream: Any = response.extensions.get("network_stream")
            self._socket = stream.get_extra_info("socket") if stream is not None else None
            self.connects += 1
            self._link(True)
            self._backoff.reset()
            try:
                for sse in source.iter_sse():
                    if self._stop.is_set():
                        return
                    yield sse
            except (httpx.HTTPError, SSEError, OSError) as exc:
                if self._stop.is_set():
                    return
                raise ConnectionError(f"stream lost: {exc.__class__.__name__}") from exc
            finally:
                self._socket = None
        if not self._stop.is_set():
            raise ConnectionError("stream ended")

    def start(self) -> StreamThread:
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (it ends within a moment, even in the middle of a read)."""
        self._stop.set()
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._once()
            except Exception as exc:  # any failure: report, wait, reconnect
                self.last_error = f"{exc.__class__.__name__}: {exc}"[:300]
                log.debug("%s: %s", self._name, self.last_error)
            self._link(False)
            if self._stop.wait(self._backoff.next()):
                break

    def _link(self, up: bool) -> None:
        if self.linked is up:
            return
        self.linked = up
        if self._on_link is not None:
            try:
                self._on_link(up)
            except Exception:
                log.exception("%s: link callback failed", self._name)
