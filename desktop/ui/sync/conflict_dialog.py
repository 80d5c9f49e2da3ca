"""The conflict dialog: yours / current / original side by side, field by field, with a choice per field.

Shown when a save was refused because someone else saved the record first
(:class:`~services.sync.records.SaveOutcome` with a ``conflict``).  Fields nobody changed
are left out; fields only one side changed come preselected; fields both changed differently are marked and
must be chosen before "Save merged version" is enabled.  After ``exec()`` returns Accepted, pass
:meth:`ConflictDialog.choices` to ``RecordEditor.resolve`` (or use :meth:`ConflictDialog.merged_values`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from services.sync.conflicts import Choice, FieldDiff, ThreeWay
from services.sync.records import shown

COLUMNS: tuple[Choice, ...] = ("mine", "theirs", "original")
MAX_VALUE_CHARS = 400


def _plain(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(shown(value))  # an ID number, phone or e-mail as loaded: its mask
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class ConflictDialog(QDialog):
    """Per-field choice between my edit, the current record and the original.

    Args:
        comparison: the refused save's three-way comparison.
        labels: field name -> label shown to the person (default: the field name).
        format_value: ``(field, value) -> text`` (default: the value as text, "—" for empty).
    """

    def __init__(
        self,
        comparison: ThreeWay,
        labels: Mapping[str, str] | None = None,
        format_value: Callable[[str, Any], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setModal(True)
        self.comparison = comparison
        self._labels = dict(labels or {})
        self._format = format_value or _plain
        self.shown = [f for f in comparison.fields if f.kind != "same"]
        self._groups: dict[str, QButtonGroup] = {}
        self._buttons: dict[tuple[str, Choice], QRadioButton] = {}

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("conflictIntro")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self._headers = [QLabel() for _ in range(len(COLUMNS) + 1)]
        for col, header in enumerate(self._headers):
            header.setStyleSheet("font-weight: 600; color: #3e4c59;")
            self.grid.addWidget(header, 0, col)
        self._markers: dict[str, QLabel] = {}
        for row, diff in enumerate(self.shown, start=1):
            self._add_row(row, diff)
        body = QWidget()
        body.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.all_mine = QPushButton()
        self.all_theirs = QPushButton()
        self.all_mine.clicked.connect(lambda: self._choose_all("mine"))
        self.all_theirs.clicked.connect(lambda: self._choose_all("theirs"))
        shortcuts = QHBoxLayout()
        shortcuts.addWidget(self.all_mine)
        shortcuts.addWidget(self.all_theirs)
        shortcuts.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(shortcuts)
        layout.addWidget(self.buttons)
        for button in self._buttons.values():
            button.toggled.connect(self._refresh)
        self.retranslate()
        self._refresh()
        self.resize(760, min(560, 180 + 44 * len(self.shown)))

    # -- building ---------------------------------------------------------------------------------
    def _add_row(self, row: int, diff: FieldDiff) -> None:
        name = QLabel(self._labels.get(diff.name, diff.name))
        name.setStyleSheet("font-weight: 600;")
        marker = QLabel()
        marker.setObjectName("conflictMarker")
        self._markers[diff.name] = marker
        cell = QVBoxLayout()
        cell.setSpacing(0)
        cell.addWidget(name)
        cell.addWidget(marker)
        self.grid.addLayout(cell, row, 0, Qt.AlignmentFlag.AlignTop)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for col, side in enumerate(COLUMNS, start=1):
            button = QRadioButton(self._format(diff.name, diff.value(side)))
            button.setObjectName(f"choice_{diff.name}_{side}")
            button.setToolTip(str(shown(diff.value(side))) if diff.value(side) is not None else "")
            group.addButton(button)
            self._buttons[(diff.name, side)] = button
            self.grid.addWidget(button, row, col, Qt.AlignmentFlag.AlignTop)
        self._groups[diff.name] = group
        if diff.conflicting:
            for side in COLUMNS:
                self._buttons[(diff.name, side)].setStyleSheet("QRadioButton { color: #8a1c1c; }")
        else:
            self._buttons[(diff.name, diff.default_choice())].setChecked(True)

    # -- choosing ---------------------------------------------------------------------------------
    def button(self, field: str, choice: Choice) -> QRadioButton:
        """The radio button of one field's side (tests, keyboard automation)."""
        return self._buttons[(field, choice)]

    def set_choice(self, field: str, choice: Choice) -> None:
        self._buttons[(field, choice)].setChecked(True)

    def _choose_all(self, choice: Choice) -> None:
        for diff in self.shown:
            self._buttons[(diff.name, choice)].setChecked(True)

    def choices(self) -> dict[str, Choice]:
        """The side picked for every shown field that has a pick."""
        out: dict[str, Choice] = {}
        for diff in self.shown:
            for side in COLUMNS:
                if self._buttons[(diff.name, side)].isChecked():
                    out[diff.name] = side
        return out

    def unresolved(self) -> list[str]:
        """Conflicting fields without a choice yet."""
        picked = self.choices()
        return [d.name for d in self.shown if d.conflicting and d.name not in picked]

    def merged_values(self) -> dict[str, Any]:
        """Every compared field's value after the person's choices (what will be saved)."""
        return self.comparison.merged(self.choices())

    def _refresh(self) -> None:
        open_conflicts = self.unresolved()
        self.save_button.setEnabled(not open_conflicts and not self.comparison.deleted)
        for diff in self.shown:
            marker = self._markers[diff.name]
            if diff.conflicting:
                marker.setText(self.tr("Changed by both") if diff.name in open_conflicts else self.tr("Chosen"))
                marker.setStyleSheet("color: #b3261e;" if diff.name in open_conflicts else "color: #2e7d32;")
            else:
                marker.setText(
                    self.tr("Only you changed this") if diff.kind == "mine" else self.tr("Changed by others")
                )
                marker.setStyleSheet("color: #5b6675;")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Someone else saved this record"))
        if self.comparison.deleted:
            self.intro.setText(
                self.tr("This record was deleted by someone else after you opened it; it cannot be saved.")
            )
        else:
            self.intro.setText(
                self.tr(
                    "Someone else saved this record after you opened it. Choose, field by field, which value to "
                    "keep: yours, the current one, or the original. Fields changed on both sides must be chosen."
                )
            )
        titles = [self.tr("Field"), self.tr("Yours"), self.tr("Current (saved by others)"), self.tr("Original")]
        for header, title in zip(self._headers, titles, strict=True):
            header.setText(title)
        self.all_mine.setText(self.tr("Use all of mine"))
        self.all_theirs.setText(self.tr("Use all current values"))
        self.save_button.setText(self.tr("Save merged version"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._refresh()
