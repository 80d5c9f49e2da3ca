"""The template editor: live problems with line numbers, SMS counter, preview for a customer, four-eyes buttons."""

from __future__ import annotations

import pytest

from desktop.tasks import TaskManager
from desktop.ui.messaging.editor import TemplateEditor, parse_variables
from services.messaging.starters import starter_files

from .test_ui_compose import settle
from .world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def problems(editor: TemplateEditor) -> list[str]:
    return [editor.problems.item(i).text() for i in range(editor.problems.count())]


def test_parse_variables() -> None:
    assert parse_variables("a: text\n\nb : money\nc money\nd: blob") == ({"a": "text", "b": "money"}, [4, 5])


def test_write_submit_and_approve_by_someone_else(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    editor = TemplateEditor(tasks, world.service, world.author_p)
    qtbot.addWidget(editor)
    editor.show()
    settle(qtbot, tasks)
    assert editor.list.count() == len(starter_files()) * 4
    # Each row names the template, its channel and language (English source texts: no catalogue loaded);
    # the code is in the tooltip, and the rows fit the list as it opens.
    first = editor.list.item(0)
    assert " · SMS · " in first.text() or " · E-mail · " in first.text()
    assert " · Chinese · " in first.text() or " · English · " in first.text()
    assert "_sms" in first.toolTip() or "_email" in first.toolTip()
    assert editor.list.viewport().width() >= 300
    editor.new_template()
    editor.code.setText("visit_thanks_sms")
    editor.name.setText("到访感谢")
    editor.body.setPlainText("【{{ bank_name }}】{{ customer_name }}{{ honorific }}，\n感谢您到访{{ branch_nmae }}。")
    qtbot.wait(400)
    settle(qtbot, tasks)
    assert any("2" in p and "branch_nmae" in p for p in problems(editor))
    editor.variables.setPlainText("customer_name: text\nhonorific: text\nbank_name: text\nbranch_name: text")
    editor.body.setPlainText("【{{ bank_name }}】{{ customer_name }}{{ honorific }}，\n感谢您到访{{ branch_name }}。")
    settle(qtbot, tasks)
    assert problems(editor) == [] and "UCS-2" in editor.counter.text()
    editor.customer.setText("CIF00000001")
    editor.customer.editingFinished.emit()
    settle(qtbot, tasks)
    assert editor.preview.toPlainText() == "【示范银行】张伟先生，\n感谢您到访上海徐汇支行。"
    editor.buttons["save"].click()
    settle(qtbot, tasks)
    assert editor.current is not None and editor.current.status == "draft"
    assert not editor.buttons["approve"].isEnabled()
    editor.buttons["submit"].click()
    settle(qtbot, tasks)
    assert editor.current.status == "submitted"
    assert not editor.buttons["approve"].isEnabled()  # the author may not approve
    template_id = editor.current.id
    other = TemplateEditor(tasks, world.service, world.approver_p)
    qtbot.addWidget(other)
    settle(qtbot, tasks)
    row = next(i for i, t in enumerate(other._templates) if t.id == template_id)
    other.list.setCurrentRow(row)
    settle(qtbot, tasks)
    assert other.buttons["approve"].isEnabled() and other.body.isReadOnly()
    other.buttons["approve"].click()
    settle(qtbot, tasks)
    assert world.service.template(template_id).status == "approved"
    assert other.buttons["retire"].isEnabled() and other.buttons["version"].isEnabled()


def test_agents_only_read(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    editor = TemplateEditor(tasks, sqlite_world.service, sqlite_world.agent_p)
    qtbot.addWidget(editor)
    settle(qtbot, tasks)
    editor.list.setCurrentRow(0)
    settle(qtbot, tasks)
    assert not any(b.isEnabled() for b in editor.buttons.values()) and not editor.new_button.isEnabled()
