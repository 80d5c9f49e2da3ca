"""Settling messages whose outcome is ``unknown`` or ``failed``: staff decide, the audit trail and the
customer's timeline record it.

* :func:`issues` lists them (recipient masked, customer, template and version, time, error code);
* :func:`mark_sent` — the message did arrive (the customer confirmed it): the row becomes ``sent``;
* :func:`send_again` — a NEW outbox row with a new unique key, linked to the old one by ``resend_of_id``;
  the old row is never requeued by reconciliation after that (:func:`~gateway.
  outbox_store.requeue_unknown`), and the desktop asks for an explicit confirmation first, because an
  ``unknown`` message may have arrived after all.

Both check the row's ``version``: when two supervisors settle the same row, the first wins and the second
gets :class:`~.errors.Conflict`.  Both need ``message.settle``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, exists, insert, select

from db import feed
from db.models import Customer, Interaction, MessageTemplate, OutboxMessage
from db.repositories.versioning import StaleVersion, guarded_update
from services.audit import AuditTrail
from services.dblogin import readable_columns
from services.permissions import Principal, authorize, customer_scope

from . import addresses, timeline
from .errors import Conflict, InvalidInput, NotAllowed, NotFound

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
ISSUE_STATES = ("unknown", "failed")
PERMISSION = "message.settle"
NOTE_SUBJECTS = {
    "marked_sent": {"sms": "短信发送异常已处理：确认已送达", "email": "邮件发送异常已处理：确认已送达"},
    "resent": {"sms": "短信发送异常已处理：已重新发送", "email": "邮件发送异常已处理：已重新发送"},
}


@dataclass(frozen=True)
class OutboxIssue:
    """One message whose outcome needs a person (the "Outbox issues" page shows these)."""

    id: int
    version: int
    channel: str
    purpose: str
    status: str
    recipient: str  # masked
    customer_id: int | None
    customer_name: str | None
    template_id: int | None
    template_name: str | None
    template_version: int | None
    created_at: dt.datetime
    claimed_at: dt.datetime | None
    error_code: str | None
    error_message: str | None
    attempts: int


_RESENT = OUTBOX.alias("resent")


def sent_again() -> Any:
    """True for outbox rows that staff already sent again (a newer row names them in ``resend_of_id``):
    settled by a person, so neither listed here nor requeued by reconciliation."""
    # Names a column: ``SELECT *`` would need the privilege on every column, the address included.
    return exists(select(_RESENT.c.id).where(_RESENT.c.resend_of_id == OUTBOX.c.id))


def issues(conn: Connection, who: Principal, audit: AuditTrail, *, limit: int = 200) -> list[OutboxIssue]:
    """Unknown and failed messages not yet sent again, newest first (within what ``who`` may see)."""
    authorize(conn, who, PERMISSION, audit=audit, entity="outbox_message")
    o = OutboxMessage
    rows = conn.execute(
        select(
            o.id,
            o.version,
            o.channel,
            o.purpose,
            o.status,
            o.to_masked,
            o.customer_id,
            Customer.name.label("customer_name"),
            o.template_id,
            MessageTemplate.name.label("template_name"),
            MessageTemplate.version_no.label("template_version"),
            o.created_at,
            o.claimed_at,
            o.error_code,
            o.error_message,
            o.attempts,
        )
        .outerjoin(Customer, Customer.id == o.customer_id)
        .outerjoin(MessageTemplate, MessageTemplate.id == o.template_id)
        .where(o.status.in_(ISSUE_STATES), ~sent_again())
        .where((o.customer_id.is_(None)) | customer_scope(who))
        .order_by(o.created_at.desc(), o.id.desc())
        .limit(max(1, min(limit, 1000)))
    ).all()
    return [
        OutboxIssue(
            int(r.id),
            int(r.version),
            r.channel,
            r.purpose,
            r.status,
            r.to_masked or "",
            r.customer_id,
            r.customer_name,
            r.template_id,
            r.template_name,
            r.template_version,
            r.created_at,
            r.claimed_at,
            r.error_code,
            r.error_message,
            int(r.attempts or 0),
        )
        for r in rows
    ]


def _load(conn: Connection, outbox_id: int, version: int) -> Any:
    query = select(*readable_columns(OUTBOX)).where(OUTBOX.c.id == outbox_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise NotFound("消息不存在。", "The message does not exist.")
    if row.version != version:
        raise Conflict()
    if row.status not in ISSUE_STATES:
        raise NotAllowed(
            "该消息已不在发送异常状态（可能已被他人处理或已收到回执）。",
            "The message no longer has an unknown or failed outcome (someone settled it, or a receipt arrived).",
        )
    if conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.resend_of_id == outbox_id)).first() is not None:
        raise NotAllowed("该消息已重新发送过。", "This message was already sent again.")
    return row


def _bump(conn: Connection, row: Any, values: dict[str, Any]) -> int:
    """Write ``values`` at the version read (every status change of an outbox row bumps it); the new version."""
    try:
        return guarded_update(conn, OUTBOX, row.id, row.version, values)
    except StaleVersion:
        raise Conflict() from None


def _recipient(conn: Connection, row: Any) -> dict[str, Any]:
    """Who the message sent again goes to: the old row's phone or e-mail row (the gateway reads the address).

    A message queued before recipients were named by their row (migration 0011) goes to the customer's
    current phone or e-mail for its channel; without one it cannot be sent again from a desktop.
    """
    if row.to_phone_id is not None or row.to_email_id is not None:
        return {"to_masked": row.to_masked, "to_phone_id": row.to_phone_id, "to_email_id": row.to_email_id}
    if row.customer_id is not None:
        found = addresses.addresses(conn, row.channel, [int(row.customer_id)]).get(int(row.customer_id))
        if found is not None:
            return {"to_masked": found.masked, "to_phone_id": found.phone_id, "to_email_id": found.email_id}
    raise NotAllowed(
        "该消息的收件人已无可用地址，无法重新发送。",
        "The message's recipient has no usable address on file any more; it cannot be sent again.",
    )


def _note(conn: Connection, who: Principal, row: Any, kind: str, at: dt.datetime, summary: str) -> None:
    """A timeline entry saying who settled the message and how (the message's own entry moves too)."""
    if row.customer_id is None:
        return
    conn.execute(
        insert(Interaction).values(
            customer_id=row.customer_id,
            channel=row.channel,
            direction="out",
            occurred_at=at,
            user_id=who.user_id,
            subject=NOTE_SUBJECTS[kind].get(row.channel, NOTE_SUBJECTS[kind]["sms"]),
            summary=summary,
            disposition=kind,
        )
    )


def mark_sent(
    conn: Connection, who: Principal, audit: AuditTrail, outbox_id: int, version: int, at: dt.datetime, reason: str
) -> int:
    """The message did arrive (e.g. the customer confirmed it): ``sent``; returns the new version."""
    authorize(conn, who, PERMISSION, audit=audit, entity="outbox_message", entity_id=outbox_id)
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise InvalidInput("说明过长（最多 300 字）。", "The note is too long (300 characters at most).")
    row = _load(conn, outbox_id, version)
    new_version = _bump(
        conn,
        row,
        {
            "status": "sent",
            "sent_at": row.sent_at or at,
            "error_message": ("confirmed as received by staff: " + reason)[:400],
        },
    )
    timeline.write_entry(conn, row._mapping, "sent", at, "confirmed")
    _note(conn, who, row, "marked_sent", at, reason or f"#{outbox_id}")
    feed.append(
        conn, "outbox_message", outbox_id, "sent", actor_id=who.user_id, payload={"customer_id": row.customer_id}
    )
    audit.record(
        conn,
        who,
        "message_mark_sent",
        "outbox_message",
        outbox_id,
        {"was": row.status, "error_code": row.error_code, "channel": row.channel},
    )
    return new_version


def send_again(
    conn: Connection, who: Principal, audit: AuditTrail, outbox_id: int, version: int, token: str, at: dt.datetime
) -> int:
    """Queue a new message with the old one's content and a new unique key; returns the new outbox id.

    ``token`` identifies this confirmation (a double click queues one message).
    """
    authorize(conn, who, PERMISSION, audit=audit, entity="outbox_message", entity_id=outbox_id)
    key = f"resend:{outbox_id}:{token}"[:80]
    existing = conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.idem_key == key)).scalar()
    if existing is not None:
        return int(existing)
    row = _load(conn, outbox_id, version)
    recipient = _recipient(conn, row)
    _bump(conn, row, {})
    new_row = {
        "idem_key": key,
        "channel": row.channel,
        "purpose": row.purpose,
        "customer_id": row.customer_id,
        **recipient,
        "template_id": row.template_id,
        "subject": row.subject,
        "body_text": row.body_text,
        "body_html": row.body_html,
        "status": "pending",
        "sender": row.sender,
        "created_by_id": who.user_id,
        "created_at": at,
        "attempts": 0,
        "version": 1,
        "resend_of_id": row.id,
    }
    new_id = int(conn.execute(insert(OUTBOX).values(**new_row).returning(OUTBOX.c.id)).scalar_one())
    timeline.write_entry(conn, {**new_row, "id": new_id}, "pending", at)
    _note(conn, who, row, "resent", at, f"#{outbox_id} → #{new_id}")
    feed.append(
        conn, "outbox_message", new_id, "queued", actor_id=who.user_id, payload={"customer_id": row.customer_id}
    )
    feed.append(
        conn, "outbox_message", outbox_id, "resent", actor_id=who.user_id, payload={"customer_id": row.customer_id}
    )
    audit.record(
        conn,
        who,
        "message_send_again",
        "outbox_message",
        outbox_id,
        {"was": row.status, "error_code": row.error_code, "new_outbox_id": new_id, "channel": row.channel},
    )
    return new_id
