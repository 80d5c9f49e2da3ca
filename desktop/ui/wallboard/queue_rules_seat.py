"""The wallboard's "Queue rules…" button, for supervisors who may change them (``queue.configure``): it opens
:class:`~.queue_rules_dialog.QueueRulesDialog` on the queue the board is filtered to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QPushButton, QWidget

from services.permissions import Principal, allowed
from services.wallboard.queue_settings import RIGHT, QueueSettingsService

from .queue_rules_dialog import QueueRulesDialog


class QueueRulesButton(QPushButton):
    """Opens the dialog; its text follows the interface language."""

    def __init__(self, page: Any, service: QueueSettingsService, tasks: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardQueueRulesButton")
        self.page, self.service, self.tasks = page, service, tasks
        self.dialog: QueueRulesDialog | None = None
        self.clicked.connect(self.open_dialog)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Queue rules…"))
        self.setToolTip(self.tr("How each queue's service level is counted, and when it alerts"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_dialog(self) -> QueueRulesDialog:
        queue_id = self.page.filter.queue_id if self.page is not None else None
        self.dialog = QueueRulesDialog(self.service, self.tasks, self.window(), queue_id=queue_id)
        self.dialog.open()
        return self.dialog


def attach_queue_rules(page: Any, tasks: Any, engine: Any, principal: Principal) -> QueueRulesButton | None:
    """Add the button to the wallboard ``page`` when ``principal`` may change queue rules; the button, else None."""
    if page is None or not allowed(principal.role, RIGHT):
        return None
    button = QueueRulesButton(page, QueueSettingsService(engine, principal), tasks, page)
    page.add_header_button(button)
    return button
