"""The campaign page as a supervisor uses it: the existing campaigns listed and opened, no preview of every
customer without saying so, and a start that is apart from preview and names how many get the message."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from db.models import Campaign
from desktop.tasks import TaskManager
from desktop.ui.messaging import CampaignPanel
from tests.messaging.world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
OFFER = {"offer_title": "Spring Wealth", "offer_rate": "2.5%", "offer_end": "2026-04-30"}


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(100)
    assert tasks.wait_idle(10_000)


def campaigns(world: World) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Campaign)).scalar_one())


def opened_panel(qtbot: Any, tasks: TaskManager, world: World) -> CampaignPanel:
    panel = CampaignPanel(tasks, world.service, world.author_p)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    settle(qtbot, tasks)
    assert panel.select_template("marketing_offer_sms")
    for name, text in OFFER.items():
        qtbot.keyClicks(panel.fields.edits[name], text)
    return panel


def check_tier(panel: CampaignPanel, *codes: str) -> None:
    for i in range(panel.tiers.count()):
        item = panel.tiers.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in codes:
            item.setCheckState(Qt.CheckState.Checked)


def click_row(qtbot: Any, panel: CampaignPanel, row: int) -> None:
    table = panel.campaigns.table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_existing_campaigns_are_listed_and_one_opens(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    template = world.template_id("marketing_offer_sms")
    running = world.service.create_campaign(world.author_p, "春季理财活动", template, {"tiers": ["gold", "platinum"]})
    world.service.start_campaign(world.author_p, running, 1, OFFER)
    draft = world.service.create_campaign(world.author_p, "端午关怀", template, {"lifecycle_stages": ["active"]})
    panel = opened_panel(qtbot, tasks, world)
    table = panel.campaigns.table
    assert table.rowCount() == 2
    texts = [[table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert texts[0][:3] == ["端午关怀", "营销活动 · 短信 · 中文", "草稿"]  # newest first
    assert texts[1][:4] == ["春季理财活动", "营销活动 · 短信 · 中文", "发送中", "已发 0/6 · 失败 0 · 跳过 2"]
    assert texts[1][4] == "2026年3月10日 10:00"

    click_row(qtbot, panel, 1)
    settle(qtbot, tasks)
    assert panel.campaign_id == running and panel.name.text() == "春季理财活动"
    assert panel.segment() == {"tiers": ["gold", "platinum"]}
    assert panel.heading.text() == "营销活动：春季理财活动"
    assert panel.pause_button.isEnabled() and not panel.start_button.isEnabled()
    assert not panel.name.isEnabled(), "a started campaign is shown, not edited"
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: table.item(1, 2).text() == "已暂停", timeout=10_000)

    qtbot.keyClick(table, Qt.Key.Key_Up)  # the draft above it
    settle(qtbot, tasks)
    assert panel.campaign_id == draft and panel.segment() == {"lifecycle_stages": ["active"]}
    assert panel.start_button.isEnabled() and panel.name.isEnabled()

    qtbot.mouseClick(panel.campaigns.new_button, Qt.MouseButton.LeftButton)
    assert panel.campaign_id is None and panel.name.text() == "" and panel.segment() == {}
    assert panel.heading.text() == "新建活动" and table.currentRow() == -1


def test_a_preview_without_a_filter_asks_naming_every_customer(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    panel = opened_panel(qtbot, tasks, sqlite_world)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    box = panel.confirm_box
    assert box is not None and box.isVisible()
    assert "所有 7 位客户" in box.text()
    assert panel.summary.text() == "", "nothing is previewed before the answer"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)  # choose a filter
    settle(qtbot, tasks)
    assert panel.summary.text() == "" and panel.confirm_box is None

    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert panel.confirm_box is not None
    qtbot.mouseClick(panel.confirm_box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert panel.summary.text().startswith("客群共 7 位客户")
    # With a filter the preview runs at once.
    check_tier(panel, "gold")
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert panel.confirm_box is None and panel.summary.text().startswith("客群共 5 位客户")
    from desktop.ui.messaging.campaign_confirm import count

    assert count(20000) == "20,000"  # as the question words a real centre's customers


def test_start_is_apart_from_preview_and_asks_with_the_number_of_recipients(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    panel = opened_panel(qtbot, tasks, world)

    def top(widget: Any) -> int:
        return int(widget.mapTo(panel, QPoint(0, 0)).y())

    # Start is not beside Preview: it is below the preview's results, at the other end of its row.
    assert top(panel.start_button) > top(panel.sample) + panel.sample.height() > top(panel.preview_button)
    assert panel.start_button.mapTo(panel, QPoint(0, 0)).x() > panel.cancel_button.mapTo(panel, QPoint(0, 0)).x()

    qtbot.keyClicks(panel.name, "Spring offer")
    check_tier(panel, "gold", "platinum")
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)  # no preview yet: it runs first
    settle(qtbot, tasks)
    box = panel.confirm_box
    assert box is not None and box.isVisible()
    assert "消息将发送给 4 位客户" in box.text() and "有 2 位将被跳过" in box.text()
    assert panel.summary.text().startswith("客群共 6 位客户")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)  # not now
    settle(qtbot, tasks)
    assert campaigns(world) == 0 and panel.campaign_id is None

    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_box is not None  # the preview shown still holds: asked at once
    yes = panel.confirm_box.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "发送给 4 位客户"
    with qtbot.waitSignal(panel.started, timeout=15_000) as started:
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert campaigns(world) == 1 and panel.campaign_id == started.args[0]
    qtbot.waitUntil(lambda: panel.campaigns.table.rowCount() == 1, timeout=10_000)
    assert panel.campaigns.table.item(0, 0).text() == "Spring offer" and panel.campaigns.table.currentRow() == 0
