"""The ticket list model: pages fetched through the database worker as the view scrolls, sorted by the service.

``load(criteria)`` fetches the first page; the view pulls further pages through ``canFetchMore`` /
``fetchMore``, each starting after the last row fetched (keyset paging: the service gets the previous page's
``cursor``, never an OFFSET, so page 500 of a million tickets comes as fast as page 1).
Sorting (a click on a header) asks the service for the list in the new order, so the order
is right for the whole list, not just the rows already fetched.  ``refresh()`` fetches again as many rows as
are shown (at least one page) in one go; the view then restores its selection and scroll position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.tasks import TaskManager
from services.permissions import Principal
from services.tickets.listing import MAX_PAGE
from services.tickets.service import TicketService

from .. import fmt
from ..table_model import LEFT, ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP
from . import codes, deadline

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100

# (header, sort key) in display order; headers translated in context "TicketListModel".
COLUMNS = (
    (QT_TRANSLATE_NOOP("TicketListModel", "Number"), "number"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Customer"), "customer"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Category"), "category"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Summary"), "summary"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Status"), "status"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Assignee"), "assignee"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Deadline"), "deadline"),
    (QT_TRANSLATE_NOOP("TicketListModel", "Time left"), "deadline"),
)
COL_NUMBER, COL_CUSTOMER, COL_CATEGORY, COL_SUMMARY, COL_STATUS, COL_ASSIGNEE, COL_DUE, COL_LEFT = range(len(COLUMNS))
MUTED = QColor("#7b8794")


class TicketListModel(ReadOnlyTableModel):
    """Rows of :class:`~services.tickets.queries.TicketRow`, fetched a page at a time.

    Roles beyond the standard ones: ``IdRole`` (ticket id), ``RowRole`` (the TicketRow), ``BadgeRole``
    (the :class:`~.deadline.Badge` of the row, on every column).

    Signals:
        loaded(bool): a page or a refresh arrived (True for the first page of a new list or a refresh).
        failed(object): fetching failed (the exception).
        loading_changed(bool): a fetch started or ended.
    """

    header_context = "TicketListModel"
    header_align = LEFT

    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    BadgeRole = Qt.ItemDataRole.UserRole + 3

    loaded = Signal(bool)
    failed = Signal(object)
    loading_changed = Signal(bool)

    def __init__(
        self,
        tasks: TaskManager,
        service: TicketService,
        principal: Principal,
        *,
        page_size: int = PAGE_SIZE,
        now: Callable[[], dt.datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._page_size = page_size
        self._now = now or service.env.now
        self._rows: list[Any] = []
        self._criteria: dict[str, Any] | None = None
        self._order = "deadline"
        self._descending = False
        self._has_more = False
        self._cursor: Any = None  # the key of the last row fetched (listing.Cursor)
        self._loading = False
        self._generation = 0
        self.masked = False
        self.pages_loaded = 0

    # -- state ------------------------------------------------------------------------------------

    @property
    def criteria(self) -> dict[str, Any] | None:
        """The criteria of the list shown (None before the first load)."""
        return dict(self._criteria) if self._criteria is not None else None

    @property
    def order(self) -> tuple[str, bool]:
        """(sort key, descending)."""
        return self._order, self._descending

    @property
    def has_more(self) -> bool:
        """Rows follow the ones fetched."""
        return self._has_more

    @property
    def loading(self) -> bool:
        return self._loading

    def ticket_id(self, row: int) -> int | None:
        """The ticket id at ``row``."""
        return int(self._rows[row].id) if 0 <= row < len(self._rows) else None

    def record(self, row: int) -> Any | None:
        """The TicketRow at ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, ticket_id: int) -> int | None:
        """The row showing ``ticket_id``, if fetched."""
        for i, r in enumerate(self._rows):
            if r.id == ticket_id:
                return i
        return None

    def ids(self) -> list[int]:
        return [int(r.id) for r in self._rows]

    # -- fetching ---------------------------------------------------------------------------------

    def load(self, criteria: dict[str, Any], order: str | None = None, descending: bool | None = None) -> None:
        """Show a new list: ``criteria`` in the given (or current) order, from its first page."""
        self._criteria = dict(criteria)
        if order is not None:
            self._order = order
        if descending is not None:
            self._descending = descending
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._has_more = False
        self._cursor = None
        self.pages_loaded = 0
        self.endResetModel()
        self._fetch(None, self._page_size, replace=True)

    def refresh(self) -> None:
        """Fetch again as many rows as are shown (at least a page), replacing them in one go."""
        if self._criteria is None:
            return
        self._generation += 1
        self._fetch(None, min(max(len(self._rows), self._page_size), MAX_PAGE), replace=True)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        if self.canFetchMore(parent):
            self._fetch(self._cursor, self._page_size, replace=False)

    def _fetch(self, after: Any, limit: int, *, replace: bool) -> None:
        service, principal, criteria = self._service, self._principal, dict(self._criteria or {})
        order, descending, generation = self._order, self._descending, self._generation
        self._set_loading(True)
        self._tasks.run_db(
            lambda: service.list_page(
                principal, criteria, order=order, descending=descending, after=after, limit=limit
            ),
            on_success=lambda page: self._arrived(generation, page, replace),
            on_failure=lambda exc: self._failed(generation, exc),
            key=f"ticket-list-{id(self)}",
            owner=self,
            busy=replace,
            label="ticket list page",
        )

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    def _arrived(self, generation: int, page: Any, replace: bool) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.masked = page.masked
        self.pages_loaded += 1
        if page.cursor is not None or replace:
            self._cursor = page.cursor
        if replace:
            self.beginResetModel()
            self._rows = list(page.rows)
            self._has_more = page.has_more
            self.endResetModel()
        else:
            known = {r.id for r in self._rows}
            fresh = [r for r in page.rows if r.id not in known]  # rows may shift between pages
            self._has_more = page.has_more
            if fresh:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
                self._rows.extend(fresh)
                self.endInsertRows()
        self.loaded.emit(replace)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.failed.emit(exc)

    # -- Qt model API -----------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._rows)

    def column_titles(self) -> Sequence[str]:
        return [title for title, _key in COLUMNS]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._order, self._descending):
            return
        self._order, self._descending = key, descending
        if self._criteria is not None:
            self.load(self._criteria)

    def badge_of(self, row: Any) -> deadline.Badge:
        """The remaining-time badge of a list row, measured now."""
        return deadline.badge(
            row.due_at, self._now(), open_clock=row.remaining_s is not None, warn_level=row.warn_level
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == self.IdRole:
            return int(row.id)
        if role == self.RowRole:
            return row
        if role == self.BadgeRole:
            return self.badge_of(row)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_ASSIGNEE and row.assignee_id is None:
            return MUTED
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, col)
        return None

    def _display(self, row: Any, col: int) -> str:
        if col == COL_NUMBER:
            return str(row.number)
        if col == COL_CUSTOMER:
            return str(row.customer_name or "—")
        if col == COL_CATEGORY:
            return codes.category(self._service.env.taxonomy, row.category)
        if col == COL_SUMMARY:
            return " ".join(str(row.summary or "").split())  # one line, whatever was typed
        if col == COL_STATUS:
            return codes.status(row.status)
        if col == COL_ASSIGNEE:
            return str(row.assignee_name or QCoreApplication.translate("TicketListModel", "Unassigned"))
        if col == COL_DUE:
            return fmt.date(row.due_at) if row.due_at else "—"
        if col == COL_LEFT:
            return self.badge_of(row).text
        return ""

    def _tooltip(self, row: Any, col: int) -> str:
        if col in (COL_NUMBER, COL_SUMMARY):
            return f"{row.number}\n{row.summary}"
        if col in (COL_DUE, COL_LEFT):
            return self.badge_of(row).tooltip
        if col == COL_CUSTOMER and self.masked:
            return QCoreApplication.translate(
                "TicketListModel", "Names are masked in lists; open the ticket to see it."
            )
        return self._display(row, col)

    def retranslate(self) -> None:
        """Headers and labels follow the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
