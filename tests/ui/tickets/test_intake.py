"""The intake dialog: prefilled from the customer, the conflict-of-interest refusal, repeat detection with
merge, a draft that survives closing (or a crash), and the workspace's offer to resume it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.tickets import IntakeDialog, TicketsWorkspace, open_intake
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def intake(qtbot, desk: Desk, principal, customer_id: int | None, **kw) -> IntakeDialog:  # type: ignore[no-untyped-def]
    dialog = IntakeDialog(desk.tasks, desk.service, principal)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10_000):
        dialog.start(customer_id, **kw)
        dialog.show()
    return dialog


def fill(dialog: IntakeDialog, category: str = "fee_dispute", summary: str = "对信用卡年费扣收有异议") -> None:
    dialog.category.setCurrentIndex(dialog.category.findData(category))
    dialog.summary.setText(summary)
    dialog.request.setText("退还年费")
    dialog.identity.setChecked(True)


def choose_employee(qtbot, dialog: IntakeDialog, text: str, user_id: int) -> None:  # type: ignore[no-untyped-def]
    dialog.staff_edit.setText(text)
    dialog.staff_edit.textEdited.emit(text)
    qtbot.waitUntil(lambda: any(p.id == user_id for p in dialog.staff_matches()), timeout=10_000)
    shown = dialog.staff_model.stringList()  # what the completer's popup lists, in the order of the matches
    dialog.completer.activated.emit(shown[[p.id for p in dialog.staff_matches()].index(user_id)])


def test_conflict_of_interest_is_refused_and_nothing_is_lost(qtbot, desk: Desk) -> None:
    w = desk.world
    dialog = intake(qtbot, desk, desk.agent, w.customer)
    assert dialog.customer_label.text() == "Complaint from 周慧敏 (CIF0001)"
    assert dialog.channel.currentData() == "call_in"
    fill(dialog)
    choose_employee(qtbot, dialog, "handler", w.handler)  # the complaint is about the agent taking it ...
    dialog.handler.setCurrentIndex(dialog.handler.findData(w.handler))  # ... who also wants to handle it
    assert dialog.handler.currentText() == "Myself"
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].startswith("This handler is the employee the complaint is about and must not handle")
    assert dialog.error.isVisible() and dialog.error.text() == blocker.args[0]
    assert dialog.isVisible() and dialog.summary.text() == "对信用卡年费扣收有异议"
    (draft,) = desk.service.open_drafts(w.handler)  # the intake is kept as a draft
    assert draft.data.complained_user_id == w.handler and draft.data.summary == "对信用卡年费扣收有异议"
    assert desk.service.customer_tickets(w.customer) == []

    # Leaving it to the team queue is allowed.
    dialog.handler.setCurrentIndex(dialog.handler.findData(None))
    with qtbot.waitSignal(dialog.created, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    created = blocker.args[0]
    detail = desk.service.ticket_detail(created.id)
    assert detail.complained_user_id == w.handler and detail.row.assignee_id is None
    assert detail.row.team_id == w.team and detail.identity_verified
    assert desk.service.open_drafts(w.handler) == []
    assert not dialog.isVisible()


def test_a_repeat_is_offered_for_merge_and_keeps_the_deadline(qtbot, desk: Desk) -> None:
    w = desk.world
    original = desk.complaint(cst(2026, 2, 20, 10), team_id=w.team)
    due = desk.service.ticket_detail(original).row.due_at
    desk.at(cst(2026, 3, 2, 9))
    dialog = intake(qtbot, desk, desk.agent, w.customer)
    assert not dialog.repeat_box.isVisible()
    fill(dialog, "fee_disclosure", "再次投诉年费问题")  # same group as the original's category
    qtbot.waitUntil(lambda: dialog.repeat_box.isVisible(), timeout=10_000)
    assert [c.id for c in dialog.repeats] == [original]
    assert dialog.merge_target() == original  # proposed by default
    with qtbot.waitSignal(dialog.created, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    repeat = desk.service.ticket_detail(blocker.args[0].id)
    assert repeat.row.status == "merged" and repeat.merged_into_id == original
    assert desk.service.ticket_detail(original).row.due_at == due  # the clock was not reset

    # Choosing "a new complaint" records it on its own.
    second = intake(qtbot, desk, desk.agent, w.customer)
    fill(second, "fee_dispute", "另一笔年费")
    qtbot.waitUntil(lambda: second.repeat_box.isVisible(), timeout=10_000)
    second.choose_merge(None)
    assert second.merge_target() is None
    with qtbot.waitSignal(second.created, timeout=10_000) as blocker:
        qtbot.mouseClick(second.submit_button, Qt.MouseButton.LeftButton)
    assert desk.service.ticket_detail(blocker.args[0].id).row.status == "new"


def test_the_form_checks_before_submitting(qtbot, desk: Desk) -> None:
    dialog = intake(qtbot, desk, desk.agent, desk.world.customer)
    with qtbot.waitSignal(dialog.refused, timeout=1_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Choose the complaint category."]
    fill(dialog)
    dialog.complex_case.setChecked(True)
    with qtbot.waitSignal(dialog.refused, timeout=1_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Give the reason the case is complex."]
    dialog.complex_reason.setText("涉及多笔交易，需调取流水")
    with qtbot.waitSignal(dialog.created, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    detail = desk.service.ticket_detail(blocker.args[0].id)
    assert detail.is_complex and detail.row.due_at == cst(2026, 4, 1, 23, 59, 59)  # 30 days from 2 March


def test_regulator_referral_fields(qtbot, desk: Desk) -> None:
    dialog = intake(qtbot, desk, desk.agent, desk.world.customer)
    assert not dialog.referral_row.isVisibleTo(dialog)
    dialog.channel.setCurrentIndex(dialog.channel.findData("regulator"))
    assert dialog.referral_row.isVisibleTo(dialog)
    fill(dialog)
    dialog.referral_ref.setText("银保监转〔2026〕12号")
    with qtbot.waitSignal(dialog.created, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    detail = desk.service.ticket_detail(blocker.args[0].id)
    assert detail.row.intake_channel == "regulator" and str(detail.referral_date) == "2026-03-02"


def test_an_unfinished_intake_comes_back(qtbot, desk: Desk) -> None:
    w = desk.world
    dialog = open_intake(None, desk.tasks, desk.service, desk.agent, w.customer)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    fill(dialog, summary="ATM吞卡后扣费")
    dialog.close()  # closing keeps the draft (a pending change is saved first)
    assert desk.tasks.wait_idle(10_000)
    (draft,) = desk.service.open_drafts(w.handler)
    assert draft.data.summary == "ATM吞卡后扣费"

    again = intake(qtbot, desk, desk.agent, w.customer)
    assert again.summary.text() == "ATM吞卡后扣费" and again.draft_id == draft.id
    assert again.draft_state.text() == "Unfinished intake restored"
    again.close()

    workspace = TicketsWorkspace(desk.tasks, desk.service, desk.agent)
    qtbot.addWidget(workspace)
    workspace.resize(1200, 600)
    workspace.show()
    qtbot.waitUntil(workspace.drafts_banner.isVisible, timeout=10_000)
    assert "1 unfinished complaint intake" in workspace.drafts_label.text()
    resumed = workspace.resume_intake()
    assert resumed is not None
    qtbot.addWidget(resumed)
    qtbot.waitUntil(lambda: resumed.summary.text() == "ATM吞卡后扣费", timeout=10_000)
    with qtbot.waitSignal(workspace.ticket_opened, timeout=10_000) as blocker:
        qtbot.mouseClick(resumed.submit_button, Qt.MouseButton.LeftButton)
    assert workspace.panel.ticket_id == blocker.args[0]
    qtbot.waitUntil(lambda: not workspace.drafts_banner.isVisible(), timeout=10_000)

    # Discarding a draft removes it.
    third = intake(qtbot, desk, desk.agent, w.customer2)
    fill(third, summary="待放弃")
    third.save_draft()
    assert desk.tasks.wait_idle(10_000)
    assert len(desk.service.open_drafts(w.handler)) == 1
    third.discard()
    assert desk.tasks.wait_idle(10_000)
    assert desk.service.open_drafts(w.handler) == []


def test_refusals_read_in_chinese_in_the_chinese_interface(qtbot, desk: Desk, translations) -> None:
    w = desk.world
    dialog = intake(qtbot, desk, desk.agent, w.customer)
    fill(dialog)
    choose_employee(qtbot, dialog, "handler", w.handler)
    dialog.handler.setCurrentIndex(dialog.handler.findData(w.handler))
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].startswith("该处理人是被投诉的员工本人，须回避")
