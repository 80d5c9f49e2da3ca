"""Growing, jittered pauses between retries of something that is away (a database, a stream)."""

from __future__ import annotations

import random


class Backoff:
    """Growing waits between retries (with jitter), reset after a success."""

    def __init__(self, initial: float = 0.25, maximum: float = 5.0, factor: float = 2.0, jitter: float = 0.2) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
        self._next = initial

    def next(self) -> float:
        """The next wait in seconds."""
        wait = self._next
        self._next = min(self.maximum, self._next * self.factor)
        return wait * (1 + random.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self._next = self.initial
