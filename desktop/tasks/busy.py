"""A busy cursor that appears only when work takes long enough for someone to notice."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication

BUSY_CURSOR_DELAY_MS = 300


class BusyCursor(QObject):
    """Counts outstanding busy work; shows the busy cursor after ``delay_ms`` of it."""

    def __init__(self, parent: QObject | None = None, *, delay_ms: int = BUSY_CURSOR_DELAY_MS) -> None:
        super().__init__(parent)
        self._count = 0
        self._shown = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._show)

    @property
    def shown(self) -> bool:
        """True while the override cursor is set."""
        return self._shown

    def begin(self) -> None:
        """One more piece of busy work started."""
        self._count += 1
        if self._count == 1 and not self._shown:
            self._timer.start()

    def end(self) -> None:
        """One piece of busy work ended."""
        self._count = max(0, self._count - 1)
        if self._count == 0:
            self.reset()

    def reset(self) -> None:
        """Forget all work and restore the normal cursor."""
        self._count = 0
        self._timer.stop()
        if self._shown:
            self._shown = False
            QGuiApplication.restoreOverrideCursor()

    def _show(self) -> None:
        if self._count > 0 and not self._shown and QGuiApplication.instance() is not None:
            self._shown = True
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
