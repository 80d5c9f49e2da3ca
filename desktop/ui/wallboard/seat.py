"""The wallboard's place in the main window: a "Wallboard" tab for those allowed to see it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject

from services.permissions import allowed

from .page import WallboardPage


class _TabTitle(QObject):
    """Keeps the tab's title in the interface language."""

    def __init__(self, window: Any, page: WallboardPage) -> None:
        super().__init__(page)
        self.window, self.page = window, page
        page.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.window.tabs.setTabText(
            self.window.tabs.indexOf(self.page), QCoreApplication.translate("WallboardSeat", "Wallboard")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def attach_wallboard(window: Any, source: Any, principal: Any, **page_options: Any) -> WallboardPage | None:
    """Add the wallboard tab to ``window`` (its ``tabs``) when ``principal`` may view it; the page, else None.

    ``page_options`` go to :class:`WallboardPage` (``sound``, ``clock``).
    """
    if not allowed(principal.role, "wallboard.view"):
        return None
    page = WallboardPage(source, principal, **page_options)
    window.tabs.addTab(page, "")
    _TabTitle(window, page)
    if hasattr(window.tabs, "tabBar"):
        window.tabs.tabBar().setVisible(window.tabs.count() > 1)
    return page


def attach_board_tools(page: WallboardPage | None, tasks: Any, engine: Any, principal: Any) -> None:
    """The supervisor's tools on the board, each only with its right: the interventions (context menus and the
    waiting calls) and the queue rules."""
    if page is None:
        return
    from .intervene import attach_board_actions
    from .queue_rules_seat import attach_queue_rules

    attach_board_actions(page, tasks, engine, principal)
    attach_queue_rules(page, tasks, engine, principal)
