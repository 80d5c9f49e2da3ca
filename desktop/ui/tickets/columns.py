"""The ticket list's column widths: each column as wide as what it holds, the summary taking the rest, and the
least needed columns dropped when the list is narrow.

Widths are measured from the rows shown (and sample texts while the list is empty), in the interface language,
when a list arrives and after a language switch; a resize only shares the width out again.  The deadline's
date goes first, then the assignee; before the customer goes too, the category column gives up width down to
:data:`MIN_CATEGORY` (its labels are then elided, the tooltip has them whole).  At 1366 pixels the list shows
number, customer, category, summary, status and time left in either language, and the rest as it gets wider.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from db.models.ticket import TICKET_STATES

from . import codes
from .deadline import widest_text
from .model import (
    COL_ASSIGNEE,
    COL_CATEGORY,
    COL_CUSTOMER,
    COL_DUE,
    COL_LEFT,
    COL_NUMBER,
    COL_STATUS,
    COL_SUMMARY,
    COLUMNS,
    TicketListModel,
)

PAD = 24  # the style sheet's item padding (2 × 8 px), the style's text margins (2 × 3 px) and the grid line
SORT_ARROW = 16  # room for the sort indicator beside a header title
BADGE_PAD = 16  # the badge's own margins
MIN_SUMMARY = 110
MIN_CATEGORY = 90
MAX_CATEGORY = 200
MAX_NAME = 140
# Columns dropped first when the list is narrow (the badge's tooltip still gives the deadline).
HIDE_ORDER = (COL_DUE, COL_ASSIGNEE, COL_CUSTOMER)
SAMPLES = {
    COL_NUMBER: ("TS2611-0000",),
    COL_CUSTOMER: ("欧阳晓明",),
    COL_ASSIGNEE: ("欧阳晓明",),
    COL_DUE: ("2026年12月30日", "2026-12-30"),
}


class ColumnFitter:
    """Sizes the columns of a ticket table (see the module docstring)."""

    def __init__(self, table: QTableView, model: TicketListModel) -> None:
        self._table = table
        self._model = model
        self.widths: dict[int, int] = {}
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)

    def _texts(self, column: int) -> list[str]:
        """What the column has to show: its cells, and the texts it may get at the next live refresh."""
        if column == COL_STATUS:
            return [codes.status(s) for s in TICKET_STATES]
        if column == COL_LEFT:
            return [widest_text()]
        model = self._model
        shown = [str(model.index(row, column).data() or "") for row in range(model.rowCount())]
        if column == COL_ASSIGNEE:
            shown.append(QCoreApplication.translate("TicketListModel", "Unassigned"))
        return shown + list(SAMPLES.get(column, ()))

    def _width(self, column: int, texts: Iterable[str]) -> int:
        metrics = self._table.fontMetrics()
        header = self._table.horizontalHeader().fontMetrics()
        title = str(self._model.headerData(column, Qt.Orientation.Horizontal) or "")
        content = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        if column == COL_LEFT:  # a badge painted by its own delegate: no item padding
            return max(content + BADGE_PAD + 8, header.horizontalAdvance(title) + PAD + SORT_ARROW)
        return max(content + PAD, header.horizontalAdvance(title) + PAD + SORT_ARROW)

    def measure(self) -> None:
        """Work the natural widths out again (new rows, another language), then fit them to the width."""
        widths = {c: self._width(c, self._texts(c)) for c in range(len(COLUMNS)) if c != COL_SUMMARY}
        widths[COL_CUSTOMER] = min(widths[COL_CUSTOMER], MAX_NAME)
        widths[COL_ASSIGNEE] = min(widths[COL_ASSIGNEE], MAX_NAME)
        widths[COL_CATEGORY] = min(widths[COL_CATEGORY], MAX_CATEGORY)
        self.widths = widths
        self.fit()

    def available(self) -> int:
        table = self._table
        return table.width() - 2 * table.frameWidth() - table.verticalScrollBar().sizeHint().width()

    def fit(self) -> None:
        """Share the width out: drop columns in :data:`HIDE_ORDER` until the rest fit at their natural widths;
        before the customer goes, the category column gives up width down to :data:`MIN_CATEGORY`; with no room
        left for the summary beside that, the category is hidden too."""
        widths = self.widths
        if not widths:
            return
        available = self.available()
        natural = widths[COL_CATEGORY]
        hidden: set[int] = set()
        category = min(MIN_CATEGORY, natural)
        room = 0
        for column in (None, *HIDE_ORDER):
            if column == COL_CUSTOMER and room >= MIN_CATEGORY:
                category = room  # rather than lose the customer: the category elided, whole in the tooltip
                break
            if column is not None:
                hidden.add(column)
            room = available - MIN_SUMMARY - sum(w for c, w in widths.items() if c not in hidden and c != COL_CATEGORY)
            if room >= natural:
                category = natural
                break
        # Still no room for the summary beside the narrowest category: the category goes too (the ticket's
        # pane and the category filter still say it).
        hide_category = room < min(MIN_CATEGORY, natural)
        self._table.setColumnHidden(COL_CATEGORY, hide_category)
        header = self._table.horizontalHeader()
        for column, pixels in widths.items():
            if column in HIDE_ORDER:
                self._table.setColumnHidden(column, column in hidden)
            header.resizeSection(column, category if column == COL_CATEGORY else pixels)

    def hidden(self) -> list[int]:
        return [c for c in range(len(COLUMNS)) if self._table.isColumnHidden(c)]
