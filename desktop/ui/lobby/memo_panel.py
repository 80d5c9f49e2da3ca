"""A customer's service memo: notes anyone serving them should read, and to-dos with a due date.

Embedded in the check-in card and in the 360° view.  Everything goes through the memo service on the database
worker; a to-do someone else changed meanwhile (stale version) is explained and the list reloaded.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_MEMO, MemoItem

from .. import fmt
from ..i18n import error_text
from ..widgets import Badge, DateField, clear_layout

log = logging.getLogger(__name__)

TOUCH = 44  # px: the smallest height of a button a finger hits
DUE_HOUR = 17  # a to-do due "on a day" is due by the end of that day's business


class MemoRow(QFrame):
    """One note or to-do: its text, who wrote it and when, its due date; "Done" for an open to-do."""

    done_clicked = Signal(object)  # the MemoItem

    def __init__(self, item: MemoItem, now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("memoRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        done = item.done_at is not None
        overdue = item.kind == "todo" and not done and item.due_at is not None and fmt.local(item.due_at) < now
        self.kind = Badge(self.tr("To-do") if item.kind == "todo" else self.tr("Note"), parent=self)
        self.kind.setColor("#8a8f98" if done else ("#b9770e" if item.kind == "todo" else "#3d6b8c"))
        meta = [item.created_by_name or "", fmt.datetime(item.created_at)]
        if item.due_at is not None:
            meta.append(self.tr("due {when}").format(when=fmt.datetime(item.due_at)))
        if done:
            meta.append(self.tr("done {when}").format(when=fmt.datetime(item.done_at)))
        # One rich label (text, then who and when): two word-wrapped labels drift apart in a tall row.
        body = escape(item.title) + (f"<br>{escape(item.body)}" if item.body else "")
        if done:
            body = f'<span style="color:#8a8f98; text-decoration: line-through;">{body}</span>'
        meta_style = "color:#b3261e; font-weight:600;" if overdue else "color:#5b6675;"
        meta_text = escape(" · ".join(m for m in meta if m))
        self.text = QLabel(f'{body}<br><span style="{meta_style}">{meta_text}</span>', self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.meta = meta_text
        self.overdue = overdue
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.done_button: QPushButton | None = None
        if item.kind == "todo" and not done:
            self.done_button = QPushButton(self.tr("Done"), self)
            self.done_button.setObjectName("memoDone")
            self.done_button.setMinimumHeight(TOUCH)
            self.done_button.setToolTip(self.tr("Mark this to-do as done"))
            self.done_button.clicked.connect(lambda: self.done_clicked.emit(self.item))
            layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignVCenter)


class MemoPanel(QWidget):
    """Notes and open to-dos of one customer, with "add note", "add to-do (due date)" and "done".

    ``set_customer(id)`` loads them (``items`` to show what the caller already has, e.g. the check-in card's);
    ``set_customer(None)`` empties the panel.  Reloads when ``memo`` / ``memo:<id>`` changes.
    """

    loaded = Signal()  # the list was (re)filled
    changed_here = Signal()  # a note or to-do was added or done from this panel

    def __init__(self, tasks: TaskManager, desk: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memoPanel")
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self._customer_id: int | None = None
        self._items: list[MemoItem] = []
        self.rows: list[MemoRow] = []

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.show_done = QCheckBox(self)
        self.show_done.toggled.connect(lambda _on: self.reload())
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.show_done)

        self.note_box = QLineEdit(self)
        self.note_box.setObjectName("memoNote")
        self.note_box.setMinimumHeight(TOUCH)
        self.note_box.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(self)
        self.note_button.setMinimumHeight(TOUCH)
        self.note_button.clicked.connect(self.add_note)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_box, 1)
        note_row.addWidget(self.note_button)

        self.todo_box = QLineEdit(self)
        self.todo_box.setObjectName("memoTodo")
        self.todo_box.setMinimumHeight(TOUCH)
        self.todo_box.returnPressed.connect(self.add_todo)
        self.due = DateField(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setMinimumHeight(TOUCH)
        self.due.setDate(QDate.currentDate().addDays(1))
        self.todo_button = QPushButton(self)
        self.todo_button.setMinimumHeight(TOUCH)
        self.todo_button.clicked.connect(self.add_todo)
        todo_row = QHBoxLayout()
        todo_row.addWidget(self.todo_box, 1)
        todo_row.addWidget(self.due)
        todo_row.addWidget(self.todo_button)

        self.message = QLabel(self)
        self.message.setObjectName("warningText")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.empty = QLabel(self)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addLayout(self.list_layout)
        layout.addWidget(self.empty)
        layout.addLayout(note_row)
        layout.addLayout(todo_row)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self._enable()

    # -- public -----------------------------------------------------------------------------------

    @property
    def customer_id(self) -> int | None:
        return self._customer_id

    @property
    def items(self) -> list[MemoItem]:
        """The notes and to-dos shown."""
        return list(self._items)

    def set_customer(self, customer_id: int | None, items: tuple[MemoItem, ...] | None = None) -> None:
        """Show ``customer_id``'s memo (``items`` when the caller already has them, else loaded)."""
        if customer_id != self._customer_id:
            self.note_box.clear()
            self.todo_box.clear()
            self._say("")
        self._customer_id = customer_id
        self._enable()
        if customer_id is None:
            self._show([])
        elif items is not None and not self.show_done.isChecked():
            self._show([i for i in items if i.done_at is None or i.kind == "memo"])
        else:
            self.reload()

    def reload(self) -> None:
        cid = self._customer_id
        if cid is None:
            return
        memos, principal, include_done = self._desk.memos, self._principal, self.show_done.isChecked()
        self._tasks.run_db(
            lambda: memos.for_customer(principal, cid, include_done=include_done),
            on_success=lambda items: self._show(items) if cid == self._customer_id else None,
            on_failure=self._failed,
            key=f"memo-panel-{id(self)}",
            owner=self,
            label="memo list",
        )

    def add_note(self) -> None:
        text = self.note_box.text().strip()
        cid = self._customer_id
        if cid is None:
            return
        if not text:
            self._say(self.tr("Type the note first."))
            self.note_box.setFocus()
            return
        memos, principal = self._desk.memos, self._principal
        self._write(lambda: memos.add_note(principal, cid, text), self.note_box, "add note")

    def add_todo(self) -> None:
        title = self.todo_box.text().strip()
        cid = self._customer_id
        if cid is None:
            return
        if not title:
            self._say(self.tr("Type what is to be done first."))
            self.todo_box.setFocus()
            return
        day = self.due.date().toPython()
        assert isinstance(day, dt.date)
        due = dt.datetime.combine(day, dt.time(DUE_HOUR), tzinfo=fmt.display_zone()).astimezone(dt.UTC)
        memos, principal = self._desk.memos, self._principal
        self._write(lambda: memos.add_todo(principal, title, due, customer_id=cid), self.todo_box, "add to-do")

    def mark_done(self, item: MemoItem) -> None:
        memos, principal = self._desk.memos, self._principal
        self._write(lambda: memos.mark_done(principal, item.id, item.version), None, "memo done")

    # -- internals --------------------------------------------------------------------------------

    def _write(self, fn: Any, box: QLineEdit | None, label: str) -> None:
        cid = self._customer_id
        self._say("")
        self._set_busy(True)

        def done(_item: Any) -> None:
            self._set_busy(False)
            if box is not None:
                box.clear()
            self.changed_here.emit()
            if cid == self._customer_id:
                self.reload()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if getattr(exc, "code", None) == "stale":
                self._say(self.tr("Someone changed this to-do meanwhile; the list is shown again as it is now."))
                self.reload()
            else:
                log.warning("%s failed: %r", label, exc)
                self._say(error_text(exc))  # what was typed stays in the box

        self._tasks.run_db(fn, on_success=done, on_failure=failed, owner=self, changes=(FEED_MEMO,), label=label)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.note_button, self.todo_button):
            button.setEnabled(not busy and self._customer_id is not None)

    def _enable(self) -> None:
        on = self._customer_id is not None
        for widget in (self.note_box, self.note_button, self.todo_box, self.due, self.todo_button, self.show_done):
            widget.setEnabled(on)

    def _show(self, items: list[MemoItem]) -> None:
        self._items = list(items)
        clear_layout(self.list_layout)
        self.rows = []
        now = dt.datetime.now(dt.UTC)
        # Open to-dos first (soonest due first), then notes newest first, then what is done.
        ordered = sorted(
            self._items,
            key=lambda i: (
                i.done_at is not None,
                i.kind != "todo",
                (i.due_at or i.created_at).timestamp() if i.kind == "todo" else -i.created_at.timestamp(),
            ),
        )
        for item in ordered:
            row = MemoRow(item, now, self)
            row.done_clicked.connect(self.mark_done)
            self.list_layout.addWidget(row)
            self.rows.append(row)
        widest = max((row.kind.sizeHint().width() for row in self.rows), default=0)
        for row in self.rows:
            row.kind.setFixedWidth(widest)
        self.empty.setVisible(not self.rows)
        self._empty_text()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        log.warning("loading the memo failed: %r", exc)
        self._say(error_text(exc))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _data_changed(self, topics: frozenset[str]) -> None:
        cid = self._customer_id
        if cid is not None and (FEED_MEMO in topics or f"{FEED_MEMO}:{cid}" in topics):
            self.reload()

    def _empty_text(self) -> None:
        if self._customer_id is None:
            self.empty.setText(self.tr("Find a customer to see and add their notes and to-dos."))
        else:
            self.empty.setText(self.tr("No notes or open to-dos. Add one below for whoever serves them next."))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Service memo"))
        self.show_done.setText(self.tr("Show done"))
        self.note_box.setPlaceholderText(self.tr("A note for whoever serves this customer…"))
        self.note_box.setToolTip(self.note_box.placeholderText())
        self.note_button.setText(self.tr("Add note"))
        self.note_button.setToolTip(self.tr("Save the note (Enter in the box)"))
        self.todo_box.setPlaceholderText(self.tr("A to-do, e.g. call back about the deposit…"))
        self.todo_box.setToolTip(self.todo_box.placeholderText())
        self.due.setToolTip(self.tr("Due date of the to-do"))
        self.note_box.setAccessibleName(self.tr("New note"))
        self.todo_box.setAccessibleName(self.tr("New to-do"))
        self.due.setAccessibleName(self.tr("Due date of the to-do"))
        self.todo_button.setText(self.tr("Add to-do"))
        self.todo_button.setToolTip(self.tr("Save the to-do with its due date (Enter in the box)"))
        self._empty_text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._items:
                self._show(self._items)
        super().changeEvent(event)
