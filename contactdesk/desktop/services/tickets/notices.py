"""Customer notices about a complaint, isolated in :func:`notify_customer`.

Until the template engine and its approved templates are wired in, the text comes from the fallback
wording below (Chinese, or English for customers who prefer it).  The lead wires this one function to
``message_template`` rendering; callers pass the template code and a context and need not change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Table, case, insert, select

from contactdesk.db.models import Customer, CustomerEmail, CustomerPhone, OutboxMessage
from contactdesk.db.models.base import utcnow

from . import records

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
# Routes the decision notice must state (review, mediation, arbitration/litigation, the regulator).
ROUTES_ZH = (
    "如您对处理决定有异议，可自收到本通知之日起{review_window_days}日内（{review_by}前）向我行上级机构申请核查；"
    "也可向当地银行业消费纠纷调解组织申请调解，或依法申请仲裁、向人民法院提起诉讼，"
    "或向国家金融监督管理总局及其派出机构反映。"
)
ROUTES_EN = (
    "If you disagree with this decision you may ask our superior office to review it within "
    "{review_window_days} days of receiving this notice (by {review_by}); you may also apply for mediation "
    "to a banking consumer-dispute mediation body, apply for arbitration or sue in court, or contact the "
    "National Financial Regulatory Administration or its local office."
)
FALLBACK: dict[str, tuple[str, str]] = {
    "complaint_received": (
        "您的投诉已受理，编号{number}。我们将于{deadline}前作出处理决定并告知您。",
        "Your complaint {number} has been received. We will decide on it by {deadline}.",
    ),
    "complaint_extension": (
        "您的投诉{number}因{reason}，处理期限延长至{deadline}。",
        "The deadline for your complaint {number} has been extended to {deadline}: {reason}.",
    ),
    "complaint_decision": (
        "您的投诉{number}处理决定：{decision}{compensation_text}" + ROUTES_ZH,
        "Decision on your complaint {number}: {decision}{compensation_text} " + ROUTES_EN,
    ),
    "complaint_survey": (
        "请对投诉{number}的处理进行评价：回复1至5（5为非常满意），也可附上您的意见。",
        "Please rate how we handled complaint {number}: reply 1 to 5 (5 = very satisfied), with any comment.",
    ),
}


def _recipient(conn: Connection, customer_id: int) -> tuple[str, str, str]:
    """(channel, address, language) for a customer, in one query; address '' when none is on file."""
    phone = (
        select(CustomerPhone.e164)
        .where(CustomerPhone.customer_id == Customer.id)
        .order_by(CustomerPhone.is_primary.desc(), (CustomerPhone.kind == "mobile").desc(), CustomerPhone.id)
        .limit(1)
        .scalar_subquery()
    )
    email = (
        select(CustomerEmail.address)
        .where(CustomerEmail.customer_id == Customer.id)
        .order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        .limit(1)
        .scalar_subquery()
    )
    wants_email = Customer.preferred_channel == "email"
    row = conn.execute(
        select(
            Customer.preferred_language,
            wants_email.label("wants_email"),
            phone.label("phone"),
            case((wants_email, email), else_=None).label("email"),
        ).where(Customer.id == customer_id)
    ).one()
    language = "en" if (row.preferred_language or "").startswith("en") else "zh_CN"
    if row.wants_email and row.email:
        return "email", row.email, language
    return "sms", row.phone or "", language


def render(template_code: str, context: dict[str, Any], language: str) -> str:
    """The fallback text of a notice (raises KeyError for an unknown code or a missing field)."""
    zh, en = FALLBACK[template_code]
    chinese = language.startswith("zh")
    fields = dict(context)
    if "compensation" in fields:  # worded per language: "，补偿人民币200.00元。" / " Compensation: CNY 200.00."
        amount = fields["compensation"]
        if chinese:
            fields["compensation_text"] = f"，补偿人民币{amount}元。" if amount else "。"
        else:
            fields["compensation_text"] = f". Compensation: CNY {amount}." if amount else "."
    return (zh if chinese else en).format_map(fields)


def notify_customer(
    conn: Connection,
    ticket: Any,
    template_code: str,
    context: dict[str, Any],
    *,
    actor_id: int | None = None,
    at: dt.datetime | None = None,
) -> int | None:
    """Queue a notice to the ticket's customer and record it as a ticket event, in the caller's transaction.

    Args:
        conn: the transaction that made the change the notice is about.
        ticket: the ticket *after* the change (``id``, ``number``, ``customer_id``, ``version``).
        template_code: ``complaint_received``, ``complaint_extension``, ``complaint_decision``,
            ``complaint_survey``.
        context: the template's fields (``number`` is added).
        actor_id: who caused the notice.
        at: when (default now).

    Returns:
        The outbox row id, or None when the ticket has no customer.  ``idem_key`` is
        ``ticket:<id>:<template>:v<version>``: unique per intention, so a retried transaction can never
        queue the same notice twice.  A customer without an address gets a ``held`` row for staff to follow up.
    """
    if ticket.customer_id is None:
        return None
    at = at or utcnow()
    channel, address, language = _recipient(conn, ticket.customer_id)
    fields = {"number": ticket.number, **context}
    body = render(template_code, fields, language)
    outbox_id = conn.execute(
        insert(OUTBOX)
        .values(
            idem_key=f"ticket:{ticket.id}:{template_code}:v{ticket.version}",
            channel=channel,
            purpose="service",
            customer_id=ticket.customer_id,
            to_address=address,
            subject=f"投诉 {ticket.number}" if channel == "email" else None,
            body_text=body,
            status="pending" if address else "held",
            error_message=None if address else "no address on file",
            created_by_id=actor_id,
            created_at=at,
        )
        .returning(OUTBOX.c.id)
    ).scalar_one()
    records.add_event(
        conn,
        ticket.id,
        "notice",
        at=at,
        actor_id=actor_id,
        customer_id=ticket.customer_id,
        body=body,
        data={"template": template_code, "outbox_id": int(outbox_id), "channel": channel, "held": not address},
    )
    return int(outbox_id)
