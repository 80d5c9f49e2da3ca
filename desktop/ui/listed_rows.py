"""The row plumbing the supervisors' list pages share (webhook issues, escalations): which row is chosen,
choosing one by its id, and what a failed load or a retry does.

A page lists items that carry an ``id`` in a ``QTableWidget`` (``table``), one row per item in ``listed_items()``
order, above a :class:`~desktop.ui.widgets.StatePane` (``pane``) and an error label (``error``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget


class ListedRows:
    """Mixed into a page (before ``QWidget``); the page provides the attributes and the two hooks below."""

    table: QTableWidget
    pane: Any
    error: QLabel
    _failure: BaseException | None
    _load_failure: BaseException | None
    # What the page itself defines:
    listed_items: Callable[[], Sequence[Any]]  # the items shown, in row order
    _update_buttons: Callable[[], None]  # enable the actions for the row chosen
    refresh: Callable[[], None]  # reload the list

    def select(self, item_id: int) -> bool:
        """Choose the row of the item ``item_id``; False when it is not listed."""
        for row, item in enumerate(self.listed_items()):
            if item.id == item_id:
                self.select_row(row)
                return True
        return False

    def select_row(self, row: int) -> None:
        self.table.setCurrentCell(row, 0)
        self.table.selectRow(row)

    def current(self) -> Any:
        """The chosen item, if any."""
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows:
            return None
        row, items = rows[0].row(), self.listed_items()
        return items[row] if 0 <= row < len(items) else None

    def _load_failed(self, exc: BaseException) -> None:
        self._load_failure = exc
        self.pane.show_failure(exc)
        self._update_buttons()

    def _refresh_clicked(self) -> None:
        self.error.hide()
        self._failure = None
        self.refresh()
