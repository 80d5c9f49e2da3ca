"""How a report's values read in a table cell, an axis label or an exported file.

One place decides that a percentage shows as ``93.4%``, seconds as ``m:ss`` and a missing figure as "—", so
the table, the chart's tooltip and the exports agree with each other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from services.reports.types import TR_CONTEXT, ColumnKind

from .. import fmt

MISSING = "—"
NUMERIC_KINDS = frozenset({"int", "percent", "seconds", "money", "decimal"})


def report_text(text: str) -> str:
    """A text a report module put into its result (an English source), in the interface language."""
    return QCoreApplication.translate(TR_CONTEXT, text) if text else ""


def seconds_text(value: float) -> str:
    """``75`` → ``1:15``; an hour or more → ``1:02:03`` (durations a supervisor reads at a glance)."""
    total = round(value)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


def cell_text(value: object, kind: ColumnKind) -> str:
    """The text of one value of a column of ``kind``; None (no data) is "—", never 0 or an error."""
    if value is None:
        return MISSING
    if isinstance(value, float) and value != value:  # NaN: a division with nothing to divide
        return MISSING
    if kind == "percent" and isinstance(value, int | float | Decimal):
        return f"{float(value):.1f}%"
    if kind == "seconds" and isinstance(value, int | float | Decimal):
        return seconds_text(float(value))
    if kind == "money" and isinstance(value, int | float | Decimal):
        return fmt.money(value)
    if kind == "int" and isinstance(value, int | float | Decimal):
        return f"{round(float(value)):,}"
    if kind == "decimal" and isinstance(value, int | float | Decimal):
        return f"{float(value):,.2f}"
    if isinstance(value, dt.date):
        return fmt.date(value)
    if kind == "text" and isinstance(value, str):
        return report_text(value)
    return str(value)


def sort_key(value: object) -> tuple[int, object]:
    """Missing values sort last; numbers by value, everything else by its text."""
    if value is None:
        return (2, 0)
    if isinstance(value, int | float | Decimal):
        return (0, float(value))
    return (1, str(value))
