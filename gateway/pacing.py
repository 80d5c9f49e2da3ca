"""Pacing per sender: a token bucket for each From number or address.

:class:`Pacer` is shared by one sender's threads; :class:`SharedPacer` keeps the pace across every gateway
process on PostgreSQL (the ``sender_pace`` table); :func:`make_pacer` chooses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, text

from db.write import write_txn


def wait_for(delay: float, stop: threading.Event | None, sleep: Callable[[float], None]) -> bool:
    """Sleep ``delay`` seconds (a reserved slot's wait); False when ``stop`` was set meanwhile."""
    if delay <= 0:
        return True
    if stop is not None:
        return not stop.wait(delay)
    sleep(delay)
    return True


class Pacer:
    """At most ``rate`` messages per second per sender key, with bursts of up to ``burst``.

    Args:
        rate_of: messages per second for a sender key.
        clock, sleep: injectable for tests.
    """

    def __init__(
        self,
        rate_of: Callable[[str], float],
        *,
        burst: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate_of = rate_of
        self._burst = max(1.0, burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def reserve(self, key: str) -> float:
        """Take the next slot for ``key``; returns how long to wait before using it."""
        interval = 1.0 / max(self._rate_of(key), 1e-6)
        with self._lock:
            now = self._clock()
            earliest = now - (self._burst - 1.0) * interval
            slot = max(self._next.get(key, earliest), earliest)
            self._next[key] = slot + interval
            return max(0.0, slot - now)

    def reserve_many(self, key: str, count: int) -> list[float]:
        """Take the next ``count`` slots for ``key``; returns how long to wait before using each."""
        return [self.reserve(key) for _ in range(count)]

    def wait(self, key: str, stop: threading.Event | None = None) -> bool:
        """Block until ``key`` may send; False when ``stop`` was set meanwhile."""
        return wait_for(self.reserve(key), stop, self._sleep)


class SharedPacer:
    """The same pace as :class:`Pacer`, held across every gateway process through the database (PostgreSQL).

    Each send reserves its slot in ``sender_pace`` with one atomic statement,
    ``UPDATE ... SET next_slot_at = greatest(next_slot_at, now - burst) + interval RETURNING``, on the
    database's clock (so the hosts' clocks do not matter); the row lock is held only for that statement.

    Args:
        engine: the shared PostgreSQL database.
        rate_of: messages per second for a sender key.
        burst: slots a sender may use at once after being idle.
    """

    def __init__(
        self,
        engine: Engine,
        rate_of: Callable[[str], float],
        *,
        burst: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._engine = engine
        self._rate_of = rate_of
        self._burst = max(1.0, burst)
        self._sleep = sleep
        self._known: set[str] = set()
        self._lock = threading.Lock()

    def reserve(self, key: str) -> float:
        """Take the next slot for ``key`` (shared by all processes); returns how long to wait before using it."""
        return self.reserve_many(key, 1)[0]

    def reserve_many(self, key: str, count: int) -> list[float]:
        """Take the next ``count`` slots for ``key`` in one statement (a sender's batch); returns the waits."""
        if count <= 0:
            return []
        interval = 1.0 / max(self._rate_of(key), 1e-6)
        key = key[:300]
        params = {"key": key, "span": interval * count, "ahead": (self._burst - 1.0) * interval}
        with write_txn(self._engine) as conn:
            if key not in self._known:
                conn.execute(_CREATE, params)
            first = float(conn.execute(_RESERVE, params).scalar_one())
        with self._lock:
            self._known.add(key)
        return [max(0.0, first + i * interval) for i in range(count)]

    def wait(self, key: str, stop: threading.Event | None = None) -> bool:
        """Block until ``key`` may send; False when ``stop`` was set meanwhile."""
        return wait_for(self.reserve(key), stop, self._sleep)


_CREATE = text(
    "INSERT INTO sender_pace (sender_key, next_slot_at) VALUES (:key, clock_timestamp()) "
    "ON CONFLICT (sender_key) DO NOTHING"
)
# The first slot taken is the new next_slot_at minus the span taken; its wait is that minus the database's now.
_RESERVE = text(
    "UPDATE sender_pace SET next_slot_at = greatest(next_slot_at, clock_timestamp() - make_interval(secs => :ahead))"
    " + make_interval(secs => :span) WHERE sender_key = :key "
    "RETURNING extract(epoch FROM next_slot_at - make_interval(secs => :span) - clock_timestamp()) AS wait"
)


def make_pacer(engine: Engine, rate_of: Callable[[str], float], *, burst: float = 1.0) -> Pacer | SharedPacer:
    """The pacer for a sender on ``engine``: shared through the database on PostgreSQL, in-process otherwise
    (SQLite has one writer and one gateway)."""
    if engine.dialect.name == "postgresql":
        return SharedPacer(engine, rate_of, burst=burst)
    return Pacer(rate_of, burst=burst)
