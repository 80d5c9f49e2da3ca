"""Customer notices about a complaint, worded by the approved message templates.

Each notice has a template code of :mod:`services.messaging` (:data:`TEMPLATES`); the
starter templates ship them as ``<code>_sms`` and ``<code>_email`` in Chinese and English.  A notice goes
on the customer's preferred channel (e-mail when they prefer it and have an address, else SMS) in their
language: the approved version for that language, else the Chinese one.  It is rendered in the messaging
sandbox with the customer's values (name, honorific, surname, the bank's name ...) and the ticket's fields,
and the outbox row records the template version it came from.

The fallback wording below is used only when no approved template exists at all (a database without
the starters) or when the template cannot be rendered; in the second case the notice still goes, so the
ticket change is never lost, and the template problem is written into the notice's ticket event.

:func:`compose` words a notice without writing anything (the decision preview uses it, so the preview is
what is sent); :func:`notify_customer` queues it in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, case, insert, select

from db.models import Customer, CustomerEmail, CustomerPhone, OutboxMessage
from db.models.base import utcnow
from services.messaging import templates
from services.messaging.addresses import Address
from services.messaging.config import MessagingConfig
from services.messaging.context import customer_values
from services.messaging.errors import InvalidInput, TemplateProblem
from services.messaging.rendering import Renderer

from . import records
from .config import TicketConfig

if TYPE_CHECKING:
    from .context import TicketEnv

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
# Notice code → message template code (without the ``_sms`` / ``_email`` channel suffix).
TEMPLATES = {
    "complaint_received": "complaint_acknowledgement",
    "complaint_extension": "complaint_extension",
    "complaint_decision": "complaint_resolution",
    "complaint_survey": "complaint_survey",
}
# Notice fields → the template variables they fill (the rest keep their names).
_VARIABLES = {"number": "ticket_number", "decision": "resolution", "reason": "extension_reason"}
_SOURCES = {"customer", "ticket", "branch"}  # not "agent": a notice is the bank's, and the preview has no actor
_TRAILING = "。.；;，, "
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
_RENDERERS: dict[str, Renderer] = {}


@dataclass(frozen=True)
class Notice:
    """A notice as it would be queued.

    Attributes:
        channel: ``sms`` or ``email``.
        address: the mobile or e-mail address as screens show it, masked ('' when none is on file: the row
            is held).
        to: the customer's phone or e-mail row the notice goes to (None when none is on file); the gateway's
            sender reads the address from it.
        locale: the language of the text (``zh_CN`` or ``en``).
        text: the body (what the SMS says, the plain-text part of an e-mail).
        subject: the e-mail's subject (None for SMS).
        html: the e-mail's HTML part (None for SMS and for the fallback wording).
        template_id: the ``message_template`` version row it was rendered from (None: fallback wording).
        problem: why the approved template could not be used (None when it was, or when there is none).
    """

    channel: str
    address: str
    locale: str
    text: str
    subject: str | None = None
    html: str | None = None
    template_id: int | None = None
    problem: dict[str, Any] | None = None
    to: Address | None = None


def _recipient(conn: Connection, customer_id: int) -> tuple[str, Address | None, str]:
    """(channel, phone or e-mail row, language) for a customer, in one query; None when none is on file.

    Only the rows and their masks are read: the gateway's sender reads the address itself (migration 0011).
    """
    phone = (
        select(CustomerPhone.id)
        .where(CustomerPhone.customer_id == Customer.id)
        .order_by(CustomerPhone.is_primary.desc(), (CustomerPhone.kind == "mobile").desc(), CustomerPhone.id)
        .limit(1)
        .scalar_subquery()
    )
    email = (
        select(CustomerEmail.id)
        .where(CustomerEmail.customer_id == Customer.id)
        .order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        .limit(1)
        .scalar_subquery()
    )
    wants_email = Customer.preferred_channel == "email"
    picked = (
        select(
            Customer.preferred_language,
            wants_email.label("wants_email"),
            phone.label("phone_id"),
            case((wants_email, email), else_=None).label("email_id"),
        )
        .where(Customer.id == customer_id)
        .subquery()
    )
    row = conn.execute(
        select(picked, CustomerPhone.e164_masked, CustomerEmail.address_masked)
        .outerjoin(CustomerPhone, CustomerPhone.id == picked.c.phone_id)
        .outerjoin(CustomerEmail, CustomerEmail.id == picked.c.email_id)
    ).one()
    language = "en" if (row.preferred_language or "").startswith("en") else "zh_CN"
    if row.wants_email and row.email_id is not None:
        return "email", Address("email", int(row.email_id), row.address_masked), language
    if row.phone_id is not None:
        return "sms", Address("sms", int(row.phone_id), row.e164_masked), language
    return "sms", None, language


def _plain(value: Any, tz: ZoneInfo) -> Any:
    """A field as the fallback wording shows it: days as ``2026-03-05`` (in the bank's zone), amounts as text."""
    if isinstance(value, dt.datetime):
        local = value.astimezone(tz) if value.tzinfo else value
        return f"{local:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def render(template_code: str, context: dict[str, Any], language: str, tz: str = "Asia/Shanghai") -> str:
    """The fallback wording of a notice (raises KeyError for an unknown code or a missing field).

    Dates and times in ``context`` are shown as days in ``tz``; ``compensation`` (an amount, or empty for
    none) is worded per language.
    """
    zh, en = FALLBACK[template_code]
    chinese = language.startswith("zh")
    zone = ZoneInfo(tz)
    fields = {name: _plain(value, zone) for name, value in context.items()}
    if "compensation" in fields:  # worded per language: "，补偿人民币200.00元。" / " Compensation: CNY 200.00."
        amount = fields["compensation"]
        if chinese:
            fields["compensation_text"] = f"，补偿人民币{amount}元。" if amount else "。"
        else:
            fields["compensation_text"] = f". Compensation: CNY {amount}." if amount else "."
    return (zh if chinese else en).format_map(fields)


def _renderer(tz: str) -> Renderer:
    found = _RENDERERS.get(tz)
    if found is None:
        found = _RENDERERS[tz] = Renderer(tz)
    return found


def _template(conn: Connection, template_code: str, channel: str, language: str) -> templates.TemplateInfo | None:
    """The approved version of the notice's template for the channel, in the language or else in Chinese."""
    code = f"{TEMPLATES[template_code]}_{channel}"
    found = templates.approved(conn, code, language)
    if found is None and language != "zh_CN":
        found = templates.approved(conn, code, "zh_CN")
    return found


def _template_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = {_VARIABLES.get(name, name): value for name, value in fields.items()}
    for name in ("resolution", "extension_reason"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip().rstrip(_TRAILING)
    if "compensation" in values and not values["compensation"]:
        values["compensation"] = Decimal(0)  # the templates word "no compensation" by the amount 0
    return values


def _problem(template: templates.TemplateInfo, exc: TemplateProblem | InvalidInput) -> dict[str, Any]:
    return {
        "template_id": template.id,
        "code": template.code,
        "locale": template.locale,
        "version_no": template.version_no,
        "part": getattr(exc, "part", None),
        "line": getattr(exc, "line", None),
        "zh": exc.zh,
        "en": exc.en,
    }


def compose(
    conn: Connection,
    ticket: Any,
    template_code: str,
    context: dict[str, Any],
    *,
    config: TicketConfig | None = None,
) -> Notice:
    """Word a notice to the ticket's customer without writing anything.

    Args:
        ticket: ``number`` and ``customer_id`` (and ``id``) of the ticket as it is after the change.
        template_code: a key of :data:`TEMPLATES`.
        context: the notice's fields (``number`` is added): ``deadline`` (an instant), ``reason``,
            ``decision``, ``compensation`` (an amount, or empty), ``review_window_days``, ``review_by`` (a day).
        config: the ticket settings (their ``messaging`` part names the bank and its zone).
    """
    config = config or TicketConfig()
    messaging: MessagingConfig = config.messaging
    fields = {"number": ticket.number, **context}
    if ticket.customer_id is None:
        channel, to, language = "sms", None, "zh_CN"
    else:
        channel, to, language = _recipient(conn, ticket.customer_id)
    address = to.masked if to is not None else ""
    problem = None
    template = _template(conn, template_code, channel, language) if ticket.customer_id is not None else None
    if template is not None:
        values = customer_values(
            conn,
            [ticket.customer_id],
            messaging,
            template.locale,
            need=_SOURCES,
            ticket_id=getattr(ticket, "id", None),
        ).get(ticket.customer_id, {})
        values.update(_template_values(fields))
        try:
            out = _renderer(messaging.timezone).render(template.source, values)
        except (TemplateProblem, InvalidInput) as exc:
            problem = _problem(template, exc)
        else:
            email = channel == "email"
            return Notice(
                channel,
                address,
                template.locale,
                out.text,
                out.subject if email else None,
                out.html if email else None,
                template.id,
                to=to,
            )
    text = render(template_code, fields, language, config.timezone)
    subject = None
    if channel == "email":
        subject = f"投诉 {ticket.number}" if language == "zh_CN" else f"Complaint {ticket.number}"
    return Notice(channel, address, language, text, subject, problem=problem, to=to)


def decision_fields(
    env: TicketEnv, decision: str, outcome: str, compensation: Decimal | None, now: dt.datetime
) -> dict[str, Any]:
    """The fields of the decision notice for a decision recorded at ``now`` (the review window runs from it)."""
    review_by = env.calendar.local_date(now) + dt.timedelta(days=env.config.review_window_days)
    return {
        "decision": decision.strip().rstrip("。.；;"),
        "outcome": outcome,
        "compensation": compensation if compensation else "",
        "review_window_days": env.config.review_window_days,
        "review_by": review_by,
    }


def notify_customer(
    conn: Connection,
    ticket: Any,
    template_code: str,
    context: dict[str, Any],
    *,
    config: TicketConfig | None = None,
    actor_id: int | None = None,
    at: dt.datetime | None = None,
) -> int | None:
    """Queue a notice to the ticket's customer and record it as a ticket event, in the caller's transaction.

    Args:
        conn: the transaction that made the change the notice is about.
        ticket: the ticket *after* the change (``id``, ``number``, ``customer_id``, ``version``).
        template_code: ``complaint_received``, ``complaint_extension``, ``complaint_decision``,
            ``complaint_survey``.
        context: the notice's fields (see :func:`compose`; ``number`` is added).
        config: the ticket settings (default: the defaults).
        actor_id: who caused the notice.
        at: when (default now).

    Returns:
        The outbox row id, or None when the ticket has no customer.  ``idem_key`` is
        ``ticket:<id>:<template>:v<version>``: unique per intention, so a retried transaction can never
        queue the same notice twice.  A customer without an address gets a ``held`` row for staff to follow up.
        The row's ``template_id`` is the template version the text came from (None for the fallback wording);
        the event's data names it, and the template problem when the fallback wording had to stand in.
    """
    if ticket.customer_id is None:
        return None
    at = at or utcnow()
    notice = compose(conn, ticket, template_code, context, config=config)
    outbox_id = conn.execute(
        insert(OUTBOX)
        .values(
            idem_key=f"ticket:{ticket.id}:{template_code}:v{ticket.version}",
            channel=notice.channel,
            purpose="service",
            customer_id=ticket.customer_id,
            to_masked=notice.address,
            to_phone_id=notice.to.phone_id if notice.to is not None else None,
            to_email_id=notice.to.email_id if notice.to is not None else None,
            template_id=notice.template_id,
            subject=notice.subject,
            body_text=notice.text,
            body_html=notice.html,
            status="pending" if notice.to is not None else "held",
            error_message=None if notice.to is not None else "no address on file",
            created_by_id=actor_id,
            created_at=at,
        )
        .returning(OUTBOX.c.id)
    ).scalar_one()
    data: dict[str, Any] = {
        "template": template_code,
        "outbox_id": int(outbox_id),
        "channel": notice.channel,
        "held": notice.to is None,
        "template_id": notice.template_id,
        "locale": notice.locale,
    }
    if notice.problem is not None:
        data["template_problem"] = notice.problem
    records.add_event(
        conn,
        ticket.id,
        "notice",
        at=at,
        actor_id=actor_id,
        customer_id=ticket.customer_id,
        body=notice.text,
        data=data,
    )
    return int(outbox_id)
