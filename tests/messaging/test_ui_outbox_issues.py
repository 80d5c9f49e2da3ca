"""The "Outbox issues" page with real widgets and a threaded task manager: the list, mark as sent, send again
after the duplicate warning, and a second supervisor told that the row was settled first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from db.models import OutboxMessage
from desktop.tasks import TaskManager
from desktop.ui.messaging import OutboxIssuesPage

from .test_settle import failed_sms, row, unknown_sms
from .world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def idle(qtbot, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(20)


def page_for(qtbot, tasks: TaskManager, world: World, user: int) -> OutboxIssuesPage:  # type: ignore[no-untyped-def]
    page = OutboxIssuesPage(tasks, world.service, world.who(user, "supervisor"))
    qtbot.addWidget(page)
    page.show()
    idle(qtbot, tasks)
    return page


def test_the_page_lists_issues_and_marks_one_as_sent(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    unknown, failed = unknown_sms(world), failed_sms(world)
    page = page_for(qtbot, tasks, world, world.approver)
    assert page.table.rowCount() == 2
    texts = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert "138****0001" in texts and "30008" in texts and not page.mark_button.isEnabled()
    assert page.select(unknown) and page.mark_button.isEnabled() and page.resend_button.isEnabled()
    with qtbot.waitSignal(page.settled, timeout=10_000) as blocker:
        page.mark_sent("客户确认已收到")
    idle(qtbot, tasks)
    assert blocker.args == [unknown, "marked_sent"]
    assert row(world, unknown).status == "sent"
    assert [i.id for i in page.issues] == [failed] and page.table.rowCount() == 1


def test_send_again_asks_first_and_a_cancel_changes_nothing(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    unknown = unknown_sms(world)
    page = page_for(qtbot, tasks, world, world.approver)
    assert page.select(unknown)
    page.resend_button.click()
    box = page.confirm_box
    assert box is not None and box.isVisible()
    assert "twice" in box.text() or "两次" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    idle(qtbot, tasks)
    with sqlite_world.engine.connect() as conn:
        assert conn.execute(select(OutboxMessage.id).where(OutboxMessage.resend_of_id == unknown)).first() is None
    page.resend_button.click()
    with qtbot.waitSignal(page.settled, timeout=10_000):
        page.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, tasks)
    with sqlite_world.engine.connect() as conn:
        (new,) = conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.resend_of_id == unknown)).all()
    assert new.status == "pending" and new.created_by_id == world.approver
    assert page.table.rowCount() == 0 and str(new.id) in page.status.text()


def test_a_second_supervisor_is_told_someone_settled_it_first(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    unknown = unknown_sms(world)
    first = page_for(qtbot, tasks, world, world.approver)
    second = page_for(qtbot, tasks, world, world.author)
    assert first.select(unknown) and second.select(unknown)
    with qtbot.waitSignal(first.settled, timeout=10_000):
        first.mark_sent("confirmed")
    idle(qtbot, tasks)
    second.resend_button.click()
    second.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, tasks)
    assert second.error.isVisible()
    assert second.error.text() in (
        "记录已被他人修改，请刷新后重试。",
        "Someone else changed this record; reload and try again.",
    )
    assert second.table.rowCount() == 0  # reloaded: the row is settled
    with sqlite_world.engine.connect() as conn:
        assert conn.execute(select(OutboxMessage.id).where(OutboxMessage.resend_of_id == unknown)).first() is None


def test_the_list_follows_outbox_changes_from_elsewhere(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    page = page_for(qtbot, tasks, world, world.approver)
    assert page.table.rowCount() == 0
    failed = failed_sms(world)  # the gateway recorded a failure meanwhile
    tasks.notify_changed("outbox_message", f"outbox_message:{failed}")  # what live sync delivers
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5_000)
    assert [i.id for i in page.issues] == [failed]
