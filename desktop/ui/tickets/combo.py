"""A combo box that never shows a cut-off choice: it asks for room for its longest item (again after every
language switch), and when it gets less it elides the shown text and gives the whole of it in the tooltip.

A plain ``QComboBox`` works its width out once, when it is first shown; after switching the interface from
Chinese to English the longer English texts were then cut in the middle of a word ("Everything I car").
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class FittingComboBox(QComboBox):
    """A combo box as wide as its longest item, or — given ``min_chars`` — down to that many characters.

    Args:
        min_chars: how narrow the box may get (its text elided, whole in the tooltip); None: never
            narrower than its longest item.
    """

    def __init__(self, parent: QWidget | None = None, *, min_chars: int | None = None) -> None:
        super().__init__(parent)
        self._min_chars = min_chars
        self._hint = ""
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # recomputed as items change
        self.currentIndexChanged.connect(self._update_tip)

    # -- what is shown ----------------------------------------------------------------------------

    def set_hint(self, text: str) -> None:
        """The tooltip that says what the box chooses (the current choice is added when it is elided)."""
        self._hint = text
        self._update_tip()

    def text_room(self) -> int:
        """The width, in pixels, the current choice is drawn in."""
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        icon = opt.iconSize.width() + 4 if not opt.currentIcon.isNull() else 0
        return max(0, field.width() - 2 - icon)

    def shown_text(self) -> str:
        """The current choice as drawn: whole, or elided with "…" when the box is narrower than it."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, self.text_room())

    def elided(self) -> bool:
        return self.shown_text() != self.currentText()

    def _update_tip(self) -> None:
        if self.elided():
            tip = f"{self._hint}: {self.currentText()}" if self._hint else self.currentText()
        else:
            tip = self._hint
        self.setToolTip(tip)

    # -- sizes and painting -----------------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        if self._min_chars is None:
            return self.sizeHint()
        hint = super().minimumSizeHint()
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        text = QSize(self._min_chars * self.fontMetrics().horizontalAdvance("x"), self.fontMetrics().height())
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, text, self)
        return QSize(min(size.width(), hint.width()), hint.height())

    def showPopup(self) -> None:
        widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        self.view().setMinimumWidth(widest + 40)  # the list shows every choice whole, however narrow the box
        super().showPopup()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()
