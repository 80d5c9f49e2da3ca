"""The flow editor driven through its widgets on a seeded database with the starter flows: open a flow, select
a step, edit its text, save; problems listed and selecting their step; publishing refused with the problems;
a save over a newer one merged as records are (the conflict dialog for a step both changed)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.flows.workspace import FlowServices, FlowsWorkspace
from services.flows.authoring import FlowAuthoring
from services.flows.definition import parse
from services.permissions import Principal

from .flow_bank import FlowBank, flow_bank_fixture, tasks_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(350)  # the problem check is debounced
    assert tasks.wait_idle(10_000)


def open_workspace(qtbot: Any, tasks: TaskManager, bank: FlowBank, who: Principal) -> FlowsWorkspace:
    workspace = FlowsWorkspace(tasks, FlowServices(bank.engine, bank.audit, who), who)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 600)
    workspace.show()
    settle(qtbot, tasks)
    return workspace


def choose_flow(qtbot: Any, tasks: TaskManager, workspace: FlowsWorkspace, code: str) -> Any:
    editor = workspace.editor
    assert editor is not None
    row = next(i for i, info in enumerate(editor.flows) if info.code == code)
    editor.list.setCurrentRow(row)
    settle(qtbot, tasks)
    assert editor.current is not None and editor.current.info.code == code
    return editor


def new_draft(bank: FlowBank, code: str) -> int:
    authoring = FlowAuthoring(bank.engine, bank.audit)
    published = authoring.published(code)
    assert published is not None
    return authoring.new_version(bank.author, published.id)


def test_open_select_edit_and_save_a_draft(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    draft_id = new_draft(flow_bank, "card_loss")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "card_loss")
    assert editor.current.id == draft_id and editor.current.status == "draft"
    assert set(editor.canvas.nodes) == set(editor.step_ids()) and len(editor.canvas.edges) > len(editor.step_ids()) - 2
    # Clicking a node selects the step: the side panel shows its text.
    node = editor.canvas.nodes["greet"]
    centre = editor.canvas.mapFromScene(node.sceneBoundingRect().center())
    qtbot.mouseClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert editor.canvas.selected == "greet" and editor.panel.step["id"] == "greet"
    assert editor.panel.text_zh.toPlainText().startswith("{{ customer.surname }}")
    editor.panel.text_en.setFocus()
    editor.panel.text_en.selectAll()
    qtbot.keyClicks(editor.panel.text_en, "Hello {{ customer.surname }}, this is the bank.")
    assert editor.dirty
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, tasks)
    assert editor.message.isHidden(), editor.message.text()
    saved = FlowAuthoring(flow_bank.engine, flow_bank.audit).get(draft_id)
    assert saved.definition.step("greet").text.en == "Hello {{ customer.surname }}, this is the bank."
    assert set(saved.definition.layout) == set(editor.step_ids()), "the canvas places were written"
    assert editor.current.version == saved.version and not editor.dirty


def test_a_problem_selects_its_step_and_publishing_is_refused(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    new_draft(flow_bank, "prospect_referral")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "prospect_referral")
    assert editor.problems.problems == []
    # A new say step that leads nowhere and that nothing reaches: problems name it.
    editor.select_step(editor.doc["start"])
    editor.kind_box.setCurrentIndex(editor.kind_box.findData("say"))
    before = set(editor.step_ids())
    editor.canvas.select_step(None)
    qtbot.mouseClick(editor.buttons["add"], Qt.MouseButton.LeftButton)
    (added,) = set(editor.step_ids()) - before
    settle(qtbot, tasks)
    named = [p for p in editor.problems.problems if p.step_id == added]
    assert named, [p.en for p in editor.problems.problems]
    editor.select_step(editor.doc["start"])
    row = next(
        i for i in range(editor.problems.count()) if editor.problems.item(i).data(Qt.ItemDataRole.UserRole) == added
    )
    rect = editor.problems.visualItemRect(editor.problems.item(row))
    qtbot.mouseClick(editor.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.canvas.selected == added and editor.panel.step["id"] == added
    # Enter on a problem selects its step too.
    editor.select_step(editor.doc["start"])
    editor.problems.setFocus()
    editor.problems.setCurrentRow(row)
    qtbot.keyClick(editor.problems, Qt.Key.Key_Return)
    assert editor.canvas.selected == added
    # Saved with its problem, the draft cannot be submitted: the refusal lists the problems.
    editor.save()
    settle(qtbot, tasks)
    qtbot.mouseClick(editor.buttons["submit"], Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert editor.message.isVisible() and editor.current.status == "draft"
    assert any(p.step_id == added for p in editor.problems.problems)


def test_publishing_an_approved_version_with_a_problem_is_refused(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    code = "deposit_renewal"
    flow_id = new_draft(flow_bank, code)
    authoring = FlowAuthoring(flow_bank.engine, flow_bank.audit)
    version = authoring.submit(flow_bank.author, flow_id, authoring.get(flow_id).version)
    authoring.approve(flow_bank.approver, flow_id, version)
    flow_bank.retire_templates_of(authoring.get(flow_id).definition)
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.approver)
    editor = choose_flow(qtbot, tasks, workspace, code)
    assert editor.current.status == "approved" and editor.buttons["publish"].isEnabled()
    qtbot.mouseClick(editor.buttons["publish"], Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert editor.message.isVisible()
    assert any(p.code.startswith("template") for p in editor.problems.problems), editor.problems.problems
    assert authoring.get(flow_id).status == "approved"


def _someone_else_retitles(bank: FlowBank, flow_id: int, step_id: str, title: str) -> None:
    """The approver (another supervisor) saves the same draft first, with one step's English title changed."""
    authoring = FlowAuthoring(bank.engine, bank.audit)
    other = authoring.get(flow_id)
    data = other.definition.to_data()
    step = next(s for s in data["steps"] if s["id"] == step_id)
    step.setdefault("title", {"zh_CN": "他人标题", "en": ""})["en"] = title
    authoring.save(bank.approver, flow_id, other.version, parse(data))


def _retitle_in_editor(qtbot: Any, editor: Any, step_id: str, title: str) -> None:
    editor.select_step(step_id)
    editor.panel.title_en.setFocus()
    editor.panel.title_en.selectAll()
    qtbot.keyClicks(editor.panel.title_en, title)


def test_a_stale_save_is_merged_with_the_other_save_when_they_touch_different_steps(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    flow_id = new_draft(flow_bank, "contact_change")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "contact_change")
    start, other_step = editor.doc["start"], editor.step_ids()[-1]
    assert start != other_step
    _someone_else_retitles(flow_bank, flow_id, other_step, "Theirs")
    _retitle_in_editor(qtbot, editor, start, "Mine")
    editor.save()
    settle(qtbot, tasks)
    saved = FlowAuthoring(flow_bank.engine, flow_bank.audit).get(flow_id)
    assert saved.definition.step(start).title.en == "Mine"
    assert saved.definition.step(other_step).title.en == "Theirs", "their change is kept"
    assert not editor.dirty and editor.current.version == saved.version
    assert editor.message.isVisible() and "1" in editor.message.text(), editor.message.text()
    assert editor._step(other_step)["title"]["en"] == "Theirs", "the editor shows the merged draft"


def test_a_step_both_changed_is_chosen_in_the_conflict_dialog(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    flow_id = new_draft(flow_bank, "wealth_suitability")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "wealth_suitability")
    start, other_step = editor.doc["start"], editor.step_ids()[-1]
    _someone_else_retitles(flow_bank, flow_id, start, "Theirs")
    _someone_else_retitles(flow_bank, flow_id, other_step, "Also theirs")
    _retitle_in_editor(qtbot, editor, start, "Mine")
    editor.save()
    settle(qtbot, tasks)
    dialog = editor.merge.dialog
    assert dialog is not None and dialog.isVisible()
    field = f"step.{start}"
    assert [d.name for d in dialog.shown if d.conflicting] == [field]
    assert not dialog.save_button.isEnabled(), "a conflict must be chosen first"
    assert "Mine" in dialog.button(field, "mine").text() and "Theirs" in dialog.button(field, "theirs").text()
    dialog.set_choice(field, "mine")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    settle(qtbot, tasks)
    saved = FlowAuthoring(flow_bank.engine, flow_bank.audit).get(flow_id)
    assert saved.definition.step(start).title.en == "Mine"
    assert saved.definition.step(other_step).title.en == "Also theirs"
    assert not editor.dirty and editor.current.version == saved.version


def test_cancelling_the_conflict_dialog_keeps_the_edits_unsaved(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    flow_id = new_draft(flow_bank, "maturity_reminder_outbound")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "maturity_reminder_outbound")
    start = editor.doc["start"]
    _someone_else_retitles(flow_bank, flow_id, start, "Theirs")
    _retitle_in_editor(qtbot, editor, start, "Mine")
    editor.save()
    settle(qtbot, tasks)
    editor.merge.dialog.reject()
    settle(qtbot, tasks)
    assert editor.dirty and editor._step(start)["title"]["en"] == "Mine"
    assert editor.message.isVisible()
    assert FlowAuthoring(flow_bank.engine, flow_bank.audit).get(flow_id).definition.step(start).title.en == "Theirs"


def test_a_preview_run_of_a_draft_shows_its_steps(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    from sqlalchemy import select

    from db.models import Customer, FlowRun
    from services.flows.runner import FlowRunner

    new_draft(flow_bank, "complaint_intake")
    with flow_bank.engine.connect() as conn:
        cif, customer_id = conn.execute(select(Customer.cif_no, Customer.id).order_by(Customer.id).limit(1)).one()

    def find(text: str) -> tuple[int, str] | None:
        return (int(customer_id), "") if text == cif else None

    who = flow_bank.author
    services = FlowServices(
        flow_bank.engine, flow_bank.audit, who, runner=FlowRunner(flow_bank.engine, flow_bank.audit), find_customer=find
    )
    workspace = FlowsWorkspace(tasks, services, who)
    qtbot.addWidget(workspace)
    workspace.show()
    settle(qtbot, tasks)
    editor = choose_flow(qtbot, tasks, workspace, "complaint_intake")
    assert editor.buttons["preview"].isVisible() and editor.buttons["preview"].isEnabled()
    qtbot.mouseClick(editor.buttons["preview"], Qt.MouseButton.LeftButton)
    dialog = editor.dialog
    qtbot.keyClicks(dialog.customer, "no such CIF")
    qtbot.keyClick(dialog.customer, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert dialog.error.text() and dialog.view is None
    dialog.customer.clear()
    qtbot.keyClicks(dialog.customer, cif)
    qtbot.keyClick(dialog.customer, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    first = dialog.view
    assert first is not None and first.status == "preview" and first.step_id == editor.doc["start"]
    assert first.text and first.text in dialog.shown.toPlainText()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert dialog.view.step_id != first.step_id, "the preview moved on"
    with flow_bank.engine.connect() as conn:
        assert conn.execute(select(FlowRun.status).where(FlowRun.id == first.run_id)).scalar() == "preview"
    dialog.close()
