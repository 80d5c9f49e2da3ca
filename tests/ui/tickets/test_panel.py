"""The ticket panel and workspace: an action round trip that keeps the list's selection, rights-gated actions,
the extension approval, deciding with the notice preview, attachments, and drafts that survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from db.models import TicketAttachment
from desktop.ui.tickets import TicketPanel, TicketsWorkspace
from desktop.ui.tickets.model import COL_ASSIGNEE
from services.permissions import Principal
from services.tickets.config import MIB
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_panel(qtbot, desk: Desk, principal: Principal) -> TicketPanel:  # type: ignore[no-untyped-def]
    panel = TicketPanel(desk.tasks, desk.service, principal)
    qtbot.addWidget(panel)
    panel.resize(620, 700)
    panel.show()
    return panel


def open_ticket(qtbot, panel: TicketPanel, ticket_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.open_ticket(ticket_id)


def submit(qtbot, panel: TicketPanel) -> None:  # type: ignore[no-untyped-def]
    """Press OK in the panel's dialog and wait for the ticket to reload."""
    dialog = panel.dialog
    assert dialog is not None
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_assign_round_trip_keeps_selection_and_scroll(qtbot, desk: Desk) -> None:
    w = desk.world
    made = [desk.complaint(cst(2026, 2, 20, 8 + i // 4, (i % 4) * 10), team_id=w.team) for i in range(40)]
    desk.at(cst(2026, 3, 2, 9))
    workspace = TicketsWorkspace(desk.tasks, desk.service, desk.supervisor)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 520)
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        workspace.show()
    table = workspace.list.table
    target = made[30]
    row = workspace.list.model.row_of(target)
    with qtbot.waitSignal(workspace.panel.loaded, timeout=10_000):
        table.selectRow(row)
    table.scrollTo(workspace.list.model.index(row, 0))
    scroll = table.verticalScrollBar().value()
    assert scroll > 0
    assert workspace.panel.ticket_id == target
    assert "assign" in workspace.panel.available_actions()

    workspace.panel.trigger("assign")
    qtbot.waitUntil(lambda: workspace.panel.dialog is not None, timeout=10_000)
    box = workspace.panel.dialog.person  # type: ignore[union-attr]
    box.setCurrentIndex(box.findData(w.handler2))
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        submit(qtbot, workspace.panel)
    qtbot.waitUntil(lambda: workspace.panel.header.people.fullText().count("handler2") == 1, timeout=10_000)

    assert workspace.list.selected_ticket_id() == target
    assert table.currentIndex().row() == workspace.list.model.row_of(target)
    qtbot.waitUntil(lambda: table.verticalScrollBar().value() == scroll, timeout=5_000)
    assert workspace.list.model.index(table.currentIndex().row(), COL_ASSIGNEE).data() == "handler2"
    assert workspace.panel.message.text() == "Assigned."
    assert workspace.panel.history_model.kinds()[0] == "assigned"
    # A refresh from live sync keeps them too.
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        workspace.refresh()
    assert workspace.list.selected_ticket_id() == target


def test_actions_follow_rights_and_state(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 3, 1, 10), assignee_id=w.handler, team_id=w.team)
    desk.at(cst(2026, 3, 2, 9))
    agent = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, agent, tid)
    assert agent.available_actions() == ["acknowledged", "in_progress", "escalate", "mark_complex", "merge"]
    boss = make_panel(qtbot, desk, desk.supervisor)
    open_ticket(qtbot, boss, tid)
    assert boss.available_actions() == [
        "acknowledged", "in_progress", "take", "assign", "escalate", "mark_complex", "merge", "export",
    ]  # fmt: skip
    with qtbot.waitSignal(agent.loaded, timeout=10_000):
        qtbot.mouseClick(agent.action_bar.buttons["acknowledged"], Qt.MouseButton.LeftButton)
    assert agent.header.status.text() == "Acknowledged"
    assert "decide" in agent.available_actions()
    # The supervisor's panel still has the old version: the service refuses and the panel reloads.
    with qtbot.waitSignal(boss.loaded, timeout=10_000):
        boss.trigger("in_progress")
    assert "changed by someone else" in boss.message.text()
    assert boss.header.status.text() == "Acknowledged"


def test_extension_approval_is_gated_by_rights(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 2, 20, 10), assignee_id=w.handler, team_id=w.team)
    desk.at(cst(2026, 3, 2, 9))
    agent = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, agent, tid)
    assert agent.header.period.text() == "Standard period: 15 calendar days from receipt"

    agent.trigger("mark_complex")
    agent.dialog.reason.setPlainText("需调取通话录音并与第三方核实")  # type: ignore[union-attr]
    submit(qtbot, agent)
    assert agent.header.period.text() == "Complex case: 30 calendar days from receipt"
    assert agent.view.due_at == cst(2026, 3, 22, 23, 59, 59)
    agent.trigger("request_extension")
    agent.dialog.reason.setPlainText("需总行法律部门出具意见")  # type: ignore[union-attr]
    submit(qtbot, agent)
    assert agent.header.extension.text() == "Extension requested"
    assert "decide_extension" not in agent.available_actions()  # an agent lacks the right
    assert "request_extension" not in agent.available_actions()

    boss = make_panel(qtbot, desk, desk.supervisor)
    open_ticket(qtbot, boss, tid)
    assert "decide_extension" in boss.available_actions()
    boss.trigger("decide_extension")
    dialog = boss.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert dialog.error.text() == "Please give the reason."  # type: ignore[union-attr]
    dialog.note.setPlainText("同意延期30日")  # type: ignore[union-attr]
    submit(qtbot, boss)
    assert boss.header.extension.text() == "Extension approved"
    assert boss.header.period.text() == (
        "Extended period: 60 calendar days from receipt (complex case, extension approved)"
    )
    assert boss.view.due_at == cst(2026, 4, 21, 23, 59, 59)
    assert "decide_extension" not in boss.available_actions()
    assert boss.history_model.kinds()[:2] == ["notice", "extension_approved"]


def test_the_requester_cannot_approve_their_own_extension(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 2, 20, 10), team_id=w.team)
    boss_actor = desk.supervisor
    v = desk.service.mark_complex(boss_actor, tid, 1, "复杂")
    desk.service.request_extension(boss_actor, tid, v, "需延期")
    desk.at(cst(2026, 3, 2, 9))
    boss = make_panel(qtbot, desk, boss_actor)
    open_ticket(qtbot, boss, tid)
    assert "decide_extension" not in boss.available_actions()


def test_decide_with_notice_preview_and_review_window(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 2, 27, 10), assignee_id=w.handler, team_id=w.team)
    v = desk.service.transition(w.agent, tid, 1, "acknowledged")
    assert v == 2
    desk.at(cst(2026, 3, 2, 15))
    panel = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, panel, tid)
    panel.trigger("decide")
    dialog = panel.dialog
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != "", timeout=10_000)  # type: ignore[union-attr]
    dialog.decision.setPlainText("经核实，年费扣收有误，予以退还")  # type: ignore[union-attr]
    dialog.compensation.setText("200")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "补偿人民币200.00元" in dialog.preview.toPlainText(), timeout=10_000)  # type: ignore[union-attr]
    assert "2026-04-01前" in dialog.preview.toPlainText()  # type: ignore[union-attr]
    submit(qtbot, panel)
    assert panel.header.review.text() == (
        "Decided 2026-03-02. The customer may ask for a review until 2026-04-01 (30 days)."
    )
    assert panel.details.text_of("outcome") == "Upheld"
    assert panel.details.text_of("compensation") == "¥200.00"
    assert panel.available_actions() == ["close"]
    assert desk.service.note_draft(desk.agent, tid, "decision") is None


def test_attachment_oversize_is_refused(qtbot, desk: Desk, tmp_path: Path) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 3, 1, 10), assignee_id=w.handler, team_id=w.team)
    panel = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, panel, tid)
    big = tmp_path / "通话录音.wav"
    with big.open("wb") as f:  # sparse: the size is checked before anything is read
        f.truncate(20 * MIB + 1)
    with qtbot.waitSignal(panel.message_shown, timeout=10_000) as blocker:
        panel.files.attach(big)
    assert blocker.args == ["The file '通话录音.wav' is larger than the 20 MB limit."]
    assert panel.message.isVisible()
    with desk.world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(TicketAttachment)).scalar_one() == 0
    small = tmp_path / "说明.txt"
    small.write_text("客户提供的说明", encoding="utf-8")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.files.attach(small)
    assert panel.files.model.filenames() == ["说明.txt"]
    assert panel.tabs.tabText(2) == "Files (1)"


def test_note_draft_survives_a_rebuilt_panel(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 3, 1, 10), assignee_id=w.handler, team_id=w.team)
    panel = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, panel, tid)
    with qtbot.waitSignal(panel.composer.draft_saved, timeout=10_000):
        panel.composer.editor.setFocus()
        qtbot.keyClicks(panel.composer.editor, "Called back. ")  # QTest types Latin-1 only;
        panel.composer.editor.insertPlainText("已致电客户，客户要求退还年费")  # the rest as an input method would
        panel.composer.contact.setChecked(True)
    panel.close()
    panel.deleteLater()
    qtbot.wait(10)

    rebuilt = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, rebuilt, tid)
    qtbot.waitUntil(lambda: rebuilt.composer.text() == "Called back. 已致电客户，客户要求退还年费", timeout=10_000)
    assert rebuilt.composer.contact.isChecked()
    assert rebuilt.composer.state.text().startswith("Draft from ")
    # Another handler has their own (empty) note box on the same ticket.
    other = make_panel(qtbot, desk, desk.agent2)
    open_ticket(qtbot, other, tid)
    assert desk.tasks.wait_idle(10_000)
    assert other.composer.text() == ""

    with qtbot.waitSignal(rebuilt.loaded, timeout=10_000):
        qtbot.mouseClick(rebuilt.composer.post_button, Qt.MouseButton.LeftButton)
    assert rebuilt.composer.text() == ""
    assert rebuilt.history_model.kinds()[0] == "comment"
    assert desk.service.note_draft(desk.agent, tid) is None


def test_decision_draft_survives_a_closed_dialog(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 3, 1, 10), assignee_id=w.handler, team_id=w.team)
    desk.service.transition(w.agent, tid, 1, "acknowledged")
    panel = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, panel, tid)
    panel.trigger("decide")
    dialog = panel.dialog
    dialog.decision.setPlainText("同意退还年费")  # type: ignore[union-attr]
    dialog.reject()  # type: ignore[union-attr]  # closing saves what was typed
    assert desk.tasks.wait_idle(10_000)
    panel.trigger("decide")
    again = panel.dialog
    qtbot.waitUntil(lambda: again.decision.toPlainText() == "同意退还年费", timeout=10_000)  # type: ignore[union-attr]
    assert again.draft_state.text() == "Draft restored"  # type: ignore[union-attr]


def test_outsider_cannot_open_a_ticket(qtbot, desk: Desk) -> None:
    tid = desk.complaint(cst(2026, 3, 1, 10))
    panel = make_panel(qtbot, desk, Principal(desk.world.owner, "owner", "admin"))
    panel.open_ticket(tid)
    qtbot.waitUntil(lambda: panel.pane.state == "error", timeout=10_000)
    assert panel.pane.error_label.text() == "This customer is outside what you may see."


def test_live_sync_refreshes_list_and_open_ticket(qtbot, desk: Desk) -> None:
    w = desk.world
    made = [desk.complaint(cst(2026, 2, 20 + i, 10), team_id=w.team) for i in range(3)]
    desk.at(cst(2026, 3, 2, 9))
    workspace = TicketsWorkspace(desk.tasks, desk.service, desk.supervisor)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 600)
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        workspace.show()
    with qtbot.waitSignal(workspace.panel.loaded, timeout=10_000):
        workspace.list.select_ticket(made[1])
    # Another desktop acknowledges the ticket and takes a new complaint; the change feed says so.
    desk.service.transition(w.agent, made[1], 1, "acknowledged")
    fresh = desk.complaint(cst(2026, 3, 2, 9, 30), team_id=w.team)
    with qtbot.waitSignals([workspace.list.list_loaded, workspace.panel.loaded], timeout=10_000):
        desk.tasks.notify_changed("ticket", f"ticket:{made[1]}", f"ticket:{fresh}")
    assert workspace.panel.header.status.text() == "Acknowledged"
    assert fresh in workspace.list.model.ids()
    assert workspace.list.selected_ticket_id() == made[1]


def test_merge_a_repeat_from_the_panel_keeps_the_original_deadline(qtbot, desk: Desk) -> None:
    w = desk.world
    original = desk.complaint(cst(2026, 2, 20, 10), assignee_id=w.handler, team_id=w.team)
    repeat = desk.complaint(cst(2026, 2, 27, 10), assignee_id=w.handler, team_id=w.team, category="fee_disclosure")
    desk.at(cst(2026, 3, 2, 9))
    due = desk.service.ticket_detail(original).row.due_at
    panel = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, panel, repeat)
    panel.trigger("merge")
    qtbot.waitUntil(lambda: panel.dialog is not None, timeout=10_000)
    assert panel.dialog.target.currentData() == original  # type: ignore[union-attr]
    submit(qtbot, panel)
    assert panel.header.status.text() == "Merged"
    assert panel.header.review.text() == "Merged into another complaint; its deadline governs."
    assert panel.available_actions() == []
    assert not panel.composer.isEnabled()  # merged tickets are read-only
    assert desk.service.ticket_detail(original).row.due_at == due
    open_ticket(qtbot, panel, original)
    assert panel.history_model.kinds()[0] == "repeat_merged"


def test_reopen_is_for_permitted_users_and_restarts_the_clock(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 2, 20, 10), assignee_id=w.handler, team_id=w.team)
    v = desk.service.transition(w.agent, tid, 1, "acknowledged")
    v = desk.service.decide(w.agent, tid, v, decision="不予支持", outcome="rejected")
    desk.service.close(w.agent, tid, v)
    desk.at(cst(2026, 3, 2, 9))
    agent = make_panel(qtbot, desk, desk.agent)
    open_ticket(qtbot, agent, tid)
    assert agent.available_actions() == []
    assert not agent.composer.isEnabled()
    boss = make_panel(qtbot, desk, desk.supervisor)
    open_ticket(qtbot, boss, tid)
    assert boss.available_actions() == ["reopen", "export"]
    boss.trigger("reopen")
    boss.dialog.reason.setPlainText("客户提供了新的证据")  # type: ignore[union-attr]
    submit(qtbot, boss)
    assert boss.header.status.text() == "Reopened"
    assert boss.view.due_at == cst(2026, 3, 17, 23, 59, 59)  # 15 days counted afresh from today
    assert boss.header.remaining.text() == "15d 14h left"
