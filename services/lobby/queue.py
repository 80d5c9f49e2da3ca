"""Issuing queue numbers: gapless daily series, priorities, appointments, the printed ticket's estimate.

* A number is its service's prefix and the next value of the series of (branch, branch-local day, prefix) in
  ``lobby_series``, taken with ``UPDATE ... RETURNING`` (the day's row is made first, once) in the transaction
  that inserts the ticket: a failed issue rolls both back, so numbers have no gaps, and concurrent issues of
  one series queue on that row.  The series also keeps its last number's time, and a new number's time is
  never earlier, so within a series the order of times is the order of numbers.  On PostgreSQL the number,
  the ticket and its feed row are one statement followed by the commit, so the series row is held for no
  more than that.
* The day turns at the branch's local midnight: numbers restart at 001, and numbers of earlier days never
  reach a counter (the counters only call today's).  Left-over waiting numbers are marked ``cancelled``
  (outcome ``expired``) when the first number of a series is issued on a new day; until then
  :meth:`QueueService.left_over` lists them.
* Priority (higher first): an appointment inside its slot (from 15 minutes before its start to its end),
  then the elderly and the disabled.  VIPs (``vip_level > 0``) are flagged and called first at counters that
  serve VIPs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, String, Table, bindparam, case, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from db import feed
from db.models import Appointment, Branch, Customer, LobbySeries
from db.write import aware, utcnow, write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize, customer_scope

from . import notices
from .estimates import Estimator, ahead_of, counters_open
from .setup import branch_zone, day_bounds, service_day, services_of, zone_and_service
from .ticket_rows import (
    OPEN_STATES,
    PRIORITY,
    TICKETS,
    announce,
    load_view,
    number_of,
    ticket_query,
    ticket_view,
)
from .types import FEED_LOBBY, IssuedTicket, LobbyError, QueueTicketView, ServiceType

SERIES: Table = LobbySeries.__table__  # type: ignore[assignment]
APPOINTMENTS: Table = Appointment.__table__  # type: ignore[assignment]
EARLY_FOR_SLOT = dt.timedelta(minutes=15)
LEFT_OVER_DAYS = 30  # how far back a new day's first number looks for numbers left waiting


def branch_of(principal: Principal, branch_id: int | None) -> int:
    """The branch a lobby action is for: the principal's own (another's is refused)."""
    if principal.branch_id is None:
        raise LobbyError("no_branch", "您不属于任何网点。", "You do not belong to a branch.")
    if branch_id is not None and branch_id != principal.branch_id:
        raise LobbyError("other_branch", "只能操作本网点的排队。", "You can only work on your own branch's queue.")
    return principal.branch_id


@lru_cache(maxsize=1)
def issued_query() -> Any:
    """The ticket ``ticket_id`` (a bound parameter) as :func:`ticket_query` reads it, with its branch's name and
    the people ahead of it (``ahead``), in one statement built once: the printed ticket's figures."""
    before = TICKETS.alias("before")
    ahead = select(func.count()).select_from(before).where(ahead_of(TICKETS.c, before)).scalar_subquery()
    return (
        ticket_query()
        .add_columns(Branch.name.label("branch_name"), ahead.label("ahead"))
        .join(Branch, Branch.id == TICKETS.c.branch_id)
        .where(TICKETS.c.id == bindparam("ticket_id"))
    )


# The columns of a new ticket that the issuing desk decides (the number, its sequence and time come from the
# series).
TICKET_FIELDS = (
    "branch_id", "service_day", "service_type", "customer_id", "is_vip", "status", "priority", "priority_reason",
    "appointment_id", "sms_consent", "issued_by_id", "recalls", "near_notice_sent", "version",
)  # fmt: skip


@lru_cache(maxsize=2)
def _advance(dialect: str) -> Any:
    """``UPDATE lobby_series`` to the next number, returning ``last_seq`` and the ticket's time ``last_at``, which
    never goes back within a series (so the order of times is the order of numbers even when the clocks of two
    desktops differ or one was slower to the row).  Built once, with bound parameters ``s_*``."""
    at = bindparam("s_at", type_=SERIES.c.last_at.type)
    latest = func.greatest if dialect == "postgresql" else func.max
    return (
        update(SERIES)
        .where(
            SERIES.c.branch_id == bindparam("s_branch"),
            SERIES.c.service_day == bindparam("s_day"),
            SERIES.c.prefix == bindparam("s_prefix"),
        )
        .values(last_seq=SERIES.c.last_seq + 1, last_at=latest(func.coalesce(SERIES.c.last_at, at), at))
        .returning(SERIES.c.last_seq, SERIES.c.last_at)
    )


def open_series(conn: Connection, branch_id: int, day: dt.date, prefix: str) -> None:
    """The day's row of a series, before its first number (a no-op when another desk made it first)."""
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(
        dialect.insert(SERIES)
        .values(branch_id=branch_id, service_day=day, prefix=prefix, last_seq=0)
        .on_conflict_do_nothing(index_elements=["branch_id", "service_day", "prefix"])
    )


def _series_params(branch_id: int, day: dt.date, prefix: str, at: dt.datetime) -> dict[str, Any]:
    return {"s_branch": branch_id, "s_day": day, "s_prefix": prefix, "s_at": at}


def next_seq(conn: Connection, branch_id: int, day: dt.date, prefix: str, at: dt.datetime) -> tuple[int, dt.datetime]:
    """The series' next number and its ticket's time (see :func:`_advance`)."""
    params = _series_params(branch_id, day, prefix, at)
    row = conn.execute(_advance(conn.dialect.name), params).first()
    if row is None:  # the day's first number of the series
        open_series(conn, branch_id, day, prefix)
        row = conn.execute(_advance(conn.dialect.name), params).one()
    return int(row.last_seq), aware(row.last_at) or at


@lru_cache(maxsize=1)
def _numbered() -> Any:
    """PostgreSQL: the statement of :func:`insert_numbered`, built once (bound parameters ``s_*`` for the series,
    ``t_*`` for the ticket's fields, ``f_*`` for the feed row)."""
    series = _advance("postgresql").cte("series")
    text_seq = cast(series.c.last_seq, String)
    number = bindparam("s_prefix", type_=String) + case(
        (series.c.last_seq < 1000, func.lpad(text_seq, 3, "0")), else_=text_seq
    )
    rows = select(
        *[bindparam(f"t_{k}", type_=TICKETS.c[k].type) for k in TICKET_FIELDS],
        number,
        series.c.last_seq,
        series.c.last_at,
    ).select_from(series)
    made = (
        insert(TICKETS)
        .from_select([*TICKET_FIELDS, "number", "seq", "issued_at"], rows, include_defaults=False)
        .returning(TICKETS.c.id, TICKETS.c.number, TICKETS.c.seq, TICKETS.c.branch_id)
        .cte("made")
    )
    said = feed.append_from(
        made,
        FEED_LOBBY,
        made.c.branch_id,
        "issued",
        actor_id=bindparam("f_actor", type_=TICKETS.c.issued_by_id.type),
        at=bindparam("f_at", type_=TICKETS.c.issued_at.type),
        payload={"ticket_id": made.c.id, "number": made.c.number, "counter_label": None, "action": "issued"},
    ).cte("said")
    return select(made.c.id, made.c.seq).add_cte(said)


def insert_numbered(conn: Connection, prefix: str, ticket: dict[str, Any], actor_id: int) -> tuple[int, int]:
    """PostgreSQL: the next number, the ticket and its "issued" feed row in one statement; (ticket id, seq).

    The series row stays locked from this statement to the commit, so nothing else may run between them:
    concurrent issues of one series then wait for one statement and a commit each, not for the round trips
    of a whole transaction."""
    params = _series_params(ticket["branch_id"], ticket["service_day"], prefix, ticket["issued_at"])
    params.update({f"t_{k}": ticket[k] for k in TICKET_FIELDS}, f_actor=actor_id, f_at=ticket["issued_at"])
    row = conn.execute(_numbered(), params).first()
    if row is None:  # the day's first number of the series
        open_series(conn, ticket["branch_id"], ticket["service_day"], prefix)
        row = conn.execute(_numbered(), params).one()
    return int(row.id), int(row.seq)


def expire_left_over(conn: Connection, branch_id: int, day: dt.date) -> int:
    """Cancel numbers of earlier days still waiting (they are never called); returns how many."""
    t = TICKETS
    return int(
        conn.execute(
            update(t)
            .where(
                t.c.branch_id == branch_id,
                t.c.service_day < day,
                t.c.service_day >= day - dt.timedelta(days=LEFT_OVER_DAYS),
                t.c.status == "waiting",
            )
            .values(status="cancelled", outcome="expired", version=t.c.version + 1)
        ).rowcount
        or 0
    )


class QueueService:
    """Numbers for the lobby manager's check-in (see the module)."""

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        messaging: Any | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.messaging = messaging
        self.estimator = Estimator()

    def issue(
        self,
        principal: Principal,
        service_code: str,
        *,
        customer_id: int | None = None,
        priority_reason: str | None = None,
        appointment_id: int | None = None,
        sms_consent: bool = False,
        branch_id: int | None = None,
    ) -> IssuedTicket:
        """Issue the next number of the service (see the module for the rules)."""
        if priority_reason not in (None, "elderly", "disabled"):
            raise LobbyError(
                "bad_priority", "优先原因只能是老年人或残障人士。", "The priority reason must be elderly or disabled."
            )
        if appointment_id is not None and customer_id is None:
            raise LobbyError("bad_appointment", "预约须与客户一起登记。", "An appointment needs its customer.")
        try:
            with write_txn(self.engine) as conn:
                authorize(conn, principal, "queue_ticket.issue", audit=self.audit, entity="branch_queue_ticket")
                ticket_id, service = self._issue(
                    conn, principal, service_code, customer_id, priority_reason, appointment_id, sms_consent, branch_id
                )
        except IntegrityError as exc:
            if "customer" in str(exc.orig).lower():
                raise LobbyError("no_customer", "客户不存在。", "There is no such customer.") from None
            raise
        return self._issued(principal, ticket_id, service)

    def _issue(
        self,
        conn: Connection,
        principal: Principal,
        code: str,
        customer_id: int | None,
        reason: str | None,
        appointment_id: int | None,
        sms_consent: bool,
        branch_id: int | None,
    ) -> tuple[int, ServiceType]:
        branch = branch_of(principal, branch_id)
        zone, service = zone_and_service(conn, branch, code)
        now = self.clock()
        day = service_day(zone, now)
        is_vip = False
        visible = False
        if customer_id is not None:
            row = conn.execute(
                select(Customer.vip_level).where(Customer.id == customer_id, customer_scope(principal))
            ).first()
            visible = row is not None
            is_vip = visible and int(row.vip_level or 0) > 0  # type: ignore[union-attr]
            # PostgreSQL's foreign key refuses an unknown customer; SQLite is asked.
            if (
                not visible
                and conn.dialect.name != "postgresql"
                and conn.execute(select(Customer.id).where(Customer.id == customer_id)).first() is None
            ):
                raise LobbyError("no_customer", "客户不存在。", "There is no such customer.")
            self._refuse_second_number(conn, branch, day, customer_id, code)
        priority = PRIORITY[reason]
        if appointment_id is not None:
            assert customer_id is not None
            in_slot = self._check_in(conn, appointment_id, customer_id, branch, zone, day, now)
            reason = "appointment" if in_slot or reason is None else reason
            priority = max(priority, PRIORITY["appointment"] if in_slot else 0)
        ticket: dict[str, Any] = dict(
            branch_id=branch,
            service_day=day,
            service_type=code,
            customer_id=customer_id,
            is_vip=is_vip,
            status="waiting",
            issued_at=max(self.clock(), now),
            priority=priority,
            priority_reason=reason,
            appointment_id=appointment_id,
            sms_consent=bool(sms_consent and visible),
            issued_by_id=principal.user_id,
            recalls=0,
            near_notice_sent=False,
            version=1,
        )
        if conn.dialect.name == "postgresql" and appointment_id is None:
            ticket_id, seq = insert_numbered(conn, service.prefix, ticket, principal.user_id)
            if seq == 1:
                expire_left_over(conn, branch, day)
            return ticket_id, service
        seq, ticket["issued_at"] = next_seq(conn, branch, day, service.prefix, ticket["issued_at"])
        if seq == 1:
            expire_left_over(conn, branch, day)
        number = number_of(service.prefix, seq)
        ticket_id = int(
            conn.execute(insert(TICKETS).values(**ticket, number=number, seq=seq).returning(TICKETS.c.id)).scalar_one()
        )
        if appointment_id is not None:
            conn.execute(
                update(APPOINTMENTS)
                .where(APPOINTMENTS.c.id == appointment_id)
                .values(status="checked_in", ticket_id=ticket_id, updated_at=now, version=APPOINTMENTS.c.version + 1)
            )
        announce(conn, branch, ticket_id, number, None, "issued", principal.user_id)
        return ticket_id, service

    def _refuse_second_number(self, conn: Connection, branch: int, day: dt.date, customer_id: int, code: str) -> None:
        t = TICKETS
        held = conn.execute(
            select(t.c.number).where(
                t.c.branch_id == branch,
                t.c.service_day == day,
                t.c.customer_id == customer_id,
                t.c.service_type == code,
                t.c.status.in_(OPEN_STATES),
            )
        ).scalar()
        if held is not None:
            raise LobbyError(
                "already_waiting",
                f"该客户今天已领取本业务的排队号 {held}。",
                f"The customer already holds number {held} for this service today.",
            )

    def _check_in(
        self, conn: Connection, appointment_id: int, customer_id: int, branch: int, zone: Any, day: dt.date, now: Any
    ) -> bool:
        """Mark the customer's appointment of today checked in; True when now is inside its slot."""
        a = APPOINTMENTS
        row = conn.execute(select(a).where(a.c.id == appointment_id).with_for_update()).first()
        start, end = day_bounds(zone, day)
        slot_start, slot_end = (aware(row.slot_start), aware(row.slot_end)) if row is not None else (None, None)
        if (
            row is None
            or row.customer_id != customer_id
            or row.branch_id != branch
            or row.status != "booked"
            or slot_start is None
            or slot_end is None
            or not start <= slot_start < end
        ):
            raise LobbyError(
                "bad_appointment",
                "没有该客户今天在本网点的有效预约。",
                "The customer has no booked appointment at this branch today.",
            )
        return slot_start - EARLY_FOR_SLOT <= now <= slot_end

    def _issued(self, principal: Principal, ticket_id: int, service: ServiceType) -> IssuedTicket:
        """The printed ticket's figures (read after the commit), and the SMS with the number."""
        now = self.clock()
        with self.engine.connect() as conn:
            row = conn.execute(issued_query(), {"ticket_id": ticket_id}).one()
            view = ticket_view(row)
            ahead, branch_name = int(row.ahead), str(row.branch_name)
            open_counters = counters_open(conn, row.branch_id, row.service_type, now)
            wait = self.estimator.wait(conn, service, row.service_day, ahead, open_counters)
        sms = False
        if row.sms_consent and row.customer_id is not None and self.messaging is not None:
            with write_txn(self.engine) as conn:
                fields = notices.sms_fields(conn, row, ahead)
                composer = notices.composer_for(self.messaging)
                sms = notices.queue_sms(conn, composer, "queue_number", row, fields, actor_id=principal.user_id, at=now)
        return IssuedTicket(
            ticket=view,
            branch_name=branch_name,
            service_name_zh=service.name_zh,
            service_name_en=service.name_en,
            ahead=ahead,
            estimated_wait_min=wait,
            counters_open=open_counters,
            sms_queued=sms,
        )

    def ticket(self, ticket_id: int) -> QueueTicketView:
        with self.engine.connect() as conn:
            return load_view(conn, ticket_id)

    def services(self, principal: Principal, branch_id: int | None = None) -> list[ServiceType]:
        """The branch's active service types in display order (the issuing desk's buttons)."""
        branch = branch_of(principal, branch_id)
        with self.engine.connect() as conn:
            return services_of(conn, branch)

    def tickets_today(
        self, principal: Principal, branch_id: int | None = None, *, status: str | None = None
    ) -> list[QueueTicketView]:
        """Today's numbers of the branch, newest first (``status``: only those in it)."""
        branch = branch_of(principal, branch_id)
        with self.engine.connect() as conn:
            day = service_day(branch_zone(conn, branch), self.clock())
            query = ticket_query().where(TICKETS.c.branch_id == branch, TICKETS.c.service_day == day)
            if status is not None:
                query = query.where(TICKETS.c.status == status)
            rows = conn.execute(query.order_by(TICKETS.c.issued_at.desc(), TICKETS.c.id.desc())).all()
        return [ticket_view(r) for r in rows]

    def left_over(self, principal: Principal, branch_id: int | None = None) -> list[QueueTicketView]:
        """Numbers of earlier days still waiting or called (not called today; see the module)."""
        branch = branch_of(principal, branch_id)
        with self.engine.connect() as conn:
            day = service_day(branch_zone(conn, branch), self.clock())
            rows = conn.execute(
                ticket_query()
                .where(
                    TICKETS.c.branch_id == branch,
                    TICKETS.c.service_day < day,
                    TICKETS.c.service_day >= day - dt.timedelta(days=LEFT_OVER_DAYS),
                    TICKETS.c.status.in_(OPEN_STATES),
                )
                .order_by(TICKETS.c.issued_at.desc(), TICKETS.c.id.desc())
            ).all()
        return [ticket_view(r) for r in rows]
