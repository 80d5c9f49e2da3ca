"""Complaint tickets on the regulator's clock: intake, handling, deadlines, escalation, resolution.

Modules (each one job):

| module | what it does |
|---|---|
| :mod:`.calendar` | business calendar: holidays and make-up days (``sync_calendar``), business time |
| :mod:`.clocks` | regulatory deadline (rule in its docstring), SLA due times, warning points, breach |
| :mod:`.config` / :mod:`.context` | settings (``TicketConfig``) and the per-process ``TicketEnv`` |
| :mod:`.taxonomy` | complaint categories from ``resources/complaints/taxonomy.json`` |
| :mod:`.numbers` | readable ticket numbers (``TS2611-0042``) |
| :mod:`.records` | version-guarded saves; every event with its change-feed row |
| :mod:`.intake` | drafts, one-transaction creation, repeat detection, merge |
| :mod:`.lifecycle` | state machine, comments, assignment, conflict of interest, reopen |
| :mod:`.extension` | complex case (30 days), approved extension (+30) |
| :mod:`.resolution` | decision and its notice, close, satisfaction survey |
| :mod:`.escalation` | the periodic ``scan``: warnings, breaches, escalations |
| :mod:`.alerts` | alerts to the handler and the escalations' addressees, through the change feed |
| :mod:`.views` | my tickets, team queue, at-risk, breached, saved filters, ticket panel |
| :mod:`.export` | masked CSV / XLSX |
| :mod:`.attachments` | checked files in the database, virus-scan hook |
| :mod:`.notices` | ``notify_customer`` (the one place that writes customer notices, from the approved templates) |
| :mod:`.listing` | the desktop's ticket list: scoped to the principal, names masked, sorted, paged |
| :mod:`.desk` | the ticket panel's read model, escalation by hand, the decision notice preview |
| :mod:`.directory` | handlers to assign to, staff and branches to name in a complaint |
| :mod:`.notes` | drafts of notes and decisions on a ticket, posted with the draft closed |
| :mod:`.service` | ``TicketService``: the API above, one transaction per call, for the desktop |

Typical desktop use (on the database worker)::

    service = TicketService.open(engine, config=TicketConfig.from_settings(settings))
    draft = service.save_draft(actor, service.prefill_from_call(call_id))      # as the agent types
    repeats = service.find_repeats(customer_id, "fee_dispute")                  # propose a merge
    created = service.submit_draft(actor, draft, merge_into=None)               # fully recorded
    v = service.transition(actor, created.id, created.version, "acknowledged")
    v = service.decide(actor, created.id, v, decision="…", outcome="upheld")
"""

from __future__ import annotations

from .config import TicketConfig
from .context import TicketEnv
from .errors import (
    AttachmentRejected,
    ConflictError,
    ConflictOfInterest,
    InvalidInput,
    NotAllowed,
    NotFound,
    PermissionDenied,
    TicketError,
)
from .intake import ComplaintInput, Created
from .rights import (
    PERM_APPROVE_EXTENSION,
    PERM_ASSIGN,
    PERM_CREATE,
    PERM_EXPORT,
    PERM_REOPEN,
    SYSTEM,
    Actor,
    StaticActor,
    has_right,
)
from .service import TicketService

__all__ = [
    "PERM_APPROVE_EXTENSION",
    "PERM_ASSIGN",
    "PERM_CREATE",
    "PERM_EXPORT",
    "PERM_REOPEN",
    "SYSTEM",
    "Actor",
    "AttachmentRejected",
    "ComplaintInput",
    "ConflictError",
    "ConflictOfInterest",
    "Created",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "PermissionDenied",
    "StaticActor",
    "TicketConfig",
    "TicketEnv",
    "TicketError",
    "TicketService",
    "has_right",
]
