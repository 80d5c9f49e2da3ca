"""The reports' place in the main window: a "Reports" tab for those with ``report.view``."""

from __future__ import annotations

from typing import Any

from services.permissions import allowed

from ..tab_title import TabTitle
from ..translate import QT_TRANSLATE_NOOP
from .page import ReportsPage

TAB_TITLE = QT_TRANSLATE_NOOP("ReportsSeat", "Reports")


def make_service(engine: Any, principal: Any, timezone: str) -> Any:
    """The report service acting for ``principal`` (made on the database worker at first use)."""
    from services.reports.service import ReportService

    return ReportService(engine, principal, timezone=timezone)


class _LazyService:
    """Makes the report service on first use, which is on the database worker (the page never calls it on the
    GUI thread)."""

    def __init__(self, engine: Any, principal: Any, timezone: str) -> None:
        self._args = (engine, principal, timezone)
        self._service: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._service is None:
            self._service = make_service(*self._args)
        return getattr(self._service, name)


def attach_reports(
    window: Any, tasks: Any, engine: Any, principal: Any, *, timezone: str = "Asia/Shanghai", service: Any = None
) -> ReportsPage | None:
    """Add the "Reports" tab to ``window`` when ``principal`` has ``report.view``; the page, else None."""
    if not allowed(principal.role, "report.view"):
        return None
    page = ReportsPage(tasks, service if service is not None else _LazyService(engine, principal, timezone), principal)
    window.tabs.addTab(page, "")
    TabTitle(window, page, "ReportsSeat", TAB_TITLE)
    if hasattr(window.tabs, "tabBar"):
        window.tabs.tabBar().setVisible(window.tabs.count() > 1)
    return page
