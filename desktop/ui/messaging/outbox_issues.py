"""The supervisors' "Outbox issues" page: messages whose outcome is unknown or failed, settled by a person.

A timeout or a 5xx leaves a message ``unknown`` (the gateway reconciles SMS from Twilio's list, but an e-mail
cannot be); a failure leaves it ``failed``.  Here a supervisor either marks it as sent (it did arrive — e.g. the
customer confirmed it) or sends it again: a new message with a new unique key, linked to the old one, only
after a confirmation that warns the customer may get it twice.  Both are audited and shown on the customer's
timeline; when another supervisor settled the row first, the page says so and reloads.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import MessagingService, OutboxIssue
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import configure_record_table
from .common import error_text

COLUMNS = (
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Time"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Customer"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Recipient"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Channel"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Template"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "State"),
    QT_TRANSLATE_NOOP("OutboxIssuesPage", "Error"),
)


class OutboxIssuesPage(QWidget):
    """Unknown and failed messages with "Mark as sent" and "Send again" (needs ``message.settle``).

    Args:
        tasks: the desktop's task manager.
        service: the messaging service.
        principal: the supervisor (or administrator).

    Signals:
        settled(int, str): a message was settled (outbox id, ``"marked_sent"`` or ``"resent"``).
    """

    settled = Signal(int, str)

    def __init__(
        self, tasks: TaskManager, service: MessagingService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outboxIssuesPage")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self.issues: list[OutboxIssue] = []
        self.confirm_box: QMessageBox | None = None
        self._resend_token = ""
        self.last_done = ""  # what the last settle did, shown before the count
        self._last_settle: tuple[str, int] | None = None  # (kind, result) behind ``last_done``
        self._listed = False  # a list arrived: the status line counts it
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("outboxIssuesTable")
        configure_record_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("outboxIssuesRefresh")
        self.mark_button = QPushButton(self)
        self.mark_button.setObjectName("outboxMarkSent")
        self.resend_button = QPushButton(self)
        self.resend_button.setObjectName("outboxSendAgain")
        self.status = QLabel(self)
        self.status.setObjectName("outboxIssuesStatus")
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.resend_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.refresh_button.clicked.connect(self._refresh_clicked)
        self.mark_button.clicked.connect(self.mark_sent)
        self.resend_button.clicked.connect(self.send_again)
        # A message turning unknown or failed at the gateway (or settled by another supervisor) comes in as an
        # ``outbox_message`` change: the list follows, once per burst.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self._update_buttons()
        self.refresh()

    def _data_changed(self, topics: frozenset[str]) -> None:
        if "outbox_message" in topics:
            self._refresh_timer.start()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Outbox issues"))
        self.table.setAccessibleName(self.title.text())  # a screen reader names the list by the page's title
        self.hint.setText(
            self.tr(
                "Messages whose outcome is unknown (a timeout or a server error) or that failed. Mark one as sent "
                "when the customer confirms it arrived, or send it again."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.resizeColumnsToContents()  # the headers of another language need other widths
        self.refresh_button.setText(self.tr("Refresh"))
        self.mark_button.setText(self.tr("Mark as sent"))
        self.resend_button.setText(self.tr("Send again"))
        for row, issue in enumerate(self.issues):
            for column in (3, 5):
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(self._cells(issue)[column])
        self._settle_text()
        if self._listed:
            self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the list -----------------------------------------------------------------------------------------
    def _refresh_clicked(self) -> None:
        self.error.hide()
        self.refresh()

    def refresh(self) -> None:
        """Reload the list (on the database worker)."""
        who = self._principal
        self._tasks.run_db(
            lambda: self._service.outbox_issues(who),
            on_success=self._show,
            on_failure=self._failed,
            key=f"outbox-issues-{id(self)}",
            owner=self,
            label="outbox issues",
        )

    def _show(self, issues: list[OutboxIssue]) -> None:
        selected = self.current()
        self.issues = issues
        self._listed = True
        self.table.setRowCount(len(issues))
        for row, issue in enumerate(issues):
            cells = self._cells(issue)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, issue.id)
                if column == len(cells) - 1 and issue.error_message:
                    item.setToolTip(issue.error_message)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if selected is not None:
            self.select(selected.id)
        self._show_count()
        self._update_buttons()

    def _cells(self, issue: OutboxIssue) -> tuple[str, ...]:
        """The texts of ``issue``'s row, column by column."""
        template = f"{issue.template_name} · v{issue.template_version}" if issue.template_name else "—"
        return (
            fmt.datetime(issue.claimed_at or issue.created_at),
            issue.customer_name or "—",
            issue.recipient,
            self.tr("SMS") if issue.channel == "sms" else self.tr("E-mail"),
            template,
            self.tr("Unknown") if issue.status == "unknown" else self.tr("Failed"),
            issue.error_code or "",
        )

    def _show_count(self) -> None:
        """The status line: what the last settle did, then how many messages are listed."""
        if not self.issues:
            count = self.tr("No messages need attention.")
        else:
            count = self.tr("{n} messages need attention.").format(n=len(self.issues))
        self.status.setText(f"{self.last_done} {count}".strip())

    def select(self, outbox_id: int) -> bool:
        """Select the row of ``outbox_id``; False when it is not listed."""
        for row, issue in enumerate(self.issues):
            if issue.id == outbox_id:
                self.table.selectRow(row)
                return True
        return False

    def current(self) -> OutboxIssue | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.issues[row] if 0 <= row < len(self.issues) else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.mark_button.setEnabled(chosen)
        self.resend_button.setEnabled(chosen)

    # -- settling -----------------------------------------------------------------------------------------
    def mark_sent(self, reason: str | None = None) -> None:
        """Mark the selected message as sent; asks for a short note (e.g. "customer confirmed by phone")."""
        issue = self.current()
        if issue is None:
            return
        if reason is None or not isinstance(reason, str):
            text, ok = QInputDialog.getText(
                self,
                self.tr("Mark as sent"),
                self.tr("How do you know it arrived? (e.g. the customer confirmed it on the phone)"),
                QLineEdit.EchoMode.Normal,
            )
            if not ok:
                return
            reason = text
        who, outbox_id, version = self._principal, issue.id, issue.version
        self._run(lambda: self._service.mark_sent(who, outbox_id, version, reason or ""), outbox_id, "marked_sent")

    def send_again(self) -> None:
        """Ask for confirmation (the customer may get the message twice), then queue a new message."""
        issue = self.current()
        if issue is None:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmSendAgain")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Send again"))
        if issue.status == "unknown":
            text = self.tr(
                "The outcome of this message is unknown: it may have reached the customer already. Sending it "
                "again may give the customer the same message twice. Send it again?"
            )
        else:
            text = self.tr("The message failed ({code}). Send it again to {to}?").format(
                code=issue.error_code or "—", to=issue.recipient
            )
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Send again"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._resend_token = uuid.uuid4().hex  # one per confirmation: a double click queues one message
        token, who, outbox_id, version = self._resend_token, self._principal, issue.id, issue.version

        def answered(button: int) -> None:
            self.confirm_box = None
            if button == QMessageBox.StandardButton.Yes:
                self._run(lambda: self._service.send_again(who, outbox_id, version, token), outbox_id, "resent")

        box.finished.connect(answered)
        self.confirm_box = box
        box.open()

    def _run(self, fn: Any, outbox_id: int, kind: str) -> None:
        self.last_done = ""
        self._last_settle = None
        self.mark_button.setEnabled(False)
        self.resend_button.setEnabled(False)
        self.error.hide()

        def done(result: int) -> None:
            self._last_settle = (kind, result)
            self._settle_text()
            self.settled.emit(outbox_id, kind)
            self.refresh()

        self._tasks.run_db(
            fn,
            on_success=done,
            on_failure=self._settle_failed,
            owner=self,
            changes=("messages", "timeline"),
            label=f"outbox {kind}",
        )

    def _settle_text(self) -> None:
        """``last_done`` from what the last settle did."""
        if self._last_settle is None:
            return
        kind, result = self._last_settle
        if kind == "resent":
            self.last_done = self.tr("Queued again as message #{id}.").format(id=result)
        else:
            self.last_done = self.tr("Marked as sent.")

    def _settle_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self.refresh()  # someone else may have settled it: show the list as it is now

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
        self._update_buttons()
