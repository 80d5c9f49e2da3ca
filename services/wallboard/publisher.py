"""The one aggregator of a process: a thread that computes the floor's snapshot every second and hands the same
snapshot to every subscriber (the embedded wallboards, or the gateway's stream).

Computing once and fanning out keeps the database load independent of the number of wallboards.  The
publisher only reads, so several gateways may each run one.  ``seq`` is the snapshot time in milliseconds
(bumped when two snapshots would share it), so it increases within a process and stays roughly in step between
gateways: a wallboard that moves to another gateway does not find itself "ahead" and ignore every snapshot.

Between ticks the publisher can be *nudged* (:meth:`SnapshotPublisher.nudge`): the gateway does so when the
change feed shows a call or an agent change, so a wallboard shows a change within a fraction of a second
instead of up to a whole interval later.  Nudged snapshots are at least ``min_gap`` seconds apart, so a busy
floor costs at most ``1 / min_gap`` snapshots a second, whatever the rate of changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from db.models.base import utcnow
from services.config import DEFAULTS

from . import snapshot
from .day_figures import DayCache
from .types import AgentThresholds, WallboardSnapshot

log = logging.getLogger(__name__)

Subscriber = Callable[[WallboardSnapshot], None]


class SnapshotPublisher:
    """Computes a :class:`WallboardSnapshot` every ``interval`` seconds on a daemon thread and publishes it.

    Subscribers are called on the publisher's thread (or on the thread of :meth:`compute_now`), one after the
    other, with each new snapshot; they must return quickly and hand the snapshot on (a Qt signal, a queue).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        interval: float = 1.0,
        min_gap: float = 0.25,
        zone: ZoneInfo | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        thresholds: AgentThresholds | None = None,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.min_gap = min(min_gap, interval)
        self.zone = zone if zone is not None else ZoneInfo(DEFAULTS.ticket_timezone)
        self.thresholds = thresholds if thresholds is not None else AgentThresholds()
        self._clock = clock
        self._cache = DayCache()  # the day's settled sums, used under the compute lock only
        self._seq = 0
        self._latest: WallboardSnapshot | None = None
        self._subscribers: list[Subscriber] = []
        self._subscribers_lock = threading.Lock()
        # One snapshot at a time, published before the next is computed: subscribers see seq in order.
        self._compute_lock = threading.RLock()
        self._stop = threading.Event()
        self._wake = threading.Event()  # set by nudge() and stop(): the next snapshot is due now
        self._thread: threading.Thread | None = None
        self.failures = 0  # database errors since the last good snapshot

    # -- subscribers ----------------------------------------------------------------------------------------
    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every new snapshot; returns the function that stops it (safe to call twice)."""
        with self._subscribers_lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._subscribers_lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def latest(self) -> WallboardSnapshot | None:
        """The last snapshot computed (None before the first)."""
        return self._latest

    # -- the thread -----------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread (the first snapshot is computed at once); a second call does nothing."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="wallboard-publisher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and wait for it (a snapshot being computed is finished first)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def nudge(self) -> None:
        """Something on the floor changed: compute the next snapshot now rather than at the next tick (but not
        sooner than ``min_gap`` after the last one).  Safe from any thread; nudges in between merge."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            began = time.monotonic()
            try:
                self.compute_now()
            except SQLAlchemyError as exc:
                # The database is away or busy: keep the last snapshot, try again at the next tick.
                self.failures += 1
                if self.failures == 1:
                    log.warning("wallboard: could not read the figures (%s); retrying every tick", exc)
            except Exception:  # a defect: logged, and the board keeps ticking
                log.exception("wallboard: computing the snapshot failed")
            self._wait(began)

    def _wait(self, began: float) -> None:
        """Until the next tick, or a nudge (a nudge during the last compute counts) but ``min_gap`` after
        ``began`` at the soonest."""
        nudged = self._wake.wait(max(0.0, began + self.interval - time.monotonic()))
        self._wake.clear()
        if nudged and not self._stop.is_set():
            self._stop.wait(max(0.0, began + self.min_gap - time.monotonic()))

    # -- one snapshot ---------------------------------------------------------------------------------------
    def compute_now(self) -> WallboardSnapshot:
        """Compute one snapshot now, keep it as :meth:`latest` and hand it to every subscriber.

        Raises:
            SQLAlchemyError: the database could not be read (the last snapshot stays).
        """
        with self._compute_lock:
            now = self._clock()
            with self.engine.connect() as conn:
                snap = snapshot.compute(
                    _read_only(conn),
                    now=now,
                    seq=self._next_seq(now),
                    zone=self.zone,
                    thresholds=self.thresholds,
                    cache=self._cache,
                )
            if self.failures:
                log.info("wallboard: figures readable again after %d failed tries", self.failures)
                self.failures = 0
            self._latest = snap
            self._publish(snap)
            return snap

    def _next_seq(self, now: dt.datetime) -> int:
        self._seq = max(self._seq + 1, int(now.timestamp() * 1000))
        return self._seq

    def _publish(self, snap: WallboardSnapshot) -> None:
        with self._subscribers_lock:
            callbacks = list(self._subscribers)
        for callback in callbacks:
            try:
                callback(snap)
            except Exception:  # one broken wallboard must not stop the others
                log.exception("wallboard: a subscriber failed on snapshot %d", snap.seq)


def _read_only(conn: Connection) -> Connection:
    """PostgreSQL: one read-only REPEATABLE READ transaction, so the statements of a snapshot see one moment of
    the floor (SQLite's embedded demo reads statement by statement)."""
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return conn
