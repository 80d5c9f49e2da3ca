"""Report results built by hand, shaped as the report modules answer, for the page's widgets."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from services.reports.catalogue import REPORTS
from services.reports.types import Column, ReportFilter, ReportResult, Series


def half_hours() -> tuple[str, ...]:
    return tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30))


def service_level(days: int = 0) -> ReportResult:
    """48 half-hours of one day: offered calls as bars, service level as a line on the right, with its target."""
    labels = half_hours()
    offered = tuple(float(0 if i < 16 else 20 + (i % 7) * 3) for i in range(48))
    level = tuple(None if i < 16 else 70.0 + (i % 5) * 5 for i in range(48))
    rows = tuple(
        (labels[i], int(offered[i]), int(offered[i] * 0.9), level[i], 15 + i if i >= 16 else None) for i in range(48)
    )
    return ReportResult(
        name="service_level",
        title="Service level and volume",
        x_labels=labels,
        series=(
            Series("offered", "Offered", offered, kind="bar", axis="right"),
            Series("service_level", "Service level", level, kind="line"),
        ),
        columns=(
            Column("interval", "Interval"),
            Column("offered", "Offered", "int"),
            Column("answered", "Answered", "int"),
            Column("service_level", "Service level", "percent"),
            Column("asa", "ASA", "seconds"),
        ),
        rows=rows,
        x_title="Interval",
        y_title="Service level (%)",
        y2_title="Calls",
        target=80.0,
        target_label="Target 80%",
    )


def speed() -> ReportResult:
    labels = tuple(f"12-{d:02d}" for d in range(1, 8))
    return ReportResult(
        name="speed",
        title="ASA, AHT and abandons",
        x_labels=labels,
        series=(
            Series("asa", "ASA", tuple(float(20 + d) for d in range(7)), kind="area"),
            Series("aht", "AHT", tuple(float(240 + 5 * d) for d in range(7))),
        ),
        columns=(Column("day", "Day"), Column("asa", "ASA", "seconds"), Column("aht", "AHT", "seconds")),
        rows=tuple((labels[d], 20 + d, 240 + 5 * d) for d in range(7)),
        y_title="Seconds",
    )


def empty(name: str = "service_level") -> ReportResult:
    return ReportResult(
        name=name, title="Service level and volume", empty_reason="No calls in the chosen dates and queues."
    )


def long_table(rows: int = 400) -> ReportResult:
    base = service_level()
    many = tuple((f"坐席{i:04d}", i, i // 2, 55.5 + i % 40, 60 * (i % 9) + 5) for i in range(rows))
    return ReportResult(
        name="agents",
        title="Agent performance",
        x_labels=base.x_labels,
        series=base.series,
        columns=base.columns,
        rows=many,
        target=base.target,
        target_label=base.target_label,
    )


@dataclass(frozen=True)
class Option:
    id: int
    zh: str
    en: str


@dataclass(frozen=True)
class Choices:
    queues: tuple[Option, ...]
    teams: tuple[Option, ...]
    branches: tuple[Option, ...]


class FixedReports:
    """A report source answering fixed results; remembers every filter it was asked and on which thread."""

    def __init__(self, results: dict[str, ReportResult] | None = None, fail: BaseException | None = None) -> None:
        self.results = results or {"service_level": service_level(), "speed": speed()}
        self.fail = fail
        self.asked: list[tuple[str, ReportFilter, bool]] = []  # (name, filter, ran on the GUI thread)

    def catalogue(self) -> tuple[Any, ...]:
        return REPORTS

    def filters(self) -> Choices:
        return Choices(
            queues=(Option(1, "零售客服", "Retail service"), Option(2, "信用卡", "Credit cards")),
            teams=(Option(7, "一组", "Team 1"),),
            branches=(Option(3, "朝阳支行", "Chaoyang branch"),),
        )

    def run(self, name: str, flt: ReportFilter) -> ReportResult:
        self.asked.append((name, flt, threading.current_thread() is threading.main_thread()))
        if self.fail is not None:
            raise self.fail
        return self.results.get(name) or empty(name)


TODAY = dt.date(2026, 12, 7)
