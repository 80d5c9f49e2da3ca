"""The statements of "call next", built once per counter work profile and reused with bound parameters.

Building a statement of this size costs more than running it, so each is made once (``lru_cache``) for a
work profile (the service codes in order, and whether the counter serves VIPs) and executed with the
parameters ``c_*`` (the counter, its branch, the day, the time, its number and label) and ``f_actor``.

* :func:`lock_statement`: the counter's row with its branch's time zone, ``FOR UPDATE``.
* :func:`pick_statement`: the next waiting number for the counter (VIPs first at a counter that serves them,
  then priority, numbers transferred to this counter, the profile's order, the time of issue), locked with
  ``SKIP LOCKED`` so counters pressing "next" at once each get a different customer.
* :func:`call_statement` (PostgreSQL): in one statement, unless a number is already called or being served
  at the counter, the pick, the ticket called, the counter seen, the feed row, and the ticket read back as
  :func:`~.ticket_rows.ticket_query` reads it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from sqlalchemy import String, bindparam, case, or_, select, update

from db import feed
from db.models import Branch

from .ticket_rows import AT_COUNTER, COUNTERS, CUSTOMERS, TICKETS
from .types import FEED_LOBBY

Profile = tuple[tuple[str, ...], bool]  # the service codes in order, serves VIPs


def profile_of(counter: Any) -> Profile:
    return tuple(counter.services or ()), bool(counter.serves_vip)


def call_params(counter: Any, day: dt.date, now: dt.datetime, actor: int) -> dict[str, Any]:
    return {
        "c_id": counter.id,
        "c_branch": counter.branch_id,
        "c_day": day,
        "c_now": now,
        "c_number": counter.number,
        "c_label": counter.label,
        "f_actor": actor,
    }


@lru_cache(maxsize=1)
def lock_statement() -> Any:
    return (
        select(COUNTERS, Branch.timezone)
        .join(Branch, Branch.id == COUNTERS.c.branch_id)
        .where(COUNTERS.c.id == bindparam("c_id"))
        .with_for_update(of=COUNTERS)
    )


@lru_cache(maxsize=256)
def pick_statement(profile: Profile) -> Any:
    codes, serves_vip = profile
    t = TICKETS
    me = bindparam("c_id", type_=t.c.counter_id.type)
    rank = case((t.c.counter_id == me, -1), *[(t.c.service_type == code, i) for i, code in enumerate(codes)],
                else_=len(codes))  # fmt: skip
    order: list[Any] = [t.c.is_vip.desc()] if serves_vip else []
    order += [t.c.priority.desc(), rank, t.c.issued_at, t.c.seq, t.c.id]
    mine = t.c.counter_id == me
    for_profile = t.c.service_type.in_(codes) & t.c.counter_id.is_(None)
    return (
        select(t.c.id, t.c.number)
        .where(t.c.branch_id == bindparam("c_branch"), t.c.service_day == bindparam("c_day"),
               t.c.status == "waiting", or_(mine, for_profile) if codes else mine)
        .order_by(*order)
        .limit(1)
        .with_for_update(skip_locked=True)
    )  # fmt: skip


@lru_cache(maxsize=256)
def call_statement(profile: Profile) -> Any:
    me = bindparam("c_id", type_=TICKETS.c.counter_id.type)
    now = bindparam("c_now", type_=TICKETS.c.called_at.type)
    label = bindparam("c_label", type_=String)
    at_counter = TICKETS.alias("at_counter")
    busy = select(at_counter.c.id).where(at_counter.c.counter_id == me, at_counter.c.status.in_(AT_COUNTER))
    pick = pick_statement(profile).where(~busy.exists()).cte("pick")
    called = (
        update(TICKETS)
        .where(TICKETS.c.id == pick.c.id)
        .values(status="called", counter_id=me, counter=bindparam("c_number"), called_at=now,
                version=TICKETS.c.version + 1)
        .returning(*TICKETS.c)
        .cte("called")
    )  # fmt: skip
    seen = update(COUNTERS).where(COUNTERS.c.id == me).values(seen_at=now, version=COUNTERS.c.version + 1).cte("seen")
    said = feed.append_from(
        called,
        FEED_LOBBY,
        called.c.branch_id,
        "called",
        actor_id=bindparam("f_actor", type_=TICKETS.c.issued_by_id.type),
        at=now,
        payload={"ticket_id": called.c.id, "number": called.c.number, "counter_label": label, "action": "called"},
    ).cte("said")
    return (
        select(
            called,
            CUSTOMERS.c.name.label("customer_name"),
            CUSTOMERS.c.vip_level.label("vip_level"),
            label.label("counter_label"),
        )
        .outerjoin(CUSTOMERS, CUSTOMERS.c.id == called.c.customer_id)
        .add_cte(seen, said)
    )
