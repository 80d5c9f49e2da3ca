"""The lobby floor: the display's numbers, the lobby manager's board, the notice, telling a manager their VIP
is here.

The display and the board are read in a few small queries on today's numbers of one branch (the index on
branch, day and status), so a desktop can re-read them whenever the change feed says the lobby moved.
When a customer manager is told that their customer is in the lobby, the change feed carries the note
(``FEED_NOTIFY`` to the manager) with the time it was sent; the board shows the last such time per visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import aliased

from db import feed
from db.models import Branch, ChangeFeed, Customer, LobbyNotice, User
from db.write import aware, upsert, utcnow, write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize

from .queue import branch_of
from .setup import branch_zone, counters_of, day_bounds, service_day, services_of, zone_named
from .ticket_rows import TICKETS, load_view, ticket_query, ticket_view
from .types import (
    FEED_NOTICE,
    FEED_NOTIFY,
    BoardState,
    CalledNumber,
    Counter,
    DisplayState,
    LobbyError,
    ServiceLoad,
    VipInLobby,
)

DISPLAY_CALLED = 6
NOTICE_MAX = 200
IN_LOBBY = ("waiting", "called", "serving")


def _minutes(since: dt.datetime | None, now: dt.datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60)) if since is not None else 0


def _loads(conn: Connection, branch: int, day: dt.date, counters: list[Counter], now: dt.datetime) -> list[ServiceLoad]:
    t = TICKETS
    waiting = {
        r.service_type: (int(r.waiting), aware(r.first))
        for r in conn.execute(
            select(t.c.service_type, func.count().label("waiting"), func.min(t.c.issued_at).label("first"))
            .where(t.c.branch_id == branch, t.c.service_day == day, t.c.status == "waiting")
            .group_by(t.c.service_type)
        )
    }
    out = []
    for s in services_of(conn, branch):
        count, first = waiting.get(s.code, (0, None))
        out.append(
            ServiceLoad(
                code=s.code,
                name_zh=s.name_zh,
                name_en=s.name_en,
                waiting=count,
                longest_wait_min=_minutes(first, now),
                counters_open=sum(1 for c in counters if c.status == "open" and s.code in c.services),
            )
        )
    return out


class FloorService:
    """The display, the board and the lobby manager's floor actions (see the module)."""

    def __init__(self, engine: Engine, audit: AuditTrail, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock

    def display(self, branch_id: int) -> DisplayState:
        """What the lobby display shows: the last numbers called (newest first), who waits, the notice."""
        now = self.clock()
        t = TICKETS
        with self.engine.connect() as conn:
            head = conn.execute(
                select(Branch.name, Branch.timezone, LobbyNotice.text)
                .outerjoin(LobbyNotice, LobbyNotice.branch_id == Branch.id)
                .where(Branch.id == branch_id)
            ).first()
            if head is None:
                raise LobbyError("no_branch", "网点不存在。", "There is no such branch.")
            name, notice = head.name, head.text
            day = service_day(zone_named(str(head.timezone)), now)
            counters = counters_of(conn, branch_id, now)
            labels = {c.id: c.label for c in counters}
            called = conn.execute(
                select(t.c.id, t.c.number, t.c.counter_id, t.c.called_at, t.c.recalls)
                .where(
                    t.c.branch_id == branch_id,
                    t.c.service_day == day,
                    t.c.status.in_(("called", "serving", "done", "no_show")),
                    t.c.called_at.is_not(None),
                )
                .order_by(t.c.called_at.desc(), t.c.id.desc())
                .limit(DISPLAY_CALLED)
            ).all()
            loads = _loads(conn, branch_id, day, counters, now)
        return DisplayState(
            branch_id=branch_id,
            branch_name=name,
            called=tuple(
                CalledNumber(
                    int(r.id), r.number, labels.get(r.counter_id, ""), aware(r.called_at) or now, int(r.recalls or 0)
                )
                for r in called
            ),
            waiting=tuple(loads),
            notice=notice or "",
            as_of=now,
        )

    def board(self, principal: Principal, branch_id: int | None = None) -> BoardState:
        """The lobby manager's board (see :class:`~.types.BoardState`)."""
        now = self.clock()
        t = TICKETS
        with self.engine.connect() as conn:
            authorize(conn, principal, "queue_ticket.issue", audit=self.audit, entity="branch")
            branch = branch_of(principal, branch_id)
            info = conn.execute(select(Branch.name, Branch.serve_target_min).where(Branch.id == branch)).one()
            zone = branch_zone(conn, branch)
            day = service_day(zone, now)
            counters = counters_of(conn, branch, now)
            loads = _loads(conn, branch, day, counters, now)
            rows = conn.execute(
                ticket_query()
                .where(t.c.branch_id == branch, t.c.service_day == day)
                .order_by(t.c.issued_at.desc(), t.c.id.desc())
            ).all()
            tickets = [ticket_view(r) for r in rows]
            vips = self._vips(conn, [r for r in rows if r.is_vip and r.status in IN_LOBBY], day_bounds(zone, day), now)
        target = int(info.serve_target_min)
        done = [v for v in tickets if v.status == "done"]
        within = sum(
            1 for v in done if v.called_at is not None and (v.called_at - v.issued_at) <= dt.timedelta(minutes=target)
        )
        return BoardState(
            branch_id=branch,
            branch_name=info.name,
            services=tuple(loads),
            counters=tuple(counters),
            counters_open=sum(1 for c in counters if c.status == "open"),
            longest_wait_min=max((s.longest_wait_min for s in loads), default=0),
            vips=tuple(vips),
            no_shows=sum(1 for v in tickets if v.status == "no_show"),
            served=len(done),
            served_within_target=within,
            target_min=target,
            tickets=tuple(tickets),
            as_of=now,
        )

    def _vips(
        self, conn: Connection, rows: list[Any], bounds: tuple[dt.datetime, dt.datetime], now: dt.datetime
    ) -> list[VipInLobby]:
        ids = [int(r.customer_id) for r in rows if r.customer_id is not None]
        if not ids:
            return []
        manager = aliased(User)
        people = {
            int(p.id): p
            for p in conn.execute(
                select(Customer.id, Customer.name, Customer.tier, Customer.vip_level, Customer.manager_id,
                       manager.display_name.label("manager_name"))
                .outerjoin(manager, manager.id == Customer.manager_id)
                .where(Customer.id.in_(ids))
            )
        }  # fmt: skip
        notified = self._notified(conn, {p.manager_id for p in people.values() if p.manager_id}, bounds[0])
        out = []
        for r in rows:
            p = people.get(int(r.customer_id)) if r.customer_id is not None else None
            if p is None:
                continue  # a customer the board may not see
            out.append(
                VipInLobby(
                    ticket_id=int(r.id), number=r.number, status=r.status, customer_id=int(p.id), name=p.name,
                    tier=p.tier, vip_level=int(p.vip_level or 0), manager_id=p.manager_id,
                    manager_name=p.manager_name, waited_min=_minutes(aware(r.issued_at), now),
                    notified_at=notified.get(int(r.id)),
                )
            )  # fmt: skip
        return out

    def _notified(self, conn: Connection, managers: set[int], since: dt.datetime) -> dict[int, dt.datetime]:
        """Ticket id -> when its customer's manager was last told (from today's change feed)."""
        if not managers:
            return {}
        out: dict[int, dt.datetime] = {}
        rows = conn.execute(
            select(ChangeFeed.payload).where(
                ChangeFeed.entity == FEED_NOTIFY,
                ChangeFeed.entity_id.in_([str(m) for m in managers]),
                ChangeFeed.at >= utcnow() - dt.timedelta(days=1),  # the feed's own time is the server's
            )
        ).scalars()
        for payload in rows:
            if not isinstance(payload, dict) or "ticket_id" not in payload or "at" not in payload:
                continue
            at = dt.datetime.fromisoformat(payload["at"])
            if at < since:
                continue
            key = int(payload["ticket_id"])
            if key not in out or at > out[key]:
                out[key] = at
        return out

    def set_notice(self, principal: Principal, text: str, branch_id: int | None = None) -> None:
        """Set the line the lobby display shows (empty: none)."""
        text = (text or "").strip()
        if len(text) > NOTICE_MAX:
            raise LobbyError(
                "too_long", f"公告最多 {NOTICE_MAX} 字。", f"The notice may have at most {NOTICE_MAX} characters."
            )
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "queue_ticket.issue", audit=self.audit, entity="lobby_notice")
            branch = branch_of(principal, branch_id)
            upsert(
                conn,
                LobbyNotice.__table__,  # type: ignore[arg-type]
                {"branch_id": branch, "text": text, "updated_by_id": principal.user_id, "updated_at": self.clock()},
                ["branch_id"],
            )
            feed.append(conn, FEED_NOTICE, branch, "changed", actor_id=principal.user_id, payload={"text": text})

    def notify_manager(self, principal: Principal, ticket_id: int) -> None:
        """Tell the customer's manager that their customer is in the lobby (audited)."""
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "queue_ticket.issue", audit=self.audit, entity="branch_queue_ticket",
                      entity_id=ticket_id)  # fmt: skip
            view = load_view(conn, ticket_id)
            if view.branch_id != principal.branch_id:
                raise LobbyError(
                    "other_branch", "这是其他网点的排队号。", "This queue number belongs to another branch."
                )
            person = None
            if view.customer_id is not None:
                person = conn.execute(
                    select(Customer.name, Customer.manager_id).where(Customer.id == view.customer_id)
                ).first()
            if person is None or person.manager_id is None:
                raise LobbyError(
                    "no_manager", "该客户没有专属客户经理。", "The customer has no customer manager to notify."
                )
            me = conn.execute(select(User.display_name).where(User.id == principal.user_id)).scalar()
            payload = {
                "ticket_id": view.id,
                "number": view.number,
                "customer_id": view.customer_id,
                "customer_name": person.name,
                "branch_id": view.branch_id,
                "lobby_manager": me or principal.display_name or principal.username,
                "at": now.isoformat(),
            }
            feed.append(conn, FEED_NOTIFY, int(person.manager_id), "notified", actor_id=principal.user_id,
                        payload=payload)  # fmt: skip
            self.audit.record(
                conn, principal, "lobby_notify", "branch_queue_ticket", view.id,
                {"manager_id": int(person.manager_id), "customer_id": view.customer_id},
            )  # fmt: skip
