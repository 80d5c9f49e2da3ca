"""The search result model: holds customer ids only and fetches display rows lazily, a page at a time.

Rows are fetched through the database worker in pages of ``page_size`` when the view first asks
for them and cached by id, so a result of 5,000 customers costs 5,000 integers until scrolled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from desktop.tasks import TaskManager

from .. import labels
from ..table_model import LEFT, ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
CACHE_LIMIT = 20_000
PLACEHOLDER = "…"
OPEN_COLOR = "#1f5fa8"  # the text of the customer on screen (the brand colour)


class RowSource(Protocol):
    """What the model needs from the search service."""

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, Any]: ...


# Column headers in display order (English sources, translated in context "SearchResultModel").
COLUMNS = (
    QT_TRANSLATE_NOOP("SearchResultModel", "Name"),
    QT_TRANSLATE_NOOP("SearchResultModel", "Phone"),
    QT_TRANSLATE_NOOP("SearchResultModel", "ID number"),
    QT_TRANSLATE_NOOP("SearchResultModel", "Tier"),
    QT_TRANSLATE_NOOP("SearchResultModel", "Lifecycle"),
    QT_TRANSLATE_NOOP("SearchResultModel", "Branch"),
    QT_TRANSLATE_NOOP("SearchResultModel", "Customer manager"),
)
COL_NAME, COL_PHONE, COL_ID, COL_TIER, COL_LIFECYCLE, COL_BRANCH, COL_MANAGER = range(len(COLUMNS))


class SearchResultModel(ReadOnlyTableModel):
    """Customer ids of one search; rows fetched lazily in pages and cached.

    Roles beyond the standard ones: ``IdRole`` (customer id), ``TierRole`` (tier code),
    ``VipRole`` (VIP level), ``BadgeColorRole`` (QColor of the tier badge), ``LoadedRole`` (bool),
    ``OpenRole`` (bool: the customer on screen, whose row is drawn in the brand colour, the name in bold).
    """

    header_context = "SearchResultModel"
    header_align = LEFT

    IdRole = Qt.ItemDataRole.UserRole + 1
    TierRole = Qt.ItemDataRole.UserRole + 2
    VipRole = Qt.ItemDataRole.UserRole + 3
    BadgeColorRole = Qt.ItemDataRole.UserRole + 4
    LoadedRole = Qt.ItemDataRole.UserRole + 5
    OpenRole = Qt.ItemDataRole.UserRole + 6

    def __init__(
        self,
        tasks: TaskManager,
        source: RowSource,
        *,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._source = source
        self._page_size = page_size
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._failed: Callable[[BaseException], None] | None = None
        self._open_id: int | None = None
        self.pages_fetched = 0

    # -- filling ----------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], rows: dict[int, Any] | None = None) -> None:
        """Show a new result: ``ids`` in order, optionally with rows already fetched."""
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._requested.clear()
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        if rows:
            self._cache.update(rows)
        self.endResetModel()

    def clear(self) -> None:
        """No result."""
        self.set_ids([])

    def invalidate(self) -> None:
        """Forget cached rows (the data changed) and refetch what is visible."""
        self._cache.clear()
        self._requested.clear()
        self._generation += 1
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def on_fetch_failed(self, callback: Callable[[BaseException], None]) -> None:
        """Where to report a failed page fetch (the view shows it)."""
        self._failed = callback

    @property
    def ids(self) -> list[int]:
        """The ids of the result, in order."""
        return list(self._ids)

    def set_open_customer(self, customer_id: int | None) -> None:
        """Mark the row of ``customer_id`` as the customer on screen (None: nobody is)."""
        if customer_id == self._open_id:
            return
        rows = [self.row_of(cid) for cid in (self._open_id, customer_id) if cid is not None]
        self._open_id = customer_id
        for row in rows:
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def open_customer(self) -> int | None:
        """The customer marked as on screen."""
        return self._open_id

    def row_of(self, customer_id: int) -> int | None:
        """The row of ``customer_id`` in this result, if it is in it."""
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return None

    def customer_id(self, row: int) -> int | None:
        """The customer id at ``row``."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_data(self, row: int) -> Any | None:
        """The cached display row at ``row``, or None while not fetched."""
        cid = self.customer_id(row)
        return self._cache.get(cid) if cid is not None else None

    def is_loaded(self, row: int) -> bool:
        """True when the row's data has arrived."""
        return self.row_data(row) is not None

    def fetch_page_of(self, row: int) -> None:
        """Make sure the page holding ``row`` is fetched (or being fetched)."""
        if not 0 <= row < len(self._ids):
            return
        page = row // self._page_size
        if page in self._requested:
            return
        start = page * self._page_size
        wanted = [cid for cid in self._ids[start : start + self._page_size] if cid not in self._cache]
        self._requested.add(page)
        if not wanted:
            return
        generation = self._generation
        source = self._source
        self._tasks.run_db(
            lambda: source.fetch_rows(wanted),
            on_success=lambda rows: self._page_arrived(generation, page, rows),
            on_failure=lambda exc: self._page_failed(generation, page, exc),
            owner=self,
            busy=False,
            label=f"search rows page {page}",
        )

    def _page_arrived(self, generation: int, page: int, rows: dict[int, Any]) -> None:
        self.pages_fetched += 1
        self._cache.update(rows)
        if generation != self._generation or not self._ids:
            return
        first = page * self._page_size
        last = min(len(self._ids), first + self._page_size) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _page_failed(self, generation: int, page: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._requested.discard(page)  # let the next paint try again
        if self._failed is not None:
            self._failed(exc)

    def retranslate(self) -> None:
        """Headers and code labels follow the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # -- Qt model API -----------------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._ids)

    def column_titles(self) -> Sequence[str]:
        return COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:  # row numbers
            ok = role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._ids)
            return str(section + 1) if ok else None
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row, col = index.row(), index.column()
        cid = self._ids[row]
        if role == self.IdRole:
            return cid
        if role == self.OpenRole:
            return cid == self._open_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(OPEN_COLOR) if cid == self._open_id else None
        if role == Qt.ItemDataRole.FontRole:  # the name in bold (the other columns keep their width)
            if cid != self._open_id or col != COL_NAME:
                return None
            font = QFont()
            font.setBold(True)
            return font
        record = self._cache.get(cid)
        if record is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self.fetch_page_of(row)
                return PLACEHOLDER if col == COL_NAME else ""
            if role == self.LoadedRole:
                return False
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, col)
        if role == self.LoadedRole:
            return True
        if role == self.TierRole:
            return record.tier
        if role == self.VipRole:
            return int(record.vip_level)
        if role == self.BadgeColorRole and col == COL_TIER:
            return QColor(labels.tier_color(record.tier))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(record, col)
        return None

    @staticmethod
    def _display(record: Any, col: int) -> str:
        if col == COL_NAME:
            return str(record.name)
        if col == COL_PHONE:
            return str(record.masked_phone)
        if col == COL_ID:
            return str(record.masked_id)
        if col == COL_TIER:
            return labels.tier_badge(record.tier, int(record.vip_level))
        if col == COL_LIFECYCLE:
            return labels.lifecycle(record.lifecycle_stage)
        if col == COL_BRANCH:
            return str(record.branch_name or "")
        if col == COL_MANAGER:
            return str(record.manager_name or "")
        return ""

    @staticmethod
    def _tooltip(record: Any, col: int) -> str:
        if col == COL_NAME:
            return f"{record.name}\n{record.name_pinyin}\n{record.cif_no}"
        return SearchResultModel._display(record, col)
