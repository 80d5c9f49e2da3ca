"""What the messaging screens share: the interface language for service errors, labels, open-field editors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from services.messaging import SegmentInfo
from services.messaging.variables import CATALOG, label

from .. import fmt

CONTEXT = "MessagingCommon"
PLACEHOLDERS = {
    "money": "50000.00",
    "date": "2026-03-05",
    "datetime": "2026-03-05 14:30",
    "int": "0",
}


def language() -> str:
    return "zh_CN" if fmt.is_chinese() else "en"


def error_text(exc: BaseException) -> str:
    """A service refusal in the interface language (other errors by their text)."""
    message = getattr(exc, "message", None)
    return str(message(language())) if callable(message) else str(exc)


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def segments_text(info: SegmentInfo | None) -> str:
    """``UCS-2 · 45/70 · 1 SMS``."""
    if info is None:
        return ""
    capacity = info.per_segment * max(1, info.segments) if info.segments > 1 else info.per_segment
    text = QCoreApplication.translate("MessagingCommon", "{encoding} · {length}/{capacity} · {n} SMS")
    return text.format(encoding=info.encoding, length=info.length, capacity=capacity, n=info.segments)


def template_title(template: Any) -> str:
    if template.locale.startswith("zh"):
        lang = QCoreApplication.translate("MessagingCommon", "Chinese")
    else:
        lang = QCoreApplication.translate("MessagingCommon", "English")
    return f"{template.name} · {lang} · v{template.version_no}"


class FieldsForm(QWidget):
    """One line edit per open field of a template; ``changed`` when any is edited.

    Everything typed is remembered by field name for as long as the form lives: a field that goes away (another
    template, another channel) and comes back shows again what was typed in it.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageFields")
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        self.typed: dict[str, str] = {}  # field name → the last text typed in it

    def set_fields(self, names: Iterable[str], declared: dict[str, str]) -> None:
        """Show editors for ``names``, each with what was last typed in a field of that name."""
        names = list(names)
        if names == list(self.edits):
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits = {}
        for name in names:
            edit = QLineEdit(self)
            edit.setObjectName(f"field_{name}")
            edit.setPlaceholderText(PLACEHOLDERS.get(declared.get(name, "text"), ""))
            edit.setText(self.typed.get(name, ""))
            edit.textChanged.connect(lambda text, name=name: self._typed(name, text))
            self.form.addRow(label(name, language()) if name in CATALOG else name, edit)
            self.edits[name] = edit
        self.setVisible(bool(names))

    def _typed(self, name: str, text: str) -> None:
        self.typed[name] = text
        self.changed.emit()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items() if edit.text().strip()}

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # The catalogue's variable names follow the language; what was typed stays.
            for name, edit in self.edits.items():
                caption = self.form.labelForField(edit)
                if name in CATALOG and isinstance(caption, QLabel):
                    caption.setText(label(name, language()))
        super().changeEvent(event)
