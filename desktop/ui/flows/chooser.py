"""Choosing a service flow: the published flows in a filterable list, the suggested one first and selected.

:class:`FlowChooser` is a small dialog: type to filter, arrow keys to move, Enter to start.  The list comes
from the flow desk (``published()`` on the database worker: ``(code, name, version_no)``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import error_text

log = logging.getLogger(__name__)


class _Filter(QLineEdit):
    """The filter box: Up/Down move in the list below it."""

    def __init__(self, target: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.target.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class FlowChooser(QDialog):
    """Pick a published flow.  ``chosen(code)`` when the agent starts one.

    Args:
        tasks: the task manager.
        desk: the flow desk (``published()``).
        suggested: the code suggested for the call (listed first, selected), if any.
    """

    chosen = Signal(str)

    def __init__(self, tasks: Any, desk: Any, suggested: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowChooser")
        self.suggested = suggested
        self.flows: list[tuple[str, str, int]] = []
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("flowList")
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.filter = _Filter(self.list, self)
        self.filter.setObjectName("flowFilter")
        self.filter.textChanged.connect(self._fill)
        self.state = QLabel(self)
        self.state.setObjectName("muted")
        self.state.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        self.resize(420, 380)
        self.retranslate()
        self.state.setText(self.tr("Loading the published flows…"))
        tasks.run_db(desk.published, on_success=self._arrived, on_failure=self._failed, owner=self, label="flows")

    def _arrived(self, flows: list[tuple[str, str, int]]) -> None:
        flows = sorted(flows, key=lambda f: (f[0] != self.suggested, f[1]))
        self.flows = flows
        self._fill()
        self.filter.setFocus()

    def _failed(self, exc: BaseException) -> None:
        log.warning("published flows not read: %r", exc)
        self.state.setText(error_text(exc))

    def _fill(self) -> None:
        needle = self.filter.text().strip().lower()
        self.list.clear()
        for code, name, version_no in self.flows:
            if needle and needle not in code.lower() and needle not in name.lower():
                continue
            label = f"{name}  ·  {code} v{version_no}"
            if code == self.suggested:
                label = self.tr("{flow}  (suggested)").format(flow=label)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
            self.state.setText("")
        else:
            self.state.setText(
                self.tr("No flow matches.") if self.flows else self.tr("No flow is published yet: ask a supervisor.")
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)

    def selected_code(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        super().accept()
        self.chosen.emit(code)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Start a service flow"))
        self.heading.setText(self.tr("Type to filter, ↑/↓ to pick, Enter to start."))
        self.filter.setPlaceholderText(self.tr("Flow name or code"))
        self.filter.setAccessibleName(self.tr("Flow name or code"))
        self.list.setAccessibleName(self.tr("Published flows"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
