"""The supervisors' escalations inbox and the complaint alerts on the status bar, with real widgets, in Chinese:
listed newest first, opened with a double click or Enter, acknowledged with the button or Ctrl+K, live through the
change feed (the tab's count, the notice), and the handler told on their own desktop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import TicketEscalation
from desktop.ui.escalations import EscalationsPage
from desktop.ui.main_window import MainWindow
from desktop.ui.sync import ChangeBridge
from desktop.wiring import WindowServices
from services.customer360 import Customer360Service
from services.permissions import Principal
from services.search import CustomerSearch
from services.sync.position import start_position
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def breached_pair(desk: Desk) -> tuple[Any, Any]:
    """Two complaints of the handler, both past their deadline: each escalated twice to the supervisor."""
    world = desk.world
    first, second = (
        world.service.create_complaint(
            world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
        )
        for _ in range(2)
    )
    desk.at(cst(2026, 3, 18, 0, 0))
    report = world.service.scan()
    assert report.escalations == 6  # the last warning point (supervisor), the breach (supervisor, owner)
    return first, second


def page_for(qtbot: Any, desk: Desk, principal: Principal) -> EscalationsPage:
    page = EscalationsPage(desk.tasks, desk.service, principal)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.listed, timeout=10_000)
    return page


def column(page: EscalationsPage, index: int) -> list[str]:
    return [page.table.item(row, index).text() for row in range(page.table.rowCount())]


def acknowledged_at(desk: Desk, escalation_id: int) -> Any:
    with desk.world.engine.connect() as conn:
        return conn.execute(
            select(TicketEscalation.acknowledged_at).where(TicketEscalation.id == escalation_id)
        ).scalar_one()


def test_the_inbox_lists_opens_and_acknowledges(
    qtbot: Any, desk: Desk, idle: Callable[[], None], translations: Any
) -> None:
    first, second = breached_pair(desk)
    page = page_for(qtbot, desk, desk.supervisor)
    assert page.title.text() == "升级提醒" and page.tab_title() == "升级提醒 (4)"
    assert [page.table.horizontalHeaderItem(i).text() for i in range(6)] == [
        "工单",
        "原因",
        "级别",
        "处理期限",
        "状态",
        "升级时间",
    ]
    assert column(page, 0) == [second.number, second.number, first.number, first.number], "newest first"
    assert column(page, 1) == ["已超过处理期限", "临近处理期限", "已超过处理期限", "临近处理期限"]
    assert column(page, 2) == ["—", "2", "—", "2"]
    assert column(page, 3)[0] == "2026年3月17日 23:59" and column(page, 5)[0] == "2026年3月18日 00:00"
    assert column(page, 4)[0] not in ("", "new")
    assert page.status.text() == "有 4 条升级提醒待您处理。"
    assert "Ctrl+K" in page.acknowledge_button.toolTip() and page.acknowledge_button.toolTip().startswith("将所选")

    # A double click opens the row's ticket; so does Enter.
    rect = page.table.visualRect(page.table.model().index(2, 0))
    opened_ids: list[int] = []
    page.open_requested.connect(opened_ids.append)
    with qtbot.waitSignal(page.open_requested, timeout=5_000) as opened:
        # A person's double click: the first click's press and release, then the double click.
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [first.id] and opened_ids == [first.id], "opened once"
    page.select_row(0)
    page.table.setFocus()
    with qtbot.waitSignal(page.open_requested, timeout=5_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [second.id]

    # Acknowledge with the button: the row goes, the next takes its place.
    newest = page.escalations[0]
    with qtbot.waitSignal(page.acknowledged, timeout=10_000) as done:
        qtbot.mouseClick(page.acknowledge_button, Qt.MouseButton.LeftButton)
    assert done.args == [newest.id]
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)
    idle()
    assert acknowledged_at(desk, newest.id) is not None
    assert page.status.text() == f"已确认知悉工单 {second.number} 的升级提醒。 有 3 条升级提醒待您处理。"
    assert page.tab_title() == "升级提醒 (3)" and page.current() is page.escalations[0]

    # And with Ctrl+K from the list.
    following = page.escalations[0]
    page.table.setFocus()
    with qtbot.waitSignal(page.acknowledged, timeout=10_000) as done:
        qtbot.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [following.id]
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10_000)
    idle()
    assert [e.ticket_id for e in desk.service.escalations_for(desk.world.supervisor)] == [first.id, first.id]

    translations.switch("en")
    qtbot.waitUntil(lambda: page.title.text() == "Escalations")
    assert page.tab_title() == "Escalations (2)"
    assert column(page, 1) == ["Deadline missed", "Deadline close"]
    assert page.acknowledge_button.text() == "Acknowledge" and "(Ctrl+K)" in page.acknowledge_button.toolTip()
    translations.switch("zh_CN")
    qtbot.waitUntil(lambda: page.title.text() == "升级提醒")

    for item in list(page.escalations):  # acknowledged on another desktop
        desk.service.acknowledge_escalation(desk.supervisor, item.id)
    page.refresh()
    qtbot.waitUntil(lambda: page.pane.state == "empty", timeout=10_000)
    assert page.pane.empty.title.text() == "没有待处理的升级提醒" and page.tab_title() == "升级提醒"
    assert not page.acknowledge_button.isEnabled() and not page.open_button.isEnabled()


def window_for(qtbot: Any, desk: Desk, principal: Principal, translations: Any) -> MainWindow:
    engine = desk.world.engine
    services = WindowServices(
        search=CustomerSearch(engine), customer360=Customer360Service(engine), tickets=desk.service
    )
    window = MainWindow(desk.tasks, services, user=principal, switch_language=translations.switch)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_supervisors_window_follows_escalations_live_and_opens_their_tickets(
    qtbot: Any, desk: Desk, idle: Callable[[], None], translations: Any
) -> None:
    first, _second = breached_pair(desk)
    window = window_for(qtbot, desk, desk.supervisor, translations)
    page = window.escalations
    assert isinstance(page, EscalationsPage)
    index = window.tabs.indexOf(page)
    assert index == window.tabs.indexOf(window.tickets) + 1, "beside the complaints"
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "升级提醒 (4)", timeout=10_000)
    idle()
    assert [a.text() for a, shown in window.menus.tab_actions if shown is page] == ["升级提醒 (4)"], "View menu"
    assert window.statusBar().currentMessage() == "", "what was there at sign-in is no news"

    window.tabs.setCurrentWidget(page)
    page.select_row(2)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.tickets
    qtbot.waitUntil(lambda: window.tickets.panel.ticket_id == first.id, timeout=10_000)

    bridge = ChangeBridge(desk.tasks)
    try:
        with qtbot.waitSignal(bridge.link_changed, timeout=10_000):
            bridge.start(engine=desk.world.engine, position=start_position(desk.world.engine), poll_interval=0.02)
        third = desk.service.create_complaint(
            desk.world.agent,
            desk.world.complaint(team_id=desk.world.team, assignee_id=desk.world.handler, send_receipt=False),
        )
        with qtbot.waitSignal(window.alert_notices.announced, timeout=10_000) as told:
            desk.service.escalate(desk.world.agent, third.id, "客户要求主管回电")  # the handler, on their desktop
        assert [(a.kind, a.reason, a.number) for a in told.args[0]] == [("escalated", "manual", third.number)]
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "升级提醒 (5)", timeout=10_000)
        status = window.statusBar()
        assert status.currentMessage() == f"投诉 {third.number} 已由经办人升级给您。 请查看“升级提醒”页。"
        assert page.escalations[0].ticket_id == third.id and page.table.item(0, 1).text() == "人工升级"

        window.language_actions["en"].trigger()
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Escalations (5)")
        assert status.currentMessage() == (
            f"Complaint {third.number} was escalated to you by its handler. See “Escalations”."
        )
        window.language_actions["zh_CN"].trigger()
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "升级提醒 (5)")
    finally:
        bridge.stop()


def test_the_handler_is_told_on_their_desktop_and_has_no_inbox(
    qtbot: Any, desk: Desk, idle: Callable[[], None], translations: Any
) -> None:
    world = desk.world
    created = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    window = window_for(qtbot, desk, desk.agent, translations)
    assert window.escalations is None and window.alert_notices is not None
    idle()
    bridge = ChangeBridge(desk.tasks)
    try:
        with qtbot.waitSignal(bridge.link_changed, timeout=10_000):
            bridge.start(engine=world.engine, position=start_position(world.engine), poll_interval=0.02)
        desk.at(cst(2026, 3, 10, 5, 0))  # past the first warning point
        with qtbot.waitSignal(window.alert_notices.announced, timeout=10_000):
            world.service.scan()
        status = window.statusBar()
        assert status.currentMessage() == (
            f"投诉 {created.number} 已到第 1/2 个时限预警点，请于 2026年3月17日 23:59 前作出处理决定。"
        )
        desk.at(cst(2026, 3, 18, 0, 0))
        with qtbot.waitSignal(window.alert_notices.announced, timeout=10_000):
            world.service.scan()  # the last point and the breach in one scan
        assert status.currentMessage() == (
            f"有 3 条新的投诉提醒。最新一条：投诉 {created.number} 已超过处理期限（2026年3月17日 23:59）。"
        )
    finally:
        bridge.stop()
