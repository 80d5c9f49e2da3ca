"""The wallboard's place in the main window: a "Wallboard" tab for those allowed to see it."""

from __future__ import annotations

from typing import Any

from services.permissions import allowed

from ..tab_title import TabTitle
from ..translate import QT_TRANSLATE_NOOP
from .page import WallboardPage

TAB_TITLE = QT_TRANSLATE_NOOP("WallboardSeat", "Wallboard")


def attach_wallboard(window: Any, source: Any, principal: Any, **page_options: Any) -> WallboardPage | None:
    """Add the wallboard tab to ``window`` (its ``tabs``) when ``principal`` may view it; the page, else None.

    ``page_options`` go to :class:`WallboardPage` (``sound``, ``clock``).
    """
    if not allowed(principal.role, "wallboard.view"):
        return None
    page = WallboardPage(source, principal, **page_options)
    window.tabs.addTab(page, "")
    TabTitle(window, page, "WallboardSeat", TAB_TITLE)
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
