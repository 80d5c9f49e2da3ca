"""One entry point: :func:`install_call_center` puts the call bar and the call panel into the agent's window.

The bar goes into a top tool bar; the caller card, the call notes and the wrap-up panel into a dock on the
right; a Call menu with every call key into the menu bar.  The returned :class:`CallCenter` owns the screen-pop
controller and the actions, and offers :meth:`CallCenter.call_customer` for the 360° view's click-to-call.

A popped call replaces what the window's 360° view shows: the caller's record, opened on its overview, or for a
caller nobody has identified the :class:`~.unknown.UnknownCallerPage` (never the previous customer).  Taking a
call puts the keyboard in its notes.  When the agent switches user or quits, they are set offline.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QMainWindow,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices, DeskSnapshot, sign_off
from services.calls import ActionResult, CallService, OfferInfo
from services.permissions import Principal
from services.resource_files import resource_path
from services.screenpop import ScreenPop

from .actions import CallActions
from .bar import CallBar
from .card import CallerCard
from .controller import AVAILABLE_POLL_MS, POLL_MS, ScreenPopController
from .keys import DISPOSITION_KEY, NOTES_KEY, SUBMIT_KEY, SUBMIT_RETURN_KEY, key_action
from .menu import CallMenu
from .notes import CallNotes
from .unknown import UnknownCallerPage
from .wrapup import WrapupPanel

log = logging.getLogger(__name__)

DOCK_MIN_WIDTH = 300
INFO_MESSAGE_MS = 6000


@functools.cache
def call_style_sheet() -> str:
    """The call bar's and panel's style sheet (``resources/qss/calls.qss``), read once."""
    path = resource_path("qss", "calls.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


class CallPanel(QWidget):
    """The dock's content: the caller card (scrolls), the notes during the call, the wrap-up after it."""

    def __init__(self, card: CallerCard, notes: CallNotes, wrapup: WrapupPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("callPanel")
        self.card = card
        self.notes = notes
        self.wrapup = wrapup
        self.card_scroll = QScrollArea(self)
        self.card_scroll.setObjectName("callerCardScroll")
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the card's own controls are the tab stops
        self.card_scroll.setWidget(card)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.card_scroll, 3)
        layout.addWidget(notes, 2)
        layout.addWidget(wrapup, 5)
        notes.hide()
        wrapup.hide()
        # Holds the keyboard while the notes give way to the wrap-up, so that keys typed meanwhile reach no
        # other widget of the window.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def show_state(self, state: str) -> None:
        """Notes on the call; in wrap-up the wrap-up panel alone, so that the whole disposition tree shows."""
        self.notes.setVisible(state == "on_call")
        self.wrapup.setVisible(state == "wrap_up")
        self.card_scroll.setVisible(state != "wrap_up")


class CallCenter(QObject):
    """The call centre's part of the agent's window.

    Attributes:
        bar: the :class:`CallBar` (in :attr:`toolbar`).
        controller: the :class:`ScreenPopController`.
        actions: the :class:`CallActions` behind the bar.
        card, notes, wrapup: the widgets in :attr:`dock`.
    """

    def __init__(
        self,
        window: QMainWindow,
        tasks: TaskManager,
        services: DeskServices,
        principal: Principal,
        open_customer: Callable[[int], None] | None,
        *,
        customer_view: Any = None,
        poll_ms: int = POLL_MS,
        available_poll_ms: int = AVAILABLE_POLL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self.services = services
        self.principal = principal
        agent = principal.user_id
        self.controller = ScreenPopController(
            tasks, services, agent, window, poll_ms=poll_ms, available_poll_ms=available_poll_ms, parent=self
        )
        self.card = CallerCard(tasks, services.screenpop, agent)
        self.notes = CallNotes(tasks, services.calls)
        self.wrapup = WrapupPanel(tasks, services.wrapups, agent)
        self.actions = CallActions(
            tasks, services, agent, self.controller, unsaved_notes=self.notes.unsaved, parent=self
        )
        self.bar = CallBar(tasks, services, self.actions)
        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("callToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.addWidget(self.bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.panel = CallPanel(self.card, self.notes, self.wrapup)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("callDock")
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(DOCK_MIN_WIDTH)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        style = call_style_sheet()
        self.toolbar.setStyleSheet(style)
        self.dock.setStyleSheet(style)
        self._open_customer = open_customer
        # Where pops show: the window's 360° view (pop_customer / show_unknown_caller), if it has one.
        self.customer_view = customer_view if customer_view is not None else getattr(window, "customer_view", None)
        self.unknown_page: UnknownCallerPage | None = None
        self._messaging: Any = None
        self.compose: Any = None  # the last compose dialog opened from the bar
        self._responded: int | None = None
        self._notes_focus_for: int | None = None  # the call just taken: its notes get the keyboard
        self._wrapup_focus = False  # the wrap-up's filter gets the keyboard once its draft is read
        self._signed_off = False
        self._db_trouble = False
        self.notes_action = key_action(self, NOTES_KEY)
        self.notes_action.triggered.connect(lambda _checked=False: self.notes.focus_editor())
        self.disposition_action = key_action(self, DISPOSITION_KEY)
        self.disposition_action.triggered.connect(lambda _checked=False: self.wrapup.focus_disposition())
        self.submit_action = key_action(self, SUBMIT_KEY, SUBMIT_RETURN_KEY)
        self.submit_action.triggered.connect(lambda _checked=False: self.wrapup.submit_now())
        for action in (self.notes_action, self.disposition_action, self.submit_action):
            action.setEnabled(False)
            self.panel.addAction(action)
        self.menu = CallMenu(self.bar, (self.notes_action, self.disposition_action, self.submit_action), window)
        self.menu.install(window)
        self._info_timer = QTimer(self)
        self._info_timer.setSingleShot(True)
        self._info_timer.timeout.connect(self._clear_info)

        c = self.controller
        c.snapshot_changed.connect(self._snapshot_changed)
        c.card_changed.connect(self.card.set_pop)
        c.open_customer.connect(self._pop_customer)
        c.unknown_caller.connect(self._pop_unknown)
        c.offer_popped.connect(self._offer_popped)
        c.offer_closed.connect(self._offer_closed)
        c.poll_failed.connect(self._poll_failed)
        c.recovered.connect(self._recovered)
        self.card.open_customer.connect(self._open)
        self.card.link_requested.connect(self.link_caller)
        self.card.customer_created.connect(lambda _cid: self.controller.reload_card())
        self.actions.started.connect(self._action_started)
        self.actions.finished.connect(self._action_finished)
        self.wrapup.completed.connect(self._wrapup_completed)
        self.wrapup.draft_loaded.connect(self._wrapup_loaded)
        # Switching user and quitting sign the agent off (the window's signals, where it has them).
        for name in ("switch_user_requested", "closing"):
            signal = getattr(window, name, None)
            if signal is not None:
                signal.connect(self.sign_off)
        window.installEventFilter(self)
        self.retranslate()
        c.start()

    # -- for the integrator ----------------------------------------------------------------------------------------
    def line_down(self, reason: str) -> None:
        """The phone line (the demo's gateway and simulator) did not start: the bar says so and why, for good."""
        self.bar.set_line_down(reason)

    def enable_messaging(self, service: Any) -> bool:
        """Offer "Send message" on the call bar (roles with ``message.send``): it opens the compose dialog for
        the caller, with the ticket registered on the call (a complaint just taken) for the template's ticket
        fields; the agent's name comes from the signed-in user.  Returns whether the button is offered.

        Args:
            service: the desktop's :class:`~services.messaging.MessagingService`.
        """
        from services.permissions import allowed

        if not allowed(self.principal.role, "message.send"):
            return False
        self._messaging = service
        self.bar.message_requested.connect(self.compose_for_call)
        self.bar.set_messaging(True)
        return True

    def compose_for_call(self, call_id: int, customer_id: int) -> None:
        """Open the compose dialog for the caller (``customer_id``), with the ticket registered on the call."""
        service, who = self._messaging, self.principal
        if service is None:
            return

        def opened(ticket: int | None) -> None:
            from ..messaging import open_compose

            self.compose = open_compose(self.window, self.tasks, service, who, customer_id, ticket_id=ticket)

        self.tasks.run_db(
            lambda: service.call_ticket(call_id),
            on_success=opened,
            on_failure=lambda exc: self.bar.show_message(
                self.tr("Could not open the message window ({error}).").format(error=type(exc).__name__)
            ),
            owner=self,
            label="compose from call",
        )

    def call_customer(self, customer_id: int, phone_id: int) -> None:
        """Click-to-call from the 360° view: Twilio rings this agent first, then the customer's phone ``phone_id``."""
        self.actions.call_customer(customer_id, phone_id)

    def link_caller(self, customer_id: int) -> None:
        """The agent identified the caller (household list, or a duplicate found by quick-create)."""
        pop = self.card.pop
        if pop is None:
            return
        call_id, screenpop = pop.call_id, self.services.screenpop

        def linked(_: object) -> None:
            log.info("call %s linked to customer %s by the agent", call_id, customer_id)
            self.controller.reload_card()

        self.tasks.run_db(
            lambda: screenpop.link_caller(call_id, customer_id),
            on_success=linked,
            on_failure=lambda exc: self.bar.show_message(
                self.tr("Could not link the call ({error}).").format(error=type(exc).__name__)
            ),
            owner=self,
            changes=("call",),
            label="link caller",
        )

    def shutdown(self) -> None:
        """Stop polling and save what is typed (call this before the task manager shuts down)."""
        self.controller.stop()
        for widget in (self.notes, self.wrapup):
            if shiboken6.isValid(widget):
                widget.save_now()

    def sign_off(self) -> None:
        """The agent leaves this desk (switch user, quit): stop, save what is typed, and set them offline.

        The change is a write queued on the database worker after the saves and before anything asked later
        (a new sign-in is), and it runs even while the application shuts down.  A call ringing here goes to the
        next agent; during a call or its wrap-up the state stays (see :func:`services.agent_desk.sign_off`).
        """
        if self._signed_off:
            return
        self._signed_off = True
        self.shutdown()
        services, agent = self.services, self.principal.user_id
        log.info("agent %s signs off", agent)
        self.tasks.run_db(
            lambda: sign_off(services, agent),
            on_success=lambda state: log.info("agent %s left in state %s", agent, state),
            on_failure=lambda exc: log.warning("agent %s could not be set offline: %r", agent, exc),
            busy=False,
            changes=("agent_state",),  # a write: it runs to the end even while the application shuts down
            label="sign off",
        )

    # -- pops in the main area -------------------------------------------------------------------------------------
    def _open(self, customer_id: int) -> None:
        if self._open_customer is not None:
            self._open_customer(customer_id)

    def _pop_customer(self, customer_id: int) -> None:
        """A call popped for ``customer_id``: the 360° view starts afresh on the overview."""
        view = self.customer_view
        if view is not None and hasattr(view, "pop_customer"):
            view.pop_customer(customer_id)
        else:
            self._open(customer_id)

    def _pop_unknown(self, pop: ScreenPop) -> None:
        """A call popped from a caller nobody has identified: the main area says so, and nothing else."""
        view = self.customer_view
        if view is None or not hasattr(view, "show_unknown_caller"):
            return
        if self.unknown_page is None:
            self.unknown_page = UnknownCallerPage()
            self.unknown_page.setStyleSheet(call_style_sheet())
            self.unknown_page.search_requested.connect(self._search_for_caller)
            self.unknown_page.create_requested.connect(self._create_caller)
            self.unknown_page.pick_requested.connect(self._pick_caller)
        self.unknown_page.set_pop(pop)
        view.show_unknown_caller(self.unknown_page)

    def _search_for_caller(self) -> None:
        search = getattr(self.window, "search_panel", None)
        if search is not None:
            search.focus_box()

    def _create_caller(self) -> None:
        self.dock.show()
        form = self.card.quick_create
        if form.isVisibleTo(self.card):
            self.panel.card_scroll.ensureWidgetVisible(form)
            form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pick_caller(self) -> None:
        self.dock.show()
        candidates = self.card.candidates
        if candidates.isVisibleTo(self.card):
            if candidates.currentRow() < 0 and candidates.count():
                candidates.setCurrentRow(0)
            candidates.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- reacting to the desk ------------------------------------------------------------------------------------------
    def _snapshot_changed(self, snap: DeskSnapshot) -> None:
        self.bar.set_snapshot(snap)
        call = snap.call
        state = snap.state
        self.notes.open(call.call_id if call is not None and state == "on_call" else None, call.notes if call else "")
        in_wrapup = call is not None and state == "wrap_up"
        if call is not None and in_wrapup:
            if self.wrapup.call_id != call.call_id:
                focus = QApplication.focusWidget()
                self._wrapup_focus = focus is None or self.panel.isAncestorOf(focus)
                if self._wrapup_focus:
                    self.panel.setFocus(Qt.FocusReason.OtherFocusReason)  # the notes box is about to go
            self.wrapup.open(call.call_id, call.wrapup_deadline)
        else:
            self.wrapup.open(None)
        self.panel.show_state(state)
        self.notes_action.setEnabled(state == "on_call" and call is not None)
        self.disposition_action.setEnabled(in_wrapup)
        self.submit_action.setEnabled(in_wrapup)
        self._take_notes_focus()

    def _take_notes_focus(self) -> None:
        """The call just taken is on the line: its notes get the keyboard (typing goes there, nowhere else)."""
        call = self._notes_focus_for
        if call is not None and self.notes.call_id == call and self.notes.focus_editor():
            self._notes_focus_for = None

    def _wrapup_loaded(self, call_id: int) -> None:
        if self._wrapup_focus and self.wrapup.call_id == call_id:
            self._wrapup_focus = False
            self.wrapup.focus_disposition()

    def _offer_popped(self, offer: OfferInfo) -> None:
        if not self.dock.isVisible():
            self.dock.show()
        self.dock.raise_()

    def _offer_closed(self, offer: OfferInfo) -> None:
        if self._responded == offer.call_id:
            return  # the agent answered it; the action's outcome is on the bar
        snap = self.controller.snapshot
        if snap is not None and snap.state == "not_responding":
            self.bar.show_message(lambda: self.tr("A call rang unanswered and went to a colleague."), "warning")
        elif snap is None or snap.call_id != offer.call_id:
            self.bar.show_message(lambda: self.tr("The caller hung up before the call was answered."), "info")

    def _action_started(self, action: str) -> None:
        snap = self.controller.snapshot
        if action in ("accept", "decline") and snap is not None and snap.offer is not None:
            self._responded = snap.offer.call_id

    def _action_finished(self, action: str, result: ActionResult) -> None:
        if action == "accept" and result.ok:
            self._notes_focus_for = result.call_id
            self._take_notes_focus()
        if action == "dial" and result.ok:
            self.bar.show_message(lambda: self.tr("Calling: your phone rings first, then the customer's."), "info")
            self._info_timer.start(INFO_MESSAGE_MS)

    def _wrapup_completed(self, call_id: int, interaction_id: int) -> None:
        self.bar.show_message(lambda: self.tr("Wrap-up saved on the customer's timeline."), "info")
        self._info_timer.start(INFO_MESSAGE_MS)
        self.controller.poll_now()

    def _clear_info(self) -> None:
        if self.bar.message.property("level") == "info":
            self.bar.clear_message()

    def _poll_failed(self, _reason: str) -> None:
        if not self._db_trouble:
            self._db_trouble = True
            self.bar.show_message(lambda: self.tr("Lost contact with the database; trying again…"), "warning")

    def _recovered(self) -> None:
        if self._db_trouble:
            self._db_trouble = False
            self.bar.clear_message()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()  # before the window's own closeEvent shuts the task manager down
        elif watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # this object is no widget: the window's change tells it
        return False

    def retranslate(self) -> None:
        self.toolbar.setWindowTitle(self.tr("Call bar"))
        self.dock.setWindowTitle(self.tr("Call"))
        self.notes_action.setText(self.tr("Call notes"))
        self.disposition_action.setText(self.tr("Find a disposition"))
        self.submit_action.setText(self.tr("Finish wrap-up"))


def install_call_center(
    window: QMainWindow,
    tasks: TaskManager,
    call_service: CallService,
    principal: Principal,
    open_customer: Callable[[int], None] | None = None,
    *,
    services: DeskServices | None = None,
    customer_view: Any = None,
    poll_ms: int = POLL_MS,
    available_poll_ms: int = AVAILABLE_POLL_MS,
) -> CallCenter:
    """Add the call bar (top tool bar) and the call panel (right dock) to ``window`` and start polling.

    Args:
        window: the agent's main window (not otherwise changed).
        tasks: the task manager whose database worker runs the polls.
        call_service: the call service (a desktop gives it a ``QueuedCallControl``).
        principal: the signed-in agent (``user_id`` is the agent id).
        open_customer: called with a customer id when the caller's 360° view should open.
        services: the other services (default: made on the call service's database).
        customer_view: where pops show (``pop_customer``, ``show_unknown_caller``); default: the window's
            ``customer_view``, if any (else pops call ``open_customer``).
        poll_ms: poll interval while busy, on a break or offline.
        available_poll_ms: poll interval while available.

    Returns:
        The :class:`CallCenter` (``.bar``, ``.controller``, ``.shutdown()``, ``.call_customer()``).
    """
    return CallCenter(
        window,
        tasks,
        services or DeskServices.create(call_service),
        principal,
        open_customer,
        customer_view=customer_view,
        poll_ms=poll_ms,
        available_poll_ms=available_poll_ms,
    )
