"""A durable local spool for webhook events the database could not take in time.

Append-only JSON lines, flushed and fsync'ed before the webhook is answered, one file per process in
``<data dir>/spool``.  Replayed in order once the database answers again; every event is applied idempotently,
so replaying an event twice (a crash between applying and truncating) changes nothing the second time.
Files left behind by a process that died are picked up by the next one that can lock them.

The spool holds callers' numbers and SMS texts, so it keeps as little as it can for as short a time as it can:

* the folder is ``0700`` and the files ``0600`` (POSIX; :mod:`services.private_files`);
* a webhook keeps only the parameters its replay reads (:data:`REPLAY_PARAMS`): a status callback keeps no
  number at all, an incoming call keeps the caller's number once (replay matches the customer by it), not
  the copies, caller name and location Twilio sends along;
* once every event of a file is applied the file is emptied (this process's own) or deleted (another's).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from services.private_files import open_private, private_dir

log = logging.getLogger(__name__)
PREFIX = "spool-"
Unreadable = Callable[[bytes], None]

# The webhook parameters each kind of spooled record needs when it is replayed (gateway.replay validates and
# applies them through gateway.events and gateway.messaging_events); every other parameter is left out.
REPLAY_PARAMS: dict[str, tuple[str, ...]] = {
    "incoming": ("CallSid", "From", "To"),
    "menu": ("CallSid", "Digits"),
    "status": ("CallSid", "CallStatus", "Direction"),
    "sms_status": ("MessageSid", "MessageStatus", "ErrorCode"),
    "sms_incoming": ("MessageSid", "From", "Body"),
}


def minimal(event: dict[str, Any]) -> dict[str, Any]:
    """``event`` with only the parameters its replay reads (a record of another shape is kept as it is)."""
    keep = REPLAY_PARAMS.get(str(event.get("kind")))
    params = event.get("params")
    if keep is None or not isinstance(params, dict):
        return event
    return {**event, "params": {k: params[k] for k in keep if k in params}}


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _try_lock(fh: IO[Any]) -> bool:
    """Take an exclusive, non-blocking lock on an open file; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class Spool:
    """This process's spool file plus any orphaned ones found beside it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        private_dir(directory)
        self.path = directory / f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}.jsonl"
        self._lock = threading.Lock()
        self._replay_lock = threading.Lock()
        # held open (and locked) for the process life
        self._fh: IO[bytes] = os.fdopen(open_private(self.path, os.O_RDWR | os.O_APPEND | _BINARY), "a+b")
        if not _try_lock(self._fh):
            raise RuntimeError(f"cannot lock spool file {self.path}")
        self._applied = 0  # bytes of our own file already replayed
        self._end = self._size()  # bytes written (kept in memory: ``pending`` is on every webhook's path)
        self._orphans = True  # look for other processes' leftovers on the next replay
        self._waiting: deque[float] = deque()  # when each event still waiting was written (wall clock)

    def depth(self) -> tuple[int, float]:
        """How many of this process's events wait, and the age in seconds of the oldest (0.0 when none)."""
        with self._lock:
            if not self._waiting:
                return 0, 0.0
            return len(self._waiting), max(0.0, time.time() - self._waiting[0])

    @property
    def pending(self) -> bool:
        """True while events wait in this process's file (new events must queue behind them)."""
        return self._end > self._applied

    def _size(self) -> int:
        return os.fstat(self._fh.fileno()).st_size

    def append(self, event: dict[str, Any]) -> None:
        """Write one event (its :func:`minimal` form) durably (fsync) before the caller answers the webhook."""
        line = json.dumps(minimal(event), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        with self._lock:
            self._fh.seek(0, os.SEEK_END)
            self._fh.write(line)
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._end = self._fh.tell()
            self._waiting.append(time.time())

    def close(self) -> None:
        """Close the file; an empty one is removed, a non-empty one stays for the next process."""
        with self._lock:
            empty = self._size() <= self._applied
            self._fh.close()
        if empty:
            self.path.unlink(missing_ok=True)

    def replay(self, apply: Callable[[dict[str, Any]], None], unreadable: Unreadable | None = None) -> int:
        """Apply spooled events in order; stop when ``apply`` raises (the database is still away).

        ``apply`` decides what a failing event means: it returns normally for an event it set aside (a dead
        letter), so one bad event never holds up the others.  A line that is not JSON at all goes to
        ``unreadable`` (else it is logged and skipped).

        Returns:
            How many events were taken off the spool.
        """
        if not self._replay_lock.acquire(blocking=False):
            return 0
        try:
            done = self._replay_orphans(apply, unreadable) if self._orphans else 0
            return done + self._replay_own(apply, unreadable)
        finally:
            self._replay_lock.release()

    def _replay_own(self, apply: Callable[[dict[str, Any]], None], unreadable: Unreadable | None) -> int:
        done = 0
        while True:
            with self._lock:
                size = self._size()
                if size <= self._applied:
                    if size:  # everything applied and nothing new: start the file afresh
                        self._fh.truncate(0)
                        self._fh.seek(0)
                        self._applied = 0
                        self._end = 0
                    self._waiting.clear()
                    return done
                with open(self.path, "rb") as reader:
                    reader.seek(self._applied)
                    chunk = reader.read(size - self._applied)
            for raw in chunk.splitlines(keepends=True):
                if not raw.endswith(b"\n"):
                    break  # a torn last line is finished by the writer
                self._apply_line(raw, apply, unreadable)
                with self._lock:
                    self._applied += len(raw)
                    if self._waiting:
                        self._waiting.popleft()
                done += 1

    @staticmethod
    def _apply_line(raw: bytes, apply: Callable[[dict[str, Any]], None], unreadable: Unreadable | None) -> None:
        try:
            event = json.loads(raw)
            if not isinstance(event, dict):
                raise ValueError("not a JSON object")
        except ValueError:
            if unreadable is None:
                log.error("skipping an unreadable spool line: %r", raw[:200])
            else:
                unreadable(raw)
            return
        apply(event)

    def _replay_orphans(self, apply: Callable[[dict[str, Any]], None], unreadable: Unreadable | None) -> int:
        done = 0
        for path in sorted(self.directory.glob(f"{PREFIX}*.jsonl")):
            if path == self.path:
                continue
            with open(path, "r+b") as fh:
                if not _try_lock(fh):
                    continue  # its process is alive and replays it itself
                fh.seek(0)
                for raw in fh.read().splitlines(keepends=True):
                    if raw.endswith(b"\n"):
                        self._apply_line(raw, apply, unreadable)
                        done += 1
            path.unlink(missing_ok=True)
            log.info("replayed %d spooled events left by another process (%s)", done, path.name)
        self._orphans = False
        return done
