"""The customer just recognised at check-in: who they are, why they are likely here today, their memo.

Another branch's customer gets a minimal card (name, tier, their branch and manager) and a line saying the full
record is not available here: the look-up is audited by the service and nothing else is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import Reason, RecognitionCard

from .. import fmt, labels
from ..widgets import Badge, clear_layout
from .floor_parts import TICKET_STATUS, label, service_name
from .memo_panel import MemoPanel

TOUCH = 44
SHORTCUTS = {"refer": "Ctrl+R", "book": "Ctrl+B", "open": "Ctrl+O"}
KIND_COLORS = {
    "maturing_deposit": "#1f6fb2",
    "birthday": "#a0527a",
    "reminder": "#b9770e",
    "complaint": "#c0392b",
    "referral": "#2e7d32",
    "appointment": "#5b4a9e",
}
URGENT = "#c0392b"


def _allowed(principal: Any, permission: str) -> bool:
    from services.permissions import allowed

    return allowed(principal.role, permission)


class ReasonRow(QFrame):
    """One likely reason for the visit: a coloured kind badge, the text, its deadline."""

    def __init__(self, reason: Reason, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reason = reason
        self.setObjectName("reasonRow")
        kinds = {
            "maturing_deposit": self.tr("Maturing"),
            "birthday": self.tr("Birthday"),
            "reminder": self.tr("Reminder"),
            "complaint": self.tr("Complaint"),
            "referral": self.tr("Referral"),
            "appointment": self.tr("Appointment"),
        }
        self.badge = Badge(kinds.get(reason.kind, reason.kind), parent=self)
        self.badge.setColor(URGENT if reason.urgent else KIND_COLORS.get(reason.kind, "#5b6b7f"))
        text = reason.text_zh if fmt.is_chinese() else reason.text_en
        if reason.urgent:
            text = self.tr("Urgent: {text}").format(text=text)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if reason.urgent:
            self.text.setStyleSheet(f"color: {URGENT}; font-weight: 600;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(8)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.due: QLabel | None = None
        if reason.due is not None:
            self.due = QLabel(self.tr("by {when}").format(when=fmt.datetime(reason.due)), self)
            self.due.setStyleSheet(f"color: {URGENT if reason.urgent else '#5b6675'};")
            layout.addWidget(self.due, 0, Qt.AlignmentFlag.AlignTop)


class RecognitionCardWidget(QFrame):
    """A :class:`RecognitionCard` shown big for the lobby manager.

    Signals:
        issue_requested(): "Issue number" (the page issues with the issue panel's choices).
        referral_requested(int), appointment_requested(int): the customer id.
        open_customer(int): "Open 360°" (only offered for a customer in scope).
    """

    issue_requested = Signal()
    referral_requested = Signal(int)
    appointment_requested = Signal(int)
    open_customer = Signal(int)

    def __init__(self, tasks: TaskManager, desk: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recognitionCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._principal = principal
        self._card: RecognitionCard | None = None

        self.name = QLabel(self)
        self.name.setObjectName("recognitionName")
        font = QFont(self.name.font())
        font.setPixelSize(30)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier_badge = Badge(parent=self)
        self.vip_badge = Badge(parent=self)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name, 1)
        top.addWidget(self.tier_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.vip_badge, 0, Qt.AlignmentFlag.AlignVCenter)

        self.identity = QLabel(self)
        self.identity.setObjectName("muted")
        self.identity.setWordWrap(True)
        self.manager = QLabel(self)
        self.manager.setWordWrap(True)
        self.held = QLabel(self)  # a number taken today and not yet served: seen first, before issuing another
        self.held.setObjectName("heldNumber")
        self.held.setWordWrap(True)
        self.held.setStyleSheet(
            "background: #e8f0fb; border: 1px solid #1f5fae; color: #123e73; padding: 6px 8px; border-radius: 4px;"
            " font-weight: bold;"
        )
        self.scope_note = QLabel(self)
        self.scope_note.setObjectName("scopeNote")
        self.scope_note.setWordWrap(True)
        self.scope_note.setStyleSheet(
            "background: #fff6e0; border: 1px solid #e9c46a; color: #7a5a00; padding: 8px; border-radius: 4px;"
        )

        self.reasons_title = QLabel(self)
        self.reasons_title.setObjectName("panelTitle")
        self.reasons_layout = QVBoxLayout()
        self.reasons_layout.setSpacing(2)
        self.no_reasons = QLabel(self)
        self.no_reasons.setObjectName("muted")
        self.no_reasons.setWordWrap(True)
        self.reason_rows: list[ReasonRow] = []

        self.memo = MemoPanel(tasks, desk, principal, self)

        self.issue_button = QPushButton(self)
        self.refer_button = QPushButton(self)
        self.book_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.issue_button.setObjectName("primaryButton")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.issue_button, self.refer_button, self.book_button, self.open_button):
            button.setMinimumHeight(TOUCH)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.refer_button.setVisible(_allowed(principal, "referral.create"))
        self.book_button.setVisible(_allowed(principal, "appointment.book"))
        self.issue_button.clicked.connect(self.issue_requested)
        self.refer_button.clicked.connect(lambda: self._emit(self.referral_requested))
        self.book_button.clicked.connect(lambda: self._emit(self.appointment_requested))
        self.open_button.clicked.connect(lambda: self._emit(self.open_customer))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.identity)
        layout.addWidget(self.manager)
        layout.addWidget(self.held)
        layout.addWidget(self.scope_note)
        layout.addLayout(buttons)
        layout.addWidget(self.reasons_title)
        layout.addLayout(self.reasons_layout)
        layout.addWidget(self.no_reasons)
        layout.addWidget(self.memo)
        layout.addStretch(1)
        self.retranslate()

    @property
    def card(self) -> RecognitionCard | None:
        return self._card

    def set_card(self, card: RecognitionCard) -> None:
        """Show ``card`` (its memo items as they came with it; the memo panel reloads on changes)."""
        same = self._card is not None and self._card.customer_id == card.customer_id
        self._card = card
        self._render()
        if card.in_scope:
            self.memo.set_customer(card.customer_id, None if same else card.memo)
        else:
            self.memo.set_customer(None)

    def _emit(self, signal: Any) -> None:
        if self._card is not None:
            signal.emit(self._card.customer_id)

    def _render(self) -> None:
        card = self._card
        if card is None:
            return
        self.name.setText(card.name)
        self.tier_badge.setText(labels.tier(card.tier))
        self.tier_badge.setColor(labels.tier_color(card.tier))
        self.tier_badge.setVisible(bool(card.tier))
        self.vip_badge.setText(f"VIP{card.vip_level}")
        self.vip_badge.setColor("#b8860b" if card.vip_level >= 3 else "#8a6d3b")
        self.vip_badge.setVisible(card.vip_level > 0)
        ident = [t for t in (card.masked_id, card.masked_phone) if t]
        self.identity.setText("  ·  ".join(ident))
        self.identity.setVisible(bool(ident))
        manager = card.manager_name or self.tr("no customer manager")
        self.manager.setText(
            self.tr("Manager: {manager} · Branch: {branch}").format(manager=manager, branch=card.branch_name)
        )
        held = card.waiting_ticket
        self.held.setVisible(held is not None)
        if held is not None:
            self.held.setText(
                self.tr("Holds number {number} today ({service}, {status})").format(
                    number=held.number,
                    service=service_name(held.service_code),
                    status=label(TICKET_STATUS, held.status),
                )
            )
        self.scope_note.setVisible(not card.in_scope)
        self.scope_note.setText(
            self.tr(
                "Customer of another branch ({branch}). Only this minimal card is shown: the full record is not "
                "available at this branch."
            ).format(branch=card.branch_name)
        )
        self.open_button.setVisible(card.in_scope)
        # Another branch's customer is out of this desk's scope: the services refuse referrals and bookings.
        self.refer_button.setVisible(card.in_scope and _allowed(self._principal, "referral.create"))
        self.book_button.setVisible(card.in_scope and _allowed(self._principal, "appointment.book"))
        self.memo.setVisible(card.in_scope)
        self.reasons_title.setVisible(card.in_scope)
        clear_layout(self.reasons_layout)
        self.reason_rows = []
        # Urgent ones first, then by their deadline.
        ordered = sorted(card.reasons, key=lambda r: (not r.urgent, r.due is None, fmt.local(r.due) if r.due else 0))
        for reason in ordered if card.in_scope else ():
            row = ReasonRow(reason, self)
            self.reasons_layout.addWidget(row)
            self.reason_rows.append(row)
        widest = max((row.badge.sizeHint().width() for row in self.reason_rows), default=0)
        for row in self.reason_rows:  # the texts start in one column
            row.badge.setFixedWidth(widest)
        self.no_reasons.setVisible(card.in_scope and not self.reason_rows)

    def retranslate(self) -> None:
        self.reasons_title.setText(self.tr("Likely reasons today"))
        self.no_reasons.setText(self.tr("Nothing due today: ask the customer what brings them in."))
        self.issue_button.setText(self.tr("Issue number"))
        self.issue_button.setToolTip(self.tr("Issue a number for the service chosen on the right (Ctrl+I)"))
        self.refer_button.setText(self.tr("Refer to manager"))
        self.refer_button.setToolTip(
            self.tr("Refer the customer to a customer manager ({key})").format(key=SHORTCUTS["refer"])
        )
        self.book_button.setText(self.tr("Book appointment"))
        self.book_button.setToolTip(self.tr("Book a time at a branch ({key})").format(key=SHORTCUTS["book"]))
        self.open_button.setText(self.tr("Open 360°"))
        self.open_button.setToolTip(self.tr("Open the customer's full record ({key})").format(key=SHORTCUTS["open"]))
        for name, button in (("refer", self.refer_button), ("book", self.book_button), ("open", self.open_button)):
            button.setShortcut(QKeySequence(SHORTCUTS[name]))  # after the text: setText resets it
        if self._card is not None:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
