"""Live sync on the GUI thread: changes from the background client become signals and refreshed screens.

:class:`ChangeBridge` owns a :class:`~desktop.sync.client.ChangeClient`.  Each batch the client
receives (on its own thread) arrives on the GUI thread as:

* :attr:`ChangeBridge.changes` — the list of :class:`~services.sync.changes.Change`;
* :attr:`ChangeBridge.topics` — the frozenset of topics (``ticket``, ``ticket:42``, ``presence:customer:7``);
* ``TaskManager.changed`` with the same topics (through ``notify_changed``), which the screens already
  listen to, so that a list or an open record refreshes in place.

:class:`ConnectivityWatch` does the same for the connectivity monitor (:attr:`~ConnectivityWatch.changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from sqlalchemy import Engine

from desktop.sync.client import ChangeClient, PositionStore
from desktop.sync.connectivity import Connectivity, ConnectivityMonitor
from services.sync.changes import Change, topics_of


class ChangeBridge(QObject):
    """Brings changes to the GUI thread.

    Args:
        tasks: the task manager whose ``changed`` signal the screens listen to (optional).
    """

    changes = Signal(object)  # list[Change]
    topics = Signal(object)  # frozenset[str]
    link_changed = Signal(bool)  # the stream or the in-process feed reader is reachable
    _arrived = Signal(object)
    _linked = Signal(bool)

    def __init__(self, tasks: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.client: ChangeClient | None = None
        self.linked: bool | None = None
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._linked.connect(self._on_linked, Qt.ConnectionType.QueuedConnection)

    def start(
        self,
        *,
        url: str | None = None,
        token: str | Callable[[], str] | None = None,
        engine: Engine | None = None,
        position: str | None = None,
        store: PositionStore | None = None,
        monitor: ConnectivityMonitor | None = None,
        **options: Any,
    ) -> ChangeClient:
        """Start receiving (see :class:`ChangeClient` for the arguments); ``monitor`` learns the link state."""
        self.stop()

        def on_link(up: bool) -> None:
            if monitor is not None:
                monitor.set_stream(up)
            self._linked.emit(up)

        self.client = ChangeClient(
            self.deliver,
            url=url,
            token=token,
            engine=engine,
            position=position,
            store=store,
            on_link=on_link,
            **options,
        ).start()
        return self.client

    def stop(self) -> None:
        """Stop the client (when signing out or closing)."""
        if self.client is not None:
            self.client.stop()
            self.client = None

    def deliver(self, changes: list[Change]) -> None:
        """Hand a batch over (any thread)."""
        self._arrived.emit(list(changes))

    @Slot(object)
    def _on_arrived(self, changes: list[Change]) -> None:
        topics = topics_of(changes)
        self.changes.emit(changes)
        self.topics.emit(topics)
        if self._tasks is not None and not getattr(self._tasks, "closing", False):
            self._tasks.notify_changed(*topics)

    @Slot(bool)
    def _on_linked(self, up: bool) -> None:
        self.linked = up
        self.link_changed.emit(up)


class ConnectivityWatch(QObject):
    """A :class:`ConnectivityMonitor` whose judgements arrive on the GUI thread.

    Args:
        engine: the shared database.
        uses_stream: this desktop follows a gateway stream.
        options: passed to the monitor (``interval``, ``timeout``, ``probe``).
    """

    changed = Signal(object)  # Connectivity
    online_changed = Signal(bool)
    _judged = Signal(object)

    def __init__(
        self, engine: Engine, *, uses_stream: bool = False, parent: QObject | None = None, **options: Any
    ) -> None:
        super().__init__(parent)
        self._judged.connect(self._on_judged, Qt.ConnectionType.QueuedConnection)
        self.monitor = ConnectivityMonitor(engine, self._judged.emit, uses_stream=uses_stream, **options)
        self.state: Connectivity = self.monitor.state
        self._online = self.state.online

    @property
    def online(self) -> bool:
        return self._online

    def start(self) -> ConnectivityWatch:
        self.monitor.start()
        return self

    def stop(self) -> None:
        self.monitor.stop()

    @Slot(object)
    def _on_judged(self, state: Connectivity) -> None:
        self.state = state
        self.changed.emit(state)
        if state.online != self._online:
            self._online = state.online
            self.online_changed.emit(state.online)
