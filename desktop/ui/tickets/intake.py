"""Taking a complaint from a customer: the intake dialog and :func:`open_intake`.

What is typed is saved as an intake draft a moment after each change (``TicketService.save_draft``), so a
crash leaves a draft that :func:`open_intake` resumes; submitting turns the draft into a fully recorded
complaint in one transaction.  The dialog proposes merging when the customer has an open complaint on the
same matter (the original keeps its deadline), and shows refusals such as a handler with a conflict of
interest in its own words, leaving everything typed in place.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QStringListModel, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.permissions import Principal
from services.tickets.calendar import as_utc
from services.tickets.intake import ComplaintInput, Created, DraftInfo
from services.tickets.service import TicketService

from .. import fmt
from . import codes
from .confirm import IntakeConfirmation, Recorded

log = logging.getLogger(__name__)

DRAFT_DEBOUNCE_MS = 800
LOOKUP_DEBOUNCE_MS = 300


@dataclass(frozen=True)
class IntakeStart:
    """What the dialog needs to open: the form's content, the draft it continues, and the pickers' choices."""

    data: ComplaintInput
    draft_id: int | None
    customer: Any
    branches: list[Any]
    people: list[Any]


def load_start(
    service: TicketService,
    principal: Principal,
    customer_id: int | None,
    call_id: int | None,
    draft_id: int | None,
) -> IntakeStart:
    """Prefill the form, or resume the person's unfinished intake for this customer (database worker)."""
    drafts: list[DraftInfo] = service.open_drafts(principal.user_id)
    draft = next((d for d in drafts if d.id == draft_id), None) if draft_id is not None else None
    if draft is None and draft_id is None and customer_id is not None:
        draft = next(
            (d for d in drafts if d.customer_id == customer_id and (call_id is None or d.call_id == call_id)), None
        )
    if draft is not None:
        data = draft.data
        customer_id = data.customer_id
    elif call_id is not None:
        data = service.prefill_from_call(call_id)
        customer_id = data.customer_id
    elif customer_id is not None:
        data = service.prefill_for_customer(customer_id, "call_in")
    else:
        data = ComplaintInput(intake_channel="branch_visit")
    customer = service.customer_brief(customer_id) if customer_id is not None else None
    return IntakeStart(data, draft.id if draft else None, customer, service.branches(), service.assignees(principal))


class IntakeDialog(QDialog):
    """The complaint intake form.

    Once the complaint is recorded the dialog closes and :attr:`confirmation` tells its number and deadline.

    Signals:
        created(object): the complaint is recorded (a :class:`~services.tickets.intake.Created`).
        ready(): the form is filled and usable.
        refused(str): submitting was refused (the message, also shown in the dialog).
        open_requested(int): the person asked, from the confirmation, to open the recorded complaint.
    """

    created = Signal(object)
    ready = Signal()
    refused = Signal(str)
    open_requested = Signal(int)

    def __init__(
        self, tasks: TaskManager, service: TicketService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setMinimumWidth(620)
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._base = ComplaintInput()
        self.draft_id: int | None = None
        self._filling = False
        self._complained: Any = None
        self._staff: dict[str, Any] = {}
        self.repeats: list[Any] = []
        self.result_created: Created | None = None
        self.confirmation: IntakeConfirmation | None = None
        self._people: dict[int, Any] = {}
        self.captions: dict[str, QLabel] = {}
        self._build()
        self.retranslate()
        self._draft_timer = self._timer(DRAFT_DEBOUNCE_MS, self.save_draft)
        self._repeat_timer = self._timer(LOOKUP_DEBOUNCE_MS, self.find_repeats)
        self._staff_timer = self._timer(LOOKUP_DEBOUNCE_MS, self._search_staff)
        self._connect()
        self.setEnabled(False)

    # -- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.customer_label = QLabel(self)
        self.customer_label.setObjectName("intakeCustomer")
        self.channel = QComboBox(self)
        for code in codes.INTAKE_CHANNELS:
            self.channel.addItem(codes.label(codes.INTAKE_CHANNELS, code), code)
        self.received = QDateTimeEdit(self)
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.referral_date = QDateEdit(self)
        self.referral_date.setCalendarPopup(True)
        self.referral_date.setDisplayFormat("yyyy-MM-dd")
        self.referral_ref = QLineEdit(self)
        self.category = QComboBox(self)
        self.category.setObjectName("intakeCategory")
        self.severity = QComboBox(self)
        for code in codes.SEVERITIES:
            self.severity.addItem(codes.label(codes.SEVERITIES, code), code)
        self.summary = QLineEdit(self)
        self.summary.setObjectName("intakeSummary")
        self.summary.setMaxLength(200)
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(80)
        self.request = QLineEdit(self)
        self.staff_edit = QLineEdit(self)
        self.staff_edit.setObjectName("complainedEmployee")
        self.staff_model = QStringListModel(self)
        self.completer = QCompleter(self.staff_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.staff_edit.setCompleter(self.completer)
        self.branch = QComboBox(self)
        self.identity = QCheckBox(self)
        self.identity_method = QComboBox(self)
        for code in codes.IDENTITY_METHODS:
            self.identity_method.addItem(codes.label(codes.IDENTITY_METHODS, code), code)
        self.handler = QComboBox(self)
        self.handler.setObjectName("intakeHandler")
        self.complex_case = QCheckBox(self)
        self.complex_reason = QLineEdit(self)
        self.complex_reason.setEnabled(False)

        self.repeat_box = QGroupBox(self)
        self.repeat_box.setObjectName("repeatBox")
        self.repeat_layout = QVBoxLayout(self.repeat_box)
        self.repeat_group = QButtonGroup(self)
        self.repeat_box.hide()
        self.error = QLabel(self)
        self.error.setObjectName("intakeError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.draft_state = QLabel(self)
        self.draft_state.setObjectName("draftState")

        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("submitComplaint")
        self.submit_button.setDefault(True)
        self.keep_button = QPushButton(self)
        self.discard_button = QPushButton(self)

        form = QFormLayout()
        self.form = form
        form.addRow("", self.customer_label)
        form.addRow(self._caption("channel"), self.channel)
        form.addRow(self._caption("received"), self.received)
        referral = QHBoxLayout()
        referral.addWidget(self.referral_date)
        referral.addWidget(self.referral_ref, 1)
        self.referral_row = QWidget(self)
        self.referral_row.setLayout(referral)
        referral.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._caption("referral"), self.referral_row)
        form.addRow(self._caption("category"), self.category)
        form.addRow(self._caption("severity"), self.severity)
        form.addRow(self._caption("summary"), self.summary)
        form.addRow(self._caption("description"), self.description)
        form.addRow(self._caption("request"), self.request)
        form.addRow(self._caption("employee"), self.staff_edit)
        form.addRow(self._caption("branch"), self.branch)
        identity = QHBoxLayout()
        identity.addWidget(self.identity)
        identity.addWidget(self.identity_method, 1)
        form.addRow(self._caption("identity"), identity)
        form.addRow(self._caption("handler"), self.handler)
        complex_row = QHBoxLayout()
        complex_row.addWidget(self.complex_case)
        complex_row.addWidget(self.complex_reason, 1)
        form.addRow(self._caption("complex"), complex_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_state, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.repeat_box)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _caption(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"caption_{name}")
        self.captions[name] = label
        return label

    def _timer(self, interval: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def _connect(self) -> None:
        for signal in (
            self.channel.currentIndexChanged,
            self.severity.currentIndexChanged,
            self.branch.currentIndexChanged,
            self.identity_method.currentIndexChanged,
            self.handler.currentIndexChanged,
            self.summary.textChanged,
            self.description.textChanged,
            self.request.textChanged,
            self.referral_ref.textChanged,
            self.referral_date.dateChanged,
            self.received.dateTimeChanged,
            self.identity.toggled,
            self.complex_case.toggled,
            self.complex_reason.textChanged,
        ):
            signal.connect(self._edited)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.identity.toggled.connect(self.identity_method.setEnabled)
        self.complex_case.toggled.connect(self.complex_reason.setEnabled)
        self.staff_edit.textEdited.connect(self._staff_edited)
        self.completer.activated.connect(self._staff_chosen)
        self.submit_button.clicked.connect(self.submit)
        self.keep_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard)

    # -- opening ----------------------------------------------------------------------------------

    def start(self, customer_id: int | None, *, call_id: int | None = None, draft_id: int | None = None) -> None:
        """Load the form (prefilled, or the unfinished draft for this customer)."""
        service, principal = self._service, self._principal
        self._tasks.run_db(
            lambda: load_start(service, principal, customer_id, call_id, draft_id),
            on_success=self._started,
            on_failure=lambda exc: self.show_error(codes.error_text(exc)),
            owner=self,
            label="complaint intake",
        )

    def _started(self, start: IntakeStart) -> None:
        self._filling = True
        try:
            self._fill(start)
        finally:
            self._filling = False
        self.setEnabled(True)
        if start.draft_id is not None:
            self.draft_state.setText(self.tr("Unfinished intake restored"))
        self.find_repeats()
        self.ready.emit()

    def _fill(self, start: IntakeStart) -> None:
        data = start.data
        self._base = data
        self.draft_id = start.draft_id
        if start.customer is not None:
            self.customer_label.setText(
                self.tr("Complaint from {name} ({cif})").format(name=start.customer.name, cif=start.customer.cif_no)
            )
        else:
            self.customer_label.setText(self.tr("No customer (anonymous or referred)"))
        self._select(self.channel, data.intake_channel)
        taxonomy = self._service.env.taxonomy
        self.category.clear()
        self.category.addItem(self.tr("Choose a category…"), "")
        for group in taxonomy.groups:
            active = [c for c in group.categories if c.active]
            if not active:
                continue
            self.category.addItem(f"— {group.label(codes.language())} —", None)
            self.category.model().item(self.category.count() - 1).setEnabled(False)  # type: ignore[attr-defined]
            for c in active:
                self.category.addItem(f"   {c.label(codes.language())}", c.code)
        self._select(self.category, data.category)
        self._select(self.severity, data.severity)
        now = self._service.env.now()
        self._set_datetime(self.received, data.received_at or now)
        local_today = fmt.local(now).date()
        referral = data.referral_date or local_today
        self.referral_date.setDate(QDate(referral.year, referral.month, referral.day))
        self.referral_ref.setText(data.referral_ref or "")
        self.summary.setText(data.summary)
        self.description.setPlainText(data.description or "")
        self.request.setText(data.customer_request or "")
        self.branch.clear()
        self.branch.addItem(self.tr("None"), None)
        for b in start.branches:
            self.branch.addItem(b.name, b.id)
        self._select(self.branch, data.complained_branch_id)
        self._complained = None
        if data.complained_user_id is not None:
            names = [p for p in start.people if p.id == data.complained_user_id]
            self._complained = names[0] if names else _Person(data.complained_user_id, str(data.complained_user_id))
            self.staff_edit.setText(self._complained.name)
        self.identity.setChecked(data.identity_verified)
        self.identity_method.setEnabled(data.identity_verified)
        self._select(self.identity_method, data.identity_method or "phone_verification")
        self.handler.clear()
        self.handler.addItem(self.tr("Team queue (nobody yet)"), None)
        for p in start.people:
            name = self.tr("Myself") if p.id == self._principal.user_id else p.name
            self.handler.addItem(name, p.id)
        self._people = {p.id: p for p in start.people}
        self._select(self.handler, data.assignee_id)
        self._channel_changed()

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    @staticmethod
    def _set_datetime(edit: QDateTimeEdit, value: dt.datetime) -> None:
        local = fmt.local(value)
        edit.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
        )

    # -- the form's content -----------------------------------------------------------------------

    def data(self) -> ComplaintInput:
        """The complaint as the form describes it."""
        qdt = self.received.dateTime()
        d, t = qdt.date(), qdt.time()
        received = dt.datetime(
            d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=fmt.display_zone()
        )
        regulator = self.channel.currentData() == "regulator"
        rd = self.referral_date.date()
        handler = self.handler.currentData()
        person = self._people.get(handler) if handler is not None else None
        team = person.team_id if person is not None else self._principal.team_id
        return replace(
            self._base,
            intake_channel=self.channel.currentData(),
            category=self.category.currentData() or "",
            severity=self.severity.currentData(),
            summary=self.summary.text(),
            description=self.description.toPlainText() or None,
            customer_request=self.request.text() or None,
            complained_user_id=self._complained.id if self._complained is not None else None,
            complained_branch_id=self.branch.currentData(),
            identity_verified=self.identity.isChecked(),
            identity_method=self.identity_method.currentData() if self.identity.isChecked() else "none",
            received_at=as_utc(received),
            referral_date=dt.date(rd.year(), rd.month(), rd.day()) if regulator else None,
            referral_ref=(self.referral_ref.text() or None) if regulator else None,
            assignee_id=handler,
            team_id=team,
            kind="complaint",
        )

    def merge_target(self) -> int | None:
        """The open complaint chosen to merge into (None: record a new complaint)."""
        checked = self.repeat_group.checkedButton()
        return checked.property("ticket_id") if checked is not None else None

    def choose_merge(self, ticket_id: int | None) -> None:
        """Choose a repeat candidate to merge into (None: a new complaint)."""
        for button in self.repeat_group.buttons():
            if button.property("ticket_id") == ticket_id:
                button.setChecked(True)

    def set_complained_employee(self, person: Any | None) -> None:
        """Name the employee complained about (a :class:`~...directory.Person`, or None)."""
        self._complained = person
        self.staff_edit.setText(person.name if person is not None else "")
        self._edited()

    def problem(self) -> str | None:
        """What must be fixed before submitting (None: ready)."""
        if not self.category.currentData():
            return self.tr("Choose the complaint category.")
        if not self.summary.text().strip():
            return self.tr("Write a short summary of the complaint.")
        if self.complex_case.isChecked() and not self.complex_reason.text().strip():
            return self.tr("Give the reason the case is complex.")
        return None

    # -- drafts and lookups -----------------------------------------------------------------------

    def _edited(self, *_args: Any) -> None:
        if not self._filling and self.isEnabled():
            self._draft_timer.start()

    def _category_changed(self) -> None:
        self._edited()
        if not self._filling:
            self._repeat_timer.start()

    def _channel_changed(self) -> None:
        regulator = self.channel.currentData() == "regulator"
        self.form.setRowVisible(self.referral_row, regulator)

    def save_draft(self) -> None:
        """Store the form as it stands (a moment after each change)."""
        self._draft_timer.stop()
        service, principal, data, draft_id = self._service, self._principal, self.data(), self.draft_id
        self._tasks.run_db(
            lambda: service.save_draft(principal, data, draft_id),
            on_success=self._draft_saved,
            on_failure=lambda exc: log.info("saving the intake draft failed: %r", exc),
            key=f"intake-draft-{id(self)}",
            owner=self,
            busy=False,
            changes=("ticket_draft",),
            label="save intake draft",
        )

    def _draft_saved(self, draft_id: int) -> None:
        self.draft_id = draft_id
        saved_at = fmt.local(self._service.env.now()).strftime("%H:%M")
        self.draft_state.setText(self.tr("Draft saved {time}").format(time=saved_at))

    def find_repeats(self) -> None:
        """Look for open complaints of this customer on the same matter."""
        self._repeat_timer.stop()
        data = self.data()
        if data.customer_id is None or not data.category:
            self._show_repeats([])
            return
        service = self._service
        self._tasks.run_db(
            lambda: service.find_repeats(data.customer_id, data.category, received_at=data.received_at),
            on_success=self._show_repeats,
            on_failure=lambda exc: log.info("looking for repeats failed: %r", exc),
            key=f"intake-repeats-{id(self)}",
            owner=self,
            busy=False,
            label="repeat complaints",
        )

    def _show_repeats(self, found: list[Any]) -> None:
        self.repeats = list(found)
        for button in self.repeat_group.buttons():
            self.repeat_group.removeButton(button)
            button.deleteLater()
        if not found:
            self.repeat_box.hide()
            return
        taxonomy = self._service.env.taxonomy
        for i, c in enumerate(found):
            due = fmt.date(c.due_at) if c.due_at else "—"
            text = self.tr("Merge into {number} ({category}, due {due}); the deadline is kept").format(
                number=c.number, category=codes.category(taxonomy, c.category), due=due
            )
            button = QRadioButton(text, self.repeat_box)
            button.setToolTip(c.summary)
            button.setProperty("ticket_id", c.id)
            button.setChecked(i == 0)
            self.repeat_group.addButton(button)
            self.repeat_layout.addWidget(button)
        new = QRadioButton(self.tr("Record as a new complaint"), self.repeat_box)
        new.setProperty("ticket_id", None)
        self.repeat_group.addButton(new)
        self.repeat_layout.addWidget(new)
        self.repeat_box.show()

    def _staff_edited(self, _text: str) -> None:
        self._complained = None
        self._staff_timer.start()
        self._edited()

    def _search_staff(self) -> None:
        text, service = self.staff_edit.text(), self._service
        self._tasks.run_db(
            lambda: service.find_staff(text),
            on_success=self._staff_found,
            on_failure=lambda exc: log.info("staff lookup failed: %r", exc),
            key=f"intake-staff-{id(self)}",
            owner=self,
            busy=False,
            label="staff lookup",
        )

    def _staff_found(self, people: list[Any]) -> None:
        self._staff = {f"{p.name} ({p.username}{' · ' + p.team_name if p.team_name else ''})": p for p in people}
        self.staff_model.setStringList(list(self._staff))
        if people and self.staff_edit.hasFocus():
            self.completer.complete()

    def staff_matches(self) -> list[Any]:
        """The staff the last lookup found."""
        return list(self._staff.values())

    def _staff_chosen(self, text: str) -> None:
        person = self._staff.get(text)
        if person is not None:
            self.set_complained_employee(person)

    # -- finishing --------------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.setEnabled(True)

    def submit(self) -> None:
        """Record the complaint (merged into the chosen original, if any)."""
        problem = self.problem()
        if problem:
            self.show_error(problem)
            self.refused.emit(problem)
            return
        self._draft_timer.stop()
        self.error.hide()
        self.submit_button.setEnabled(False)
        service, principal, data, draft_id = self._service, self._principal, self.data(), self.draft_id
        merge_into = self.merge_target()
        complex_reason = self.complex_reason.text().strip() if self.complex_case.isChecked() else ""
        saved: dict[str, int] = {}

        def work() -> Created:
            saved["draft"] = service.save_draft(principal, data, draft_id)
            created = service.submit_draft(principal, saved["draft"], merge_into=merge_into)
            if complex_reason and merge_into is None:
                version = service.mark_complex(principal, created.id, created.version, complex_reason)
                created = replace(created, version=version)
            return created

        self._tasks.run_db(
            work,
            on_success=lambda created: self._submitted(created, merge_into),
            on_failure=lambda exc: self._refused(saved.get("draft"), exc),
            owner=self,
            changes=("ticket",),
            label="record complaint",
        )

    def _submitted(self, created: Created, merge_into: int | None = None) -> None:
        self.result_created = created
        self.draft_id = None
        self.created.emit(created)
        self.accept()
        self.confirm(self._recorded(created, merge_into))

    def _recorded(self, created: Created, merge_into: int | None) -> Recorded:
        original = next((c for c in self.repeats if c.id == merge_into), None) if merge_into is not None else None
        if original is None:
            return Recorded(created.id, created.number, created.due_at)
        return Recorded(created.id, created.number, original.due_at, (int(original.id), str(original.number)))

    def confirm(self, recorded: Recorded) -> IntakeConfirmation:
        """Tell the person the complaint's number and deadline, with a way to open it."""
        self.confirmation = IntakeConfirmation(recorded, self.parentWidget() or self)
        self.confirmation.open_requested.connect(self.open_requested)
        self.confirmation.show()
        return self.confirmation

    def _refused(self, draft_id: int | None, exc: BaseException) -> None:
        if draft_id is not None:
            self.draft_id = draft_id
        self.submit_button.setEnabled(True)
        text = codes.error_text(exc)
        self.show_error(text)
        self.refused.emit(text)

    def discard(self) -> None:
        """Throw the draft away and close."""
        self._draft_timer.stop()
        draft_id = self.draft_id
        if draft_id is None:
            self.reject()
            return
        service, principal = self._service, self._principal
        self.draft_id = None
        self._tasks.run_db(
            lambda: service.discard_draft(principal, draft_id),
            on_failure=lambda exc: log.info("discarding the intake draft failed: %r", exc),
            changes=("ticket_draft",),
            label="discard intake draft",
        )
        self.reject()

    def reject(self) -> None:
        """Close, keeping the draft (a pending change is saved first)."""
        if self._draft_timer.isActive():
            self.save_draft()
        super().reject()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New complaint"))
        captions = {
            "channel": self.tr("Received through"),
            "received": self.tr("Received at"),
            "referral": self.tr("Referral date and reference"),
            "category": self.tr("Category"),
            "severity": self.tr("Severity"),
            "summary": self.tr("Summary"),
            "description": self.tr("What happened"),
            "request": self.tr("Customer asks for"),
            "employee": self.tr("Employee complained about"),
            "branch": self.tr("Branch complained about"),
            "identity": self.tr("Complainant"),
            "handler": self.tr("Handler"),
            "complex": self.tr("Complexity"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.referral_ref.setPlaceholderText(self.tr("Referral reference"))
        self.summary.setPlaceholderText(self.tr("One line, up to 200 characters"))
        self.request.setPlaceholderText(self.tr("Refund, apology, correction…"))
        self.staff_edit.setPlaceholderText(self.tr("Type a name or username"))
        self.identity.setText(self.tr("Identity verified"))
        self.complex_case.setText(self.tr("Complex case (30-day deadline)"))
        self.complex_reason.setPlaceholderText(self.tr("Why the case is complex"))
        self.repeat_box.setTitle(self.tr("This may repeat an open complaint"))
        self.submit_button.setText(self.tr("Record complaint"))
        self.keep_button.setText(self.tr("Keep as draft"))
        self.discard_button.setText(self.tr("Discard draft"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


@dataclass(frozen=True)
class _Person:
    id: int
    name: str


def open_intake(
    parent: QWidget | None,
    tasks: TaskManager,
    service: TicketService,
    principal: Principal,
    customer_id: int | None,
    *,
    call_id: int | None = None,
    draft_id: int | None = None,
    on_open: Callable[[int], object] | None = None,
) -> IntakeDialog:
    """Open the intake dialog (not modal) for a customer, a call, or an unfinished draft.

    Args:
        parent: the window it belongs to.
        tasks: the task manager.
        service: the ticket service.
        principal: the person taking the complaint (needs ``ticket.create``; the service enforces it).
        customer_id: the customer the complaint is from (prefilled; None for an anonymous or referred one).
        call_id: the call it is taken on (prefills the customer and the receipt time).
        draft_id: an unfinished intake to continue; by default the person's unfinished intake for this
            customer is continued if there is one.
        on_open: opens a ticket by id; the confirmation's "Open ticket" calls it with the recorded complaint.

    Returns:
        The dialog; connect to ``created`` to hear of the recorded complaint.
    """
    dialog = IntakeDialog(tasks, service, principal, parent)
    if on_open is not None:
        dialog.open_requested.connect(on_open)
    dialog.start(customer_id, call_id=call_id, draft_id=draft_id)
    dialog.show()
    return dialog
