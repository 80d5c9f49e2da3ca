"""Ticket lists as the signed-in person may see them: scoped, masked, sorted and paged.

The desktop's ticket list asks for one page at a time (:func:`list_page`).  Three rules hold here, not in
the widgets:

* **Scope** — ``permissions.ticket_scope``: a supervisor sees the work of the teams they supervise and of
  their own team (tickets of the team, or assigned to one of its members); everyone else who handles
  tickets sees their own: those assigned to them and those they registered (an agent's new complaint
  waiting in the team queue stays on the agent's list); other roles see none.
* **Masking** — in a list, the customer's name is masked (``张**``, as in the export) for roles without
  ``customer.reveal``; the ticket panel beside the 360° view shows the name as the 360° view does.
* **Order** — any of :data:`SORT_KEYS`, ascending or descending, always ending with the ticket id so that
  pages are stable; ``deadline`` sorts by the open deadline with stopped clocks last.  Rows whose sort
  value is empty (no deadline, no customer, nobody assigned) come after the others in either direction.
* **Keyset pages** — each :class:`Page` carries the key of its last row (:attr:`Page.cursor`); the next
  page is asked for with ``after=cursor`` and starts right after that key, so a deep page of a million
  tickets costs what the first one does (no OFFSET).  The deadline order is the order of
  ``ix_ticket_clock_due_order`` (``open_due_at, ticket_id``): a page of it is one index range scan.
  ``offset`` paging is still accepted for small lists.

The criteria are those of :func:`.queries.run_filter` (``view``, ``statuses``, ``categories``, ``text``, …).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, literal, tuple_

from db.models import Customer
from services.permissions import Principal, allowed, ticket_scope

from . import queries
from .calendar import as_utc
from .export import mask_name
from .queries import TicketRow
from .records import CLOCK, TICKET

SORT_KEYS = ("deadline", "number", "customer", "category", "summary", "status", "assignee", "received")
MAX_PAGE = 500


@dataclass(frozen=True)
class Page:
    """One page of a ticket list.

    Attributes:
        rows: the tickets, in the requested order.
        offset: where the page starts in the whole list.
        has_more: whether rows follow this page.
        masked: whether customer names are masked in ``rows``.
        cursor: the sort key of the last row; pass it as ``after`` for the next page (None: empty page).
    """

    rows: list[TicketRow]
    offset: int
    has_more: bool
    masked: bool
    cursor: Cursor | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page ends: the sort value of its last row (None: the rows without one) and its id."""

    value: Any
    id: int


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
    column = _sort_column(order)
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
    query = queries.filter_query(criteria, user_id=principal.user_id, now=now, tz=tz)
    return query.where(ticket_scope(principal)).order_by(None).order_by(*_order(order, descending))


def _sort_column(order: str) -> Any:
    if order not in SORT_KEYS:
        raise ValueError(f"unknown sort key {order!r}")
    t = TICKET.c
    return {
        "deadline": CLOCK.c.open_due_at,
        "number": t.number,
        "customer": Customer.name,
        "category": t.category,
        "summary": t.summary,
        "status": t.status,
        "assignee": queries._assignee.display_name,  # the alias the list query joins
        "received": t.received_at,
    }[order]


def _keyset_rows(
    conn: Connection,
    base: Select[Any],
    order: str,
    descending: bool,
    after: Cursor | None,
    want: int,
) -> list[Any]:
    """Up to ``want`` rows after ``after``: first those with a sort value, then those without (by id)."""
    column = _sort_column(order)
    tie = CLOCK.c.ticket_id if order == "deadline" else TICKET.c.id  # the deadline index ends with ticket_id
    found: list[Any] = []
    if after is None or after.value is not None:
        query = base.where(column.is_not(None))
        if after is not None:
            key, at = tuple_(column, tie), tuple_(literal(after.value, column.type), literal(after.id, tie.type))
            query = query.where(key < at if descending else key > at)
        ordering = [column.desc(), tie.desc()] if descending else [column.asc(), tie.asc()]
        found = list(conn.execute(query.order_by(*ordering).limit(want)))
    if len(found) < want:
        query = base.where(column.is_(None))
        if after is not None and after.value is None:
            query = query.where(tie < after.id if descending else tie > after.id)
            if tie is not TICKET.c.id:
                # The same bound on the ticket side: a merge join on the two primary keys then starts both
                # scans at the cursor instead of reading the ticket table from its first row.
                query = query.where(TICKET.c.id < after.id if descending else TICKET.c.id > after.id)
        found += list(conn.execute(query.order_by(tie.desc() if descending else tie.asc()).limit(want - len(found))))
    return found


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
    after: Cursor | None = None,
    tz: str = "Asia/Shanghai",
) -> Page:
    """One page of the tickets ``criteria`` selects among those ``principal`` may see.

    Args:
        after: the :attr:`Page.cursor` of the previous page (keyset paging; ``offset`` is then ignored).
        offset: rows to skip (only without ``after``; for small lists).

    Raises:
        InvalidInput: unknown criteria.
        ValueError: unknown sort key (a programming error).
    """
    limit = max(1, min(int(limit), MAX_PAGE))
    offset = 0 if after is not None else max(0, int(offset))
    now = as_utc(now) or now
    column = _sort_column(order)
    if offset:
        query = page_query(principal, criteria, now=now, order=order, descending=descending, tz=tz)
        found = list(conn.execute(query.add_columns(column.label("sort_key")).offset(offset).limit(limit + 1)))
    else:
        # Deadline order: the clock row drives the join (every ticket has one), so the index gives the order.
        base = queries.filter_query(
            criteria,
            user_id=principal.user_id,
            now=now,
            tz=tz,
            extra_columns=(column.label("sort_key"),),
            clock_first=order == "deadline",
        )
        base = base.where(ticket_scope(principal)).order_by(None)
        found = _keyset_rows(conn, base, order, descending, after, limit + 1)
    rows = [queries.to_row(r, now) for r in found[:limit]]
    last = found[:limit][-1] if found[:limit] else None
    cursor = Cursor(last.sort_key, int(last.id)) if last is not None else None
    masked = names_masked(principal)
    if masked:
        rows = [dataclasses.replace(r, customer_name=mask_name(r.customer_name) or None) for r in rows]
    return Page(rows, offset, len(found) > limit, masked, cursor)
