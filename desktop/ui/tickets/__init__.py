"""The complaint ticket screens: the list, the ticket panel, the intake dialog, and the "Tickets" workspace.

Entry points for the main window (each takes the task manager, the ticket service and the signed-in
principal; the service scopes, masks and enforces, the widgets only hide what it would refuse):

* :class:`TicketsWorkspace` — list and ticket side by side, for the supervisor's and agent's "Tickets" tab;
  ``refresh()`` for live updates.
* :class:`TicketPanel` — one ticket (``open_ticket(id)``), e.g. beside the customer 360° view.
* :func:`open_intake` — take a complaint from a customer (or a call, or continue a draft).

Modules: :mod:`.listview` (filters, saved filters) with :mod:`.model` (lazy pages, server-side sort),
:mod:`.columns` (column widths), :mod:`.combo` (filter boxes that never cut their text) and
:mod:`.delegate` / :mod:`.deadline` (the remaining-time badge); :mod:`.panel` with :mod:`.header`,
:mod:`.actions`, :mod:`.dialogs`, :mod:`.resolve`, :mod:`.history`, :mod:`.details`, :mod:`.attachments`
and :mod:`.composer`; :mod:`.intake` with :mod:`.confirm` (the number and deadline once recorded);
:mod:`.workspace`; :mod:`.showcase`; :mod:`.codes` (labels).
"""

from __future__ import annotations

from .intake import IntakeDialog, open_intake
from .listview import TicketListView
from .panel import TicketPanel
from .workspace import TicketsWorkspace

__all__ = [
    "IntakeDialog",
    "TicketListView",
    "TicketPanel",
    "TicketsWorkspace",
    "open_intake",
]
