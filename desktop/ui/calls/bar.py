"""The call bar: the agent's state, the ringing call with Accept / Decline, and the call on the line.

One line at the top of the window.  Left: the state button (Available, Break with a reason, Offline; it
shows Offered / On call / Wrap-up with the time in state).  Middle: the caller.  Right: the buttons of the
moment and the latest message (a refusal from the phone system stays until the next action).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices, DeskSnapshot
from services.agent_state import BREAK_REASONS, ColleagueInfo
from services.calls import ActionResult, OfferInfo, QueueInfo

from .. import fmt
from ..widgets import ElidedLabel
from . import texts
from .actions import CallActions

log = logging.getLogger(__name__)

ACCEPT_KEY = "F9"
DECLINE_KEY = "Shift+F9"
HOLD_KEY = "F7"
TRANSFER_KEY = "F8"
HANG_UP_KEY = "F12"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CallBar(QWidget):
    """The compact bar for the top of the agent's window.

    Args:
        tasks: the task manager (the transfer menu reads queues and colleagues on the database worker).
        services: the desk's services.
        actions: carries out what the buttons ask.

    Signals:
        message_requested(int, int): "Send message" on a call with an identified caller (call id, customer id);
            the button shows only after :meth:`set_messaging` (roles with ``message.send``).
    """

    message_requested = Signal(int, int)

    def __init__(self, tasks: TaskManager, services: DeskServices, actions: CallActions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("callBar")
        self.tasks = tasks
        self.services = services
        self.call_actions = actions
        self._snap: DeskSnapshot | None = None
        self._queues: list[QueueInfo] = []
        self._colleagues: list[ColleagueInfo] = []
        self._message_level = "error"
        self._line_down: str | None = None  # why the phone line did not start (None: it is up)

        self.state_button = QToolButton(self)
        self.state_button.setObjectName("agentStateButton")
        self.state_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.state_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.state_menu = QMenu(self)
        self.available_action = QAction(self)
        self.available_action.triggered.connect(lambda: self.call_actions.set_state("available"))
        self.break_menu = QMenu(self)
        self.break_actions: dict[str, QAction] = {}
        for reason in BREAK_REASONS:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, reason=reason: self.call_actions.set_state("break", reason))
            self.break_menu.addAction(action)
            self.break_actions[reason] = action
        self.offline_action = QAction(self)
        self.offline_action.triggered.connect(lambda: self.call_actions.set_state("offline"))
        self.state_menu.addAction(self.available_action)
        self.state_menu.addMenu(self.break_menu)
        self.state_menu.addAction(self.offline_action)
        self.state_button.setMenu(self.state_menu)

        self.caller = ElidedLabel(parent=self)
        self.caller.setObjectName("callBarCaller")
        self.caller.setMinimumWidth(80)
        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("callTimer")
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.clicked.connect(self.accept)
        self.decline_button = QPushButton(self)
        self.decline_button.setObjectName("declineButton")
        self.decline_button.clicked.connect(self.decline)
        self.hold_button = QPushButton(self)
        self.hold_button.setObjectName("holdButton")
        self.hold_button.clicked.connect(self.toggle_hold)
        self.transfer_button = QToolButton(self)
        self.transfer_button.setObjectName("transferButton")
        self.transfer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.transfer_menu = QMenu(self)
        self.transfer_menu.aboutToShow.connect(self.refresh_transfer_targets)
        self.transfer_button.setMenu(self.transfer_menu)
        self.hang_up_button = QPushButton(self)
        self.hang_up_button.setObjectName("hangUpButton")
        self.hang_up_button.clicked.connect(self.hang_up)
        self.message_button = QPushButton(self)
        self.message_button.setObjectName("callSendMessage")
        self.message_button.clicked.connect(self.send_message)
        self.message_button.hide()
        self._messaging = False
        self.message = ElidedLabel(parent=self)
        self.message.setObjectName("callMessage")
        self.message.setMinimumWidth(60)
        self.message_close = QToolButton(self)
        self.message_close.setObjectName("callMessageClose")
        self.message_close.setText("×")
        self.message_close.setAutoRaise(True)
        self.message_close.clicked.connect(self.clear_message)
        for button in (
            self.accept_button,
            self.decline_button,
            self.hold_button,
            self.hang_up_button,
            self.message_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking one never moves the typing focus
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.transfer_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(6)
        layout.addWidget(self.state_button)
        layout.addSpacing(6)
        layout.addWidget(self.caller, 3)
        layout.addWidget(self.timer_label)
        for widget in (self.accept_button, self.decline_button, self.hold_button, self.transfer_button):
            layout.addWidget(widget)
        layout.addWidget(self.hang_up_button)
        layout.addWidget(self.message_button)
        layout.addSpacing(6)
        layout.addWidget(self.message, 2)
        layout.addWidget(self.message_close)

        self.shortcuts = {
            "accept": QShortcut(QKeySequence(ACCEPT_KEY), self, self.accept),
            "decline": QShortcut(QKeySequence(DECLINE_KEY), self, self.decline),
            "hold": QShortcut(QKeySequence(HOLD_KEY), self, self.toggle_hold),
            "transfer": QShortcut(QKeySequence(TRANSFER_KEY), self, self.open_transfer_menu),
            "hang_up": QShortcut(QKeySequence(HANG_UP_KEY), self, self.hang_up),
        }
        for shortcut in self.shortcuts.values():
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_times)
        self._tick.start()
        actions.finished.connect(self.show_result)
        actions.busy_changed.connect(lambda _busy: self._update_buttons())
        self.clear_message()
        self.retranslate()
        self.set_snapshot(None)

    # -- what the desk looks like ------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> DeskSnapshot | None:
        return self._snap

    def set_snapshot(self, snap: DeskSnapshot | None) -> None:
        """Show the desk as polled."""
        previous = self._snap
        self._snap = snap
        if snap is not None and snap.state == "on_call" and (previous is None or previous.state != "on_call"):
            self.refresh_transfer_targets()
        self._update_caller()
        self._update_buttons()
        self._update_times()

    def _offer(self) -> OfferInfo | None:
        return self._snap.offer if self._snap is not None else None

    def _update_caller(self) -> None:
        snap = self._snap
        if snap is None:
            self.caller.setFullText("")
            return
        offer = snap.offer
        if offer is not None:
            who = offer.customer_name or offer.caller_masked or self.tr("Unknown caller")
            if offer.match_result == "withheld":
                who = self.tr("Number withheld")
            elif offer.match_result == "several" and not offer.customer_name:
                who = self.tr("{number} (several customers)").format(number=offer.caller_masked)
            elif offer.match_result == "none" and not offer.customer_name:
                who = self.tr("{number} (unknown caller)").format(number=offer.caller_masked)
            vip = f"VIP{offer.vip_level} " if offer.vip_level else ""
            queue = offer.queue_label_zh if fmt.is_chinese() else offer.queue_label_en
            text = self.tr("Incoming: {vip}{who}").format(vip=vip, who=who)
            self.caller.setFullText(text + (f"  ·  {queue}" if queue else ""))
        elif snap.call is not None:
            call = snap.call
            state = texts.call_state(call.state if snap.state == "on_call" else "wrap_up")
            self.caller.setFullText(f"{state}  ·  {call.caller_masked}" if call.caller_masked else state)
        elif snap.state == "not_responding":
            self.caller.setFullText(self.tr("A call rang unanswered. Choose Available to take calls again."))
        else:
            self.caller.setFullText("")

    def _update_buttons(self) -> None:
        snap = self._snap
        state = snap.state if snap is not None else None
        offered = snap is not None and snap.offer is not None
        call = snap.call if snap is not None and snap.state == "on_call" else None
        talking = call is not None and call.state in ("connected", "on_hold")
        running = self.call_actions.running
        self.accept_button.setVisible(offered)
        self.decline_button.setVisible(offered)
        self.accept_button.setEnabled(offered and "accept" not in running and "decline" not in running)
        self.decline_button.setEnabled(offered and "accept" not in running and "decline" not in running)
        self.hold_button.setVisible(call is not None)
        self.transfer_button.setVisible(call is not None)
        self.hang_up_button.setVisible(call is not None)
        on_hold = call is not None and call.state == "on_hold"
        self.hold_button.setText(self._key_text(self.tr("Resume") if on_hold else self.tr("Hold"), HOLD_KEY))
        self.hold_button.setEnabled(talking and not ({"hold", "resume", "hang_up", "transfer"} & running))
        self.transfer_button.setEnabled(talking and not ({"hang_up", "transfer"} & running))
        self.hang_up_button.setEnabled(call is not None and "hang_up" not in running)
        # A message to the caller is offered while talking and in wrap-up (e.g. the confirmation just promised).
        messageable = self._messageable_call()
        self.message_button.setVisible(self._messaging and messageable is not None)
        identified = messageable is not None and messageable.customer_id is not None
        self.message_button.setEnabled(identified)
        self.message_button.setToolTip(
            self.tr("Send an SMS or e-mail to the caller from an approved template")
            if identified
            else self.tr("Identify the caller first")
        )
        manual = state in (None, "available", "break", "offline", "not_responding")
        self.state_menu.setEnabled(manual and "state" not in running and self._line_down is None)
        if self.state_button.property("state") != (state or "offline"):
            self.state_button.setProperty("state", state or "offline")
            self._repolish(self.state_button)
        if "accept" in running:
            self.accept_button.setText(self.tr("Connecting…"))
        else:
            self.accept_button.setText(self._key_text(self.tr("Accept"), ACCEPT_KEY))

    def _update_times(self) -> None:
        snap = self._snap
        now = _now()
        if snap is None:
            self.state_button.setText(self.tr("Connecting…"))
            self.timer_label.setText("")
            return
        agent = snap.agent
        name = texts.state(agent.state)
        if agent.state == "break" and agent.reason:
            name = f"{name} · {texts.break_reason(agent.reason)}"
        self.state_button.setText(f"● {name}  {texts.since(agent.since, now)}")
        self.state_button.setToolTip(self.tr("Your state; click to change it"))
        timer = ""
        if snap.offer is not None:
            timer = self.tr("rings {time}").format(time=texts.clock((snap.offer.expires_at - now).total_seconds()))
        elif snap.call is not None and snap.state == "on_call":
            start = snap.call.answered_at or agent.since
            timer = texts.since(start, now)
        elif snap.call is not None and snap.state == "wrap_up" and snap.call.wrapup_deadline is not None:
            timer = self.tr("wrap-up {time}").format(
                time=texts.clock((snap.call.wrapup_deadline - now).total_seconds())
            )
        self.timer_label.setText(timer)

    # -- the buttons -----------------------------------------------------------------------------------------------
    def accept(self) -> None:
        offer = self._offer()
        if offer is not None and self.accept_button.isEnabled():
            self.clear_message()
            self.call_actions.accept(offer.call_id)

    def decline(self) -> None:
        offer = self._offer()
        if offer is not None and self.decline_button.isEnabled():
            self.clear_message()
            self.call_actions.decline(offer.call_id)

    def toggle_hold(self) -> None:
        snap = self._snap
        if snap is None or snap.call is None or not self.hold_button.isVisible() or not self.hold_button.isEnabled():
            return
        self.clear_message()
        if snap.call.state == "on_hold":
            self.call_actions.resume(snap.call.call_id)
        else:
            self.call_actions.hold(snap.call.call_id)

    def hang_up(self) -> None:
        snap = self._snap
        if snap is not None and snap.call is not None and self.hang_up_button.isEnabled():
            self.clear_message()
            self.call_actions.hang_up(snap.call.call_id)

    def set_messaging(self, enabled: bool) -> None:
        """Offer "Send message" during calls (the window calls this for roles with ``message.send``)."""
        self._messaging = enabled
        self._update_buttons()

    def send_message(self) -> None:
        """Ask for the compose dialog for the caller (only when the caller is identified)."""
        call = self._messageable_call()
        if call is None or call.customer_id is None or not self.message_button.isEnabled():
            return
        self.message_requested.emit(call.call_id, call.customer_id)

    def _messageable_call(self) -> Any:
        snap = self._snap
        return snap.call if snap is not None and snap.state in ("on_call", "wrap_up") else None

    def transfer_to_queue(self, name: str) -> None:
        snap = self._snap
        if snap is not None and snap.call is not None:
            self.clear_message()
            self.call_actions.transfer_to_queue(snap.call.call_id, name)

    def transfer_to_agent(self, agent_id: int) -> None:
        snap = self._snap
        if snap is not None and snap.call is not None:
            self.clear_message()
            self.call_actions.transfer_to_agent(snap.call.call_id, agent_id)

    def open_transfer_menu(self) -> None:
        """The transfer menu, when a call can be transferred (F8)."""
        if self.transfer_button.isVisible() and self.transfer_button.isEnabled():
            self.transfer_button.showMenu()

    def refresh_transfer_targets(self) -> None:
        """Read the queues and the colleagues available now; the menu is rebuilt when they arrive."""
        calls, states, me = self.services.calls, self.services.states, self.call_actions.agent_id
        self._fill_transfer_menu()
        self.tasks.run_db(
            lambda: (calls.queues(), states.available_agents(exclude=me)),
            on_success=self._targets_arrived,
            on_failure=lambda exc: log.warning("transfer targets: %r", exc),
            key=f"calls.transfer-targets.{id(self)}",
            owner=self,
            busy=False,
            label="transfer targets",
        )

    def _targets_arrived(self, result: tuple[list[QueueInfo], list[ColleagueInfo]]) -> None:
        self._queues, self._colleagues = result
        self._fill_transfer_menu()

    def _fill_transfer_menu(self) -> None:
        menu = self.transfer_menu
        menu.clear()
        menu.addSection(self.tr("Queues"))
        chinese = fmt.is_chinese()
        for queue in self._queues:
            action = menu.addAction(queue.label_zh if chinese else queue.label_en)
            action.setData(("queue", queue.name))
            action.triggered.connect(lambda _checked=False, name=queue.name: self.transfer_to_queue(name))
        if not self._queues:
            menu.addAction(self.tr("Loading…")).setEnabled(False)
        menu.addSection(self.tr("Available colleagues"))
        for colleague in self._colleagues:
            action = menu.addAction(colleague.display_name)
            action.setData(("agent", colleague.id))
            action.triggered.connect(lambda _checked=False, agent=colleague.id: self.transfer_to_agent(agent))
        if not self._colleagues:
            menu.addAction(self.tr("Nobody is available")).setEnabled(False)

    def transfer_targets(self) -> list[tuple[str, Any]]:
        """What the transfer menu offers (tests)."""
        return [a.data() for a in self.transfer_menu.actions() if a.data()]

    # -- messages ----------------------------------------------------------------------------------------------------
    def show_result(self, action: str, result: ActionResult) -> None:
        """A refusal or failure stays on the bar until the next action; success clears it."""
        if result.ok:
            self.clear_message()
            return
        text = result.message or self.tr("That did not work.")
        if action == "accept":
            text = self.tr("Could not connect the call: {reason} The call went back to the queue.").format(
                reason=text.rstrip()
            )
        self.show_message(text)

    def show_message(self, text: str, level: str = "error") -> None:
        """Show ``text`` on the bar (``error``, ``warning`` or ``info``)."""
        self._message_level = level
        self.message.setProperty("level", level)
        self._repolish(self.message)
        self.message.setFullText(text, text)
        self.message.setVisible(True)
        self.message_close.setVisible(True)
        log.info("call bar message: %s", text)

    def set_line_down(self, reason: str) -> None:
        """The phone line did not start: say so for good (no dismiss), and offer no state that takes calls."""
        self._line_down = reason
        self._show_line_down()
        self._update_buttons()

    @property
    def line_down(self) -> str | None:
        """Why the phone line is down, or None."""
        return self._line_down

    def _show_line_down(self) -> None:
        text = self.tr("The phone line did not start ({reason}): no calls reach this desk. Tell your administrator.")
        self.show_message(text.format(reason=self._line_down), "error")
        self.message_close.setVisible(False)
        self.state_button.setToolTip(text.format(reason=self._line_down))

    def message_text(self) -> str:
        return self.message.fullText() if self.message.isVisible() else ""

    def clear_message(self) -> None:
        if self._line_down is not None:  # that one stays: nothing the agent does brings the line up
            self._show_line_down()
            return
        self.message.setFullText("")
        self.message.setVisible(False)
        self.message_close.setVisible(False)

    # -- language ----------------------------------------------------------------------------------------------------
    @staticmethod
    def _key_text(text: str, key: str) -> str:
        return f"{text} ({key})"

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def retranslate(self) -> None:
        self.available_action.setText(texts.state("available"))
        self.break_menu.setTitle(texts.state("break"))
        for reason, action in self.break_actions.items():
            action.setText(texts.break_reason(reason))
        self.offline_action.setText(texts.state("offline"))
        self.decline_button.setText(self._key_text(self.tr("Decline"), DECLINE_KEY))
        self.transfer_button.setText(self._key_text(self.tr("Transfer"), TRANSFER_KEY))
        self.hang_up_button.setText(self._key_text(self.tr("Hang up"), HANG_UP_KEY))
        self.message_button.setText(self.tr("Send message"))
        self.accept_button.setToolTip(self.tr("Take the call"))
        self.decline_button.setToolTip(self.tr("Let the next agent take the call"))
        self.message_close.setToolTip(self.tr("Dismiss"))
        self._fill_transfer_menu()
        self._update_caller()
        self._update_buttons()
        self._update_times()
        if self._line_down is not None:
            self._show_line_down()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
