"""The supervisor's survey settings dialog (real widgets, offscreen): reached from the templates page,
shows a queue's rules, saves what is typed, says why a save was refused, and is not offered to agents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QVBoxLayout, QWidget

from db.engine import make_engine
from db.migrate import upgrade
from desktop.tasks import TaskManager
from desktop.ui.csat.settings_dialog import CsatSettingsDialog, add_survey_button
from services.audit import AuditTrail
from services.csat.settings import CsatSettingsService

from .world import CsatWorld, build_csat_world

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def desk(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[CsatWorld, TaskManager]]:
    engine = make_engine(f"sqlite:///{(tmp_path / 'csat.db').as_posix()}")
    upgrade(engine)
    cw = build_csat_world(engine)
    tasks = TaskManager(engine)
    yield cw, tasks
    assert tasks.shutdown()
    engine.dispose()


def opened(qtbot: Any, cw: CsatWorld, tasks: TaskManager) -> CsatSettingsDialog:
    dialog = CsatSettingsDialog(CsatSettingsService(cw.engine, AuditTrail()), cw.bank.author_p, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.queue.count() == 1 and dialog.sample.isEnabled())
    return dialog


def test_the_dialog_shows_and_saves_a_queues_survey_rules(qtbot: Any, desk: tuple[CsatWorld, TaskManager]) -> None:
    cw, tasks = desk
    dialog = opened(qtbot, cw, tasks)
    assert dialog.enabled.isChecked() and dialog.sample.value() == 100
    assert dialog.template.currentData() == "call_survey_sms"
    assert dialog.quiet_start.time().toString("HH:mm") == "21:00"
    dialog.sample.setValue(25)
    dialog.low.setValue(3)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    again = opened(qtbot, cw, tasks)
    assert (again.sample.value(), again.low.value()) == (25, 3)


def test_a_refused_save_says_why_and_keeps_the_dialog_open(qtbot: Any, desk: tuple[CsatWorld, TaskManager]) -> None:
    cw, tasks = desk
    dialog = opened(qtbot, cw, tasks)
    dialog.quiet_start.setTime(dialog.quiet_end.time())  # allowed: no quiet hours
    dialog.template.addItem("marketing_offer_sms", "marketing_offer_sms")
    dialog.template.setCurrentIndex(dialog.template.count() - 1)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "marketing_offer_sms" in dialog.message.text())
    assert dialog.isVisible() and dialog.sample.isEnabled()


def test_the_templates_page_offers_the_button_to_supervisors_only(
    qtbot: Any, desk: tuple[CsatWorld, TaskManager]
) -> None:
    cw, tasks = desk
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    assert add_survey_button(layout, tasks, cw.bank.service, cw.bank.agent_p) is None
    button = add_survey_button(layout, tasks, cw.bank.service, cw.bank.author_p)
    assert button is not None and button.text()
    dialog = button.open_dialog()
    qtbot.waitUntil(lambda: dialog.queue.count() == 1)
    dialog.reject()
