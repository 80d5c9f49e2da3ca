"""The lobby manager's board: the figures, the VIPs and "notify manager", today's numbers, the debounced live
refresh and the slow timer; the manager's status-bar notice (notify_notice); and the board on the real
services (SQLite and PostgreSQL) with a VIP whose manager is notified."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStatusBar

from desktop.tasks import TaskManager
from desktop.ui.lobby.board_page import SLOW_REFRESH_MS, BoardPage
from desktop.ui.lobby.notify_notice import ManagerNotices
from services.sync.changes import Change
from tests.ui.lobby import uib_fakes as fk
from tests.ui.lobby.uib_world import threaded, world

__all__ = ["threaded", "world"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def inline_tasks(qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(inline=True)
    yield manager
    assert manager.shutdown()


def make(qtbot: Any, tasks: TaskManager, floor: Any, principal: Any = None, clock: Any = None) -> BoardPage:
    page = BoardPage(
        tasks, fk.desk(floor=floor), principal or fk.principal("lobby_manager"), clock=clock or (lambda: fk.NOW)
    )
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.board is not None, timeout=15_000)
    return page


def column(table: Any, index: int) -> list[str]:
    return [table.item(row, index).text() for row in range(table.rowCount())]


def test_the_figures_vips_counters_and_numbers(qtbot: Any, inline_tasks: TaskManager) -> None:
    page = make(qtbot, inline_tasks, fk.FakeFloor())
    assert page.stats["waiting"][0].text() == "15"
    assert "23" in page.stats["longest"][0].text()
    assert "2" in page.stats["counters"][0].text() and "4" in page.stats["counters"][0].text()
    assert page.stats["service_level"][0].text().startswith("37") and "88 %" in page.stats["service_level"][0].text()
    assert "15" in page.stats["service_level"][1].text()
    assert column(page.tickets_table, 0) == ["A012", "B020", "C003", "A011"]
    assert fk.LONG_NAME in column(page.tickets_table, 2)[0]
    assert any("司马相如" in text for text in column(page.counters_table, 2))
    assert page.vips_table.rowCount() == 2 and column(page.vips_table, 3)[0] == "诸葛晓明"
    assert [x.waiting for x in page.bars.loads] == [4, 7, 1, 2, 0, 1]


def test_notify_the_manager_of_a_vip(qtbot: Any, inline_tasks: TaskManager) -> None:
    floor = fk.FakeFloor()
    page = make(qtbot, inline_tasks, floor)
    assert not page.notify_button.isEnabled()
    page.vips_table.selectRow(1)  # no manager: nobody to notify
    assert not page.notify_button.isEnabled()
    page.vips_table.selectRow(0)
    assert page.notify_button.isEnabled() and "Ctrl+M" in page.notify_button.toolTip()
    page.notify_button.click()
    qtbot.waitUntil(lambda: ("notify_manager", (201,)) in floor.calls)
    qtbot.waitUntil(lambda: "诸葛晓明" in page.status.text())


def test_live_changes_refresh_once_and_the_slow_timer_runs(qtbot: Any, inline_tasks: TaskManager) -> None:
    floor = fk.FakeFloor()
    page = make(qtbot, inline_tasks, floor)
    reads = floor.names().count("board")
    for _ in range(10):
        inline_tasks.notify_changed("lobby", "lobby:1")
    qtbot.waitUntil(lambda: floor.names().count("board") == reads + 1)
    qtbot.wait(400)
    assert floor.names().count("board") == reads + 1
    inline_tasks.notify_changed("lobby:2")  # another branch
    qtbot.wait(400)
    assert floor.names().count("board") == reads + 1
    assert page.slow_timer.isActive() and page.slow_timer.interval() == SLOW_REFRESH_MS


def test_an_empty_day(qtbot: Any, inline_tasks: TaskManager) -> None:
    floor = fk.FakeFloor(board=fk.board_state(tickets=(), vips=(), served=0, served_within_target=0))
    page = make(qtbot, inline_tasks, floor)
    assert page.pane.state == "empty" and page.pane.empty.title.text()
    assert page.vips_empty.isVisible() and page.stats["service_level"][0].text() == "—"


class Bridge(QObject):
    changes = Signal(object)


def test_the_managers_notice(qtbot: Any, inline_tasks: TaskManager) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    notices = ManagerNotices(inline_tasks, fk.principal("customer_manager", user_id=7), bar)
    inline_tasks.notify_changed("lobby_notify:8")  # someone else's
    assert bar.currentMessage() == ""
    inline_tasks.notify_changed("lobby_notify", "lobby_notify:7")
    assert bar.currentMessage() == notices.text != ""
    bridge = Bridge()
    named = ManagerNotices(inline_tasks, fk.principal("customer_manager", user_id=7), bar, changes=bridge.changes)
    payload = {"number": "V003", "customer_name": fk.LONG_NAME, "lobby_manager": "刘芳"}
    with qtbot.waitSignal(named.notified) as shown:
        bridge.changes.emit([Change(1, "lobby_notify", "7", "notified", 3, payload)])
    assert shown.args == [payload]
    assert fk.LONG_NAME in bar.currentMessage() and "V003" in bar.currentMessage() and "刘芳" in bar.currentMessage()


# -- on the real services -----------------------------------------------------------------------------------


def test_a_real_board_with_a_vip_and_a_notified_manager(qtbot: Any, world: Any, threaded: Any) -> None:
    from sqlalchemy import select

    from db.models import Customer
    from tests.ui.lobby.uib_world import DAY, Clock, engine_of, lobby_desk, local, reset_branch

    me = world.principal("lobby01")
    branch = me.branch_id
    reset_branch(world, branch)
    with world.engine.connect() as conn:
        vip, manager = conn.execute(
            select(Customer.id, Customer.manager_id)
            .where(Customer.branch_id == branch, Customer.vip_level > 0, Customer.manager_id.is_not(None))
            .order_by(Customer.id)
            .limit(1)
        ).one()
    clock = Clock(local(DAY, 10))
    desk = lobby_desk(world, "lobby01", clock, with_session=False)
    issued = desk.queue.issue(me, "vip", customer_id=vip)
    desk.queue.issue(me, "cash")
    clock.advance(minutes=20)
    tasks = threaded(engine_of(world, "lobby01"))
    bar = QStatusBar()
    qtbot.addWidget(bar)
    who = fk.principal("customer_manager", user_id=manager)
    notices = ManagerNotices(tasks, who, bar)
    page = BoardPage(tasks, desk, me, clock=clock)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.board is not None, timeout=15_000)
    assert page.stats["waiting"][0].text() == "2"
    assert sorted(column(page.tickets_table, 0)) == sorted([issued.ticket.number, page.board.tickets[0].number])  # type: ignore[union-attr]
    assert page.vips_table.rowCount() == 1 and column(page.vips_table, 0) == [issued.ticket.number]
    page.vips_table.selectRow(0)
    with qtbot.waitSignal(notices.notified, timeout=15_000):
        page.notify_button.click()
    assert bar.currentMessage()
    qtbot.waitUntil(lambda: page.board is not None and page.board.vips[0].notified_at is not None, timeout=15_000)
