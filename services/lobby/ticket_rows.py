"""Queue ticket rows as the screens get them, and the small steps every ticket change shares.

A :class:`~.types.QueueTicketView` carries the customer's name and VIP level and the counter's label, read
in one query.  Under PostgreSQL's row-level security the customer join simply finds nothing for a customer
the reader may not see, so such a ticket shows no name rather than failing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Select, Table, select

from db import feed
from db.models import Customer, LobbyCounter, QueueTicket
from db.write import aware

from .types import FEED_LOBBY, LobbyError, QueueTicketView

TICKETS: Table = QueueTicket.__table__  # type: ignore[assignment]
COUNTERS: Table = LobbyCounter.__table__  # type: ignore[assignment]
CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]

OPEN_STATES = ("waiting", "called")  # a customer "holds a number" in these
AT_COUNTER = ("called", "serving")  # the ticket a counter is busy with
OUTCOMES = ("served", "referred", "not_possible", "redirected")
# Priority values (higher is called first): an appointment within its slot beats the elderly and disabled.
PRIORITY = {None: 0, "elderly": 1, "disabled": 1, "appointment": 2}


def number_of(prefix: str, seq: int) -> str:
    """``A001`` ... ``A999``, then ``A1000``: three digits at least, never cut."""
    return f"{prefix}{seq:03d}"


def ticket_query() -> Select[Any]:
    """Tickets with the customer's name and VIP level and the counter's label."""
    t = TICKETS
    return (
        select(
            t,
            CUSTOMERS.c.name.label("customer_name"),
            CUSTOMERS.c.vip_level.label("vip_level"),
            COUNTERS.c.label.label("counter_label"),
        )
        .outerjoin(CUSTOMERS, CUSTOMERS.c.id == t.c.customer_id)
        .outerjoin(COUNTERS, COUNTERS.c.id == t.c.counter_id)
    )


def ticket_view(r: Any) -> QueueTicketView:
    return QueueTicketView(
        id=int(r.id),
        branch_id=int(r.branch_id),
        service_day=r.service_day,
        number=r.number,
        service_code=r.service_type,
        customer_id=r.customer_id,
        customer_name=r.customer_name,
        is_vip=bool(r.is_vip),
        vip_level=int(r.vip_level or 0),
        priority=int(r.priority or 0),
        priority_reason=r.priority_reason,
        status=r.status,
        counter_id=r.counter_id,
        counter_label=r.counter_label,
        issued_at=_aware(r.issued_at),
        called_at=aware(r.called_at),
        served_at=aware(r.served_at),
        finished_at=aware(r.finished_at),
        recalls=int(r.recalls or 0),
        outcome=r.outcome,
        served_by_id=r.served_by_id,
        version=int(r.version),
    )


def _aware(value: dt.datetime) -> dt.datetime:
    out = aware(value)
    assert out is not None
    return out


def load_view(conn: Connection, ticket_id: int) -> QueueTicketView:
    row = conn.execute(ticket_query().where(TICKETS.c.id == ticket_id)).first()
    if row is None:
        raise no_ticket()
    return ticket_view(row)


def no_ticket() -> LobbyError:
    return LobbyError("no_ticket", "排队号不存在。", "There is no such queue number.")


def lock_ticket(conn: Connection, ticket_id: int, version: int | None, branch_id: int | None) -> Any:
    """The ticket's row, locked for the change; refused when it is another branch's or was changed meanwhile."""
    row = conn.execute(select(TICKETS).where(TICKETS.c.id == ticket_id).with_for_update()).first()
    if row is None:
        raise no_ticket()
    if branch_id is not None and row.branch_id != branch_id:
        raise LobbyError("other_branch", "这是其他网点的排队号。", "This queue number belongs to another branch.")
    if version is not None and int(row.version) != version:
        raise LobbyError(
            "stale",
            f"{row.number} 号已被他人更新，请刷新后再试。",
            f"Number {row.number} was changed by someone else; refresh and try again.",
        )
    return row


def require_state(row: Any, allowed: tuple[str, ...], doing_zh: str, doing_en: str) -> None:
    if row.status not in allowed:
        raise LobbyError(
            "bad_state",
            f"{row.number} 号当前状态为“{STATE_ZH.get(row.status, row.status)}”，不能{doing_zh}。",
            f"Number {row.number} is {row.status}; it cannot be {doing_en}.",
        )


STATE_ZH = {
    "waiting": "等候中",
    "called": "已叫号",
    "serving": "办理中",
    "done": "已办结",
    "no_show": "过号",
    "transferred": "已转移",
    "cancelled": "已作废",
}


def announce(
    conn: Connection, branch_id: int, ticket_id: int, number: str, counter_label: str | None, action: str, actor: Any
) -> None:
    """The change-feed row every ticket change writes: the display and the desks react to it at once."""
    feed.append(
        conn,
        FEED_LOBBY,
        branch_id,
        action,
        actor_id=actor,
        payload={"ticket_id": ticket_id, "number": number, "counter_label": counter_label, "action": action},
    )
