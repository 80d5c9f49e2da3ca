"""The supervisors' "Webhook issues" page: webhooks the gateway set aside for a person (its dead letters).

A webhook the gateway cannot apply for a permanent reason (bad data, a constraint, a bug) is never retried; it
is kept with the request and the error.  This page lists the open ones, newest first, shows one's request with
phone numbers masked and message bodies withheld (administrators, who may not reveal customer data, settle them
too), and settles the selected one with a note saying what was done.  New ones arrive through the change feed
(``webhook_dead_letter`` topics): the list follows, and :attr:`WebhookIssuesPage.arrived` lets the main window
put a notice on its status bar.  When another supervisor settled a row first, the page says who and reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.dead_letters import AlreadySettled, DeadLetter, Listing, ShownField, shown_error, shown_request
from services.permissions import Principal

from . import fmt
from .i18n import error_text
from .listed_rows import ListedRows
from .translate import QT_TRANSLATE_NOOP
from .widgets import StatePane, configure_record_table

CONTEXT = "WebhookIssuesPage"
COLUMNS = (
    QT_TRANSLATE_NOOP("WebhookIssuesPage", "Failed at"),
    QT_TRANSLATE_NOOP("WebhookIssuesPage", "Kind"),
    QT_TRANSLATE_NOOP("WebhookIssuesPage", "Source"),
    QT_TRANSLATE_NOOP("WebhookIssuesPage", "Error"),
)
ERROR_COLUMN = len(COLUMNS) - 1
KINDS = {
    "incoming": QT_TRANSLATE_NOOP("WebhookIssuesPage", "Incoming call"),
    "menu": QT_TRANSLATE_NOOP("WebhookIssuesPage", "IVR key press"),
    "status": QT_TRANSLATE_NOOP("WebhookIssuesPage", "Call status"),
    "sms_status": QT_TRANSLATE_NOOP("WebhookIssuesPage", "SMS status"),
    "sms_incoming": QT_TRANSLATE_NOOP("WebhookIssuesPage", "SMS reply"),
    "unreadable": QT_TRANSLATE_NOOP("WebhookIssuesPage", "Unreadable"),
}
SOURCES = {
    "live": QT_TRANSLATE_NOOP("WebhookIssuesPage", "Live"),
    "replay": QT_TRANSLATE_NOOP("WebhookIssuesPage", "Replay"),
}
NOTE_MAX_CHARS = 400  # the resolution column
REFRESH_DELAY_MS = 300  # a burst of changes reloads the list once
ERROR_LINES = 4  # the error box's height; a longer error scrolls
LIST_SHARE = 0.55  # of the width, for the list (the details take the rest)


class WebhookSettleDialog(QDialog):
    """Asks what was done about a dead letter; refuses an empty note in place.

    Signals:
        note_given(str): the note (blanks collapsed), when the person confirmed with one.
    """

    note_given = Signal(str)

    def __init__(self, summary: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settleWebhookIssue")
        self.setModal(True)
        self._summary = summary
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("settleNote")
        self.note.setMaxLength(NOTE_MAX_CHARS)
        self.note.setMinimumWidth(420)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        # Buttons of our own: a button box puts its standard texts back on every language change.
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settle webhook issue"))
        self.prompt.setText(
            self.tr("{summary}\nWhat was done about it? The note is kept with the issue.").format(
                summary=self._summary()
            )
        )
        self.note.setPlaceholderText(self.tr("e.g. call record added by hand after checking with the caller"))
        self.ok_button.setText(self.tr("Mark as settled"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.error.isVisibleTo(self):
            self.error.setText(self.tr("Say what was done before marking it as settled."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def confirm(self) -> None:
        """Accept with the note typed; an empty one is refused and the dialog stays open."""
        text = " ".join(self.note.text().split())
        if not text:
            self.error.setText(self.tr("Say what was done before marking it as settled."))
            self.error.show()
            self.note.setFocus()
            return
        self.error.hide()
        self.accept()
        self.note_given.emit(text)


class WebhookIssuesPage(ListedRows, QWidget):
    """Open webhook dead letters with their details and "Settle…" (for roles with ``message.settle``).

    Args:
        tasks: the desktop's task manager.
        desk: a :class:`services.dead_letters.DeadLetterDesk` (or a deferred one).
        principal: the supervisor (or administrator).

    Signals:
        settled(int): a dead letter was settled from this page (its id).
        count_changed(int): the number of open dead letters changed (the tab title shows it).
        arrived(int): that many dead letters appeared since the list was last loaded (not on the first load).
    """

    settled = Signal(int)
    count_changed = Signal(int)
    arrived = Signal(int)

    def __init__(self, tasks: TaskManager, desk: Any, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webhookIssuesPage")
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self.letters: list[DeadLetter] = []
        self.total = 0
        self.listed = False  # a list arrived (before that, nothing is counted or announced)
        self._seen: set[int] = set()  # every id listed so far: new ones are announced
        self._last_settled: int | None = None
        self._failure: BaseException | None = None  # the last settle's refusal, said again in a new language
        self._load_failure: BaseException | None = None
        self.dialog: WebhookSettleDialog | None = None

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("webhookIssuesTable")
        configure_record_table(self.table)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Enter (or a double click) on a row settles it: the view activates its current row.
        self.table.activated.connect(lambda _index: self.settle_selected())

        self.details = self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("webhookIssuesSplit")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self._split_by_hand = False  # until the person drags the splitter, the list keeps LIST_SHARE
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self.pane = StatePane(self.splitter, self)

        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("webhookIssuesRefresh")
        self.settle_button = QPushButton(self)
        self.settle_button.setObjectName("webhookIssueSettle")
        self.status = QLabel(self)
        self.status.setObjectName("webhookIssuesStatus")
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.pane, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.setTabOrder(self.table, self.settle_button)
        self.setTabOrder(self.settle_button, self.refresh_button)

        self.refresh_button.clicked.connect(self._refresh_clicked)
        self.settle_button.clicked.connect(self.settle_selected)
        self.pane.retry.connect(self._refresh_clicked)
        # A new dead letter (or one settled elsewhere) arrives as a ``webhook_dead_letter`` change.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self._show_details()
        self.pane.show_loading()
        self.refresh()

    def _build_details(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("webhookIssueDetails")
        self.detail_title = QLabel(box)
        self.detail_title.setObjectName("cardTitle")
        self.detail_title.setWordWrap(True)
        self.received_caption = QLabel(box)
        self.received = QLabel(box)
        self.failed_caption = QLabel(box)
        self.failed = QLabel(box)
        self.class_caption = QLabel(box)
        self.error_class = QLabel(box)
        self.error_class.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.received_caption, self.received)
        form.addRow(self.failed_caption, self.failed)
        form.addRow(self.class_caption, self.error_class)
        self.error_caption = QLabel(box)
        self.error_text = QPlainTextEdit(box)
        self.error_text.setObjectName("webhookIssueError")
        self.error_text.setReadOnly(True)
        self.error_text.setTabChangesFocus(True)
        lines = self.error_text.fontMetrics().lineSpacing()
        self.error_text.setFixedHeight(lines * ERROR_LINES + 12)
        self.request_caption = QLabel(box)
        self.error_caption.setBuddy(self.error_text)  # screen readers name the two by their captions
        self.params = QTableWidget(0, 2, box)
        self.params.setObjectName("webhookIssueRequest")
        configure_record_table(self.params)
        self.params.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.params.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.params.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.params.horizontalHeader().setStretchLastSection(True)
        self.placeholder = QLabel(box)
        self.placeholder.setObjectName("emptyDetail")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.request_caption.setBuddy(self.params)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addLayout(form)
        layout.addWidget(self.error_caption)
        layout.addWidget(self.error_text)
        layout.addWidget(self.request_caption)
        layout.addWidget(self.params, 1)
        layout.addWidget(self.placeholder, 1)
        self._detail_parts: list[QWidget] = [
            self.detail_title,
            self.received_caption,
            self.received,
            self.failed_caption,
            self.failed,
            self.class_caption,
            self.error_class,
            self.error_caption,
            self.error_text,
            self.request_caption,
            self.params,
        ]
        return box

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Webhook issues"))
        self.table.setAccessibleName(self.title.text())  # a screen reader names the list by the page's title
        self.hint.setText(
            self.tr(
                "Webhooks the gateway could not apply because of their data (not because the network or the "
                "database was away). They are never retried by themselves: find out what happened, put it right "
                "where needed, then mark each one as settled with a note saying what was done."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.params.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Value")])
        self.refresh_button.setText(self.tr("Refresh"))
        self.settle_button.setText(self.tr("Mark as settled…"))
        self.settle_button.setToolTip(self.tr("Settle the selected issue (Enter)"))
        self.received_caption.setText(self.tr("Received at"))
        self.failed_caption.setText(self.tr("Failed at"))
        self.class_caption.setText(self.tr("Error type"))
        self.error_caption.setText(self.tr("Error"))
        self.request_caption.setText(self.tr("Request (phone numbers masked, message text withheld)"))
        self.placeholder.setText(self.tr("Select an issue to see its request and error."))
        for row, letter in enumerate(self.letters):
            for column in (0, 1, 2):
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(self._cells(letter)[column])
        self._fit_columns()
        if self.listed:
            self._show_count()
            if not self.letters:
                self._show_empty()
            self._show_details()
        if self._load_failure is not None:
            self.pane.show_failure(self._load_failure)
        if self._failure is not None:
            self.error.setText(self._failure_text(self._failure))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.splitter.width()
        if not self._split_by_hand and width > 0:
            left = int(width * LIST_SHARE)
            self.splitter.setSizes([left, width - left])

    def _splitter_moved(self, _pos: int, _index: int) -> None:
        self._split_by_hand = True

    def kind_label(self, kind: str) -> str:
        """The translated name of a webhook kind (an unknown kind by its code)."""
        return self.tr(KINDS[kind]) if kind in KINDS else kind

    def source_label(self, source: str) -> str:
        return self.tr(SOURCES[source]) if source in SOURCES else source

    def tab_title(self) -> str:
        """The main window's tab title: the page's name and, when there are any, the number of open issues."""
        if self.total:
            return self.tr("Webhook issues ({n})").format(n=self.total)
        return self.tr("Webhook issues")

    def arrival_text(self, count: int) -> str:
        """The status-bar notice for ``count`` new issues."""
        if count == 1:
            return self.tr("New webhook issue: the gateway set a webhook aside. See “Webhook issues”.")
        return self.tr("{n} new webhook issues: the gateway set webhooks aside. See “Webhook issues”.").format(n=count)

    def _cells(self, letter: DeadLetter) -> tuple[str, str, str, str]:
        return (
            fmt.datetime(letter.failed_at),
            self.kind_label(letter.kind),
            self.source_label(letter.source),
            " ".join(shown_error(letter).split()),
        )

    def _fit_columns(self) -> None:
        """Time, kind and source as wide as their texts (and headers); the error takes the rest."""
        for column in range(ERROR_COLUMN):
            self.table.resizeColumnToContents(column)

    def _show_count(self) -> None:
        parts = []
        if self._last_settled is not None:
            parts.append(self.tr("Issue #{id} settled.").format(id=self._last_settled))
        if self.total > len(self.letters):
            parts.append(
                self.tr("{n} webhook issues are waiting; the newest {shown} are listed.").format(
                    n=self.total, shown=len(self.letters)
                )
            )
        elif self.total == 1:
            parts.append(self.tr("1 webhook issue is waiting."))
        elif self.total:  # none: the empty state says so
            parts.append(self.tr("{n} webhook issues are waiting.").format(n=self.total))
        self.status.setText(" ".join(parts))

    def _show_empty(self) -> None:
        self.pane.show_empty(
            self.tr("No webhook issues to settle"),
            self.tr("Webhooks the gateway cannot apply because of their data will appear here as they happen."),
        )

    # -- the list ---------------------------------------------------------------------------------------------
    def _data_changed(self, topics: frozenset[str]) -> None:
        if "webhook_dead_letter" in topics:
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Reload the list (on the database worker)."""
        desk, who = self._desk, self._principal
        self._tasks.run_db(
            lambda: desk.listing(who),
            on_success=self._show,
            on_failure=self._load_failed,
            key=f"webhook-issues-{id(self)}",
            owner=self,
            busy=not self.listed,
            label="webhook issues",
        )

    def _show(self, listing: Listing) -> None:
        chosen = self.current()
        chosen_row = self.table.currentRow()
        first = not self.listed
        self._load_failure = None
        self.letters = list(listing.letters)
        self.listed = True
        ids = {letter.id for letter in self.letters}
        new = ids - self._seen
        self._seen |= ids
        self.table.blockSignals(True)
        try:
            self.table.clearSelection()
            self.table.setRowCount(len(self.letters))
            for row, letter in enumerate(self.letters):
                for column, text in enumerate(self._cells(letter)):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, letter.id)
                    if column == ERROR_COLUMN:
                        item.setToolTip(shown_error(letter))
                    self.table.setItem(row, column, item)
        finally:
            self.table.blockSignals(False)
        self._fit_columns()
        if self.letters:
            self.pane.show_content()
            # Keep the row that was selected; when it went (settled), the one now in its place.
            if chosen is None or not self.select(chosen.id):
                self.select_row(min(max(chosen_row, 0), len(self.letters) - 1))
        else:
            self._show_empty()
        self._show_details()
        changed = listing.total != self.total
        self.total = listing.total
        self._show_count()
        self._update_buttons()
        if changed or first:
            self.count_changed.emit(self.total)
        if new and not first:
            self.arrived.emit(len(new))

    def listed_items(self) -> list[DeadLetter]:
        return self.letters

    def _selection_changed(self) -> None:
        self._show_details()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.settle_button.setEnabled(self.current() is not None and self.dialog is None)

    # -- details ----------------------------------------------------------------------------------------------
    def _show_details(self) -> None:
        letter = self.current()
        for widget in self._detail_parts:
            widget.setVisible(letter is not None)
        self.placeholder.setVisible(letter is None)
        if letter is None:
            self.params.setRowCount(0)
            return
        self.detail_title.setText(self.summary(letter))
        self.received.setText(fmt.datetime(letter.received_at) or "—")
        self.failed.setText(fmt.datetime(letter.failed_at))
        self.error_class.setText(letter.error_class or "—")
        self.error_text.setPlainText(shown_error(letter))
        fields = shown_request(letter.request)
        self.params.setRowCount(len(fields))
        for row, field in enumerate(fields):
            name = QTableWidgetItem(field.name)
            value = QTableWidgetItem(self._value_text(field))
            value.setToolTip(self._value_text(field))
            if field.withheld is not None:
                value.setForeground(self.palette().placeholderText())
            self.params.setItem(row, 0, name)
            self.params.setItem(row, 1, value)
        self.params.resizeColumnToContents(0)

    def summary(self, letter: DeadLetter) -> str:
        """``#12 · Incoming call · Live``."""
        return f"#{letter.id} · {self.kind_label(letter.kind)} · {self.source_label(letter.source)}"

    def _value_text(self, field: ShownField) -> str:
        if field.withheld is not None:
            return self.tr("(withheld, {n} characters)").format(n=field.withheld)
        return field.value if field.value else self.tr("(empty)")

    # -- settling ---------------------------------------------------------------------------------------------
    def settle_selected(self) -> None:
        """Ask what was done about the selected dead letter, then settle it."""
        letter = self.current()
        if letter is None or self.dialog is not None:
            return
        dialog = WebhookSettleDialog(lambda: self.summary(letter), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        letter_id = letter.id
        dialog.note_given.connect(lambda note: self._settle(letter_id, note))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        self._update_buttons()
        dialog.open()
        dialog.note.setFocus()

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self._update_buttons()
        self.table.setFocus()

    def _settle(self, letter_id: int, note: str) -> None:
        desk, who = self._desk, self._principal
        self.error.hide()
        self._failure = None
        self.settle_button.setEnabled(False)

        def done(_result: Any) -> None:
            self._last_settled = letter_id
            self.settled.emit(letter_id)
            self.refresh()

        self._tasks.run_db(
            lambda: desk.settle(who, letter_id, note),
            on_success=done,
            on_failure=self._settle_failed,
            owner=self,
            changes=("webhook_dead_letter", f"webhook_dead_letter:{letter_id}"),
            label="settle webhook issue",
        )

    def _settle_failed(self, exc: BaseException) -> None:
        self._failure = exc
        self._last_settled = None
        self.error.setText(self._failure_text(exc))
        self.error.show()
        self._update_buttons()
        self.refresh()  # settled elsewhere meanwhile: show the list as it is now

    def _failure_text(self, exc: BaseException) -> str:
        if isinstance(exc, AlreadySettled):
            if exc.by:
                return self.tr("{name} settled this issue first; the list shows what is still open.").format(
                    name=exc.by
                )
            return self.tr("Someone else settled this issue first; the list shows what is still open.")
        if isinstance(exc, ValueError):
            return self.tr("Say what was done before marking it as settled.")
        if hasattr(exc, "zh") and hasattr(exc, "en"):  # a refusal (permission): say why
            return error_text(exc)
        return self.tr("Could not settle the issue ({error}). Try again.").format(error=type(exc).__name__)
