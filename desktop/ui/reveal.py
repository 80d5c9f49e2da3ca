"""Asks why a masked value should be shown in full (the reason goes to the audit trail)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from services.mask_policy import OTHER_TEXT_MIN, REASON_TEXT_MAX, REVEAL_REASONS

from .i18n import current_language


class RevealDialog(QDialog):
    """Reason list plus free text; :meth:`reason` gives ``(code, text)`` after it was accepted.

    Args:
        field_label: what will be shown (e.g. "ID number"), already translated.
        seconds: how long the value stays visible.
    """

    def __init__(self, field_label: str, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._field_label = field_label
        self._seconds = seconds
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.reasons = QComboBox(self)
        self.reasons.setObjectName("revealReason")
        self.text = QLineEdit(self)
        self.text.setObjectName("revealText")
        self.text.setMaxLength(REASON_TEXT_MAX)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.reasons)
        layout.addWidget(self.text)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        self.reasons.currentIndexChanged.connect(self._validate)
        self.text.textChanged.connect(self._validate)
        self.retranslate()

    def reason(self) -> tuple[str, str]:
        """(reason code, free text)."""
        return str(self.reasons.currentData() or ""), self.text.text().strip()

    def _validate(self) -> None:
        code, text = self.reason()
        ok = bool(code) and (code != "other" or len(text) >= OTHER_TEXT_MIN)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Show in full"))
        self.intro.setText(
            self.tr("Why do you need to see the full {field}? The reason is recorded.").format(field=self._field_label)
        )
        english = current_language() == "en"
        chosen = self.reasons.currentData()
        self.reasons.blockSignals(True)
        self.reasons.clear()
        self.reasons.addItem(self.tr("Choose a reason…"), "")
        for code, (zh, en) in REVEAL_REASONS.items():
            self.reasons.addItem(en if english else zh, code)
        self.reasons.setCurrentIndex(max(0, self.reasons.findData(chosen)) if chosen else 0)
        self.reasons.blockSignals(False)
        self.text.setPlaceholderText(self.tr("Details (required for “Other”)"))
        self.note.setText(
            self.tr("The value is shown for {seconds} seconds, then masked again.").format(seconds=self._seconds)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Show"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._validate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
