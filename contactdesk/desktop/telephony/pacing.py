"""Pacing per sender: a token bucket for each From number or address, shared by the sender's threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


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

    def wait(self, key: str, stop: threading.Event | None = None) -> bool:
        """Block until ``key`` may send; False when ``stop`` was set meanwhile."""
        delay = self.reserve(key)
        if delay <= 0:
            return True
        if stop is not None:
            return not stop.wait(delay)
        self._sleep(delay)
        return True
