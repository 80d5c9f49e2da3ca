"""``MessagingService``: templates, compose, campaigns and message history for the desktop.

One database transaction per call; the Qt layer calls these on its database worker, never on the GUI
thread, and shows :class:`~.errors.MessagingError` messages as they are (``exc.message(language)``).
Write methods that change a versioned record take the ``version`` the user saw and return the new one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, select, update

from db import feed
from db.models import Customer, Interaction, OutboxMessage
from db.models.base import utcnow
from db.write import write_txn
from services.audit import AuditTrail
from services.config import Settings, load_settings
from services.dblogin import readable_columns
from services.permissions import Principal, authorize, require_customer

from . import recipient as recipients
from . import settle, timeline
from . import templates as tpl
from .campaign_list import CampaignRow, listing
from .campaigns import CampaignPreview, CampaignReport, Campaigns
from .compose import Composer, Prepared
from .config import MessagingConfig
from .context import customer_values
from .errors import InvalidInput, NotAllowed, NotFound
from .outbox import enqueue_one
from .rendering import Rendered, Renderer, TemplateSource
from .sms_parts import SegmentInfo, count_segments

TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Queued:
    """A message in the outbox: ``created`` is False when the same compose token was sent before."""

    outbox_id: int
    created: bool
    status: str
    not_before: dt.datetime | None


@dataclass(frozen=True)
class MessageRow:
    """One outbound message as the customer's message list shows it."""

    id: int
    channel: str
    purpose: str
    to_masked: str  # the recipient as screens show it (the address is the gateway's)
    subject: str | None
    body_text: str
    status: str
    error_code: str | None
    error_message: str | None
    template_id: int | None
    campaign_id: int | None
    created_at: dt.datetime
    not_before: dt.datetime | None
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None


class MessagingService:
    """The messaging API of the desktop (see the package docstring)."""

    def __init__(
        self,
        engine: Engine,
        config: MessagingConfig | None = None,
        *,
        audit: AuditTrail | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        renderer: Renderer | None = None,
    ) -> None:
        self.engine = engine
        self.config = config or MessagingConfig()
        self.clock = clock
        self.audit = audit or AuditTrail(clock=clock)
        self.renderer = renderer or Renderer(self.config.timezone)
        self.authoring = tpl.TemplateAuthoring(self.renderer, self.audit, clock)
        self.composer = Composer(self.config, self.renderer, clock)
        self.campaigns = Campaigns(self.composer, self.audit, clock)

    @classmethod
    def from_settings(cls, engine: Engine, settings: Settings | None = None, **kwargs: Any) -> MessagingService:
        return cls(engine, MessagingConfig.from_settings(settings or load_settings()), **kwargs)

    # -- templates ----------------------------------------------------------------------------------------
    def template(self, template_id: int) -> tpl.TemplateInfo:
        with self.engine.connect() as conn:
            return tpl.get(conn, template_id)

    def templates(self, *, channel: str | None = None, status: str | None = None) -> list[tpl.TemplateInfo]:
        """The newest version of each template (the editor's list)."""
        with self.engine.connect() as conn:
            return tpl.listing(conn, channel=channel, status=status)

    def template_versions(self, code: str, locale: str) -> list[tpl.TemplateInfo]:
        with self.engine.connect() as conn:
            return tpl.versions(conn, code, locale)

    def usable_templates(self, *, channel: str | None = None, purpose: str | None = None) -> list[tpl.TemplateInfo]:
        """Approved versions only (what compose and campaigns offer)."""
        with self.engine.connect() as conn:
            return tpl.usable(conn, channel=channel, purpose=purpose)

    def create_template(self, who: Principal, draft: tpl.TemplateDraft) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.create(conn, who, draft)

    def new_version(self, who: Principal, template_id: int) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.new_version(conn, who, template_id)

    def edit_draft(self, who: Principal, template_id: int, version: int, draft: tpl.TemplateDraft) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.edit(conn, who, template_id, version, draft)

    def submit(self, who: Principal, template_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.submit(conn, who, template_id, version)

    def withdraw(self, who: Principal, template_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.withdraw(conn, who, template_id, version)

    def approve(self, who: Principal, template_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.approve(conn, who, template_id, version)

    def retire(self, who: Principal, template_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.authoring.retire(conn, who, template_id, version)

    def check_source(self, source: TemplateSource) -> list[Any]:
        """Problems of the text in the editor (syntax, unknown variables, size) — for live feedback."""
        return list(self.renderer.problems(source))

    def segments(self, text: str) -> SegmentInfo:
        """The SMS length counter."""
        return count_segments(text)

    def editor_preview(self, source: TemplateSource, customer_id: int | None, fields: Mapping[str, Any]) -> Rendered:
        """Render the editor's text for a chosen customer (catalogue values from the database) plus ``fields``.

        Raises:
            TemplateProblem / InvalidInput: what is wrong, with the line.
        """
        values: dict[str, Any] = {}
        if customer_id is not None:
            with self.engine.connect() as conn:
                values = customer_values(conn, [customer_id], self.config, source.locale).get(customer_id, {})
        values.update({k: v for k, v in fields.items() if v not in (None, "")})
        return self.renderer.render(source, values)

    # -- compose ------------------------------------------------------------------------------------------
    def recipient(self, who: Principal, customer_id: int) -> recipients.Recipient:
        """The customer's language, and per channel the (masked) address and the consents in force."""
        with self.engine.connect() as conn:
            authorize(conn, who, "message.send", audit=self.audit, entity="customer", entity_id=customer_id)
            require_customer(conn, who, customer_id, audit=self.audit)
            try:
                found = recipients.recipient(conn, customer_id)
            except LookupError:
                raise NotFound("客户不存在。", "The customer does not exist.") from None
        return found

    def preview(
        self,
        who: Principal,
        customer_id: int,
        template_id: int,
        fields: Mapping[str, Any] | None = None,
        *,
        ticket_id: int | None = None,
        holding_id: int | None = None,
    ) -> Prepared:
        """The message as it would go (rendered, masked address, consent, quiet hours); ``open_fields`` to fill."""
        with self.engine.connect() as conn:
            authorize(conn, who, "message.send", audit=self.audit, entity="customer", entity_id=customer_id)
            require_customer(conn, who, customer_id, audit=self.audit)
            return self._prepare(conn, who, customer_id, template_id, fields, ticket_id, holding_id)

    def _prepare(
        self,
        conn: Any,
        who: Principal,
        customer_id: int,
        template_id: int,
        fields: Any,
        ticket_id: Any,
        holding_id: Any,
    ) -> Prepared:
        template = tpl.get(conn, template_id)
        if template.status != "approved":
            raise NotAllowed(
                "该模板版本未经审批，不能使用。", "This template version is not approved and cannot be used."
            )
        return self.composer.prepare(
            conn,
            template,
            {customer_id: None},
            fields,
            agent_id=who.user_id,
            ticket_id=ticket_id,
            holding_id=holding_id,
            follow_language=False,
        )[0]

    def send(
        self,
        who: Principal,
        customer_id: int,
        template_id: int,
        fields: Mapping[str, Any] | None,
        token: str,
        *,
        ticket_id: int | None = None,
        holding_id: int | None = None,
    ) -> Queued:
        """Queue the message for the gateway to send.

        ``token`` identifies this compose action (one per compose dialog): sending twice with the same token —
        a double click, a retry after a lost answer — queues one message and returns it both times.

        Raises:
            MessagingError: not allowed, template not approved, missing field, no address, no consent.
        """
        if not TOKEN.match(token or ""):
            raise InvalidInput("发送标识无效。", "The compose token is invalid.")
        with write_txn(self.engine) as conn:
            authorize(conn, who, "message.send", audit=self.audit, entity="customer", entity_id=customer_id)
            require_customer(conn, who, customer_id, audit=self.audit)
            key = f"compose:{token}"
            existing = conn.execute(
                select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.not_before).where(
                    OutboxMessage.idem_key == key
                )
            ).first()
            if existing is not None:
                return Queued(int(existing.id), False, existing.status, existing.not_before)
            item = self._prepare(conn, who, customer_id, template_id, fields, ticket_id, holding_id)
            if item.blocked:
                zh, en = item.block_message or ("", "")
                if item.problem is not None:
                    raise item.problem
                raise NotAllowed(zh, en)
            message = item.outgoing(key, sender=self.composer.sender_for(item.template.channel), created_by=who.user_id)
            at = self.clock()
            outbox_id, created = enqueue_one(conn, message, at)
            if created:
                row = {**message.row(at), "id": outbox_id}
                timeline.write_entry(conn, row, "pending", at)
                feed.append(
                    conn,
                    "outbox_message",
                    outbox_id,
                    "queued",
                    actor_id=who.user_id,
                    payload={"customer_id": customer_id},
                )
                detail = {"template_id": item.template.id, "channel": message.channel, "purpose": message.purpose}
                self.audit.record(conn, who, "message_send", "outbox_message", outbox_id, detail)
            return Queued(outbox_id, created, message.status, message.not_before)

    def cancel_message(self, who: Principal, outbox_id: int) -> None:
        """Withdraw a message that has not gone yet (pending or held)."""
        with write_txn(self.engine) as conn:
            authorize(conn, who, "message.send", audit=self.audit, entity="outbox_message", entity_id=outbox_id)
            row = conn.execute(select(*readable_columns(OutboxMessage)).where(OutboxMessage.id == outbox_id)).first()
            if row is None:
                raise NotFound("消息不存在。", "The message does not exist.")
            if row.status not in ("pending", "held", "paused"):
                raise NotAllowed(
                    "消息已在发送或已发送，无法撤回。", "The message is being sent or has gone; it cannot be withdrawn."
                )
            t: Table = OutboxMessage.__table__  # type: ignore[assignment]
            changed = conn.execute(
                update(t)
                .where(t.c.id == outbox_id, t.c.status == row.status)
                .values(status="cancelled", version=t.c.version + 1)
            ).rowcount
            if not changed:
                raise NotAllowed("消息已在发送，无法撤回。", "The message is being sent; it cannot be withdrawn.")
            timeline.write_entry(conn, row._mapping, "cancelled", self.clock())
            feed.append(
                conn,
                "outbox_message",
                outbox_id,
                "cancelled",
                actor_id=who.user_id,
                payload={"customer_id": row.customer_id},
            )
            self.audit.record(conn, who, "message_cancel", "outbox_message", outbox_id, None)

    def customer_messages(self, who: Principal, customer_id: int, limit: int = 100) -> list[MessageRow]:
        """The customer's outbound messages, newest first."""
        t: Table = OutboxMessage.__table__  # type: ignore[assignment]
        with self.engine.connect() as conn:
            require_customer(conn, who, customer_id, audit=self.audit)
            rows = conn.execute(
                select(*readable_columns(t)).where(t.c.customer_id == customer_id).order_by(t.c.id.desc()).limit(limit)
            ).all()
        return [_message_row(r) for r in rows]

    def message(self, who: Principal, outbox_id: int) -> MessageRow:
        """One outbound message (the compose dialog follows the one it queued)."""
        t: Table = OutboxMessage.__table__  # type: ignore[assignment]
        with self.engine.connect() as conn:
            row = conn.execute(select(*readable_columns(t)).where(t.c.id == outbox_id)).first()
            if row is None:
                raise NotFound("消息不存在。", "The message does not exist.")
            if row.customer_id is not None:
                require_customer(conn, who, int(row.customer_id), audit=self.audit)
        return _message_row(row)

    def message_timeline(self, customer_id: int) -> list[Any]:
        """The customer's SMS and e-mail timeline entries (both directions), newest first."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(Interaction.__table__)
                    .where(Interaction.customer_id == customer_id, Interaction.channel.in_(("sms", "email")))
                    .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
                )
            )

    def customer_exists(self, customer_id: int) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(Customer.id).where(Customer.id == customer_id)).first() is not None

    def find_customer(self, text: str) -> tuple[int, str] | None:
        """(id, name) of the customer with CIF number ``text`` (or id, for a number), for the editor's preview."""
        text = (text or "").strip()
        if not text:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(Customer.id, Customer.name).where(Customer.cif_no == text)).first()
            if row is None and text.isdigit():
                row = conn.execute(select(Customer.id, Customer.name).where(Customer.id == int(text))).first()
        return (int(row.id), str(row.name)) if row is not None else None

    # -- settling unknown and failed outcomes (supervisors) -----------------------------------------------
    def outbox_issues(self, who: Principal, *, limit: int = 200) -> list[settle.OutboxIssue]:
        """Messages whose outcome is unknown or failed and not yet sent again, newest first."""
        with self.engine.connect() as conn:
            return settle.issues(conn, who, self.audit, limit=limit)

    def mark_sent(self, who: Principal, outbox_id: int, version: int, reason: str = "") -> int:
        """The message did arrive (e.g. the customer confirmed it); returns the row's new version.

        Raises:
            Conflict: someone settled it first; NotAllowed: it is no longer unknown or failed.
        """
        with write_txn(self.engine) as conn:
            return settle.mark_sent(conn, who, self.audit, outbox_id, version, self.clock(), reason)

    def send_again(self, who: Principal, outbox_id: int, version: int, token: str) -> int:
        """Queue a new message (new unique key, linked to ``outbox_id``); returns its outbox id.

        Call only after the person confirmed that the customer may get the message twice.
        """
        if not TOKEN.match(token or ""):
            raise InvalidInput("发送标识无效。", "The compose token is invalid.")
        with write_txn(self.engine) as conn:
            return settle.send_again(conn, who, self.audit, outbox_id, version, token, self.clock())

    def call_ticket(self, call_id: int) -> int | None:
        """The newest ticket registered on a call (e.g. a complaint just taken), for compose from the call bar."""
        from db.models import Ticket

        with self.engine.connect() as conn:
            found = conn.execute(
                select(Ticket.id).where(Ticket.call_id == call_id).order_by(Ticket.id.desc()).limit(1)
            ).scalar()
        return int(found) if found is not None else None

    # -- campaigns ----------------------------------------------------------------------------------------
    def create_campaign(
        self,
        who: Principal,
        name: str,
        template_id: int,
        segment: Mapping[str, Any],
        scheduled_at: dt.datetime | None = None,
    ) -> int:
        with write_txn(self.engine) as conn:
            return self.campaigns.create(conn, who, name, template_id, segment, scheduled_at)

    def campaign_size(self, who: Principal, segment: Mapping[str, Any]) -> int:
        """How many customers the segment holds (asked before previewing a segment with no filter)."""
        with self.engine.connect() as conn:
            return self.campaigns.size(conn, who, segment)

    def campaign_list(self, who: Principal) -> list[CampaignRow]:
        """Existing campaigns, newest first, with their template, state and counts."""
        with self.engine.connect() as conn:
            authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign")
            return listing(conn)

    def campaign(self, who: Principal, campaign_id: int) -> CampaignRow:
        """One campaign as the list shows it (to open it on the campaign page)."""
        with self.engine.connect() as conn:
            authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign", entity_id=campaign_id)
            found = listing(conn, campaign_id=campaign_id)
        if not found:
            raise NotFound("营销活动不存在。", "The campaign does not exist.")
        return found[0]

    def preview_campaign(
        self,
        who: Principal,
        template_id: int,
        segment: Mapping[str, Any],
        fields: Mapping[str, Any] | None = None,
        scheduled_at: dt.datetime | None = None,
    ) -> CampaignPreview:
        with self.engine.connect() as conn:
            return self.campaigns.preview(conn, who, template_id, segment, fields, scheduled_at)

    def start_campaign(
        self,
        who: Principal,
        campaign_id: int,
        version: int,
        fields: Mapping[str, Any] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> CampaignReport:
        return self.campaigns.start(self.engine, who, campaign_id, version, fields, progress=progress)

    def pause_campaign(self, who: Principal, campaign_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.campaigns.pause(conn, who, campaign_id, version)

    def resume_campaign(self, who: Principal, campaign_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.campaigns.resume(conn, who, campaign_id, version)

    def cancel_campaign(self, who: Principal, campaign_id: int, version: int) -> int:
        with write_txn(self.engine) as conn:
            return self.campaigns.cancel(conn, who, campaign_id, version)

    def campaign_report(self, campaign_id: int) -> CampaignReport:
        with self.engine.connect() as conn:
            return self.campaigns.report(conn, campaign_id)


def _message_row(r: Any) -> MessageRow:
    return MessageRow(
        int(r.id),
        r.channel,
        r.purpose,
        r.to_masked or "",
        r.subject,
        r.body_text,
        r.status,
        r.error_code,
        r.error_message,
        r.template_id,
        r.campaign_id,
        r.created_at,
        r.not_before,
        r.sent_at,
        r.delivered_at,
    )
