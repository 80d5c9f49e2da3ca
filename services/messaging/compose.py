"""Composing messages from approved templates: values, rendering, address, consent, quiet hours.

:class:`Composer` does the work for one customer (the compose dialog) and for many (campaigns) alike: for
each customer it picks the template variant in the customer's language when one is approved, fills the
catalogue variables from the database and the open fields from the person composing, renders, finds the
address, applies consent and opt-out, and holds marketing back during quiet hours (``not_before``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from . import addresses, context, policy
from . import templates as tpl
from .config import MessagingConfig
from .errors import InvalidInput, MessagingError, NotAllowed, TemplateProblem
from .outbox import Outgoing
from .rendering import Rendered, Renderer
from .variables import CATALOG

SOURCES = ("customer", "deposit", "ticket", "agent", "branch")
BLOCK_REASONS = {
    "opt_out": ("客户已退订该渠道的消息。", "The customer opted out of messages on this channel."),
    "no_consent": ("客户未同意接收营销信息。", "The customer has not agreed to marketing messages."),
    "no_address": (
        "客户没有可用的地址（短信须为手机号）。",
        "The customer has no usable address (SMS needs a mobile).",
    ),
    "render": ("模板无法生成内容。", "The template could not be rendered."),
}


@dataclass
class Prepared:
    """One customer's message, ready to queue (or the reason it cannot go)."""

    customer_id: int
    template: tpl.TemplateInfo
    values: dict[str, Any]
    rendered: Rendered | None = None
    problem: MessagingError | None = None
    address: str | None = None  # the recipient's stored mask (138****5678, z***@example.com)
    to: addresses.Address | None = None  # the phone or e-mail row it goes to (the gateway reads the address)
    blocked: str | None = None  # a key of BLOCK_REASONS
    not_before: dt.datetime | None = None
    open_fields: list[str] = field(default_factory=list)

    @property
    def block_message(self) -> tuple[str, str] | None:
        if self.blocked is None:
            return None
        if self.blocked == "render" and self.problem is not None:
            return self.problem.zh, self.problem.en
        return BLOCK_REASONS[self.blocked]

    def outgoing(
        self, idem_key: str, *, sender: str | None, created_by: int | None, campaign_id: int | None = None
    ) -> Outgoing:
        """The outbox row: pending (or skipped, with the reason as ``error_code``)."""
        r = self.rendered
        return Outgoing(
            idem_key=idem_key,
            channel=self.template.channel,
            purpose=self.template.purpose,
            customer_id=self.customer_id,
            to_masked=self.to.masked if self.to is not None else "",
            to_phone_id=self.to.phone_id if self.to is not None else None,
            to_email_id=self.to.email_id if self.to is not None else None,
            body_text=r.text if r else "",
            subject=r.subject if r else None,
            body_html=r.html if r else None,
            template_id=self.template.id,
            campaign_id=campaign_id,
            status="skipped" if self.blocked else "pending",
            not_before=self.not_before,
            sender=sender,
            created_by_id=created_by,
            error_code=self.blocked,
            error_message=self.problem.en if (self.blocked == "render" and self.problem) else None,
        )


class Composer:
    """Prepares messages; stateless apart from the renderer's cache."""

    def __init__(self, config: MessagingConfig, renderer: Renderer, clock: Callable[[], dt.datetime]) -> None:
        self.config = config
        self.renderer = renderer
        self.clock = clock

    def sender_for(self, channel: str) -> str:
        return self.config.sms_from if channel == "sms" else self.config.smtp_from_address

    def variants(self, conn: Connection, template: tpl.TemplateInfo) -> dict[str, tpl.TemplateInfo]:
        """The approved variants of the template's code by locale (the template itself included)."""
        found = {template.locale: template}
        for locale in tpl.LOCALES:
            if locale != template.locale:
                other = tpl.approved(conn, template.code, locale)
                if other is not None:
                    found[locale] = other
        return found

    def prepare(
        self,
        conn: Connection,
        template: tpl.TemplateInfo,
        customers: Mapping[int, str | None],
        fields: Mapping[str, Any] | None = None,
        *,
        at: dt.datetime | None = None,
        agent_id: int | None = None,
        ticket_id: int | None = None,
        holding_id: int | None = None,
        follow_language: bool = True,
    ) -> list[Prepared]:
        """Prepare the message of ``template`` for each customer.

        Args:
            customers: customer id → preferred language (None: use the template's).
            fields: values of open fields (and of catalogue variables the database lacks).
            at: when it is meant to go (default now): quiet hours are judged at this moment.
            follow_language: send each customer the approved variant in their language, if there is one.
        """
        if template.status != "approved":
            raise NotAllowed(
                "该模板版本未经审批，不能使用。", "This template version is not approved and cannot be used."
            )
        at = at or self.clock()
        fields = dict(fields or {})
        variants = self.variants(conn, template) if follow_language else {template.locale: template}
        chosen: dict[int, tpl.TemplateInfo] = {}
        for cid, language in customers.items():
            locale = "en" if (language or "").startswith("en") else "zh_CN"
            chosen[cid] = variants.get(locale, template) if language else template
        used: set[str] = set()
        used_by: dict[int, list[str]] = {}
        for variant in {v.id: v for v in chosen.values()}.values():
            used_by[variant.id] = list(self.renderer.used_variables(variant.source))
            used |= set(used_by[variant.id])
        need = {CATALOG[n].source for n in used if n in CATALOG and CATALOG[n].source in SOURCES}
        values = context.customer_values(
            conn,
            list(customers),
            self.config,
            {cid: t.locale for cid, t in chosen.items()},
            need=need,
            today=at.astimezone(self.config.tz).date(),
            ticket_id=ticket_id,
            holding_id=holding_id,
            agent_id=agent_id,
        )
        channel, purpose = template.channel, template.purpose
        found = addresses.addresses(conn, channel, list(customers))
        granted = policy.consents(conn, list(customers), channel, purpose)
        not_before = policy.earliest_send(self.config, purpose, at)
        out: list[Prepared] = []
        given = {k: v for k, v in fields.items() if v not in (None, "")}
        sources = {v.id: v.source for v in chosen.values()}
        for cid, variant in chosen.items():
            known = values.get(cid, {})
            mine = {**known, **given}
            item = Prepared(cid, variant, mine, not_before=not_before)
            item.open_fields = [
                n
                for n in used_by[variant.id]
                if CATALOG.get(n) is None or CATALOG[n].source == "open" or n not in known
            ]
            try:
                item.rendered = self.renderer.render(sources[variant.id], mine)
            except (TemplateProblem, InvalidInput) as exc:
                item.problem = exc
                item.blocked = "render"
            item.to = found.get(cid)
            item.address = item.to.masked if item.to is not None else None
            if not policy.permits(granted.get(cid), purpose):
                item.blocked = "opt_out" if (granted.get(cid) is False) else "no_consent"
            elif item.to is None and item.blocked is None:
                item.blocked = "no_address"
            out.append(item)
        return out
