"""The service memo on the real memo service: add a note, add a to-do with its due date, mark it done (gone
from the list, greyed with "Show done"), a to-do someone else finished first (stale: said, list read again), a
note added at another desktop arriving through the change feed, and the empty states."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.tasks import TaskManager
from desktop.ui.lobby.memo_panel import MemoPanel
from tests.flows.runner_rig import World
from tests.ui.lobby.uia_rig import branch_customer, lobby_world, make_desk, settle, world_tasks

__all__ = ["lobby_world", "world_tasks"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LONG_NOTE = (
    "客户上次来办理大额取现时反映排队时间过长，请优先安排理财室并提前告知其客户经理，"
    "客户对手机银行操作不熟悉，需要耐心指导。"
)


def make(qtbot: Any, tasks: TaskManager, world: World, customer_id: int | None) -> tuple[MemoPanel, Any]:
    desk = make_desk(world)
    panel = MemoPanel(tasks, desk, world.principal("lobby01"))
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    panel.show()
    panel.set_customer(customer_id)
    settle(qtbot, tasks)
    return panel, desk


def test_add_a_note_and_a_todo_then_mark_it_done(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    cid = branch_customer(lobby_world, offset=1)
    panel, _desk = make(qtbot, world_tasks, lobby_world, cid)
    assert panel.rows == [] and panel.empty.isVisible()
    qtbot.keyClicks(panel.note_box, "x")
    panel.note_box.setText(LONG_NOTE)
    qtbot.keyClick(panel.note_box, Qt.Key.Key_Return)
    settle(qtbot, world_tasks)
    assert [i.kind for i in panel.items] == ["memo"] and panel.note_box.text() == ""
    assert LONG_NOTE.startswith(panel.items[0].title[:20])
    panel.todo_box.setText("回访定期存款到期续存事宜")
    panel.due.setDate(QDate.currentDate().addDays(3))
    panel.todo_button.click()
    settle(qtbot, world_tasks)
    todos = [i for i in panel.items if i.kind == "todo"]
    assert len(todos) == 1 and todos[0].title == "回访定期存款到期续存事宜" and todos[0].due_at is not None
    due = todos[0].due_at.replace(tzinfo=todos[0].due_at.tzinfo or dt.UTC)
    assert due.astimezone(dt.timezone(dt.timedelta(hours=8))).date() == QDate.currentDate().addDays(3).toPython()
    assert panel.rows[0].item.kind == "todo"  # open to-dos first
    done_button = panel.rows[0].done_button
    assert done_button is not None and done_button.height() >= 44
    done_button.click()
    settle(qtbot, world_tasks)
    assert [i.kind for i in panel.items] == ["memo"]  # done to-dos leave the list ...
    panel.show_done.setChecked(True)
    settle(qtbot, world_tasks)
    done = [r for r in panel.rows if r.item.kind == "todo"]
    assert len(done) == 1 and done[0].done_button is None  # ... and come back greyed, without "Done"
    assert "line-through" in done[0].text.text()  # greyed and struck through


def test_a_todo_finished_elsewhere_first_is_explained_and_reloaded(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    cid = branch_customer(lobby_world, offset=2)
    principal = lobby_world.principal("lobby01")
    panel, desk = make(qtbot, world_tasks, lobby_world, None)
    todo = desk.memos.add_todo(principal, "补充客户职业信息", dt.datetime.now(dt.UTC), customer_id=cid)
    panel.set_customer(cid)
    settle(qtbot, world_tasks)
    assert [r.item.id for r in panel.rows] == [todo.id]
    desk.memos.mark_done(principal, todo.id, todo.version)  # another desktop was quicker
    button = panel.rows[0].done_button
    assert button is not None
    button.click()
    settle(qtbot, world_tasks)
    assert panel.message.isVisible() and "meanwhile" in panel.message.text()
    assert panel.rows == []


def test_a_note_from_another_desktop_arrives_by_the_change_feed(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    cid = branch_customer(lobby_world, offset=3)
    panel, desk = make(qtbot, world_tasks, lobby_world, cid)
    assert panel.rows == []
    desk.memos.add_note(lobby_world.principal("cm01"), cid, "已电话联系，客户周五上午来行")
    world_tasks.notify_changed(f"memo:{cid + 1}")  # someone else's customer: nothing to do
    settle(qtbot, world_tasks)
    assert panel.rows == []
    with qtbot.waitSignal(panel.loaded):
        world_tasks.notify_changed(f"memo:{cid}")
    assert [r.item.title for r in panel.rows] == ["已电话联系，客户周五上午来行"]


def test_without_a_customer_nothing_can_be_added(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    panel, _desk = make(qtbot, world_tasks, lobby_world, None)
    assert not panel.note_box.isEnabled() and not panel.todo_button.isEnabled()
    assert panel.empty.isVisible() and "Find a customer" in panel.empty.text()
    cid = branch_customer(lobby_world, offset=4)
    panel.set_customer(cid)
    settle(qtbot, world_tasks)
    panel.note_button.click()  # nothing typed
    assert panel.message.text() == "Type the note first." and panel.rows == []
