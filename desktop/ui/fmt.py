"""Display formats for money, dates and times, following the language in force (QLocale default)."""

from __future__ import annotations

import datetime as dt
import functools
import os
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "US$", "HKD": "HK$", "EUR": "€", "GBP": "£", "JPY": "JP¥"}
_CENT = Decimal("0.01")


def is_chinese() -> bool:
    """True when the default locale (set by the language switch) is Chinese."""
    return QLocale().language() == QLocale.Language.Chinese


def money(amount: Decimal | float | int | None, currency: str = "CNY") -> str:
    """``¥1,234,567.89`` (negative: ``-¥12.00``); empty for None."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"


def money_short(amount: Decimal | float | int | None) -> str:
    """Compact CNY for chart labels: ``¥123.4万`` in Chinese, ``¥1.23M`` in English."""
    if amount is None:
        return ""
    value = float(amount)
    if is_chinese():
        if abs(value) >= 1e8:
            return f"¥{value / 1e8:.2f}亿"
        if abs(value) >= 1e4:
            return f"¥{value / 1e4:.1f}万"
        return f"¥{value:,.0f}"
    if abs(value) >= 1e6:
        return f"¥{value / 1e6:.2f}M"
    if abs(value) >= 1e3:
        return f"¥{value / 1e3:.1f}K"
    return f"¥{value:,.0f}"


def date(value: dt.date | dt.datetime | None) -> str:
    """``2024年3月5日`` in Chinese, ``2024-03-05`` otherwise."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    if is_chinese():
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def month(value: dt.date | None) -> str:
    """``2024年3月`` / ``2024-03``."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月" if is_chinese() else f"{value.year}-{value.month:02d}"


def short_month(value: dt.date) -> str:
    """Axis label: ``3月`` / ``Mar``."""
    return f"{value.month}月" if is_chinese() else value.strftime("%b")


@functools.cache
def display_zone() -> ZoneInfo:
    """The bank's time zone, whatever the workstation's clock is set to (CONTACTDESK_TIMEZONE)."""
    return ZoneInfo(os.environ.get("CONTACTDESK_TIMEZONE", "Asia/Shanghai"))


def local(value: dt.datetime) -> dt.datetime:
    """An aware timestamp in the bank's time zone (naive ones are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(display_zone())


def datetime(value: dt.datetime | None) -> str:
    """``2024年3月5日 14:30`` / ``2024-03-05 14:30`` in local time."""
    if value is None:
        return ""
    return f"{date(value)} {local(value):%H:%M}"


def percent(value: Decimal | float | None, digits: int = 2) -> str:
    """An annual rate stored in per cent (``1.25`` means 1.25 %), shown as ``1.25%``."""
    if value is None:
        return ""
    return f"{float(value):.{digits}f}%"
