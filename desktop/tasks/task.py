"""One unit of background work and the bookkeeping that decides whether its result still matters."""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


class TaskState(enum.Enum):
    """Where a task is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


@dataclass(eq=False)
class Task:
    """A function to run off the GUI thread, with what to do on the GUI thread afterwards.

    ``fn`` runs on a worker thread and must not touch widgets.  ``on_success(result)`` or
    ``on_failure(exc)`` then run on the GUI thread, unless the task was superseded by a newer
    task of the same ``key``, its ``owner`` widget was destroyed, or the manager shut down.
    """

    fn: Callable[[], Any]
    on_success: SuccessCallback | None = None
    on_failure: FailureCallback | None = None
    key: str | None = None
    generation: int = 0
    cancel: Callable[[], None] | None = None
    owner: Any = None
    busy: bool = True
    label: str = ""
    changes: frozenset[str] = frozenset()
    state: TaskState = TaskState.QUEUED
    result: Any = None
    error: BaseException | None = None
    superseded: bool = False
    submitted_at: float = field(default_factory=time.monotonic)
    # Held by the worker while it moves the task between states and by the manager while it
    # cancels the task, so that ``cancel`` only ever reaches the statement of *this* task.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def execute(self) -> None:
        """Run ``fn`` (on whatever thread calls this), capturing its result or exception."""
        with self.lock:
            if self.superseded:
                self.state = TaskState.DONE
                return
            self.state = TaskState.RUNNING
        try:
            self.result = self.fn()
        except BaseException as exc:
            self.error = exc
        finally:
            with self.lock:
                self.state = TaskState.DONE

    def supersede(self) -> None:
        """Mark the task as no longer wanted; if it is running, ask its service to stop."""
        with self.lock:
            self.superseded = True
            if self.state is TaskState.RUNNING and self.cancel is not None:
                with contextlib.suppress(Exception):  # cancelling is advisory
                    self.cancel()

    def release(self) -> None:
        """Drop what the task holds on to once the GUI thread has handled it.

        The callables are usually bound to widgets or other GUI-thread objects; released here, on the
        GUI thread, the worker's own reference to the finished task can never be the last one keeping such
        an object alive (the worker would then destroy a GUI object from its thread).
        """
        self.fn = _spent
        self.on_success = self.on_failure = self.cancel = None
        self.owner = None

    @property
    def skipped(self) -> bool:
        """True when the task was superseded before it started (``fn`` never ran)."""
        return self.superseded and self.result is None and self.error is None


def _spent() -> None:
    """What a released task's ``fn`` becomes."""
