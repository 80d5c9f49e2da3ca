"""The Reports page: the list, filters that rerun the report off the GUI thread, the chart and table, the empty
and failed states, exports, and the tab by role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from desktop.ui.reports.page import EXPORT_CHART_SIZE, ReportsPage
from desktop.ui.reports.seat import attach_reports
from services.permissions import PermissionDenied, Principal
from services.reports.catalogue import REPORTS

from . import samples

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def supervisor(role: str = "supervisor") -> Principal:
    return Principal(user_id=9, username="sup01", role=role, team_id=None, display_name="赵主管")


def open_page(qtbot: Any, tasks: Any, service: Any) -> ReportsPage:
    page = ReportsPage(tasks, service, supervisor(), today=lambda: samples.TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None or page.failure is not None, timeout=10_000)
    return page


def test_lists_the_reports_and_runs_the_first_off_the_gui_thread(qtbot: Any, tasks: Any, translations: Any) -> None:
    service = samples.FixedReports()
    page = open_page(qtbot, tasks, service)
    assert page.list.count() == len(REPORTS)
    assert page.list.item(0).text() == "服务水平与话务量", "titles in the interface language"
    name, flt, on_gui = service.asked[-1]
    assert name == "service_level" and not on_gui
    assert (flt.start, flt.end) == (samples.TODAY - dt.timedelta(days=6), samples.TODAY), "last 7 days by default"
    assert page.filters.grain.isVisible(), "this report has per 30 minutes / per day"
    assert page.state.state == "content" and page.model.rowCount() == 48
    assert page.title.text() == "服务水平与话务量"
    assert page.filters.queues.text() == "全部队列"


def test_changing_a_filter_reruns_the_report(qtbot: Any, tasks: Any) -> None:
    service = samples.FixedReports()
    page = open_page(qtbot, tasks, service)
    asked = len(service.asked)
    page.filters.apply_preset("today")
    qtbot.waitUntil(lambda: len(service.asked) > asked, timeout=10_000)
    _name, flt, on_gui = service.asked[-1]
    assert (flt.start, flt.end) == (samples.TODAY, samples.TODAY) and not on_gui
    page.filters.grain.setCurrentIndex(page.filters.grain.findData("interval"))
    page.filters.grain.activated.emit(page.filters.grain.currentIndex())
    qtbot.waitUntil(lambda: service.asked[-1][1].grain == "interval", timeout=10_000)
    page.filters.queues.set_selected([2])
    qtbot.waitUntil(lambda: service.asked[-1][1].queue_ids == (2,), timeout=10_000)
    assert page.filters.queues.text() == "Credit cards"
    page.select_report("agents")
    qtbot.waitUntil(lambda: service.asked[-1][0] == "agents", timeout=10_000)
    assert not page.filters.grain.isVisibleTo(page) and service.asked[-1][1].grain == "day"


def test_end_before_start_says_why_and_runs_nothing(qtbot: Any, tasks: Any) -> None:
    service = samples.FixedReports()
    page = open_page(qtbot, tasks, service)
    asked = len(service.asked)
    page.filters.set_dates(samples.TODAY, samples.TODAY - dt.timedelta(days=3))
    assert page.problem.isVisible() and "end date is before the start date" in page.problem.text()
    assert len(service.asked) == asked and page.model.rowCount() == 48, "the last report stays"


def test_an_empty_result_explains_itself(qtbot: Any, tasks: Any, translations: Any) -> None:
    page = open_page(qtbot, tasks, samples.FixedReports({"service_level": samples.empty()}))
    assert page.state.state == "empty"
    assert page.state.empty.title.text() == "没有可显示的数据"
    assert page.state.empty.detail.text() == "所选日期和队列内没有通话。"
    assert not page.buttons["xlsx"].isEnabled()


def test_a_refusal_is_shown_and_the_filters_stay(qtbot: Any, tasks: Any, translations: Any) -> None:
    refused = PermissionDenied("report.view", "agent")
    page = open_page(qtbot, tasks, samples.FixedReports(fail=refused))
    assert page.state.state == "error" and page.state.error_label.text() == refused.zh
    assert page.filters.isEnabled() and page.filters.dates()[1] == samples.TODAY


def test_the_page_exports_what_it_shows(qtbot: Any, tasks: Any, tmp_path: Path) -> None:
    page = open_page(qtbot, tasks, samples.FixedReports())
    png = page.export_to("png", tmp_path / "chart.png")
    assert (QImage(str(png)).width(), QImage(str(png)).height()) == EXPORT_CHART_SIZE
    book = load_workbook(page.export_to("xlsx", tmp_path / "sl.xlsx"))
    sheet = book.active
    assert sheet["A1"].value == "Service level and volume" and sheet["A2"].value == "Dates"
    assert page.export_to("pdf", tmp_path / "sl.pdf").read_bytes().startswith(b"%PDF-")


class Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(QWidget(), "Customers")
        self.setCentralWidget(self.tabs)


@pytest.mark.parametrize("role", ["supervisor", "agent", "lobby_manager", "customer_manager", "admin"])
def test_the_tab_follows_report_view(qtbot: Any, tasks: Any, role: str) -> None:
    window = Window()
    qtbot.addWidget(window)
    page = attach_reports(window, tasks, None, supervisor(role), service=samples.FixedReports())
    if role in ("supervisor", "lobby_manager", "customer_manager"):  # report.view in the permission matrix
        assert page is not None and window.tabs.count() == 2
        assert window.tabs.tabText(1) == "Reports"
    else:
        assert page is None and window.tabs.count() == 1


def test_the_tab_title_follows_the_language(qtbot: Any, tasks: Any, translations: Any) -> None:
    window = Window()
    qtbot.addWidget(window)
    attach_reports(window, tasks, None, supervisor(), service=samples.FixedReports())
    assert window.tabs.tabText(1) == "报表"
    translations.switch("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Reports")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_page_leaves_room_for_the_call_pane_at_1280(
    qtbot: Any, tasks: Any, translations: Any, language: str
) -> None:
    """The tab widget is as wide as its widest page: this one must not push the window past 1280 pixels."""
    translations.switch(language)
    page = open_page(qtbot, tasks, samples.FixedReports())
    page.filters.grain.setVisible(True)
    assert page.minimumSizeHint().width() <= 900, page.minimumSizeHint()
