"""Check-in at the lobby: recognise the customer, see why they are likely here, issue their number.

One big box takes whatever identifies the customer: an ID number from the card reader (a keyboard wedge types
the 18 characters and Enter in a burst), a phone, a card number or a name.  Enter searches; the box keeps the
focus with its text selected, so the next customer's card simply types over it; Esc clears.  A name gives a
list of candidates (arrows and Enter).  "Walk-in" issues a number without identifying anyone.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_APPOINTMENT, FEED_LOBBY, FEED_REFERRAL, RecognitionCard

from .. import labels
from ..i18n import error_text
from ..widgets import EmptyState
from .appointment_dialog import AppointmentDialog
from .issue_panel import IssuePanel
from .recognition_card import RecognitionCardWidget
from .referral_dialog import ReferralDialog

log = logging.getLogger(__name__)

WALK_IN_KEY = "F4"
CARD_TOPICS = (FEED_LOBBY, FEED_REFERRAL, FEED_APPOINTMENT)


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what it holds
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # only a long translation needs it
    area.setWidget(widget)
    return area


class CheckinPage(QWidget):
    """The lobby manager's check-in screen.  ``open_customer(int)``: "Open 360°" for a customer in scope."""

    open_customer = Signal(int)
    card_shown = Signal(object)  # the RecognitionCard shown (tests, the workspace's status)
    searched = Signal()  # a look-up finished (whatever it found or refused)

    def __init__(self, tasks: TaskManager, desk: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinPage")
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self._card: RecognitionCard | None = None
        self._candidates: list[RecognitionCard] = []
        self.referral_dialog: ReferralDialog | None = None
        self.appointment_dialog: AppointmentDialog | None = None
        self.mode = "empty"  # empty / card / candidates / walk_in / not_found

        self.box = QLineEdit(self)
        self.box.setObjectName("checkinBox")
        font = QFont(self.box.font())
        font.setPixelSize(22)
        self.box.setFont(font)
        self.box.setMinimumHeight(56)
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.search)
        self.box.installEventFilter(self)
        self.search_button = QPushButton(self)
        self.search_button.setMinimumHeight(56)
        self.search_button.clicked.connect(self.search)
        self.walk_in_button = QPushButton(self)
        self.walk_in_button.setMinimumHeight(56)
        self.walk_in_button.clicked.connect(self.walk_in)
        self.message = QLabel(self)
        self.message.setObjectName("checkinMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.message.setVisible(False)
        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.box, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.walk_in_button)

        # Left: what was found.  Right: the issue panel.
        self.empty = EmptyState(parent=self)
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("checkinCandidates")
        self.candidates.itemActivated.connect(self._candidate_chosen)
        self.candidates_title = QLabel(self)
        self.candidates_title.setObjectName("panelTitle")
        candidates_page = QWidget(self)
        cand_layout = QVBoxLayout(candidates_page)
        cand_layout.setContentsMargins(0, 0, 0, 0)
        cand_layout.addWidget(self.candidates_title)
        cand_layout.addWidget(self.candidates, 1)
        self.card = RecognitionCardWidget(tasks, desk, principal, self)
        self.card.open_customer.connect(self.open_customer)
        self.card.referral_requested.connect(self.refer)
        self.card.appointment_requested.connect(self.book)
        self.card.issue_requested.connect(self._issue_from_card)
        self.card_area = scrolling(self.card)
        self.results = QStackedWidget(self)
        self.results.addWidget(self.empty)
        self.results.addWidget(candidates_page)
        self.results.addWidget(self.card_area)
        self.results.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.issue_panel = IssuePanel(tasks, desk, principal, self)
        self.issue_panel.issued.connect(self._issued)
        self.issue_area = scrolling(self.issue_panel)
        self.issue_area.setMinimumWidth(420)
        self.issue_area.setMaximumWidth(520)
        from services.permissions import allowed

        can_issue = allowed(principal.role, "queue_ticket.issue")
        self.issue_area.setVisible(can_issue)
        self.walk_in_button.setVisible(can_issue)
        self.card.issue_button.setVisible(can_issue)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.results, 3)
        body.addWidget(self.issue_area, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(search_row)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self.setTabOrder(self.box, self.search_button)
        self.setTabOrder(self.search_button, self.walk_in_button)
        tasks.changed.connect(self._data_changed)
        self.retranslate()

    # -- public -----------------------------------------------------------------------------------

    @property
    def shown_card(self) -> RecognitionCard | None:
        return self._card

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.box.selectAll()

    def search(self) -> None:
        text = self.box.text().strip()
        if not text:
            self.focus_box()
            return
        checkin, principal = self._desk.checkin, self._principal
        self._say("")
        self._tasks.run_db(
            lambda: checkin.find(principal, text),
            on_success=self._found,
            on_failure=self._find_failed,
            key=f"checkin-find-{id(self)}",
            owner=self,
            label="check-in find",
        )

    def clear(self) -> None:
        """Esc: ready for the next customer."""
        self._tasks.supersede(f"checkin-find-{id(self)}")
        self.box.clear()
        self._say("")
        self._card = None
        self._candidates = []
        self.card.memo.set_customer(None)
        self.issue_panel.set_customer(None)
        self._show_empty()
        self.focus_box()

    def walk_in(self) -> None:
        """A number for someone who does not identify themselves."""
        self._tasks.supersede(f"checkin-find-{id(self)}")
        self._card = None
        self.box.clear()
        self._say("")
        self.card.memo.set_customer(None)
        self.mode = "walk_in"
        self.empty.set(
            self.tr("Walk-in customer"),
            self.tr("Choose the service on the right, then Issue number. No customer is recorded on the number."),
        )
        self.results.setCurrentWidget(self.empty)
        self.issue_panel.set_customer(None)
        self.issue_panel.focus_services()

    def refer(self, customer_id: int) -> None:
        name = self._card.name if self._card is not None and self._card.customer_id == customer_id else ""
        dialog = ReferralDialog(
            self._tasks, self._desk, self._principal, customer_id, source="checkin", customer_name=name, parent=self
        )
        self.referral_dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    def book(self, customer_id: int) -> None:
        card = self._card if self._card is not None and self._card.customer_id == customer_id else None
        dialog = AppointmentDialog(
            self._tasks,
            self._desk,
            self._principal,
            customer_id,
            branch_id=card.branch_id if card is not None and card.in_scope else self._principal.branch_id,
            customer_name=card.name if card is not None else "",
            parent=self,
        )
        self.appointment_dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()

    # -- results ----------------------------------------------------------------------------------

    def _found(self, result: Any) -> None:
        cards = list(result.cards)
        self.searched.emit()
        self.box.selectAll()  # the next customer's ID types over this one
        if result.kind == "name" and len(cards) > 1:
            self._show_candidates(cards)
        elif result.kind == "name" and len(cards) == 1:
            self._load_card(cards[0].customer_id)
        elif cards:
            self._show_card(cards[0])
        else:
            self._card = None
            self.issue_panel.set_customer(None)
            self.card.memo.set_customer(None)
            self.mode = "not_found"
            detail = self.tr("Check what was typed, or issue a walk-in number ({key}).").format(key=WALK_IN_KEY)
            self.empty.set(result.message or self.tr("No customer found"), detail)
            self.results.setCurrentWidget(self.empty)
        if result.message and cards:
            self._say(result.message, error=False)

    def _find_failed(self, exc: BaseException) -> None:
        # A wrong check digit (or any refusal) is said beside the box; the card shown stays as it was.
        log.info("check-in look-up refused or failed: %r", exc)
        self._say(error_text(exc))
        self.searched.emit()
        self.focus_box()

    def _show_candidates(self, cards: list[RecognitionCard]) -> None:
        self._candidates = cards
        self.mode = "candidates"
        self.candidates.clear()
        for card in cards:
            parts = [card.name, labels.tier(card.tier) if card.tier else "", card.masked_phone, card.masked_id]
            if card.manager_name:
                parts.append(self.tr("Manager: {name}").format(name=card.manager_name))
            item = QListWidgetItem("   ·   ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, card.customer_id)
            item.setSizeHint(QSize(0, 48))  # a finger's height per row
            self.candidates.addItem(item)
        self.candidates_title.setText(
            self.tr("{n} customers match: choose with the arrows and Enter").format(n=len(cards))
        )
        self.results.setCurrentIndex(1)
        self.candidates.setCurrentRow(0)
        self.candidates.setFocus(Qt.FocusReason.OtherFocusReason)

    def _candidate_chosen(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self._load_card(int(customer_id))

    def _load_card(self, customer_id: int, *, quiet: bool = False) -> None:
        checkin, principal = self._desk.checkin, self._principal
        self._tasks.run_db(
            lambda: checkin.card(principal, customer_id),
            on_success=lambda card: self._card_arrived(card, quiet=quiet),
            on_failure=(lambda exc: log.info("card refresh failed: %r", exc)) if quiet else self._find_failed,
            key=f"checkin-card-{id(self)}",
            owner=self,
            busy=not quiet,
            label="check-in card",
        )

    def _card_arrived(self, card: RecognitionCard, *, quiet: bool) -> None:
        if quiet and (self._card is None or self._card.customer_id != card.customer_id):
            return  # another customer came meanwhile
        self._show_card(card, refocus=not quiet)

    def _show_card(self, card: RecognitionCard, *, refocus: bool = True) -> None:
        self._card = card
        self.mode = "card"
        self.card.set_card(card)
        self.issue_panel.set_customer(card)
        self.results.setCurrentWidget(self.card_area)
        self.card_shown.emit(card)
        if refocus:
            self.focus_box()

    def _show_empty(self) -> None:
        self.mode = "empty"
        self.empty.set(
            self.tr("Who is the customer?"),
            self.tr(
                "Swipe the ID card, or type a phone, card number or name and press Enter. "
                "Esc clears; {key} issues a walk-in number."
            ).format(key=WALK_IN_KEY),
        )
        self.results.setCurrentWidget(self.empty)

    def _issue_from_card(self) -> None:
        self.issue_panel.issue()

    def _issued(self, _issued: Any) -> None:
        self.focus_box()  # the next customer

    def _dialog_closed(self, dialog: Any) -> None:
        if self.referral_dialog is dialog:
            self.referral_dialog = None
        if self.appointment_dialog is dialog:
            self.appointment_dialog = None
        dialog.deleteLater()
        self.focus_box()

    def _data_changed(self, topics: frozenset[str]) -> None:
        card = self._card
        if card is None or not card.in_scope:
            return
        if any(t == topic or t.startswith(f"{topic}:") for t in topics for topic in CARD_TOPICS):
            self._load_card(card.customer_id, quiet=True)

    def _say(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e; font-weight: 600;" if error else "color: #5b6675;")
        self.message.setVisible(bool(text))

    # -- keys and texts ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.clear()
                return True
            if key == Qt.Key.Key_Down and self.mode == "candidates":
                self.candidates.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc in the candidate list starts over; Esc while typing a memo or in the issue panel does nothing here.
        if event.key() == Qt.Key.Key_Escape and self.candidates.hasFocus():
            self.clear()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.box.setPlaceholderText(self.tr("Swipe ID card, or type phone / card number / name, then Enter"))
        self.box.setToolTip(self.tr("Enter searches; Esc clears"))
        self.box.setAccessibleName(self.tr("Customer's ID number, phone, card number or name"))
        self.search_button.setText(self.tr("Find"))
        self.search_button.setToolTip(self.tr("Find the customer (Enter)"))
        self.walk_in_button.setText(self.tr("Walk-in (no ID)"))
        self.walk_in_button.setShortcut(QKeySequence(WALK_IN_KEY))  # after the text: setText resets it
        self.walk_in_button.setToolTip(
            self.tr("Issue a number without identifying the customer ({key})").format(key=WALK_IN_KEY)
        )
        if self.mode == "empty":
            self._show_empty()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
