"""The caller card: who is calling and why they are probably calling, from a ``ScreenPop``.

One match: name, tier and VIP, and the reasons-for-call hints (open complaints with their deadlines,
reminders due, deposits maturing, the last contact and its disposition, recent SMS, the IVR choice).
Several matches (a household line): the candidates to pick from — nothing is linked until the agent picks.
Nobody: an "unknown caller" card with quick-create.  A withheld number: no quick-create at all.
"""

from __future__ import annotations

import html
import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.screenpop import ScreenPop, ScreenPopService

from .. import fmt, labels
from ..widgets import Badge, ElidedLabel
from .quickcreate import QuickCreateForm, candidate_text

ID_ROLE = Qt.ItemDataRole.UserRole
HINT_COLORS = {"danger": "#c0392b", "warning": "#b9770e", "info": "#1f5fa8", "muted": "#5b6675"}
HINT_SLOTS = 20  # complaints, reminders, deposits (5 each), the last contact, 3 SMS, and "nothing open"


class CallerCard(QFrame):
    """Shows one :class:`ScreenPop` (:meth:`set_pop`); None shows the waiting state.

    ``shown_at`` is ``time.monotonic()`` when the content last changed; the card repaints as a whole after
    every change, so a paint event on it after that moment means the new content is on the screen.
    """

    open_customer = Signal(int)  # open the 360° view of this customer
    link_requested = Signal(int)  # the agent says this customer is the caller
    customer_created = Signal(int)  # quick-create made this customer (the call is linked to them)
    flow_requested = Signal(str)  # start the suggested service flow (its code)

    def __init__(
        self,
        tasks: TaskManager,
        screenpop: ScreenPopService,
        agent_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callerCard")
        self._pop: ScreenPop | None = None
        self.shown_at = 0.0
        self.version = 0

        self.kind = QLabel(self)
        self.kind.setObjectName("callerKind")
        self.kind.setWordWrap(True)
        self.tier_badge = Badge(parent=self)
        self.vip_badge = Badge(color="#b8860b", parent=self)
        self.name = ElidedLabel(parent=self)
        self.name.setObjectName("callerName")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openCustomerButton")
        self.open_button.clicked.connect(self._open_clicked)
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        self.hints_title = QLabel(self)
        self.hints_title.setObjectName("cardTitle")
        self.hints = QVBoxLayout()
        self.hints.setSpacing(3)
        # A fixed set of labels, filled per call: no widgets are made or styled while a call rings.
        self.hint_labels: list[QLabel] = []
        for _ in range(HINT_SLOTS):
            label = QLabel(self)
            label.setObjectName("callerHint")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.hide()
            self.hints.addWidget(label)
            self.hint_labels.append(label)
        self._hint_texts: list[str] = []
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("callerCandidates")
        self.candidates.setMaximumHeight(130)
        self.candidates.itemActivated.connect(lambda _item: self._link_selected())  # Enter or a double click
        self.pick = QPushButton(self)
        self.pick.setObjectName("pickCallerButton")
        self.pick.clicked.connect(self._link_selected)
        self.advice = QLabel(self)
        self.advice.setObjectName("muted")
        self.advice.setWordWrap(True)
        # The service flow suggested for the call (queue, IVR choice, customer), filled by the flow seat.
        self.flow_suggestion: tuple[int, str, str] | None = None  # (call id, code, name)
        self.flow_button = QPushButton(self)
        self.flow_button.setObjectName("suggestedFlowButton")
        self.flow_button.clicked.connect(self._flow_clicked)
        self.flow_button.hide()
        self.quick_create = QuickCreateForm(tasks, screenpop, agent_id, self)
        self.quick_create.created.connect(self.customer_created)
        self.quick_create.link_requested.connect(self.link_requested)

        # The name has a line of its own (the dock is narrow): the badges and "Open 360°" go under it.
        badges = QHBoxLayout()
        badges.setSpacing(6)
        badges.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        badges.addWidget(self.vip_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        badges.addStretch(1)
        badges.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(5)
        layout.addWidget(self.kind)
        layout.addWidget(self.name)
        layout.addLayout(badges)
        layout.addWidget(self.meta)
        layout.addWidget(self.flow_button)
        layout.addWidget(self.hints_title)
        layout.addLayout(self.hints)
        layout.addWidget(self.candidates)
        layout.addWidget(self.pick, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.advice)
        layout.addWidget(self.quick_create)
        layout.addStretch(1)
        self.retranslate()
        self.set_pop(None)

    # -- content -------------------------------------------------------------------------------------------------
    @property
    def pop(self) -> ScreenPop | None:
        return self._pop

    @property
    def call_id(self) -> int | None:
        return self._pop.call_id if self._pop is not None else None

    def set_pop(self, pop: ScreenPop | None) -> None:
        """Show ``pop`` (None: no call)."""
        self._pop = pop
        if self.flow_suggestion is not None and (pop is None or pop.call_id != self.flow_suggestion[0]):
            self.set_flow_suggestion(None, None)
        self._render()
        self.version += 1
        self.shown_at = time.monotonic()
        self.update()  # repaint the whole card, not only the labels that changed

    def hint_texts(self) -> list[str]:
        """The hint lines shown (tests, screenshots)."""
        return list(self._hint_texts)

    def _render(self) -> None:
        pop = self._pop
        self._hint_texts = []
        self.candidates.clear()
        match = pop.match_result if pop is not None else None
        single = pop is not None and pop.header is not None
        several = match == "several" and pop is not None and pop.customer_id is None
        unknown = pop is not None and pop.quick_create is not None
        withheld = pop is not None and pop.withheld and pop.customer_id is None
        self.tier_badge.setVisible(single)
        self.vip_badge.setVisible(single and bool(pop and pop.header and pop.header.vip_level))
        self.open_button.setVisible(single)
        self.hints_title.setVisible(single)
        self.candidates.setVisible(several)
        self.pick.setVisible(several)
        self.quick_create.setVisible(unknown)
        self.meta.setVisible(pop is not None)
        self.name.setVisible(pop is not None)
        self.advice.setVisible(not single and not unknown)  # also says, with no call, what will show here
        try:
            self._render_pop(pop, single, several, unknown, withheld)
        finally:
            for i, label in enumerate(self.hint_labels):
                label.setVisible(i < len(self._hint_texts))

    def _render_pop(self, pop: ScreenPop | None, single: bool, several: bool, unknown: bool, withheld: bool) -> None:
        if pop is None:
            self.kind.setText(self.tr("No call at the moment"))
            self.name.setFullText("")
            self.advice.setText(self.tr("Calls offered to you pop up here."))
            self.meta.setText("")
            return
        self.meta.setText(self._meta(pop))
        if single and pop.header is not None:
            header = pop.header
            direction = self.tr("Incoming call") if pop.direction == "inbound" else self.tr("Outgoing call")
            self.kind.setText(direction)
            self.name.setFullText(header.name, header.cif_no)
            self.tier_badge.setText(labels.tier(header.tier))
            color = labels.tier_color(header.tier)
            if self.tier_badge.property("color") != color:  # a new style sheet only when the colour changes
                self.tier_badge.setProperty("color", color)
                self.tier_badge.setColor(color)
            self.vip_badge.setText(f"VIP{header.vip_level}")
            self._fill_hints(pop)
        elif several:
            self.kind.setText(self.tr("Several customers share this number"))
            self.name.setFullText(pop.caller_masked)
            for candidate in pop.candidates:
                item = QListWidgetItem(candidate_text(candidate))
                item.setData(ID_ROLE, candidate.customer_id)
                self.candidates.addItem(item)
            self.advice.setText(self.tr("Ask who is calling, then pick them: nothing is linked until you do."))
        elif unknown and pop.quick_create is not None:
            self.kind.setText(self.tr("Unknown caller"))
            self.name.setFullText(pop.caller_masked)
            self.quick_create.set_call(pop.call_id, pop.quick_create.masked_phone)
        elif withheld:
            self.kind.setText(self.tr("Number withheld"))
            self.name.setFullText(self.tr("Unknown caller"))
            self.advice.setText(
                self.tr(
                    "The caller's number is hidden. Identify them by search; no customer is created from this call."
                )
            )
        else:
            self.kind.setText(self.tr("Caller"))
            self.name.setFullText(pop.caller_masked or self.tr("Unknown caller"))
            self.advice.setText(self.tr("Find the customer with the search on the left."))

    def _meta(self, pop: ScreenPop) -> str:
        parts = [pop.caller_masked] if pop.caller_masked else []
        queue = pop.queue_label_zh if fmt.is_chinese() else pop.queue_label_en
        if queue:
            parts.append(self.tr("Queue: {queue}").format(queue=queue))
        if pop.ivr_choice:
            parts.append(self.tr("Pressed {digit}").format(digit=pop.ivr_choice))
        if pop.waited_seconds is not None:
            parts.append(self.tr("Waited {seconds} s").format(seconds=pop.waited_seconds))
        return "  ·  ".join(parts)

    def _hint(self, text: str, level: str = "info") -> None:
        index = len(self._hint_texts)
        if index >= len(self.hint_labels):
            return
        self._hint_texts.append(text)
        color = HINT_COLORS.get(level, HINT_COLORS["info"])
        self.hint_labels[index].setText(f'<span style="color:{color}">{html.escape(text)}</span>')

    def _fill_hints(self, pop: ScreenPop) -> None:
        hints = pop.hints
        if hints is None:
            return
        for c in hints.open_complaints:
            if c.days_left is None:
                due = ""
            elif c.days_left < 0:
                due = self.tr("{days} days overdue").format(days=-c.days_left)
            else:
                due = self.tr("due in {days} days ({date})").format(days=c.days_left, date=fmt.date(c.deadline))
            text = self.tr("Open complaint {number}: {summary} — {due}").format(
                number=c.number, summary=c.summary, due=due
            )
            self._hint(text, "danger" if c.days_left is not None and c.days_left <= 3 else "warning")
        for r in hints.reminders_due:
            text = self.tr("Reminder: {kind} — {title} ({date})").format(
                kind=labels.label(labels.REMINDER_KINDS, r.kind), title=r.title, date=fmt.date(r.due_at)
            )
            self._hint(text, "warning" if r.overdue else "info")
        for m in hints.maturing_deposits:
            text = self.tr("Deposit maturing in {days} days: {product} {account} {amount}").format(
                days=m.days_left, product=m.product, account=m.masked_account, amount=fmt.money(m.balance)
            )
            self._hint(text, "info")
        if hints.last_contact is not None:
            last = hints.last_contact
            parts = [fmt.datetime(last.occurred_at), labels.channel(last.channel), last.subject]
            if last.disposition:
                parts.append(
                    self.tr("result: {disposition}").format(
                        disposition=labels.label(labels.DISPOSITIONS, last.disposition)
                    )
                )
            if last.agent_name:
                parts.append(last.agent_name)
            self._hint(self.tr("Last contact: {what}").format(what=" · ".join(p for p in parts if p)), "muted")
        for sms in hints.recent_sms:
            self._hint(
                self.tr("SMS {date}: {text}").format(date=fmt.date(sms.occurred_at), text=sms.summary or sms.subject),
                "muted",
            )
        if not self._hint_texts:
            self._hint(self.tr("Nothing open for this customer."), "muted")

    # -- the agent's choices ---------------------------------------------------------------------------------------
    def set_flow_suggestion(self, call_id: int | None, suggestion: tuple[str, str] | None) -> None:
        """The flow suggested for ``call_id`` (``(code, name)``), or None: shown as a button (Ctrl+G)."""
        if call_id is None or suggestion is None or call_id != self.call_id:
            self.flow_suggestion = None
            self.flow_button.hide()
            return
        self.flow_suggestion = (call_id, suggestion[0], suggestion[1])
        self._label_flow()
        self.flow_button.show()

    def _label_flow(self) -> None:
        if self.flow_suggestion is not None:
            self.flow_button.setText(self.tr("Suggested flow: {name} (Ctrl+G)").format(name=self.flow_suggestion[2]))
            self.flow_button.setToolTip(self.tr("Start this service flow beside the customer"))

    def _flow_clicked(self) -> None:
        if self.flow_suggestion is not None:
            self.flow_requested.emit(self.flow_suggestion[1])

    def _open_clicked(self) -> None:
        if self._pop is not None and self._pop.customer_id is not None:
            self.open_customer.emit(self._pop.customer_id)

    def _link_selected(self) -> None:
        item = self.candidates.currentItem()
        if item is not None:
            self.link_requested.emit(int(item.data(ID_ROLE)))

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open 360°"))
        self.hints_title.setText(self.tr("Why they may be calling"))
        self.pick.setText(self.tr("This is the caller"))
        self._label_flow()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def describe(self) -> dict[str, Any]:
        """For tests and logs."""
        return {"call": self.call_id, "kind": self.kind.text(), "name": self.name.fullText()}
