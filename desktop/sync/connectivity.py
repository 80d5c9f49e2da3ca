"""Is this desktop online?  A database ping and the event stream's link, judged within two seconds.

:class:`ConnectivityMonitor` pings the database every ``interval`` seconds on a thread of its own.  A ping
that fails, or that has not answered after ``timeout`` seconds (a server that hangs rather than refuses),
marks the database down; the first ping that answers marks it up again.  The change client reports the
stream's link through :meth:`ConnectivityMonitor.set_stream`.  ``on_change`` receives a
:class:`Connectivity` whenever the judgement changes (on the monitor's or the client's thread).

With the defaults (ping every 0.5 s, 1.2 s timeout) an outage is flagged within 2 s.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

PING_INTERVAL = 0.5
PING_TIMEOUT = 1.2


@dataclass(frozen=True)
class Connectivity:
    """The judgement at one moment.

    ``stream`` is None when this desktop uses no gateway stream (embedded database).
    """

    database: bool
    stream: bool | None
    since: float  # time.monotonic() of the last change
    error: str | None = None

    @property
    def online(self) -> bool:
        return self.database and self.stream is not False


def ping(engine: Engine) -> None:
    """One round trip to the database."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


class ConnectivityMonitor:
    """Watches the database (and, when told, the event stream).

    Args:
        engine: the shared database.
        on_change: called with the new :class:`Connectivity` when it changes.
        uses_stream: this desktop follows a gateway stream (starts as not yet linked).
        interval, timeout: ping period and patience, in seconds.
        probe: what a ping does (tests may replace it).
    """

    def __init__(
        self,
        engine: Engine,
        on_change: Callable[[Connectivity], None] | None = None,
        *,
        uses_stream: bool = False,
        interval: float = PING_INTERVAL,
        timeout: float = PING_TIMEOUT,
        probe: Callable[[Engine], None] = ping,
    ) -> None:
        self._engine = engine
        self._on_change = on_change
        self._interval = interval
        self._timeout = timeout
        self._probe = probe
        self._lock = threading.Lock()
        self.state = Connectivity(True, False if uses_stream else None, time.monotonic())
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # several workers: a ping stuck on a hung server must not stop the next ones
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="db-ping")

    @property
    def online(self) -> bool:
        return self.state.online

    def start(self) -> ConnectivityMonitor:
        self._thread = threading.Thread(target=self._run, name="connectivity", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def set_stream(self, up: bool) -> None:
        """The change client's link went up or down (a ChangeClient ``on_link`` callback)."""
        self._update(stream=up)

    def check_now(self) -> Connectivity:
        """Ping once, synchronously (the calling thread waits at most ``timeout``)."""
        self._ping_once()
        return self.state

    def _run(self) -> None:
        while not self._stop.is_set():
            began = time.monotonic()
            self._ping_once()
            self._stop.wait(max(0.0, self._interval - (time.monotonic() - began)))

    def _ping_once(self) -> None:
        try:
            future: Future[None] = self._pool.submit(self._probe, self._engine)
        except RuntimeError:  # stopped meanwhile (the window is closing): nothing left to learn
            return
        try:
            future.result(self._timeout)
        except FutureTimeout:
            self._update(database=False, error="timeout")
            with contextlib.suppress(Exception):
                future.cancel()
        except Exception as exc:
            self._update(database=False, error=exc.__class__.__name__)
        else:
            self._update(database=True, error=None)

    def _update(self, *, database: bool | None = None, stream: bool | None = None, error: str | None = None) -> None:
        with self._lock:
            old = self.state
            new_db = old.database if database is None else database
            new_stream = old.stream if stream is None else stream
            if new_db == old.database and new_stream == old.stream:
                return
            self.state = Connectivity(
                new_db, new_stream, time.monotonic(), error if database is not None else old.error
            )
            state = self.state
        log.info("connectivity: database %s, stream %s", state.database, state.stream)
        if self._on_change is not None:
            try:
                self._on_change(state)
            except Exception:
                log.exception("connectivity callback failed")
