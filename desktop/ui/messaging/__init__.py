"""Messaging screens: compose (360° view, call bar), the template editor and campaigns (supervisors).

Entry points for the main window:

* :func:`~.compose.open_compose` ``(parent, tasks, service, principal, customer_id, channel=None,
  ticket_id=None) -> ComposeDialog`` — or :class:`~.compose.ComposeDialog` itself (``channel=None``: the
  customer's preferred channel, or one they accept messages on);
* :class:`~.editor.TemplateEditor` ``(tasks, service, principal, parent=None)`` — a page for supervisors;
* :class:`~.campaigns.CampaignPanel` ``(tasks, service, principal, parent=None)`` — a page for supervisors
  and customer managers (the existing campaigns above the form of the one open);
* :class:`~.outbox_issues.OutboxIssuesPage` ``(tasks, service, principal, parent=None)`` — "Outbox issues"
  (发送异常) for roles with ``message.settle``.

``service`` is one :class:`~services.messaging.MessagingService` per desktop
(``MessagingService.from_settings(engine)``).
"""

from __future__ import annotations

from .campaigns import CampaignPanel
from .compose import ComposeDialog, open_compose
from .editor import TemplateEditor
from .outbox_issues import OutboxIssuesPage

__all__ = ["CampaignPanel", "ComposeDialog", "OutboxIssuesPage", "TemplateEditor", "open_compose"]
