"""One signed-in desktop's live link to the others: changes, connectivity, the journal and presence.

Made after sign-in and stopped at sign-out.  Changes arrive through the gateway's event stream when
this desktop works on a shared database with a gateway (``CONTACTDESK_GATEWAY_URL``), else from the
change feed read in-process; either way they reach the screens as ``TaskManager.changed`` topics.
The offline banner shows within 2 s of the database going away; edits typed meanwhile are kept in a
local journal (one file per user) and replayed, with the conflict rules, when it is back.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.tasks import TaskManager
from services.config import Settings

from .sync import ChangeBridge, ConflictDialog, ConnectivityWatch, OfflineBanner, OutageController, PresenceTracker

log = logging.getLogger(__name__)


def offered_to(change: Any) -> int | None:
    """The agent a change-feed row offers a call to (None for every other change)."""
    if change.entity != "call" or change.action != "offered" or not change.payload:
        return None
    agent = change.payload.get("agent_id")
    return int(agent) if agent is not None else None


class LiveDesk(QObject):
    """Wires the sync pieces to a main window.

    Args:
        tasks: the task manager (its engine is the database).
        engine: the database.
        settings: data folder (journal), public URL (event stream).
        principal: who is signed in.
        window: the main window (gets the offline banner; its 360° view the presence banner).
        embedded: the embedded SQLite database (no gateway stream).
        session_id: the sign-in session (the stream token is bound to it).
    """

    offered_to_me = Signal()  # a call was just offered to this agent: the call bar looks at once

    def __init__(
        self,
        tasks: TaskManager,
        engine: Any,
        settings: Settings,
        principal: Any,
        window: Any,
        *,
        embedded: bool,
        session_id: int | None = None,
    ) -> None:
        super().__init__(window)
        from services.audit import AuditTrail
        from services.sync.journal import Journal
        from services.sync.presence import PresenceService
        from services.sync.records import RecordEditor
        from services.sync.replay import standard_handlers

        self.tasks = tasks
        self.engine = engine
        self.principal = principal
        self.window = window
        self._token: Any = None  # the stream credential (services.stream_tokens.RenewingToken), with a gateway
        use_stream = not embedded and bool(settings.gateway_url)
        self.watch = ConnectivityWatch(engine, uses_stream=use_stream).start()
        self.bridge = ChangeBridge(tasks, self)
        self.editor = RecordEditor(engine, audit=AuditTrail(workstation=principal.workstation))
        self.journal = Journal(settings.data_dir / "journal" / f"{principal.username}.db")
        self.offline_banner = OfflineBanner()
        window.set_banner(self.offline_banner)
        center = getattr(window, "call_center", None)
        handlers = standard_handlers(
            principal,
            editor=self.editor,
            calls=center.notes.calls if center is not None else None,
            wrapup=center.wrapup.wrapups if center is not None else None,
        )
        ticket_service = window.ticket_service
        if ticket_service is not None:  # ticket notes and decisions typed while the database was away
            from services.tickets import offline as ticket_offline

            handlers.update(ticket_offline.handlers(ticket_service, principal))
        seat = getattr(window, "flow_seat", None)
        if seat is not None:  # flow answers typed while the database was away
            from services.flows.runner import FLOW_STEP, replay_handler

            handlers[FLOW_STEP] = replay_handler(seat.desk.runner, principal)
        self.outage = OutageController(
            tasks, self.watch, self.journal, handlers, banner=self.offline_banner, parent=self
        )
        if seat is not None:
            seat.panel.journal = self
            self.outage.back_online.connect(seat.panel.reload)
        self.outage.conflicts_found.connect(self._conflicts)
        self.outage.back_online.connect(window.customer_view.reload)
        self.presence = PresenceTracker(
            tasks,
            PresenceService(engine, principal),
            bridge=self.bridge,
            banner=window.customer_view.presence_banner,
            parent=self,
        )
        if center is not None:  # call notes and wrap-up drafts survive an outage or a crash
            center.notes.journal = self
            center.wrapup.journal = self
        self.bridge.changes.connect(self._offers)
        self.ticket_presence: list[PresenceTracker] = []
        for panel in window.ticket_panels():  # presence on the ticket shown, and its note / decision in the journal
            self.attach_ticket_panel(panel)
        window.customer_view.customer_shown.connect(self._customer_shown)
        window.customer_view.attach_editing(self.editor, self.outage, self.presence, principal)
        self._start(settings, use_stream, session_id)
        if len(self.journal):  # edits left by a crash or an outage: save them now (conflicts are shown)
            self.outage.replay_now()

    def _start(self, settings: Settings, use_stream: bool, session_id: int | None) -> None:
        from services.sync.position import start_position

        engine, principal = self.engine, self.principal

        def prepare() -> tuple[str, Any]:
            credential = None
            if use_stream:
                from services.stream_tokens import RenewingToken

                credential = RenewingToken(
                    engine, principal.user_id, session_id=session_id, workstation=principal.workstation
                )
                credential()  # the first token, issued here on the database worker
            return start_position(engine), credential

        def started(result: tuple[str, Any]) -> None:
            position, self._token = result
            if self._token is not None:
                url = settings.gateway_url.rstrip("/")
                self.bridge.start(url=url, token=self._token, position=position, monitor=self.watch.monitor)
            else:
                self.bridge.start(engine=engine, position=position, monitor=self.watch.monitor)

        self.tasks.run_db(
            prepare,
            on_success=started,
            on_failure=lambda exc: log.warning("live changes not started: %r", exc),
            busy=False,
            label="live changes",
        )

    def _offers(self, changes: list[Any]) -> None:
        me = self.principal.user_id
        if any(offered_to(change) == me for change in changes):
            self.offered_to_me.emit()

    def _customer_shown(self, customer_id: int | None) -> None:
        if customer_id is None:
            self.presence.clear()
        else:
            self.presence.show_record("customer", customer_id)

    def attach_ticket_panel(self, panel: Any) -> PresenceTracker:
        """Give a ticket panel presence of its own (its banner, live refresh) and the local journal."""
        from services.sync.presence import PresenceService

        tracker = PresenceTracker(
            self.tasks,
            PresenceService(self.engine, self.principal),
            bridge=self.bridge,
            banner=panel.presence_banner,
            parent=self,
        )
        self.ticket_presence.append(tracker)
        panel.attach_live(tracker, self)
        self.outage.back_online.connect(panel.reload)
        return tracker

    def _conflicts(self, found: list[Any]) -> None:
        """Edits replayed after an outage that collided with someone else's: the person chooses."""
        for _entry, comparison in found:
            dialog = ConflictDialog(comparison, parent=self.window)
            dialog.accepted.connect(lambda d=dialog: self._resolve(d))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

    def _resolve(self, dialog: ConflictDialog) -> None:
        principal, editor = self.principal, self.editor
        comparison, choices = dialog.comparison, dialog.choices()
        self.tasks.run_db(lambda: editor.resolve(principal, comparison, choices), label="resolve conflict")

    def put(self, kind: str, key: str | int, payload: Any) -> None:
        """Keep what is being typed in the local journal (durable at once)."""
        self.outage.put(kind, key, payload)

    def entry(self, kind: str, key: str | int) -> Any:
        """The journal's entry of ``(kind, key)``, if any (a draft to restore into its editor)."""
        return self.journal.get(kind, key)

    def discard(self, kind: str, key: str | int) -> None:
        """It reached the database: forget the journal entry."""
        self.journal.discard(kind, key)
        self.offline_banner.set_pending(len(self.journal))

    def stream_token(self) -> str | None:
        """A valid stream token for the gateway's streams (None until the first is issued, or without a
        gateway); called on a stream client's thread."""
        credential = self._token
        return credential() if credential is not None else None

    def stop(self) -> None:
        """At sign-out: stop the stream, the monitor and presence; revoke the stream token."""
        self.bridge.stop()
        self.watch.stop()
        self.presence.clear()
        for tracker in self.ticket_presence:
            tracker.clear()
        credential = self._token
        if credential is not None:
            self.tasks.run_db(credential.revoke, busy=False, label="revoke stream token")
        self.journal.close()
