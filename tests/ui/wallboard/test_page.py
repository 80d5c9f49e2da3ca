"""The wallboard page: waiting for the first figures, stale mode, the team / queue filters, the alert banner
and its sound, full screen by keyboard, and the tab for those allowed to see it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

from desktop.ui.wallboard import figures
from desktop.ui.wallboard.agents_model import NAME
from desktop.ui.wallboard.page import WallboardPage
from desktop.ui.wallboard.seat import attach_wallboard
from tests.ui.wallboard import snapshots as sn

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def make(qtbot: Any, sounds: list[str] | None = None, source: Any = None) -> tuple[WallboardPage, Any]:
    source = source or sn.source()
    page = WallboardPage(
        source, sn.supervisor(), sound=(sounds.append if sounds is not None else lambda _level: None), clock=sn.Clock()
    )
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page, source


def names(page: WallboardPage) -> list[str]:
    model = page.view.model
    return [model.data(model.index(row, NAME)) for row in range(model.rowCount())]


def test_waiting_for_the_first_figures(qtbot: Any) -> None:
    page, source = make(qtbot)
    assert page.stack.currentWidget() is page.empty and page.empty.title.text() == "Waiting for the first figures…"
    assert not page.view.isVisible() and page.as_of.text() == ""
    source.set_stale(True)
    assert page.empty.detail.text() == "No connection to the wallboard service yet."
    source.accept(sn.snapshot())
    assert page.stack.currentWidget() is page.view and page.as_of.text() == "As of 10:30:00"


def test_the_sources_last_snapshot_shows_at_once(qtbot: Any) -> None:
    source = sn.source()
    source.accept(sn.snapshot(7))
    page, _ = make(qtbot, source=source)
    assert page.snapshot is not None and page.snapshot.seq == 7 and page.stack.currentWidget() is page.view


def test_stale_mode_keeps_the_last_figures_and_says_so(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.with_alerts(sn.snapshot(), 2, sn.waiting_alert(sn.CARDS, "critical")))
    tile = page.view.queue_tiles[sn.CARDS]
    assert tile.color == figures.LEVEL_COLORS["critical"] and page.view.ticker.isActive()
    source.set_stale(True)
    assert page.view.stale_banner.isVisible()
    assert "10:30:02" in page.view.stale_banner.text() and "not current" in page.view.stale_banner.text()
    assert page.as_of.text() == "Not current: last update 10:30:02"
    assert tile.figures["waiting"].value.text() == "3" and names(page)[0] == "张伟"  # the figures stay
    assert tile.color == figures.STALE_COLOR and page.view.floor_tile.color == figures.STALE_COLOR  # greyed
    assert not page.view.ticker.isActive()  # old figures do not count on
    source.accept(sn.snapshot(3, at=sn.NOW + dt_seconds(3)))  # the link is back
    assert not page.view.stale_banner.isVisible() and page.as_of.text() == "As of 10:30:03"
    assert tile.color == figures.LEVEL_COLORS["ok"] and page.view.ticker.isActive()


def dt_seconds(seconds: int) -> Any:
    import datetime as dt

    return dt.timedelta(seconds=seconds)


def test_filters_narrow_tiles_agents_and_totals(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    assert [page.team_box.itemText(i) for i in range(3)] == ["All teams", "信贷二组", "零售一组"]
    assert page.queue_box.count() == 4 and page.queue_box.currentText() == "All queues"
    assert set(page.view.queue_tiles) == {sn.CARDS, sn.LOANS, sn.GENERAL} and len(names(page)) == 5
    page.team_box.setCurrentIndex(page.team_box.findData(sn.LENDING))
    assert set(page.view.queue_tiles) == {sn.LOANS, sn.GENERAL}
    assert names(page) == ["王芳", "刘洋", "陈静"]
    floor = page.view.floor_tile.figures
    assert [floor[k].value.text() for k in ("available", "on_call", "wrap_up", "break", "offline")] == [
        "0",
        "0",
        "1",
        "1",
        "1",
    ]
    assert floor["floor_waiting"].value.text() == "6"  # the two queues shown
    page.set_filter(queue_id=sn.CARDS)  # every team, one queue
    assert set(page.view.queue_tiles) == {sn.CARDS} and names(page) == ["张伟", "李娜"]
    assert floor["available"].value.text() == "1" and floor["on_call"].value.text() == "1"
    source.accept(sn.snapshot(2))  # the choice stays with the next snapshot
    assert page.queue_box.currentData() == sn.CARDS and set(page.view.queue_tiles) == {sn.CARDS}
    page.set_filter()
    assert len(page.view.queue_tiles) == 3 and page.view.floor_tile.figures["available"].value.text() == "1"


def test_the_alert_banner_lists_critical_first(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    assert not page.view.alerts.isVisible()
    snap = sn.with_alerts(
        sn.snapshot(),
        2,
        sn.waiting_alert(sn.CARDS, "warning", 6),
        sn.wait_alert(sn.GENERAL, "critical", 200),
        sn.waiting_alert(sn.GENERAL, "warning", 7),
    )
    source.accept(snap)
    banner = page.view.alerts
    assert banner.isVisible() and banner.level == "critical"
    assert banner.lines == [
        "Critical: General enquiries — longest wait 03:20 (limit 03:00); 7 waiting (limit 5)",
        "Warning: Credit cards — 6 waiting (limit 5)",
    ]
    assert figures.LEVEL_COLORS["critical"] in banner.styleSheet()
    page.set_filter(queue_id=sn.CARDS)
    assert banner.lines == ["Warning: Credit cards — 6 waiting (limit 5)"] and banner.level == "warning"


def test_the_sound_plays_once_per_new_alert(qtbot: Any) -> None:
    sounds: list[str] = []
    page, source = make(qtbot, sounds)
    base = sn.snapshot()
    loans_critical, cards_warning = sn.waiting_alert(sn.LOANS, "critical"), sn.waiting_alert(sn.CARDS, "warning")
    source.accept(sn.with_alerts(base, 1, loans_critical))
    assert sounds == []  # the first figures are not news
    source.accept(sn.with_alerts(base, 2, loans_critical, cards_warning))
    assert sounds == ["warning"]
    source.accept(sn.with_alerts(base, 3, loans_critical, cards_warning))
    assert sounds == ["warning"]  # still the same: no second sound
    source.accept(sn.with_alerts(base, 4, loans_critical, sn.wait_alert(sn.CARDS, "critical")))
    assert sounds == ["warning", "critical"]  # worse
    source.accept(sn.with_alerts(base, 5, sn.waiting_alert(sn.LOANS, "warning")))
    assert sounds == ["warning", "critical"]  # better
    source.accept(sn.with_alerts(base, 6))
    source.accept(sn.with_alerts(base, 7, cards_warning, sn.waiting_alert(sn.GENERAL, "critical")))
    assert sounds == ["warning", "critical", "critical"]  # two queues at once: one sound, the worse level
    source.accept(sn.with_alerts(base, 6))  # an older snapshot is ignored
    assert page.snapshot is not None and page.snapshot.seq == 7
    page.set_filter(team_id=sn.LENDING)  # a new filter is not news either
    assert sounds == ["warning", "critical", "critical"]


def test_full_screen_opens_and_closes_by_keyboard(qtbot: Any, qapp: QApplication) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    assert "F11" in page.full_button.toolTip() and "Esc" in page.full_button.toolTip()
    page.activateWindow()
    page.team_box.setFocus()
    qtbot.waitUntil(lambda: page.team_box.hasFocus())
    qtbot.keyClick(page.team_box, Qt.Key.Key_F11)
    window = page.full_screen
    assert window is not None
    qtbot.waitExposed(window)
    assert window.isFullScreen() and bool(window.windowFlags() & Qt.WindowType.FramelessWindowHint)
    assert window.view.scale > page.view.scale  # large type
    assert window.view.queue_tiles[sn.CARDS].figures["waiting"].value.text() == "3"
    page.set_filter(queue_id=sn.LOANS)  # the TV follows the page
    assert set(window.view.queue_tiles) == {sn.LOANS}
    source.set_stale(True)
    assert window.view.stale_banner.isVisible() and "10:30:00" in window.as_of.text()
    qtbot.waitUntil(lambda: qapp.activeWindow() is window)
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(qapp.focusWidget() or window, Qt.Key.Key_Escape)
    assert page.full_screen is None and not window.isVisible()
    qtbot.waitUntil(lambda: page.full_button.hasFocus())  # the keyboard is back on the page
    page.full_button.click()  # the button opens it too
    assert page.full_screen is not None and page.full_screen.isVisible()
    page.close_full_screen()
    assert page.full_screen is None


class Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(QWidget(), "Customers")
        self.setCentralWidget(self.tabs)


@pytest.mark.parametrize("role", ["supervisor", "agent", "lobby_manager", "customer_manager"])
def test_the_tab_only_for_those_who_may_view_it(qtbot: Any, role: str) -> None:
    window = Window()
    qtbot.addWidget(window)
    source = sn.source()
    page = attach_wallboard(window, source, sn.supervisor(role), sound=lambda _level: None)
    if role == "supervisor":  # the only role with wallboard.view in the permission matrix
        assert page is not None and window.tabs.count() == 2
        assert window.tabs.tabText(window.tabs.indexOf(page)) == "Wallboard"
        source.accept(sn.snapshot())
        assert page.view.queue_tiles
    else:
        assert page is None and window.tabs.count() == 1


def test_the_tab_title_follows_the_language(qtbot: Any, translations: Any) -> None:
    window = Window()
    qtbot.addWidget(window)
    page = attach_wallboard(window, sn.source(), sn.supervisor(), sound=lambda _level: None)
    assert page is not None and window.tabs.tabText(1) == "实时看板"
    assert page.empty.title.text() == "正在等待首批数据…"
    translations.switch("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Wallboard")


def test_a_snapshot_with_an_unknown_call_queue(qtbot: Any) -> None:
    page, source = make(qtbot)
    odd = dataclasses.replace(sn.AGENTS[0], call_queue_id=99)
    source.accept(sn.snapshot(agents=(odd,)))
    model = page.view.model
    assert model.data(model.index(0, 4)) == "99"
