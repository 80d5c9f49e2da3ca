"""The Reports page on PostgreSQL, reading as the supervisor's own login (the database's grants decide)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.tasks import TaskManager
from desktop.ui.reports.page import ReportsPage
from desktop.ui.reports.seat import make_service
from services.reports.aggregate import refresh
from tests.security.conftest import SecuredDatabase, secured

__all__ = ["secured"]  # the module-scoped fixture, imported for these tests

pytestmark = [pytest.mark.postgres, pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.mark.parametrize(("username", "allowed"), [("super01", True), ("agent01", False)])
def test_the_page_reads_as_the_users_own_login(
    qtbot: Any, secured: SecuredDatabase, translations: Any, username: str, allowed: bool
) -> None:
    refresh(secured.owner)
    engine = secured.login_engine(username)
    tasks = TaskManager(engine)
    try:
        page = ReportsPage(tasks, make_service(engine, secured.principal(username), "Asia/Shanghai"), None)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        qtbot.waitUntil(lambda: page.list.count() > 0 or page.failure is not None, timeout=30_000)
        if not allowed:  # an agent has no Reports tab; a page opened anyway is refused, with the reason
            assert page.state.state == "error" and "无权" in page.state.error_label.text()
            return
        page.filters.apply_preset("last30")
        page.select_report("value_pareto")
        qtbot.waitUntil(lambda: page.result is not None and page.result.name == "value_pareto", timeout=30_000)
        assert page.failure is None and page.result is not None and not page.result.empty
        assert page.state.state == "content" and page.model.rowCount() > 0
        assert page.title.text() == "客户价值（帕累托）"
    finally:
        assert tasks.shutdown()
