"""The counter screen against small fakes of the counter service: hold, open, call, serve, finish, no-show,
transfer, a counter held elsewhere (live or stale: take over), the empty queue, and the heartbeat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.lobby.counter_page import HEARTBEAT_MS, CounterPage
from desktop.ui.lobby.transfer_dialog import TransferDialog
from tests.ui.lobby import uib_fakes as fk
from tests.ui.lobby.uib_world import threaded, world

__all__ = ["threaded", "world"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def inline_tasks(qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(inline=True)
    yield manager
    assert manager.shutdown()


def make(qtbot: Any, tasks: TaskManager, counters: fk.FakeCounters) -> CounterPage:
    page = CounterPage(tasks, fk.desk(counters=counters), fk.principal("lobby_manager"), clock=lambda: fk.NOW)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded)
    return page


def settle(qtbot: Any, tasks: TaskManager) -> None:
    assert tasks.wait_idle()
    qtbot.wait(10)


def fake_counters() -> fk.FakeCounters:
    return fk.FakeCounters(
        [
            fk.counter(1, "1号窗口"),
            fk.counter(2, "2号窗口", status="open", user_id=99, user_name="李娜"),
            fk.counter(3, "3号窗口", status="open", user_id=98, user_name="张伟", stale=True),
        ],
        [
            fk.ticket(1, "A001", customer_id=55, customer_name=fk.LONG_NAME, is_vip=True, vip_level=4),
            fk.ticket(2, "A002"),
        ],
    )


def test_hold_open_call_serve_finish(qtbot: Any, inline_tasks: TaskManager) -> None:
    counters = fake_counters()
    page = make(qtbot, inline_tasks, counters)
    assert page.picker.count() == 3
    assert not page.next_button.isEnabled()
    page.hold_button.click()
    settle(qtbot, inline_tasks)
    assert page.held_id == 1 and page.heartbeat_timer.isActive()
    assert not page.picker.isEnabled()
    page.open_button.click()
    settle(qtbot, inline_tasks)
    assert page.next_button.isEnabled()
    assert "F5" in page.next_button.text() and "F5" in page.next_button.toolTip()
    page.call_next()
    settle(qtbot, inline_tasks)
    assert page.number.text() == "A001"
    assert page.customer.text() == fk.LONG_NAME and page.vip.isVisible() and page.vip.text() == "VIP4"
    assert "3" in page.details.text()  # waited 3 minutes
    with qtbot.waitSignal(page.open_customer) as opened:
        page.serve_button.click()
        settle(qtbot, inline_tasks)
    assert opened.args == [55]
    assert page.finish_button.isEnabled()
    page.outcome.setCurrentIndex(page.outcome.findData("referred"))
    page.finish_button.click()
    settle(qtbot, inline_tasks)
    assert ("finish", (1, 2, "referred")) in counters.calls
    assert page.ticket is None and page.number.text() == "—"
    assert "A001" in page.message.text()


def test_no_show_recall_transfer_and_empty_queue(qtbot: Any, inline_tasks: TaskManager, monkeypatch: Any) -> None:
    counters = fake_counters()
    page = make(qtbot, inline_tasks, counters)
    page.hold()
    settle(qtbot, inline_tasks)
    page.open_button.click()
    settle(qtbot, inline_tasks)
    page.call_next()
    settle(qtbot, inline_tasks)
    page.recall_button.click()
    settle(qtbot, inline_tasks)
    assert page.ticket is not None and page.ticket.recalls == 1
    page.no_show_button.click()
    settle(qtbot, inline_tasks)
    assert page.ticket is None and "A001" in page.message.text()
    page.call_next()
    settle(qtbot, inline_tasks)
    assert page.number.text() == "A002"
    assert page.customer.text()  # a walk-in says so

    def chosen(dialog: TransferDialog) -> int:
        assert dialog.counter.count() == 2  # not its own counter
        dialog.to_service.setChecked(True)
        dialog.service.setCurrentIndex(dialog.service.findData("noncash"))
        return TransferDialog.DialogCode.Accepted

    monkeypatch.setattr(TransferDialog, "exec", chosen)
    page.transfer_button.click()
    settle(qtbot, inline_tasks)
    assert ("transfer", (2, 1, "noncash", None)) in counters.calls
    page.call_next()
    settle(qtbot, inline_tasks)
    assert page.ticket is None
    assert "Nobody" in page.message.text() or "无人" in page.message.text()


def test_counter_held_elsewhere_and_take_over(qtbot: Any, inline_tasks: TaskManager) -> None:
    counters = fake_counters()
    page = make(qtbot, inline_tasks, counters)
    page.picker.setCurrentIndex(1)  # held by a live desktop
    assert not page.hold_button.isEnabled() and not page.take_over_button.isVisible()
    assert "李娜" in page.counter_state.text()
    page.picker.setCurrentIndex(2)  # held by a desktop not seen for a while
    assert page.take_over_button.isVisible() and page.take_over_button.isEnabled()
    counters.at[3] = fk.ticket(7, "B007", status="serving", counter_id=3)
    page.take_over_button.click()
    settle(qtbot, inline_tasks)
    assert ("hold", (3, 501, True)) in counters.calls
    assert page.held_id == 3 and page.number.text() == "B007"  # took back the customer being served
    assert page.finish_button.isEnabled()


def test_refusal_shows_its_message_and_heartbeat_runs(qtbot: Any, inline_tasks: TaskManager) -> None:
    counters = fake_counters()
    page = make(qtbot, inline_tasks, counters)
    page.picker.setCurrentIndex(1)
    page.hold()  # the service refuses: held by a live desktop
    settle(qtbot, inline_tasks)
    assert page.error.isVisible()
    assert "其他电脑" in page.error.text() or "Another desktop" in page.error.text()
    page.picker.setCurrentIndex(0)
    page.hold()
    settle(qtbot, inline_tasks)
    assert 20_000 <= HEARTBEAT_MS <= 30_000
    page.heartbeat_timer.timeout.emit()
    settle(qtbot, inline_tasks)
    assert ("heartbeat", (1, 501)) in counters.calls
    page.close_button.click()
    settle(qtbot, inline_tasks)
    assert page.held_id is None and not page.heartbeat_timer.isActive()


# -- on the real services (SQLite and PostgreSQL, the teller's own login there) ----------------------------------


def test_a_real_counter_day(qtbot: Any, world: Any, threaded: Any) -> None:
    from services.lobby.types import LobbyError
    from tests.lobby.queue_rig import customers_of
    from tests.ui.lobby.uib_world import DAY, Clock, engine_of, idle, lobby_desk, local, reset_branch

    me = world.principal("lobby01")
    branch = me.branch_id
    reset_branch(world, branch)
    clock = Clock(local(DAY, 10))
    desk = lobby_desk(world, "lobby01", clock)
    (vip,) = customers_of(world, branch, vip=True)
    issued = desk.queue.issue(me, "cash", customer_id=vip)
    clock.advance(minutes=4)
    tasks = threaded(engine_of(world, "lobby01"))
    page = CounterPage(tasks, desk, me, clock=clock)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=15_000)
    page.picker.setCurrentIndex(page.picker.findText("1号窗口", Qt.MatchFlag.MatchStartsWith))
    page.hold_button.click()
    qtbot.waitUntil(lambda: page.held_id is not None, timeout=15_000)
    page.open_button.click()
    qtbot.waitUntil(lambda: page.next_button.isEnabled(), timeout=15_000)
    page.next_button.click()
    qtbot.waitUntil(lambda: page.ticket is not None, timeout=15_000)
    assert page.number.text() == issued.ticket.number and page.vip.isVisible()
    assert "4" in page.details.text()
    with qtbot.waitSignal(page.open_customer, timeout=15_000) as opened:
        page.serve_button.click()
    assert opened.args == [vip]
    qtbot.waitUntil(lambda: page.finish_button.isEnabled(), timeout=15_000)
    page.finish_button.click()
    qtbot.waitUntil(lambda: page.ticket is None, timeout=15_000)
    assert desk.queue.ticket(issued.ticket.id).outcome == "served"
    page.next_button.click()  # nobody left
    idle(qtbot, tasks)
    assert page.ticket is None and page.message.text()
    page.heartbeat()
    idle(qtbot, tasks)
    assert not page.error.isVisible()
    # another desktop of another teller cannot take the counter while this one is alive
    other = lobby_desk(world, "cm01", clock)
    try:
        other.counters.hold(world.principal("cm01"), page.held_id, other.session_id)
        raise AssertionError("a live counter was taken")
    except LobbyError as refused:
        assert refused.code == "held"
    page.close_button.click()
    qtbot.waitUntil(lambda: page.held_id is None, timeout=15_000)
