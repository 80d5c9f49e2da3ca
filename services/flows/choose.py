"""Which flow to suggest for a call or a visit: defaults per queue and IVR choice, and rules on the customer.

Every suggestion is a row of ``flow_rule`` (migration 0012), tried in ``priority`` order (lowest first, then
oldest); the first active rule that matches names the flow:

* ``queue`` — the call's queue (``call_queue.name``), or NULL for any queue;
* ``ivr_choice`` — the caller's IVR choice, or NULL for any;
* ``condition`` — a condition document as in a branch step (:mod:`.conditions`) on ``customer.*`` and
  ``call.*`` (e.g. ``customer.vip_level ge 3`` and ``customer.maturing_deposits gt 0`` → deposit renewal), or
  NULL for none.

A default for a queue is a rule with only ``queue``; a default for an IVR choice one with only ``ivr_choice``;
rules on the customer come first by giving them a lower priority.  A rule naming a flow with no published
version is passed over.  The screen-pop card shows the suggestion; the agent may switch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from db.models import Call, CallQueue, FlowRule, ServiceFlow
from db.models.base import utcnow

from . import conditions
from .definition import CODE
from .errors import FlowFormatError, FlowNotFound


@dataclass(frozen=True)
class Rule:
    """One ``flow_rule`` row."""

    id: int
    priority: int
    queue: str | None
    ivr_choice: str | None
    condition: Mapping[str, Any] | None
    flow_code: str
    active: bool
    note: str | None


def rules(conn: Connection, *, active_only: bool = False) -> list[Rule]:
    """The rules in the order they are tried."""
    query = select(
        FlowRule.id,
        FlowRule.priority,
        FlowRule.queue,
        FlowRule.ivr_choice,
        FlowRule.condition,
        FlowRule.flow_code,
        FlowRule.active,
        FlowRule.note,
    ).order_by(FlowRule.priority, FlowRule.id)
    if active_only:
        query = query.where(FlowRule.active.is_(True))
    return [Rule(*row) for row in conn.execute(query).all()]


def add_rule(
    conn: Connection,
    flow_code: str,
    *,
    priority: int = 100,
    queue: str | None = None,
    ivr_choice: str | None = None,
    condition: Mapping[str, Any] | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Add a rule (the caller checks ``flow.author`` and holds the write transaction); returns its id.

    Raises:
        FlowFormatError: the code or the condition does not fit the format (naming the place).
    """
    if not CODE.match(flow_code or ""):
        raise FlowFormatError("flow_code", "流程代码无效。", f"{flow_code!r} is not a flow code.")
    if condition is not None:
        conditions.parse_condition(condition, "condition")
    return int(
        conn.execute(
            insert(FlowRule)
            .values(
                priority=priority,
                queue=queue or None,
                ivr_choice=ivr_choice or None,
                condition=dict(condition) if condition is not None else None,
                flow_code=flow_code,
                active=True,
                note=note,
                created_at=at or utcnow(),
            )
            .returning(FlowRule.id)
        ).scalar_one()
    )


def set_active(conn: Connection, rule_id: int, active: bool) -> None:
    """Switch a rule on or off (the caller checks ``flow.author``)."""
    done = conn.execute(update(FlowRule).where(FlowRule.id == rule_id).values(active=active)).rowcount
    if not done:
        raise FlowNotFound("规则不存在。", f"Flow rule {rule_id} does not exist.")


def suggest(
    conn: Connection,
    *,
    queue: str | None,
    ivr_choice: str | None,
    customer: Mapping[str, Any] | int | None,
    direction: str | None = None,
    today: dt.date | None = None,
) -> str | None:
    """The code of the flow to suggest, or None when no rule matches.

    ``customer``: the customer's values as flows read them (``customer.*`` without the prefix, e.g. from
    :func:`services.flows.runner.customer_context`), a customer id (they are read here), or None.
    """
    if isinstance(customer, int):
        from .runner import customer_context

        customer = customer_context(conn, customer, "zh_CN", today or dt.date.today())
    values = conditions.flatten(
        {"customer": customer or {}, "call": {"queue": queue, "ivr_choice": ivr_choice, "direction": direction}}
    )
    published = set(
        conn.execute(select(ServiceFlow.code).where(ServiceFlow.status == "published").distinct()).scalars()
    )
    for rule in rules(conn, active_only=True):
        if rule.queue is not None and rule.queue != queue:
            continue
        if rule.ivr_choice is not None and rule.ivr_choice != ivr_choice:
            continue
        if rule.flow_code not in published:
            continue
        if rule.condition is not None:
            try:
                cond = conditions.parse_condition(rule.condition, "condition")
            except FlowFormatError:
                continue  # a rule stored broken never matches (add_rule refuses to store one)
            if not conditions.evaluate(cond, values):
                continue
        return rule.flow_code
    return None


def suggest_for_call(conn: Connection, call_id: int, *, today: dt.date | None = None) -> str | None:
    """:func:`suggest` for a call: its queue, IVR choice, direction and (when matched) customer."""
    row = conn.execute(
        select(CallQueue.name, Call.ivr_choice, Call.direction, Call.customer_id)
        .select_from(Call)
        .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
        .where(Call.id == call_id)
    ).first()
    if row is None:
        raise FlowNotFound("通话不存在。", f"Call {call_id} does not exist.")
    return suggest(
        conn,
        queue=row[0],
        ivr_choice=row[1],
        customer=int(row[3]) if row[3] is not None else None,
        direction=row[2],
        today=today,
    )
