"""Outbound SMS and e-mail: templates (sandboxed, versioned, approved by a second person), compose, campaigns.

The desktop uses :class:`MessagingService`; the gateway's outbox sender
(:mod:`gateway.outbox_sender`) does the sending.  Modules:

* :mod:`.rendering` — the Jinja2 sandbox, filters, errors with line numbers; :mod:`.segments` — SMS length;
* :mod:`.variables` — declared variables and their types; :mod:`.context` — their values from the database;
* :mod:`.templates` — authoring and approval; :mod:`.starters` — the shipped starter templates;
* :mod:`.policy` — consent, opt-out, quiet hours; :mod:`.addresses` — mobiles and e-mail addresses;
  :mod:`.recipient` — one customer's addresses, consents and language as the compose dialog opens;
* :mod:`.compose` — preparing messages; :mod:`.outbox` — idempotent outbox rows; :mod:`.timeline` — the
  customer's timeline entries; :mod:`.audiences`, :mod:`.campaigns` and :mod:`.campaign_list` — campaigns;
  :mod:`.settle` — unknown and failed outcomes settled by staff (mark as sent, send again).
"""

from __future__ import annotations

from .campaign_list import CampaignRow
from .campaigns import CampaignPreview, CampaignReport
from .compose import Prepared
from .config import MessagingConfig
from .errors import Conflict, InvalidInput, MessagingError, NotAllowed, NotFound, TemplateProblem
from .recipient import ChannelConsent, Recipient
from .rendering import Rendered, Renderer, TemplateSource
from .service import MessageRow, MessagingService, Queued
from .settle import OutboxIssue
from .sms_parts import SegmentInfo, count_segments
from .starters import install_starter_templates
from .templates import TemplateDraft, TemplateInfo

__all__ = [
    "CampaignPreview",
    "CampaignReport",
    "CampaignRow",
    "ChannelConsent",
    "Conflict",
    "InvalidInput",
    "MessageRow",
    "MessagingConfig",
    "MessagingError",
    "MessagingService",
    "NotAllowed",
    "NotFound",
    "OutboxIssue",
    "Prepared",
    "Queued",
    "Recipient",
    "Rendered",
    "Renderer",
    "SegmentInfo",
    "TemplateDraft",
    "TemplateInfo",
    "TemplateProblem",
    "TemplateSource",
    "count_segments",
    "install_starter_templates",
]
