"""Correcting a customer's master data: version-checked, journaled as typed, conflicts chosen per field.

The dialog keeps the values it loaded (the original).  Saving writes only the fields changed, and only
if nobody saved the customer meanwhile; otherwise the conflict dialog shows mine / current / original
side by side.  The ID number, phone and e-mail are never loaded in full: their fields are empty, with the
masked value as placeholder, and stay as they are unless the person types a new value in full.  Every
keystroke is kept in the local journal, so an outage or a crash loses nothing: the journal is replayed when
the database is back.  Presence says "editing" while it is open.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.sync.records import shown

from .. import labels
from ..i18n import error_text
from ..sync import ConflictDialog

log = logging.getLogger(__name__)

RECORD_EDIT = "record_edit"
CHOICES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "preferred_language": (labels.LANGUAGES, ("zh_CN", "en", "yue")),
    "preferred_channel": (labels.CHANNELS, ("sms", "call", "email", "wechat", "app", "post")),
    "segment": (labels.SEGMENTS, ("mass", "mass_affluent", "affluent", "high_net_worth", "private_banking")),
    "lifecycle_stage": (
        labels.LIFECYCLE,
        ("prospect", "onboarding", "growing", "active", "mature", "churn_risk", "dormant", "churned"),
    ),
}
TEXT_FIELDS = {"name": 64, "occupation": 64, "id_number": 32, "phone": 32, "email": 254}
# Identifiers: the form holds their mask and key (services.sync.records.stored_value), never the value.
IDENTIFIER_FIELDS = ("id_number", "phone", "email")
FIELDS = (
    "name",
    "occupation",
    "preferred_language",
    "preferred_channel",
    "segment",
    "lifecycle_stage",
    *IDENTIFIER_FIELDS,
)


class CustomerEditDialog(QDialog):
    """Edit one customer.

    Args:
        tasks: the task manager.
        editor: a ``RecordEditor`` (version-checked saves, conflict comparison).
        principal: who edits.
        customer_id: the customer.
        journal: ``put(kind, key, payload)`` and ``discard(kind, key)`` (the outage controller), or None.
        presence: the presence tracker (set to "editing" while open), or None.
    """

    def __init__(
        self,
        tasks: TaskManager,
        editor: Any,
        principal: Any,
        customer_id: int,
        *,
        journal: Any = None,
        presence: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerEditDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._tasks = tasks
        self._editor = editor
        self._principal = principal
        self.customer_id = customer_id
        self._journal = journal
        self._presence = presence
        self.original: dict[str, Any] | None = None
        self.base_version: int | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.saved_version: int | None = None

        self.notice = QLabel(self)
        self.notice.setObjectName("noticeText")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.captions: dict[str, QLabel] = {}
        form = QFormLayout()
        for name in FIELDS:
            widget: QLineEdit | QComboBox
            if name in TEXT_FIELDS:
                widget = QLineEdit(self)
                widget.setMaxLength(TEXT_FIELDS[name])
                widget.textEdited.connect(self._typed)
            else:
                widget = QComboBox(self)
                widget.activated.connect(self._typed)
            widget.setObjectName(f"edit_{name}")
            widget.setEnabled(False)
            self.inputs[name] = widget
            self.captions[name] = QLabel(self)
            form.addRow(self.captions[name], widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        tasks.changed.connect(self._data_changed)
        self.finished.connect(self._closed)
        if presence is not None:
            presence.set_editing(True)
        self.retranslate()
        self._load()

    # -- loading ----------------------------------------------------------------------------------

    def _load(self) -> None:
        editor, principal, cid = self._editor, self._principal, self.customer_id
        self._tasks.run_db(
            lambda: editor.load(principal, "customer", cid),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
            label="load customer for editing",
        )

    def _loaded(self, row: dict[str, Any]) -> None:
        self.base_version = int(row["version"])
        self.original = {k: row.get(k) for k in FIELDS}
        for name, value in self.original.items():
            widget = self.inputs[name]
            if name in IDENTIFIER_FIELDS:
                assert isinstance(widget, QLineEdit)
                widget.clear()
                widget.setPlaceholderText(shown(value) or "")
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
            else:
                self._fill_combo(name, widget, value)
            widget.setEnabled(True)
        self._typed()

    def _fill_combo(self, name: str, combo: QComboBox, value: Any) -> None:
        table, codes = CHOICES[name]
        combo.clear()
        for code in dict.fromkeys((*codes, *([value] if value else []))):
            combo.addItem(labels.label(table, code), code)
        combo.setCurrentIndex(max(0, combo.findData(value)))

    # -- editing ----------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The values as they stand in the form."""
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if name in IDENTIFIER_FIELDS:
                assert isinstance(widget, QLineEdit)
                typed = widget.text().strip()
                # Left empty: the stored value stays (the mask is only a placeholder).
                out[name] = typed or (self.original or {}).get(name)
            elif isinstance(widget, QLineEdit):
                text = " ".join(widget.text().split())
                out[name] = text or (None if name == "occupation" else "")
            else:
                out[name] = widget.currentData()
        return out

    def changed_fields(self) -> list[str]:
        if self.original is None:
            return []
        mine = self.values()
        return [n for n in FIELDS if mine[n] != self.original.get(n)]

    def _typed(self, *_args: Any) -> None:
        changed = self.changed_fields()
        self.save_button.setEnabled(bool(changed) and bool(self.values()["name"]))
        if self._journal is not None and self.original is not None and changed:
            self._journal.put(RECORD_EDIT, self._key(), self._payload())

    def _key(self) -> str:
        return f"customer:{self.customer_id}"

    def _payload(self) -> dict[str, Any]:
        return {
            "entity": "customer",
            "id": self.customer_id,
            "base_version": self.base_version,
            "original": self.original,
            "mine": self.values(),
        }

    def _data_changed(self, topics: frozenset[str]) -> None:
        if f"customer:{self.customer_id}" in topics and self.original is not None and self.saved_version is None:
            self.notice.setText(
                self.tr("Someone else has just changed this customer. When you save, you will see both versions.")
            )
            self.notice.setVisible(True)

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        if self.original is None or self.base_version is None:
            return
        editor, principal, cid = self._editor, self._principal, self.customer_id
        base, original, mine = self.base_version, dict(self.original), self.values()
        self.save_button.setEnabled(False)
        self.error.setVisible(False)
        self._tasks.run_db(
            lambda: editor.save(principal, "customer", cid, base, original, mine),
            on_success=self._outcome,
            on_failure=self._failed,
            owner=self,
            label="save customer",
        )

    def _outcome(self, outcome: Any) -> None:
        if outcome.saved:
            self.saved_version = outcome.version
            if self._journal is not None:
                self._journal.discard(RECORD_EDIT, self._key())
            self._tasks.notify_changed("customer", f"customer:{self.customer_id}")
            self.accept()
            return
        self._show_conflict(outcome.conflict)

    def _show_conflict(self, comparison: Any) -> None:
        captions = {name: self.captions[name].text() for name in FIELDS}
        dialog = ConflictDialog(comparison, captions, self._format, parent=self)
        self.conflict_dialog = dialog
        dialog.accepted.connect(lambda: self._resolve(dialog))
        dialog.rejected.connect(lambda: self.save_button.setEnabled(True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _resolve(self, dialog: ConflictDialog) -> None:
        editor, principal = self._editor, self._principal
        comparison, choices = dialog.comparison, dialog.choices()
        self.conflict_dialog = None
        self._tasks.run_db(
            lambda: editor.resolve(principal, comparison, choices),
            on_success=self._outcome,
            on_failure=self._failed,
            owner=self,
            label="resolve conflict",
        )

    def _format(self, name: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if name in IDENTIFIER_FIELDS:
            return str(shown(value))
        if name in CHOICES:
            return labels.label(CHOICES[name][0], str(value))
        return str(value)

    def _failed(self, exc: BaseException) -> None:
        log.warning("customer edit failed: %r", exc)
        self.error.setText(
            error_text(exc)
            if hasattr(exc, "zh")
            else self.tr("Not saved ({error}); your changes are kept.").format(error=type(exc).__name__)
        )
        self.error.setVisible(True)
        self.save_button.setEnabled(bool(self.changed_fields()))

    def _closed(self, _result: int) -> None:
        if self._presence is not None:
            self._presence.set_editing(False)
        if self._journal is not None and self.saved_version is None:
            self._journal.discard(RECORD_EDIT, self._key())  # cancelled on purpose: nothing to keep

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit customer"))
        captions = {
            "name": self.tr("Name"),
            "occupation": self.tr("Occupation"),
            "preferred_language": self.tr("Preferred language"),
            "preferred_channel": self.tr("Preferred channel"),
            "segment": self.tr("Segment"),
            "lifecycle_stage": self.tr("Lifecycle stage"),
            "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
        }
        for name, caption in captions.items():
            self.captions[name].setText(caption)
        keep = self.tr("Shown masked. Leave it empty to keep it; type a new value in full to replace it.")
        for name in IDENTIFIER_FIELDS:
            self.inputs[name].setToolTip(keep)
            self.inputs[name].setAccessibleDescription(keep)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
