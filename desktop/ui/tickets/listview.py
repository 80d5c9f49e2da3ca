"""The ticket list: views (mine, team, at risk, overdue, everything I may see), filters, saved filters,
server-side sorting, lazy paging, an empty state, and a refresh that keeps the selection and scroll position."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.models.ticket import TICKET_STATES
from desktop.tasks import TaskManager
from services.permissions import Principal
from services.tickets import numbers
from services.tickets.rights import PERM_EXPORT, has_right
from services.tickets.service import TicketService

from .. import labels
from ..badge import BadgeDelegate
from ..widgets import StatePane, configure_record_table
from . import codes
from .columns import ColumnFitter
from .combo import FittingComboBox
from .deadline import deadline_look
from .model import COL_LEFT, COL_NUMBER, COLUMNS, TicketListModel

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 300
ALL_STATUSES = "*"


class TicketListView(QWidget):
    """The principal's tickets (the service scopes them), with filters and saved filters.

    Signals:
        ticket_selected(int): the current row now shows another ticket.
        ticket_activated(int): a ticket was opened (double-click, Enter, or a ticket number typed).
        list_loaded(): the first page of a list, or a refresh, arrived.
        message(str): something to tell the person (an export written, a refusal).
    """

    ticket_selected = Signal(int)
    ticket_activated = Signal(int)
    list_loaded = Signal()
    message = Signal(str)

    def __init__(
        self,
        tasks: TaskManager,
        service: TicketService,
        principal: Principal,
        *,
        page_size: int = 100,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketList")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._current_id: int | None = None
        self._restore: tuple[int | None, int] | None = None
        self._filters: list[Any] = []
        self._applying = False
        self._wanted: tuple[int, str] | None = None  # a ticket found by its number, to select once listed
        self._not_listed: tuple[int, str] | None = None  # ... that the list cannot show (outside its scope)

        self.view_box = FittingComboBox(self)
        self.view_box.setObjectName("ticketViewBox")
        self.status_box = FittingComboBox(self, min_chars=8)  # elided (whole in the tooltip) in a narrow list
        self.status_box.setObjectName("ticketStatusBox")
        self.category_box = FittingComboBox(self, min_chars=8)
        self.category_box.setObjectName("ticketCategoryBox")
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("ticketSearch")
        self.search_box.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(self)
        self.filter_box = QComboBox(self)
        self.filter_box.setObjectName("savedFilters")
        self.filter_box.currentTextChanged.connect(self.filter_box.setToolTip)  # the whole name in a narrow box
        self.save_filter_button = QPushButton(self)
        self.delete_filter_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.export_button.setVisible(has_right(principal, PERM_EXPORT))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("ticketCount")

        self.model = TicketListModel(tasks, service, principal, page_size=page_size, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("ticketTable")
        configure_record_table(self.table)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.installEventFilter(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            COL_LEFT, BadgeDelegate(deadline_look(TicketListModel.BadgeRole), self.table)
        )
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self.columns = ColumnFitter(self.table, self.model)
        header.setSortIndicator(len(COLUMNS) - 1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.pane = StatePane(self.table, self)
        self.pane.setObjectName("ticketListPane")

        search = QHBoxLayout()
        search.setSpacing(6)
        search.addWidget(self.search_box, 1)
        search.addWidget(self.count_label)
        search.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.view_box)
        filters.addWidget(self.status_box)
        filters.addWidget(self.category_box, 1)
        saved = QHBoxLayout()
        saved.setSpacing(6)
        saved.addWidget(self.filter_box, 1)
        saved.addWidget(self.save_filter_button)
        saved.addWidget(self.delete_filter_button)
        saved.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 6, 8)
        layout.setSpacing(6)
        layout.addLayout(search)
        layout.addLayout(filters)
        layout.addLayout(saved)
        layout.addWidget(self.pane, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.reload)
        self._fill_boxes()
        self.retranslate()
        self.apply_column_widths()
        self.view_box.currentIndexChanged.connect(self._criteria_changed)
        self.status_box.currentIndexChanged.connect(self._criteria_changed)
        self.category_box.currentIndexChanged.connect(self._criteria_changed)
        self.search_box.textEdited.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._search_entered)
        self.refresh_button.clicked.connect(self.refresh)
        self.filter_box.activated.connect(self._filter_chosen)
        self.save_filter_button.clicked.connect(self._ask_filter_name)
        self.delete_filter_button.clicked.connect(self.delete_current_filter)
        self.export_button.clicked.connect(self._ask_export_path)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.pane.retry.connect(self.reload)

    # -- public API -------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the default view and the saved filters."""
        self.reload()
        self.load_filters()

    def criteria(self) -> dict[str, Any]:
        """The filter the controls describe (as the service's ``run_filter`` takes it)."""
        view = self.view_box.currentData() or "all"
        criteria: dict[str, Any] = {"view": view}
        if view == "team":
            criteria["team_id"] = self._principal.team_id
        status = self.status_box.currentData()
        if status == ALL_STATUSES:
            criteria["include_closed"] = True
        elif status:
            criteria["statuses"] = [status]
        category = self.category_box.currentData()
        if category:
            criteria["categories"] = [category]
        text = self.search_box.text().strip()
        if text:
            criteria["text"] = self._number_typed(text) or text
        return criteria

    @staticmethod
    def _number_typed(text: str) -> str | None:
        """The ticket number ``text`` is, written as stored (``ts 2603 0001`` → ``TS2603-0001``), else None."""
        number = numbers.normalize(text)
        known = {*numbers.KIND_PREFIX.values(), "QT"}
        return number if number is not None and number[:2] in known else None

    def apply_criteria(self, criteria: dict[str, Any]) -> None:
        """Set the controls from a (saved) filter and load it."""
        self._applying = True
        try:
            self._select_data(self.view_box, criteria.get("view", "all"))
            statuses = criteria.get("statuses") or []
            status = statuses[0] if len(statuses) == 1 else (ALL_STATUSES if criteria.get("include_closed") else "")
            self._select_data(self.status_box, status)
            categories = criteria.get("categories") or []
            self._select_data(self.category_box, categories[0] if len(categories) == 1 else "")
            self.search_box.setText(criteria.get("text", ""))
        finally:
            self._applying = False
        self.reload()

    def set_view(self, view: str) -> None:
        """Show one of the views (``mine``, ``team``, ``at_risk``, ``breached``, ``all``)."""
        self._select_data(self.view_box, view)

    def reload(self) -> None:
        """Load the list from its first page (the filter changed)."""
        self._search_timer.stop()
        self._restore = None
        self.pane.show_loading()
        self.model.load(self.criteria())

    def refresh(self) -> None:
        """Fetch the list again, keeping the selected ticket and the scroll position (for live updates)."""
        if self.model.criteria is None:
            self.reload()
            return
        self._restore = (self._current_id, self.table.verticalScrollBar().value())
        self.model.refresh()

    def selected_ticket_id(self) -> int | None:
        """The ticket of the current row."""
        return self._current_id

    def select_ticket(self, ticket_id: int) -> bool:
        """Make ``ticket_id`` the current row if it is in the list; returns whether it is."""
        row = self.model.row_of(ticket_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, COL_NUMBER))
        return True

    # -- saved filters --------------------------------------------------------------------------

    def load_filters(self) -> None:
        """Fetch the saved filters (one's own and the shared ones)."""
        service, user_id = self._service, self._principal.user_id
        self._tasks.run_db(
            lambda: service.list_filters(user_id),
            on_success=self._filters_arrived,
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            key=f"ticket-filters-{id(self)}",
            owner=self,
            busy=False,
            label="saved ticket filters",
        )

    def save_filter(self, name: str, *, shared: bool = False) -> None:
        """Save the current filter under ``name`` (replacing one of that name)."""
        service, user_id, criteria = self._service, self._principal.user_id, self.criteria()
        self._tasks.run_db(
            lambda: service.save_filter(user_id, name, criteria, shared=shared),
            on_success=lambda _id: self.load_filters(),
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            label="save ticket filter",
        )

    def delete_current_filter(self) -> None:
        """Delete the chosen saved filter (only one's own)."""
        chosen = self.filter_box.currentData()
        if chosen is None:
            return
        service, user_id = self._service, self._principal.user_id
        self._tasks.run_db(
            lambda: service.delete_filter(user_id, chosen.id),
            on_success=lambda _r: self.load_filters(),
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            label="delete ticket filter",
        )

    def saved_filters(self) -> list[Any]:
        return list(self._filters)

    def _filters_arrived(self, filters: list[Any]) -> None:
        self._filters = list(filters)
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem(self.tr("Saved filters…"), None)
        for f in self._filters:
            label = f.name + (self.tr(" (shared)") if f.shared and f.owner_id != self._principal.user_id else "")
            self.filter_box.addItem(label, f)
        self.filter_box.blockSignals(False)
        self.filter_box.setToolTip(self.filter_box.currentText())  # (the signal that keeps it was blocked)
        self._update_filter_buttons()

    def _filter_chosen(self, index: int) -> None:
        chosen = self.filter_box.itemData(index)
        self._update_filter_buttons()
        if chosen is not None:
            self.apply_criteria(dict(chosen.criteria))

    def _update_filter_buttons(self) -> None:
        chosen = self.filter_box.currentData()
        self.delete_filter_button.setEnabled(chosen is not None and chosen.owner_id == self._principal.user_id)

    def _ask_filter_name(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save filter"), self.tr("Name of the filter:"))
        if ok and name.strip():
            self.save_filter(name.strip())

    # -- export -----------------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Export the current filter's tickets, masked, to ``path`` (.xlsx or .csv)."""
        service, principal, criteria, language = self._service, self._principal, self.criteria(), codes.language()
        self._tasks.run_db(
            lambda: service.export(principal, criteria, path, language=language),
            on_success=lambda count: self.message.emit(
                self.tr("Exported {count} tickets to {file}.").format(count=count, file=path.name)
            ),
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            label="export tickets",
        )

    def _ask_export_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export tickets"), "tickets.xlsx", self.tr("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    # -- events -----------------------------------------------------------------------------------

    def _criteria_changed(self) -> None:
        if not self._applying:
            self.filter_box.setCurrentIndex(0)
            self._update_filter_buttons()
            self.reload()

    def _search_entered(self) -> None:
        text = self.search_box.text()
        if numbers.normalize(text) is None:
            self.reload()
            return
        service = self._service

        def found(ticket_id: int | None) -> None:
            if ticket_id is None:
                self.reload()
                return
            if not self.select_ticket(ticket_id):
                self.ticket_activated.emit(ticket_id)
                self.show_number(ticket_id, numbers.normalize(text) or text)

        self._tasks.run_db(
            lambda: service.find_by_number(text),
            on_success=found,
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            label="ticket by number",
        )

    def show_number(self, ticket_id: int, number: str) -> None:
        """List a ticket found by its number (opened beside the list) so that the list agrees: every view,
        status and category, that number only; selected once it arrives.  A ticket one may open but that is
        not among one's own or one's team's is not listed; the list then says so instead of "no match"."""
        self._wanted = (ticket_id, number)
        self.apply_criteria({"view": "all", "include_closed": True, "text": number})

    def _loaded(self, first: bool) -> None:
        self._update_count()
        if not first:
            return
        self.columns.measure()  # for the rows now shown
        wanted, self._wanted = self._wanted, None
        self._not_listed = wanted if wanted is not None and self.model.row_of(wanted[0]) is None else None
        if self.model.rowCount() == 0:
            self.pane.show_empty(*self._empty_texts())
        else:
            self.pane.show_content()
        if wanted is not None and self._not_listed is None:
            self._restore = (wanted[0], 0)
        restore, self._restore = self._restore, None
        if restore is not None:
            ticket_id, scroll = restore
            row = self.model.row_of(ticket_id) if ticket_id is not None else None
            if row is not None:
                self.table.selectRow(row)
            else:
                self._current_id = None
            self.table.updateGeometries()
            self.table.verticalScrollBar().setValue(scroll)
            QTimer.singleShot(0, self.table, lambda: self.table.verticalScrollBar().setValue(scroll))
        elif self._current_id is not None:
            row = self.model.row_of(self._current_id)
            if row is not None:
                self.table.selectRow(row)
        self.list_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        log.warning("loading the ticket list failed: %r", exc)
        if self.model.rowCount() == 0:
            self.pane.show_failure(exc)
        else:
            self.message.emit(codes.error_text(exc))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ticket_id = self.model.ticket_id(current.row()) if current.isValid() else None
        if ticket_id is None or ticket_id == self._current_id:
            return
        self._current_id = ticket_id
        self.ticket_selected.emit(ticket_id)

    def _activated(self, index: QModelIndex) -> None:
        ticket_id = self.model.ticket_id(index.row())
        if ticket_id is not None:
            self.ticket_activated.emit(ticket_id)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        text = self.tr("{count}+ tickets") if self.model.has_more else self.tr("{count} tickets")
        self.count_label.setText(text.format(count=n))

    def _empty_texts(self) -> tuple[str, str]:
        if self._not_listed is not None:
            return (
                self.tr("{number} is not on your list").format(number=self._not_listed[1]),
                self.tr(
                    "It is open beside the list: its customer is yours to see, the ticket is not yours or your team's."
                ),
            )
        view = self.view_box.currentData()
        if self.search_box.text().strip() or self.status_box.currentData() or self.category_box.currentData():
            return self.tr("No tickets match"), self.tr("Change or clear the filter to see more.")
        if view == "at_risk":
            return self.tr("Nothing at risk"), self.tr("No open ticket is running out of time.")
        if view == "breached":
            return self.tr("Nothing overdue"), self.tr("Every open ticket is within its deadline.")
        if view == "mine":
            return self.tr("No tickets of yours"), self.tr("Complaints you register or handle appear here.")
        return self.tr("No tickets"), self.tr("Tickets of your team appear here as they come in.")

    # -- texts ------------------------------------------------------------------------------------

    def apply_column_widths(self) -> None:
        """Size the columns for what they hold, in the interface language (see :mod:`.columns`)."""
        self.columns.measure()

    def fit_columns(self) -> None:
        """Share the width out again, dropping the least needed columns when it is narrow."""
        self.columns.fit()

    def hidden_columns(self) -> list[int]:
        return self.columns.hidden()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _fill_boxes(self) -> None:
        supervisor = self._principal.role == "supervisor"
        views = [("mine", self.tr("My tickets"))]
        if self._principal.team_id is not None and has_right(self._principal, "ticket.view_team"):
            views.append(("team", self.tr("Team queue")))  # others see only their own tickets anyway
        views += [
            ("at_risk", self.tr("At risk")),
            ("breached", self.tr("Overdue")),
            ("all", self.tr("Everything I can see")),
        ]
        self._refill(self.view_box, views, default="all" if supervisor else "mine")
        statuses = [("", self.tr("Open")), (ALL_STATUSES, self.tr("All, including closed"))]
        statuses += [(s, codes.status(s)) for s in TICKET_STATES]
        self._refill(self.status_box, statuses)
        taxonomy = self._service.env.taxonomy
        categories = [("", self.tr("All categories"))]
        categories += [(c.code, c.label(codes.language())) for c in taxonomy.categories(active_only=False)]
        requests = [code for code in labels.TICKET_CATEGORIES if taxonomy.get(code) is None]
        categories += [(code, codes.category(taxonomy, code)) for code in requests]  # service requests
        self._refill(self.category_box, categories)

    def _refill(self, box: QComboBox, items: list[tuple[str, str]], default: str | None = None) -> None:
        current = box.currentData() if box.count() else default
        box.blockSignals(True)
        box.clear()
        for code, text in items:
            box.addItem(text, code)
        self._select_data(box, current if current is not None else "")
        box.blockSignals(False)

    @staticmethod
    def _select_data(box: QComboBox, value: Any) -> None:
        index = box.findData(value)
        box.setCurrentIndex(index if index >= 0 else 0)

    def retranslate(self) -> None:
        """Texts follow the language."""
        self.search_box.setPlaceholderText(self.tr("Ticket number or words of the summary"))
        self.search_box.setAccessibleName(self.tr("Find tickets"))
        self.search_box.setToolTip(self.search_box.placeholderText())  # the whole hint, when the box is narrow
        self.table.setAccessibleName(self.tr("Tickets"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.save_filter_button.setText(self.tr("Save filter…"))
        self.delete_filter_button.setText(self.tr("Delete filter"))
        self.export_button.setText(self.tr("Export…"))
        self.view_box.set_hint(self.tr("Which tickets to show"))
        self.status_box.set_hint(self.tr("Status"))
        self.category_box.set_hint(self.tr("Category"))
        if self.filter_box.count():
            self.filter_box.setItemText(0, self.tr("Saved filters…"))
            self.filter_box.setToolTip(self.filter_box.currentText())  # setItemText does not say the text changed
        self._update_count()
        self.model.retranslate()
        if self.pane.state == "empty" and self.model.criteria is not None:  # the words follow at once
            self.pane.show_empty(*self._empty_texts())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill_boxes()
            self.retranslate()
            self.apply_column_widths()
        super().changeEvent(event)
