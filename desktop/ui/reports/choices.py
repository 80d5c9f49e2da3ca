"""A multi-select button for queues, teams or branches: "all", or any set of them ticked in its menu.

The options come from the report service's filter choices (an id and a Chinese and an English label each);
nothing ticked means every one the user may see, which is what an empty id tuple means to a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton, QWidget

from ..i18n import current_language


def option_label(option: Any, language: str) -> str:
    """The label of one choice in ``language`` (``zh``/``en`` or ``label_zh``/``label_en``, else ``name``)."""
    chinese = language != "en"
    for zh, en in (("zh", "en"), ("label_zh", "label_en"), ("name_zh", "name_en")):
        if hasattr(option, zh) or hasattr(option, en):
            first, second = (getattr(option, zh, ""), getattr(option, en, "")) if chinese else (
                getattr(option, en, ""), getattr(option, zh, ""))  # fmt: skip
            return str(first or second or option.id)
    return str(getattr(option, "name", None) or getattr(option, "label", None) or option.id)


class ChoiceButton(QToolButton):
    """Pick some of ``options`` (by id); ``changed`` fires after every tick.

    ``all_text``/``some_text`` are callables giving the button's text in the interface language.
    """

    changed = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(96)
        self.setMaximumWidth(200)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.options: list[Any] = []
        self.actions_: dict[int, QAction] = {}
        self.all_action = QAction(self)
        self.all_action.setCheckable(True)
        self.all_action.setChecked(True)
        self.all_action.triggered.connect(self._all_picked)
        self.all_text = ""
        self.some_text = ""  # "{n} chosen"

    def set_options(self, options: Sequence[Any]) -> None:
        """Replace the choices; ticks on ids still offered are kept."""
        kept = set(self.selected())
        self.options = list(options)
        self.menu_.clear()
        self.actions_ = {}
        self.menu_.addAction(self.all_action)
        self.menu_.addSeparator()
        for option in self.options:
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(option.id in kept)
            action.triggered.connect(self._one_picked)
            self.actions_[int(option.id)] = action
            self.menu_.addAction(action)
        self.all_action.setChecked(not any(a.isChecked() for a in self.actions_.values()))
        self.retranslate(self.all_text, self.some_text)

    def selected(self) -> tuple[int, ...]:
        """The ticked ids; () when "all"."""
        return tuple(i for i, a in self.actions_.items() if a.isChecked())

    def set_selected(self, ids: Sequence[int]) -> None:
        for option_id, action in self.actions_.items():
            action.setChecked(option_id in ids)
        self.all_action.setChecked(not self.selected())
        self._show_text()
        self.changed.emit()

    def _all_picked(self) -> None:
        for action in self.actions_.values():
            action.setChecked(False)
        self.all_action.setChecked(True)
        self._show_text()
        self.changed.emit()

    def _one_picked(self) -> None:
        self.all_action.setChecked(not self.selected())
        self._show_text()
        self.changed.emit()

    def retranslate(self, all_text: str, some_text: str) -> None:
        self.all_text, self.some_text = all_text, some_text
        self.all_action.setText(all_text)
        language = current_language()
        for option in self.options:
            self.actions_[int(option.id)].setText(option_label(option, language))
        self._show_text()

    def summary(self) -> str:
        """What is chosen, in words: "all", the one name, or how many."""
        chosen = self.selected()
        if not chosen:
            return self.all_text
        if len(chosen) == 1:
            option = next(o for o in self.options if int(o.id) == chosen[0])
            return option_label(option, current_language())
        return self.some_text.format(n=len(chosen))

    def _show_text(self) -> None:
        text = self.summary()
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.maximumWidth() - 28))
        self.setToolTip(text)
