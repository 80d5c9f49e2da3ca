"""The read-only table model every list of the desktop builds on: rows, columns, translated headers, flags.

A subclass tells how many rows it holds (:meth:`row_total`), its column titles (:meth:`column_titles`, source
texts translated in :attr:`header_context`) and serves :meth:`data`; selection and enabled flags are the same
for all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class ReadOnlyTableModel(QAbstractTableModel):
    """A flat, read-only table (see the module docstring)."""

    header_context = "Columns"  # translation context of the column titles
    header_align: int | None = None  # alignment of every header, or None for the style's
    # Every subclass defines these two: how many rows it holds, and its columns' source titles.
    row_total: Callable[[], int]
    column_titles: Callable[[], Sequence[str]]

    def column_align(self, section: int) -> int | None:
        """The alignment of one column's header (default: :attr:`header_align`)."""
        return self.header_align

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.column_titles())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        titles = self.column_titles()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(titles):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # the tooltip: the whole title
            return QCoreApplication.translate(self.header_context, titles[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.column_align(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags
