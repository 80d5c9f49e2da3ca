"""Where the flow runner sits in the agent's window: docked beside the 360° view, started from a call or not.

:func:`attach_flow_runner` docks a :class:`~.runner.FlowRunnerPanel` in the 360° view and wires it:

* "Start service flow" (Ctrl+G) in the customer's header: during a call with a suggested flow (the caller
  card shows it: ``services.flows.choose`` by queue, IVR choice and customer) it starts that one; otherwise
  it offers the published flows (:class:`~.chooser.FlowChooser`), e.g. at a branch counter;
* "Other flow…" in the pane offers the list too;
* a finished run's outcome, when it is a disposition code, prefills the call's wrap-up;
* opening a customer with a run the agent left open (a crash, a restart) shows it where it stopped.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from .chooser import FlowChooser
from .runner import FlowRunnerPanel

log = logging.getLogger(__name__)


class FlowSeat(QObject):
    """The flow runner's wiring in one window (see the module docstring)."""

    def __init__(self, window: Any, tasks: Any, desk: Any, principal: Any) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self.desk = desk
        self.view = window.customer_view
        self.panel = FlowRunnerPanel(tasks, desk.runner, principal)
        self.view.attach_flows(self.panel)
        self.chooser: FlowChooser | None = None
        self.view.header_card.flow_requested.connect(self.start_flow)
        self.panel.change_requested.connect(lambda: self.choose_flow(None))
        self.panel.ended.connect(self._ended)
        self.panel.closed.connect(self._closed)
        self.panel.view_changed.connect(self._shown)
        self._made_room = False
        self.view.customer_shown.connect(self._customer_shown)
        center = getattr(window, "call_center", None)
        self.card = center.card if center is not None else None
        if center is not None:
            center.controller.card_changed.connect(self._card_changed)
            center.card.flow_requested.connect(self._start_suggested)

    # -- starting -----------------------------------------------------------------------------------------------
    def current_call(self) -> int | None:
        """The call in progress whose caller is the customer shown (a run started now belongs to it)."""
        card = self.card
        if card is None or card.pop is None:
            return None
        customer = getattr(card.pop, "customer_id", None)
        return card.call_id if customer is not None and customer == self.view.customer_id else None

    def start_flow(self) -> None:
        """Ctrl+G: the flow suggested for the call, if any; else the list of published flows."""
        call_id = self.current_call()
        suggestion = self.card.flow_suggestion if self.card is not None else None
        if call_id is not None and suggestion is not None and suggestion[0] == call_id:
            self.start(suggestion[1])
            return
        self.choose_flow(suggestion[1] if suggestion is not None else None)

    def choose_flow(self, suggested: str | None) -> None:
        if self.view.customer_id is None:
            return
        dialog = FlowChooser(self.tasks, self.desk, suggested, self.window)
        self.chooser = dialog
        dialog.chosen.connect(self.start)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def start(self, code: str) -> None:
        """Start ``code`` for the customer shown (and the call, when it is theirs)."""
        customer = self.view.customer_id
        if customer is None:
            return
        self.panel.start(code, customer, self.current_call())
        self._room(True)

    def _start_suggested(self, code: str) -> None:
        if self.view.customer_id is not None:
            self.start(code)

    def _shown(self, _view: Any) -> None:
        if not self._made_room:  # a run resumed by itself (the customer had one open): make room once
            self._room(True)

    def _closed(self) -> None:
        self._room(False)

    def _room(self, shown: bool) -> None:
        self._made_room = shown
        workspace = getattr(self.window, "workspace", None)
        if workspace is not None and hasattr(workspace, "make_room"):
            ticket_open = self.view.ticket_dock is not None and self.view.ticket_dock.isVisible()
            workspace.make_room(shown or ticket_open)
        if shown:
            QTimer.singleShot(0, self.view.size_flow_dock)

    # -- a call, a customer -------------------------------------------------------------------------------------
    def _card_changed(self, pop: Any) -> None:
        call_id = getattr(pop, "call_id", None) if pop is not None else None
        if call_id is None or self.card is None:
            return
        if self.card.flow_suggestion is not None and self.card.flow_suggestion[0] == call_id:
            return
        desk = self.desk
        self.tasks.run_db(
            lambda: desk.suggest_for_call(call_id),
            on_success=lambda found: self.card.set_flow_suggestion(call_id, found) if self.card is not None else None,
            on_failure=lambda exc: log.warning("no flow suggestion for call %s: %r", call_id, exc),
            owner=self,
            busy=False,
            label="flow suggestion",
        )

    def _customer_shown(self, customer_id: int | None) -> None:
        panel = self.panel
        if panel.view is not None and panel.customer_id != customer_id and panel.isVisible():
            panel.close_run()  # the run stays open for its customer; it comes back with them
        if customer_id is not None:
            panel.resume_open_run(customer_id)

    def _ended(self, view: Any) -> None:
        center = getattr(self.window, "call_center", None)
        if center is not None and view.call_id is not None and view.disposition:
            center.wrapup.prefill_disposition(view.call_id, view.disposition)


def attach_flow_runner(window: Any, tasks: Any, desk: Any, principal: Any) -> FlowSeat:
    """Dock the flow runner in ``window`` (roles with ``flow.run``); returns its :class:`FlowSeat`."""
    return FlowSeat(window, tasks, desk, principal)
