"""Ticket lists as the signed-in person may see them: scoped, masked, sorted and paged.

The desktop's ticket list asks for one page at a time (:func:`list_page`).  Three rules hold here, not in
the widgets:

* **Scope** — ``permissions.ticket_scope``: a supervisor sees the work of the teams they supervise and of
  their own team (tickets of the team, or assigned to one of its members); everyone else who handles
  tickets sees the tickets assigned to them; other roles see none.
* **Masking** — in a list, the customer's name is masked (``张**``, as in the export) for roles without
  ``customer.reveal``; the ticket panel beside the 360° view shows the name as the 360° view does.
* **Order** — any of :data:`SORT_KEYS`, ascending or descending, always ending with the ticket id so that
  pages are stable; ``deadline`` sorts by the open deadline with stopped clocks last.

The criteria are those of :func:`.views.run_filter` (``view``, ``statuses``, ``categories``, ``text``, …).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select

from contactdesk.db.models import Customer
from contactdesk.desktop.services.permissions import Principal, allowed, ticket_scope

from . import views
from .calendar import as_utc
from .export import mask_name
from .records import CLOCK, TICKET
from .views import TicketRow

SORT_KEYS = ("deadline", "number", "customer", "category", "status", "assignee", "received")
MAX_PAGE = 500


@dataclass(frozen=True)
class Page:
    """One page of a ticket list.

    Attributes:
        rows: the tickets, in the requested order.
        offset: where the page starts in the whole list.
        has_more: whether rows follow this page.
        masked: whether customer names are masked in ``rows``.
    """

    rows: list[TicketRow]
    offset: int
    has_more: bool
    masked: bool


def names_masked(principal: Principal) -> bool:
    """Whether lists show this principal masked customer names."""
    return not allowed(principal.role, "customer.reveal")


def _order(order: str, descending: bool) -> list[Any]:
    if order not in SORT_KEYS:
        raise ValueError(f"unknown sort key {order!r}")
    t, c = TICKET.c, CLOCK.c
    if order == "deadline":
        due = c.open_due_at.desc() if descending else c.open_due_at.asc()
        return [c.open_due_at.is_(None), due, t.id.desc() if descending else t.id.asc()]
    column = {
        "number": t.number,
        "customer": Customer.name,
        "category": t.category,
        "status": t.status,
        "assignee": views._assignee.display_name,  # the alias the list query joins
        "received": t.received_at,
    }[order]
    if descending:
        return [column.desc(), t.id.desc()]
    return [column.asc(), t.id.asc()]


def page_query(
    principal: Principal,
    criteria: dict[str, Any],
    *,
    now: dt.datetime,
    order: str = "deadline",
    descending: bool = False,
    tz: str = "Asia/Shanghai",
) -> Select[Any]:
    """The scoped, ordered (unlimited) query behind :func:`list_page`."""
    query = views.filter_query(criteria, user_id=principal.user_id, now=now, tz=tz)
    return query.where(ticket_scope(principal)).order_by(None).order_by(*_order(order, descending))


def list_page(
    conn: Connection,
    principal: Principal,
    criteria: dict[str, Any],
    *,
    now: dt.datetime,
    order: str = "deadline",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    tz: str = "Asia/Shanghai",
) -> Page:
    """One page of the tickets ``criteria`` selects among those ``principal`` may see.

    Raises:
        InvalidInput: unknown criteria.
        ValueError: unknown sort key (a programming error).
    """
    limit = max(1, min(int(limit), MAX_PAGE))
    offset = max(0, int(offset))
    now = as_utc(now) or now
    query = page_query(principal, criteria, now=now, order=order, descending=descending, tz=tz)
    found = [views.to_row(r, now) for r in conn.execute(query.offset(offset).limit(limit + 1))]
    masked = names_masked(principal)
    rows = found[:limit]
    if masked:
        rows = [dataclasses.replace(r, customer_name=mask_name(r.customer_name) or None) for r in rows]
    return Page(rows, offset, len(found) > limit, masked)
