"""What a report is asked (:class:`ReportFilter`) and what it answers (:class:`ReportResult`).

Every report module (named in :data:`services.reports.catalogue.REPORTS`) has one function
``run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult``.  Texts in a result
(titles, series and column labels, the empty state's reason) are English source strings: the desktop
translates them in the context :data:`TR_CONTEXT`, so every one must be listed for translation there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

TR_CONTEXT = "Reports"

Grain = Literal["interval", "day"]
SeriesKind = Literal["line", "bar", "area"]
Axis = Literal["left", "right"]
ColumnKind = Literal["text", "int", "percent", "seconds", "money", "decimal", "date"]


@dataclass(frozen=True)
class ReportFilter:
    """The filters a supervisor sets. ``start``/``end`` are local dates of the bank, both included.

    Empty id tuples mean "all that the user may see". ``grain`` matters only to the reports that
    have both (service level and volume, the ASA/AHT/abandon trends).
    """

    start: dt.date
    end: dt.date
    queue_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    branch_ids: tuple[int, ...] = ()
    grain: Grain = "day"


@dataclass(frozen=True)
class ReportContext:
    """Who asks and where: the bank's time zone decides a day's boundaries."""

    user_id: int
    role: str
    timezone: str = "Asia/Shanghai"
    language: str = "zh_CN"  # for names that come from data with both labels (complaint categories)


@dataclass(frozen=True)
class Series:
    """One plotted series, a value per x label (None: no data at that point, drawn as a gap)."""

    key: str
    label: str
    values: tuple[float | None, ...]
    kind: SeriesKind = "line"
    axis: Axis = "left"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class ReportResult:
    """A chart (x labels and series, an optional target line) and the table under it.

    ``x_title``/``y_title``/``y2_title`` name the axes; ``target``/``target_label`` draw a horizontal line on
    the left axis (the service level's target).  ``rows`` hold plain values (str, int, float, Decimal,
    date, None) in the order of ``columns``.  When there is nothing to show, ``empty_reason`` says why in
    a sentence a supervisor understands ("No calls in the chosen dates and queues.") and the series and
    rows are empty.
    """

    name: str
    title: str
    x_labels: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    x_title: str = ""
    y_title: str = ""
    y2_title: str = ""
    target: float | None = None
    target_label: str = ""
    empty_reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return self.empty_reason is not None
