"""The wrap-up panel: disposition tree with a filter box, notes, optional follow-up reminder, the time, and submit.

Everything entered is kept as a draft in the database as it is typed (``WrapupService.save_wrapup_draft``,
debounced), so a crash or restart during wrap-up loses nothing: :meth:`WrapupPanel.open` reads the draft back.
Submitting writes the interaction on the customer's timeline, linked to the call; only the agent submits, with
a disposition.  Past the wrap-up time the panel stays open and says by how much it is overdue.

Keyboard: type in the filter box, arrows to choose, Enter to pick (the notes get the keyboard next),
Ctrl+Enter to submit (the Call menu's action).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.wrapup import DispositionNode, Draft, WrapupError, WrapupService

from .. import fmt
from .dispositions import DispositionPicker
from .keys import SUBMIT_KEY, with_key
from .texts import clock

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _qdatetime(wall: dt.datetime) -> QDateTime:
    """The wall-clock time of ``wall`` (its own zone) for a QDateTimeEdit."""
    return QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))


JOURNAL_KIND = "wrapup_draft"  # the journal entry kind the replay hands to save_wrapup_draft


class WrapupPanel(QWidget):
    """Wrap-up of one call at a time (:meth:`open`); :attr:`completed` when it is written."""

    completed = Signal(int, int)  # call id, interaction id
    draft_loaded = Signal(int)  # call id
    referral_requested = Signal(int)  # call id: refer the caller to their customer manager (the lobby's dialog)

    def __init__(
        self,
        tasks: TaskManager,
        wrapups: WrapupService,
        agent_id: int,
        parent: QWidget | None = None,
        *,
        delay_ms: int = SAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wrapupPanel")
        self.tasks = tasks
        self.wrapups = wrapups
        self.agent_id = agent_id
        self.journal: Any = None  # the local journal (see CallNotes.journal)
        self._call_id: int | None = None
        self._deadline: dt.datetime | None = None
        self._tree_nodes: list[DispositionNode] | None = None
        self._loading = False
        self._prefill: tuple[int, str] | None = None  # (call, disposition) from a service flow's outcome
        self._submitting = False
        self._pending_draft: Draft | None = None

        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        self.countdown = QLabel(self)
        self.countdown.setObjectName("wrapupCountdown")
        self.picker = DispositionPicker(self)
        self.picker.setObjectName("dispositionPicker")
        self.picker.selection_changed.connect(self._edited)
        self.picker.picked.connect(self._picked)
        self.tree = self.picker.tree
        self.notes_caption = QLabel(self)
        self.notes_caption.setObjectName("fieldCaption")
        self.notes_caption.setWordWrap(True)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("wrapupNotes")
        self.notes_caption.setBuddy(self.notes)  # screen readers name the notes by their caption
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(56)
        self.notes.setMaximumHeight(110)  # a few lines: the rest of the height goes to the disposition tree
        self.notes.textChanged.connect(self._edited)
        self.follow_up = QCheckBox(self)
        self.follow_up.setObjectName("followUpCheck")
        self.follow_up.toggled.connect(self._follow_up_toggled)
        self.follow_up_at = QDateTimeEdit(self)
        self.follow_up_at.setObjectName("followUpAt")
        self.follow_up_at.setCalendarPopup(True)
        self.follow_up_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.follow_up_at.dateTimeChanged.connect(self._edited)
        self.follow_up_note = QLineEdit(self)
        self.follow_up_note.setObjectName("followUpNote")
        self.follow_up_note.setMaxLength(120)
        self.follow_up_note.textEdited.connect(self._edited)
        self.message = QLabel(self)
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit = QPushButton(self)
        self.submit.setObjectName("wrapupSubmit")
        self.submit.clicked.connect(self.submit_now)
        self.refer = QPushButton(self)  # shown for roles that refer (LobbySeat)
        self.refer.setObjectName("wrapupRefer")
        self.refer.clicked.connect(lambda: self.referral_requested.emit(self._call_id or 0))
        self.refer.hide()

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.countdown)
        follow = QHBoxLayout()
        follow.setSpacing(6)
        follow.addWidget(self.follow_up)
        follow.addWidget(self.follow_up_at, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.picker, 1)  # the tree takes every pixel the panel can spare
        layout.addWidget(self.notes_caption)
        layout.addWidget(self.notes)
        layout.addLayout(follow)
        layout.addWidget(self.follow_up_note)
        layout.addWidget(self.message)
        # (one under the other: side by side they would widen the call pane)
        layout.addWidget(self.refer, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.submit, 0, Qt.AlignmentFlag.AlignRight)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(delay_ms)
        self._save_timer.timeout.connect(self.save_now)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_countdown)
        self._follow_up_toggled(False)
        self.retranslate()
        self._set_enabled(False)

    # -- public ---------------------------------------------------------------------------------------------------
    @property
    def call_id(self) -> int | None:
        return self._call_id

    @property
    def loading(self) -> bool:
        return self._loading

    def open(self, call_id: int | None, deadline: dt.datetime | None = None) -> None:
        """Wrap up ``call_id``: read the disposition tree (once) and the draft, then let the agent edit."""
        if call_id == self._call_id:
            if deadline is not None:
                self._deadline = deadline
                self._update_countdown()
            return
        self.save_now()
        self._call_id = call_id
        self._deadline = deadline
        self._clear()
        if call_id is None:
            self._tick.stop()
            self.countdown.setText("")
            return
        self._loading = True
        self._tick.start()
        self._update_countdown()
        wrapups, agent, need_tree = self.wrapups, self.agent_id, self._tree_nodes is None

        def load() -> tuple[list[DispositionNode] | None, Draft | None]:
            return (wrapups.disposition_tree() if need_tree else None), wrapups.load_wrapup_draft(agent, call_id)

        self.tasks.run_db(
            load,
            on_success=lambda result: self._loaded(call_id, *result),
            on_failure=lambda exc: self._load_failed(call_id, exc),
            key=f"calls.wrapup-load.{id(self)}",
            owner=self,
            label="wrap-up draft",
        )

    def selected_code(self) -> str | None:
        """The disposition chosen (a leaf), if any."""
        return self.picker.selected_code()

    def select_code(self, code: str | None) -> bool:
        """Select the disposition ``code`` in the tree; False when it is not there."""
        return self.picker.select_code(code)

    def prefill_disposition(self, call_id: int, code: str) -> None:
        """A service flow of ``call_id`` ended with the disposition ``code``: choose it (now if the call is being
        wrapped up, else when its wrap-up opens), unless the agent has already chosen one."""
        self._prefill = (call_id, code)
        if call_id == self._call_id and not self._loading:
            self._apply_prefill()

    def _apply_prefill(self) -> None:
        prefill = self._prefill
        if prefill is None or prefill[0] != self._call_id:
            return
        self._prefill = None
        if self.selected_code() is None and self.select_code(prefill[1]):
            self._edited()  # kept in the draft like a pick by hand

    def focus_disposition(self) -> bool:
        """Put the keyboard in the disposition filter (when the wrap-up can be edited)."""
        if self._call_id is None or self._loading or not self.picker.filter.isEnabled():
            return False
        self.picker.filter.setFocus()
        self.picker.filter.selectAll()
        return True

    @property
    def overdue_seconds(self) -> float | None:
        """How long the wrap-up is past its time (None: within it, or no wrap-up open)."""
        if self._deadline is None or self._call_id is None:
            return None
        over = (_now() - self._deadline).total_seconds()
        return over if over >= 0 else None

    def follow_up_value(self) -> dt.datetime | None:
        """The follow-up time (aware, the bank's time zone) when a follow-up is asked for."""
        if not self.follow_up.isChecked():
            return None
        chosen = self.follow_up_at.dateTime()
        day, time = chosen.date(), chosen.time()
        return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=fmt.display_zone())

    def save_now(self) -> None:
        """Store the draft at once (when something was edited since the last save)."""
        self._save_timer.stop()
        if self._call_id is None or self._loading or not self._dirty:
            return
        self._dirty = False
        call_id, agent, wrapups = self._call_id, self.agent_id, self.wrapups
        values: dict[str, Any] = {
            "disposition": self.selected_code(),
            "notes": self.notes.toPlainText(),
            "follow_up_at": self.follow_up_value(),
            "follow_up_note": self.follow_up_note.text() if self.follow_up.isChecked() else None,
        }
        journal = self.journal
        if journal is not None:
            journal.put(JOURNAL_KIND, call_id, {"agent_id": agent, "call_id": call_id, **values})
        self.tasks.run_db(
            lambda: wrapups.save_wrapup_draft(agent, call_id, **values),
            on_success=lambda _r: journal.discard(JOURNAL_KIND, call_id) if journal is not None else None,
            on_failure=lambda exc: self._show_message(
                self.tr("The draft was not saved ({error}); keep typing to retry.").format(error=type(exc).__name__)
            ),
            key=f"calls.wrapup-draft.{call_id}",
            owner=self,
            busy=False,
            changes=("wrapup_draft",),  # a write: it finishes even while the application shuts down
            label="wrap-up draft",
        )

    def submit_now(self) -> None:
        """Write the wrap-up (the interaction, and the reminder if asked for)."""
        if self._call_id is None or self._loading or self._submitting:
            return
        code = self.selected_code()
        if code is None:
            self._show_message(self.tr("Choose a disposition first."))
            return
        follow_at = self.follow_up_value()
        if follow_at is not None and follow_at <= _now():
            self._show_message(self.tr("The follow-up time has passed; choose a later one."))
            return
        self._save_timer.stop()
        self._dirty = False
        self._submitting = True
        self.submit.setEnabled(False)
        call_id, agent, wrapups = self._call_id, self.agent_id, self.wrapups
        notes = self.notes.toPlainText().strip() or None
        note = (self.follow_up_note.text().strip() or None) if follow_at is not None else None

        def done(interaction_id: int) -> None:
            self._submitting = False
            log.info("wrap-up of call %s written (interaction %s, %s)", call_id, interaction_id, code)
            if self._call_id == call_id:
                self._call_id = None
                self._clear()
                self._tick.stop()
                self.countdown.setText("")
            self.completed.emit(call_id, interaction_id)

        def failed(exc: BaseException) -> None:
            self._submitting = False
            self.submit.setEnabled(self._call_id is not None)
            if isinstance(exc, WrapupError):
                self._show_message(str(exc))
            else:
                log.warning("wrap-up of call %s failed: %r", call_id, exc)
                self._show_message(
                    self.tr("Could not save the wrap-up ({error}). Try again.").format(error=type(exc).__name__)
                )

        self.tasks.run_db(
            lambda: wrapups.complete_wrapup(agent, call_id, code, notes, follow_at, note),
            on_success=done,
            on_failure=failed,
            owner=self,
            changes=("customer", "interaction", "agent_state"),
            label="complete wrap-up",
        )

    # -- internals ---------------------------------------------------------------------------------------------------
    _dirty = False

    def _picked(self, _code: str) -> None:
        self.notes.setFocus()  # the disposition is chosen: on to the summary

    def _loaded(self, call_id: int, tree: list[DispositionNode] | None, draft: Draft | None) -> None:
        if tree is not None:
            self._tree_nodes = tree
            self.picker.set_nodes(tree)
        if call_id != self._call_id:
            return
        self._loading = False
        self._apply_draft(draft)
        self._set_enabled(True)
        self._apply_prefill()
        self.draft_loaded.emit(call_id)

    def _load_failed(self, call_id: int, exc: BaseException) -> None:
        if call_id != self._call_id:
            return
        log.warning("wrap-up draft of call %s: %r", call_id, exc)
        self._loading = False
        self._set_enabled(True)
        self._show_message(self.tr("The saved draft could not be read ({error}).").format(error=type(exc).__name__))

    def _apply_draft(self, draft: Draft | None) -> None:
        widgets = (self.picker, self.tree, self.notes, self.follow_up, self.follow_up_at, self.follow_up_note)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if draft is not None:
                if draft.deadline is not None:
                    self._deadline = draft.deadline
                self.select_code(draft.disposition)
                self.notes.setPlainText(draft.notes or "")
                if draft.follow_up_at is not None:
                    self.follow_up.setChecked(True)
                    self.follow_up_at.setDateTime(_qdatetime(fmt.local(draft.follow_up_at)))
                    self.follow_up_note.setText(draft.follow_up_note or "")
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._follow_up_toggled(self.follow_up.isChecked(), edited=False)
        self._update_countdown()

    def _clear(self) -> None:
        widgets = (self.picker, self.tree, self.notes, self.follow_up, self.follow_up_at, self.follow_up_note)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.picker.clear()
            self.notes.clear()
            self.follow_up.setChecked(False)
            tomorrow = fmt.local(_now()).date() + dt.timedelta(days=1)
            self.follow_up_at.setDateTime(_qdatetime(dt.datetime.combine(tomorrow, dt.time(10, 0))))
            self.follow_up_note.clear()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._dirty = False
        self.message.hide()
        self._follow_up_toggled(False, edited=False)
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.picker, self.notes, self.follow_up, self.submit):
            widget.setEnabled(enabled)
        self._follow_up_toggled(self.follow_up.isChecked(), edited=False)

    def _follow_up_toggled(self, checked: bool, *, edited: bool = True) -> None:
        on = checked and self.follow_up.isEnabled()
        self.follow_up_at.setEnabled(on)
        self.follow_up_note.setEnabled(on)
        self.follow_up_at.setVisible(checked)  # room for the tree until a follow-up is asked for
        self.follow_up_note.setVisible(checked)
        if edited:
            self._edited()

    def _edited(self, *_: object) -> None:
        if self._call_id is None or self._loading:
            return
        self._dirty = True
        self.message.hide()
        self._save_timer.start()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _update_countdown(self) -> None:
        over = self.overdue_seconds
        if self._deadline is None or self._call_id is None:
            self.countdown.setText("")
            state = ""
        elif over is None:
            left = (self._deadline - _now()).total_seconds()
            self.countdown.setText(self.tr("Time left {time}").format(time=clock(left)))
            state = "urgent" if left <= 10 else ""
        else:
            # Past its time the wrap-up stays open: nothing is written without the disposition the agent picks.
            self.countdown.setText(self.tr("Overdue +{time}").format(time=clock(over)))
            state = "overdue"
        if self.countdown.property("state") != state:
            self.countdown.setProperty("state", state)
            self.countdown.style().unpolish(self.countdown)
            self.countdown.style().polish(self.countdown)
        overdue = state == "overdue"
        if self.property("overdue") != overdue:
            self.setProperty("overdue", overdue)
            self.style().unpolish(self)
            self.style().polish(self)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Wrap-up"))
        self.notes_caption.setText(self.tr("Notes for the customer's timeline"))
        self.notes.setPlaceholderText(self.tr("Summary of the call"))
        self.follow_up.setText(self.tr("Follow-up reminder"))
        self.follow_up_note.setPlaceholderText(self.tr("What to follow up (optional)"))
        self.submit.setText(with_key(self.tr("Finish wrap-up"), SUBMIT_KEY))
        self.refer.setText(self.tr("Refer to manager…"))
        self.refer.setToolTip(self.tr("Pass the caller to their customer manager (a product interest, with consent)"))
        self.submit.setToolTip(
            with_key(self.tr("Write the wrap-up on the customer's timeline; a disposition is needed"), SUBMIT_KEY)
        )
        self._update_countdown()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
