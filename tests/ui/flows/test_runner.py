"""The flow runner panel driven by keys on a real seeded database: digits, back and re-evaluation, read-aloud and
action confirmations, the outcome prefilled in the wrap-up, and an answer kept through an outage and replayed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.engine import make_engine
from db.models import Call, FlowRun, FlowRunStep, Reminder
from db.write import utcnow, write_txn
from desktop.tasks import TaskManager
from desktop.ui.calls import WrapupPanel
from desktop.ui.flows.runner import FlowRunnerPanel
from services.flows.runner import FLOW_STEP, replay_handler
from services.sync.journal import Journal
from services.sync.replay import replay
from services.wrapup import WrapupService
from tests.flows.runner_rig import World, build

# Showing top-level widgets on the offscreen platform (as the call tests do).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DOC: dict[str, Any] = {
    "schema": "contactdesk.flow/1",
    "code": "ui_card",
    "name": {"zh_CN": "界面测试流程", "en": "UI test flow"},
    "start": "greet",
    "steps": [
        {"id": "greet", "kind": "say", "text": "您好，{{ customer.name }}。", "next": "which"},
        {
            "id": "which",
            "kind": "ask",
            "title": {"zh_CN": "卡种", "en": "Card kind"},
            "var": "card_kind",
            "answer": {
                "type": "choice",
                "options": [
                    {"value": "debit", "label": {"zh_CN": "借记卡", "en": "Debit card"}},
                    {"value": "credit", "label": {"zh_CN": "信用卡", "en": "Credit card"}},
                ],
            },
            "next": "route",
        },
        {
            "id": "route",
            "kind": "branch",
            "cases": [{"when": {"var": "answers.card_kind", "op": "eq", "value": "credit"}, "next": "credit_note"}],
            "default": "debit_note",
        },
        {"id": "credit_note", "kind": "say", "title": "信用卡说明", "text": "信用卡将冻结。", "next": "notice"},
        {"id": "debit_note", "kind": "say", "title": "借记卡说明", "text": "借记卡将挂失。", "next": "notice"},
        {"id": "notice", "kind": "read_aloud", "title": "告知", "text": "挂失后卡片不能再使用。", "next": "remind"},
        {
            "id": "remind",
            "kind": "action",
            "title": "回访提醒",
            "action": {"type": "create_reminder", "kind": "follow_up", "title": "挂失回访", "due_in_days": 2},
            "next": "done",
        },
        {"id": "done", "kind": "end", "outcome": "service.card_loss"},
    ],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("flow_ui") / "flows.db"
    built = build(f"sqlite:///{path.as_posix()}", "sqlite")
    built.publish(DOC)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def tasks(qapp: QApplication, world: World) -> Iterator[TaskManager]:
    manager = TaskManager(world.engine)
    yield manager
    assert manager.shutdown()


def _panel(qtbot: Any, tasks: TaskManager, world: World, runner: Any = None) -> FlowRunnerPanel:
    panel = FlowRunnerPanel(tasks, runner or world.runner(), world.principal("agent01"))
    qtbot.addWidget(panel)
    panel.resize(420, 640)
    return panel


def _at(qtbot: Any, panel: FlowRunnerPanel, step: str) -> None:
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.step_id == step and not panel.busy, timeout=10_000)


def _call(world: World, customer: int, agent: int) -> int:
    at = utcnow()
    with write_txn(world.engine) as conn:
        return int(
            conn.execute(
                Call.__table__.insert()
                .values(
                    call_sid="CA" + "5" * 32,
                    direction="inbound",
                    customer_id=customer,
                    match_result="one",
                    state="wrapup",
                    received_at=at,
                    answered_at=at,
                    ended_at=at,
                    agent_id=agent,
                    version=1,
                )
                .returning(Call.id)
            ).scalar_one()
        )


def test_keys_back_read_aloud_action_and_outcome_in_wrap_up(qtbot: Any, tasks: TaskManager, world: World) -> None:
    customer = world.customer()
    me = world.principal("agent01")
    call_id = _call(world, customer, me.user_id)
    wrapup = WrapupPanel(tasks, WrapupService(world.engine), me.user_id)
    qtbot.addWidget(wrapup)
    wrapup.open(call_id)
    panel = _panel(qtbot, tasks, world)
    panel.show()
    panel.ended.connect(lambda view: wrapup.prefill_disposition(view.call_id, view.disposition))
    panel.start("ui_card", customer, call_id)
    _at(qtbot, panel, "greet")
    assert "您好" in panel.step_text.text()
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Return)  # Enter on a say step
    _at(qtbot, panel, "which")
    assert [b.text() for b in panel.input.buttons] == ["1  借记卡", "2  信用卡"]  # type: ignore[union-attr]
    qtbot.keyClick(panel.input.buttons[0], Qt.Key.Key_2)  # type: ignore[union-attr]  # the digit picks and moves on
    _at(qtbot, panel, "credit_note")
    assert [item.step_id for item in panel.view.path] == ["greet", "which", "route"]
    assert panel.path_list.item(1).text() == "卡种 — 信用卡"

    # Back to the question by the path list; a different answer takes the other branch.
    panel.path_list.setCurrentRow(1)
    qtbot.keyClick(panel.path_list, Qt.Key.Key_Return)
    _at(qtbot, panel, "which")
    assert panel.input.buttons[1].isChecked(), "the earlier answer is offered again"  # type: ignore[union-attr]
    qtbot.keyClick(panel.input.buttons[1], Qt.Key.Key_1)  # type: ignore[union-attr]
    _at(qtbot, panel, "debit_note")
    assert "借记卡将挂失" in panel.step_text.text()

    # Alt+Left goes back a step as well.
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    _at(qtbot, panel, "which")
    qtbot.keyClick(panel.input.buttons[0], Qt.Key.Key_1)  # type: ignore[union-attr]
    _at(qtbot, panel, "debit_note")
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Return)
    _at(qtbot, panel, "notice")
    assert panel.next_button.text() == "Read aloud (Enter)"
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Return)  # read aloud: confirmed with its time
    _at(qtbot, panel, "remind")
    notice = next(item for item in panel.view.path if item.step_id == "notice")
    assert notice.shown and notice.shown.count(":") == 2
    assert notice.shown in panel.path_list.item(panel.path_list.count() - 2).text()
    assert panel.detail.isVisibleTo(panel) and "创建提醒（2 天后）" in panel.detail.text()  # what it will do
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.ended, timeout=10_000)
    view = panel.view
    assert view.status == "finished" and view.outcome == "service.card_loss"
    assert view.disposition == "service.card_loss"
    assert "service.card_loss" in panel.step_text.text()
    with world.engine.connect() as conn:
        reminders = conn.execute(
            select(Reminder.title).where(Reminder.customer_id == customer, Reminder.title == "挂失回访")
        ).all()
    assert len(reminders) == 1, "the action was done once"
    qtbot.waitUntil(lambda: wrapup.selected_code() == "service.card_loss", timeout=10_000)


def test_answer_during_an_outage_is_journalled_and_replayed(
    qtbot: Any, qapp: QApplication, world: World, tmp_path: Path
) -> None:
    """The database file goes away mid-run: the answer stays in the journal, the panel says so, and the replay
    sends it once the database is back; a new runner (a restart) resumes the run where it stopped."""
    db_file = Path(str(world.engine.url.database))
    copy = tmp_path / "desk.db"
    with sqlite3.connect(db_file) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the write-ahead log included
    desk = make_engine(f"sqlite:///{copy.as_posix()}")
    tasks = TaskManager(desk)
    journal = Journal(tmp_path / "journal.db")
    try:
        runner = world.runner(desk)
        panel = _panel(qtbot, tasks, world, runner)
        panel.journal = journal
        panel.show()
        customer = world.customer(offset=1)
        panel.start("ui_card", customer)
        _at(qtbot, panel, "greet")
        qtbot.keyClick(panel.next_button, Qt.Key.Key_Return)
        _at(qtbot, panel, "which")
        run_id = panel.view.run_id

        desk.dispose()
        away = tmp_path / "away.db"
        copy.rename(away)  # the database is gone: SQLite finds an empty file where it was
        qtbot.keyClick(panel.input.buttons[0], Qt.Key.Key_2)  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: panel.pending_key is not None, timeout=10_000)
        assert "已保存在本机" in panel.message.text() or "Saved on this computer" in panel.message.text()
        kept = journal.pending(FLOW_STEP)
        assert len(kept) == 1 and kept[0].payload["value"] == "credit" and kept[0].payload["step_id"] == "which"
        assert not panel.next_button.isEnabled()

        desk.dispose()
        copy.unlink(missing_ok=True)
        away.rename(copy)  # the database is back
        report = replay(journal, {FLOW_STEP: replay_handler(runner, world.principal("agent01"))})
        assert report.complete and len(report.applied) == 1 and len(journal) == 0
        assert replay(journal, {FLOW_STEP: replay_handler(runner, world.principal("agent01"))}).applied == []
        with desk.connect() as conn:
            rows = conn.execute(
                select(FlowRunStep.step_id, FlowRunStep.client_key).where(
                    FlowRunStep.run_id == run_id, FlowRunStep.step_id == "which"
                )
            ).all()
            current = conn.execute(select(FlowRun.current_step).where(FlowRun.id == run_id)).scalar_one()
        assert [r.client_key for r in rows] == [kept[0].key] and current == "credit_note"
        panel.reload()
        _at(qtbot, panel, "credit_note")
        assert panel.message.isHidden()

        # A restart: a new panel finds the open run of the customer and shows it where it stopped.
        again = _panel(qtbot, tasks, world, world.runner(desk))
        again.resume_open_run(customer)
        _at(qtbot, again, "credit_note")
        assert again.isVisible() or again.view.run_id == run_id
    finally:
        assert tasks.shutdown()
        journal.close()
        desk.dispose()
