"""The ticket list: scoped per role by the service, deadline badges, lazy pages, sort, saved filters, empty state."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.ui.tickets import TicketListView
from desktop.ui.tickets.columns import MIN_SUMMARY
from desktop.ui.tickets.model import (
    COL_CATEGORY,
    COL_CUSTOMER,
    COL_DUE,
    COL_LEFT,
    COL_NUMBER,
    COL_STATUS,
    COL_SUMMARY,
    TicketListModel,
)
from services.permissions import Principal
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_list(qtbot, desk: Desk, principal: Principal, **kw) -> TicketListView:  # type: ignore[no-untyped-def]
    view = TicketListView(desk.tasks, desk.service, principal, **kw)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    return view


def load(qtbot, widget: TicketListView, **criteria) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(widget.list_loaded, timeout=10_000):
        if criteria:
            widget.apply_criteria(criteria)
        else:
            widget.reload()


def test_scope_per_role(qtbot, desk: Desk) -> None:
    w = desk.world
    by = desk.agent2  # a colleague registers them: the agent's own is the one assigned to them
    mine = desk.complaint(cst(2026, 2, 25, 10), by=by, assignee_id=w.handler, team_id=w.team)
    colleague = desk.complaint(cst(2026, 2, 26, 10), by=by, assignee_id=w.handler2, team_id=w.team)
    queue = desk.complaint(cst(2026, 2, 27, 10), by=by, team_id=w.team)
    elsewhere = desk.complaint(cst(2026, 2, 28, 10), by=by)
    desk.at(cst(2026, 3, 2, 9))

    agent = make_list(qtbot, desk, desk.agent)
    assert agent.view_box.currentData() == "mine"  # an agent starts with their own tickets
    assert agent.view_box.findData("team") == -1  # an agent's scope is their own tickets
    load(qtbot, agent, view="all")
    assert agent.model.ids() == [mine]

    boss = make_list(qtbot, desk, desk.supervisor)
    assert boss.view_box.currentData() == "all"
    load(qtbot, boss, view="all")
    assert sorted(boss.model.ids()) == sorted([mine, colleague, queue])
    assert elsewhere not in boss.model.ids()
    load(qtbot, boss, view="team")
    assert sorted(boss.model.ids()) == sorted([mine, colleague, queue])

    # Names are masked in an agent's list, not in a supervisor's.
    row = agent.model.index(0, COL_CUSTOMER)
    assert row.data() == "周**"
    assert boss.model.index(boss.model.row_of(mine), COL_CUSTOMER).data() == "周慧敏"

    outsider = make_list(qtbot, desk, Principal(w.manager, "manager", "supervisor"))
    load(qtbot, outsider, view="all")
    assert outsider.model.rowCount() == 0
    assert outsider.pane.state == "empty"
    assert outsider.pane.empty.title.text() == "No tickets"


def test_deadline_badges(qtbot, desk: Desk) -> None:
    w = desk.world
    overdue = desk.complaint(cst(2026, 2, 10, 10), team_id=w.team)  # due 25 Feb
    at_risk = desk.complaint(cst(2026, 2, 16, 10), team_id=w.team)  # due 3 Mar 23:59:59
    soon = desk.complaint(cst(2026, 2, 19, 10), team_id=w.team)  # due 6 Mar
    fine = desk.complaint(cst(2026, 3, 1, 10), team_id=w.team)  # due 16 Mar
    decided = desk.complaint(cst(2026, 2, 27, 10), team_id=w.team)
    v = desk.service.transition(w.agent, decided, 1, "acknowledged")
    desk.service.decide(w.agent, decided, v, decision="已处理", outcome="rejected")
    desk.at(cst(2026, 3, 2, 9))

    view = make_list(qtbot, desk, desk.supervisor)
    load(qtbot, view, view="all", include_closed=True)
    model = view.model

    def badge(ticket_id: int):  # type: ignore[no-untyped-def]
        return model.index(model.row_of(ticket_id), COL_LEFT).data(TicketListModel.BadgeRole)

    assert badge(overdue).level == "overdue" and badge(overdue).text == "Overdue 4d 9h"
    assert badge(at_risk).level == "at_risk" and badge(at_risk).text == "1d 14h left"
    assert badge(soon).level == "soon"
    assert badge(fine).level == "ok" and badge(fine).text == "14d 14h left"
    assert badge(decided).level == "stopped"
    assert model.index(model.row_of(decided), COL_STATUS).data() == "Decided"
    assert badge(overdue).color == "#c0392b"
    # The badge is measured when it is drawn: an hour later the same rows say so without a reload.
    desk.at(cst(2026, 3, 2, 10))
    assert badge(at_risk).text == "1d 13h left"
    view.table.viewport().grab()  # the delegate paints every level

    # Default order: least time left first, stopped clocks last.
    assert model.ids() == [overdue, at_risk, soon, fine, decided]
    load(qtbot, view, view="at_risk")
    assert model.ids() == [at_risk, soon, fine]
    load(qtbot, view, view="breached")
    assert model.ids() == [overdue]


def test_pages_sort_and_model(qtbot, qtmodeltester, desk: Desk) -> None:
    w = desk.world
    made = [desk.complaint(cst(2026, 2, 14 + i, 10), team_id=w.team) for i in range(12)]
    desk.at(cst(2026, 3, 2, 9))
    view = make_list(qtbot, desk, desk.supervisor, page_size=5)
    load(qtbot, view, view="all")
    assert view.model.rowCount() == 5 and view.model.has_more
    assert view.count_label.text() == "5+ tickets"
    qtmodeltester.check(view.model)
    for _ in range(5):  # the model tester may have asked for the next page already
        qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
        if not view.model.canFetchMore():
            break
        view.model.fetchMore()
    assert view.model.ids() == made
    assert view.count_label.text() == "12 tickets"
    # A click on the "Number" header sorts the whole list on the server, newest number first.
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.model.order == ("number", True)
    assert view.model.ids()[:5] == list(reversed(made))[:5]


def test_saved_filters_and_text_search(qtbot, desk: Desk) -> None:
    w = desk.world
    fee = desk.complaint(cst(2026, 2, 25, 10), team_id=w.team, summary="年费争议")
    card = desk.complaint(cst(2026, 2, 26, 10), team_id=w.team, category="card_fraud", summary="盗刷")
    desk.at(cst(2026, 3, 2, 9))
    view = make_list(qtbot, desk, desk.supervisor)
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        view.start()
    assert sorted(view.model.ids()) == sorted([fee, card])
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        view.category_box.setCurrentIndex(view.category_box.findData("card_fraud"))
    assert view.model.ids() == [card]
    view.save_filter("盗刷")
    qtbot.waitUntil(lambda: [f.name for f in view.saved_filters()] == ["盗刷"], timeout=10_000)
    load(qtbot, view, view="all")
    assert len(view.model.ids()) == 2
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        view.filter_box.setCurrentIndex(1)
        view.filter_box.activated.emit(1)
    assert view.category_box.currentData() == "card_fraud" and view.model.ids() == [card]
    # Words of the summary narrow the list; nothing matching shows the "no match" state.
    load(qtbot, view, view="all", text="年费")
    assert view.model.ids() == [fee]
    load(qtbot, view, view="all", text="没有这样的投诉")
    assert view.pane.state == "empty" and view.pane.empty.title.text() == "No tickets match"


def test_ticket_number_read_out_opens_it(qtbot, desk: Desk) -> None:
    w = desk.world
    tid = desk.complaint(cst(2026, 3, 1, 10))  # outside the supervisor's list
    number = desk.service.ticket_detail(tid).row.number
    view = make_list(qtbot, desk, desk.supervisor)
    load(qtbot, view, view="all")
    spoken = number.replace("-", " ").lower().replace("0", "o")
    view.search_box.setText(spoken)
    with qtbot.waitSignal(view.ticket_activated, timeout=10_000) as blocker:
        view.search_box.returnPressed.emit()
    assert blocker.args == [tid]
    assert w.team  # the ticket has no team: it was found by number, not through the list


def test_export_masks_names(qtbot, desk: Desk, tmp_path: Path) -> None:
    w = desk.world
    desk.complaint(cst(2026, 2, 25, 10), team_id=w.team, customer_id=w.customer2)
    view = make_list(qtbot, desk, desk.supervisor)
    assert view.export_button.isVisibleTo(view)
    load(qtbot, view, view="all")
    target = tmp_path / "tickets.xlsx"
    with qtbot.waitSignal(view.message, timeout=10_000) as blocker:
        view.export_to(target)
    assert blocker.args == ["Exported 1 tickets to tickets.xlsx."]
    cells = [c.value for row in load_workbook(target).active.iter_rows() for c in row]
    assert "欧阳**" in cells and "欧阳晓明" not in cells
    agent = make_list(qtbot, desk, desk.agent)
    assert not agent.export_button.isVisibleTo(agent)  # agents have no export right


def test_narrow_list_drops_the_least_needed_columns(qtbot, desk: Desk) -> None:
    desk.complaint(cst(2026, 2, 25, 10), team_id=desk.world.team)
    view = make_list(qtbot, desk, desk.supervisor)
    view.resize(1200, 500)
    load(qtbot, view, view="all")
    qtbot.waitUntil(lambda: view.hidden_columns() == [], timeout=5_000)
    view.resize(520, 500)
    qtbot.waitUntil(lambda: view.hidden_columns() != [], timeout=5_000)
    assert COL_LEFT not in view.hidden_columns()  # the badge stays; the deadline date goes first
    assert COL_DUE in view.hidden_columns()
    # Narrower still: the summary keeps a readable width; the category goes before it is squeezed.
    view.resize(380, 500)
    qtbot.waitUntil(lambda: COL_CATEGORY in view.hidden_columns(), timeout=5_000)
    assert view.table.columnWidth(COL_SUMMARY) >= MIN_SUMMARY - 4  # give or take the frame's pixels
    assert COL_NUMBER not in view.hidden_columns() and COL_LEFT not in view.hidden_columns()
