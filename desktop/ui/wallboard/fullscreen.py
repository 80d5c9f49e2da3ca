"""The wallboard on a TV: a frameless full-screen window with large type, fed by the page it was opened from.

Esc (or F11 again) closes it and gives the keyboard back to the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QResizeEvent, QScreen, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .. import fmt
from .board_data import FilteredBoard
from .board_view import BoardView, utcnow

CLOSE_KEYS = ("Esc", "F11")
BACKGROUND = "#0b1220"


def tv_scale(height: int) -> float:
    """Type size for a screen ``height`` px high: a fifth larger than the tab at 768 px, growing with the screen."""
    return max(1.2, min(2.5, height / 760))


class FullScreenBoard(QWidget):
    """The board alone on a screen (see the module docstring)."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("wallboardFullScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setStyleSheet(
            f"QWidget#wallboardFullScreen {{ background: {BACKGROUND}; }}"
            " QWidget#wallboardFullScreen > QLabel { color: #f5f7fb; }"
        )
        self.title = QLabel(self)
        self.as_of = QLabel(self)
        self.as_of.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.view = BoardView(self, scale=tv_scale(768), clock=clock)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self.shortcuts = []
        for key in CLOSE_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.close)
            self.shortcuts.append(shortcut)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Wallboard"))
        self.title.setText(self.tr("Wallboard"))
        self.setToolTip(self.tr("Press Esc to leave full screen"))
        self.view.retranslate()
        self._show_time()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_board(self, board: FilteredBoard | None, *, stale: bool) -> None:
        if board is not None:
            self.view.show_board(board, stale=stale)
        else:
            self.view.set_stale(stale)
        self._show_time()

    def set_stale(self, stale: bool) -> None:
        self.view.set_stale(stale)
        self._show_time()

    def _show_time(self) -> None:
        board = self.view.board
        if board is None:
            self.as_of.setText(self.tr("Waiting for the first figures…"))
            return
        time = fmt.local(board.snapshot.at).strftime("%H:%M:%S")
        self.as_of.setText(
            self.tr("Not current: last update {time}").format(time=time)
            if self.view.stale
            else self.tr("As of {time}").format(time=time)
        )

    def show_on(self, screen: QScreen | None) -> None:
        """Fill ``screen`` (the page's own when None) and take the keyboard."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = tv_scale(self.height())
        if abs(scale - self.view.scale) > 0.01:
            self.view.set_scale(scale)
        for label, px in ((self.title, 24), (self.as_of, 18)):
            font = QFont(label.font())
            font.setPixelSize(round(px * scale))
            font.setBold(True)
            label.setFont(font)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
