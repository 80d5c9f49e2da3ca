"""Refer a customer to a customer manager: what they are interested in, roughly how much, how urgent, and
their explicit agreement to be contacted.

One token per dialog makes a double submit (a double tap, a retry after a lost answer) one referral.  On a
refusal or failure the dialog stays open with everything typed and says why.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.referrals import AMOUNT_BANDS, INTERESTS, URGENCIES
from services.lobby.types import FEED_REFERRAL, ReferralView

from .. import fmt
from ..i18n import error_text

log = logging.getLogger(__name__)

TOUCH = 44


class ReferralDialog(QDialog):
    """Refer ``customer_id`` (``source``: checkin / counter / wrapup / flow).  ``referred(ReferralView)``."""

    referred = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        desk: Any,
        principal: Any,
        customer_id: int,
        *,
        source: str,
        customer_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self.customer_id = customer_id
        self.source = source
        self.token = uuid.uuid4().hex  # one per dialog: a second submit is the same referral
        self.result_view: ReferralView | None = None
        self.setWindowTitle(self.tr("Refer to a customer manager"))
        self.setMinimumWidth(520)

        self.heading = QLabel(self)
        self.heading.setObjectName("panelTitle")
        self.heading.setWordWrap(True)
        self.heading.setText(
            self.tr("Refer {name} to a customer manager").format(name=customer_name)
            if customer_name
            else self.tr("Refer the customer to a customer manager")
        )
        self.interest = QComboBox(self)
        interests = {
            "deposit": self.tr("Deposits"),
            "wealth": self.tr("Wealth management"),
            "fund": self.tr("Funds"),
            "insurance": self.tr("Insurance"),
            "loan": self.tr("Loans"),
            "card": self.tr("Cards"),
            "other": self.tr("Other"),
        }
        for code in INTERESTS:
            self.interest.addItem(interests.get(code, code), code)
        self.amount = QComboBox(self)
        bands = {
            "lt50k": self.tr("Under 50,000"),
            "50k_500k": self.tr("50,000 – 500,000"),
            "500k_3m": self.tr("500,000 – 3 million"),
            "gt3m": self.tr("Over 3 million"),
        }
        self.amount.addItem(self.tr("Not known"), None)
        for code in AMOUNT_BANDS:
            self.amount.addItem(bands.get(code, code), code)
        self.urgency = QComboBox(self)
        urgencies = {"normal": self.tr("Normal"), "high": self.tr("High: the customer is waiting now")}
        for code in URGENCIES:
            self.urgency.addItem(urgencies.get(code, code), code)
        self.consent = QCheckBox(self.tr("The customer agrees to be contacted by the customer manager"), self)
        self.consent.setChecked(False)
        self.consent.setMinimumHeight(TOUCH)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("What the manager should know (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        for combo in (self.interest, self.amount, self.urgency):
            combo.setMinimumHeight(TOUCH)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Interest"), self.interest)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Urgency"), self.urgency)
        form.addRow(self.tr("Note"), self.note)

        self.message = QLabel(self)
        self.message.setObjectName("dialogError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("background: #e8f5e9; border: 1px solid #81c784; color: #1b5e20; padding: 8px;")
        self.outcome.setVisible(False)

        self.submit_button = QPushButton(self.tr("Refer"), self)
        self.submit_button.setObjectName("primaryButton")
        self.submit_button.setDefault(True)
        self.submit_button.setMinimumHeight(TOUCH)
        self.submit_button.setToolTip(self.tr("Send the referral to the customer manager (Enter)"))
        self.submit_button.clicked.connect(self.submit)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        self.close_button.setMinimumHeight(TOUCH)
        self.close_button.setToolTip(self.tr("Close without referring (Esc)"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.submit_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        layout.addWidget(self.message)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.interest.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.result_view is not None:
            self.accept()
            return
        if not self.consent.isChecked():
            self._say(self.tr("Ask the customer first: they must agree to be contacted before they are referred."))
            self.consent.setFocus()
            return
        referrals, principal, cid = self._desk.referrals, self._principal, self.customer_id
        kwargs = {
            "interest": self.interest.currentData(),
            "amount_band": self.amount.currentData(),
            "urgency": self.urgency.currentData(),
            "consent_contact": True,
            "note": self.note.toPlainText().strip() or None,
            "source": self.source,
            "token": self.token,
        }
        self._say("")
        self.submit_button.setEnabled(False)
        self._tasks.run_db(
            lambda: referrals.create(principal, cid, **kwargs),
            on_success=self._done,
            on_failure=self._failed,
            owner=self,
            changes=(FEED_REFERRAL,),
            label="create referral",
        )

    def _done(self, view: ReferralView) -> None:
        self.result_view = view
        to = view.to_user_name or self.tr("the branch's customer managers")
        text = self.tr("Referred to {manager}.").format(manager=to)
        if view.accept_by is not None:
            text += " " + self.tr("They are asked to accept it by {time}.").format(time=fmt.datetime(view.accept_by))
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        for widget in (self.interest, self.amount, self.urgency, self.note, self.consent):
            widget.setEnabled(False)
        self.submit_button.setText(self.tr("Close"))
        self.submit_button.setToolTip("")
        self.submit_button.setEnabled(True)
        self.submit_button.setFocus()
        self.close_button.setVisible(False)
        self.referred.emit(view)

    def _failed(self, exc: BaseException) -> None:
        log.info("referral refused or failed: %r", exc)
        self.submit_button.setEnabled(True)
        self._say(error_text(exc))  # everything typed stays; the same token makes a retry safe

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
