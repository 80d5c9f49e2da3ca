"""The teller's counter screen: take a counter, open it, call the next number and serve the customer.

A counter is held by one desktop (its sign-in session) at a time.  While this page holds one it beats a heart
every :data:`HEARTBEAT_MS` on the database worker, so that a desktop that crashed or was unplugged shows as
stale on the others and can be taken over there (taking over takes back the customer being served).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_COUNTER, FEED_LOBBY, Counter, QueueTicketView
from services.permissions import Principal

from ..widgets import Badge
from . import floor_parts as parts
from .desk import LobbyDesk
from .transfer_dialog import TransferDialog

HEARTBEAT_MS = 25_000  # well inside COUNTER_STALE_AFTER (90 s)
ACTIVE = ("called", "serving")
KEYS = {"next": "F5", "recall": "F6", "no_show": "F7", "transfer": "F8", "serve": "F9", "finish": "F10"}


class CounterPage(QWidget):
    """The counter screen for tellers and customer managers.

    Args:
        tasks: the desktop's task manager (every service call runs on its database worker).
        desk: the lobby services and this desktop's session (``desk.session_id`` holds the counter).
        principal: the signed-in user.
        clock: "now" for the waited minutes (tests).

    Signals:
        open_customer(int): serving a number whose customer is known: open the customer's 360° view.
    """

    open_customer = Signal(int)

    def __init__(
        self,
        tasks: TaskManager,
        desk: LobbyDesk,
        principal: Principal,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], dt.datetime] = parts.utcnow,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counterPage")
        self._tasks, self._desk, self._principal, self._clock = tasks, desk, principal, clock
        self.counters: list[Counter] = []
        self.held_id: int | None = None  # the counter this page holds
        self.ticket: QueueTicketView | None = None  # the number called or being served here
        self.loaded = False
        self._message = ("", "")  # (kind, English source) said on the message line; kept for a language switch
        self._message_args: dict[str, Any] = {}

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.counter_label = QLabel(self)
        self.picker = QComboBox(self)
        self.picker.setObjectName("counterPicker")
        self.picker.setMinimumHeight(44)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.counter_label.setBuddy(self.picker)
        self.hold_button = self._button("counterHold", self.hold)
        self.take_over_button = self._button("counterTakeOver", lambda: self.hold(take_over=True))
        self.open_button = self._button("counterOpen", lambda: self._counter_action("open"))
        self.pause_button = self._button("counterPause", lambda: self._counter_action("pause"))
        self.close_button = self._button("counterClose", lambda: self._counter_action("close"))
        self.counter_state = QLabel(self)
        self.counter_state.setObjectName("counterState")
        self.counter_state.setWordWrap(True)

        self.panel = QFrame(self)
        self.panel.setObjectName("currentTicket")
        self.panel.setStyleSheet(
            "QFrame#currentTicket { border: 1px solid #c8d1dc; border-radius: 10px; background: #f7f9fc; }"
        )
        self.number = QLabel(self.panel)
        self.number.setObjectName("ticketNumber")
        self.number.setStyleSheet("font-size: 96px; font-weight: 700; color: #1f4e8c;")
        self.service = QLabel(self.panel)
        self.service.setStyleSheet("font-size: 22px;")
        self.customer = QLabel(self.panel)
        self.customer.setObjectName("ticketCustomer")
        self.customer.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.customer.setWordWrap(True)
        self.vip = Badge("VIP", "#b8860b", self.panel)
        self.details = QLabel(self.panel)
        self.details.setObjectName("ticketDetails")
        self.details.setStyleSheet("font-size: 16px; color: #44505e;")
        self.details.setWordWrap(True)
        self.message = QLabel(self.panel)
        self.message.setObjectName("counterMessage")
        self.message.setStyleSheet("font-size: 18px; color: #44505e;")
        self.message.setWordWrap(True)
        who = QHBoxLayout()
        who.addWidget(self.customer)
        who.addWidget(self.vip, 0, Qt.AlignmentFlag.AlignVCenter)
        who.addStretch(1)
        inside = QVBoxLayout(self.panel)
        inside.setContentsMargins(20, 12, 20, 12)
        inside.addWidget(self.number)
        inside.addWidget(self.service)
        inside.addLayout(who)
        inside.addWidget(self.details)
        inside.addWidget(self.message)
        inside.addStretch(1)

        self.next_button = self._button("counterNext", self.call_next)
        self.next_button.setMinimumHeight(72)
        self.next_button.setStyleSheet("font-size: 24px; font-weight: 700;")
        self.recall_button = self._button("counterRecall", lambda: self._ticket_action("recall"))
        self.no_show_button = self._button("counterNoShow", lambda: self._ticket_action("no_show"))
        self.transfer_button = self._button("counterTransfer", self.transfer)
        self.serve_button = self._button("counterServe", lambda: self._ticket_action("serve"))
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("counterOutcome")
        self.outcome.setMinimumHeight(44)
        for code in parts.OUTCOMES:
            self.outcome.addItem("", code)
        self.finish_button = self._button("counterFinish", self.finish)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self._shortcuts = {
            "next": self.call_next,
            "recall": self.recall_button.click,
            "no_show": self.no_show_button.click,
            "transfer": self.transfer_button.click,
            "serve": self.serve_button.click,
            "finish": self.finish_button.click,
        }
        for name, slot in self._shortcuts.items():
            shortcut = QShortcut(QKeySequence(KEYS[name]), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        top = QHBoxLayout()
        top.addWidget(self.counter_label)
        top.addWidget(self.picker, 1)
        for button in (self.hold_button, self.take_over_button, self.open_button, self.pause_button):
            top.addWidget(button)
        top.addWidget(self.close_button)
        actions = QGridLayout()
        actions.addWidget(self.next_button, 0, 0, 1, 2)
        actions.addWidget(self.recall_button, 1, 0)
        actions.addWidget(self.no_show_button, 1, 1)
        actions.addWidget(self.serve_button, 2, 0)
        actions.addWidget(self.transfer_button, 2, 1)
        actions.addWidget(self.outcome, 3, 0)
        actions.addWidget(self.finish_button, 3, 1)
        actions.setRowStretch(4, 1)
        body = QHBoxLayout()
        body.addWidget(self.panel, 3)
        body.addLayout(actions, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.counter_state)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)

        self.heartbeat_timer = QTimer(self)
        self.heartbeat_timer.setInterval(HEARTBEAT_MS)
        self.heartbeat_timer.timeout.connect(self.heartbeat)
        self.picker.currentIndexChanged.connect(self._picked)
        parts.live_refresh(tasks, self, self._wanted, self.refresh)
        self.retranslate()
        self._show_ticket()
        self.refresh()

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setMinimumHeight(44)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Counter"))
        self.counter_label.setText(self.tr("&Counter:"))
        self.hold_button.setText(self.tr("Use this counter"))
        self.hold_button.setToolTip(self.tr("Hold the chosen counter for this desktop"))
        self.take_over_button.setText(self.tr("Take over"))
        self.take_over_button.setToolTip(
            self.tr("The desktop holding this counter has not been seen for a while: take the counter and its customer")
        )
        self.open_button.setText(self.tr("Open"))
        self.pause_button.setText(self.tr("Pause"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the counter and release it for other desktops"))
        texts = {
            "next": (self.next_button, self.tr("Call next"), self.tr("Call the next waiting number")),
            "recall": (self.recall_button, self.tr("Recall"), self.tr("Call the same number again")),
            "no_show": (self.no_show_button, self.tr("No-show"), self.tr("The customer did not come")),
            "transfer": (self.transfer_button, self.tr("Transfer…"), self.tr("Send to another service or counter")),
            "serve": (self.serve_button, self.tr("Serve"), self.tr("The customer is here: start serving")),
            "finish": (self.finish_button, self.tr("Finish"), self.tr("Finish with the chosen outcome")),
        }
        for name, (button, text, tip) in texts.items():
            keys = QKeySequence(KEYS[name]).toString(QKeySequence.SequenceFormat.NativeText)
            button.setText(f"{text}  ({keys})")
            button.setToolTip(f"{tip} ({keys})")
        for index in range(self.outcome.count()):
            self.outcome.setItemText(index, parts.label(parts.OUTCOMES, self.outcome.itemData(index)))
        self.outcome.setToolTip(self.tr("How the visit ended"))
        self._fill_picker()
        self._show_ticket()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def counter_text(self, counter: Counter) -> str:
        status = parts.label(parts.COUNTER_STATUS, counter.status)
        if counter.user_id is None:
            return self.tr("{label} — {status}").format(label=counter.label, status=status)
        holder = counter.user_name or "?"
        if counter.stale:
            holder = self.tr("{name}, not seen for a while").format(name=holder)
        return self.tr("{label} — {status} · {holder}").format(label=counter.label, status=status, holder=holder)

    # -- loading ----------------------------------------------------------------------------------------------
    def _wanted(self, topics: frozenset[str]) -> bool:
        branch = self._principal.branch_id
        return f"{FEED_LOBBY}:{branch}" in topics or any(f"{FEED_COUNTER}:{c.id}" in topics for c in self.counters)

    def refresh(self) -> None:
        """Reload the branch's counters and, while one is held, the number there."""
        counters, me, held = self._desk.counters, self._principal, self.held_id

        def load() -> tuple[list[Counter], QueueTicketView | None]:
            return list(counters.counters(me)), counters.current(me, held) if held is not None else None

        self._tasks.run_db(
            load,
            on_success=self._loaded,
            on_failure=self._failed,
            key=f"counter-{id(self)}",
            owner=self,
            busy=not self.loaded,
            label="counters",
        )

    def _loaded(self, result: tuple[list[Counter], QueueTicketView | None]) -> None:
        self.counters, ticket = result
        if not self.loaded and self.held_id is None:  # first load: preselect the counter this user holds
            mine = [c for c in self.counters if c.user_id == self._principal.user_id]
            self._chosen_id = mine[0].id if mine else None
        self.loaded = True
        self._fill_picker()
        if self.held_id is not None:
            self.ticket = ticket if ticket is not None and ticket.status in ACTIVE else None
        self._show_ticket()

    def _fill_picker(self) -> None:
        chosen = getattr(self, "_chosen_id", None) if self.picker.count() == 0 else self.picker.currentData()
        self.picker.blockSignals(True)
        self.picker.clear()
        for counter in self.counters:
            self.picker.addItem(self.counter_text(counter), counter.id)
        index = self.picker.findData(self.held_id if self.held_id is not None else chosen)
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.blockSignals(False)
        self._update()

    def chosen(self) -> Counter | None:
        """The counter chosen in the picker."""
        cid = self.picker.currentData()
        return next((c for c in self.counters if c.id == cid), None)

    def held(self) -> Counter | None:
        """The counter this page holds."""
        return next((c for c in self.counters if c.id == self.held_id), None)

    def _picked(self, _index: int) -> None:
        self.error.hide()
        self._update()

    # -- the state shown --------------------------------------------------------------------------------------
    def _update(self) -> None:
        counter = self.chosen()
        mine = counter is not None and counter.id == self.held_id
        other = counter is not None and not mine and counter.user_id is not None
        self.picker.setEnabled(self.held_id is None)
        self.hold_button.setVisible(not mine)
        self.hold_button.setEnabled(counter is not None and (not other or counter.stale))
        self.take_over_button.setVisible(bool(other and counter is not None and counter.stale))
        self.hold_button.setEnabled(self.hold_button.isEnabled() and not self.take_over_button.isVisible())
        status = counter.status if counter is not None else "closed"
        self.open_button.setEnabled(mine and status != "open")
        self.pause_button.setEnabled(mine and status == "open")
        self.close_button.setEnabled(mine)
        ticket = self.ticket
        self.next_button.setEnabled(mine and status == "open" and ticket is None)
        called = ticket is not None and ticket.status == "called"
        self.recall_button.setEnabled(mine and called)
        self.no_show_button.setEnabled(mine and called)
        self.serve_button.setEnabled(mine and called)
        self.transfer_button.setEnabled(mine and ticket is not None)
        self.finish_button.setEnabled(mine and ticket is not None and ticket.status == "serving")
        self.outcome.setEnabled(self.finish_button.isEnabled())
        self.counter_state.setText(self._state_text(counter, mine, other))

    def _state_text(self, counter: Counter | None, mine: bool, other: bool) -> str:
        if counter is None:
            return self.tr("This branch has no counters yet. An administrator sets them up.") if self.loaded else ""
        services = ", ".join(parts.service_name(code) for code in counter.services)
        if mine:
            text = self.tr("You hold {label} ({status}). It calls: {services}.")
        elif other and counter.stale:
            text = self.tr(
                "{label} is held by {name} at a desktop not seen for a while. You may take it over; the customer "
                "being served there comes with it."
            )
        elif other:
            text = self.tr("{label} is in use by {name} at another desktop. Choose another counter.")
        else:
            text = self.tr("{label} is free ({status}). Press “Use this counter” to work here. It calls: {services}.")
        return text.format(
            label=counter.label,
            status=parts.label(parts.COUNTER_STATUS, counter.status),
            name=counter.user_name or "?",
            services=services,
        )

    def _show_ticket(self) -> None:
        ticket = self.ticket
        self.vip.setVisible(bool(ticket is not None and ticket.is_vip))
        if ticket is None:
            self.number.setText("—")
            self.service.clear()
            self.customer.clear()
            self.details.clear()
        else:
            self.number.setText(ticket.number)
            self.service.setText(parts.service_name(ticket.service_code))
            self.customer.setText(ticket.customer_name or self.tr("Walk-in customer (not identified)"))
            self.vip.setText(f"VIP{ticket.vip_level}" if ticket.vip_level else "VIP")
            waited = parts.minutes_between(ticket.issued_at, ticket.called_at or self._clock())
            bits = [parts.label(parts.TICKET_STATUS, ticket.status), self.tr("waited {n} min").format(n=waited)]
            if ticket.priority_reason:
                bits.append(parts.label(parts.PRIORITY_REASONS, ticket.priority_reason))
            if ticket.recalls:
                bits.append(self.tr("recalled {n}×").format(n=ticket.recalls))
            self.details.setText(" · ".join(bits))
        self.message.setText(self._message_text())
        self._update()

    def _say(self, kind: str, **args: Any) -> None:
        self._message, self._message_args = (kind, ""), args
        self.message.setText(self._message_text())

    def _message_text(self) -> str:
        kind, args = self._message[0], self._message_args
        if kind == "nobody":
            return self.tr("Nobody waiting for this counter's services. Call again in a moment.")
        if kind == "done":
            return self.tr("{number}: {outcome}. Press Call next for the next customer.").format(**args)
        if kind == "gone":
            return self.tr("{number}: {status}.").format(**args)
        if self.ticket is None and self.held_id is not None:
            return self.tr("No customer at the counter. Press Call next (F5) when you are ready.")
        if self.ticket is None:
            return self.tr("Choose your counter and press “Use this counter”, then open it.")
        return ""

    # -- actions ----------------------------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], label: str) -> None:
        self.error.hide()
        branch = self._principal.branch_id
        self._tasks.run_db(
            work,
            on_success=done,
            on_failure=self._failed,
            owner=self,
            label=label,
            changes=(FEED_LOBBY, f"{FEED_LOBBY}:{branch}", FEED_COUNTER),
        )

    def hold(self, *, take_over: bool = False) -> None:
        """Hold the chosen counter for this desktop (``take_over``: from a desktop not seen for a while)."""
        counter = self.chosen()
        if counter is None:
            return
        svc, me, session = self._desk.counters, self._principal, self._desk.session_id

        def work() -> tuple[Counter, QueueTicketView | None]:
            held = svc.hold(me, counter.id, session, take_over=take_over)
            return held, svc.current(me, counter.id)

        self._run(work, self._held, "hold counter")

    def _held(self, result: tuple[Counter, QueueTicketView | None]) -> None:
        counter, ticket = result
        self.held_id = counter.id
        self._replace(counter)
        self.ticket = ticket if ticket is not None and ticket.status in ACTIVE else None
        self._message = ("", "")
        self.heartbeat_timer.start()
        self._fill_picker()
        self._show_ticket()
        self._focus_next_step()

    def _focus_next_step(self) -> None:
        """Keyboard to what comes next (the button pressed may have just been hidden or disabled)."""
        self._focus_first_enabled(self.open_button, self.next_button)

    def _replace(self, counter: Counter) -> None:
        self.counters = [counter if c.id == counter.id else c for c in self.counters]

    def _counter_action(self, action: str) -> None:
        counter = self.held()
        if counter is None:
            return
        svc, me, session = self._desk.counters, self._principal, self._desk.session_id
        self._run(lambda: getattr(svc, action)(me, counter.id, session), self._counter_changed, f"{action} counter")

    def _counter_changed(self, counter: Counter) -> None:
        self._replace(counter)
        if counter.status == "closed" or counter.user_id is None:
            self.held_id = None
            self.ticket = None
            self.heartbeat_timer.stop()
        self._fill_picker()
        self._show_ticket()
        if counter.status == "open":
            self._focus_next_step()

    def heartbeat(self) -> None:
        """Tell the others this desktop still holds its counter (on the database worker)."""
        if self.held_id is None:
            return
        svc, me, cid, session = self._desk.counters, self._principal, self.held_id, self._desk.session_id
        self._tasks.run_db(
            lambda: svc.heartbeat(me, cid, session),
            on_failure=self._heartbeat_failed,
            owner=self,
            busy=False,
            key=f"counter-heartbeat-{id(self)}",
            label="counter heartbeat",
        )

    def _heartbeat_failed(self, exc: BaseException) -> None:
        if hasattr(exc, "zh") and hasattr(exc, "en"):  # refused: another desktop took the counter over
            self.held_id = None
            self.ticket = None
            self.heartbeat_timer.stop()
            self._failed(exc)
            self.refresh()
        # a lost connection: the next beat tries again

    def call_next(self) -> None:
        """Call the next waiting number to the held counter."""
        if not self.next_button.isEnabled():
            return
        svc, me, cid, session = self._desk.counters, self._principal, self.held_id, self._desk.session_id
        self.next_button.setEnabled(False)
        self._run(lambda: svc.call_next(me, cid, session), self._called, "call next")

    def _called(self, ticket: QueueTicketView | None) -> None:
        self.ticket = ticket
        self._message = ("nobody", "") if ticket is None else ("", "")
        self._show_ticket()
        self._focus_first_enabled(self.serve_button, self.next_button)

    def _focus_first_enabled(self, *buttons: Any) -> None:
        for button in buttons:
            if button.isVisible() and button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _ticket_action(self, action: str, *args: Any, **kwargs: Any) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        svc, me = self._desk.counters, self._principal
        self._run(
            lambda: getattr(svc, action)(me, ticket.id, ticket.version, *args, **kwargs),
            lambda result: self._ticket_changed(action, result),
            action,
        )

    def _ticket_changed(self, action: str, ticket: QueueTicketView) -> None:
        if ticket.status in ACTIVE and ticket.counter_id in (None, self.held_id):
            self.ticket = ticket
            self._message = ("", "")
        else:
            self.ticket = None
            if action == "finish":
                self._message_args = {"number": ticket.number, "outcome": parts.label(parts.OUTCOMES, ticket.outcome)}
                self._message = ("done", "")
            else:
                self._message_args = {
                    "number": ticket.number,
                    "status": parts.label(parts.TICKET_STATUS, ticket.status),
                }
                self._message = ("gone", "")
        self._show_ticket()
        self._focus_first_enabled(self.finish_button if self.ticket is not None else self.next_button)
        if action == "serve" and ticket.customer_id is not None:
            self.open_customer.emit(ticket.customer_id)

    def finish(self) -> None:
        """Finish the number being served with the chosen outcome."""
        if self.finish_button.isEnabled():
            self._ticket_action("finish", self.outcome.currentData())

    def transfer(self) -> None:
        """Ask where to send the customer, then transfer (they keep their place)."""
        if self.ticket is None or not self.transfer_button.isEnabled():
            return
        dialog = TransferDialog(self.counters, self.held_id, self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        service_code, counter_id = dialog.choice()
        self._ticket_action("transfer", service_code=service_code, counter_id=counter_id)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(parts.failure_text(exc, self.tr("The counter could not do that ({error}). Try again.")))
        self.error.show()
        code = getattr(exc, "code", "")
        if code in ("stale", "held"):
            self.refresh()
        self._update()
