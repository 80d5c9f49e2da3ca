"""Paints the "time left" column as a rounded badge in the colour of the deadline level."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .deadline import Badge

_Index = QModelIndex | QPersistentModelIndex


class DeadlineBadgeDelegate(QStyledItemDelegate):
    """Draws the cell's text inside a badge coloured by the :class:`~.deadline.Badge` in ``badge_role``."""

    H_PAD = 8

    def __init__(self, badge_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = badge_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        badge = index.data(self._role)
        if not isinstance(badge, Badge) or badge.level == "none":
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
        needed = metrics.horizontalAdvance(badge.text) + 2 * self.H_PAD + 2
        width = min(rect.width(), needed)
        box = QRectF(rect.left(), rect.center().y() - height / 2 + 0.5, width, height)
        text = (
            badge.text
            if needed <= rect.width()
            else metrics.elidedText(badge.text, Qt.TextElideMode.ElideRight, width - 2 * self.H_PAD)
        )
        color = QColor(badge.color)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if badge.level == "stopped":  # an outline: nothing is running
            painter.setPen(color)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(box, height / 2, height / 2)
            color = QColor("#ffffff")
        painter.setPen(color)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * self.H_PAD + 8, hint.height())
