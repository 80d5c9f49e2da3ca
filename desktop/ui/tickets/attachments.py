"""The ticket's files: the list, attaching a file (size and type checked by the service before anything is
stored), and opening one from the shared database."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.tickets.service import TicketService

from .. import fmt
from ..table_model import ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import configure_record_table
from . import codes

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("AttachmentModel", "File"),
    QT_TRANSLATE_NOOP("AttachmentModel", "Size"),
    QT_TRANSLATE_NOOP("AttachmentModel", "Added"),
    QT_TRANSLATE_NOOP("AttachmentModel", "Virus scan"),
)
FILE_FILTER = "*.pdf *.jpg *.jpeg *.png *.docx *.xlsx *.txt *.eml *.mp3 *.wav"


class AttachmentModel(ReadOnlyTableModel):
    """The attachments of one ticket (without their content)."""

    header_context = "AttachmentModel"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def filenames(self) -> list[str]:
        return [a.filename for a in self._items]

    def row_total(self) -> int:
        return len(self._items)

    def column_titles(self) -> Sequence[str]:
        return COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        a, col = self._items[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return a.filename
            if col == 1:
                return codes.size_text(a.size_bytes)
            if col == 2:
                return fmt.datetime(a.uploaded_at)
            if col == 3:
                return codes.label(codes.SCAN_STATES, a.scan_status)
        return None


class AttachmentPane(QWidget):
    """List, attach and open the files of the ticket shown.

    Signals:
        attached(int): a file was stored (its id).
        message(str): an outcome to show (a refusal such as an oversize file, or a failure).
    """

    attached = Signal(int)
    message = Signal(str)

    def __init__(self, tasks: TaskManager, service: TicketService, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service = service
        self._actor = actor
        self._ticket_id: int | None = None
        self.model = AttachmentModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("attachmentTable")
        configure_record_table(self.table)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self._choose_file)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentIndex().row()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def set_ticket(self, ticket_id: int | None, items: list[Any], *, writable: bool) -> None:
        self._ticket_id = ticket_id
        self.model.set_items(items)
        self.attach_button.setEnabled(writable and ticket_id is not None)

    def attach(self, path: Path) -> None:
        """Attach a file from disk; an oversize or disallowed file is refused before it is read."""
        ticket_id = self._ticket_id
        if ticket_id is None:
            return
        service, actor = self._service, self._actor
        self._tasks.run_db(
            lambda: service.add_attachment_file(actor, ticket_id, path),
            on_success=self._attached,
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            changes=("ticket",),
            label="attach file",
        )

    def _attached(self, attachment_id: int) -> None:
        self.message.emit(self.tr("File attached."))
        self.attached.emit(attachment_id)

    def _choose_file(self) -> None:
        files = self.tr("Documents, images and recordings ({patterns})").format(patterns=FILE_FILTER)
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file"), "", files)
        if path:
            self.attach(Path(path))

    def open_row(self, row: int) -> None:
        """Fetch a file and open it with the system's viewer."""
        item = self.model.item(row)
        if item is None:
            return
        if item.scan_status in ("pending", "infected"):
            self.message.emit(self.tr("This file cannot be opened until the virus scan has cleared it."))
            return
        service = self._service
        self._tasks.run_db(
            lambda: service.open_attachment(item.id),
            on_success=self._opened,
            on_failure=lambda exc: self.message.emit(codes.error_text(exc)),
            owner=self,
            label="open attachment",
        )

    def _opened(self, result: tuple[Any, bytes]) -> None:
        info, content = result
        folder = Path(tempfile.mkdtemp(prefix="contactdesk-"))
        path = folder / Path(info.filename).name
        path.write_bytes(content)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.message.emit(self.tr("No program is set up to open {file}.").format(file=info.filename))

    def retranslate(self) -> None:
        self.attach_button.setText(self.tr("Attach file…"))
        self.open_button.setText(self.tr("Open"))
