"""The call bar: the agent's state, the ringing call with Accept / Decline, and the call on the line.

One line at the top of the window.  Left: the state button (Available, Break with a reason, Offline; it
shows Offered / On call / Wrap-up with the time in state).  Middle: the caller.  Right: the buttons of the
moment and the latest message (a refusal from the phone system stays until the next action).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices, DeskSnapshot
from services.agent_state import BREAK_REASONS
from services.agent_states import WRAPUP_OVERDUE
from services.calls import ActionResult, OfferInfo

from .. import fmt
from ..widgets import ElidedLabel
from . import texts
from .actions import CallActions
from .keys import (
    ACCEPT_KEY,
    AVAILABLE_KEY,
    BREAK_KEY,
    DECLINE_KEY,
    HANG_UP_KEY,
    HOLD_KEY,
    OFFLINE_KEY,
    TRANSFER_KEY,
    key_action,
    shown,
    with_key,
)
from .transfer import TransferPicker

log = logging.getLogger(__name__)


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
        self._held: tuple[int, dt.datetime] | None = None  # (call id, since when) while the caller is on hold
        self._message_level = "error"
        self._message_text: Callable[[], str] | None = None  # writes the message again after a language switch
        self._line_down: str | None = None  # why the phone line did not start (None: it is up)
        self.transfer_picker: TransferPicker | None = None

        # The agent's state: a menu of checkable choices, one of them ticked: the state the database holds.
        self.state_button = QToolButton(self)
        self.state_button.setObjectName("agentStateButton")
        self.state_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.state_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.state_menu = QMenu(self)
        self.state_group = QActionGroup(self)
        self.state_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.available_action = self._state_action("available", None, AVAILABLE_KEY)
        self.break_menu = QMenu(self)
        self.break_actions: dict[str, QAction] = {}
        for reason in BREAK_REASONS:
            action = self._state_action("break", reason)
            self.break_menu.addAction(action)
            self.break_actions[reason] = action
        self.break_key_action = key_action(self, BREAK_KEY)  # opens the break reasons under the state button
        self.break_key_action.triggered.connect(self.open_break_menu)
        self.addAction(self.break_key_action)
        self.offline_action = self._state_action("offline", None, OFFLINE_KEY)
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
        self.transfer_button = QPushButton(self)
        self.transfer_button.setObjectName("transferButton")
        self.transfer_button.clicked.connect(self.open_transfer_picker)
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
            self.transfer_button,
            self.hang_up_button,
            self.message_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking one never moves the typing focus
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
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

        # The call keys: actions of this bar (so they work while it shows) that the window's Call menu lists too.
        self.accept_action = self._call_action(ACCEPT_KEY, self.accept)
        self.decline_action = self._call_action(DECLINE_KEY, self.decline)
        self.hold_action = self._call_action(HOLD_KEY, self.toggle_hold)
        self.transfer_action = self._call_action(TRANSFER_KEY, self.open_transfer_picker)
        self.hang_up_action = self._call_action(HANG_UP_KEY, self.hang_up)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_times)
        self._tick.start()
        actions.finished.connect(self.show_result)
        actions.busy_changed.connect(lambda _busy: self._update_buttons())
        self.clear_message()
        self.retranslate()
        self.set_snapshot(None)

    def _call_action(self, key: str, slot: Any) -> QAction:
        action = key_action(self, key)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _state_action(self, state: str, reason: str | None, key: str | None = None) -> QAction:
        action = key_action(self, key) if key else QAction(self)
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False: self.choose_state(state, reason))
        self.state_group.addAction(action)
        if key:
            self.addAction(action)
        return action

    @property
    def state_actions(self) -> list[QAction]:
        """The states the agent may choose (checkable; the one in force is ticked)."""
        return [self.available_action, *self.break_actions.values(), self.offline_action]

    def choose_state(self, state: str, reason: str | None = None) -> None:
        """Ask for ``state``; the tick stays on the state in force until the database says it changed."""
        if self.state_menu.isEnabled():
            self.call_actions.set_state(state, reason)
        self._sync_state_checks()

    def open_break_menu(self) -> None:
        """The break reasons, under the state button, for the keyboard (arrows, Enter)."""
        if self.state_menu.isEnabled() and self.state_button.isVisible():
            self.break_menu.popup(self.state_button.mapToGlobal(self.state_button.rect().bottomLeft()))
            if self.break_menu.actions():
                self.break_menu.setActiveAction(self.break_menu.actions()[0])

    # -- what the desk looks like ------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> DeskSnapshot | None:
        return self._snap

    def set_snapshot(self, snap: DeskSnapshot | None) -> None:
        """Show the desk as polled."""
        self._snap = snap
        call = snap.call if snap is not None and snap.state == "on_call" else None
        if call is None or call.state != "on_hold":
            self._held = None
        elif self._held is None or self._held[0] != call.call_id:
            self._held = (call.call_id, _now())  # the hold timer runs from when this desk saw the hold
        picker = self.transfer_picker
        if call is None and picker is not None and picker.isVisible():
            picker.reject()  # the call is over: nothing left to transfer
        self._update_caller()
        self._update_buttons()
        self._update_times()
        self._sync_state_checks()

    @property
    def on_hold_since(self) -> dt.datetime | None:
        """When the caller was put on hold (None: not on hold)."""
        return self._held[1] if self._held is not None else None

    def _sync_state_checks(self) -> None:
        """Tick the state the database holds (none while offered, on a call or in wrap-up)."""
        agent = self._snap.agent if self._snap is not None else None
        ticked: QAction | None = None
        if agent is not None and agent.state == "available":
            ticked = self.available_action
        elif agent is not None and agent.state == "offline":
            ticked = self.offline_action
        elif agent is not None and agent.state == "break":
            ticked = self.break_actions.get(agent.reason or "")
        for action in self.state_actions:
            action.setChecked(action is ticked)

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
        answerable = offered and "accept" not in running and "decline" not in running
        self.accept_button.setVisible(offered)
        self.decline_button.setVisible(offered)
        self.accept_button.setEnabled(answerable)
        self.decline_button.setEnabled(answerable)
        self.hold_button.setVisible(call is not None)
        self.transfer_button.setVisible(call is not None)
        self.hang_up_button.setVisible(call is not None)
        on_hold = call is not None and call.state == "on_hold"
        hold_text = self.tr("Resume") if on_hold else self.tr("Hold")
        self.hold_button.setText(with_key(hold_text, HOLD_KEY))
        self.hold_button.setToolTip(
            with_key(self.tr("Take the caller off hold") if on_hold else self.tr("Put the caller on hold"), HOLD_KEY)
        )
        self.hold_action.setText(hold_text)
        self.hold_button.setEnabled(talking and not ({"hold", "resume", "hang_up", "transfer"} & running))
        self.transfer_button.setEnabled(talking and not ({"hang_up", "transfer"} & running))
        self.hang_up_button.setEnabled(call is not None and "hang_up" not in running)
        self.accept_action.setEnabled(answerable)
        self.decline_action.setEnabled(answerable)
        self.hold_action.setEnabled(self.hold_button.isVisibleTo(self) and self.hold_button.isEnabled())
        self.transfer_action.setEnabled(self.transfer_button.isVisibleTo(self) and self.transfer_button.isEnabled())
        self.hang_up_action.setEnabled(self.hang_up_button.isVisibleTo(self) and self.hang_up_button.isEnabled())
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
        choosable = manual and "state" not in running and self._line_down is None
        self.state_menu.setEnabled(choosable)
        for action in (*self.state_actions, self.break_key_action):
            action.setEnabled(choosable)
        if "accept" in running:
            self.accept_button.setText(self.tr("Connecting…"))
        else:
            self.accept_button.setText(with_key(self.tr("Accept"), ACCEPT_KEY))

    def _chip_state(self) -> str:
        """What the state chip stands for: the agent's state, or ``on_hold`` / ``overdue`` within it."""
        snap = self._snap
        if snap is None:
            return "offline"
        if snap.state == "on_call" and self._held is not None:
            return "on_hold"
        if snap.state == "wrap_up" and self._overdue_seconds() is not None:
            return "overdue"
        return snap.state

    def _overdue_seconds(self) -> float | None:
        """How long the wrap-up is over its time (None: not in wrap-up, or still within it)."""
        snap = self._snap
        if snap is None or snap.state != "wrap_up":
            return None
        deadline = snap.call.wrapup_deadline if snap.call is not None else snap.agent.wrapup_deadline
        over = (_now() - deadline).total_seconds() if deadline is not None else None
        if over is not None and over >= 0:
            return over
        return 0.0 if snap.agent.reason == WRAPUP_OVERDUE else None

    def _update_times(self) -> None:
        snap = self._snap
        now = _now()
        chip = self._chip_state()
        if self.state_button.property("state") != chip:
            self.state_button.setProperty("state", chip)
            self._repolish(self.state_button)
        if snap is None:
            self.state_button.setText(self.tr("Connecting…"))
            self.timer_label.setText("")
            return
        agent = snap.agent
        name = texts.state(agent.state)
        if chip == "on_hold":
            name = texts.call_state("on_hold")
        elif chip == "overdue":
            overdue = self.tr("overdue")
            name = f"{name} · {overdue}"
        elif agent.state == "break" and agent.reason:
            name = f"{name} · {texts.break_reason(agent.reason)}"
        self.state_button.setText(f"● {name}  {texts.since(agent.since, now)}")
        timer = ""
        if snap.offer is not None:
            timer = self.tr("rings {time}").format(time=texts.clock((snap.offer.expires_at - now).total_seconds()))
        elif snap.call is not None and snap.state == "on_call" and self._held is not None:
            timer = self.tr("on hold {time}").format(time=texts.since(self._held[1], now))
        elif snap.call is not None and snap.state == "on_call":
            start = snap.call.answered_at or agent.since
            timer = texts.since(start, now)
        elif snap.state == "wrap_up":
            over = self._overdue_seconds()
            deadline = snap.call.wrapup_deadline if snap.call is not None else None
            if over is not None:
                timer = self.tr("wrap-up overdue +{time}").format(time=texts.clock(over))
            elif deadline is not None:
                timer = self.tr("wrap-up {time}").format(time=texts.clock((deadline - now).total_seconds()))
        self.timer_label.setText(timer)
        if self.timer_label.property("state") != chip:
            self.timer_label.setProperty("state", chip)
            self._repolish(self.timer_label)

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

    def open_transfer_picker(self) -> None:
        """The transfer picker (F8), when the call can be transferred: search, arrows, Enter; Esc closes."""
        if not self.transfer_button.isVisible() or not self.transfer_button.isEnabled():
            return
        if self.transfer_picker is not None and self.transfer_picker.isVisible():
            self.transfer_picker.search.setFocus()
            return
        picker = TransferPicker(self.tasks, self.services, self.call_actions.agent_id, self.window())
        picker.chosen.connect(self._transfer_chosen)
        picker.finished.connect(picker.deleteLater)
        picker.destroyed.connect(lambda _obj=None: self._picker_gone(picker))
        self.transfer_picker = picker
        picker.start()

    def _picker_gone(self, picker: TransferPicker) -> None:
        if self.transfer_picker is picker:
            self.transfer_picker = None

    def _transfer_chosen(self, target: tuple[str, Any]) -> None:
        kind, value = target
        if kind == "queue":
            self.transfer_to_queue(str(value))
        else:
            self.transfer_to_agent(int(value))

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

    def show_message(self, text: str | Callable[[], str], level: str = "error") -> None:
        """Show ``text`` on the bar (``error``, ``warning`` or ``info``).

        ``text`` may be a function that writes it: then a language switch writes it again in the new language.
        """
        self._message_level = level
        self._message_text = text if callable(text) else None
        if callable(text):
            text = text()
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
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def retranslate(self) -> None:
        if self._message_text is not None and self.message.isVisible():
            written = self._message_text()
            self.message.setFullText(written, written)
        self.available_action.setText(texts.state("available"))
        self.break_menu.setTitle(texts.state("break"))
        for reason, action in self.break_actions.items():
            action.setText(texts.break_reason(reason))
        self.break_key_action.setText(self.tr("Take a break…"))
        self.offline_action.setText(texts.state("offline"))
        self.accept_action.setText(self.tr("Accept"))
        self.decline_action.setText(self.tr("Decline"))
        self.transfer_action.setText(self.tr("Transfer…"))
        self.hang_up_action.setText(self.tr("Hang up"))
        self.decline_button.setText(with_key(self.tr("Decline"), DECLINE_KEY))
        self.transfer_button.setText(with_key(self.tr("Transfer"), TRANSFER_KEY))
        self.hang_up_button.setText(with_key(self.tr("Hang up"), HANG_UP_KEY))
        self.message_button.setText(self.tr("Send message"))
        self.accept_button.setToolTip(with_key(self.tr("Take the call"), ACCEPT_KEY))
        self.decline_button.setToolTip(with_key(self.tr("Let the next agent take the call"), DECLINE_KEY))
        self.transfer_button.setToolTip(with_key(self.tr("Transfer the call to a colleague or a queue"), TRANSFER_KEY))
        self.hang_up_button.setToolTip(with_key(self.tr("End the call and start the wrap-up"), HANG_UP_KEY))
        self.state_button.setToolTip(
            self.tr("Your state; click to change it. {available}: {a} · {brk}: {b} · {offline}: {o}").format(
                available=texts.state("available"),
                a=shown(AVAILABLE_KEY),
                brk=texts.state("break"),
                b=shown(BREAK_KEY),
                offline=texts.state("offline"),
                o=shown(OFFLINE_KEY),
            )
        )
        self.message_close.setToolTip(self.tr("Dismiss"))
        self._update_caller()
        self._update_buttons()
        self._update_times()
        if self._line_down is not None:
            self._show_line_down()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
