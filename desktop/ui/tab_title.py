"""A workspace tab whose title follows the interface language (for pages added to the main window's tabs by a
seat module, e.g. the wallboard and the reports)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget


class TabTitle(QObject):
    """Sets ``page``'s tab title in ``window.tabs`` to ``source`` translated in ``context``, now and at every
    language change.  Mark the source for translation at the call site with QT_TRANSLATE_NOOP."""

    def __init__(self, window: Any, page: QWidget, context: str, source: str) -> None:
        super().__init__(page)
        self.window, self.page, self.context, self.source = window, page, context, source
        page.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        tabs = self.window.tabs
        tabs.setTabText(tabs.indexOf(self.page), QCoreApplication.translate(self.context, self.source))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
