"""The supervisors' "Webhook issues" page (the gateway's dead letters) with real widgets and a real SQLite bank:
the list, masked details, settling with a note, an empty note refused, a dead letter arriving live through the
change feed (tab count and status-bar notice), and a second supervisor told that someone settled it first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTableWidget, QWidget
from sqlalchemy import select

from db.models import WebhookDeadLetter
from desktop.tasks import TaskManager
from desktop.ui.webhook_issues import WebhookIssuesPage
from services import dead_letters
from services.audit import AuditTrail
from services.dead_letters import DeadLetterDesk, ShownField, shown_request
from services.permissions import PermissionDenied
from tests.messaging.conftest import sqlite_world, tasks
from tests.messaging.world import World

__all__ = ["sqlite_world", "tasks"]  # the messaging tests' small bank and a task manager on it

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CALLER = "+8613812345678"
BANK = "+862160000000"
BODY = "请帮我查一下尾号5678的卡，身份证110101199003071234"
CALL_SID = "CA" + "0123456789abcdef" * 2
MESSAGE_SID = "SM" + "fedcba9876543210" * 2


def spooled(kind: str, **params: str) -> dict[str, Any]:
    """A spool record as the gateway keeps it (see gateway.events.event)."""
    at = dt.datetime(2026, 3, 5, 6, 30, tzinfo=dt.UTC).isoformat()
    return {"kind": kind, "params": {k: [v] for k, v in params.items()}, "at": at}


def incoming(world: World) -> int:
    request = spooled("incoming", CallSid=CALL_SID, From=CALLER, To=BANK)
    return dead_letters.record(world.engine, request, ValueError(f"caller {CALLER} refused"), source="live")


def sms_reply(world: World) -> int:
    request = spooled("sms_incoming", MessageSid=MESSAGE_SID, From=CALLER, To=BANK, Body=BODY)
    return dead_letters.record(world.engine, request, ValueError("NOT NULL constraint failed"), source="replay")


def unreadable(world: World) -> int:
    request = {"kind": "unreadable", "raw": '{"kind": "incoming", "params": {"From": ["' + CALLER}
    return dead_letters.record(world.engine, request, ValueError("not a JSON object"), source="replay")


def desk(world: World) -> DeadLetterDesk:
    return DeadLetterDesk(world.engine, audit=AuditTrail(workstation="test"))


def idle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(20)


def page_for(qtbot: Any, tasks: TaskManager, world: World, user: int) -> WebhookIssuesPage:
    page = WebhookIssuesPage(tasks, desk(world), world.who(user, "supervisor"))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.listed, timeout=10_000)
    idle(qtbot, tasks)
    return page


def column(page: WebhookIssuesPage, index: int) -> list[str]:
    return [page.table.item(row, index).text() for row in range(page.table.rowCount())]


def every_text(root: QWidget) -> list[str]:
    """Every text a person can see on ``root``: labels, table cells and their tooltips, text boxes."""
    texts = [label.text() for label in root.findChildren(QLabel)]
    texts += [box.toPlainText() for box in root.findChildren(QPlainTextEdit)]
    for table in root.findChildren(QTableWidget):
        for row in range(table.rowCount()):
            for col in range(table.columnCount()):
                item = table.item(row, col)
                if item is not None:
                    texts += [item.text(), item.toolTip()]
    return texts


def stored(world: World, letter_id: int) -> Any:
    with world.engine.connect() as conn:
        return conn.execute(select(WebhookDeadLetter.__table__).where(WebhookDeadLetter.id == letter_id)).one()


# -- what a person may see of a request ------------------------------------------------------------------------


def test_a_request_is_shown_with_numbers_masked_and_text_withheld() -> None:
    request = spooled(
        "sms_incoming", MessageSid=MESSAGE_SID, From=CALLER, To="1234", Body=BODY, Digits="6222021234567890"
    )
    request["outbox"] = "42"
    shown = shown_request(request)
    assert shown == [
        ShownField("Body", "", withheld=len(BODY)),
        ShownField("Digits", "************7890"),
        ShownField("From", "138****5678"),
        ShownField("MessageSid", MESSAGE_SID),
        ShownField("To", "****"),
        ShownField("at", request["at"], part="record"),
        ShownField("outbox", "42", part="record"),
    ]
    line = shown_request({"kind": "unreadable", "raw": "From=" + CALLER})
    assert line == [ShownField("raw", "", withheld=len("From=" + CALLER), part="record")]


def test_only_roles_that_settle_see_the_dead_letters(sqlite_world: World) -> None:
    world = sqlite_world
    letter = incoming(world)
    with pytest.raises(PermissionDenied):
        desk(world).listing(world.agent_p)
    with pytest.raises(PermissionDenied):
        desk(world).settle(world.agent_p, letter, "looked at it")
    assert stored(world, letter).resolved_at is None
    assert [d.id for d in desk(world).listing(world.approver_p).letters] == [letter]


# -- the page --------------------------------------------------------------------------------------------------


def test_the_list_is_newest_first_with_translated_kinds(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    page = page_for(qtbot, tasks, world, world.approver)
    assert page.pane.state == "empty" and page.pane.empty.title.text() == "没有待处理的网关异常"
    assert page.tab_title() == "网关异常" and not page.settle_button.isEnabled()
    first, second, third = incoming(world), sms_reply(world), unreadable(world)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)
    assert [letter.id for letter in page.letters] == [third, second, first]
    assert column(page, 1) == ["无法读取", "短信回复", "来电"]
    assert column(page, 2) == ["重放", "重放", "实时"]
    assert page.table.horizontalHeaderItem(0).text() == "失败时间"
    assert page.tab_title() == "网关异常 (3)" and page.status.text() == "有 3 条网关异常待处理。"
    assert page.current() is not None and page.settle_button.isEnabled(), "the newest is selected"
    for width in (640, 1366):  # first laid out small (a tab not yet shown), then at full size
        page.resize(width, 700)
        qtbot.waitUntil(lambda: 0.5 < page.splitter.sizes()[0] / max(1, sum(page.splitter.sizes())) < 0.6)

    translations.switch("en")
    qtbot.waitUntil(lambda: page.title.text() == "Webhook issues")
    assert column(page, 1) == ["Unreadable", "SMS reply", "Incoming call"]
    assert column(page, 2) == ["Replay", "Replay", "Live"]
    assert page.tab_title() == "Webhook issues (3)" and page.status.text() == "3 webhook issues are waiting."
    metrics = page.table.fontMetrics()
    assert page.table.columnWidth(1) > metrics.horizontalAdvance("Incoming call"), "columns fit the new words"
    assert page.table.columnWidth(2) > metrics.horizontalAdvance("Replay")
    translations.switch("zh_CN")
    qtbot.waitUntil(lambda: page.title.text() == "网关异常")


def test_details_mask_phone_numbers_and_withhold_the_message(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    reply, call = sms_reply(world), incoming(world)
    page = page_for(qtbot, tasks, world, world.approver)
    for letter_id in (reply, call):
        assert page.select(letter_id)
        texts = every_text(page)
        joined = "\n".join(texts)
        assert CALLER not in joined and CALLER.removeprefix("+86") not in joined
        assert BANK not in joined and BODY not in joined and "110101199003071234" not in joined
        assert "138****5678" in texts and "021-****0000" in texts
    assert page.error_text.toPlainText() == "ValueError: caller 138****5678 refused"
    assert page.select(reply)
    values = {page.params.item(row, 0).text(): page.params.item(row, 1).text() for row in range(page.params.rowCount())}
    assert values["Body"] == f"（不显示，共 {len(BODY)} 个字符）"
    assert values["MessageSid"] == MESSAGE_SID
    assert page.detail_title.text() == f"#{reply} · 短信回复 · 重放"


def test_settling_with_a_note_removes_the_row_and_keeps_the_note(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    older, newer = incoming(world), unreadable(world)
    page = page_for(qtbot, tasks, world, world.approver)
    assert page.select(older)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on the list asks for the note
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible() and not page.settle_button.isEnabled()
    dialog.note.setText("已与客户核实，手工补录来电记录")  # (QTest types ASCII only)
    with qtbot.waitSignal(page.settled, timeout=10_000) as blocker:
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Enter confirms
    idle(qtbot, tasks)
    assert blocker.args == [older]
    row = stored(world, older)
    assert row.resolution == "已与客户核实，手工补录来电记录" and row.resolved_by == world.approver
    assert row.resolved_at is not None and stored(world, newer).resolved_at is None
    assert [letter.id for letter in page.letters] == [newer] and page.table.rowCount() == 1
    assert page.tab_title() == "网关异常 (1)"
    assert page.status.text() == f"异常 #{older} 已处理。 有 1 条网关异常待处理。"
    assert page.dialog is None and page.current() is not None  # the next one is ready for Enter


def test_an_empty_note_is_refused_and_nothing_changes(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    letter = incoming(world)
    page = page_for(qtbot, tasks, world, world.approver)
    page.settle_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.note.setText("   ")
    dialog.ok_button.click()
    idle(qtbot, tasks)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "请先写明做了什么处理，再标记为已处理。"
    assert stored(world, letter).resolved_at is None and page.table.rowCount() == 1
    translations.switch("en")
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Mark as settled")
    assert dialog.cancel_button.text() == "Cancel" and dialog.prompt.text().startswith(f"#{letter} · Incoming call")
    assert dialog.error.text() == "Say what was done before marking it as settled."
    translations.switch("zh_CN")
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "标记已处理")
    dialog.cancel_button.click()
    idle(qtbot, tasks)
    assert page.dialog is None and stored(world, letter).resolved_at is None
    with pytest.raises(ValueError):  # the service refuses one too
        desk(world).settle(world.approver_p, letter, " \n ")


def test_a_second_supervisor_is_told_who_settled_it_first(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    letter = incoming(world)
    first = page_for(qtbot, tasks, world, world.approver)
    second = page_for(qtbot, tasks, world, world.author)
    assert first.select(letter) and second.select(letter)
    first.settle_button.click()
    first.dialog.note.setText("号码格式错误，已通知运营商")
    with qtbot.waitSignal(first.settled, timeout=10_000):
        first.dialog.ok_button.click()
    second.settle_button.click()
    second.dialog.note.setText("我也处理了")
    second.dialog.ok_button.click()
    idle(qtbot, tasks)
    assert second.error.isVisible()
    assert second.error.text() == "approver姓名 已先处理了这条异常；列表已刷新，只显示仍待处理的异常。"
    assert second.table.rowCount() == 0 and second.pane.state == "empty"
    row = stored(world, letter)
    assert row.resolution == "号码格式错误，已通知运营商" and row.resolved_by == world.approver


def test_a_dead_letter_arriving_shows_on_the_tab_and_the_status_bar(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.sync import ChangeBridge
    from desktop.wiring import WindowServices
    from services.customer360 import Customer360Service
    from services.search import CustomerSearch
    from services.sync.position import start_position

    world = sqlite_world
    incoming(world)
    services = WindowServices(
        search=CustomerSearch(world.engine),
        customer360=Customer360Service(world.engine),
        messaging=world.service,
    )
    window = MainWindow(tasks, services, user=world.approver_p, switch_language=translations.switch)
    qtbot.addWidget(window)
    window.show()
    page = window.webhook_issues
    assert page is not None
    index = window.tabs.indexOf(page)
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "网关异常 (1)", timeout=10_000)
    assert window.tabs.tabText(window.tabs.indexOf(window.outbox_issues)) == "发送异常"
    assert window.statusBar().currentMessage() == "", "what was there at sign-in is no news"
    bridge = ChangeBridge(tasks)
    try:
        with qtbot.waitSignal(bridge.link_changed, timeout=10_000):
            bridge.start(engine=world.engine, position=start_position(world.engine), poll_interval=0.02)
        with qtbot.waitSignal(page.arrived, timeout=10_000) as blocker:
            fresh = sms_reply(world)  # the gateway sets one aside while the window is open
        assert blocker.args == [1]
        assert window.tabs.tabText(index) == "网关异常 (2)"
        status = window.statusBar()
        assert status.currentMessage() == "新的网关异常：网关有 1 条回调无法处理，请查看“网关异常”页。"
        assert not window.database_label.isVisible(), "the notice has the status bar's room"
        assert page.letters[0].id == fresh
        window.language_actions["en"].trigger()
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Webhook issues (2)")
        assert status.currentMessage() == "New webhook issue: the gateway set a webhook aside. See “Webhook issues”."
        with qtbot.waitSignal(page.arrived, timeout=10_000):
            unreadable(world)
        assert window.tabs.tabText(index) == "Webhook issues (3)"
        assert status.currentMessage().startswith("2 new webhook issues"), "counted with the one still announced"
        window.language_actions["zh_CN"].trigger()
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "网关异常 (3)")
        assert status.currentMessage() == "新的网关异常：网关有 2 条回调无法处理，请查看“网关异常”页。"
        for letter in list(page.letters):  # another supervisor settles them all
            desk(world).settle(world.author_p, letter.id, "已处理")
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "网关异常", timeout=10_000)
        assert status.currentMessage() == "" and window.database_label.isVisible()
        assert page.pane.state == "empty"
    finally:
        bridge.stop()
