"""The check-in page on the real lobby services over a seeded SQLite world: an ID card swiped (keyboard wedge),
the card with its suggested service, a number issued and printed to PDF, the number already held shown instead
of a second one, a wrong check digit said beside the box with nothing else changed, another branch's customer
on a minimal card, a walk-in without a printer, name candidates picked with the keyboard, Esc, and the 360°."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from db.models import QueueTicket
from desktop.tasks import TaskManager
from desktop.ui.lobby import ticket_print
from desktop.ui.lobby.checkin_page import CheckinPage
from tests.flows.runner_rig import World
from tests.ui.lobby.uia_rig import (
    LONG_NAME,
    branch_customer,
    id_number,
    lobby_world,
    make_desk,
    other_branch_customer,
    rename,
    settle,
    world_tasks,
)

__all__ = ["lobby_world", "world_tasks"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make(qtbot: Any, tasks: TaskManager, world: World, pdf: Path | None = None, user: str = "lobby01") -> CheckinPage:
    page = CheckinPage(tasks, make_desk(world, pdf=pdf), world.principal(user))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # the shortcuts (F4, Ctrl+I) work in the active window
    qtbot.waitUntil(lambda: bool(page.issue_panel.services), timeout=10_000)
    page.focus_box()
    return page


def swipe(qtbot: Any, tasks: TaskManager, page: CheckinPage, text: str) -> None:
    """What a card reader's keyboard wedge does: the characters in a burst, then Enter."""
    page.box.selectAll()
    if text.isascii():
        qtbot.keyClicks(page.box, text)
    else:  # Chinese comes from the input method as committed text (QTest types ASCII only)
        page.box.insert(text)
    qtbot.keyClick(page.box, Qt.Key.Key_Return)
    settle(qtbot, tasks)


def tickets_of(world: World, customer_id: int) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(QueueTicket.customer_id == customer_id)).scalar_one())


def test_swipe_shows_card_issues_prints_and_keeps_focus(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World, tmp_path: Path
) -> None:
    cid = branch_customer(lobby_world, offset=1)
    rename(lobby_world, cid, LONG_NAME)
    page = make(qtbot, world_tasks, lobby_world, pdf=tmp_path / "tickets")
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    card = page.shown_card
    assert card is not None and card.customer_id == cid and card.in_scope
    assert page.mode == "card" and page.card.name.text() == LONG_NAME
    assert page.card.open_button.isVisible() and page.card.memo.isVisible()
    assert page.box.hasFocus() and page.box.selectedText() == page.box.text()  # the next swipe types over it
    panel = page.issue_panel
    if card.suggested_service:
        assert panel.selected_service() == card.suggested_service
        assert panel.suggestion.isVisible()
    panel.select_service("cash")
    panel.set_priority("elderly")
    with qtbot.waitSignal(panel.issued, timeout=10_000) as issued:
        page.card.issue_button.click()
    settle(qtbot, world_tasks)
    number = issued.args[0].ticket.number
    assert number.startswith("A") and panel.number.text() == number and panel.result.isVisible()
    assert issued.args[0].ticket.priority_reason == "elderly" and issued.args[0].ticket.customer_id == cid
    pdfs = list((tmp_path / "tickets").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert page.box.hasFocus()
    # The card is read again (the change feed): it now holds that number, and a second one is not offered.
    qtbot.waitUntil(lambda: page.shown_card is not None and page.shown_card.waiting_ticket is not None)
    assert page.shown_card is not None and page.shown_card.waiting_ticket is not None
    assert page.shown_card.waiting_ticket.number == number
    assert panel.number.text() == number  # still shown: the reload keeps what was just issued
    panel.select_service("cash")
    assert not panel.issue_button.isEnabled()
    panel.select_service("noncash")
    assert panel.issue_button.isEnabled()
    assert tickets_of(lobby_world, cid) == 1
    # The next customer's swipe shows their number held, never a second number silently.
    page.clear()
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    assert panel.result.isVisible() and panel.number.text() == number
    assert not panel.last_issued


def test_wrong_check_digit_is_said_beside_the_box_and_nothing_else_changes(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    cid = branch_customer(lobby_world, offset=2)
    page = make(qtbot, world_tasks, lobby_world)
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    shown = page.shown_card
    assert shown is not None
    good = id_number(lobby_world, cid)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    swipe(qtbot, world_tasks, page, bad)
    assert page.message.isVisible() and page.message.text()
    assert "check digit" in page.message.text() or "校验" in page.message.text()
    assert page.shown_card is shown and page.mode == "card"
    assert page.box.text() == bad and page.box.hasFocus()
    swipe(qtbot, world_tasks, page, good)
    assert not page.message.isVisible()


def test_another_branchs_customer_gets_the_minimal_card(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    cid = other_branch_customer(lobby_world)
    page = make(qtbot, world_tasks, lobby_world)
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    card = page.shown_card
    assert card is not None and not card.in_scope
    assert page.card.scope_note.isVisible() and card.branch_name in page.card.scope_note.text()
    assert not page.card.open_button.isVisible() and not page.card.memo.isVisible()
    assert not page.card.refer_button.isVisible() and not page.card.book_button.isVisible()
    assert page.card.reason_rows == [] and not page.card.reasons_title.isVisible()
    assert page.card.memo.customer_id is None
    assert page.issue_panel.issue_button.isEnabled()  # they may still take a number here


def test_walk_in_without_a_printer_still_issues_and_shows_the_number(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_print, "available_printers", list)
    page = make(qtbot, world_tasks, lobby_world)
    qtbot.keyClick(page.box, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: page.mode == "walk_in")  # a button's shortcut clicks it after its short animation
    assert page.shown_card is None
    panel = page.issue_panel
    assert not panel.sms.isVisible()
    assert panel.focusWidget() in panel.service_buttons.values() or panel.service_buttons["cash"].hasFocus()
    panel.select_service("noncash")
    with qtbot.waitSignal(panel.issued, timeout=10_000) as issued:
        qtbot.keyClick(panel, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    ticket = issued.args[0].ticket
    assert ticket.customer_id is None and panel.number.text() == ticket.number
    assert panel.last_print is not None and panel.last_print.kind == "none"
    assert "No printer: the number is issued and shown on screen" in panel.print_note.text()
    if issued.args[0].counters_open == 0:
        assert panel.wait.text() == "No counter is open for this service right now"


def test_a_name_gives_candidates_picked_with_arrows_and_enter(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    first, second = branch_customer(lobby_world, offset=5), branch_customer(lobby_world, offset=6)
    for cid in (first, second):
        rename(lobby_world, cid, "司马相如")
    page = make(qtbot, world_tasks, lobby_world)
    swipe(qtbot, world_tasks, page, "司马相如")
    assert page.mode == "candidates" and page.candidates.count() == 2
    assert page.candidates.hasFocus()
    qtbot.keyClick(page.candidates, Qt.Key.Key_Down)
    picked = page.candidates.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(page.candidates, Qt.Key.Key_Return)
    settle(qtbot, world_tasks)
    assert page.mode == "card" and page.shown_card is not None and page.shown_card.customer_id == picked
    assert page.shown_card.in_scope and page.box.hasFocus()
    # Esc clears for the next customer.
    qtbot.keyClick(page.box, Qt.Key.Key_Escape)
    assert page.box.text() == "" and page.shown_card is None and page.mode == "empty"
    assert page.issue_panel.who.text() == "Walk-in customer without identification"


def test_nothing_found_says_so_and_offers_the_walk_in(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    page = make(qtbot, world_tasks, lobby_world)
    swipe(qtbot, world_tasks, page, "13900000000")
    assert page.mode == "not_found" and page.shown_card is None
    assert page.empty.isVisible() and page.empty.title.text()  # the service's "no customer has this phone"
    assert "F4" in page.empty.detail.text()


def test_open_360_refer_and_book_from_the_card(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    cid = branch_customer(lobby_world, offset=7)
    page = make(qtbot, world_tasks, lobby_world)
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    with qtbot.waitSignal(page.open_customer) as opened:
        page.card.open_button.click()
    assert opened.args == [cid]
    page.card.refer_button.click()
    dialog = page.referral_dialog
    assert dialog is not None and dialog.customer_id == cid and dialog.source == "checkin"
    dialog.reject()
    qtbot.waitUntil(lambda: page.referral_dialog is None)
    page.card.book_button.click()
    booking = page.appointment_dialog
    assert booking is not None and booking.customer_id == cid
    settle(qtbot, world_tasks)
    assert booking.branch_id() == lobby_world.principal("lobby01").branch_id
    booking.reject()
    qtbot.waitUntil(lambda: page.appointment_dialog is None)
    assert page.focusWidget() is page.box  # back to the box (activation itself stays with offscreen's dialog)


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_texts_fit_at_lobby_sizes(qtbot: Any, world_tasks: TaskManager, lobby_world: World, size: Any) -> None:
    cid = branch_customer(lobby_world, offset=8)
    rename(lobby_world, cid, LONG_NAME)
    page = make(qtbot, world_tasks, lobby_world)
    page.resize(*size)
    swipe(qtbot, world_tasks, page, id_number(lobby_world, cid))
    qtbot.wait(20)
    for button in [*page.issue_panel.service_buttons.values(), page.walk_in_button, page.card.refer_button]:
        assert button.height() >= 44
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width(), button.text()
    name = page.card.name
    assert name.heightForWidth(name.width()) <= name.height()  # the long name wraps, never cut
