"""The search panel against the seeded database: typing, results, empty states, supersession, opening."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.search import SearchPanel
from desktop.ui.search.model import COL_NAME

# The offscreen platform cannot pass window size hints on and says so whenever a shown top-level
# widget's layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot, tasks: TaskManager, search_service: Any) -> SearchPanel:
    widget = SearchPanel(tasks, search_service)
    qtbot.addWidget(widget)
    widget.resize(560, 600)
    widget.show()
    return widget


def type_text(qtbot, widget: Any, text: str) -> None:
    """Type like a person: ASCII key by key; Chinese as input-method commits, as an IME delivers it.

    (QTest cannot synthesise key events for characters outside Latin-1.)
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def _wait_results(qtbot, panel: SearchPanel) -> None:
    qtbot.waitUntil(lambda: panel.state in ("results", "nomatch", "invalid", "error"), timeout=10_000)


def test_start_state_explains_itself(panel: SearchPanel, translations, qtbot) -> None:
    qtbot.waitUntil(lambda: "开始查找" in panel.pane.empty.title.text())
    assert panel.state == "start"
    assert panel.pane.state == "empty"
    placeholder = panel.box.placeholderText()
    for word in ("手机号", "姓名", "拼音", "证件号后4-6位", "客户号", "账号卡号"):
        assert word in placeholder


def test_typing_a_phone_number_finds_the_customer(panel: SearchPanel, showcase, qtbot) -> None:
    qtbot.keyClicks(panel.box, showcase["phone_national"])
    _wait_results(qtbot, panel)
    assert panel.state == "results"
    assert panel.last_result.kind == "phone"
    assert showcase["phone_customer"] in panel.model.ids
    row = panel.model.ids.index(showcase["phone_customer"])
    qtbot.waitUntil(lambda: panel.model.is_loaded(row))
    assert panel.model.index(row, COL_NAME).data() not in ("", "…")
    assert panel.pane.state == "content"


def test_typing_a_name_lists_rows(panel: SearchPanel, showcase, qtbot) -> None:
    type_text(qtbot, panel.box, showcase["name"])
    _wait_results(qtbot, panel)
    assert panel.state == "results"
    assert showcase["name_customer"] in panel.model.ids
    # The first page arrives with the result; names show, with pinyin in the tooltip.
    first = panel.model.index(0, COL_NAME)
    qtbot.waitUntil(lambda: panel.model.is_loaded(0))
    assert showcase["name"] in panel.model.index(panel.model.ids.index(showcase["name_customer"]), 0).data()
    assert first.data(Qt.ItemDataRole.ToolTipRole)


def test_no_match_state(panel: SearchPanel, translations, qtbot) -> None:
    type_text(qtbot, panel.box, "龘龘龘")
    _wait_results(qtbot, panel)
    assert panel.state == "nomatch"
    assert panel.model.rowCount() == 0
    assert panel.pane.empty.title.text() == "未找到匹配的客户"


def test_invalid_input_is_explained(panel: SearchPanel, translations, qtbot) -> None:
    qtbot.keyClicks(panel.box, "110101199003077777")  # wrong check digit
    _wait_results(qtbot, panel)
    assert panel.state == "invalid"
    assert "校验位" in panel.pane.empty.detail.text()


def test_clearing_the_box_returns_to_start(panel: SearchPanel, showcase, qtbot) -> None:
    type_text(qtbot, panel.box, showcase["name"])
    _wait_results(qtbot, panel)
    panel.box.clear()
    assert panel.state == "start"
    assert panel.model.rowCount() == 0


def test_too_many_results_banner(qtbot, tasks: TaskManager, seeded_engine, showcase, translations) -> None:
    from services.search import CustomerSearch

    panel = SearchPanel(tasks, CustomerSearch(seeded_engine, cap=3))
    qtbot.addWidget(panel)
    panel.show()
    panel.search_now(showcase["common_surname"])
    _wait_results(qtbot, panel)
    assert panel.last_result.truncated
    assert panel.model.rowCount() == 3
    assert panel.banner.isVisible()
    assert panel.banner.text() == "结果过多，仅显示前 3 条，请输入更多信息"


class SpySearch:
    """Wraps the real service; counts searches and can hold one until released."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.texts: list[str] = []
        self.cancelled = 0
        self.hold: threading.Event | None = None
        self.started = threading.Event()

    def search(self, text: str) -> Any:
        self.texts.append(text)
        if self.hold is not None:
            hold, self.hold = self.hold, None
            self.started.set()
            hold.wait(5)
        return self.real.search(text)

    def fetch_rows(self, ids: Any) -> Any:
        return self.real.fetch_rows(ids)

    def cancel(self) -> None:
        self.cancelled += 1
        if self.hold is None:
            pass


def test_fast_typing_is_debounced(qtbot, tasks: TaskManager, search_service, showcase) -> None:
    spy = SpySearch(search_service)
    panel = SearchPanel(tasks, spy)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.box, showcase["phone_national"])  # 11 key presses well within 150 ms each
    _wait_results(qtbot, panel)
    assert spy.texts[-1] == showcase["phone_national"]
    assert len(spy.texts) < len(showcase["phone_national"])
    assert showcase["phone_customer"] in panel.model.ids


def test_newer_search_supersedes_running_one(qtbot, tasks: TaskManager, search_service, showcase) -> None:
    spy = SpySearch(search_service)
    release = threading.Event()
    spy.hold = release
    panel = SearchPanel(tasks, spy)
    qtbot.addWidget(panel)
    panel.show()
    shown: list[Any] = []
    panel.result_shown.connect(shown.append)
    panel.search_now("龘龘龘")  # would be "no match"
    assert spy.started.wait(5)
    panel.search_now(showcase["phone_national"])
    assert spy.cancelled == 1  # the running query was asked to stop
    release.set()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    QApplication.processEvents()
    assert [r.query for r in shown] == [showcase["phone_national"]]
    assert panel.state == "results"


def test_enter_and_double_click_open_the_customer(panel: SearchPanel, showcase, qtbot) -> None:
    panel.search_now(showcase["name"])
    _wait_results(qtbot, panel)
    row = panel.model.ids.index(showcase["name_customer"])
    panel.table.setFocus()
    panel.table.selectRow(row)
    with qtbot.waitSignal(panel.customer_opened) as blocker:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert blocker.args == [showcase["name_customer"]]
    rect = panel.table.visualRect(panel.model.index(row, COL_NAME))
    with qtbot.waitSignal(panel.customer_opened) as blocker:
        # A person's double-click: the first click's press/release, then the double-click.
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [showcase["name_customer"]]


def test_enter_in_box_opens_a_unique_result(panel: SearchPanel, showcase, qtbot) -> None:
    with qtbot.waitSignal(panel.customer_opened, timeout=10_000) as blocker:
        qtbot.keyClicks(panel.box, showcase["cif_no"])
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert blocker.args == [showcase["cif_customer"]]


def test_rows_are_fetched_lazily_in_pages(qtbot, tasks: TaskManager, search_service, showcase) -> None:
    from desktop.ui.search import SearchResultModel

    model = SearchResultModel(tasks, search_service, page_size=2)
    ids = search_service.search(showcase["common_surname"]).ids
    assert len(ids) >= 5
    model.set_ids(ids)
    assert not model.is_loaded(0)
    assert model.index(4, COL_NAME).data() == "…"  # asks for page 2 (rows 4-5)
    qtbot.waitUntil(lambda: model.is_loaded(4))
    assert model.is_loaded(5) or len(ids) == 5
    assert not model.is_loaded(0)  # page 0 was never asked for
    assert model.pages_fetched == 1
