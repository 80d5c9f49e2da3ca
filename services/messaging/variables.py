"""The variables a template may declare: their types, where their values come from, and typed input.

A template declares each variable it uses with a type (``text``, ``money``, ``date``, ``datetime``,
``int``).  Variables of the :data:`CATALOG` with a ``source`` other than ``open`` are filled from the
database when a message is composed for a customer (:mod:`.context`); every other declared variable is an
*open field* the agent (or the campaign) fills in.  Values typed by people are converted here, with a
bilingual message naming the field when they do not fit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from .errors import InvalidInput

TYPES = ("text", "money", "date", "datetime", "int")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 2000


@dataclass(frozen=True)
class Variable:
    """A well-known variable: its type, where it is filled from, and its labels."""

    name: str
    type: str
    source: str  # customer, deposit, ticket, agent, branch, open
    label_zh: str
    label_en: str


CATALOG: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable("customer_name", "text", "customer", "客户姓名", "customer name"),
        Variable("honorific", "text", "customer", "称谓（先生/女士）", "honorific (Mr/Ms)"),
        Variable("surname", "text", "customer", "客户姓氏", "customer surname"),
        Variable("deposit_amount", "money", "deposit", "存款金额", "deposit amount"),
        Variable("maturity_date", "date", "deposit", "到期日", "maturity date"),
        Variable("deposit_product", "text", "deposit", "存款产品", "deposit product"),
        Variable("account_tail", "text", "deposit", "账号尾号", "account number (last 4)"),
        Variable("ticket_number", "text", "ticket", "工单编号", "ticket number"),
        Variable("deadline", "datetime", "ticket", "处理时限", "deadline"),
        Variable("agent_name", "text", "agent", "经办人", "agent"),
        Variable("branch_name", "text", "branch", "网点名称", "branch"),
        Variable("branch_address", "text", "branch", "网点地址", "branch address"),
        Variable("branch_phone", "text", "branch", "网点电话", "branch phone"),
        Variable("bank_name", "text", "branch", "银行名称", "bank name"),
        Variable("appointment_time", "datetime", "open", "预约时间", "appointment time"),
        Variable("card_tail", "text", "open", "卡号尾号", "card number (last 4)"),
        Variable("holiday_name", "text", "open", "节日名称", "holiday"),
        Variable("resolution", "text", "open", "处理结果", "resolution"),
        Variable("compensation", "money", "open", "补偿金额", "compensation"),
        Variable("review_window_days", "int", "open", "申请核查期限（天）", "review window (days)"),
        Variable("review_by", "date", "open", "申请核查截止日", "review by"),
        Variable("extension_reason", "text", "open", "延期原因", "reason for the extension"),
        Variable("offer_title", "text", "open", "活动名称", "offer"),
        Variable("offer_rate", "text", "open", "优惠利率", "offer rate"),
        Variable("offer_end", "date", "open", "活动截止日", "offer ends"),
    )
}


def open_fields(declared: Mapping[str, str]) -> list[str]:
    """The declared variables the database does not fill (the fields left to the person composing)."""
    return [name for name in declared if CATALOG.get(name, _OPEN).source == "open"]


_OPEN = Variable("", "text", "open", "", "")


def label(name: str, language: str = "zh_CN") -> str:
    """The label of a variable for a form (its name when it is not in the catalogue)."""
    found = CATALOG.get(name)
    if found is None:
        return name
    return found.label_en if language.startswith("en") else found.label_zh


def check_declarations(declared: Mapping[str, Any]) -> dict[str, str]:
    """Validate a template's declarations (name → type); returns them as plain strings.

    Raises:
        InvalidInput: a malformed name or an unknown type, or a catalogue variable declared with another type.
    """
    out: dict[str, str] = {}
    for name, kind in declared.items():
        if not isinstance(name, str) or not NAME.match(name):
            raise InvalidInput(
                f"变量名“{name}”无效：只能用小写字母、数字和下划线，以字母开头。",
                f"Variable name {name!r} is invalid: use lower-case letters, digits and _ (a letter first).",
            )
        if kind not in TYPES:
            raise InvalidInput(
                f"变量“{name}”的类型“{kind}”无效（可选：{', '.join(TYPES)}）。",
                f"Variable {name!r} has unknown type {kind!r} (choose from {', '.join(TYPES)}).",
            )
        known = CATALOG.get(name)
        if known is not None and known.type != kind:
            raise InvalidInput(
                f"变量“{name}”的类型应为“{known.type}”。", f"Variable {name!r} must be of type {known.type!r}."
            )
        out[name] = str(kind)
    return out


def coerce(name: str, kind: str, value: Any, tz: ZoneInfo) -> Any:
    """``value`` as the Python type of ``kind``; strings typed by people are parsed.

    Raises:
        InvalidInput: the value does not fit the type (the message names the field).
    """
    if value is None:
        return None
    try:
        if kind == "money":
            if isinstance(value, float):
                value = repr(value)
            amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
            if not amount.is_finite():
                raise InvalidOperation
            return amount
        if kind == "int":
            return int(str(value).strip()) if not isinstance(value, int) else value
        if kind == "date":
            if isinstance(value, dt.datetime):
                return (value.astimezone(tz) if value.tzinfo else value).date()
            if isinstance(value, dt.date):
                return value
            return dt.date.fromisoformat(str(value).strip())
        if kind == "datetime":
            if isinstance(value, dt.datetime):
                moment = value
            elif isinstance(value, dt.date):
                moment = dt.datetime.combine(value, dt.time())
            else:
                moment = dt.datetime.fromisoformat(str(value).strip().replace("/", "-"))
            return moment if moment.tzinfo else moment.replace(tzinfo=tz)
    except (InvalidOperation, ValueError, TypeError):
        raise _bad(name, kind) from None
    text = str(value)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"“{label(name)}”太长（最多 {MAX_TEXT} 字）。", f"{label(name, 'en')} is too long (at most {MAX_TEXT})."
        )
    return text


_EXPECTED = {
    "money": ("金额，如 50000.00", "an amount such as 50000.00"),
    "int": ("整数", "a whole number"),
    "date": ("日期，如 2026-03-05", "a date such as 2026-03-05"),
    "datetime": ("日期时间，如 2026-03-05 14:30", "a date and time such as 2026-03-05 14:30"),
}


def _bad(name: str, kind: str) -> InvalidInput:
    zh, en = _EXPECTED.get(kind, ("文字", "text"))
    return InvalidInput(f"“{label(name)}”应为{zh}。", f"{label(name, 'en')} must be {en}.")
