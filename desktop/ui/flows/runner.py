"""The flow runner docked beside the 360° view: one step at a time, keyboard first, nothing typed lost.

:class:`FlowRunnerPanel` shows the current step of a run of ``services.flows.runner.FlowRunner`` (the text
rendered by the service; an answer typed in the input the step asks for), the path taken as a list (a click
or Enter on an earlier step goes back to it, and the later steps are evaluated again), and the end with its
outcome.  Keys: Enter moves on, digits 1–9 pick an answer (Y/N for yes/no), Alt+Left or Backspace in an
empty field goes back, Alt+Right moves on like Enter (from anywhere in the pane, e.g. to confirm a read-aloud
text or an action while the focus is in the path list).

Every service call runs on the database worker.  An answer is written to the desktop's local journal
(``FLOW_STEP``, keyed by its client key) before it is sent; it is forgotten once the database has it.  When
the database does not answer, the entry stays, the panel says it is kept on this computer, and the outage
replay (``services.flows.runner.replay_handler``) sends it when the database is back.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.auth_errors import BilingualError
from services.flows.runner import FLOW_STEP

from ..i18n import current_language, error_text
from ..widgets import ElidedLabel
from .runner_steps import ChoiceInput, StepInput, make_input

log = logging.getLogger(__name__)

MIN_WIDTH = 360
BACK_KEY = "Alt+Left"
# Not Ctrl+Enter: that finishes the call's wrap-up anywhere in the window, and one key must do one thing.
CONFIRM_KEY = "Alt+Right"


class FlowRunnerPanel(QFrame):
    """A closable pane running one flow for the customer shown (and the call, when there is one).

    Args:
        tasks: the task manager.
        runner: the ``FlowRunner`` (usually a Deferred: it runs on the database worker).
        principal: who is signed in.

    Signals:
        view_changed(object): a new ``RunView`` is shown.
        ended(object): the run finished (the ``RunView``; its ``disposition`` prefills the wrap-up).
        closed(): the pane was closed.
        change_requested(): "Other flow" was chosen (the window offers the list).
    """

    view_changed = Signal(object)
    ended = Signal(object)
    closed = Signal()
    change_requested = Signal()

    def __init__(self, tasks: Any, runner: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowRunnerDock")
        self.setMinimumWidth(MIN_WIDTH)
        self._tasks = tasks
        self._runner = runner
        self.principal = principal
        self.journal: Any = None  # put / discard (the LiveDesk), once attached
        self.view: Any = None
        self.pending_key: str | None = None  # an answer kept on this computer, not yet in the database
        self.busy = False
        self.input: StepInput | None = None
        self._message_parts: tuple[str, str] | None = None

        self.caption = QLabel(self)
        self.caption.setObjectName("muted")
        self.flow_name = ElidedLabel(parent=self)
        self.flow_name.setObjectName("flowName")
        self.change_button = QToolButton(self)
        self.change_button.setObjectName("changeFlow")
        self.change_button.setAutoRaise(True)
        self.change_button.clicked.connect(self.change_requested)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("closeFlowDock")
        self.close_button.setAutoRaise(True)
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_run)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 0)
        bar.setSpacing(4)
        bar.addWidget(self.caption)
        bar.addWidget(self.flow_name, 1)
        bar.addWidget(self.change_button)
        bar.addWidget(self.close_button)

        self.step_title = QLabel(self)
        self.step_title.setObjectName("cardTitle")
        self.step_title.setWordWrap(True)
        self.step_text = QLabel(self)
        self.step_text.setObjectName("flowStepText")
        self.step_text.setWordWrap(True)
        self.step_text.setTextFormat(Qt.TextFormat.PlainText)
        self.step_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.step_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text_area = QScrollArea(self)
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QFrame.Shape.NoFrame)
        self.text_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text_area.setWidget(self.step_text)
        self.text_area.setMinimumHeight(70)
        self.detail = QLabel(self)  # what an action will do / its result; the outcome at the end
        self.detail.setObjectName("flowDetail")
        self.detail.setWordWrap(True)
        self.input_holder = QVBoxLayout()
        self.input_holder.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setObjectName("flowMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("flowBack")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("flowNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.move_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        self.path_title = QLabel(self)
        self.path_title.setObjectName("muted")
        self.path_list = QListWidget(self)
        self.path_list.setObjectName("flowPath")
        self.path_list.setMaximumHeight(150)
        self.path_list.itemActivated.connect(self._path_activated)

        body = QVBoxLayout()
        body.setContentsMargins(10, 6, 10, 8)
        body.setSpacing(6)
        body.addWidget(self.step_title)
        body.addWidget(self.text_area, 1)
        body.addWidget(self.detail)
        body.addLayout(self.input_holder)
        body.addWidget(self.message)
        body.addLayout(buttons)
        body.addWidget(self.path_title)
        body.addWidget(self.path_list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(body, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.back_shortcut = QShortcut(QKeySequence(BACK_KEY), self, context=context)
        self.back_shortcut.activated.connect(self.go_back)
        self.confirm_shortcut = QShortcut(QKeySequence(CONFIRM_KEY), self, context=context)
        self.confirm_shortcut.activated.connect(self.move_on)
        self.retranslate()
        self.hide()

    # -- public API ---------------------------------------------------------------------------------------------
    @property
    def run_id(self) -> int | None:
        return self.view.run_id if self.view is not None else None

    @property
    def customer_id(self) -> int | None:
        return self.view.customer_id if self.view is not None else None

    def start(self, flow: int | str, customer_id: int | None, call_id: int | None = None) -> None:
        """Start a run of ``flow`` (a code: its published version) for the customer, and show it."""
        runner, who = self._runner, self.principal
        self._reset()
        self.show()
        self._call(lambda: runner.start(who, flow, customer_id, call_id), label="flow start")

    def resume(self, run_id: int) -> None:
        """Show an open run where it stopped (after a restart)."""
        runner, who = self._runner, self.principal
        self.show()
        self._call(lambda: runner.resume(who, run_id), label="flow resume")

    def resume_open_run(self, customer_id: int) -> None:
        """If the agent left a run of this customer open (a crash, a restart), show it where it stopped."""
        if self.view is not None and not self.view.ended and self.view.customer_id == customer_id:
            return
        runner, who = self._runner, self.principal

        def found(runs: list[Any]) -> None:
            if runs and (self.view is None or self.view.ended or self.view.customer_id != customer_id):
                self.resume(runs[0].run_id)

        self._tasks.run_db(
            lambda: runner.active_runs(who, customer_id),
            on_success=found,
            on_failure=lambda exc: log.warning("open flow runs not read: %r", exc),
            owner=self,
            busy=False,
            label="flow open runs",
        )

    def reload(self) -> None:
        """Read the run again (the database is back and the journal went through)."""
        if self.view is not None:
            self.pending_key = None
            self.resume(self.view.run_id)

    def close_run(self) -> None:
        """Close the pane; an open run stays open (it can be resumed), an ended one is forgotten."""
        self._reset()
        self.hide()
        self.closed.emit()

    def move_on(self) -> None:
        """Enter: answer the step (say: go on; ask: the typed answer; read aloud / action: confirm)."""
        view = self.view
        if view is None or self.busy or self.pending_key is not None:
            return
        if view.ended:
            self.close_run()
            return
        if view.kind in ("read_aloud", "action"):
            self._send("confirm", None)
            return
        value = self.input.value() if self.input is not None else None
        if view.kind == "ask" and (value is None or value == ""):
            self._show_message(self.tr("Enter or pick an answer first."), "")
            return
        self._send("answer", value)

    def go_back(self) -> None:
        """Back to the previous step acted on (Alt+Left)."""
        view = self.view
        if view is None or self.busy or self.pending_key is not None or view.ended or not view.can_back:
            return
        self.back_to(None)

    def back_to(self, step_id: str | None) -> None:
        """Back to ``step_id`` on the path (None: one step); the later steps are evaluated again."""
        view = self.view
        if view is None or view.ended:
            return
        runner, who, run_id = self._runner, self.principal, view.run_id

        def work() -> Any:
            current = runner.back(who, run_id, step_id=view.step_id)
            while step_id is not None and current.step_id != step_id and current.can_back:
                current = runner.back(who, run_id, step_id=current.step_id)
            return current

        self._call(work, label="flow back")

    # -- sending ------------------------------------------------------------------------------------------------
    def _send(self, op: str, value: Any) -> None:
        view = self.view
        assert view is not None
        key = uuid.uuid4().hex
        payload = {"run_id": view.run_id, "op": op, "step_id": view.step_id, "value": value, "client_key": key}
        journal = self.journal
        if journal is not None:
            journal.put(FLOW_STEP, key, payload)
        runner, who = self._runner, self.principal

        def work() -> Any:
            return runner.apply(who, payload)

        def done(result: Any) -> None:
            if journal is not None:
                journal.discard(FLOW_STEP, key)
            self._arrived(result)

        def failed(exc: BaseException) -> None:
            self.busy = False
            if isinstance(exc, BilingualError) or journal is None:
                if journal is not None:
                    journal.discard(FLOW_STEP, key)
                self._failed(exc)
                return
            log.warning("flow step kept on this computer: %r", exc)
            self.pending_key = key
            self._set_inputs_enabled(False)
            self._show_message(self.tr("Saved on this computer; it will be sent when the database is back."), "offline")

        self._run(work, done, failed, "flow step")

    def _call(self, work: Any, *, label: str) -> None:
        self._run(work, self._arrived, self._failed_call, label)

    def _run(self, work: Any, done: Any, failed: Any, label: str) -> None:
        self.busy = True
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self._tasks.run_db(
            work, on_success=done, on_failure=failed, owner=self, changes=("flow",), label=label, key=f"flow-{id(self)}"
        )

    def _failed_call(self, exc: BaseException) -> None:
        self.busy = False
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        log.warning("flow step refused or failed: %r", exc)
        self._show_message(error_text(exc), "error")
        self._enable_buttons()
        if self.input is not None:
            self.input.focus_first()

    # -- showing ------------------------------------------------------------------------------------------------
    def _arrived(self, view: Any) -> None:
        self.busy = False
        self.pending_key = None
        was_ended = self.view is not None and self.view.ended and self.view.run_id == view.run_id
        self.view = view
        self._render()
        self.view_changed.emit(view)
        if view.ended and not was_ended:
            self.ended.emit(view)

    def _render(self) -> None:
        view = self.view
        if view is None:
            return
        self.flow_name.setFullText(f"{view.name} · v{view.version_no}", view.name)
        if self.input is not None:
            self.input.setParent(None)  # type: ignore[call-overload]
            self.input.deleteLater()
            self.input = None
        if view.ended:
            self.step_title.setText(self.tr("Flow finished") if view.status == "finished" else self.tr("Flow stopped"))
            self.step_text.setText(self._end_text(view))
            self.detail.setText("")
        else:
            self.step_title.setText(view.title)
            self.step_text.setText(view.text)
            self.detail.setText(self._detail_text(view))
            made = make_input(view, self)
            if made is not None:
                made.submitted.connect(self.move_on)
                made.back_requested.connect(self.go_back)
                self.input_holder.addWidget(made)
                self.input = made
        self.detail.setVisible(bool(self.detail.text()))
        error = view.error_message(current_language()) if view.error is not None else None
        if error:
            self._show_message(error, "error")
        else:
            self._hide_message()
        self._fill_path(view)
        self._enable_buttons()
        self._label_buttons()
        if self.input is not None:
            self.input.focus_first()
        else:
            self.next_button.setFocus()

    def _detail_text(self, view: Any) -> str:
        if view.kind == "action" and view.action is not None:
            text = self.tr("This will: {what}").format(what=view.action.get("description", ""))
            result = view.action_result
            if result is not None and result.get("ok"):
                text += "\n" + self.tr("Done: {result}").format(result=self._result_text(result))
            return text
        if view.kind == "identity_check" and view.required is not None:
            return self.tr("Ask the caller; {n} of {total} must match. The record is never shown.").format(
                n=view.required, total=len(view.checks)
            )
        if view.kind == "read_aloud":
            return self.tr("Read the text above in full, then confirm.")
        return ""

    def _result_text(self, result: Any) -> str:
        english = current_language().startswith("en")
        return str(result.get("en" if english else "zh") or "")

    def _end_text(self, view: Any) -> str:
        lines = []
        if view.outcome:
            lines.append(self.tr("Outcome: {code}").format(code=view.outcome))
        if view.disposition:
            lines.append(self.tr("The wrap-up disposition is set to this outcome."))
        if view.duration_s is not None:
            minutes, seconds = divmod(int(view.duration_s), 60)
            lines.append(self.tr("Duration: {m} min {s} s").format(m=minutes, s=f"{seconds:02d}"))
        if view.interaction_id is not None:
            lines.append(self.tr("Kept on the customer's timeline."))
        return "\n".join(lines)

    def _fill_path(self, view: Any) -> None:
        self.path_list.clear()
        for item in view.path:
            if item.kind == "branch":  # taken by itself: nothing to go back to
                continue
            shown = item.shown or ""
            if item.kind == "read_aloud" and shown:
                shown = self.tr("read aloud at {time}").format(time=shown)
            text = f"{item.title} — {shown}" if shown else item.title
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.step_id)
            self.path_list.addItem(row)
        if not view.ended and view.step_id is not None:
            current = QListWidgetItem(f"▶ {view.title}")
            current.setData(Qt.ItemDataRole.UserRole, None)
            self.path_list.addItem(current)
        self.path_list.scrollToBottom()

    def _path_activated(self, item: QListWidgetItem) -> None:
        step_id = item.data(Qt.ItemDataRole.UserRole)
        view = self.view
        if step_id is None or view is None or view.ended or self.busy or self.pending_key is not None:
            return
        self.back_to(str(step_id))

    def _enable_buttons(self) -> None:
        view = self.view
        ready = view is not None and not self.busy and self.pending_key is None
        self.next_button.setEnabled(ready)
        self.back_button.setEnabled(bool(ready and view is not None and not view.ended and view.can_back))
        self._set_inputs_enabled(ready)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        if self.input is not None:
            self.input.setEnabled(enabled)
        if not enabled:
            self.next_button.setEnabled(False)
            self.back_button.setEnabled(False)

    def _label_buttons(self) -> None:
        view = self.view
        kind = view.kind if view is not None else None
        if view is not None and view.ended:
            self.next_button.setText(self.tr("Close"))
        elif kind == "read_aloud":
            self.next_button.setText(self.tr("Read aloud (Enter)"))
        elif kind == "action":
            result = view.action_result if view is not None else None
            failed = result is not None and result.get("ok") is False
            self.next_button.setText(self.tr("Try again (Enter)") if failed else self.tr("Do it (Enter)"))
        else:
            self.next_button.setText(self.tr("Next (Enter)"))
        self.next_button.setAccessibleName(self.next_button.text())

    def _show_message(self, text: str, level: str) -> None:
        self.message.setText(text)
        self.message.setProperty("level", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def _hide_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _reset(self) -> None:
        self.view = None
        self.pending_key = None
        self.busy = False
        if self.input is not None:
            self.input.setParent(None)  # type: ignore[call-overload]
            self.input.deleteLater()
            self.input = None
        self.flow_name.setFullText("")
        self.step_title.setText(self.tr("Starting the flow…"))
        self.step_text.setText("")
        self.detail.setText("")
        self.detail.hide()
        self.path_list.clear()
        self._hide_message()

    # -- keys and language --------------------------------------------------------------------------------------
    def keyPressEvent(self, event: Any) -> None:
        if isinstance(self.input, ChoiceInput) and self.input.isEnabled() and self.input.handle_key(event):
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_on()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Service flow"))
        self.change_button.setText(self.tr("Other flow…"))
        self.change_button.setToolTip(self.tr("Pick another published flow (Ctrl+G)"))
        self.close_button.setToolTip(self.tr("Close the flow pane (an unfinished run can be resumed)"))
        self.close_button.setAccessibleName(self.tr("Close the flow pane"))
        self.back_button.setText(self.tr("Back (Alt+←)"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.path_title.setText(self.tr("Path taken (Enter on a step goes back to it)"))
        self.path_list.setAccessibleName(self.tr("Path taken"))
        self.step_text.setAccessibleName(self.tr("Step text"))
        self._label_buttons()
        if self.view is not None:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
