"""The window's Call menu: every call action with its key, so that each key can be found where it is used.

The actions are the call bar's and the call panel's own (one action per key: the menu shows its shortcut and a
key press triggers the same action as the button).  The menu goes into the window's menu bar before Help.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from .bar import CallBar


class CallMenu(QMenu):
    """Accept, decline, hold, transfer, hang up; the notes and the wrap-up; the agent's states."""

    def __init__(self, bar: CallBar, panel_actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callMenu")
        for action in (bar.accept_action, bar.decline_action, bar.hold_action, bar.transfer_action):
            self.addAction(action)
        self.addAction(bar.hang_up_action)
        self.addSeparator()
        for action in panel_actions:
            self.addAction(action)
        self.addSeparator()
        self.addAction(bar.available_action)
        self.addMenu(bar.break_menu)
        self.addAction(bar.break_key_action)
        self.addAction(bar.offline_action)
        self.retranslate()

    def install(self, window: QMainWindow) -> None:
        """Put the menu into ``window``'s menu bar, before the Help menu when the window has one."""
        help_menu = getattr(window, "help_menu", None)
        bar = window.menuBar()
        if isinstance(help_menu, QMenu) and help_menu.menuAction() in bar.actions():
            bar.insertMenu(help_menu.menuAction(), self)
        else:
            bar.addMenu(self)

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Call"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
