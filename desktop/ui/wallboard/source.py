"""Where a wallboard gets its snapshots from.

Every wallboard shows the snapshot the one aggregator computed, whichever way it travels: in the same process
for the embedded database (:class:`InProcessSource`) or pushed by the gateway (the lead's stream source).  A
page only knows :class:`WallboardSource`: ``snapshot(object)`` with each new :class:`WallboardSnapshot`, on the
GUI thread, and ``stale(bool)`` when the link to the aggregator is lost or back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from services.wallboard.types import WallboardSnapshot

# The aggregator publishes once a second; this long without a snapshot means the link is gone.
STALE_AFTER_MS = 5_000


class Publisher(Protocol):
    """What the in-process aggregator offers (services/wallboard/publisher.py)."""

    def subscribe(self, callback: Callable[[WallboardSnapshot], None]) -> Callable[[], None]: ...

    def latest(self) -> WallboardSnapshot | None: ...


def is_older(new: WallboardSnapshot, last: WallboardSnapshot | None) -> bool:
    """True for a snapshot the board has already moved past.

    A lower ``seq`` alone is not enough: a restarted aggregator counts from zero again, but its snapshots are
    later in time, so they are taken.
    """
    return last is not None and new.seq <= last.seq and new.at <= last.at


class WallboardSource(QObject):
    """The signals a wallboard page listens to; transports subclass it and call :meth:`accept`.

    Args:
        stale_after_ms: without a snapshot for this long the source says it is stale (0: never on its own,
            for a transport that knows itself when its link drops).
    """

    snapshot = Signal(object)
    stale = Signal(bool)
    _arrived = Signal(object)  # from any thread, handled on the GUI thread
    _link = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, stale_after_ms: int = STALE_AFTER_MS) -> None:
        super().__init__(parent)
        self._latest: WallboardSnapshot | None = None
        self._stale = False
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.setInterval(stale_after_ms)
        self.watchdog.timeout.connect(lambda: self.set_stale(True))
        self._watching = stale_after_ms > 0
        self._arrived.connect(self.accept, Qt.ConnectionType.QueuedConnection)
        self._link.connect(self._link_changed, Qt.ConnectionType.QueuedConnection)
        if self._watching:
            self.watchdog.start()

    def latest(self) -> WallboardSnapshot | None:
        """The last snapshot delivered, or None before the first."""
        return self._latest

    def is_stale(self) -> bool:
        return self._stale

    def accept(self, snapshot: WallboardSnapshot) -> None:
        """Deliver ``snapshot`` (GUI thread): older ones are dropped, a fresh one ends a stale spell."""
        if is_older(snapshot, self._latest):
            return
        self._latest = snapshot
        if self._watching:
            self.watchdog.start()
        self.set_stale(False)
        self.snapshot.emit(snapshot)

    def post(self, snapshot: WallboardSnapshot) -> None:
        """Deliver ``snapshot`` from any thread (a transport's callback): it reaches :meth:`accept` on the GUI
        thread through the event loop."""
        with contextlib.suppress(RuntimeError):  # the source was deleted meanwhile
            self._arrived.emit(snapshot)

    def post_link(self, up: bool) -> None:
        """From any thread: the link to the aggregator is up (True) or lost (False)."""
        with contextlib.suppress(RuntimeError):
            self._link.emit(up)

    def _link_changed(self, up: bool) -> None:
        self.set_stale(not up)

    def set_stale(self, stale: bool) -> None:
        """Say the link is lost (True) or back (False); only a change is signalled."""
        if stale != self._stale:
            self._stale = stale
            self.stale.emit(stale)


class InProcessSource(WallboardSource):
    """Snapshots of an aggregator in this process.

    The publisher calls back on its own thread; the snapshot crosses to the GUI thread through a queued signal,
    so widgets are only ever touched there.  :meth:`close` unsubscribes (also done when the source is deleted).
    """

    def __init__(self, publisher: Publisher, parent: QObject | None = None, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        first = publisher.latest()
        if first is not None:
            self._latest = first
        # Shared with the ``destroyed`` handler, which must not touch this (then deleted) object.
        self._subscription: list[Callable[[], None]] = [publisher.subscribe(self.post)]
        subscription = self._subscription
        self.destroyed.connect(lambda *_: _end(subscription))

    def close(self) -> None:
        """Stop listening to the publisher."""
        _end(self._subscription)


def _end(subscription: list[Callable[[], None]]) -> None:
    while subscription:
        subscription.pop()()
