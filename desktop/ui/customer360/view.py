"""The customer 360° view: header card and five tabs, each loaded off the GUI thread when first shown.

With the ticket services attached (:meth:`Customer360View.attach_tickets`), a ticket of the customer opened
here — double-click in the Tickets tab, or the "open complaints" chip — shows in a pane on the right of the
customer page (:class:`~.ticket_dock.TicketDock`), so the customer and the complaint are on one screen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager

from ..i18n import error_text
from ..reveal import RevealDialog
from ..sync import PresenceBanner
from ..widgets import EmptyState, StatePane
from .edit import CustomerEditDialog
from .header import HeaderCard
from .models import HoldingsModel, RecordTableModel, RemindersModel, TicketsModel, TimelineModel
from .overview import OverviewTab
from .tabs import RecordTable, TimelinePanel, tab_shortcuts, with_shortcut

log = logging.getLogger(__name__)

TABS = ("overview", "products", "timeline", "tickets", "reminders")
DOCK_SHARE = 0.40  # of the 360° view's width for the ticket pane (its minimum at 1366 px beside the call panel)
OPEN_STATES = ("new", "acknowledged", "in_progress", "pending_customer", "pending_internal", "reopened")


class Customer360View(QWidget):
    """Everything about one customer.  ``open_customer(id)`` loads it; before that a friendly empty state.

    Signals:
        header_loaded(object): the CustomerHeader arrived.
        tab_loaded(str): a tab finished loading (its name).
    """

    header_loaded = Signal(object)
    tab_loaded = Signal(str)
    customer_shown = Signal(object)  # the customer id, or None when the view is emptied
    ticket_activated = Signal(int)  # a ticket of the customer was double-clicked (or Enter)
    ticket_dock_changed = Signal(bool)  # the ticket pane beside the customer opened (True) or closed

    def __init__(
        self,
        tasks: TaskManager,
        service: Any,
        *,
        timeline_page_size: int = 50,
        reveal: Callable[[int, str, str, str], Any] | None = None,
        reveal_seconds: int = 60,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer360")
        self._tasks = tasks
        self._service = service
        self._reveal = reveal
        self._reveal_seconds = reveal_seconds
        self.reveal_dialog: RevealDialog | None = None
        self.edit_dialog: CustomerEditDialog | None = None
        self._editing: tuple[Any, Any, Any, Any] | None = None
        self.reveal_message: QMessageBox | None = None
        self._customer_id: int | None = None
        self._loaded: dict[str, int | None] = dict.fromkeys(TABS)
        self.ticket_dock: Any = None  # the TicketDock, once the ticket services are attached
        self.flow_dock: Any = None  # the flow runner (desktop.ui.flows.runner.FlowRunnerPanel), once attached
        self.lobby: Any = None  # the memo and the referral / appointment actions (.lobby.CustomerLobby), once attached

        self.empty = EmptyState(parent=self)
        self.empty.setObjectName("customerEmpty")
        self.header_card = HeaderCard()
        self.header_card.set_can_reveal(reveal is not None)
        self.header_card.reveal_requested.connect(self.ask_reveal)
        self.header_card.edit_requested.connect(self.edit_customer)
        self.header_card.complaints_requested.connect(self.open_urgent_complaint)
        self.presence_banner = PresenceBanner()
        self.header_pane = StatePane(self.header_card)
        self.header_pane.setObjectName("headerPane")
        self.header_pane.retry.connect(self._load_header)

        self.overview = OverviewTab()
        self.products_model = HoldingsModel(self)
        self.tickets_model = TicketsModel(self)
        self.reminders_model = RemindersModel(self)
        self.timeline_model = TimelineModel(tasks, service, page_size=timeline_page_size, parent=self)
        # Columns dropped first when the view is narrow (by index; see the models' column lists).
        self.products_table = RecordTable(self.products_model, stretch_column=1, hide_order=(5, 4))
        self.tickets_table = RecordTable(self.tickets_model, stretch_column=2, hide_order=(4, 5, 7, 1))
        self.reminders_table = RecordTable(self.reminders_model, stretch_column=2)
        self.timeline = TimelinePanel(self.timeline_model)
        self.timeline.channel_changed.connect(self._channel_changed)
        self.timeline_model.first_page_loaded.connect(self._timeline_first_page)
        self.timeline_model.page_failed.connect(self._timeline_failed)

        # The overview's cards keep the height their lines need (OverviewTab.fit_rows); on a low screen, or beside
        # the call panel and a flow, the tab scrolls instead of drawing lines over one another.
        self.overview_area = QScrollArea()
        self.overview_area.setObjectName("overviewArea")
        self.overview_area.setWidgetResizable(True)
        self.overview_area.setFrameShape(QFrame.Shape.NoFrame)
        self.overview_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overview_area.setWidget(self.overview)
        self.overview_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the cards' links, not here
        contents: dict[str, QWidget] = {
            "overview": self.overview_area,
            "products": self.products_table,
            "timeline": self.timeline,
            "tickets": self.tickets_table,
            "reminders": self.reminders_table,
        }
        self.panes: dict[str, StatePane] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customerTabs")
        self.tabs.setDocumentMode(True)
        for name in TABS:
            pane = StatePane(contents[name])
            pane.setObjectName(f"{name}Pane")
            pane.retry.connect(lambda name=name: self._load_tab(name, force=True))
            self.panes[name] = pane
            self.tabs.addTab(pane, name)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tab_shortcuts = tab_shortcuts(self.tabs)
        self.tickets_table.activated.connect(self._ticket_activated)

        self.page = QWidget()
        self.page.setObjectName("customerPage")
        page_layout = QVBoxLayout(self.page)
        page_layout.setContentsMargins(6, 12, 12, 8)
        page_layout.setSpacing(8)
        page_layout.addWidget(self.presence_banner)
        page_layout.addWidget(self.header_pane)
        page_layout.addWidget(self.tabs, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("customerSplit")
        self.split.setChildrenCollapsible(False)
        self.split.setHandleWidth(6)
        self.split.addWidget(self.page)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        tasks.changed.connect(self._data_changed)
        self.retranslate()

    # -- public API -------------------------------------------------------------------------------

    @property
    def customer_id(self) -> int | None:
        """The customer shown, if any."""
        return self._customer_id

    def open_customer(self, customer_id: int) -> None:
        """Show ``customer_id``: header and the current tab load now, the other tabs when visited."""
        shown = customer_id != self._customer_id
        if shown:
            self.close_ticket()  # the pane showed the previous customer's ticket
        self._customer_id = customer_id
        self._loaded = dict.fromkeys(TABS)
        self.stack.setCurrentWidget(self.split)
        self._load_header()
        self._load_tab(self.current_tab())
        if shown:
            self.customer_shown.emit(customer_id)

    def reload(self) -> None:
        """Load everything again (the data changed)."""
        if self._customer_id is not None:
            self.open_customer(self._customer_id)

    def close_customer(self) -> None:
        """Back to the empty state."""
        if self._customer_id is not None:
            self.customer_shown.emit(None)
        self.close_ticket()
        self._customer_id = None
        self.header_card.clear_revealed()
        for key in ("header", *TABS):
            self._tasks.supersede(self._key(key))
        self.timeline_model.load(None)
        self.stack.setCurrentWidget(self.empty)

    def pop_customer(self, customer_id: int) -> None:
        """A call popped for ``customer_id``: clear the view first (nothing of the customer shown before stays on
        the screen while this one loads), then open it on the overview, whatever tab was in use."""
        self.close_customer()
        self.show_tab("overview")  # no customer yet: switching tabs loads nothing
        self.open_customer(customer_id)

    def show_unknown_caller(self, page: QWidget) -> None:
        """A call popped from a caller nobody has identified: clear the view and show ``page`` instead (what is
        known of the caller, and the next steps); the next customer opened replaces it."""
        self.close_customer()
        self.show_tab("overview")
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def current_tab(self) -> str:
        """Name of the visible tab."""
        return TABS[max(0, self.tabs.currentIndex())]

    def show_tab(self, name: str) -> None:
        """Switch to a tab (loading it if needed)."""
        self.tabs.setCurrentIndex(TABS.index(name))

    def tab_state(self, name: str) -> str:
        """``loading``, ``content``, ``error`` or ``empty`` of one tab."""
        return self.panes[name].state

    # -- reveal -----------------------------------------------------------------------------------

    def ask_reveal(self, field: str) -> None:
        """Ask for a reason, then show ``field`` of the open customer in full (audited by the service)."""
        cid = self._customer_id
        if cid is None or self._reveal is None:
            return
        label = self.tr("ID number") if field == "id_number" else self.tr("phone number")
        dialog = RevealDialog(label, self._reveal_seconds, self)
        self.reveal_dialog = dialog
        dialog.accepted.connect(lambda: self._reveal_chosen(cid, field, *dialog.reason()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _reveal_chosen(self, cid: int, field: str, code: str, text: str) -> None:
        self.reveal_dialog = None
        reveal = self._reveal
        assert reveal is not None
        self._tasks.run_db(
            lambda: reveal(cid, field, code, text),
            on_success=lambda revealed: self._revealed(cid, revealed),
            on_failure=self._reveal_failed,
            owner=self,
            label="reveal",
        )

    def _revealed(self, cid: int, revealed: Any) -> None:
        if cid != self._customer_id:
            return
        seconds = revealed.seconds_left(dt.datetime.now(dt.UTC))
        self.header_card.show_revealed(revealed.field, revealed.value, seconds)

    def _reveal_failed(self, exc: BaseException) -> None:
        log.warning("reveal refused or failed: %r", exc)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot show in full"), error_text(exc), parent=self)
        self.reveal_message = box
        box.finished.connect(box.deleteLater)
        box.open()

    def _ticket_activated(self, index: Any) -> None:
        record = self.tickets_model.record(index.row())
        if record is not None:
            self.open_ticket(int(record.id))
            self.ticket_activated.emit(int(record.id))

    # -- the ticket pane beside the customer ----------------------------------------------------------

    def attach_tickets(self, service: Any, principal: Any) -> Any:
        """Show the customer's tickets in a pane beside the 360° view; returns the :class:`TicketDock`."""
        from .ticket_dock import TicketDock

        if self.ticket_dock is None:
            self.ticket_dock = TicketDock(self._tasks, service, principal)
            self.split.addWidget(self.ticket_dock)
            self.split.setStretchFactor(0, 1)
            self.split.setStretchFactor(1, 1)
            self.ticket_dock.closed.connect(lambda: self.ticket_dock_changed.emit(False))
            self.header_card.complaints_clickable = True
        return self.ticket_dock

    def attach_flows(self, panel: Any) -> Any:
        """Dock the flow runner ``panel`` beside the customer (right of the ticket pane); returns it."""
        if self.flow_dock is None:
            self.flow_dock = panel
            self.split.addWidget(panel)
            self.split.setStretchFactor(self.split.indexOf(panel), 1)
            self.header_card.flow_button.setVisible(True)
        return self.flow_dock

    def attach_lobby(self, desk: Any, principal: Any, *, referral_source: str = "counter", dialogs: bool = True) -> Any:
        """The service memo under the overview and "Refer to manager" / "Book appointment" on the header for
        the roles that may (see :class:`~.lobby.CustomerLobby`); returns it."""
        from .lobby import CustomerLobby

        if self.lobby is None:
            self.lobby = CustomerLobby(self, desk, principal, referral_source=referral_source, dialogs=dialogs)
        return self.lobby

    def size_flow_dock(self) -> None:
        """Give the flow pane its share of the width once it shows (the customer keeps the rest)."""
        dock = self.flow_dock
        if dock is None or not dock.isVisible():
            return
        sizes = self.split.sizes()
        width = max(sum(sizes), 2 * dock.minimumWidth())
        index = self.split.indexOf(dock)
        right = max(dock.minimumWidth(), int(width * DOCK_SHARE))
        others = [i for i in range(len(sizes)) if i != index and sizes[i] > 0]
        rest = width - right
        new = [0] * len(sizes)
        new[index] = right
        for i in others:
            new[i] = rest // max(1, len(others))
        self.split.setSizes(new)

    def open_ticket(self, ticket_id: int) -> None:
        """Open a ticket in the pane beside the customer (without the ticket services: nothing)."""
        dock = self.ticket_dock
        if dock is None:
            return
        was_open = dock.isVisible()
        dock.open_ticket(ticket_id)
        if not was_open:
            self.ticket_dock_changed.emit(True)  # the window may make room (the search side steps aside)
            QTimer.singleShot(0, self._size_dock)  # once the room is made

    def _size_dock(self) -> None:
        dock = self.ticket_dock
        if dock is None or not dock.isVisible():
            return
        width = max(self.split.width(), 2 * dock.minimumWidth())
        right = max(dock.minimumWidth(), int(width * DOCK_SHARE))
        self.split.setSizes([width - right, right])

    def close_ticket(self) -> None:
        """Close the ticket pane (if open)."""
        if self.ticket_dock is not None and self.ticket_dock.isVisible():
            self.ticket_dock.close_ticket()

    def open_urgent_complaint(self) -> None:
        """The "open complaints" chip: the open complaint with the least time left opens beside the customer."""
        cid = self._customer_id
        if cid is None or self.ticket_dock is None:
            return
        self.show_tab("tickets")
        service = self._service

        def pick(rows: list[Any]) -> None:
            if cid != self._customer_id:
                return
            open_ones = [r for r in rows if r.kind == "complaint" and r.status in OPEN_STATES] or [
                r for r in rows if r.status in OPEN_STATES
            ]
            if open_ones:
                far = dt.datetime.max.replace(tzinfo=dt.UTC)
                urgent = min(open_ones, key=lambda r: (r.regulatory_deadline or far, r.id))
                self.open_ticket(int(urgent.id))

        self._tasks.run_db(
            lambda: service.tickets(cid),
            on_success=pick,
            on_failure=lambda exc: log.warning("finding the urgent complaint failed: %r", exc),
            key=self._key("urgent-complaint"),
            owner=self,
            label="360 urgent complaint",
        )

    # -- editing --------------------------------------------------------------------------------

    def attach_editing(self, editor: Any, journal: Any, presence: Any, principal: Any) -> None:
        """Offer "Edit" (roles with ``customer.edit``): version-checked, journaled, with presence."""
        from services.permissions import allowed

        self._editing = (editor, journal, presence, principal)
        self.header_card.edit_button.setVisible(allowed(principal.role, "customer.edit"))

    def edit_customer(self) -> None:
        """Open the edit dialog for the customer shown."""
        if self._customer_id is None or self._editing is None:
            return
        editor, journal, presence, principal = self._editing
        dialog = CustomerEditDialog(
            self._tasks, editor, principal, self._customer_id, journal=journal, presence=presence, parent=self
        )
        self.edit_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def call_primary_phone(self, call: Callable[[int, int], None]) -> None:
        """Find the shown customer's phone to dial (its row: the number is never read) and hand it to ``call``."""
        cid = self._customer_id
        if cid is None:
            return
        service = self._service
        self._tasks.run_db(
            lambda: service.primary_phone(cid),
            on_success=lambda phone_id: call(cid, phone_id) if phone_id and cid == self._customer_id else None,
            on_failure=self._reveal_failed,
            owner=self,
            label="primary phone",
        )

    def hide_sensitive(self) -> None:
        """Mask every revealed value again and close a reveal dialog (the screen locks)."""
        self.header_card.clear_revealed()
        if self.reveal_dialog is not None:
            self.reveal_dialog.reject()
            self.reveal_dialog = None

    # -- loading ----------------------------------------------------------------------------------

    def _key(self, part: str) -> str:
        return f"c360-{id(self)}-{part}"

    def _load_header(self) -> None:
        cid = self._customer_id
        if cid is None:
            return
        self.header_pane.show_loading()
        service = self._service
        self._tasks.run_db(
            lambda: service.header(cid),
            on_success=self._header_arrived,
            on_failure=self._header_failed,
            key=self._key("header"),
            owner=self,
            label="360 header",
        )

    def _header_arrived(self, header: Any) -> None:
        self.header_card.set_header(header)
        self.header_pane.show_content()
        self.header_loaded.emit(header)

    def _header_failed(self, exc: BaseException) -> None:
        log.warning("loading the customer header failed: %r", exc)
        self.header_pane.show_failure(exc)

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(TABS):
            self._load_tab(TABS[index])

    def _load_tab(self, name: str, *, force: bool = False) -> None:
        cid = self._customer_id
        if cid is None or (self._loaded[name] == cid and not force):
            return
        self._loaded[name] = cid
        pane = self.panes[name]
        pane.show_loading()
        if name == "timeline":
            self.timeline_model.load(cid, self.timeline.current_channel())
            return
        service = self._service

        def fetch() -> Any:
            return getattr(service, name)(cid)  # looked up on the worker: the service may be made lazily

        def arrived(data: Any) -> None:
            self._tab_arrived(name, data)

        def failed(exc: BaseException) -> None:
            self._tab_failed(name, exc)

        self._tasks.run_db(
            fetch,
            on_success=arrived,
            on_failure=failed,
            key=self._key(name),
            owner=self,
            label=f"360 {name}",
        )

    def _tab_arrived(self, name: str, data: Any) -> None:
        pane = self.panes[name]
        if name == "overview":
            self.overview.set_overview(data)
            pane.show_content()
        else:
            model: RecordTableModel = {
                "products": self.products_model,
                "tickets": self.tickets_model,
                "reminders": self.reminders_model,
            }[name]
            model.set_records(data)
            if data:
                pane.show_content()
            else:
                pane.show_empty(*self._empty_texts(name))
        self.tab_loaded.emit(name)

    def _tab_failed(self, name: str, exc: BaseException) -> None:
        log.warning("loading the %s tab failed: %r", name, exc)
        self._loaded[name] = None
        self.panes[name].show_failure(exc)

    def _channel_changed(self, channel: str | None) -> None:
        if self._customer_id is None:
            return
        self.panes["timeline"].show_loading()
        self.timeline_model.load(self._customer_id, channel)

    def _timeline_first_page(self) -> None:
        pane = self.panes["timeline"]
        if self.timeline_model.rowCount():
            pane.show_content()
        elif self.timeline_model.channel:
            # Keep the filter reachable: show the (empty) table with its filter bar.
            pane.show_content()
        else:
            pane.show_empty(*self._empty_texts("timeline"))
        self.tab_loaded.emit("timeline")

    def _timeline_failed(self, exc: BaseException) -> None:
        log.warning("loading the timeline failed: %r", exc)
        if self.timeline_model.rowCount() == 0:
            self._loaded["timeline"] = None
            self.panes["timeline"].show_failure(exc)
        else:
            self.timeline.footer.setText(self.tr("Could not load more. Scroll to try again."))

    def _data_changed(self, topics: frozenset[str]) -> None:
        # Local saves announce bare topics; changes from other desktops name the record ("customer:42"):
        # only the customer shown is reloaded, not on every change anywhere in the centre.
        if self._customer_id is not None and (
            topics & {"customer", "ticket", "reminder", "interaction", "holding"}
            or f"customer:{self._customer_id}" in topics
        ):
            self.reload()

    # -- texts ------------------------------------------------------------------------------------

    def _empty_texts(self, name: str) -> tuple[str, str]:
        return {
            "products": (self.tr("No products"), self.tr("This customer holds no accounts or products.")),
            "timeline": (self.tr("No contacts yet"), self.tr("Calls, messages and visits will appear here.")),
            "tickets": (self.tr("No tickets"), self.tr("This customer has no service requests or complaints.")),
            "reminders": (self.tr("No reminders"), self.tr("Nothing to follow up for this customer.")),
        }.get(name, (self.tr("Nothing here"), ""))

    def retranslate(self) -> None:
        """Tab titles, empty states."""
        titles = {
            "overview": self.tr("Overview"),
            "products": self.tr("Products"),
            "timeline": self.tr("Timeline"),
            "tickets": self.tr("Tickets"),
            "reminders": self.tr("Reminders"),
        }
        for i, name in enumerate(TABS):
            self.tabs.setTabText(i, titles[name])
            self.tabs.setTabToolTip(i, with_shortcut(titles[name], self.tab_shortcuts[i]))
            self.tab_shortcuts[i].setWhatsThis(self.tr("Customer 360°: {tab}").format(tab=titles[name]))
        tables = {"products": self.products_table, "tickets": self.tickets_table, "reminders": self.reminders_table}
        for name, table in (*tables.items(), ("timeline", self.timeline.table)):
            table.setAccessibleName(titles[name])  # a screen reader names each list by its tab
        self.empty.set(
            self.tr("No customer open"),
            self.tr("Find a customer on the left, then press Enter or double-click to open the 360° view."),
        )
        for name in ("products", "tickets", "reminders", "timeline"):
            if self.panes[name].state == "empty":
                self.panes[name].empty.set(*self._empty_texts(name))
        for model in (self.products_model, self.tickets_model, self.reminders_model, self.timeline_model):
            model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
