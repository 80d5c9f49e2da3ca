"""An agent's shift: the complaint they register is on their list at once, they are told its number and deadline
with a way to open it, and a ticket number typed in the search box never contradicts the list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui import fmt
from desktop.ui.tickets import IntakeDialog, TicketsWorkspace, open_intake
from services.permissions import Principal
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def workspace_of(qtbot, desk: Desk, principal: Principal) -> TicketsWorkspace:  # type: ignore[no-untyped-def]
    workspace = TicketsWorkspace(desk.tasks, desk.service, principal)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 700)
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        workspace.show()
    return workspace


def register(  # type: ignore[no-untyped-def]
    qtbot, desk: Desk, summary: str, *, category: str = "fee_dispute", on_open: Callable[[int], object] | None = None
) -> IntakeDialog:
    """Fill in the intake as the agent does (the handler left at "team queue"); QTest types ASCII only."""
    dialog = open_intake(None, desk.tasks, desk.service, desk.agent, desk.world.customer, on_open=on_open)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    dialog.category.setCurrentIndex(dialog.category.findData(category))
    qtbot.keyClicks(dialog.summary, summary)
    assert dialog.handler.currentData() is None  # nobody chosen: the team queue
    return dialog


def submit(qtbot, dialog: IntakeDialog):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.created, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def type_number(qtbot, workspace: TicketsWorkspace, text: str) -> None:  # type: ignore[no-untyped-def]
    box = workspace.list.search_box
    box.setFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_complaint_the_agent_registers_is_on_their_list_at_once(qtbot, desk: Desk) -> None:
    workspace = workspace_of(qtbot, desk, desk.agent)
    listing = workspace.list
    assert listing.view_box.currentData() == "mine" and listing.model.ids() == []
    assert listing.pane.state == "empty"

    created = submit(qtbot, register(qtbot, desk, "Annual card fee charged twice"))
    # The change event of the new ticket refreshes the list by itself: no Refresh pressed.
    qtbot.waitUntil(lambda: listing.model.ids() == [created.id], timeout=10_000)
    assert listing.pane.state == "content"
    assert desk.service.ticket_detail(created.id).row.assignee_id is None  # registered, not yet handled

    # "Everything I can see" has it too (chosen with the keyboard: End picks the last view).
    listing.view_box.setFocus()
    with qtbot.waitSignal(listing.list_loaded, timeout=10_000):
        qtbot.keyClick(listing.view_box, Qt.Key.Key_End)
    assert listing.view_box.currentData() == "all" and listing.model.ids() == [created.id]

    # The number as read over the phone opens it, and the list shows that very ticket, selected.
    type_number(qtbot, workspace, created.number.lower().replace("-", " "))
    qtbot.waitUntil(lambda: workspace.panel.ticket_id == created.id, timeout=10_000)
    qtbot.waitUntil(lambda: listing.selected_ticket_id() == created.id, timeout=10_000)
    assert listing.model.ids() == [created.id] and listing.pane.state == "content"


def test_a_number_typed_lists_its_ticket_whatever_the_filters(qtbot, desk: Desk) -> None:
    w = desk.world
    decided = desk.complaint(cst(2026, 2, 20, 10), team_id=w.team, by=desk.agent2)
    version = desk.service.transition(w.agent, decided, 1, "acknowledged")
    desk.service.decide(w.agent, decided, version, decision="已退还年费", outcome="upheld")
    desk.at(cst(2026, 3, 2, 9))
    number = desk.service.ticket_detail(decided).row.number

    boss = workspace_of(qtbot, desk, desk.supervisor)
    assert boss.list.status_box.currentData() == "" and boss.list.model.ids() == []  # open ones only
    type_number(qtbot, boss, number)
    qtbot.waitUntil(lambda: boss.list.selected_ticket_id() == decided, timeout=10_000)
    assert boss.panel.ticket_id == decided
    assert boss.list.status_box.currentText() == "All, including closed"  # the filter says why it is listed

    # Another agent may open it (its customer is theirs to see) but it is not theirs: the list says so.
    other = workspace_of(qtbot, desk, desk.agent)
    type_number(qtbot, other, number)
    qtbot.waitUntil(lambda: other.panel.ticket_id == decided, timeout=10_000)
    qtbot.waitUntil(lambda: other.list.pane.state == "empty" and other.list.search_box.text() == number)
    assert other.list.pane.empty.title.text() == f"{number} is not on your list"
    assert "open beside the list" in other.list.pane.empty.detail.text()


def test_the_agent_is_told_the_number_and_deadline_and_opens_it_with_enter(qtbot, desk: Desk) -> None:
    opened: list[int] = []
    dialog = register(qtbot, desk, "Card fee taken without notice", on_open=opened.append)
    created = submit(qtbot, dialog)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible(), timeout=5_000)
    confirmation = dialog.confirmation
    assert confirmation is not None
    assert confirmation.title.text() == f"Complaint {created.number} recorded"
    assert created.due_at == cst(2026, 3, 17, 23, 59, 59)  # 15 days from 2 March
    assert confirmation.deadline.text() == f"Regulator's deadline: {fmt.datetime(created.due_at)}"
    assert confirmation.spoken.text().startswith("To read to the customer: Tango Sierra,")
    assert opened == []

    qtbot.waitUntil(lambda: confirmation.open_button.hasFocus(), timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert opened == [created.id]
    assert not confirmation.isVisible()


def test_a_merged_repeat_is_confirmed_with_the_original_to_open(qtbot, desk: Desk) -> None:
    w = desk.world
    original = desk.complaint(cst(2026, 2, 20, 10), team_id=w.team)
    desk.at(cst(2026, 3, 2, 9))
    original_row = desk.service.ticket_detail(original).row
    opened: list[int] = []
    dialog = register(qtbot, desk, "The fee again", category="fee_disclosure", on_open=opened.append)
    qtbot.waitUntil(lambda: dialog.merge_target() == original, timeout=10_000)
    created = submit(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible(), timeout=5_000)
    confirmation = dialog.confirmation
    assert confirmation is not None
    assert confirmation.title.text() == f"Complaint {created.number} recorded"
    assert confirmation.merged.text() == f"Merged into {original_row.number}, which keeps its own deadline."
    assert confirmation.deadline.text() == f"Regulator's deadline: {fmt.datetime(original_row.due_at)}"
    qtbot.mouseClick(confirmation.open_button, Qt.MouseButton.LeftButton)
    assert opened == [original]  # the complaint that carries on


def test_escape_closes_the_confirmation_without_opening(qtbot, desk: Desk) -> None:
    opened: list[int] = []
    dialog = register(qtbot, desk, "Waited an hour", category="wait_time", on_open=opened.append)
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible(), timeout=5_000)
    confirmation = dialog.confirmation
    assert confirmation is not None
    qtbot.keyClick(confirmation, Qt.Key.Key_Escape)
    assert not confirmation.isVisible() and opened == []
