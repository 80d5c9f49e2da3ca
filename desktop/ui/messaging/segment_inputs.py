"""The inputs of the campaign page that describe a segment: tiers, lifecycle stages, deposits maturing soon,
birthdays this week and custom conditions — read as the service's segment dict and filled from a stored one.

The widgets belong to the page (which lays them out and words their captions); this holds them together and
converts between them and the segment (see :mod:`services.messaging.audiences`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QListWidget, QListWidgetItem, QSpinBox, QWidget

from .. import labels
from .campaign_list import segment_rows
from .filter_editor import CustomFilterEditor

TIERS = ("mass", "affluent", "gold", "platinum", "diamond", "private")
STAGES = ("prospect", "onboarding", "active", "growing", "mature", "dormant", "churn_risk")


def checklist(parent: QWidget, name: str, codes: tuple[str, ...]) -> QListWidget:
    """Checkable items carrying ``codes`` (texts come from :func:`label_checklist`)."""
    widget = QListWidget(parent)
    widget.setObjectName(name)
    widget.setFixedHeight(96)
    for code in codes:
        item = QListWidgetItem("", widget)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    return widget


def label_checklist(widget: QListWidget, text: Callable[[str], str]) -> None:
    """Set every item's text from its code; check states stay."""
    for i in range(widget.count()):
        item = widget.item(i)
        item.setText(text(str(item.data(Qt.ItemDataRole.UserRole))))


def check(widget: QListWidget, codes: list[str]) -> None:
    """Check exactly the items of ``codes``."""
    for i in range(widget.count()):
        item = widget.item(i)
        chosen = item.data(Qt.ItemDataRole.UserRole) in codes
        item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)


def checked(widget: QListWidget) -> list[str]:
    return [
        str(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class SegmentInputs:
    """The segment widgets of one campaign page (made with ``parent`` as their parent)."""

    def __init__(self, parent: QWidget) -> None:
        self.tiers = checklist(parent, "campaignTiers", TIERS)
        self.stages = checklist(parent, "campaignStages", STAGES)
        self.maturing = QSpinBox(parent)
        self.maturing.setObjectName("campaignMaturing")
        self.maturing.setRange(-1, 366)
        self.maturing.setValue(-1)
        self.birthday = QCheckBox(parent)
        self.birthday.setObjectName("campaignBirthday")
        self.custom = CustomFilterEditor(parent)

    def label(self) -> None:
        """The tiers' and stages' names in the interface language."""
        label_checklist(self.tiers, labels.tier)
        label_checklist(self.stages, labels.lifecycle)

    def segment(self) -> dict[str, Any]:
        """The segment the inputs describe.

        Raises:
            ValueError: a custom condition is not valid (each row shows its problem).
        """
        out: dict[str, Any] = {}
        if tiers := checked(self.tiers):
            out["tiers"] = tiers
        if stages := checked(self.stages):
            out["lifecycle_stages"] = stages
        if self.maturing.value() >= 0:
            out["maturing_within_days"] = self.maturing.value()
        if self.birthday.isChecked():
            out["birthday_this_week"] = True
        if custom := self.custom.conditions():
            out["custom"] = custom
        return out

    def set(self, segment: dict[str, Any]) -> None:
        """Show a stored segment ({} empties every input)."""
        check(self.tiers, list(segment.get("tiers") or []))
        check(self.stages, list(segment.get("lifecycle_stages") or []))
        days = segment.get("maturing_within_days")
        self.maturing.setValue(int(days) if days is not None else -1)
        self.birthday.setChecked(bool(segment.get("birthday_this_week")))
        for row in list(self.custom.rows):
            self.custom.remove_row(row)
        for field, op, value in segment_rows(segment):
            self.custom.add_row(field, op, value)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.tiers, self.stages, self.maturing, self.birthday, self.custom):
            widget.setEnabled(enabled)
