"""The small dialogs that close a referral: won (with the amount) or lost (with the reason)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..translate import QT_TRANSLATE_NOOP

LOST_REASONS = (
    QT_TRANSLATE_NOOP("LostDialog", "Not interested"),
    QT_TRANSLATE_NOOP("LostDialog", "Bought elsewhere"),
    QT_TRANSLATE_NOOP("LostDialog", "Could not be reached"),
    QT_TRANSLATE_NOOP("LostDialog", "Not eligible"),
)


class WonDialog(QDialog):
    """Ask for the amount won (in yuan); OK only with a positive amount."""

    def __init__(self, customer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralWonDialog")
        self.setWindowTitle(self.tr("Referral won"))
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("wonAmount")
        self.amount_edit.setMinimumHeight(36)
        self.amount_edit.setPlaceholderText(self.tr("e.g. 500000"))
        self.hint = QLabel(self.tr("What did {customer} buy for? Amount in yuan.").format(customer=customer), self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.amount_edit.textChanged.connect(self._sync)
        form = QFormLayout()
        form.addRow(self.tr("&Amount (¥):"), self.amount_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._sync()

    def amount(self) -> Decimal | None:
        """The amount typed (commas allowed), or None when it is not a positive number."""
        try:
            value = Decimal(self.amount_edit.text().replace(",", "").replace("，", "").strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() and value > 0 else None

    def _sync(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(self.amount() is not None)


class LostDialog(QDialog):
    """Ask why the referral was lost: a usual reason or one typed."""

    def __init__(self, customer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralLostDialog")
        self.setWindowTitle(self.tr("Referral lost"))
        self.reason_box = QComboBox(self)
        self.reason_box.setObjectName("lostReason")
        self.reason_box.setEditable(True)
        self.reason_box.setMinimumHeight(36)
        self.reason_box.addItems([self.tr(r) for r in LOST_REASONS])
        self.reason_box.setCurrentIndex(-1)
        self.hint = QLabel(self.tr("Why did {customer} not go ahead?").format(customer=customer), self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_box.currentTextChanged.connect(self._sync)
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())
        self._sync()

    def reason(self) -> str:
        return self.reason_box.currentText().strip()

    def _sync(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.reason()))
