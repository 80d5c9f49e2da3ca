"""Threads that run tasks: one serial database worker per engine, and a pool for network work."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable

from PySide6.QtCore import QRunnable, QThread

from .task import Task

log = logging.getLogger(__name__)

Deliver = Callable[[Task], None]


class DbWorker(QThread):
    """Runs database tasks one after another, in the order they were submitted.

    One worker per engine keeps SQLite to a single writer and gives every screen the same
    ordering guarantees.  Finished tasks are handed to ``deliver``, which must be thread-safe
    (the manager emits a queued signal to reach the GUI thread).
    """

    def __init__(self, name: str, deliver: Deliver) -> None:
        super().__init__()
        self.setObjectName(name)
        self._deliver = deliver
        self._queue: queue.SimpleQueue[Task | None] = queue.SimpleQueue()
        self._current: Task | None = None

    def submit(self, task: Task) -> None:
        """Queue a task (any thread)."""
        self._queue.put(task)

    @property
    def current(self) -> Task | None:
        """The task being run right now, if any."""
        return self._current

    def stop(self) -> None:
        """Ask the loop to finish after the tasks already queued (each superseded ones is skipped)."""
        self._queue.put(None)

    def run(self) -> None:  # runs on the worker thread
        while True:
            task = self._queue.get()
            if task is None:
                break
            self._current = task
            try:
                task.execute()
            finally:
                self._current = None
            self._deliver(task)
            task = None  # not kept while waiting for the next one (the GUI thread releases what it holds)
        log.debug("%s stopped", self.objectName())


class PoolJob(QRunnable):
    """A task on the network pool (QThreadPool)."""

    def __init__(self, task: Task, deliver: Deliver) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._deliver = deliver

    def run(self) -> None:  # runs on a pool thread
        self._task.execute()
        self._deliver(self._task)
