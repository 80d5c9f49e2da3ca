"""The task manager: database work on one worker per engine, network work on a pool, results on the GUI thread.

Usage, from GUI code::

    tasks.run_db(
        lambda: search.search(text),
        on_success=self._show_result,
        on_failure=self._show_error,
        key="search",            # a newer "search" supersedes this one
        cancel=search.cancel,    # ... and interrupts its statement if it is running
        owner=self,              # dropped if this widget is gone by then
    )

``fn`` runs off the GUI thread and must not touch widgets; the callbacks run on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, Qt, QThreadPool, Signal, Slot

from .busy import BusyCursor
from .task import FailureCallback, SuccessCallback, Task
from .worker import DbWorker, PoolJob

log = logging.getLogger(__name__)

NETWORK_THREADS = 4
SHUTDOWN_TIMEOUT_MS = 5000


class TaskManager(QObject):
    """Runs background operations and brings their results back to the GUI thread.

    Args:
        engine: the default engine for :meth:`run_db` (optional; ``engine=`` per call otherwise).
        inline: run every task synchronously in the caller's thread (tests).  Callbacks are
            still delivered through the same queued signal, i.e. from the event loop.
        busy_delay_ms: how long work must last before the busy cursor appears.
    """

    changed = Signal(object)  # frozenset[str] of topics: "something changed", screens refresh
    idle = Signal()  # no task outstanding any more
    _finished = Signal(object)  # Task, emitted from worker threads

    def __init__(
        self,
        engine: Any = None,
        *,
        inline: bool = False,
        busy_delay_ms: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._default_engine = engine
        self._inline = inline
        self._workers: dict[int, DbWorker] = {}
        self._pool: QThreadPool | None = None
        self._latest: dict[str, Task] = {}
        self._generations: dict[str, int] = {}
        self._live: set[Task] = set()
        self._closing = False
        self._completed = 0
        self._busy = BusyCursor(self, delay_ms=busy_delay_ms)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    # -- submitting ---------------------------------------------------------------------------

    def run_db(
        self,
        fn: Callable[[], Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        key: str | None = None,
        cancel: Callable[[], None] | None = None,
        owner: QObject | None = None,
        engine: Any = None,
        busy: bool = True,
        changes: Iterable[str] | None = None,
        label: str = "",
    ) -> Task:
        """Queue ``fn`` on the database worker of ``engine`` (default: the manager's engine).

        Args:
            fn: the work; runs on the worker thread.
            on_success: called on the GUI thread with ``fn``'s result.
            on_failure: called on the GUI thread with the exception; without it the exception
                goes to ``sys.excepthook`` (logged and shown), never silently lost.
            key: a newer task with the same key supersedes this one: it is skipped if it has
                not started, ``cancel`` is called if it is running, and its result is dropped.
            cancel: called (from the GUI thread) to abort this task's work when superseded.
            owner: a QObject; the callbacks are skipped if it has been destroyed meanwhile.
            engine: selects the worker; each engine has exactly one.
            busy: count towards the busy cursor.
            changes: topics announced on :attr:`changed` after a successful write.
            label: a name for logs.
        """
        task = self._make(fn, on_success, on_failure, key, cancel, owner, busy, changes, label)
        if task.superseded:
            return task
        if self._inline:
            task.execute()
            self._deliver(task)
        else:
            self._worker_for(engine if engine is not None else self._default_engine).submit(task)
        return task

    def run_net(
        self,
        fn: Callable[[], Any],
        *,
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
        key: str | None = None,
        cancel: Callable[[], None] | None = None,
        owner: QObject | None = None,
        busy: bool = False,
        label: str = "",
    ) -> Task:
        """Run ``fn`` on the network pool (several at once, no ordering). Same callbacks as run_db."""
        task = self._make(fn, on_success, on_failure, key, cancel, owner, busy, None, label)
        if task.superseded:
            return task
        if self._inline:
            task.execute()
            self._deliver(task)
        else:
            if self._pool is None:
                self._pool = QThreadPool(self)
                self._pool.setMaxThreadCount(NETWORK_THREADS)
            self._pool.start(PoolJob(task, self._deliver))
        return task

    def supersede(self, key: str) -> None:
        """Drop whatever task of ``key`` is outstanding (e.g. the search box was cleared)."""
        self._generations[key] = self._generations.get(key, 0) + 1
        old = self._latest.pop(key, None)
        if old is not None:
            old.supersede()

    def notify_changed(self, *topics: str) -> None:
        """Tell every listening screen that ``topics`` changed (GUI thread)."""
        self.changed.emit(frozenset(topics))

    # -- state --------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return len(self._live)

    @property
    def completed(self) -> int:
        """Tasks delivered (or dropped) since the manager was created."""
        return self._completed

    @property
    def busy_cursor(self) -> BusyCursor:
        """The busy-cursor helper (tests look at ``.shown``)."""
        return self._busy

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until no task is outstanding (screenshots, probes, tests).

        Returns:
            True when idle, False on timeout.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self._live:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if self._live:
                time.sleep(0.002)
        QCoreApplication.processEvents()
        return True

    # -- shutting down --------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = SHUTDOWN_TIMEOUT_MS) -> bool:
        """Stop every thread and wait for it.  Reads are dropped (running ones cancelled); writes finish.

        Returns:
            True when every thread stopped in time.
        """
        if self._closing:
            return True
        self._closing = True
        for task in list(self._live):
            if not task.changes:  # reads are dropped (and cancelled); writes run to the end
                task.supersede()
        clean = True
        for worker in self._workers.values():
            worker.stop()
        deadline = QDeadlineTimer(timeout_ms)
        for worker in self._workers.values():
            if not worker.wait(deadline):
                log.warning("database worker %s did not stop in time", worker.objectName())
                clean = False
        if self._pool is not None:
            self._pool.clear()
            if not self._pool.waitForDone(timeout_ms):
                log.warning("network pool did not stop in time")
                clean = False
        self._busy.reset()
        self._live.clear()
        self._latest.clear()
        return clean

    @property
    def closing(self) -> bool:
        """True once :meth:`shutdown` began."""
        return self._closing

    # -- internals ----------------------------------------------------------------------------

    def _make(
        self,
        fn: Callable[[], Any],
        on_success: SuccessCallback | None,
        on_failure: FailureCallback | None,
        key: str | None,
        cancel: Callable[[], None] | None,
        owner: QObject | None,
        busy: bool,
        changes: Iterable[str] | None,
        label: str,
    ) -> Task:
        task = Task(
            fn,
            on_success,
            on_failure,
            key=key,
            cancel=cancel,
            owner=owner,
            busy=busy,
            label=label,
            changes=frozenset(changes or ()),
        )
        if self._closing:
            task.superseded = True
            return task
        if key is not None:
            self.supersede(key)
            task.generation = self._generations[key]
            self._latest[key] = task
        self._live.add(task)
        if busy:
            self._busy.begin()
        return task

    def _worker_for(self, engine: Any) -> DbWorker:
        if engine is None:
            raise ValueError("run_db needs an engine (none given and no default engine)")
        worker = self._workers.get(id(engine))
        if worker is None:
            worker = DbWorker(f"db-worker-{len(self._workers) + 1}", self._deliver)
            self._workers[id(engine)] = worker
            worker.start()
        return worker

    def _deliver(self, task: Task) -> None:
        """Hand a finished task to the GUI thread (called on the worker thread)."""
        self._finished.emit(task)

    @Slot(object)
    def _on_finished(self, task: Task) -> None:
        if task not in self._live:
            task.release()
            return
        self._live.discard(task)
        self._completed += 1
        if task.busy:
            self._busy.end()
        if task.key is not None and self._latest.get(task.key) is task:
            del self._latest[task.key]
        try:
            if self._closing or task.superseded or not _alive(task.owner):
                if task.error is not None and not task.superseded:
                    log.debug("dropped failure of %s: %r", task.label or task.fn, task.error)
                return
            if task.error is not None:
                self._fail(task)
            else:
                if task.on_success is not None:
                    task.on_success(task.result)
                if task.changes:
                    self.changed.emit(task.changes)
        finally:
            task.release()
            if not self._live:
                self.idle.emit()

    def _fail(self, task: Task) -> None:
        exc = task.error
        assert exc is not None
        if task.on_failure is not None:
            log.info("task %s failed: %r", task.label or task.key or "", exc)
            task.on_failure(exc)
            return
        hook = sys.excepthook
        hook(type(exc), exc, exc.__traceback__)


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)
