"""A change as a desktop receives it, and the topics screens listen for."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from db.feed import ChangeEvent

STREAM_PATH = "/events"  # the gateway's change-event stream
HEARTBEAT_SECONDS = 0.5  # the stream's keep-alive period (a link silent for 3x this is dead)


@dataclass(frozen=True)
class Change:
    """One committed change another desktop (or this one) made."""

    id: int  # feed id
    entity: str
    entity_id: str
    action: str
    actor_id: int | None = None
    payload: dict[str, Any] | None = None

    @classmethod
    def from_wire(cls, item: Sequence[Any]) -> Change:
        """From the stream's ``[feed id, entity, entity id, action, actor id, payload]``."""
        payload = item[5] if len(item) > 5 and isinstance(item[5], dict) else None
        actor = item[4] if len(item) > 4 else None
        return cls(int(item[0]), str(item[1]), str(item[2]), str(item[3]), actor, payload)

    @classmethod
    def from_event(cls, event: ChangeEvent) -> Change:
        return cls(event.id, event.entity, event.entity_id, event.action, event.actor_id, event.payload)

    @property
    def topics(self) -> frozenset[str]:
        """``entity`` and ``entity:id`` (e.g. ``ticket``, ``ticket:42``; ``presence``, ``presence:customer:7``)."""
        return frozenset((self.entity, f"{self.entity}:{self.entity_id}"))


def topics_of(changes: Iterable[Change]) -> frozenset[str]:
    """Every topic a batch touches: what :attr:`TaskManager.changed` announces."""
    out: set[str] = set()
    for change in changes:
        out |= change.topics
    return frozenset(out)


class RecentIds:
    """The last ``size`` feed ids delivered, to drop a change that arrives a second time."""

    def __init__(self, size: int = 50_000) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self._size = size

    def fresh(self, changes: Iterable[Change]) -> list[Change]:
        """The changes not delivered before (and remember them)."""
        out = []
        for change in changes:
            if change.id in self._ids:
                continue
            out.append(change)
            self._ids.add(change.id)
            self._order.append(change.id)
            if len(self._order) > self._size:
                self._ids.discard(self._order.popleft())
        return out
