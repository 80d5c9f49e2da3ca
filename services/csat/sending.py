"""The survey job's three steps, each idempotent and safe on several gateways at once.

1. :func:`decide` — for each call answered in the last :data:`LOOKBACK` and ended, in a queue with surveys
   on, and without a survey row: sampled (a hash of the call id) or not.  A sampled call gets one row: a
   ``pending`` survey due now (or when the queue's quiet hours end), or a ``skipped`` one with its reason —
   ``opt_out`` (the customer refused SMS), ``no_mobile``, ``recent`` (surveyed within the queue's gap).
   The survey is decided at hang-up, not after wrap-up: the customer's experience is over when the line
   drops, a stuck or long wrap-up must not delay (or, for a call never wrapped up, prevent) the question,
   and nothing the agent types in wrap-up changes who is asked.  The unique ``call_id`` makes a second
   gateway's insert a no-op; unsampled calls write nothing (the table stays far smaller than ``call``) and
   are simply looked at again, with the same answer, until they fall out of the look-back.
2. :func:`release` — every ``pending`` survey now due: consent and mobile checked again (the customer may have
   replied TD since), the queue's approved template rendered in the customer's language, the SMS queued in
   the outbox (``idem_key`` ``csat:<call id>``, so a retried step queues nothing twice), the row moved to
   ``sent`` by a guarded update.  The gateway's outbox sender sends it.
3. :func:`expire` — ``sent`` surveys unanswered after :data:`~.rules.REPLY_WINDOW` become ``expired``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, and_, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import Call, CsatSurvey, Customer
from services.messaging import policy, templates
from services.messaging.addresses import sms_numbers
from services.messaging.config import MessagingConfig
from services.messaging.context import customer_values
from services.messaging.outbox import Outgoing, enqueue_one
from services.messaging.rendering import Renderer

from .rules import REPLY_WINDOW, SurveyRules, quiet_until, sampled
from .settings import enabled_rules, rules_for

LOOKBACK = dt.timedelta(hours=3)  # a survey about a call older than this would puzzle more than help
BATCH = 500
SURVEY: Table = CsatSurvey.__table__  # type: ignore[assignment]
_RENDERERS: dict[str, Renderer] = {}


def _insert(conn: Connection) -> Any:
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(SURVEY).on_conflict_do_nothing(index_elements=["call_id"])


def _refused(conn: Connection, customer_id: int) -> bool:
    return policy.consents(conn, [customer_id], "sms", "service").get(customer_id) is False


def _recent(conn: Connection, customer_id: int, rules: SurveyRules, now: dt.datetime) -> bool:
    """Whether the customer was surveyed (or is about to be) within the queue's gap."""
    if rules.min_gap_days <= 0:
        return False
    since = now - dt.timedelta(days=rules.min_gap_days)
    s = SURVEY.c
    return (
        conn.execute(
            select(s.id)
            .where(
                s.customer_id == customer_id,
                s.status.in_(("pending", "sent", "answered", "expired")),
                ((s.sent_at >= since) | (s.status == "pending")),
            )
            .limit(1)
        ).first()
        is not None
    )


def decide(conn: Connection, now: dt.datetime, tz: ZoneInfo) -> dict[str, int]:
    """Step 1 (see the module); returns counts of the rows written by status."""
    rules = enabled_rules(conn)
    counts = {"pending": 0, "skipped": 0}
    if not rules:
        return counts
    c = Call.__table__.c
    calls = conn.execute(
        select(c.id, c.customer_id, c.agent_id, c.queue_id, c.ended_at, Customer.branch_id)
        .join(Customer, Customer.id == c.customer_id)
        .where(
            c.answered_at >= now - LOOKBACK,
            c.ended_at.is_not(None),
            c.ended_at <= now,
            c.queue_id.in_(list(rules)),
            ~exists().where(SURVEY.c.call_id == c.id),
        )
        .order_by(c.ended_at, c.id)
    ).all()
    for call in calls:
        queue_rules = rules[int(call.queue_id)]
        if not sampled(int(call.id), queue_rules.sample_pct):
            continue
        customer_id = int(call.customer_id)
        reason = None
        if _refused(conn, customer_id):
            reason = "opt_out"
        elif customer_id not in sms_numbers(conn, [customer_id]):
            reason = "no_mobile"
        elif _recent(conn, customer_id, queue_rules, now):
            reason = "recent"
        due = None if reason else (quiet_until(queue_rules, now, tz) or now)
        status = "skipped" if reason else "pending"
        added = conn.execute(
            _insert(conn)
            .values(
                call_id=call.id,
                customer_id=customer_id,
                agent_id=call.agent_id,
                queue_id=call.queue_id,
                branch_id=call.branch_id,
                status=status,
                reason=reason,
                created_at=now,
                due_at=due,
            )
            .returning(SURVEY.c.id)
        ).scalar()
        counts[status] += added is not None
    return counts


def _renderer(tz: str) -> Renderer:
    found = _RENDERERS.get(tz)
    if found is None:
        found = _RENDERERS[tz] = Renderer(tz)
    return found


def _skip(conn: Connection, survey_id: int, reason: str) -> None:
    conn.execute(
        update(SURVEY)
        .where(SURVEY.c.id == survey_id, SURVEY.c.status == "pending")
        .values(status="skipped", reason=reason)
    )


def release(conn: Connection, now: dt.datetime, config: MessagingConfig) -> dict[str, int]:
    """Step 2 (see the module); returns how many surveys were queued and skipped."""
    s = SURVEY.c
    due = conn.execute(
        select(s.id, s.call_id, s.customer_id, s.queue_id, s.agent_id)
        .where(s.status == "pending", s.due_at <= now)
        .order_by(s.due_at, s.id)
        .limit(BATCH)
    ).all()
    counts = {"sent": 0, "skipped": 0}
    for row in due:
        customer_id = int(row.customer_id)
        rules = rules_for(conn, int(row.queue_id)) if row.queue_id is not None else None
        if rules is not None and quiet_until(rules, now, config.tz) is not None:
            continue  # the queue's quiet hours began since it was decided
        to = sms_numbers(conn, [customer_id]).get(customer_id)
        reason = "opt_out" if _refused(conn, customer_id) else ("no_mobile" if to is None else None)
        language = conn.execute(select(Customer.preferred_language).where(Customer.id == customer_id)).scalar()
        locale = "en" if (language or "").startswith("en") else "zh_CN"
        code = rules.template_code if rules is not None else "call_survey_sms"
        template = templates.approved(conn, code, locale) or templates.approved(conn, code, "zh_CN")
        if reason is None and template is None:
            reason = "no_template"
        if reason is not None or to is None or template is None:
            _skip(conn, int(row.id), reason or "no_mobile")
            counts["skipped"] += 1
            continue
        values = customer_values(conn, [customer_id], config, template.locale, need={"customer"}).get(customer_id, {})
        values = {**values, "bank_name": config.bank_name(template.locale)}
        text = _renderer(config.timezone).render(template.source, values).text
        outbox_id, _new = enqueue_one(
            conn,
            Outgoing(
                idem_key=f"csat:{row.call_id}",
                channel="sms",
                purpose="service",
                customer_id=customer_id,
                body_text=text,
                to_masked=to.masked,
                to_phone_id=to.phone_id,
                template_id=template.id,
            ),
            now,
        )
        moved = conn.execute(
            update(SURVEY)
            .where(and_(s.id == row.id, s.status == "pending"))
            .values(status="sent", sent_at=now, outbox_id=outbox_id)
        ).rowcount
        counts["sent"] += int(moved or 0)
    return counts


def expire(conn: Connection, now: dt.datetime) -> int:
    """Step 3 (see the module); returns how many surveys expired."""
    s = SURVEY.c
    return int(
        conn.execute(
            update(SURVEY)
            .where(s.status == "sent", s.sent_at < now - REPLY_WINDOW)
            .values(status="expired", reason="no_reply")
        ).rowcount
        or 0
    )
