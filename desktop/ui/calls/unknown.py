"""The main area's view of a caller nobody has identified: what is known, and what to do next.

An unknown number, a withheld one or a line several customers share pops this page in place of the 360° view,
so that no other customer's record stays on the screen.  It shows the number masked as everywhere else (or
"number withheld"), the queue, the IVR choice and the wait, and offers the next steps: search, quick-create
(unknown numbers only: a withheld number never creates a customer), or pick the caller among those who share
the line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from services.screenpop import ScreenPop

from .. import fmt
from .keys import shown

SEARCH_KEY = "Ctrl+F"  # the main window's "Find customer"


class UnknownCallerPage(QFrame):
    """Shows one unidentified caller (:meth:`set_pop`).

    Signals:
        search_requested(): find the caller with the customer search.
        create_requested(): create the caller as a new customer (the call panel's quick-create).
        pick_requested(): pick the caller among the customers who share the number (the call panel's list).
    """

    search_requested = Signal()
    create_requested = Signal()
    pick_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unknownCallerPage")
        self._pop: ScreenPop | None = None
        self.kind = QLabel(self)
        self.kind.setObjectName("callerKind")
        self.kind.setWordWrap(True)
        self.number = QLabel(self)
        self.number.setObjectName("unknownCallerNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        self.steps_title = QLabel(self)
        self.steps_title.setObjectName("cardTitle")
        self.advice = QLabel(self)
        self.advice.setObjectName("unknownCallerAdvice")
        self.advice.setWordWrap(True)
        self.search_button = QPushButton(self)
        self.search_button.setObjectName("unknownSearchButton")
        self.search_button.clicked.connect(self.search_requested)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("unknownCreateButton")
        self.create_button.clicked.connect(self.create_requested)
        self.pick_button = QPushButton(self)
        self.pick_button.setObjectName("unknownPickButton")
        self.pick_button.clicked.connect(self.pick_requested)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.pick_button, self.search_button, self.create_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        card = QVBoxLayout()
        card.setSpacing(8)
        card.addWidget(self.kind)
        card.addWidget(self.number)
        card.addWidget(self.meta)
        card.addSpacing(12)
        card.addWidget(self.steps_title)
        card.addWidget(self.advice)
        card.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addLayout(card)
        layout.addStretch(1)
        self.retranslate()

    @property
    def pop(self) -> ScreenPop | None:
        return self._pop

    def set_pop(self, pop: ScreenPop) -> None:
        """Show the caller of ``pop`` (a call with no customer linked)."""
        self._pop = pop
        self._render()

    def _render(self) -> None:
        pop = self._pop
        withheld = pop is not None and pop.withheld
        several = pop is not None and pop.match_result == "several" and bool(pop.candidates)
        creatable = pop is not None and pop.quick_create is not None
        if withheld:
            self.kind.setText(self.tr("Number withheld"))
            self.number.setText(self.tr("The caller's number is hidden"))
            self.advice.setText(
                self.tr(
                    "Ask for their name and ID, then find them with the search. No customer is created from a "
                    "call with a hidden number."
                )
            )
        elif several:
            self.kind.setText(self.tr("Several customers share this number"))
            self.number.setText(pop.caller_masked if pop is not None else "")
            self.advice.setText(
                self.tr(
                    "Ask who is calling, then pick them in the call panel, or find them with the search. "
                    "Nothing is linked until you do."
                )
            )
        else:
            self.kind.setText(self.tr("Unknown caller"))
            self.number.setText(pop.caller_masked if pop is not None and pop.caller_masked else self.tr("No number"))
            self.advice.setText(
                self.tr(
                    "This number belongs to no customer. Find the caller with the search, or create them as a "
                    "new customer from this call."
                )
                if creatable
                else self.tr("This number belongs to no customer. Find the caller with the search.")
            )
        self.meta.setText(self._meta(pop))
        self.meta.setVisible(bool(self.meta.text()))
        self.pick_button.setVisible(several)
        self.create_button.setVisible(creatable)

    def _meta(self, pop: ScreenPop | None) -> str:
        if pop is None:
            return ""
        parts = []
        queue = pop.queue_label_zh if fmt.is_chinese() else pop.queue_label_en
        if queue:
            parts.append(self.tr("Queue: {queue}").format(queue=queue))
        if pop.ivr_choice:
            parts.append(self.tr("Pressed {digit}").format(digit=pop.ivr_choice))
        if pop.waited_seconds is not None:
            parts.append(self.tr("Waited {seconds} s").format(seconds=pop.waited_seconds))
        return "  ·  ".join(parts)

    def retranslate(self) -> None:
        self.steps_title.setText(self.tr("Next steps"))
        self.search_button.setText(self.tr("Search for the customer ({key})").format(key=shown(SEARCH_KEY)))
        self.create_button.setText(self.tr("New customer from this call"))
        self.pick_button.setText(self.tr("Pick the caller"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
