"""The queue-rules dialog: shows a queue's rules and the formula they make, saves them, and after a conflict keeps
what the supervisor typed and says what the other supervisor saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade
from desktop.tasks import TaskManager
from desktop.ui.wallboard.queue_rules_dialog import QueueRulesDialog
from services.permissions import Principal
from services.wallboard.queue_settings import QueueSettingsService
from services.wallboard.types import QueueRules
from tests.wallboard.world import Floor, build_floor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SUPERVISOR = Principal(user_id=4, username="dai", role="supervisor", team_id=2, workstation="ws-dai")


@pytest.fixture
def world(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[Engine, Floor, TaskManager]]:
    engine = make_engine(f"sqlite:///{(tmp_path / 'rules.db').as_posix()}")
    upgrade(engine)
    floor = build_floor(engine)
    tasks = TaskManager(engine)
    yield engine, floor, tasks
    assert tasks.shutdown()
    engine.dispose()


def opened(qtbot: Any, engine: Engine, tasks: TaskManager, queue_id: int) -> QueueRulesDialog:
    dialog = QueueRulesDialog(QueueSettingsService(engine, SUPERVISOR), tasks, queue_id=queue_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.queue.count() == 4 and dialog.sl.isEnabled())
    return dialog


def save_button(dialog: QueueRulesDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_the_dialog_shows_the_queue_and_saves_what_is_typed(
    qtbot: Any, world: tuple[Engine, Floor, TaskManager]
) -> None:
    engine, floor, tasks = world
    queue = floor.queues["vip"]
    dialog = opened(qtbot, engine, tasks, queue)
    assert dialog.queue.currentData() == queue
    assert dialog.rules() == QueueRules()
    assert "20" in dialog.formula.text() and "5" in dialog.formula.text()
    dialog.sl.setValue(30)
    assert "30" in dialog.formula.text()  # the formula follows the fields
    dialog.target.setValue(90)
    dialog.rule.setCurrentIndex(dialog.rule.findData("count_all"))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        save_button(dialog).click()
    row = next(r for r in QueueSettingsService(engine, SUPERVISOR).queues() if r.queue_id == queue)
    assert (row.rules.sl_threshold_s, row.rules.sl_target_pct, row.rules.abandon_rule) == (30, 90, "count_all")


def test_a_conflict_keeps_the_typed_values_and_names_the_other_save(
    qtbot: Any, world: tuple[Engine, Floor, TaskManager]
) -> None:
    engine, floor, tasks = world
    queue = floor.queues["general"]
    dialog = opened(qtbot, engine, tasks, queue)
    other = QueueSettingsService(engine, dataclasses.replace(SUPERVISOR, user_id=1, username="ann"))
    row = next(r for r in other.queues() if r.queue_id == queue)
    other.save(queue, row.version, dataclasses.replace(row.rules, sl_threshold_s=45))
    dialog.target.setValue(70)
    save_button(dialog).click()
    qtbot.waitUntil(lambda: "45" in dialog.message.text() and save_button(dialog).isEnabled())
    assert dialog.isVisible()
    assert dialog.target.value() == 70 and dialog.sl.value() == 20  # still what this supervisor typed
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        save_button(dialog).click()  # saving again replaces the other save, knowingly
    row = next(r for r in other.queues() if r.queue_id == queue)
    assert (row.rules.sl_threshold_s, row.rules.sl_target_pct) == (20, 70)


def test_a_refused_save_says_why_and_keeps_the_dialog_open(
    qtbot: Any, world: tuple[Engine, Floor, TaskManager]
) -> None:
    engine, floor, tasks = world
    dialog = opened(qtbot, engine, tasks, floor.queues["general"])
    dialog.warn_waiting.setValue(9)
    dialog.crit_waiting.setValue(3)
    save_button(dialog).click()
    qtbot.waitUntil(
        lambda: (
            save_button(dialog).isEnabled() and ("严重" in dialog.message.text() or "critical" in dialog.message.text())
        )
    )
    assert dialog.isVisible() and dialog.crit_waiting.value() == 3


def test_the_board_offers_queue_rules_to_supervisors_only(qtbot: Any, world: tuple[Engine, Floor, TaskManager]) -> None:
    from desktop.ui.wallboard.page import WallboardPage
    from desktop.ui.wallboard.queue_rules_seat import attach_queue_rules
    from tests.ui.wallboard import snapshots as sn

    engine, floor, tasks = world
    page = WallboardPage(sn.source(), SUPERVISOR, sound=lambda _level: None, clock=sn.Clock())
    qtbot.addWidget(page)
    agent = dataclasses.replace(SUPERVISOR, role="agent")
    assert attach_queue_rules(page, tasks, engine, agent) is None
    button = attach_queue_rules(page, tasks, engine, SUPERVISOR)
    assert button is not None and button.parent() is page and button.text()
    page.filter = dataclasses.replace(page.filter, queue_id=floor.queues["credit_card"])
    dialog = button.open_dialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.queue.count() == 4 and dialog.sl.isEnabled())
    assert dialog.queue.currentData() == floor.queues["credit_card"]
    dialog.reject()
