"""The uncaught-exception hook: log the traceback, tell the person, keep running.

Installed as ``sys.excepthook``; PySide6 routes exceptions raised in slots and callbacks there.
The application never exits silently because of a bug in one screen.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QThread

log = logging.getLogger("contactdesk.crash")

ShowDialog = Callable[[str, str], None]


def show_error_dialog(summary: str, details: str) -> None:
    """A modal message box with the traceback under "Show Details…"."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical, QCoreApplication.translate("ExceptionHook", "Unexpected error"), summary
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "ExceptionHook",
            "ContactDesk keeps running. The details were written to the log file; please tell the IT help desk.",
        )
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class ExceptionHook:
    """Callable for ``sys.excepthook``.

    Args:
        show_dialog: shows ``(summary, details)`` to the person; replaceable in tests.
        log_path: mentioned in the message so the help desk can find the log.
    """

    def __init__(self, show_dialog: ShowDialog = show_error_dialog, log_path: str = "") -> None:
        self.show_dialog = show_dialog
        self.log_path = log_path
        self.count = 0
        self._showing = False
        self._previous = sys.excepthook

    def install(self) -> None:
        """Become ``sys.excepthook``."""
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        """Restore the previous hook."""
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QCoreApplication.instance()
            if app is not None:
                app.quit()
            return
        self.count += 1
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception\n%s", details)
        if self._showing or QThread.currentThread() is not _gui_thread():
            return  # one dialog at a time; never a dialog from a worker thread
        summary = QCoreApplication.translate("ExceptionHook", "Something went wrong: {error}").format(
            error=f"{exc_type.__name__}: {exc}"[:300]
        )
        if self.log_path:
            summary += "\n" + QCoreApplication.translate("ExceptionHook", "Log file: {path}").format(path=self.log_path)
        self._showing = True
        try:
            self.show_dialog(summary, details)
        except Exception:
            log.exception("could not show the error dialog")
        finally:
            self._showing = False


def _gui_thread() -> QThread | None:
    app = QCoreApplication.instance()
    return app.thread() if app is not None else QThread.currentThread()
