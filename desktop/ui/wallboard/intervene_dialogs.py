"""The small dialogs of the wallboard's interventions: force a state, send a message, move a call.

Keyboard first: the first field has the focus, Enter confirms, Esc cancels.  The dialogs only collect the
choice; the board's :class:`~.intervene.BoardActions` runs the service and says how it went.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from services.wallboard.notices import NOTICE_MAX
from services.wallboard.waiting import QueueChoice

from .. import fmt
from ..calls import texts


class _Dialog(QDialog):
    """A titled form with OK / Cancel (Enter / Esc)."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)


class ForceStateDialog(_Dialog):
    """Choose the state to put an agent in (out of wrap-up: available only) and a reason."""

    def __init__(self, agent_name: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Force state"),
            self.tr("Set the state of {name} (now: {state}).").format(name=agent_name, state=texts.state(current)),
            parent,
        )
        self.state_box = QComboBox(self)
        self.state_box.setObjectName("forceStateChoice")
        states = ("available",) if current == "wrap_up" else ("available", "break", "offline")
        for state in states:
            if state != current:
                self.state_box.addItem(texts.state(state), state)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("forceStateReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("Why (kept in the audit trail)"))
        self.form.addRow(self.tr("&State:"), self.state_box)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.state_box.setFocus()

    def choice(self) -> tuple[str | None, str]:
        """(state, reason) as chosen."""
        return self.state_box.currentData(), self.reason.text().strip()


class MessageDialog(_Dialog):
    """Type a short message for an agent's desk (1 to :data:`NOTICE_MAX` characters)."""

    def __init__(self, agent_name: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Send message"),
            self.tr("A short message for {name}'s desk ({most} characters at most).").format(
                name=agent_name, most=NOTICE_MAX
            ),
            parent,
        )
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("noticeText")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(90)
        self.count = QLabel(self)
        self.form.addRow(self.tr("&Message:"), self.text)
        self.form.addRow("", self.count)
        self.text.installEventFilter(self)
        self.text.textChanged.connect(self._counted)
        self._counted()
        self.text.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the text, Enter sends (Shift+Enter starts a new line); Esc cancels as anywhere in a dialog."""
        if (
            watched is self.text
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def _counted(self) -> None:
        length = len(self.message())
        self.count.setText(self.tr("{n} / {most}").format(n=length, most=NOTICE_MAX))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(0 < length <= NOTICE_MAX)

    def message(self) -> str:
        return self.text.toPlainText().strip()

    def accept(self) -> None:
        if 0 < len(self.message()) <= NOTICE_MAX:
            super().accept()


class MoveCallDialog(_Dialog):
    """Choose the queue a waiting call moves to."""

    def __init__(
        self, call_id: int, queues: list[QueueChoice], current: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("Move to queue"),
            self.tr("Move waiting call {id} to another queue; it keeps its place in the order of waiting.").format(
                id=call_id
            ),
            parent,
        )
        self.queue_box = QComboBox(self)
        self.queue_box.setObjectName("moveCallQueue")
        for queue in queues:
            if queue.queue_id != current:
                self.queue_box.addItem(queue.label_zh if fmt.is_chinese() else queue.label_en, queue.queue_id)
        self.form.addRow(self.tr("&Queue:"), self.queue_box)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.queue_box.count() > 0)
        self.queue_box.setFocus()

    def queue_id(self) -> int | None:
        return self.queue_box.currentData()
