"""Dialogs of the flow editor: the changes between two versions, and a preview run against a customer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import fmt


def language() -> str:
    return "zh_CN" if fmt.is_chinese() else "en"


class CompareDialog(QDialog):
    """A list of what changed from one version to another (steps added, removed, changed and which fields)."""

    def __init__(self, title: str, changes: Iterable[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowCompare")
        self.setWindowTitle(title)
        self.list = QListWidget(self)
        self.list.setObjectName("flowChanges")
        kinds = {"added": self.tr("added"), "removed": self.tr("removed"), "changed": self.tr("changed")}
        for change in changes:
            what = self.tr("Step {id}").format(id=change.step_id) if change.step_id else self.tr("The flow itself")
            line = f"{what}: {kinds.get(change.kind, change.kind)}"
            if change.fields:
                line += f" ({', '.join(change.fields)})"
            self.list.addItem(line)
        if self.list.count() == 0:
            self.list.addItem(self.tr("The two versions are the same."))
        self.list.setAccessibleName(self.tr("Changes"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 380)


class PreviewDialog(QDialog):
    """A preview run of a version: the steps as the agent would see them, read only.

    ``start(cif)`` runs on the database worker and returns the first RunView (None: no such customer);
    ``step(view, typed)`` answers or confirms the current step with what the author typed and returns the next
    view, so the author walks the flow as an agent would (actions are described, not done).
    """

    def __init__(
        self,
        tasks: Any,
        start: Callable[[str], Any],
        step: Callable[[Any, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flowPreview")
        self._tasks, self._start, self._step = tasks, start, step
        self.view: Any = None
        self.customer = QLineEdit(self)
        self.customer.setObjectName("flowPreviewCustomer")
        self.customer.setPlaceholderText(self.tr("CIF number"))
        self.start_button = QPushButton(self.tr("Start preview"), self)
        self.answer = QLineEdit(self)
        self.answer.setObjectName("flowPreviewAnswer")
        self.answer.setPlaceholderText(self.tr("the answer: a digit for a choice, y/n, a number or a text"))
        self.next_button = QPushButton(self.tr("Next step"), self)
        self.next_button.setEnabled(False)
        self.shown = QPlainTextEdit(self)
        self.shown.setObjectName("flowPreviewText")
        self.shown.setReadOnly(True)
        self.shown.setAccessibleName(self.tr("Preview"))
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        caption = QLabel(self.tr("Customer"), self)
        caption.setBuddy(self.customer)
        form.addRow(caption, self.customer)
        answer_caption = QLabel(self.tr("Answer"), self)
        answer_caption.setBuddy(self.answer)
        form.addRow(answer_caption, self.answer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.shown, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.start_button.clicked.connect(self.begin)
        self.customer.returnPressed.connect(self.begin)
        self.next_button.clicked.connect(self.advance)
        self.answer.returnPressed.connect(self.advance)
        self.setWindowTitle(self.tr("Preview run"))
        self.resize(620, 460)

    def begin(self) -> None:
        cif = self.customer.text().strip()
        self.shown.clear()
        self._run(lambda: self._start(cif))

    def advance(self) -> None:
        view = self.view
        typed = self.answer.text().strip()
        if view is not None and not view.ended:
            self.answer.clear()
            self._run(lambda: self._step(view, typed))

    def _run(self, work: Callable[[], Any]) -> None:
        self.error.clear()
        self._tasks.run_db(work, on_success=self._show, on_failure=self._failed, owner=self, label="flow preview")

    def _show(self, view: Any) -> None:
        self.view = view
        if view is None:
            self.error.setText(self.tr("No customer with that CIF number."))
            return
        lines = [f"【{view.title or view.step_id}】", view.text or ""]
        for choice in view.choices:
            lines.append(f"  {choice.key}. {choice.label}")
        if view.action is not None:
            lines.append(self.tr("Action (preview: not done): {what}").format(what=_describe(view.action)))
        if view.ended:
            lines.append(self.tr("End · outcome {outcome}").format(outcome=view.outcome or "—"))
        problem = view.error_message(language())
        if problem:
            lines.append(problem)
        self.shown.appendPlainText("\n".join(line for line in lines if line) + "\n")
        self.next_button.setEnabled(not view.ended)

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None)
        self.error.setText(str(message(language())) if callable(message) else str(exc))


def _describe(action: Any) -> str:
    if isinstance(action, dict):
        return str(action.get("description") or action.get("type") or action)
    return str(action)
