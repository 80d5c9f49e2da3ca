"""The monthly referral report: per referrer and branch, referred / accepted / won / lost / open, the amount
won and the conversion; exported to an Excel workbook (openpyxl, a project dependency) for the branch meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QFileDialog,
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
from services.lobby.types import FEED_REFERRAL, ReferralMonthRow
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import DateField, StatePane, configure_record_table, set_header_labels
from . import floor_parts as parts
from .desk import LobbyDesk

COLUMNS = (
    QT_TRANSLATE_NOOP("ReferralReport", "Referrer"),
    QT_TRANSLATE_NOOP("ReferralReport", "Branch"),
    QT_TRANSLATE_NOOP("ReferralReport", "Referred"),
    QT_TRANSLATE_NOOP("ReferralReport", "Accepted"),
    QT_TRANSLATE_NOOP("ReferralReport", "Won"),
    QT_TRANSLATE_NOOP("ReferralReport", "Lost"),
    QT_TRANSLATE_NOOP("ReferralReport", "Open"),
    QT_TRANSLATE_NOOP("ReferralReport", "Won amount"),
    QT_TRANSLATE_NOOP("ReferralReport", "Conversion"),
)


def first_of_month(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


class ReferralReport(QWidget):
    """The month's referral table with a month picker and "Export to Excel".

    Args:
        tasks: the desktop's task manager.
        desk: the lobby services (``desk.referrals.month_table`` on the database worker).
        principal: the signed-in user (the service decides which rows they see).
    """

    def __init__(self, tasks: TaskManager, desk: LobbyDesk, principal: Principal, parent: QWidget | None = None
                 ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("referralReport")
        self._tasks, self._desk, self._principal = tasks, desk, principal
        self.rows: list[ReferralMonthRow] = []
        self.month = first_of_month(fmt.local(parts.utcnow()).date())
        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.month_label = QLabel(self)
        self.month_edit = DateField(self)
        self.month_edit.setObjectName("reportMonth")
        self.month_edit.setMinimumHeight(36)
        self.month_edit.setCalendarPopup(False)
        self.month_edit.setDate(QDate(self.month.year, self.month.month, 1))
        self.month_label.setBuddy(self.month_edit)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("reportExport")
        self.export_button.setMinimumHeight(36)
        self.export_button.clicked.connect(self.export)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("referralReportTable")
        configure_record_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.pane = StatePane(self.table, self)
        self.pane.retry.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.month_label)
        top.addWidget(self.month_edit)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.status)
        self.month_edit.dateChanged.connect(self._month_changed)
        parts.live_refresh(tasks, self, lambda topics: FEED_REFERRAL in topics, self.refresh, delay_ms=1000)
        self.retranslate()
        self.pane.show_loading()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Referrals by month"))
        self.table.setAccessibleName(self.tr("Referrals by referrer and branch"))
        self.month_label.setText(self.tr("&Month:"))
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.export_button.setText(self.tr("Export to Excel…"))
        self.export_button.setToolTip(self.tr("Save this table as an .xlsx workbook"))
        set_header_labels(self.table, [self.tr(c) for c in COLUMNS])
        self._show(self.rows, keep_state=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _month_changed(self, date: QDate) -> None:
        self.month = dt.date(date.year(), date.month(), 1)
        self.refresh()

    def set_month(self, month: dt.date) -> None:
        """Show ``month`` (its first day is used)."""
        self.month_edit.setDate(QDate(month.year, month.month, 1))

    def refresh(self) -> None:
        svc, me, month = self._desk.referrals, self._principal, self.month
        self._tasks.run_db(
            lambda: svc.month_table(me, month),
            on_success=self._show,
            on_failure=self.pane.show_failure,
            key=f"referral-report-{id(self)}",
            owner=self,
            label="referral report",
        )

    def cells(self, row: ReferralMonthRow) -> list[str]:
        conversion = f"{row.conversion * 100:.0f} %" if row.conversion is not None else "—"
        return [
            row.referrer_name,
            row.branch_name,
            str(row.referred),
            str(row.accepted),
            str(row.won),
            str(row.lost),
            str(row.open),
            fmt.money(row.won_amount),
            conversion,
        ]

    def _show(self, rows: list[ReferralMonthRow], keep_state: bool = False) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(self.cells(row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        self.export_button.setEnabled(bool(self.rows))
        if keep_state and self.pane.state in ("loading", "error"):
            return
        if self.rows:
            self.pane.show_content()
        else:
            self.pane.show_empty(
                self.tr("No referrals in {month}").format(month=fmt.month(self.month)),
                self.tr("Choose another month, or refer customers from the lobby and the calls."),
            )

    # -- export -----------------------------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where, then save the table as .xlsx."""
        name = self.tr("referrals-{month}.xlsx").format(month=f"{self.month:%Y-%m}")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export referrals"), name, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the table shown to ``path`` (numbers stay numbers, the amount in yuan)."""
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = f"{self.month:%Y-%m}"
        sheet.append([self.tr(c) for c in COLUMNS])
        for row in self.rows:
            sheet.append(
                [
                    row.referrer_name,
                    row.branch_name,
                    row.referred,
                    row.accepted,
                    row.won,
                    row.lost,
                    row.open,
                    float(Decimal(row.won_amount)),
                    round(row.conversion, 4) if row.conversion is not None else None,
                ]
            )
        for letter, width in zip("ABCDEFGHI", (24, 30, 10, 10, 10, 10, 10, 16, 12), strict=True):
            sheet.column_dimensions[letter].width = width
        for cell in sheet["H"][1:]:
            cell.number_format = "#,##0.00"
        for cell in sheet["I"][1:]:
            cell.number_format = "0%"
        try:
            book.save(path)
        except OSError as exc:
            self.status.setText(self.tr("Could not save {path}: {error}").format(path=path, error=exc.strerror))
            return
        self.status.setText(self.tr("Saved {path}.").format(path=path))
