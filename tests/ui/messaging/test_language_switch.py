"""The messaging screens follow a run-time language switch: texts change, what the user chose or typed stays.

Each page is built in Chinese, switched to English and back to Chinese; the process is left in English.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop.tasks import TaskManager
from desktop.ui.messaging import CampaignPanel, ComposeDialog, OutboxIssuesPage, TemplateEditor
from desktop.ui.messaging.filter_editor import ConditionRow
from services.messaging import audiences as rules
from tests.messaging.test_settle import failed_sms, unknown_sms
from tests.messaging.world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(5):
        assert tasks.wait_idle(10_000)
        qtbot.wait(300)  # previews and checks are debounced
    assert tasks.wait_idle(10_000)


def switch(translations: Any, language: str) -> None:
    translations.switch(language)
    QApplication.processEvents()


def cell(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return str(item.text())


def header(table: Any, column: int) -> str:
    item = table.horizontalHeaderItem(column)
    assert item is not None
    return str(item.text())


def caption(form: Any, field: Any) -> str:
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def checked(widget: Any) -> list[str]:
    return [
        str(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def item_text(widget: Any, code: str) -> str:
    items = [widget.item(i) for i in range(widget.count())]
    return next(item.text() for item in items if item.data(Qt.ItemDataRole.UserRole) == code)


# -- the campaign page ------------------------------------------------------------------------------------------


def campaign_texts(panel: CampaignPanel, row: ConditionRow) -> dict[str, str]:
    return {
        "preview": panel.preview_button.text(),
        "cancel": panel.cancel_button.text(),
        "tiers": panel.captions["tiers"].text(),
        "birthday": panel.birthday.text(),
        "any": panel.maturing.specialValueText(),
        "gold": item_text(panel.tiers, "gold"),
        "active": item_text(panel.stages, "active"),
        "template": panel.template.currentText(),
        "add": panel.custom.add_button.text(),
        "empty": panel.custom.empty.text(),
        "field": row.field.currentText(),
        "op": row.op.currentText(),
        "remove": row.remove.toolTip(),
        "offer_title": caption(panel.fields.form, panel.fields.edits["offer_title"]),
        "summary": panel.summary.text(),
        "status": panel.status.text(),
    }


CAMPAIGN_ZH = {
    "preview": "预览",
    "cancel": "取消活动",
    "tiers": "客户等级",
    "birthday": "本周生日",
    "any": "不限",
    "gold": "金卡",
    "add": "添加条件",
    "empty": "暂无自定义条件。",
    "field": "VIP 等级",
    "op": "不小于",
    "remove": "删除此条件",
}
CAMPAIGN_EN = {
    "preview": "Preview",
    "cancel": "Cancel campaign",
    "tiers": "Tiers",
    "birthday": "Birthday this week",
    "any": "any",
    "gold": "Gold",
    "active": "Active",
    "add": "Add condition",
    "empty": "No custom conditions.",
    "field": "VIP level",
    "op": "at least",
    "remove": "Remove this condition",
}


def test_the_campaign_page_follows_the_language(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    panel = CampaignPanel(tasks, world.service, world.author_p)
    qtbot.addWidget(panel)
    panel.show()
    settle(qtbot, tasks)
    assert panel.select_template("marketing_offer_sms")
    template_id = panel.current_template().id
    panel.fields.edits["offer_title"].setText("春季理财")
    panel.fields.edits["offer_rate"].setText("2.5%")
    panel.fields.edits["offer_end"].setText("2026-04-30")
    panel.name.setText("春季理财活动")
    for i in range(panel.tiers.count()):
        if panel.tiers.item(i).data(Qt.ItemDataRole.UserRole) == "gold":
            panel.tiers.item(i).setCheckState(Qt.CheckState.Checked)
    row = panel.custom.add_row("vip_level", ">=", "0")
    segment = panel.segment()
    assert segment["custom"] == [{"field": "vip_level", "op": ">=", "value": 0}]
    panel.preview_button.click()
    settle(qtbot, tasks)

    zh = campaign_texts(panel, row)
    assert {k: zh[k] for k in CAMPAIGN_ZH} == CAMPAIGN_ZH
    assert zh["template"].endswith("· 中文 · v1 · 短信") and zh["offer_title"] == "活动名称"
    assert zh["active"] != "Active"
    assert zh["summary"].startswith("客群共")

    switch(translations, "en")
    en = campaign_texts(panel, row)
    assert {k: en[k] for k in CAMPAIGN_EN} == CAMPAIGN_EN
    assert en["template"].endswith("· Chinese · v1 · SMS")
    assert en["summary"].startswith("Customers in the segment:")
    assert en["offer_title"] == "offer"
    # What the user chose and typed stays.
    assert panel.current_template().id == template_id and panel.name.text() == "春季理财活动"
    assert checked(panel.tiers) == ["gold"] and panel.fields.values()["offer_rate"] == "2.5%"
    assert (row.field.currentData(), row.op.currentData(), row.value.text()) == ("vip_level", ">=", "0")
    assert [row.field.itemData(i) for i in range(row.field.count())] == list(rules.FIELDS)
    assert [row.field.itemText(i) for i in range(row.field.count())] == [v[3] for v in rules.FIELDS.values()]
    assert panel.segment() == segment

    # A running campaign's status line is re-derived from its report.
    panel.start_button.click()
    assert panel.confirm_box is not None
    with qtbot.waitSignal(panel.started, timeout=15_000):
        panel.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, tasks)
    assert panel.status.text().startswith("Running ·")

    switch(translations, "zh_CN")
    again = campaign_texts(panel, row)
    assert {k: again[k] for k in CAMPAIGN_ZH} == CAMPAIGN_ZH
    assert again["template"] == zh["template"] and again["summary"] == zh["summary"]
    assert again["offer_title"] == zh["offer_title"]
    assert again["status"].startswith("发送中 ·")
    assert panel.segment() == segment and panel.current_template().id == template_id
    switch(translations, "en")


# -- the template editor ----------------------------------------------------------------------------------------


def editor_problems(editor: TemplateEditor) -> list[str]:
    return [editor.problems.item(i).text() for i in range(editor.problems.count())]


def test_the_template_editor_follows_the_language(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    editor = TemplateEditor(tasks, world.service, world.author_p)
    qtbot.addWidget(editor)
    editor.show()
    settle(qtbot, tasks)
    chosen = next(i for i, t in enumerate(editor._templates) if t.code == "marketing_offer_sms" and t.locale == "zh_CN")
    editor.list.setCurrentRow(chosen)
    settle(qtbot, tasks)
    assert editor.current is not None and editor.current.code == "marketing_offer_sms"
    assert editor.status.text() == "版本 1：已审批"
    assert editor.buttons["save"].text() == "保存草稿" and editor.new_button.text() == "新建模板"
    assert editor.captions["code"].text() == "代码" and editor.captions["preview_for"].text() == "预览客户"
    assert editor.channel.currentText() == "短信" and editor.language.currentText() == "中文"
    assert editor.purpose.currentText() == "营销" and editor.customer.placeholderText() == "客户号"
    assert editor.list.item(chosen).text().endswith("· 已审批")
    assert "条短信" in editor.counter.text()

    switch(translations, "en")
    assert editor.status.text() == "Version 1: Approved"
    assert editor.buttons["save"].text() == "Save draft" and editor.new_button.text() == "New template"
    assert editor.captions["code"].text() == "Code" and editor.captions["preview_for"].text() == "Preview for"
    assert editor.channel.currentText() == "SMS" and editor.language.currentText() == "Chinese"
    assert editor.purpose.currentText() == "Marketing" and editor.customer.placeholderText() == "CIF number"
    assert editor.list.item(chosen).text().endswith("· Approved")
    assert editor.counter.text().endswith(" SMS")
    assert editor.list.currentRow() == chosen and editor.current.code == "marketing_offer_sms"
    assert editor.code.text() == "marketing_offer_sms"

    # A new draft with a bad variables line: the live problems follow the language, the typing stays.
    editor.new_template()
    editor.code.setText("visit_thanks_sms")
    editor.variables.setPlainText("customer_name: text\nhonorific text")
    editor.body.setPlainText("{{ customer_name }}您好")
    settle(qtbot, tasks)
    assert editor.status.text() == "New"
    assert editor_problems(editor)[0] == "Variables, line 2: write name: type"

    switch(translations, "zh_CN")
    assert editor.status.text() == "新建" and editor.buttons["save"].text() == "保存草稿"
    assert editor_problems(editor)[0] == "变量第 2 行：请写成 名称: 类型"
    assert editor.variables.placeholderText().startswith("每行一个")
    assert editor.code.text() == "visit_thanks_sms" and editor.body.toPlainText() == "{{ customer_name }}您好"
    assert editor.channel.currentData() == "sms" and editor.channel.currentText() == "短信"
    switch(translations, "en")


# -- the outbox-issues page -------------------------------------------------------------------------------------


def outbox_texts(page: OutboxIssuesPage, row: int) -> dict[str, str]:
    return {
        "title": page.title.text(),
        "header": header(page.table, 0),
        "state_header": header(page.table, 5),
        "mark": page.mark_button.text(),
        "refresh": page.refresh_button.text(),
        "channel": cell(page.table, row, 3),
        "state": cell(page.table, row, 5),
        "status": page.status.text(),
    }


def test_the_outbox_issues_page_follows_the_language(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    unknown, failed = unknown_sms(world), failed_sms(world)
    page = OutboxIssuesPage(tasks, world.service, world.who(world.approver, "supervisor"))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, tasks)
    assert page.select(unknown)
    row = next(i for i, issue in enumerate(page.issues) if issue.id == unknown)
    assert outbox_texts(page, row) == {
        "title": "发送异常",
        "header": "时间",
        "state_header": "状态",
        "mark": "标记为已发送",
        "refresh": "刷新",
        "channel": "短信",
        "state": "结果未知",
        "status": "有 2 条消息需要处理。",
    }

    switch(translations, "en")
    assert outbox_texts(page, row) == {
        "title": "Outbox issues",
        "header": "Time",
        "state_header": "State",
        "mark": "Mark as sent",
        "refresh": "Refresh",
        "channel": "SMS",
        "state": "Unknown",
        "status": "2 messages need attention.",
    }
    current = page.current()
    assert current is not None and current.id == unknown and page.mark_button.isEnabled()

    # What the last settle did is said again in the new language.
    with qtbot.waitSignal(page.settled, timeout=10_000):
        page.mark_sent("customer confirmed")
    settle(qtbot, tasks)
    assert [i.id for i in page.issues] == [failed]
    assert page.status.text() == "Marked as sent. 1 messages need attention."

    switch(translations, "zh_CN")
    assert page.status.text() == "已标记为已发送。 有 1 条消息需要处理。"
    assert cell(page.table, 0, 5) == "发送失败" and header(page.table, 0) == "时间"
    assert page.title.text() == "发送异常" and [i.id for i in page.issues] == [failed]
    switch(translations, "en")


# -- the compose dialog -----------------------------------------------------------------------------------------


def compose_texts(dialog: ComposeDialog) -> dict[str, str]:
    return {
        "title": dialog.windowTitle(),
        "send": dialog.send_button.text(),
        "cancel": dialog.cancel_button.text(),
        "to": dialog.captions["to"].text(),
        "channel": dialog.channel.currentText(),
        "template": dialog.template.currentText(),
        "notice": dialog.notice.text(),
        "card_tail": caption(dialog.fields.form, dialog.fields.edits["card_tail"]),
    }


def test_an_open_compose_dialog_follows_the_language(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    dialog = ComposeDialog(tasks, world.service, world.agent_p, world.zhang)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, tasks)
    assert dialog.select_template("card_loss_confirmation_sms", "zh_CN")
    settle(qtbot, tasks)
    assert dialog.notice.text() == "请填写上方的字段。"
    qtbot.keyClicks(dialog.fields.edits["card_tail"], "6222000012349876")
    settle(qtbot, tasks)
    zh = compose_texts(dialog)
    assert {k: v for k, v in zh.items() if k != "template"} == {
        "title": "发送消息",
        "send": "发送",
        "cancel": "取消",
        "to": "收件人",
        "channel": "短信",
        "notice": "将立即发送。",
        "card_tail": "卡号尾号",
    }
    assert zh["template"].endswith("· 中文 · v1") and "条短信" in dialog.counter.text()
    preview = dialog.preview.toPlainText()
    assert "尾号9876" in preview and dialog.send_button.isEnabled()

    switch(translations, "en")
    en = compose_texts(dialog)
    assert {k: v for k, v in en.items() if k != "template"} == {
        "title": "Send a message",
        "send": "Send",
        "cancel": "Cancel",
        "to": "To",
        "channel": "SMS",
        "notice": "Goes out immediately.",
        "card_tail": "card number (last 4)",
    }
    assert en["template"].endswith("· Chinese · v1") and dialog.counter.text().endswith(" SMS")
    # The chosen template, the typed field and the preview stay; Send is still offered.
    assert dialog.current_template().code == "card_loss_confirmation_sms"
    assert dialog.fields.edits["card_tail"].text() == "6222000012349876"
    assert dialog.preview.toPlainText() == preview and dialog.send_button.isEnabled()

    switch(translations, "zh_CN")
    assert compose_texts(dialog) == zh and "条短信" in dialog.counter.text()
    assert dialog.current_template().code == "card_loss_confirmation_sms" and dialog.send_button.isEnabled()
    switch(translations, "en")
