"""The campaign page's list of existing campaigns: name, template, state, counts and when created.

Choosing a row (click, arrow keys, Enter) opens that campaign on the page; "New campaign" empties the form.
The list reloads when a campaign changes here or on another desktop (the ``campaign`` change topics).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import CampaignReport, CampaignRow, MessagingService
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from .common import error_text

COLUMNS = (
    QT_TRANSLATE_NOOP("CampaignList", "Name"),
    QT_TRANSLATE_NOOP("CampaignList", "Template"),
    QT_TRANSLATE_NOOP("CampaignList", "State"),
    QT_TRANSLATE_NOOP("CampaignList", "Counts"),
    QT_TRANSLATE_NOOP("CampaignList", "Created"),
)
STATES = {
    "draft": QT_TRANSLATE_NOOP("CampaignList", "Draft"),
    "queuing": QT_TRANSLATE_NOOP("CampaignList", "Queueing"),
    "running": QT_TRANSLATE_NOOP("CampaignList", "Running"),
    "paused": QT_TRANSLATE_NOOP("CampaignList", "Paused"),
    "cancelled": QT_TRANSLATE_NOOP("CampaignList", "Cancelled"),
    "finished": QT_TRANSLATE_NOOP("CampaignList", "Finished"),
}
TOPICS = frozenset({"campaign", "campaigns"})


class CampaignList(QWidget):
    """The existing campaigns, newest first.

    Signals:
        opened(object): a campaign was chosen (its :class:`~services.messaging.CampaignRow`).
        new_requested(): "New campaign" was clicked.
    """

    opened = Signal(object)
    new_requested = Signal()

    def __init__(
        self, tasks: TaskManager, service: MessagingService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("campaignListPane")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self.rows: list[CampaignRow] = []
        self.title = QLabel(self)
        self.title.setObjectName("campaignListTitle")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("campaignList")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(self)
        self.empty.setObjectName("campaignListEmpty")
        self.empty.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("campaignNew")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))
        self.table.cellActivated.connect(lambda row, _c: self._chosen(row))
        self.new_button.clicked.connect(self.new_requested)
        tasks.changed.connect(self._data_changed)
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Campaigns"))
        self.table.setAccessibleName(self.tr("Campaigns"))
        self.new_button.setText(self.tr("New campaign"))
        self.empty.setText(self.tr("No campaigns yet."))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        for i, row in enumerate(self.rows):
            self._fill(i, row, row.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def state_text(self, report: CampaignReport) -> str:
        state = "finished" if report.finished and report.status == "running" else report.status
        return self.tr(STATES[state]) if state in STATES else state

    def counts_text(self, report: CampaignReport) -> str:
        return self.tr("{sent}/{total} sent · {failed} failed · {skipped} skipped").format(
            sent=report.sent, total=report.total, failed=report.failed, skipped=report.count("skipped")
        )

    def _template_text(self, row: CampaignRow) -> str:
        channel = self.tr("SMS") if row.template_channel == "sms" else self.tr("E-mail")
        language = self.tr("Chinese") if row.template_locale.startswith("zh") else self.tr("English")
        return f"{row.template_name} · {channel} · {language}"

    # -- loading ------------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the list again; keep (or move) the selection to ``select_id`` without opening it again."""
        self._tasks.run_db(
            lambda: self._service.campaign_list(self._principal),
            on_success=lambda rows: self._show(rows, select_id),
            on_failure=self._failed,
            key=f"campaign-list-{id(self)}",
            owner=self,
            busy=False,
            label="campaign list",
        )

    def _show(self, rows: list[CampaignRow], select_id: int | None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current is not None else None)
        self.error.hide()
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        chosen = -1
        for i, row in enumerate(rows):
            self._fill(i, row, row.report)
            if row.id == keep:
                chosen = i
        self.table.clearSelection()
        if chosen >= 0:
            self.table.setCurrentCell(chosen, 0)
        else:
            self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self.empty.setVisible(not rows)

    def _fill(self, i: int, row: CampaignRow, report: CampaignReport) -> None:
        texts = (
            row.name,
            self._template_text(row),
            self.state_text(report),
            self.counts_text(report),
            fmt.datetime(row.created_at),
        )
        for column, text in enumerate(texts):
            item = self.table.item(i, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(i, column, item)
            item.setText(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            if column == 0 and row.created_by:
                item.setToolTip(row.created_by)

    def show_report(self, report: CampaignReport) -> None:
        """Update the state and counts of the campaign the page is following."""
        for i, row in enumerate(self.rows):
            if row.id == report.id:
                self._fill(i, row, report)

    def current(self) -> CampaignRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def select(self, campaign_id: int) -> bool:
        """Open the campaign ``campaign_id`` (as a click on its row would); False when it is not listed."""
        for i, row in enumerate(self.rows):
            if row.id == campaign_id:
                self.table.blockSignals(True)
                self.table.setCurrentCell(i, 0)
                self.table.blockSignals(False)
                self._chosen(i)
                return True
        return False

    def clear_selection(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.opened.emit(self.rows[index])

    def _data_changed(self, topics: frozenset[str]) -> None:
        if topics & TOPICS:
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()


def segment_rows(segment: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The custom conditions of a stored segment as the filter editor's rows (field, operator, value text)."""
    out = []
    for cond in segment.get("custom") or []:
        value = cond.get("value")
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        out.append((str(cond.get("field")), str(cond.get("op")), text))
    return out
