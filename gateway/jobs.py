"""Recurring jobs: named periodic work, each run claimed through the database so that one process runs it at a time.

A :class:`Job` is a name, an interval and a function; :class:`JobScheduler` runs each of its jobs on a daemon
thread of its own (a slow job never holds another up): the first run ``first_delay`` seconds after
:meth:`~JobScheduler.start`, then one every ``interval`` seconds (measured from the start of the previous run;
a run that overran its interval is followed by the next at once, never by a burst of catch-up runs).
The gateway runs the standard jobs (:mod:`.standard_jobs`); the embedded desktop runs the same ones in-process.

**Claims.** Several gateway processes may run the same jobs against one PostgreSQL database.  Before each
run the scheduler opens a transaction on a connection of its own and takes a transaction-scoped advisory lock
keyed by the job's name (``pg_try_advisory_xact_lock``); it keeps that transaction open until the run ends.
A process that finds the lock taken skips this round (counted as ``claimed_elsewhere``) and tries again at
its next interval.  If a process dies mid-run, PostgreSQL ends its transaction and the claim with it.  The
transaction-scoped form also holds behind a transaction-pooling PgBouncer, where a session lock would not
(the open transaction keeps its server connection).  The claim transaction writes nothing, so it holds no
transaction id back from the change feed's readers.  On SQLite (one machine) the claim is an exclusive,
non-blocking ``flock`` on a file beside the database (POSIX) plus a lock per job within the process.

The claim saves work; it is not what keeps results right: every job must be idempotent (run twice, or
killed halfway, it leaves the same result).

**Errors.** A failed run is logged (a database that is away once per outage, as a warning; anything else with
its traceback) and the job runs again at its next interval.  :meth:`JobScheduler.status` reports, per job,
its runs, skips, failures, the last run's start, duration, result and error (``GET /healthz`` shows it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from db.engine import sqlite_path
from db.errors import describe, is_transient

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0  # seconds :meth:`JobScheduler.stop` waits for a running job to finish
KEY_PREFIX = "contactdesk.job:"

JobFunction = Callable[[], "Mapping[str, Any] | None"]


@dataclass(frozen=True)
class Job:
    """One recurring piece of work.

    Attributes:
        name: what logs, claims and the health report call it (unique within a scheduler).
        interval: seconds from the start of one run to the start of the next.
        run: does the work once; returns a small summary (counts by name, JSON-friendly) or None.  A summary
            with a non-zero count is logged at INFO, others at DEBUG.
        first_delay: seconds from the scheduler's start to the first run.
        claim: take the job's claim around each run (off only for work that must run in every process).
    """

    name: str
    interval: float
    run: JobFunction
    first_delay: float = 0.0
    claim: bool = True


@dataclass
class JobState:
    """What a job has done in this process (for the health report)."""

    runs: int = 0
    claimed_elsewhere: int = 0
    failures: int = 0
    failing_in_a_row: int = 0
    running: bool = False
    last_started: dt.datetime | None = None
    last_duration_s: float | None = None
    last_ok: dt.datetime | None = None
    last_error: str | None = None
    last_result: Mapping[str, Any] | None = None
    finished: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def report(self, interval: float) -> dict[str, Any]:
        return {
            "interval_s": interval,
            "runs": self.runs,
            "claimed_elsewhere": self.claimed_elsewhere,
            "failures": self.failures,
            "failing_in_a_row": self.failing_in_a_row,
            "running": self.running,
            "last_started_at": _iso(self.last_started),
            "last_duration_s": self.last_duration_s,
            "last_ok_at": _iso(self.last_ok),
            "last_error": self.last_error,
            "last_result": dict(self.last_result) if self.last_result is not None else None,
        }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def claim_key(name: str) -> int:
    """The advisory-lock key of a job: a signed 64-bit number derived from its name (stable across processes)."""
    digest = hashlib.blake2b((KEY_PREFIX + name).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# -- claims ---------------------------------------------------------------------------------------------------
_local_locks: dict[tuple[str, str], threading.Lock] = {}
_local_locks_guard = threading.Lock()


def _local_lock(engine: Engine, name: str) -> threading.Lock:
    key = (engine.url.render_as_string(hide_password=True), name)
    with _local_locks_guard:
        return _local_locks.setdefault(key, threading.Lock())


@contextlib.contextmanager
def claim(engine: Engine, name: str) -> Iterator[bool]:
    """Hold the claim of job ``name`` for the ``with`` block; yields False when another holder has it."""
    if engine.dialect.name == "postgresql":
        with _postgres_claim(engine, name) as got:
            yield got
        return
    lock = _local_lock(engine, name)
    if not lock.acquire(blocking=False):
        yield False
        return
    try:
        with _file_claim(engine, name) as got:
            yield got
    finally:
        lock.release()


@contextlib.contextmanager
def _postgres_claim(engine: Engine, name: str) -> Iterator[bool]:
    with engine.connect() as conn:
        conn.begin()
        try:
            got = bool(conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": claim_key(name)}).scalar())
            yield got
        finally:
            with contextlib.suppress(Exception):  # a dead connection ended the transaction (and the lock) already
                conn.rollback()


@contextlib.contextmanager
def _file_claim(engine: Engine, name: str) -> Iterator[bool]:
    """The claim among the processes of this machine that use one SQLite file: a lock on a file beside it."""
    path = sqlite_path(engine.url)
    if path is None or sys.platform == "win32":
        yield True
        return
    import fcntl

    lock_path = Path(f"{path}.job-{name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- the scheduler --------------------------------------------------------------------------------------------
class JobScheduler:
    """Runs jobs periodically on daemon threads (one per job) until :meth:`stop`.

    Args:
        engine: the database the claims are taken in (the jobs' own database work is theirs).
        jobs: the jobs; names must be distinct.
        name: for the threads' names and the log (``gateway``, ``embedded``).
    """

    def __init__(self, engine: Engine, jobs: Sequence[Job], *, name: str = "jobs") -> None:
        names = [job.name for job in jobs]
        if len(set(names)) != len(names):
            raise ValueError(f"job names repeat: {names}")
        self.engine = engine
        self.name = name
        self.jobs: dict[str, Job] = {job.name: job for job in jobs}
        self.states: dict[str, JobState] = {job.name: JobState() for job in jobs}
        self._stop = threading.Event()
        self._wake: dict[str, threading.Event] = {job.name: threading.Event() for job in jobs}
        self._threads: list[threading.Thread] = []
        self._db_ok: dict[str, bool] = dict.fromkeys(names, True)

    # -- life -----------------------------------------------------------------------------------------------
    def start(self) -> JobScheduler:
        """Start one thread per job (idempotent)."""
        if self._threads:
            return self
        for job in self.jobs.values():
            thread = threading.Thread(target=self._loop, args=(job,), name=f"{self.name}-job-{job.name}", daemon=True)
            self._threads.append(thread)
            thread.start()
        log.info(
            "%s jobs started: %s",
            self.name,
            ", ".join(f"{job.name} every {job.interval:g} s" for job in self.jobs.values()),
        )
        return self

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the threads, waiting up to ``timeout`` seconds for a running job to finish."""
        self._stop.set()
        for event in self._wake.values():
            event.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                log.warning("job thread %s still running after %.0f s; left behind", thread.name, timeout)

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads) and not self._stop.is_set()

    def wake(self, name: str) -> None:
        """Run job ``name`` now instead of at its next interval."""
        self._wake[name].set()

    def _loop(self, job: Job) -> None:
        wake = self._wake[job.name]
        if job.first_delay > 0:
            wake.wait(job.first_delay)
        while not self._stop.is_set():
            wake.clear()
            started = time.monotonic()
            self.run_now(job.name)
            pause = job.interval - (time.monotonic() - started)
            if pause > 0:
                wake.wait(pause)

    # -- one run --------------------------------------------------------------------------------------------
    def run_now(self, name: str) -> bool:
        """Run job ``name`` once in the calling thread, under its claim.

        Returns:
            True when it ran (successfully or not); False when another process held the claim.
        """
        job, state = self.jobs[name], self.states[name]
        try:
            with claim(self.engine, name) if job.claim else contextlib.nullcontext(True) as got:
                if not got:
                    state.claimed_elsewhere += 1
                    log.debug("%s: claimed by another process; skipped", name)
                    return False
                self._run(job, state)
        except Exception as exc:  # taking the claim failed (the database is away)
            self._failed(job, state, exc)
        return True

    def _run(self, job: Job, state: JobState) -> None:
        state.running = True
        state.last_started = dt.datetime.now(dt.UTC)
        began = time.monotonic()
        try:
            result = job.run()
        except Exception as exc:
            self._failed(job, state, exc)
        else:
            state.runs += 1
            state.failing_in_a_row = 0
            state.last_ok = dt.datetime.now(dt.UTC)
            state.last_error = None
            state.last_result = dict(result) if result is not None else None
            if not self._db_ok[job.name]:
                log.info("%s: runs again", job.name)
                self._db_ok[job.name] = True
            did_something = result is not None and any(isinstance(v, int) and v for v in result.values())
            log.log(logging.INFO if did_something else logging.DEBUG, "%s: %s", job.name, _summary(result))
        finally:
            state.last_duration_s = round(time.monotonic() - began, 3)
            state.running = False
            with state.finished:
                state.finished.notify_all()

    def _failed(self, job: Job, state: JobState, exc: Exception) -> None:
        state.failures += 1
        state.failing_in_a_row += 1
        state.last_error = describe(exc, 300)
        if is_transient(exc):
            if self._db_ok[job.name]:
                log.warning("%s failed (%s); will run again in %g s", job.name, describe(exc, 200), job.interval)
            self._db_ok[job.name] = False
        else:
            log.error("%s failed: %s", job.name, describe(exc, 300), exc_info=exc)

    # -- reporting ------------------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """Per job: interval, runs, skips, failures and the last run (for ``/healthz``)."""
        return {name: self.states[name].report(job.interval) for name, job in self.jobs.items()}

    def wait_for_runs(self, name: str, runs: int, timeout: float) -> bool:
        """Wait until job ``name`` has finished ``runs`` successful runs in this process (tests, tools)."""
        state = self.states[name]
        deadline = time.monotonic() + timeout
        with state.finished:
            while state.runs < runs:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                state.finished.wait(left)
        return True


def _summary(result: Mapping[str, Any] | None) -> str:
    if not result:
        return "done"
    return ", ".join(f"{key} {value}" for key, value in result.items())
