"""Table cells painted as rounded badges: the customer's tier in search results, the time left on a ticket.

A view gives :class:`BadgeDelegate` a function that tells, for a cell, what its badge shows (or None: the
cell is painted as usual).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
WHITE = QColor("#ffffff")


@dataclass(frozen=True)
class BadgeLook:
    """What one badge shows: its text, its colour, and whether it is only outlined (nothing running)."""

    text: str
    color: QColor
    outlined: bool = False


def colour_role_badge(color_role: int) -> Callable[[Index], BadgeLook | None]:
    """Badges from a model that puts a QColor in ``color_role`` beside the cell's display text."""

    def look(index: Index) -> BadgeLook | None:
        color = index.data(color_role)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        return BadgeLook(str(text), color) if isinstance(color, QColor) and text else None

    return look


class BadgeDelegate(QStyledItemDelegate):
    """Draws a cell's text inside a rounded badge, as ``look(index)`` describes it."""

    H_PAD = 8

    def __init__(self, look: Callable[[Index], BadgeLook | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badge = self._look(index)
        if badge is None:
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
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if badge.outlined:
            painter.setPen(badge.color)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
            painter.setPen(badge.color)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(badge.color)
            painter.drawRoundedRect(box, height / 2, height / 2)
            painter.setPen(WHITE)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * self.H_PAD + 8, hint.height())
