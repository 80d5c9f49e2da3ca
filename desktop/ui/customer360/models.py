"""Table models of the 360° view: products, tickets, reminders, and the lazily paged timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.tasks import TaskManager

from .. import fmt, labels
from ..table_model import LEFT, ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
DANGER = QColor("#c0392b")
WARNING = QColor("#b9770e")
MUTED = QColor("#7b8794")
HEADER_CONTEXT = "Columns"


@dataclass(frozen=True)
class Column:
    """One column: an English header (translated in context ``Columns``) and how to show a record."""

    title: str
    text: Callable[[Any], str]
    align: int = LEFT
    tooltip: Callable[[Any], str] | None = None
    color: Callable[[Any], QColor | None] | None = None
    # Sample text(s) for the column width: a string, or a function giving samples in the current language.
    width_hint: str | Callable[[], Iterable[str]] = ""

    def samples(self) -> list[str]:
        """Texts the column should have room for."""
        hint = self.width_hint
        return [hint] if isinstance(hint, str) else list(hint())


class RecordTableModel(ReadOnlyTableModel):
    """A read-only table of records (frozen dataclasses) described by :class:`Column` objects."""

    header_context = HEADER_CONTEXT

    RecordRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: tuple[Column, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._records: list[Any] = []

    def set_records(self, records: list[Any]) -> None:
        """Replace every record."""
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Any]:
        """The records shown."""
        return list(self._records)

    def record(self, row: int) -> Any | None:
        """The record at ``row``."""
        return self._records[row] if 0 <= row < len(self._records) else None

    def retranslate(self) -> None:
        """Headers and code labels follow the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, len(self.columns) - 1))

    def row_total(self) -> int:
        return len(self._records)

    def column_titles(self) -> Sequence[str]:
        return [column.title for column in self.columns]

    def column_align(self, section: int) -> int | None:
        return self.columns[section].align

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            return column.color(record)
        if role == self.RecordRole:
            return record
        if role == self.IdRole:
            return getattr(record, "id", None)
        return None


class _Sample:
    """Attribute bag standing in for a record when measuring column widths."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


SAMPLE_DAY = dt.date(2024, 12, 31)
# 23:59 on 31 December in the bank's time zone: the widest a displayed timestamp gets
SAMPLE_TIME = dt.datetime(2024, 12, 31, 15, 59, tzinfo=dt.UTC)
SAMPLE_HOLDING = _Sample(maturity_date=SAMPLE_DAY, days_to_maturity=88, status="active")
SAMPLE_TICKET = _Sample(regulatory_deadline=SAMPLE_TIME, days_left=-10)
SAMPLE_REMINDER = _Sample(done_at=SAMPLE_TIME, overdue=False)
SAMPLE_REMINDER_OPEN = _Sample(done_at=None, overdue=True)


def _maturity_color(h: Any) -> QColor | None:
    if h.days_to_maturity is not None and 0 <= h.days_to_maturity <= 30 and h.status == "active":
        return WARNING
    return None


def _maturity_text(h: Any) -> str:
    if h.maturity_date is None:
        return ""
    text = fmt.date(h.maturity_date)
    if h.days_to_maturity is not None and 0 <= h.days_to_maturity <= 90 and h.status == "active":
        text += " " + QCoreApplication.translate("Customer360", "({days} d)").format(days=h.days_to_maturity)
    return text


HOLDING_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("Columns", "Type"),
        lambda h: labels.label(labels.PRODUCT_KINDS, h.kind),
        width_hint=lambda: labels.all_labels(labels.PRODUCT_KINDS),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Product"), lambda h: h.product_name, width_hint="整存整取三年期定期存款"),
    Column(QT_TRANSLATE_NOOP("Columns", "Account"), lambda h: h.masked_account, width_hint="622588******1234"),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Balance"),
        lambda h: fmt.money(h.balance, h.currency),
        RIGHT,
        width_hint="¥12,345,678.00",
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Rate"), lambda h: fmt.percent(h.rate), RIGHT, width_hint="12.50%"),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Opened"),
        lambda h: fmt.date(h.opened_on),
        width_hint=lambda: [fmt.date(SAMPLE_DAY)],
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Maturity"),
        _maturity_text,
        color=_maturity_color,
        width_hint=lambda: [_maturity_text(SAMPLE_HOLDING)],
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Status"),
        lambda h: labels.label(labels.HOLDING_STATUS, h.status),
        color=lambda h: None if h.status == "active" else MUTED,
        width_hint=lambda: labels.all_labels(labels.HOLDING_STATUS),
    ),
)


def _deadline_text(t: Any) -> str:
    if t.regulatory_deadline is None:
        return ""
    text = fmt.date(t.regulatory_deadline)
    if t.days_left is not None:
        if t.days_left < 0:
            text += " " + QCoreApplication.translate("Customer360", "(overdue {days} d)").format(days=-t.days_left)
        else:
            text += " " + QCoreApplication.translate("Customer360", "({days} d left)").format(days=t.days_left)
    return text


def _deadline_color(t: Any) -> QColor | None:
    if t.days_left is None:
        return None
    if t.days_left < 0 or t.days_left <= 2:
        return DANGER
    if t.days_left <= 5:
        return WARNING
    return None


TICKET_COLUMNS = (
    # Numbers read "TS2611-0001" (a fifth digit only past 9,999 in a month).
    Column(QT_TRANSLATE_NOOP("Columns", "Number"), lambda t: t.number, width_hint="TS2612-00000"),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Type"),
        lambda t: labels.label(labels.TICKET_KINDS, t.kind),
        width_hint=lambda: labels.all_labels(labels.TICKET_KINDS),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Summary"),
        lambda t: t.summary,
        tooltip=lambda t: f"{labels.label(labels.TICKET_CATEGORIES, t.category)}\n{t.summary}",
        width_hint="信用卡年费争议客户要求退还",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Status"),
        lambda t: labels.label(labels.TICKET_STATUS, t.status),
        color=lambda t: MUTED if t.status in ("closed", "merged", "decided") else None,
        width_hint=lambda: labels.all_labels(labels.TICKET_STATUS),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Severity"),
        lambda t: labels.label(labels.SEVERITY, t.severity),
        width_hint=lambda: labels.all_labels(labels.SEVERITY),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Received"),
        lambda t: fmt.date(t.received_at),
        width_hint=lambda: [fmt.date(SAMPLE_DAY)],
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Deadline"),
        _deadline_text,
        color=_deadline_color,
        width_hint=lambda: [_deadline_text(SAMPLE_TICKET)],
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Assignee"), lambda t: t.assignee_name or "", width_hint="欧阳晓明"),
)


def _reminder_status(r: Any) -> str:
    if r.done_at is not None:
        return QCoreApplication.translate("Customer360", "Done {date}").format(date=fmt.date(r.done_at))
    return (
        QCoreApplication.translate("Customer360", "Overdue")
        if r.overdue
        else QCoreApplication.translate("Customer360", "Open")
    )


REMINDER_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("Columns", "Due"),
        lambda r: fmt.date(r.due_at),
        color=lambda r: DANGER if r.overdue else (MUTED if r.done_at else None),
        width_hint=lambda: [fmt.date(SAMPLE_DAY)],
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Type"),
        lambda r: labels.label(labels.REMINDER_KINDS, r.kind),
        width_hint=lambda: labels.all_labels(labels.REMINDER_KINDS),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Reminder"),
        lambda r: r.title,
        tooltip=lambda r: f"{r.title}\n{r.body}" if r.body else r.title,
        width_hint="定期存款到期，联系客户续存",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Status"),
        _reminder_status,
        color=lambda r: DANGER if r.overdue else (MUTED if r.done_at else None),
        width_hint=lambda: [_reminder_status(SAMPLE_REMINDER), _reminder_status(SAMPLE_REMINDER_OPEN)],
    ),
)

TIMELINE_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("Columns", "Time"),
        lambda e: fmt.datetime(e.occurred_at),
        width_hint=lambda: [fmt.datetime(SAMPLE_TIME)],
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Channel"),
        lambda e: labels.channel(e.channel),
        width_hint=lambda: labels.all_labels(labels.CHANNELS),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Direction"),
        lambda e: labels.label(labels.DIRECTIONS, e.direction),
        width_hint=lambda: labels.all_labels(labels.DIRECTIONS),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Subject"),
        lambda e: e.subject,
        tooltip=lambda e: f"{e.subject}\n{e.summary}" if e.summary else e.subject,
        width_hint="咨询理财产品收益及赎回规则",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Outcome"),
        lambda e: labels.outcome(e.disposition),
        width_hint=lambda: [*labels.all_labels(labels.DISPOSITIONS), *labels.all_labels(labels.OUTCOMES)],
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Staff"), lambda e: e.user_name or "", width_hint="欧阳晓明"),
)


class HoldingsModel(RecordTableModel):
    """The customer's products."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HOLDING_COLUMNS, parent)


class TicketsModel(RecordTableModel):
    """The customer's tickets and complaints."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TICKET_COLUMNS, parent)


class RemindersModel(RecordTableModel):
    """The customer's reminders and memos."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(REMINDER_COLUMNS, parent)


class TimelineModel(RecordTableModel):
    """The customer's contacts, newest first, fetched a page at a time through the database worker.

    ``load(customer_id, channel)`` fetches the first page; the view then pulls further pages
    through ``canFetchMore``/``fetchMore`` as the person scrolls.

    Signals:
        first_page_loaded(): the first page arrived (the tab leaves its loading state).
        page_failed(object): a page could not be fetched (the exception).
    """

    first_page_loaded = Signal()
    page_failed = Signal(object)
    loading_changed = Signal(bool)

    def __init__(self, tasks: TaskManager, service: Any, *, page_size: int = 50, parent: QObject | None = None) -> None:
        super().__init__(TIMELINE_COLUMNS, parent)
        self._tasks = tasks
        self._service = service
        self._page_size = page_size
        self._customer_id: int | None = None
        self._channel: str | None = None
        self._cursor: Any = None
        self._at_end = True
        self._loading = False
        self._generation = 0
        self.pages_loaded = 0

    @property
    def customer_id(self) -> int | None:
        """Whose timeline this is."""
        return self._customer_id

    @property
    def channel(self) -> str | None:
        """The channel filter (None: every channel)."""
        return self._channel

    @property
    def loading(self) -> bool:
        """True while a page is being fetched."""
        return self._loading

    @property
    def at_end(self) -> bool:
        """True when every entry has been loaded."""
        return self._at_end

    def load(self, customer_id: int | None, channel: str | None = None) -> None:
        """Start over for ``customer_id`` with an optional channel filter."""
        self._generation += 1
        self.beginResetModel()
        self._records = []
        self._customer_id = customer_id
        self._channel = channel or None
        self._cursor = None
        self._at_end = customer_id is None
        self._loading = False
        self.pages_loaded = 0
        self.endResetModel()
        if customer_id is not None:
            self._fetch()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        if parent.isValid():
            return False
        return not self._at_end and not self._loading and self._cursor is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        if self.canFetchMore(parent):
            self._fetch()

    def _fetch(self) -> None:
        cid, channel, cursor, limit = self._customer_id, self._channel, self._cursor, self._page_size
        service = self._service
        generation = self._generation
        self._set_loading(True)
        self._tasks.run_db(
            lambda: service.timeline(cid, channel=channel, cursor=cursor, limit=limit),
            on_success=lambda page: self._arrived(generation, page),
            on_failure=lambda exc: self._failed(generation, exc),
            key=f"timeline-{id(self)}-{generation}-{cursor!r}",
            owner=self,
            busy=cursor is None,
            label="timeline page",
        )

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    def _arrived(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return
        first = not self._records and self.pages_loaded == 0
        self.pages_loaded += 1
        self._cursor = page.next_cursor
        self._at_end = page.next_cursor is None
        if page.entries:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(page.entries) - 1)
            self._records.extend(page.entries)
            self.endInsertRows()
        self._set_loading(False)
        if first:
            self.first_page_loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.page_failed.emit(exc)

    def retry(self) -> None:
        """Try the failed page again."""
        if self._customer_id is not None and not self._loading and not self._at_end:
            self._fetch()
