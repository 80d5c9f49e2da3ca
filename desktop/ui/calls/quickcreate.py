"""Quick-create for an unknown caller: prefilled with the call's number, duplicates checked first.

``ScreenPopService.quick_create`` refuses a customer whose ID number exists already, and stops at a phone
duplicate unless the agent goes ahead on purpose; the duplicates are listed so the agent can link the call
to one of them instead.  Withheld numbers never get this form.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.screenpop import Candidate, QuickCreateRefused, QuickCreateResult, ScreenPopService

from .. import labels

log = logging.getLogger(__name__)
ID_TYPES = ("resident_id", "passport", "hk_macau_permit", "taiwan_permit", "foreigner_permit")
ID_ROLE = Qt.ItemDataRole.UserRole


def candidate_text(candidate: Candidate) -> str:
    """One line of a candidate list: name, masked ID, CIF, tier/VIP."""
    return (
        f"{candidate.name}  ·  {candidate.masked_id}  ·  {candidate.cif_no}  ·  "
        f"{labels.tier_badge(candidate.tier, candidate.vip_level)}"
    )


class QuickCreateForm(QWidget):
    """Name, ID type and number; the caller's number is taken from the call."""

    created = Signal(int)  # the new customer's id (the call is linked to them)
    link_requested = Signal(int)  # the agent picked an existing customer from the duplicates

    def __init__(self, tasks: TaskManager, screenpop: ScreenPopService, agent_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quickCreate")
        self.tasks = tasks
        self.screenpop = screenpop
        self.agent_id = agent_id
        self._call_id: int | None = None
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        self.phone = QLabel(self)
        self.phone.setObjectName("fieldValue")
        self.name = QLineEdit(self)
        self.name.setObjectName("quickCreateName")
        self.name.setMaxLength(64)
        self.id_type = QComboBox(self)
        self.id_type.setObjectName("quickCreateIdType")
        self.id_number = QLineEdit(self)
        self.id_number.setObjectName("quickCreateIdNumber")
        self.id_number.setMaxLength(32)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("quickCreateButton")
        self.create_button.clicked.connect(lambda: self.submit(force=False))
        self.message = QLabel(self)
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.duplicates = QListWidget(self)
        self.duplicates.setObjectName("quickCreateDuplicates")
        self.duplicates.setMaximumHeight(96)
        self.link = QPushButton(self)
        self.link.setObjectName("quickCreateLink")
        self.link.clicked.connect(self._link_selected)
        self.force = QPushButton(self)
        self.force.setObjectName("quickCreateForce")
        self.force.clicked.connect(lambda: self.submit(force=True))

        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.phone_caption, self.name_caption = QLabel(self), QLabel(self)
        self.type_caption, self.number_caption = QLabel(self), QLabel(self)
        self.form.addRow(self.phone_caption, self.phone)
        self.form.addRow(self.name_caption, self.name)
        self.form.addRow(self.type_caption, self.id_type)
        self.form.addRow(self.number_caption, self.id_number)
        choices = QHBoxLayout()
        choices.addWidget(self.link)
        choices.addWidget(self.force)
        choices.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(5)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        layout.addWidget(self.duplicates)
        layout.addLayout(choices)
        self.retranslate()
        self._show_duplicates([])

    def set_call(self, call_id: int | None, masked_phone: str) -> None:
        """A new unknown caller: empty fields, the number shown (masked)."""
        if call_id != self._call_id:
            self.name.clear()
            self.id_number.clear()
            self.id_type.setCurrentIndex(0)
            self._show_duplicates([])
        self._call_id = call_id
        self.phone.setText(masked_phone)
        self.create_button.setEnabled(call_id is not None)

    def submit(self, *, force: bool) -> None:
        """Check for duplicates and create the customer (``force``: past a phone-only duplicate)."""
        if self._call_id is None:
            return
        name, number = self.name.text().strip(), self.id_number.text().strip()
        if not name or not number:
            self._say(self.tr("Enter the name and the ID number."))
            return
        call_id, service, agent = self._call_id, self.screenpop, self.agent_id
        id_type = self.id_type.currentData() or "resident_id"
        self.create_button.setEnabled(False)
        self.force.setEnabled(False)
        self._say(self.tr("Checking for existing customers…"), error=False)
        self.tasks.run_db(
            lambda: service.quick_create(call_id, agent, name=name, id_type=id_type, id_number=number, force=force),
            on_success=lambda result: self._done(call_id, result, force),
            on_failure=self._failed,
            owner=self,
            changes=("customer",),
            label="quick-create",
        )

    def _done(self, call_id: int, result: QuickCreateResult, forced: bool) -> None:
        self.create_button.setEnabled(True)
        if result.customer_id is not None:
            log.info("quick-created customer %s for call %s", result.customer_id, call_id)
            self._say("")
            self._show_duplicates([])
            self.created.emit(result.customer_id)
            return
        self._show_duplicates(result.duplicates)
        if forced:
            self._say(self.tr("A customer with this ID number exists already: link the call to them."))
        else:
            self._say(
                self.tr(
                    "Existing customers match this number or ID: link the call to one of them, or create "
                    "a new customer anyway."
                )
            )

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.force.setEnabled(True)
        if isinstance(exc, QuickCreateRefused | LookupError):
            self._say(str(exc))
        else:
            log.warning("quick-create failed: %r", exc)
            self._say(self.tr("Could not create the customer ({error}).").format(error=type(exc).__name__))

    def _show_duplicates(self, candidates: list[Candidate]) -> None:
        self.duplicates.clear()
        for candidate in candidates:
            item = QListWidgetItem(candidate_text(candidate))
            item.setData(ID_ROLE, candidate.customer_id)
            self.duplicates.addItem(item)
        if candidates:
            self.duplicates.setCurrentRow(0)
        for widget in (self.duplicates, self.link, self.force):
            widget.setVisible(bool(candidates))
        self.force.setEnabled(bool(candidates))

    def _link_selected(self) -> None:
        item = self.duplicates.currentItem()
        if item is not None:
            self.link_requested.emit(int(item.data(ID_ROLE)))

    def _say(self, text: str, *, error: bool = True) -> None:
        self.message.setObjectName("errorLabel" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.title.setText(self.tr("New customer from this call"))
        self.phone_caption.setText(self.tr("Number"))
        self.name_caption.setText(self.tr("Name"))
        self.type_caption.setText(self.tr("ID type"))
        self.number_caption.setText(self.tr("ID number"))
        current = self.id_type.currentData()
        self.id_type.clear()
        for code in ID_TYPES:
            self.id_type.addItem(labels.label(labels.ID_TYPES, code), code)
        if current:
            self.id_type.setCurrentIndex(max(0, self.id_type.findData(current)))
        self.create_button.setText(self.tr("Check and create"))
        self.link.setText(self.tr("Link the call to this customer"))
        self.force.setText(self.tr("Create anyway"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
