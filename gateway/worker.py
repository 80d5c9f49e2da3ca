"""The gateway's background loop: replay the spool, expire offers, end overdue wrap-ups, route, run commands,
and now and then close calls whose final status callback was lost (:mod:`.reconcile`).

Each step is one or a few short transactions and is safe to run in several gateway processes at once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, bindparam, or_, select, text

from db.errors import describe, is_transient
from db.models import AgentStatus, Call, CallOffer
from db.write import utcnow, write_txn
from services import dead_letters
from services.call_control import CallControl

from . import offers, replay, routing
from .control import run_commands
from .reconcile import CallLookup, StaleCallReconciler
from .spool import Spool

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 0.2
MIN_GAP_SECONDS = 0.05
CHECKPOINT_SECONDS = 1.0
# A spooled event that fails this many replays while the database answers is set aside as a dead letter,
# whatever the error says: one event never holds up the others for more than one attempt.
REPLAY_ATTEMPTS = 2


def _fingerprint(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)[:4000]


class GatewayWorker:
    """Runs :meth:`tick` every ``interval`` seconds (sooner after :meth:`wake`) on a daemon thread.

    ``rest`` (a :class:`~.twilio_rest.TwilioRest`) lets the worker look stale calls up at Twilio and close those
    that are over (every :data:`.reconcile.INTERVAL_SECONDS`); ``reconciler`` gives a configured job instead.
    Without either, no call is reconciled.
    """

    def __init__(
        self,
        engine: Engine,
        spool: Spool | None,
        control: CallControl | None = None,
        *,
        interval: float = INTERVAL_SECONDS,
        region: str = "CN",
        on_error: Callable[[str, Exception], None] | None = None,
        rest: CallLookup | None = None,
        reconciler: StaleCallReconciler | None = None,
    ) -> None:
        self.engine = engine
        self.spool = spool
        self.control = control
        if reconciler is None and rest is not None:
            reconciler = StaleCallReconciler(engine, rest)
        self.reconciler = reconciler
        self.interval = interval
        self.region = region
        self._on_error = on_error
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.db_ok = True
        self.ticks = 0
        self.last_tick = 0.0  # time.monotonic() at the end of the last tick
        self.restarts = 0  # how often the thread was found dead and started again
        self._checkpointed = 0.0
        self._replay_failures: dict[str, int] = {}
        self._start_lock = threading.Lock()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="gateway-worker", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        """Whether the thread runs (it was started and has not died or been stopped)."""
        return self._thread is not None and self._thread.is_alive()

    def ensure_running(self) -> bool:
        """Start the thread again if it died (it never should: every tick's failures are caught).

        Returns:
            True when it had to be restarted (and says so in the log).
        """
        if self._thread is None or self._stop.is_set() or self._thread.is_alive():
            return False
        with self._start_lock:
            if self._thread.is_alive():
                return False
            self.restarts += 1
            log.error("the gateway worker (routing, spool replay) had stopped; restarted it (%d)", self.restarts)
            self.start()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Run the next tick now (a call was queued, the spool has work)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            started = time.monotonic()
            try:
                self.tick()
            except Exception:  # a defect in one step: logged, and the next tick runs as usual
                log.exception("gateway worker tick failed")
            self.last_tick = time.monotonic()
            self._wake.wait(self.interval)
            # Many wake-ups in a burst make one tick: ticks start at least MIN_GAP apart.  A wake-up after a
            # quiet spell (a call just queued) is served at once — the caller's card waits for this tick.
            gap = MIN_GAP_SECONDS - (time.monotonic() - started)
            if gap > 0:
                self._stop.wait(gap)

    def _step(self, name: str, fn: Callable[[], Any]) -> Any:
        try:
            result = fn()
        except Exception as exc:
            if is_transient(exc):
                if self.db_ok:
                    log.warning("gateway worker: %s failed (%s); will retry", name, describe(exc, 200))
                self.db_ok = False
            else:
                log.exception("gateway worker: %s failed: %s", name, describe(exc, 200))
            if self._on_error:
                self._on_error(name, exc)
            return None
        self.db_ok = True
        return result

    def replay_spool(self) -> int:
        """Write spooled webhook events, in order, now that the database answers.

        An event that can never be applied (it fails the edge checks, or the database refuses its data) becomes
        a dead letter and the replay goes on; a transient failure stops the replay until the next tick, unless
        the database answers meanwhile and the same event failed before (:data:`REPLAY_ATTEMPTS`).
        """
        if self.spool is None:
            return 0
        done = self.spool.replay(self._replay_one, self._unreadable)
        if done:
            log.info("took %d spooled webhook events off the spool", done)
        return done

    def _replay_one(self, record: dict[str, Any]) -> None:
        try:
            replay.validate(record)
            with write_txn(self.engine) as conn:
                replay.apply_event(conn, record, self.region)
        except Exception as exc:
            if is_transient(exc):
                if not self._database_answers():
                    raise  # the database is away: stop here, everything behind waits for it
                key = _fingerprint(record)
                self._replay_failures[key] = self._replay_failures.get(key, 0) + 1
                if self._replay_failures[key] < REPLAY_ATTEMPTS:
                    raise  # once more at the next tick
                self._replay_failures.pop(key, None)
            dead_letters.record(self.engine, record, exc, source="replay")
        else:
            if self._replay_failures:
                self._replay_failures.pop(_fingerprint(record), None)

    def _unreadable(self, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace")[:2000]
        dead_letters.record(
            self.engine, {"kind": "unreadable", "raw": text}, ValueError("not a JSON object"), source="replay"
        )

    def _database_answers(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the database without blocking writers (see Gateway.txn)."""
        now = time.monotonic()
        if self.engine.dialect.name != "sqlite" or now - self._checkpointed < CHECKPOINT_SECONDS:
            return
        self._checkpointed = now
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def tick(self) -> None:
        """One round of everything; a failing step (database away) does not stop the others."""
        self.ticks += 1
        self._step("checkpoint", self.checkpoint)
        if self._step("spool replay", self.replay_spool) is None and self.spool is not None and self.spool.pending:
            return  # the database is still away
        work = self._step("work check", lambda: pending_work(self.engine))
        if work is None:
            return
        if work.offers_due:
            self._step("offer expiry", lambda: offers.expire(self.engine))
        if work.wrapups_due:
            self._step("wrap-up limit", self._wrapups)
        if work.routable:
            self._step("routing", lambda: routing.route(self.engine))
        if self.control is not None:
            self._step("call commands", lambda: run_commands(self.engine, self.control))  # type: ignore[arg-type]
        if self.reconciler is not None and self.reconciler.due():
            self._step("stale calls", self.reconciler.run)

    def _wrapups(self) -> list[int]:
        with write_txn(self.engine) as conn:
            return offers.enforce_wrapup_limits(conn)


@dataclass(frozen=True)
class Work:
    """What a tick has to do, found with a few index lookups and no write lock."""

    offers_due: bool
    wrapups_due: bool
    routable: bool


def pending_work(engine: Engine) -> Work:
    """Cheap read-only checks, so that an idle tick never takes the (SQLite) write lock."""
    now = utcnow()
    with engine.connect() as conn:
        offers_due = conn.execute(_OFFERS_DUE, {"now": now, "stuck": now - offers.ACCEPTING_GRACE}).first()
        wrapups_due = conn.execute(_WRAPUPS_DUE, {"now": now}).first()
        routable = conn.execute(_QUEUED).first() is not None and conn.execute(_AVAILABLE).first() is not None
    return Work(offers_due is not None, wrapups_due is not None, routable)


_OFFERS_DUE = (
    select(CallOffer.id)
    .where(
        or_(
            and_(CallOffer.status == "pending", CallOffer.expires_at <= bindparam("now")),
            and_(CallOffer.status == "accepting", CallOffer.expires_at <= bindparam("stuck")),
        )
    )
    .limit(1)
)
_WRAPUPS_DUE = (  # wrap-ups past their time not yet marked overdue
    select(AgentStatus.user_id)
    .where(
        AgentStatus.state == "wrap_up",
        AgentStatus.wrapup_deadline <= bindparam("now"),
        AgentStatus.reason.is_(None),
    )
    .limit(1)
)
_QUEUED = select(Call.id).where(Call.state == "queued").limit(1)
_AVAILABLE = select(AgentStatus.user_id).where(AgentStatus.state == "available").limit(1)
