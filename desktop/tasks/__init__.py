"""Background operations: database work on one worker thread per engine, network work on a pool.

Results come back to the GUI thread through queued signals and are handed to success/failure
callbacks; a newer task with the same key supersedes an older one.  See :class:`TaskManager`.
"""

from __future__ import annotations

from .busy import BusyCursor
from .manager import TaskManager
from .task import Task, TaskState

__all__ = ["BusyCursor", "Task", "TaskManager", "TaskState"]
