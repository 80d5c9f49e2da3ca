"""Where to send a customer from the counter: another service (any counter calling it) or one counter."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from services.lobby.types import Counter

from . import floor_parts as parts


class TransferDialog(QDialog):
    """Choose a service or a counter for the customer; the customer keeps their place in the queue.

    Args:
        counters: the branch's counters (their work profiles give the services offered).
        own_counter: the counter transferring (not offered).
    """

    def __init__(self, counters: list[Counter], own_counter: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        offered = {code for c in counters for code in c.services}
        codes = [c for c in parts.SERVICE_ORDER if c in offered] + sorted(offered - set(parts.SERVICE_ORDER))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.to_service = QRadioButton(self)
        self.to_counter = QRadioButton(self)
        group = QButtonGroup(self)
        group.addButton(self.to_service)
        group.addButton(self.to_counter)
        self.service = QComboBox(self)
        self.service.setObjectName("transferService")
        for code in codes:
            self.service.addItem(parts.service_name(code), code)
        self.counter = QComboBox(self)
        self.counter.setObjectName("transferCounter")
        for c in counters:
            if c.id != own_counter:
                self.counter.addItem(c.label, c.id)
        for box in (self.service, self.counter):
            box.setMinimumHeight(44)
        self.to_service.setChecked(True)
        self.to_service.toggled.connect(self._sync)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        grid = QGridLayout()
        grid.addWidget(self.to_service, 0, 0)
        grid.addWidget(self.service, 0, 1)
        grid.addWidget(self.to_counter, 1, 0)
        grid.addWidget(self.counter, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Transfer the customer"))
        self.hint.setText(self.tr("The customer keeps their place and waits for the service or counter you choose."))
        self.to_service.setText(self.tr("To the &service"))
        self.to_counter.setText(self.tr("To the c&ounter"))
        self.to_counter.setEnabled(self.counter.count() > 0)
        self.resize(460, self.sizeHint().height())
        self._sync()

    def _sync(self) -> None:
        self.service.setEnabled(self.to_service.isChecked())
        self.counter.setEnabled(self.to_counter.isChecked())

    def choice(self) -> tuple[str | None, int | None]:
        """(service code, None) or (None, counter id)."""
        if self.to_counter.isChecked():
            return None, self.counter.currentData()
        return self.service.currentData(), None
