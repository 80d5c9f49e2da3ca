"""Putting the tickets workspace into a representative state for screenshots, from the seeded data.

``showcase_principal(engine)`` (database worker) picks the supervisor of the complaint desk, whose teams'
work includes the open complaints of the seed; ``show_representative_state(workspace)`` (GUI thread) shows
the at-risk view — or, when nothing is at risk, every open ticket the supervisor can see — and opens the
ticket with the least time left.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select

from db.models import Team, Ticket, User
from db.models.ticket import OPEN_TICKET_STATES
from services.permissions import Principal


def showcase_principal(engine: Any) -> Principal:
    """The supervisor of the team with the most open complaints (runs on the database worker).

    Raises:
        LookupError: no team with a supervisor has open complaints.
    """
    with engine.connect() as conn:
        row = conn.execute(
            select(User.id, User.username, User.role_code, User.branch_id, User.team_id, User.display_name)
            .join(Team, Team.supervisor_id == User.id)
            .join(Ticket, Ticket.team_id == Team.id)
            .where(Ticket.kind == "complaint", Ticket.status.in_(OPEN_TICKET_STATES), User.is_active.is_(True))
            .group_by(User.id, User.username, User.role_code, User.branch_id, User.team_id, User.display_name)
            .order_by(func.count().desc(), User.id)
            .limit(1)
        ).first()
    if row is None:
        raise LookupError("no supervised team has open complaints")
    return Principal(
        user_id=int(row[0]),
        username=row[1],
        role=row[2],
        branch_id=row[3],
        team_id=row[4],
        display_name=row[5],
        workstation="screenshot",
    )


def _wait(workspace: Any, done: Any, timeout_ms: int) -> bool:
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() > deadline:
            return False
        workspace.tasks.wait_idle(timeout_ms)
        QCoreApplication.processEvents()
    return True


def _show_view(workspace: Any, view: str, timeout_ms: int) -> None:
    ticket_list = workspace.list
    loaded: list[bool] = []

    def mark() -> None:
        loaded.append(True)

    ticket_list.list_loaded.connect(mark)
    try:
        ticket_list.set_view(view)
        ticket_list.reload()
        _wait(workspace, lambda: bool(loaded), timeout_ms)
    finally:
        ticket_list.list_loaded.disconnect(mark)


def show_representative_state(workspace: Any, *, timeout_ms: int = 60_000) -> int | None:
    """Show at-risk tickets with the most urgent one open; returns its id (None: the list is empty).

    Args:
        workspace: a :class:`~desktop.ui.tickets.workspace.TicketsWorkspace` (shown or not).
        timeout_ms: how long to wait for the database.
    """
    workspace.start()
    for view in ("at_risk", "all"):
        _show_view(workspace, view, timeout_ms)
        if workspace.list.model.rowCount():
            break
    ticket_id = workspace.list.model.ticket_id(0)
    if ticket_id is None:
        return None
    workspace.open_ticket(ticket_id)
    panel = workspace.panel
    _wait(workspace, lambda: panel.view is not None and panel.view.detail.row.id == ticket_id, timeout_ms)
    return int(ticket_id)
