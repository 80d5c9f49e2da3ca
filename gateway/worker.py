"""The gateway's background loop: replay the spool, expire offers, end overdue wrap-ups, route, run commands.

Each step is one or a few short transactions and is safe to run in several gateway processes at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, bindparam, or_, select
from sqlalchemy.exc import SQLAlchemyError

from db.models import AgentStatus, Call, CallOffer
from db.write import utcnow, write_txn
from services.call_control import CallControl

from . import offers, replay, routing
from .control import run_commands
from .spool import Spool

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 0.2
MIN_GAP_SECONDS = 0.05
CHECKPOINT_SECONDS = 1.0


class GatewayWorker:
    """Runs :meth:`tick` every ``interval`` seconds (sooner after :meth:`wake`) on a daemon thread."""

    def __init__(
        self,
        engine: Engine,
        spool: Spool | None,
        control: CallControl | None = None,
        *,
        interval: float = INTERVAL_SECONDS,
        region: str = "CN",
        on_error: Callable[[str, Exception], None] | None = None,
    ) -> None:
        self.engine = engine
        self.spool = spool
        self.control = control
        self.interval = interval
        self.region = region
        self._on_error = on_error
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.db_ok = True
        self.ticks = 0
        self._checkpointed = 0.0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="gateway-worker", daemon=True)
        self._thread.start()

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
            self.tick()
            self._wake.wait(self.interval)
            # Many wake-ups in a burst make one tick: ticks start at least MIN_GAP apart.  A wake-up after a
            # quiet spell (a call just queued) is served at once — the caller's card waits for this tick.
            gap = MIN_GAP_SECONDS - (time.monotonic() - started)
            if gap > 0:
                self._stop.wait(gap)

    def _step(self, name: str, fn: Callable[[], Any]) -> Any:
        try:
            result = fn()
        except (SQLAlchemyError, OSError) as exc:
            if self.db_ok:
                log.warning("gateway worker: %s failed (%s); will retry", name, exc.__class__.__name__)
            self.db_ok = False
            if self._on_error:
                self._on_error(name, exc)
            return None
        self.db_ok = True
        return result

    def replay_spool(self) -> int:
        """Write spooled webhook events, in order, now that the database answers."""
        if self.spool is None:
            return 0

        def apply(record: dict[str, Any]) -> None:
            with write_txn(self.engine) as conn:
                replay.apply_event(conn, record, self.region)

        done = self.spool.replay(apply)
        if done:
            log.info("replayed %d spooled webhook events", done)
        return done

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
_WRAPUPS_DUE = (
    select(AgentStatus.user_id)
    .where(AgentStatus.state == "wrap_up", AgentStatus.wrapup_deadline <= bindparam("now"))
    .limit(1)
)
_QUEUED = select(Call.id).where(Call.state == "queued").limit(1)
_AVAILABLE = select(AgentStatus.user_id).where(AgentStatus.state == "available").limit(1)
