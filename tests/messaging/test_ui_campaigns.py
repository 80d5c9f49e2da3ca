"""The campaign page: segment, preview, start, pause, resume, cancel, progress and report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.tasks import TaskManager
from desktop.ui.messaging.campaigns import CampaignPanel

from .test_ui_compose import settle
from .world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def check(panel_list, codes: set[str]) -> None:  # type: ignore[no-untyped-def]
    for i in range(panel_list.count()):
        item = panel_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in codes:
            item.setCheckState(Qt.CheckState.Checked)


def test_campaign_preview_start_pause_resume_cancel(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    panel = CampaignPanel(tasks, world.service, world.author_p)
    qtbot.addWidget(panel)
    panel.show()
    settle(qtbot, tasks)
    assert panel.select_template("marketing_offer_sms")
    assert list(panel.fields.edits) == ["offer_title", "offer_rate", "offer_end"]
    panel.fields.edits["offer_title"].setText("春季理财")
    panel.fields.edits["offer_rate"].setText("2.5%")
    panel.fields.edits["offer_end"].setText("2026-04-30")
    check(panel.tiers, {"gold", "platinum"})
    panel.name.setText("春季理财活动")
    assert panel.segment() == {"tiers": ["gold", "platinum"]}
    panel.preview_button.click()
    settle(qtbot, tasks)
    assert "6" in panel.summary.text() and "4" in panel.summary.text()  # matched, will receive
    assert "春季理财" in panel.sample.toPlainText()
    panel.start_button.click()  # asks first, naming how many get the message
    box = panel.confirm_box
    assert box is not None and box.isVisible() and "4" in box.text()
    with qtbot.waitSignal(panel.started, timeout=15_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, tasks)
    assert panel.report is not None and panel.report.status == "running" and panel.report.total == 6
    assert panel.pause_button.isEnabled() and not panel.start_button.isEnabled()
    panel.pause_button.click()
    settle(qtbot, tasks)
    assert panel.report.status == "paused" and panel.resume_button.isEnabled()
    panel.resume_button.click()
    settle(qtbot, tasks)
    assert panel.report.status == "running"
    panel.cancel_button.click()
    settle(qtbot, tasks)
    assert panel.report.status == "cancelled" and panel.report.by_status == {"cancelled": 4, "skipped": 2}
    assert panel.progress.value() == panel.progress.maximum() == 6
    assert not panel.cancel_button.isEnabled()


def test_a_refused_start_is_shown(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    panel = CampaignPanel(tasks, sqlite_world.service, sqlite_world.agent_p)  # agents do not run campaigns
    qtbot.addWidget(panel)
    settle(qtbot, tasks)
    panel.name.setText("x")
    panel.start_button.click()
    settle(qtbot, tasks)
    assert panel.error.isVisibleTo(panel) and panel.error.text()
    assert panel.campaign_id is None and panel.start_button.isEnabled()
