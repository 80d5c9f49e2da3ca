"""The lobby's screens for ``contactdesk demo --screenshot``: check-in with a VIP's card, the lobby board, a
counter with a number called, and the lobby display (at 1366×768 and 1920×1080), as the demo's lobby manager."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

LOBBY_MANAGER = "lobby01"
DISPLAY_SIZES = ((1366, 768), (1920, 1080))
FREE_COUNTER = 3  # the demo data leaves it for the person at the desk (desktop.demo_lobby.ROBOT_COUNTERS)


def showcase_vip(engine: Any, branch_id: int) -> tuple[int, str]:
    """A VIP of the branch worth recognising: with a manager, and a deposit maturing soon if any has one
    (the raw ID number, as an ID-card reader types it; the demo's embedded database is read as its owner)."""
    from sqlalchemy import exists, select

    from db.models import Customer, Holding

    soon = dt.date.today() + dt.timedelta(days=7)
    maturing = exists().where(
        Holding.customer_id == Customer.id,
        Holding.kind == "term_deposit",
        Holding.maturity_date >= dt.date.today(),
        Holding.maturity_date <= soon,
    )
    query = (
        select(Customer.id, Customer.id_number)
        .where(Customer.branch_id == branch_id, Customer.manager_id.is_not(None), Customer.id_number.is_not(None))
        .order_by((Customer.vip_level >= 2).desc(), maturing.desc(), Customer.vip_level.desc(), Customer.id)
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return int(row.id), str(row.id_number)


def take_lobby_screens(desktop: Any, out_dir: Path, helpers: Any) -> list[Path]:
    """Sign in as the lobby manager and render the lobby's screens (``helpers``: :mod:`desktop.screenshots`)."""
    helpers.sign_in_as(desktop, LOBBY_MANAGER)
    window = desktop.window
    seat = window.lobby
    if seat is None or seat.workspace is None:
        raise helpers.ScreenNotRendered("lobby_checkin", f"{LOBBY_MANAGER} has no lobby workspace")
    workspace = seat.workspace
    engine = desktop.session.engine
    written: list[Path] = []
    window.tabs.setCurrentWidget(workspace)
    with helpers.rendering("lobby_checkin"):
        _cid, id_number = helpers._call(desktop, lambda: showcase_vip(engine, desktop.access.signed.user.branch_id))
        page = workspace.checkin
        workspace.tabs.setCurrentWidget(page)
        page.box.setText(id_number)
        page.search()
        helpers.settle(desktop)
        written.extend(helpers.grab_looks(desktop, out_dir, "lobby_checkin", helpers.MAIN_LOOKS))
    with helpers.rendering("lobby_board"):
        workspace.tabs.setCurrentWidget(workspace.board)
        helpers.settle(desktop)
        written.extend(helpers.grab_looks(desktop, out_dir, "lobby_board", helpers.MAIN_LOOKS))
    with helpers.rendering("lobby_counter"):
        counter = workspace.counter
        workspace.tabs.setCurrentWidget(counter)
        counter.refresh()
        helpers.settle(desktop)
        free = next((c for c in counter.counters if c.number == FREE_COUNTER), None)
        if free is None:
            raise helpers.ScreenNotRendered("lobby_counter", f"the branch has no counter {FREE_COUNTER}")
        counter.picker.setCurrentIndex(counter.picker.findData(free.id))
        counter.hold()
        helpers.settle(desktop)
        if counter.held_id is None:
            raise helpers.ScreenNotRendered("lobby_counter", f"counter {FREE_COUNTER} could not be held")
        counter._counter_action("open")
        helpers.settle(desktop)
        if counter.ticket is None:
            counter.call_next()
            helpers.settle(desktop)
        written.extend(helpers.grab_looks(desktop, out_dir, "lobby_counter", helpers.MAIN_LOOKS))
    with helpers.rendering("lobby_display"):
        helpers.use_language(desktop, "zh_CN")  # a Chinese branch's lobby
        display = seat.open_display()
        display.showNormal()
        written.extend(helpers.grab_window_sizes(desktop, display, out_dir, "lobby_display", DISPLAY_SIZES))
        workspace.close_display()
    window.tabs.setCurrentIndex(0)
    return written
