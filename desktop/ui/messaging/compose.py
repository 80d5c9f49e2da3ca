"""The compose dialog: choose an approved template, see the message as it will go, fill the open fields, send.

Opened from the 360° view or the call bar with the customer (and, from a complaint, the ticket).  As it opens
it reads the recipient (:meth:`MessagingService.recipient`): the line at the top says at once what the
customer agreed to on the chosen channel (or that they opted out, or have no address there), the dialog starts
on a channel the customer accepts messages on, and the first template offered is in the customer's language.
Switching channel keeps the chosen template (its version for the other channel) and everything typed.

The preview is the service's (:meth:`MessagingService.preview`): values from the database, consent, opt-out,
quiet hours and the SMS segment counter; Send stays disabled while the message cannot go and says why.  After
sending, the dialog stays open and says that the message is in the outbox, then follows it (sent, delivered,
failed) as the change feed reports it.  The dialog holds one compose token, so a double click or a retry after
a lost answer queues one message.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import MessageRow, MessagingService, Prepared, Queued, Recipient
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from .common import FieldsForm, error_text, segments_text, template_title
from .compose_status import CHANNELS, channel_item, confirmation_line, consent_line, show_line, template_key

PREVIEW_DELAY_MS = 250
BLOCKED = {
    "opt_out": QT_TRANSLATE_NOOP("ComposeDialog", "The customer opted out of messages on this channel."),
    "no_consent": QT_TRANSLATE_NOOP("ComposeDialog", "The customer has not agreed to marketing messages."),
    "no_address": QT_TRANSLATE_NOOP(
        "ComposeDialog", "The customer has no usable address for this channel (SMS needs a mobile number)."
    ),
}


class ComposeDialog(QDialog):
    """Compose one SMS or e-mail to one customer.

    Args:
        tasks: the desktop's task manager (database work off the GUI thread).
        service: the messaging service.
        principal: who sends (needs ``message.send``).
        customer_id: the recipient.
        channel: start on "sms" or "email" when the customer accepts messages there; None (the default) starts
            on the customer's preferred channel, or any channel they accept messages on.
        ticket_id: fill ticket variables from this complaint.

    Signals:
        sent(int): the message was queued (its outbox id).
    """

    sent = Signal(int)

    def __init__(
        self,
        tasks: TaskManager,
        service: MessagingService,
        principal: Principal,
        customer_id: int,
        *,
        channel: str | None = None,
        ticket_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composeDialog")
        self.setMinimumWidth(520)
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._customer_id = customer_id
        self._ticket_id = ticket_id
        self._wanted_channel = channel
        self.token = uuid.uuid4().hex
        self.recipient: Recipient | None = None
        self._all_templates: list[Any] = []  # every approved template, both channels
        self._templates: list[Any] = []  # those of the channel shown, as the combo lists them
        self._no_templates = False  # the channel offers no template: the notice says so
        self._asked: dict[str, str] | None = None  # the field values of the preview on its way
        self.prepared: Prepared | None = None
        self.queued: Queued | None = None
        self.message: MessageRow | None = None  # the queued message as last read
        self.consent = QLabel(self)
        self.consent.setObjectName("composeConsent")
        self.consent.setWordWrap(True)
        self.consent.hide()
        self.channel = QComboBox(self)
        self.channel.setObjectName("composeChannel")
        for code in CHANNELS:
            self.channel.addItem("", code)
        self.channel.setCurrentIndex(1 if channel == "email" else 0)
        self.template = QComboBox(self)
        self.template.setObjectName("composeTemplate")
        self.fields = FieldsForm(self)
        self.fields.hide()
        self.address = QLabel(self)
        self.address.setObjectName("composeAddress")
        self.subject = QLabel(self)
        self.subject.setObjectName("composeSubject")
        self.subject.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("composePreview")
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(140)
        self.counter = QLabel(self)
        self.counter.setObjectName("segmentCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.notice = QLabel(self)
        self.notice.setObjectName("composeNotice")
        self.notice.setWordWrap(True)
        self.confirmation = QLabel(self)
        self.confirmation.setObjectName("composeConfirmation")
        self.confirmation.setWordWrap(True)
        self.confirmation.hide()
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(self)
        self.send_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("sendMessage")
        self.send_button.setEnabled(False)
        self.cancel_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelMessage")
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        self.captions = {key: QLabel(self) for key in ("channel", "template", "to")}
        form = QFormLayout()
        form.addRow(self.captions["channel"], self.channel)
        form.addRow(self.captions["template"], self.template)
        form.addRow(self.captions["to"], self.address)
        layout = QVBoxLayout(self)
        layout.addWidget(self.consent)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.subject)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.counter)
        layout.addWidget(self.notice)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.template.currentIndexChanged.connect(self._template_chosen)
        self.fields.changed.connect(self._timer.start)
        tasks.changed.connect(self._data_changed)
        self._sending = False
        self.retranslate()
        self._load()

    # -- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the dialog in the interface language; the channel, template and fields typed stay."""
        self.setWindowTitle(self.tr("Send a message"))
        self.captions["channel"].setText(self.tr("Channel"))
        self.captions["template"].setText(self.tr("Template"))
        self.captions["to"].setText(self.tr("To"))
        self._label_channels()
        self.send_button.setText(self.tr("Send"))
        self.cancel_button.setText(self.tr("Close") if self.queued is not None else self.tr("Cancel"))
        for i, t in enumerate(self._templates):
            self.template.setItemText(i, template_title(t))
        self._show_consent()
        if self._no_templates:
            self.notice.setText(self.tr("No approved template for this channel."))
        elif self.prepared is not None:
            self._show_details(self.prepared)
            self.notice.setText(self._notice_text(self.prepared))
        if self.queued is not None:
            self._show_confirmation()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _label_channels(self) -> None:
        for i in range(self.channel.count()):
            self.channel.setItemText(i, channel_item(self.recipient, str(self.channel.itemData(i))))

    def _show_consent(self) -> None:
        """The line at the top: what the customer agreed to on the channel shown."""
        if self.recipient is not None:
            show_line(self.consent, *consent_line(self.recipient, str(self.channel.currentData())))

    # -- recipient and templates --------------------------------------------------------------------------
    def _load(self) -> None:
        who, customer = self._principal, self._customer_id

        def work() -> tuple[Recipient, list[Any]]:
            return self._service.recipient(who, customer), self._service.usable_templates()

        self._tasks.run_db(
            work,
            on_success=self._loaded,
            on_failure=self._failed,
            key=f"compose-start-{id(self)}",
            owner=self,
            label="compose recipient",
        )

    def _loaded(self, result: tuple[Recipient, list[Any]]) -> None:
        self.recipient, self._all_templates = result
        channel = self.recipient.default_channel(self._wanted_channel)
        self.channel.blockSignals(True)
        self.channel.setCurrentIndex(self.channel.findData(channel))
        self.channel.blockSignals(False)
        self._label_channels()
        self._show_consent()
        self._show_templates(None)

    def _channel_changed(self) -> None:
        """Another channel: the same template (its version for this channel) and everything typed stay."""
        current = self.current_template()
        keep = (template_key(current.code), current.locale) if current is not None else None
        self._show_consent()
        self._show_templates(keep)

    def _show_templates(self, keep: tuple[str, str] | None) -> None:
        """List the templates of the channel shown; choose ``keep`` (key, locale) or one in the customer's
        language."""
        channel = self.channel.currentData()
        templates = [t for t in self._all_templates if t.channel == channel]
        self._templates = templates
        self._no_templates = not templates
        self.template.blockSignals(True)
        self.template.clear()
        for t in templates:
            self.template.addItem(template_title(t), t.id)
        self.template.setCurrentIndex(self._default_index(keep))
        self.template.blockSignals(False)
        if not templates:
            self.prepared = None
            self.preview.clear()
            self._show_blocked(self.tr("No approved template for this channel."))
            return
        self._template_chosen()

    def _default_index(self, keep: tuple[str, str] | None) -> int:
        locale = self.recipient.locale if self.recipient is not None else "zh_CN"
        wanted = [keep] if keep is not None else []
        for key, loc in wanted:
            for i, t in enumerate(self._templates):
                if template_key(t.code) == key and t.locale == loc:
                    return i
        for i, t in enumerate(self._templates):
            if t.locale == locale:
                return i
        return 0 if self._templates else -1

    def current_template(self) -> Any:
        index = self.template.currentIndex()
        return self._templates[index] if 0 <= index < len(self._templates) else None

    def select_template(self, code: str, locale: str | None = None) -> bool:
        """Choose the template with ``code`` (and ``locale``); False when it is not offered."""
        for i, t in enumerate(self._templates):
            if t.code == code and (locale is None or t.locale == locale):
                self.template.setCurrentIndex(i)
                return True
        return False

    def _template_chosen(self) -> None:
        self.refresh()

    # -- preview ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask the service for the message as it would go now."""
        template = self.current_template()
        if template is None or self.queued is not None:
            return
        values = self.fields.values()
        self._asked = values
        self.send_button.setEnabled(False)
        self._tasks.run_db(
            lambda: self._service.preview(
                self._principal, self._customer_id, template.id, values, ticket_id=self._ticket_id
            ),
            on_success=self._show_preview,
            on_failure=self._failed,
            key=f"compose-preview-{id(self)}",
            owner=self,
            label="compose preview",
        )

    def _show_preview(self, prepared: Prepared) -> None:
        if self.queued is not None:
            return
        self.prepared = prepared
        template = prepared.template
        self.fields.set_fields(prepared.open_fields, template.variables)
        if self.fields.values() != self._asked:
            self.refresh()  # fields typed earlier came back with this template: preview with them
            return
        rendered = prepared.rendered
        self.subject.setVisible(template.channel == "email")
        self._show_details(prepared)
        self.preview.setPlainText(rendered.text if rendered else "")
        self.error.hide()
        text = self._notice_text(prepared)
        if prepared.blocked:
            self._show_blocked(text)
        else:
            self.notice.setText(text)
            self.notice.setProperty("blocked", False)
            self.send_button.setEnabled(not self._sending)

    def _show_details(self, prepared: Prepared) -> None:
        """The recipient, the subject line and the SMS counter of ``prepared``."""
        rendered = prepared.rendered
        self.address.setText(prepared.address or self.tr("(none)"))
        self.subject.setText(self.tr("Subject: {subject}").format(subject=rendered.subject if rendered else ""))
        self.counter.setText(segments_text(rendered.segments) if rendered else "")

    def _notice_text(self, prepared: Prepared) -> str:
        """Why ``prepared`` cannot go, or when it will."""
        if prepared.blocked == "render":
            missing = [f for f in prepared.open_fields if f not in self.fields.values()]
            return self.tr("Fill in the fields above.") if missing else error_text(prepared.problem or Exception())
        if prepared.blocked:
            return self.tr(BLOCKED[prepared.blocked])
        if prepared.not_before is not None:
            return self.tr("Marketing message: held until the quiet hours end ({time}).").format(
                time=fmt.datetime(prepared.not_before)
            )
        return self.tr("Goes out immediately.")

    def _show_blocked(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setProperty("blocked", True)
        self.send_button.setEnabled(False)

    # -- sending ------------------------------------------------------------------------------------------
    def send(self) -> None:
        """Queue the message (the same token every time: one message however often this runs)."""
        template = self.current_template()
        if template is None or self.prepared is None or self.prepared.blocked or self.queued is not None:
            return
        self._sending = True
        self.send_button.setEnabled(False)
        values = self.fields.values()
        customer = self._customer_id
        self._tasks.run_db(
            lambda: self._service.send(
                self._principal, customer, template.id, values, self.token, ticket_id=self._ticket_id
            ),
            on_success=self._sent,
            on_failure=self._send_failed,
            owner=self,
            # "interaction" and the customer: the 360° view reloads, so the timeline shows the message at once.
            changes=("messages", "timeline", "interaction", f"customer:{customer}"),
            label="send message",
        )

    def _sent(self, queued: Queued) -> None:
        """Say that the message is in the outbox; the dialog stays until closed, following the message."""
        self._sending = False
        self.queued = queued
        self.error.hide()
        self.notice.hide()
        self.send_button.hide()
        for widget in (self.channel, self.template, self.fields):
            widget.setEnabled(False)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self._show_confirmation()
        self.sent.emit(int(queued.outbox_id))

    def _show_confirmation(self) -> None:
        if self.queued is not None:
            to = self.prepared.address if self.prepared is not None and self.prepared.address else ""
            show_line(self.confirmation, *confirmation_line(self.queued, self.message, to))
            self.confirmation.setProperty("status", self.message.status if self.message else "pending")

    def _data_changed(self, topics: frozenset[str]) -> None:
        """The change feed reported news of the queued message: read its state again."""
        if self.queued is None or f"outbox_message:{self.queued.outbox_id}" not in topics:
            return
        who, outbox_id = self._principal, self.queued.outbox_id
        self._tasks.run_db(
            lambda: self._service.message(who, outbox_id),
            on_success=self._message_read,
            on_failure=lambda exc: None,  # the confirmation already says it was queued
            key=f"compose-status-{id(self)}",
            owner=self,
            busy=False,
            label="sent message state",
        )

    def _message_read(self, message: MessageRow) -> None:
        self.message = message
        self._show_confirmation()

    def _send_failed(self, exc: BaseException) -> None:
        self._sending = False
        self._failed(exc)
        self.send_button.setEnabled(self.prepared is not None and not self.prepared.blocked)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()


def open_compose(
    parent: QWidget | None,
    tasks: TaskManager,
    service: MessagingService,
    principal: Principal,
    customer_id: int,
    *,
    channel: str | None = None,
    ticket_id: int | None = None,
) -> ComposeDialog:
    """Show the compose dialog (non-modal) for ``customer_id`` and return it."""
    dialog = ComposeDialog(tasks, service, principal, customer_id, channel=channel, ticket_id=ticket_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
