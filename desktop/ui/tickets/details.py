"""The "Details" tab of the ticket panel: what the complaint is about, and how it was decided."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from .. import fmt
from . import codes

FIELDS = (
    "channel",
    "received",
    "referral",
    "request",
    "description",
    "complained_user",
    "complained_branch",
    "identity",
    "decision",
    "outcome",
    "compensation",
    "satisfaction",
)


class TicketDetails(QScrollArea):
    """Field / value rows; empty fields are left out."""

    def __init__(self, taxonomy: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDetails")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._taxonomy = taxonomy
        self._view: Any = None
        body = QWidget(self)
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for name in FIELDS:
            caption, value = QLabel(body), QLabel(body)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"detail_{name}")
            self.form.addRow(caption, value)
            self.values[name], self.captions[name] = value, caption
        self.setWidget(body)
        self.retranslate()

    def set_view(self, view: Any) -> None:
        self._view = view
        self._fill()

    def text_of(self, name: str) -> str:
        return self.values[name].text()

    def _fill(self) -> None:
        v = self._view
        if v is None:
            return
        d, row = v.detail, v.detail.row
        texts = {
            "channel": codes.label(codes.INTAKE_CHANNELS, row.intake_channel),
            "received": fmt.datetime(row.received_at),
            "referral": fmt.date(d.referral_date) if d.referral_date else "",
            "request": d.customer_request or "",
            "description": d.description or "",
            "complained_user": v.complained_user_name or "",
            "complained_branch": v.complained_branch_name or "",
            "identity": self.tr("Verified") if d.identity_verified else self.tr("Not verified"),
            "decision": d.resolution or "",
            "outcome": codes.label(codes.OUTCOMES, d.outcome) if d.outcome else "",
            "compensation": fmt.money(d.compensation) if d.compensation else "",
            "satisfaction": self.tr("{score} of 5").format(score=d.satisfaction) if d.satisfaction else "",
        }
        for name, text in texts.items():
            self.values[name].setText(text)
            self.form.setRowVisible(self.values[name], bool(text))

    def retranslate(self) -> None:
        captions = {
            "channel": self.tr("Received through"),
            "received": self.tr("Received"),
            "referral": self.tr("Referral date"),
            "request": self.tr("Customer asks for"),
            "description": self.tr("Description"),
            "complained_user": self.tr("Employee complained about"),
            "complained_branch": self.tr("Branch complained about"),
            "identity": self.tr("Complainant's identity"),
            "decision": self.tr("Decision"),
            "outcome": self.tr("Outcome"),
            "compensation": self.tr("Compensation"),
            "satisfaction": self.tr("Satisfaction"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
