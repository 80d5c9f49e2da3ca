"""Ticket queries for the desktop: queues, the at-risk and breached boards, saved filters, the ticket panel.

Every list is index-backed and bounded:

| view | index |
|---|---|
| :func:`at_risk` (open, not breached, least time left first) | ``ix_ticket_clock_due_order`` range, LIMIT |
| :func:`at_risk` / :func:`breached` for one team | ``ix_ticket_clock_team_open_due`` range, LIMIT |
| :func:`breached` (open, past the deadline, most overdue first) | same index, the other side of "now" |
| :func:`my_tickets` | ``ix_ticket_assignee_status`` |
| :func:`team_queue` | ``ix_ticket_team_status`` |
| :func:`customer_tickets` (the panel beside the 360° view) | ``ix_ticket_customer_status`` |
| :func:`run_filter` | whichever of the above the criteria name, else the newest tickets |

Rows are :class:`TicketRow`; ``remaining_s`` is the time left to the decision deadline at ``now``
(negative when breached, None when the clock is stopped or there is none).  Identifiers are not in list
rows; the export masks them (:mod:`.export`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Select, Table, delete, insert, or_, select, update
from sqlalchemy.orm import aliased

from db.models import Customer, TicketSavedFilter, User
from db.models.ticket import OPEN_TICKET_STATES

from . import numbers, records
from .calendar import as_utc
from .clocks import ONE_SECOND
from .errors import InvalidInput, NotAllowed
from .workflow import allowed_targets

T, C = records.TICKET, records.CLOCK
_assignee = aliased(User)
FILTER: Table = TicketSavedFilter.__table__  # type: ignore[assignment]
VIEWS = ("all", "mine", "team", "at_risk", "breached")
CRITERIA_KEYS = {
    "view",
    "statuses",
    "categories",
    "severities",
    "channels",
    "team_id",
    "assignee_id",
    "customer_id",
    "text",
    "received_from",
    "received_to",
    "include_closed",
    "kind",
}
MAX_ROWS = 1000


@dataclass(frozen=True)
class TicketRow:
    """One line of a ticket list."""

    id: int
    number: str
    kind: str
    status: str
    category: str
    severity: str
    summary: str
    intake_channel: str
    customer_id: int | None
    customer_name: str | None
    assignee_id: int | None
    assignee_name: str | None
    team_id: int | None
    received_at: dt.datetime
    due_at: dt.datetime | None
    remaining_s: int | None
    warn_level: int
    breached: bool
    sla_paused: bool


def _columns() -> list[Any]:
    return [
        T.c.id,
        T.c.number,
        T.c.kind,
        T.c.status,
        T.c.category,
        T.c.severity,
        T.c.summary,
        T.c.intake_channel,
        T.c.customer_id,
        Customer.name.label("customer_name"),
        T.c.assignee_id,
        _assignee.display_name.label("assignee_name"),
        T.c.team_id,
        T.c.received_at,
        C.c.due_at,
        C.c.open_due_at,
        C.c.warn_level,
        T.c.breached,
        C.c.breached_at,
        C.c.sla_paused_at,
    ]


def _joined(query: Select[Any], *, clock_first: bool = False) -> Select[Any]:
    base = C.join(T, T.c.id == C.c.ticket_id) if clock_first else T.outerjoin(C, C.c.ticket_id == T.c.id)
    return query.select_from(
        base.outerjoin(Customer, Customer.id == T.c.customer_id).outerjoin(_assignee, _assignee.id == T.c.assignee_id)
    )


def to_row(r: Any, now: dt.datetime) -> TicketRow:
    """A list row from a result row whose first columns are :func:`_columns` (positional: lists are long)."""
    (tid, number, kind, status, category, severity, summary, channel, customer_id, customer_name, assignee_id,
     assignee_name, team_id, received_at, due_at, open_due_at, warn_level, breached_flag, breached_at,
     paused_at) = tuple(r)[:20]  # fmt: skip
    open_due = as_utc(open_due_at) if open_due_at is not None else None
    return TicketRow(
        tid, number, kind, status, category, severity, summary, channel, customer_id, customer_name, assignee_id,
        assignee_name, team_id, as_utc(received_at), as_utc(due_at) if due_at is not None else None,
        int((open_due - now).total_seconds()) if open_due is not None else None,
        warn_level or 0, bool(breached_flag) or breached_at is not None, paused_at is not None,
    )  # fmt: skip


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_ROWS))


# -- boards -------------------------------------------------------------------------------------------
def at_risk(
    conn: Connection,
    now: dt.datetime,
    *,
    team_id: int | None = None,
    within: dt.timedelta | None = None,
    limit: int = 100,
    after: tuple[dt.datetime, int] | None = None,
) -> list[TicketRow]:
    """Open tickets not yet breached, least time left first.

    Args:
        now: the instant remaining time is measured from.
        team_id: only this team's tickets.
        within: only deadlines within this span from now.
        limit: page size (at most 1000).
        after: keyset cursor ``(due_at, id)`` of the last row of the previous page.
    """
    now = as_utc(now)
    query = _joined(select(*_columns()), clock_first=True).where(C.c.open_due_at > now - ONE_SECOND)
    if within is not None:
        query = query.where(C.c.open_due_at <= now + within)
    if team_id is not None:
        query = query.where(C.c.team_id == team_id)  # ix_ticket_clock_team_open_due
    if after is not None:
        query = query.where(or_(C.c.open_due_at > after[0], (C.c.open_due_at == after[0]) & (C.c.ticket_id > after[1])))
    query = query.order_by(C.c.open_due_at, C.c.ticket_id).limit(_limit(limit))
    return [to_row(r, now) for r in conn.execute(query)]


def breached(conn: Connection, now: dt.datetime, *, team_id: int | None = None, limit: int = 100) -> list[TicketRow]:
    """Open tickets past their deadline, most overdue first."""
    now = as_utc(now)
    query = _joined(select(*_columns()), clock_first=True).where(C.c.open_due_at <= now - ONE_SECOND)
    if team_id is not None:
        query = query.where(C.c.team_id == team_id)
    query = query.order_by(C.c.open_due_at, C.c.ticket_id).limit(_limit(limit))
    return [to_row(r, now) for r in conn.execute(query)]


def my_tickets(
    conn: Connection, user_id: int, now: dt.datetime, *, include_closed: bool = False, limit: int = 200
) -> list[TicketRow]:
    """The user's tickets, open ones by deadline (closed ones, if asked for, newest last)."""
    query = _joined(select(*_columns())).where(T.c.assignee_id == user_id)
    if not include_closed:
        query = query.where(T.c.status.in_(OPEN_TICKET_STATES))
    query = query.order_by(C.c.open_due_at.is_(None), C.c.open_due_at, T.c.id).limit(_limit(limit))
    return [to_row(r, as_utc(now)) for r in conn.execute(query)]


def team_queue(
    conn: Connection, team_id: int, now: dt.datetime, *, unassigned_only: bool = False, limit: int = 200
) -> list[TicketRow]:
    """A team's open tickets by deadline; ``unassigned_only`` for the pick-up queue."""
    query = _joined(select(*_columns())).where(T.c.team_id == team_id, T.c.status.in_(OPEN_TICKET_STATES))
    if unassigned_only:
        query = query.where(T.c.assignee_id.is_(None))
    query = query.order_by(C.c.open_due_at.is_(None), C.c.open_due_at, T.c.id).limit(_limit(limit))
    return [to_row(r, as_utc(now)) for r in conn.execute(query)]


def customer_tickets(conn: Connection, customer_id: int, now: dt.datetime, *, limit: int = 100) -> list[TicketRow]:
    """A customer's tickets for the panel beside the 360° view: open ones first, then newest."""
    is_open = T.c.status.in_(OPEN_TICKET_STATES)
    query = (
        _joined(select(*_columns()))
        .where(T.c.customer_id == customer_id)
        .order_by(is_open.desc(), T.c.received_at.desc(), T.c.id.desc())
        .limit(_limit(limit))
    )
    return [to_row(r, as_utc(now)) for r in conn.execute(query)]


def find_by_number(conn: Connection, text: str) -> int | None:
    """The id of the ticket whose number someone typed or read out (see :func:`numbers.normalize`)."""
    number = numbers.normalize(text)
    if number is None:
        return None
    found = conn.execute(select(T.c.id).where(T.c.number == number)).scalar()
    if found is None:  # numbers from other tools may be zero-padded to another width
        seq = numbers.sequence_of(number)
        if seq is not None:
            prefix = number.split("-")[0]
            for width in (5, 6):
                found = conn.execute(select(T.c.id).where(T.c.number == f"{prefix}-{seq:0{width}d}")).scalar()
                if found is not None:
                    break
    return int(found) if found is not None else None


# -- saved filters ------------------------------------------------------------------------------------
def check_criteria(criteria: dict[str, Any]) -> dict[str, Any]:
    """Validate a filter; returns it unchanged.

    Raises:
        InvalidInput: unknown keys or view.
    """
    unknown = set(criteria) - CRITERIA_KEYS
    if unknown:
        raise InvalidInput("筛选条件无效。", f"Unknown filter fields: {sorted(unknown)}")
    if criteria.get("view", "all") not in VIEWS:
        raise InvalidInput("视图无效。", f"Unknown view {criteria.get('view')!r}.")
    return criteria


def filter_query(
    criteria: dict[str, Any],
    *,
    user_id: int | None,
    now: dt.datetime,
    extra_columns: tuple[Any, ...] = (),
    tz: str = "Asia/Shanghai",
    clock_first: bool = False,
) -> Select[Any]:
    """The (unlimited) query behind :func:`run_filter`; the export adds its own columns.

    ``clock_first`` joins from ``ticket_clock`` (every ticket has its row), so that a list in deadline order
    can be read along ``ix_ticket_clock_due_order``; the at-risk and breached views always do.
    """
    check_criteria(criteria)
    now = as_utc(now)
    view = criteria.get("view", "all")
    at_risk_view = view in ("at_risk", "breached")
    query = _joined(select(*_columns(), *extra_columns), clock_first=at_risk_view or clock_first)
    if view == "mine":  # one's own: assigned to them, or registered by them (see permissions.ticket_scope)
        query = query.where(or_(T.c.assignee_id == user_id, T.c.created_by_id == user_id))
    if view == "at_risk":
        query = query.where(C.c.open_due_at > now - ONE_SECOND)
    elif view == "breached":
        query = query.where(C.c.open_due_at <= now - ONE_SECOND)
    if criteria.get("team_id") is not None or view == "team":
        query = query.where(T.c.team_id == criteria.get("team_id"))
    if criteria.get("assignee_id") is not None:
        query = query.where(T.c.assignee_id == criteria["assignee_id"])
    if criteria.get("customer_id") is not None:
        query = query.where(T.c.customer_id == criteria["customer_id"])
    if criteria.get("statuses"):
        query = query.where(T.c.status.in_(criteria["statuses"]))
    elif not criteria.get("include_closed") and not at_risk_view:
        query = query.where(T.c.status.in_(OPEN_TICKET_STATES))
    for key, column in (("categories", T.c.category), ("severities", T.c.severity), ("channels", T.c.intake_channel)):
        if criteria.get(key):
            query = query.where(column.in_(criteria[key]))
    if criteria.get("kind"):
        query = query.where(T.c.kind == criteria["kind"])
    if criteria.get("text"):
        pattern = f"%{criteria['text'].strip()}%"
        query = query.where(or_(T.c.number.like(pattern), T.c.summary.like(pattern)))
    if criteria.get("received_from"):
        query = query.where(T.c.received_at >= _local_start(criteria["received_from"], tz))
    if criteria.get("received_to"):
        query = query.where(T.c.received_at < _local_start(criteria["received_to"], tz) + dt.timedelta(days=1))
    if at_risk_view or view in ("mine", "team"):
        return query.order_by(C.c.open_due_at.is_(None), C.c.open_due_at, T.c.id)
    return query.order_by(T.c.id.desc())


def run_filter(
    conn: Connection, criteria: dict[str, Any], *, user_id: int | None, now: dt.datetime, limit: int = 200
) -> list[TicketRow]:
    """The tickets a (saved) filter selects.

    Criteria: ``view`` (all, mine, team, at_risk, breached), ``statuses``, ``categories``, ``severities``,
    ``channels``, ``kind``, ``team_id``, ``assignee_id``, ``customer_id``, ``text`` (in the number or
    summary), ``received_from``/``received_to`` (ISO dates, local), ``include_closed``.
    """
    query = filter_query(criteria, user_id=user_id, now=now).limit(_limit(limit))
    return [to_row(r, as_utc(now)) for r in conn.execute(query)]


def _local_start(day: str, tz: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0), ZoneInfo(tz)).astimezone(dt.UTC)


@dataclass(frozen=True)
class SavedFilter:
    id: int
    owner_id: int
    name: str
    criteria: dict[str, Any]
    shared: bool


def save_filter(conn: Connection, owner_id: int, name: str, criteria: dict[str, Any], *, shared: bool = False) -> int:
    """Store (or replace) a named filter of a user; returns its id."""
    check_criteria(criteria)
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput("筛选名称须为1至64个字符。", "A filter name needs 1 to 64 characters.")
    existing = conn.execute(select(FILTER.c.id).where(FILTER.c.owner_id == owner_id, FILTER.c.name == name)).scalar()
    if existing is not None:
        conn.execute(update(FILTER).where(FILTER.c.id == existing).values(criteria=criteria, shared=shared))
        return int(existing)
    return int(
        conn.execute(
            insert(FILTER)
            .values(owner_id=owner_id, name=name, criteria=criteria, shared=shared, created_at=dt.datetime.now(dt.UTC))
            .returning(FILTER.c.id)
        ).scalar_one()
    )


def list_filters(conn: Connection, user_id: int) -> list[SavedFilter]:
    """The user's own filters and everyone's shared ones."""
    rows = conn.execute(
        select(FILTER).where(or_(FILTER.c.owner_id == user_id, FILTER.c.shared.is_(True))).order_by(FILTER.c.name)
    )
    return [SavedFilter(r.id, r.owner_id, r.name, dict(r.criteria or {}), bool(r.shared)) for r in rows]


def delete_filter(conn: Connection, user_id: int, filter_id: int) -> None:
    if conn.execute(delete(FILTER).where(FILTER.c.id == filter_id, FILTER.c.owner_id == user_id)).rowcount != 1:
        raise NotAllowed("只能删除自己的筛选。", "You can only delete your own filters.")


# -- the ticket panel ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TicketDetail:
    """Everything the ticket panel shows; ``version`` goes back with every save."""

    row: TicketRow
    version: int
    description: str | None
    customer_request: str | None
    complained_user_id: int | None
    complained_branch_id: int | None
    identity_verified: bool
    referral_date: dt.date | None
    is_complex: bool
    regulatory_deadline: dt.datetime | None
    extended_deadline: dt.datetime | None
    extension_state: str | None
    first_response_due: dt.datetime | None
    first_responded_at: dt.datetime | None
    next_update_due: dt.datetime | None
    merged_into_id: int | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    resolution: str | None
    outcome: str | None
    compensation: Any
    satisfaction: int | None
    survey_sent_at: dt.datetime | None
    read_only: bool
    next_states: list[str]


def ticket_detail(conn: Connection, ticket_id: int, now: dt.datetime) -> TicketDetail:
    """The ticket panel's content."""
    full = records.load(conn, ticket_id)  # first: it adds a missing clock row
    r = conn.execute(_joined(select(*_columns())).where(T.c.id == ticket_id)).one()

    def utc(v: dt.datetime | None) -> dt.datetime | None:
        return as_utc(v) if v is not None else None

    return TicketDetail(
        row=to_row(r, as_utc(now)),
        version=full.version,
        description=full.description,
        customer_request=full.customer_request,
        complained_user_id=full.complained_user_id,
        complained_branch_id=full.complained_branch_id,
        identity_verified=bool(full.identity_verified),
        referral_date=full.referral_date,
        is_complex=bool(full.is_complex),
        regulatory_deadline=utc(full.regulatory_deadline),
        extended_deadline=utc(full.extended_deadline),
        extension_state=full.extension_state,
        first_response_due=utc(full.first_response_due),
        first_responded_at=utc(full.first_responded_at),
        next_update_due=utc(full.next_update_due),
        merged_into_id=full.merged_into_id,
        decided_at=utc(full.decided_at),
        closed_at=utc(full.closed_at),
        resolution=full.resolution,
        outcome=full.outcome,
        compensation=full.compensation,
        satisfaction=full.satisfaction,
        survey_sent_at=utc(full.survey_sent_at),
        read_only=full.status in records.READ_ONLY_STATES,
        next_states=allowed_targets(full.status),
    )


@dataclass(frozen=True)
class EventRow:
    """One line of the ticket's history."""

    id: int
    kind: str
    at: dt.datetime
    actor_id: int | None
    actor_name: str | None
    body: str | None
    data: dict[str, Any] | None


def ticket_events(conn: Connection, ticket_id: int) -> list[EventRow]:
    """The ticket's history, oldest first."""
    actor = aliased(User)
    e = records.EVENT
    rows = conn.execute(
        select(e, actor.display_name.label("actor_name"))
        .outerjoin(actor, actor.id == e.c.actor_id)
        .where(e.c.ticket_id == ticket_id)
        .order_by(e.c.at, e.c.id)
    )
    return [EventRow(r.id, r.kind, as_utc(r.at), r.actor_id, r.actor_name, r.body, r.data) for r in rows]
