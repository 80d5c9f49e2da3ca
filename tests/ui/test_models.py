"""Every Qt model of the desktop passes pytest-qt's model tester, filled with real data."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.tasks import TaskManager
from desktop.ui.customer360.models import HoldingsModel, RemindersModel, TicketsModel, TimelineModel
from desktop.ui.search import SearchResultModel

# The offscreen platform cannot pass window size hints on and says so whenever a shown top-level
# widget's layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_search_result_model(qtmodeltester, qtbot, tasks: TaskManager, search_service: Any, showcase) -> None:
    model = SearchResultModel(tasks, search_service, page_size=7)
    qtmodeltester.check(model)  # empty
    result = search_service.search(showcase["common_surname"])
    model.set_ids(result.ids[:30], search_service.fetch_rows(result.ids[:7]))
    qtmodeltester.check(model)  # partly loaded: placeholders and rows
    for row in range(model.rowCount()):
        model.fetch_page_of(row)
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert all(model.is_loaded(r) for r in range(model.rowCount()))
    qtmodeltester.check(model)  # fully loaded
    assert model.index(0, 0).data(SearchResultModel.IdRole) == result.ids[0]
    model.retranslate()
    model.clear()
    qtmodeltester.check(model)


def test_holdings_model(qtmodeltester, c360_service: Any, showcase) -> None:
    model = HoldingsModel()
    qtmodeltester.check(model)
    rows = c360_service.products(showcase["full"])
    assert rows
    model.set_records(rows)
    qtmodeltester.check(model)
    assert model.index(0, 3).data().startswith(("¥", "-¥", "US$", "HK$"))
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_tickets_model(qtmodeltester, c360_service: Any, showcase) -> None:
    model = TicketsModel()
    model.set_records(c360_service.tickets(showcase["full"]))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_reminders_model(qtmodeltester, c360_service: Any, showcase) -> None:
    model = RemindersModel()
    model.set_records(c360_service.reminders(showcase["full"]))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_timeline_model(qtmodeltester, qtbot, tasks: TaskManager, c360_service: Any, showcase) -> None:
    model = TimelineModel(tasks, c360_service, page_size=5)
    qtmodeltester.check(model)
    model.load(showcase["busiest"])
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    qtmodeltester.check(model)  # also exercises canFetchMore/fetchMore
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() >= 5


def test_timeline_model_pages(qtbot, tasks: TaskManager, c360_service: Any, showcase) -> None:
    model = TimelineModel(tasks, c360_service, page_size=10)
    model.load(showcase["busiest"])
    assert model.loading and not model.canFetchMore()
    qtbot.waitUntil(lambda: model.pages_loaded == 1 and not model.loading, timeout=10_000)
    assert model.rowCount() == 10
    assert model.canFetchMore()
    with qtbot.waitSignal(model.rowsInserted, timeout=10_000):
        model.fetchMore()
    assert model.pages_loaded == 2
    assert model.rowCount() == min(20, showcase["busiest_count"])
    model.load(None)
    assert model.rowCount() == 0 and not model.canFetchMore()
