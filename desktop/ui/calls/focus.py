"""Bringing the window forward for a ringing call without taking the keyboard from what the agent types."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

log = logging.getLogger(__name__)


def is_text_input(widget: QWidget | None) -> bool:
    """True for a widget that takes typed text (line and text edits, spin boxes, editable combo boxes)."""
    if widget is None:
        return False
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    # The viewport of a text edit has the focus proxy's parent as owner.
    parent = widget.parentWidget()
    return isinstance(parent, QTextEdit | QPlainTextEdit) and not parent.isReadOnly()


def bring_forward(window: QWidget) -> bool:
    """Raise ``window`` and flash it in the task bar; activate it only when nothing is being typed.

    The window is restored if minimised and raised above its siblings; ``QApplication.alert`` asks the
    window system to draw attention to it.  ``activateWindow`` (which moves the keyboard focus) is called
    only when this application is already the active one and its focus is not in a text field, so a field
    being typed in — here or in another application — keeps the keyboard.

    Returns:
        True when the window was also activated.
    """
    if window.windowState() & Qt.WindowState.WindowMinimized:
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    QApplication.alert(window, 0)
    focused = QApplication.focusWidget()
    if is_text_input(focused):
        log.debug("call offered while %s has the focus: raised, not activated", type(focused).__name__)
        return False
    if QApplication.activeWindow() is None:
        return False  # another application has the keyboard: flash, never snatch it
    if not window.isActiveWindow():
        window.activateWindow()
        return True
    return False
