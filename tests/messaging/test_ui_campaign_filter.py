"""The campaign page's custom-filter editor with real widgets: rows from the service's whitelist, values typed
and checked per row, and the conditions feeding the preview count and sample."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.tasks import TaskManager
from desktop.ui.messaging.campaigns import CampaignPanel
from services.messaging import audiences as rules

from .test_ui_compose import settle
from .world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot, sqlite_world: World, tasks: TaskManager) -> CampaignPanel:  # type: ignore[no-untyped-def]
    page = CampaignPanel(tasks, sqlite_world.service, sqlite_world.author_p)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, tasks)
    assert page.select_template("marketing_offer_sms")
    page.fields.edits["offer_title"].setText("春季理财")
    page.fields.edits["offer_rate"].setText("2.5%")
    page.fields.edits["offer_end"].setText("2026-04-30")
    return page


def test_the_rows_offer_exactly_the_whitelisted_fields_and_operators(panel: CampaignPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(panel.custom.add_button, Qt.MouseButton.LeftButton)
    (row,) = panel.custom.rows
    assert [row.field.itemData(i) for i in range(row.field.count())] == list(rules.FIELDS)
    assert [row.op.itemData(i) for i in range(row.op.count())] == list(rules.OPERATORS)
    assert row.field.currentText() in ("VIP 等级", "VIP level")  # labels in the interface language
    qtbot.mouseClick(row.remove, Qt.MouseButton.LeftButton)
    assert panel.custom.rows == [] and panel.segment() == {}


def expected_summary(panel: CampaignPanel, world: World) -> str:
    """What the page should say: the service's own preview of the segment the form describes."""
    preview = world.service.preview_campaign(
        world.author_p, panel.current_template().id, panel.segment(), panel.fields.values()
    )
    return panel.tr("Customers in the segment: {matched}; will receive it: {sendable}.").format(
        matched=preview.matched, sendable=preview.sendable
    )


def test_a_custom_filter_feeds_the_preview_count_and_sample(  # type: ignore[no-untyped-def]
    panel: CampaignPanel, qtbot, tasks: TaskManager, sqlite_world: World
) -> None:
    panel.custom.add_button.click()
    row = panel.custom.rows[0]
    row.field.setCurrentIndex(row.field.findData("preferred_language"))
    row.op.setCurrentIndex(row.op.findData("="))
    qtbot.keyClicks(row.value, "en")
    assert panel.segment() == {"custom": [{"field": "preferred_language", "op": "=", "value": "en"}]}
    panel.preview_button.click()
    settle(qtbot, tasks)
    assert panel.summary.text() == panel.tr("Customers in the segment: {matched}; will receive it: {sendable}.").format(
        matched=1, sendable=1
    )  # Li, the one English-speaking customer
    assert "2.5%" in panel.sample.toPlainText() and "Dear" in panel.sample.toPlainText()
    # A second condition: tier "is one of", a list typed with (full-width) commas.
    panel.custom.add_row("tier", "in", "platinum， gold")
    assert panel.segment()["custom"][1] == {"field": "tier", "op": "in", "value": ["platinum", "gold"]}
    panel.custom.rows[0].op.setCurrentIndex(panel.custom.rows[0].op.findData("!="))
    panel.preview_button.click()
    settle(qtbot, tasks)
    assert panel.summary.text().startswith(expected_summary(panel, sqlite_world))
    assert "Customers in the segment: 1;" not in panel.summary.text()  # the gold customers who speak Chinese
    assert "春季理财" in panel.sample.toPlainText()


def test_invalid_values_are_shown_per_row_and_nothing_is_previewed(
    panel: CampaignPanel, qtbot, tasks: TaskManager
) -> None:  # type: ignore[no-untyped-def]
    good = panel.custom.add_row("tier", "=", "gold")
    number = panel.custom.add_row("vip_level", ">=", "三")
    day = panel.custom.add_row("birth_date", "<", "1990-13-01")
    empty = panel.custom.add_row("aum", ">", "")
    panel.summary.setText("before")
    panel.preview_button.click()
    settle(qtbot, tasks)
    assert panel.summary.text() == "before"  # no preview ran
    assert panel.error.isVisible() and "3" in panel.error.text()
    assert good.problem.isHidden()
    assert not number.problem.isHidden() and "三" in number.problem.text()
    assert not day.problem.isHidden() and "1990-13-01" in day.problem.text()
    assert not empty.problem.isHidden()
    number.value.setText("3")
    assert number.problem.isHidden()  # editing clears the row's message
    day.value.setText("1990-12-01")
    empty.value.setText("50000")
    assert panel.segment()["custom"] == [
        {"field": "tier", "op": "=", "value": "gold"},
        {"field": "vip_level", "op": ">=", "value": 3},
        {"field": "birth_date", "op": "<", "value": "1990-12-01"},
        {"field": "aum", "op": ">", "value": "50000"},
    ]
    panel.preview_button.click()
    settle(qtbot, tasks)
    assert panel.summary.text() != "before" and panel.error.isHidden()
