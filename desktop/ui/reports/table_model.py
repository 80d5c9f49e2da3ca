"""The report's table: one row per result row, formatted by column kind, numbers right-aligned."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from services.reports.types import ReportResult

from .cells import NUMERIC_KINDS, cell_text, report_text, sort_key

Index = QModelIndex | QPersistentModelIndex
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the plain value, for tests and exports


class ReportTableModel(QAbstractTableModel):
    """Read-only rows of a :class:`ReportResult`; sortable by any column (missing values last)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: ReportResult | None = None
        self._rows: list[tuple[object, ...]] = []

    def set_result(self, result: ReportResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self._rows = list(result.rows) if result is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.result is None:
            return 0
        return len(self.result.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.result is None:
            return None
        column = self.result.columns[index.column()]
        row = self._rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value, column.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.kind in NUMERIC_KINDS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == RAW_ROLE:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.result is None or orientation != Qt.Orientation.Horizontal:
            return None
        column = self.result.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return report_text(column.label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.kind in NUMERIC_KINDS else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.result is None or not 0 <= column < len(self.result.columns):
            return
        self.layoutAboutToBeChanged.emit()
        present = [r for r in self._rows if r[column] is not None]
        missing = [r for r in self._rows if r[column] is None]
        present.sort(key=lambda r: sort_key(r[column]), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + missing
        self.layoutChanged.emit()

    def texts(self) -> list[list[str]]:
        """Every cell as shown (the exports write these)."""
        return [[self.data(self.index(r, c)) for c in range(self.columnCount())] for r in range(self.rowCount())]

    def retranslate(self) -> None:
        """Labels and dates follow the language: tell the views everything changed."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
