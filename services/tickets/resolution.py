"""Deciding a complaint, telling the customer, closing it, and the satisfaction survey.

* :func:`decide` records the decision text, the outcome and any compensation, sends the decision notice
  (which states the 30-day window to ask for a review and the mediation / arbitration / court routes), and
  stops the regulatory clock.  A decision after the deadline marks the breach at once.
* :func:`close` closes a decided complaint and sends the satisfaction survey by SMS.
* :func:`record_survey_reply` stores the customer's answer (score 1–5 and/or text); it is the one write a
  closed ticket accepts besides reopening, because it records the customer's words, not staff edits.
  :func:`parse_survey_reply` turns an SMS reply into a score; :func:`pending_survey` finds the ticket a
  customer's reply belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, select

from db.models.ticket import OPEN_TICKET_STATES

from . import clocks, records
from .calendar import as_utc
from .context import TicketEnv
from .errors import InvalidInput, NotAllowed
from .notices import decision_fields, notify_customer
from .rights import Actor
from .workflow import TRANSITIONS, check_handler, resume_values

OUTCOMES = ("upheld", "partially_upheld", "rejected", "withdrawn")
OUTCOME_LABELS = {
    "upheld": ("投诉成立，予以支持", "upheld"),
    "partially_upheld": ("投诉部分成立", "partly upheld"),
    "rejected": ("投诉不成立", "not upheld"),
    "withdrawn": ("客户撤回投诉", "withdrawn by the customer"),
}
SURVEY_SCORES = range(1, 6)


def _money(value: Decimal | str | float | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise InvalidInput("补偿金额无效。", "The compensation amount is not a number.") from exc
    if amount < 0:
        raise InvalidInput("补偿金额不能为负数。", "Compensation cannot be negative.")
    return amount


def decide(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    version: int,
    *,
    decision: str,
    outcome: str,
    compensation: Decimal | str | float | None = None,
) -> int:
    """Record the decision and send the decision notice; returns the new version.

    Raises:
        InvalidInput: empty decision, unknown outcome, bad amount.
        ConflictOfInterest: the decider is the employee complained about or in their reporting line.
        NotAllowed / ConflictError: state or version.
    """
    if not decision.strip():
        raise InvalidInput("请填写处理决定。", "Enter the decision.")
    if outcome not in OUTCOMES:
        raise InvalidInput("处理结果无效。", f"Unknown outcome {outcome!r}.")
    amount = _money(compensation)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    if "decided" not in TRANSITIONS.get(row.status, frozenset()):
        raise NotAllowed(
            f"工单 {row.number} 须先受理才能作出决定。", f"Ticket {row.number} must be acknowledged before a decision."
        )
    check_handler(conn, row.complained_user_id, actor.user_id, number=row.number)
    now = env.now()
    values: dict[str, Any] = {
        "status": "decided",
        "resolution": decision.strip(),
        "outcome": outcome,
        "compensation": amount,
        "decided_at": now,
        "next_update_due": None,
    }
    late = clocks.is_breached(now, row.due_at)
    if late:
        values["breached"] = True
    new_version = records.save(conn, row, version, values, now=now)
    clock_values = resume_values(env, row) if row.sla_paused_at is not None else {}
    if late and row.breached_at is None:
        clock_values["breached_at"] = now
    if clock_values:
        records.set_clock(conn, ticket_id, clock_values)
    records.add_event(
        conn,
        ticket_id,
        "decided",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=decision.strip(),
        data={
            "from": row.status,
            "to": "decided",
            "outcome": outcome,
            "compensation": str(amount) if amount is not None else None,
            "late": late,
        },
    )
    if late and row.breached_at is None:
        records.add_event(
            conn,
            ticket_id,
            "breach",
            at=now,
            actor_id=None,
            customer_id=row.customer_id,
            data={"deadline": as_utc(row.due_at).isoformat(), "decided_late": True},
        )
    ref = records.TicketRef(row.id, row.number, row.customer_id, new_version)
    notify_customer(
        conn,
        ref,
        "complaint_decision",
        decision_fields(env, decision, outcome, amount, now),
        config=env.config,
        actor_id=actor.user_id,
        at=now,
    )
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version


def close(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, *, survey: bool = True) -> int:
    """Close a decided complaint and (by default) send the satisfaction survey; returns the new version."""
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row)
    if row.status != "decided":
        raise NotAllowed(
            f"工单 {row.number} 须先作出决定才能关闭。", f"Ticket {row.number} must be decided before closing."
        )
    now = env.now()
    new_version = records.save(conn, row, version, {"status": "closed", "closed_at": now}, now=now)
    records.add_event(
        conn,
        ticket_id,
        "closed",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        data={"from": "decided", "to": "closed"},
    )
    if survey and row.kind == "complaint":
        send_survey(conn, env, actor, records.TicketRef(row.id, row.number, row.customer_id, new_version))
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version


def send_survey(conn: Connection, env: TicketEnv, actor: Actor, ticket: records.TicketRef) -> int | None:
    """Queue the satisfaction survey SMS; returns the outbox id (None without a customer)."""
    now = env.now()
    outbox_id = notify_customer(conn, ticket, "complaint_survey", {}, config=env.config, actor_id=actor.user_id, at=now)
    if outbox_id is not None:
        records.set_clock(conn, ticket.id, {"survey_sent_at": now})
    return outbox_id


def parse_survey_reply(text: str) -> int | None:
    """The score in an SMS reply: the first digit 1–5 (full-width digits too), or 满意/不满意 words."""
    normal = unicodedata.normalize("NFKC", text)
    m = re.search(r"[1-5]", normal)
    if m:
        return int(m.group())
    if "不满意" in normal:
        return 1
    if "非常满意" in normal:
        return 5
    if "满意" in normal:
        return 4
    return None


def record_survey_reply(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    *,
    score: int | None = None,
    text: str | None = None,
) -> int:
    """Store the customer's survey answer; returns the event id.

    Raises:
        NotAllowed: no survey was sent for this ticket.
        InvalidInput: score outside 1–5, or neither score nor text.
    """
    if score is None and text:
        score = parse_survey_reply(text)
    if score is not None and score not in SURVEY_SCORES:
        raise InvalidInput("满意度评分须为1至5。", "The satisfaction score must be 1 to 5.")
    if score is None and not (text and text.strip()):
        raise InvalidInput("回复为空。", "The reply is empty.")
    row = records.load(conn, ticket_id)
    if row.survey_sent_at is None:
        raise NotAllowed("该工单未发送满意度调查。", "No survey was sent for this ticket.")
    now = env.now()
    if score is not None:
        records.set_system(conn, ticket_id, {"satisfaction": score})
    records.set_clock(conn, ticket_id, {"survey_replied_at": now})
    return records.add_event(
        conn,
        ticket_id,
        "survey_reply",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=text.strip() if text else None,
        data={"score": score},
    )


def pending_survey(conn: Connection, customer_id: int) -> int | None:
    """The customer's most recently surveyed ticket still without a reply (to match an inbound SMS)."""
    t, c = records.TICKET, records.CLOCK
    return conn.execute(
        select(t.c.id)
        .join(c, c.c.ticket_id == t.c.id)
        .where(
            t.c.customer_id == customer_id,
            c.c.survey_sent_at.is_not(None),
            c.c.survey_replied_at.is_(None),
            t.c.status.not_in(OPEN_TICKET_STATES),
        )
        .order_by(c.c.survey_sent_at.desc())
        .limit(1)
    ).scalar()
