"""The editor's problem list: what validation finds, each row naming its step; click or Enter selects the step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from .. import fmt


class ProblemList(QListWidget):
    """Validation problems (and a file's format error).

    Signals:
        step_chosen(str): a problem with a step was clicked or Enter was pressed on it.
    """

    step_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowProblems")
        self._problems: list[Any] = []
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def show_problems(self, problems: Iterable[Any]) -> None:
        """List ``problems`` (objects with ``step_id`` and ``message(locale)``) in the interface language."""
        self._problems = list(problems)
        self.clear()
        locale = "zh_CN" if fmt.is_chinese() else "en"
        for problem in self._problems:
            step = getattr(problem, "step_id", None)
            text = problem.message(locale)
            item = QListWidgetItem(f"{step} · {text}" if step and step not in text else text, self)
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setToolTip(text)
        if not self._problems:
            item = QListWidgetItem(self.tr("No problems found."), self)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def retranslate(self) -> None:
        self.show_problems(self._problems)

    @property
    def problems(self) -> list[Any]:
        return list(self._problems)

    def _chosen(self, item: QListWidgetItem) -> None:
        step = item.data(Qt.ItemDataRole.UserRole)
        if step:
            self.step_chosen.emit(str(step))
