"""The wallboard's interventions on a real board over a real (SQLite) floor: the agent table's context menu by
mouse and keyboard, the dialogs (Enter confirms, Esc cancels), the waiting calls of the chosen queue with
"Move to queue…" and "Raise priority", the result notice and the refusals; and the message banner on the
addressee's window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import AgentStatus, Call
from desktop.tasks import TaskManager
from desktop.ui.wallboard.desk_notice import attach_desk_notices
from desktop.ui.wallboard.intervene import BoardActions, attach_board_actions
from desktop.ui.wallboard.intervene_dialogs import ForceStateDialog, MessageDialog
from desktop.ui.wallboard.page import WallboardPage
from services.audit import AuditTrail
from services.permissions import Principal
from services.wallboard import snapshot as snap
from services.wallboard.interventions import Interventions
from tests.ui.wallboard import snapshots as sn
from tests.wallboard.world import Floor, add_call, build_floor, set_agent

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",  # a context menu's popup
)
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def world(qapp: Any, sqlite_url: str) -> Iterator[tuple[Engine, Floor, TaskManager]]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    floor = build_floor(engine)
    tasks = TaskManager(engine, inline=True)
    yield engine, floor, tasks
    assert tasks.shutdown()
    engine.dispose()


def _principal(floor: Floor, name: str, role: str) -> Principal:
    return Principal(user_id=floor.agents[name], username=name, role=role, workstation="WB")


def _board(qtbot: Any, engine: Engine, floor: Floor, tasks: TaskManager) -> tuple[WallboardPage, BoardActions]:
    source = sn.source()
    page = WallboardPage(source, _principal(floor, "dai", "supervisor"), sound=lambda _l: None)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    actions = attach_board_actions(page, tasks, engine, _principal(floor, "dai", "supervisor"))
    assert actions is not None
    _push(engine, source)
    return page, actions


def _push(engine: Engine, source: Any, seq: int = 1) -> None:
    with engine.connect() as conn:
        source.accept(snap.compute(conn, now=dt.datetime.now(dt.UTC), seq=seq, zone=ZoneInfo("Asia/Shanghai")))


def _select_agent(page: WallboardPage, user_id: int) -> None:
    row = next(i for i, a in enumerate(page.view.model.agents) if a.user_id == user_id)
    page.view.table.setFocus()
    page.view.table.setCurrentIndex(page.view.model.index(row, 0))


def _menu_texts(menu: QMenu | None) -> dict[str, bool]:
    assert menu is not None
    return {a.text(): a.isEnabled() for a in menu.actions()}


def test_agents_menu_by_keyboard_and_force_state(qtbot: Any, world: Any) -> None:
    engine, floor, tasks = world
    bob = floor.agents["bob"]
    with engine.begin() as conn:
        set_agent(conn, bob, "wrap_up", NOW - dt.timedelta(minutes=12))
    page, actions = _board(qtbot, engine, floor, tasks)
    _select_agent(page, bob)
    qtbot.keyClick(page.view.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert _menu_texts(actions.menu) == {"Force state…": True, "Send message…": True}
    actions.menu.close()  # type: ignore[union-attr]

    def choose(dialog: QDialog) -> int:
        assert isinstance(dialog, ForceStateDialog)
        assert [dialog.state_box.itemData(i) for i in range(dialog.state_box.count())] == ["available"]
        dialog.show()
        qtbot.keyClicks(dialog.reason, "stuck")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter confirms
        return dialog.result()

    actions.run_dialog = choose
    agent = next(a for a in page.view.model.agents if a.user_id == bob)
    actions.force_state(agent)
    qtbot.waitUntil(lambda: actions.last_notice != "")
    assert actions.last_notice == "bob is now Available."
    with engine.connect() as conn:
        assert conn.execute(select(AgentStatus.state).where(AgentStatus.user_id == bob)).scalar() == "available"


def test_a_refusal_is_said_and_nothing_changes(qtbot: Any, world: Any) -> None:
    engine, floor, tasks = world
    ann = floor.agents["ann"]
    page, actions = _board(qtbot, engine, floor, tasks)
    agent = next(a for a in page.view.model.agents if a.user_id == ann)
    with engine.begin() as conn:  # she took a call after the board's snapshot
        call = add_call(conn, floor.queues["general"], "connected", NOW, wait=0, answered_after=1, agent_id=ann)
        set_agent(conn, ann, "on_call", NOW, call_id=call)

    def choose(dialog: QDialog) -> int:
        dialog.show()
        return QDialog.DialogCode.Accepted.value

    actions.run_dialog = choose
    actions.force_state(agent)
    qtbot.waitUntil(lambda: actions.last_notice != "")
    assert "on a call" in actions.last_notice and actions.notice.isVisible()


def test_escape_cancels_a_dialog(qtbot: Any) -> None:
    dialog = MessageDialog("ann")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.text, "hello")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected.value and not dialog.isVisible()


def test_waiting_calls_move_and_raise(qtbot: Any, world: Any) -> None:
    engine, floor, tasks = world
    general = floor.queues["general"]
    with engine.begin() as conn:
        first = add_call(conn, general, "queued", NOW - dt.timedelta(seconds=40), wait=0)
        second = add_call(conn, general, "queued", NOW - dt.timedelta(seconds=20), wait=0)
    page, actions = _board(qtbot, engine, floor, tasks)
    assert not actions.waiting_box.isVisible()
    page.set_filter(queue_id=general)
    qtbot.waitUntil(lambda: len(actions.waiting_model.calls) == 2)
    assert actions.waiting_box.isVisible() and [c.call_id for c in actions.waiting_model.calls] == [first, second]

    actions.waiting.setFocus()
    actions.waiting.setCurrentIndex(actions.waiting_model.index(1, 0))
    qtbot.keyClick(actions.waiting, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert _menu_texts(actions.menu) == {"Move to queue…": True, "Raise priority": True}
    actions.menu.close()  # type: ignore[union-attr]
    actions.raise_priority(actions.waiting_model.calls[1])
    qtbot.waitUntil(lambda: [c.call_id for c in actions.waiting_model.calls] == [second, first])
    assert actions.last_notice == f"Call {second} now has priority 10."

    def to_vip(dialog: Any) -> int:
        dialog.show()
        dialog.queue_box.setCurrentIndex(dialog.queue_box.findData(floor.queues["vip"]))
        qtbot.keyClick(dialog.queue_box, Qt.Key.Key_Return)
        return int(dialog.result())

    actions.run_dialog = to_vip
    actions.move_call(actions.waiting_model.calls[0])
    qtbot.waitUntil(lambda: [c.call_id for c in actions.waiting_model.calls] == [first])
    with engine.connect() as conn:
        assert conn.execute(select(Call.queue_id).where(Call.id == second)).scalar() == floor.queues["vip"]
    assert actions.last_notice.startswith(f"Call {second} moved to ")


def test_no_actions_without_the_rights(qtbot: Any, world: Any) -> None:
    engine, floor, tasks = world
    page = WallboardPage(sn.source(), _principal(floor, "ann", "agent"), sound=lambda _l: None)
    qtbot.addWidget(page)
    assert attach_board_actions(page, tasks, engine, _principal(floor, "ann", "agent")) is None
    assert page.view.table.contextMenuPolicy() != Qt.ContextMenuPolicy.CustomContextMenu


def test_the_message_shows_on_the_agents_window_until_dismissed(qtbot: Any, world: Any) -> None:
    engine, floor, tasks = world
    window = QMainWindow()
    window.tasks = tasks  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    notices = attach_desk_notices(window, engine, _principal(floor, "ann", "agent"))
    assert not notices.banner.isVisible()
    supervisor = Interventions(engine, _principal(floor, "dai", "supervisor"), AuditTrail(workstation="WB"))
    supervisor.notify_agent(floor.agents["ann"], "请优先接听 VIP 队列")
    supervisor.notify_agent(floor.agents["ann"], "second")
    tasks.changed.emit(frozenset({f"agent_notice:{floor.agents['ann']}"}))  # as live sync announces the feed row
    qtbot.waitUntil(notices.banner.isVisible)
    assert notices.text.text() == "请优先接听 VIP 队列" and "dai" in notices.title.text()
    assert notices.banner.geometry().right() <= window.width()
    qtbot.mouseClick(notices.dismiss, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notices.text.text() == "second")
    qtbot.mouseClick(notices.dismiss, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not notices.banner.isVisible())
    from services.wallboard import notices as stored

    assert stored.unread(engine, floor.agents["ann"]) == []
