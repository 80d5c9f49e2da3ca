"""Paints the tier/VIP column as a coloured badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .model import SearchResultModel

_Index = QModelIndex | QPersistentModelIndex


class BadgeDelegate(QStyledItemDelegate):
    """Draws the cell's text inside a rounded badge in the colour of ``BadgeColorRole``."""

    H_PAD = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        color = index.data(SearchResultModel.BadgeColorRole)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if not isinstance(color, QColor) or not text:
            super().paint(painter, option, index)
            return
        opt: Any = QStyleOptionViewItem(option)  # the stub lacks the public members (rect, text, ...)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        metrics = opt.fontMetrics
        rect = opt.rect.adjusted(4, 0, -4, 0)
        height = min(rect.height() - 6, metrics.height() + 4)
        needed = metrics.horizontalAdvance(text) + 2 * self.H_PAD + 2
        width = min(rect.width(), needed)
        badge = QRectF(rect.left(), rect.center().y() - height / 2 + 0.5, width, height)
        shown = (
            text
            if needed <= rect.width()
            else metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 2 * self.H_PAD)
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * self.H_PAD + 8, hint.height())
