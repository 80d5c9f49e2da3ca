"""The call centre's keyboard shortcuts, in one place, and how they are shown (tooltips, button texts, the menu).

Every call action has a key: the menu bar's Call menu lists them, and the buttons say theirs in their tooltips.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

ACCEPT_KEY = "F9"
DECLINE_KEY = "Shift+F9"
HOLD_KEY = "F7"
TRANSFER_KEY = "F8"
HANG_UP_KEY = "F12"
AVAILABLE_KEY = "Ctrl+Shift+A"
BREAK_KEY = "Ctrl+Shift+B"
OFFLINE_KEY = "Ctrl+Shift+O"
NOTES_KEY = "Ctrl+Shift+N"
DISPOSITION_KEY = "Ctrl+Shift+D"
SUBMIT_KEY = "Ctrl+Enter"  # shown; Qt's name for the keypad's Enter
SUBMIT_RETURN_KEY = "Ctrl+Return"  # the main Enter key, which does the same


def shown(key: str) -> str:
    """The key as the platform writes it (``F9``, ``Shift+F9``, ``Ctrl+Return``)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def with_key(text: str, key: str) -> str:
    """``text`` followed by its key: ``接听 (F9)``."""
    return f"{text} ({shown(key)})"


def key_action(owner: QObject, *keys: str) -> QAction:
    """An action with shortcuts ``keys`` that works anywhere in the owner's window.

    The action works while one of the widgets it is added to is visible and enabled (the call bar, the call
    panel, the menu bar): a locked window hides those, so no call key works behind the lock screen.
    """
    action = QAction(owner)
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return action
