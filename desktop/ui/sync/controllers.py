"""Glue for the screens: presence of the record on show, and the outage cycle (banner, journal replay).

:class:`PresenceTracker` — tell it which record the screen shows (:meth:`~PresenceTracker.show_record`) and
whether the person is editing it; it writes this desktop's presence, keeps it alive, and fills a
:class:`~.banners.PresenceBanner` with who else is there, refreshed when a ``presence:<entity>:<id>`` change
arrives and on every heartbeat.

:class:`OutageController` — follows a :class:`~.bridge.ConnectivityWatch`: shows the
:class:`~.banners.OfflineBanner`, and when the database is back replays the local journal (on the database
worker) with backoff until it goes through; conflicts come out on :attr:`~OutageController.conflicts_found`
for the conflict dialog.  Every database call goes through the task manager, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.sync.connectivity import Connectivity
from services.backoff import Backoff
from services.sync.journal import Journal
from services.sync.presence import HEARTBEAT_SECONDS, PresenceService, Present
from services.sync.replay import Handler, ReplayReport, replay

from .banners import OfflineBanner, PresenceBanner
from .bridge import ChangeBridge, ConnectivityWatch

SWEEP_EVERY = 30  # heartbeats between two sweeps of expired presence rows


class PresenceTracker(QObject):
    """This desktop's presence on one record at a time, and the banner about the others.

    Args:
        tasks: the task manager (database work off the GUI thread).
        service: this desktop's :class:`PresenceService`.
        bridge: live changes (presence notices refresh the banner at once); optional.
        banner: the banner to fill; optional (listen to :attr:`people_changed` instead).
        heartbeat_ms: keep-alive period.
    """

    people_changed = Signal(object)  # list[Present]

    def __init__(
        self,
        tasks: Any,
        service: PresenceService,
        *,
        bridge: ChangeBridge | None = None,
        banner: PresenceBanner | None = None,
        heartbeat_ms: int = int(HEARTBEAT_SECONDS * 1000),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service = service
        self._banner = banner
        self.record: tuple[str, int | str] | None = None
        self.mode = "viewing"
        self.people: list[Present] = []
        self._beats = 0
        self._timer = QTimer(self)
        self._timer.setInterval(heartbeat_ms)
        self._timer.timeout.connect(self._beat)
        if bridge is not None:
            bridge.topics.connect(self._on_topics)

    def show_record(self, entity: str, entity_id: int | str, *, editing: bool = False) -> None:
        """The screen now shows this record (leaves the previous one)."""
        previous = self.record
        self.record = (entity, entity_id)
        self.mode = "editing" if editing else "viewing"
        service, mode = self._service, self.mode

        def work() -> list[Present]:
            if previous is not None and previous != (entity, entity_id):
                service.leave(*previous)
            service.enter(entity, entity_id, mode)
            return service.others(entity, entity_id)

        self._tasks.run_db(work, on_success=self._show, key="presence", busy=False, owner=self, label="presence")
        self._timer.start()

    def set_editing(self, editing: bool) -> None:
        """The person started (True) or stopped (False) editing the record shown."""
        if self.record is not None and (self.mode == "editing") != editing:
            self.show_record(*self.record, editing=editing)

    def clear(self) -> None:
        """Nothing shown any more (closing the record, signing out)."""
        previous, self.record = self.record, None
        self._timer.stop()
        self._show([])
        if previous is not None:
            service = self._service
            self._tasks.run_db(lambda: service.leave(*previous), key="presence", busy=False, label="presence leave")

    def refresh(self) -> None:
        """Read who else is at the record now."""
        if self.record is None:
            return
        record, service = self.record, self._service
        self._tasks.run_db(
            lambda: service.others(*record), on_success=self._show, key="presence-others", busy=False, owner=self
        )

    def _beat(self) -> None:
        if self.record is None:
            return
        record, service = self.record, self._service
        self._beats += 1
        sweep = self._beats % SWEEP_EVERY == 0

        def work() -> list[Present]:
            service.heartbeat()
            if sweep:  # housekeeping: rows of desktops that went away without leaving
                service.sweep()
            return service.others(*record)

        self._tasks.run_db(
            work, on_success=self._show, on_failure=lambda _exc: None, key="presence-beat", busy=False, owner=self
        )

    def _on_topics(self, topics: frozenset[str]) -> None:
        if self.record is not None and f"presence:{self.record[0]}:{self.record[1]}" in topics:
            self.refresh()

    def _show(self, people: list[Present]) -> None:
        self.people = list(people)
        if self._banner is not None:
            self._banner.set_people(self.people)
        self.people_changed.emit(self.people)


class OutageController(QObject):
    """Offline banner and journal replay, driven by connectivity.

    Args:
        tasks: the task manager.
        watch: the connectivity watch (started by the caller).
        journal: the local journal.
        handlers: replay handlers by kind (:func:`~services.sync.replay.standard_handlers`).
        banner: the offline banner to drive (optional).
        backoff: waits between replay attempts while the database keeps failing.
    """

    replayed = Signal(object)  # ReplayReport
    conflicts_found = Signal(object)  # list[(Entry, ThreeWay)]
    back_online = Signal()  # the database is back and the journal replay has gone through: reload screens

    def __init__(
        self,
        tasks: Any,
        watch: ConnectivityWatch,
        journal: Journal,
        handlers: Mapping[str, Handler],
        *,
        banner: OfflineBanner | None = None,
        backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._journal = journal
        self._handlers = dict(handlers)
        self._banner = banner
        self._backoff = backoff or Backoff(initial=0.5, maximum=15.0)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.replay_now)
        self.replaying = False
        self.online = watch.online
        watch.changed.connect(self._on_connectivity)
        if banner is not None:
            banner.retry_requested.connect(self.replay_now)
            banner.set_pending(len(journal))

    def put(self, kind: str, key: str | int, payload: Any) -> None:
        """Journal an edit or draft as it is typed (quick, durable; on the GUI thread is fine)."""
        self._journal.put(kind, key, payload)
        if self._banner is not None:
            self._banner.set_pending(len(self._journal))

    def discard(self, kind: str, key: str | int) -> None:
        """Forget a journalled edit or draft: it was saved, or the person cancelled it on purpose."""
        self._journal.discard(kind, key)
        if self._banner is not None:
            self._banner.set_pending(len(self._journal))

    def replay_now(self) -> None:
        """Replay the journal on the database worker (no-op while a replay runs)."""
        if self.replaying:
            return
        self.replaying = True
        journal, handlers = self._journal, self._handlers
        run: Callable[[], ReplayReport] = lambda: replay(journal, handlers)  # noqa: E731
        self._tasks.run_db(run, on_success=self._done, on_failure=self._failed, busy=False, label="journal replay")

    def _on_connectivity(self, state: Connectivity) -> None:
        if self._banner is not None:
            self._banner.set_connectivity(state)
        came_back = state.database and not self.online
        self.online = state.database
        if came_back:
            self._backoff.reset()
            self.replay_now()

    def _done(self, report: ReplayReport) -> None:
        self.replaying = False
        if self._banner is not None:
            self._banner.set_pending(len(self._journal))
        self.replayed.emit(report)
        if report.conflicts:
            self.conflicts_found.emit(report.conflicts)
        if report.complete:
            self._backoff.reset()
            self.back_online.emit()
        else:
            self._retry.start(int(self._backoff.next() * 1000))

    def _failed(self, exc: BaseException) -> None:
        self.replaying = False
        self._retry.start(int(self._backoff.next() * 1000))
