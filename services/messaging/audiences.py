"""Campaign segments: a JSON description turned into a query, with no SQL from users.

A segment is a dict; every key is optional and all given ones must hold::

    {"tiers": ["gold", "platinum"], "lifecycle_stages": ["active"], "branch_ids": [3, 7],
     "maturing_within_days": 30, "birthday_this_week": true,
     "custom": [{"field": "vip_level", "op": ">=", "value": 3},
                {"field": "segment", "op": "in", "value": ["affluent"]}]}

The custom filter names a field from :data:`FIELDS` (a fixed list of customer columns with their types) and
an operator from :data:`OPERATORS`; values are converted to the field's type and passed as bound
parameters.  Anything else is refused with a message naming the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, select

from db.models import Customer, Holding

from .errors import InvalidInput

FIELDS: dict[str, tuple[Any, str, str, str]] = {
    # name: (column, type, Chinese label, English label)
    "vip_level": (Customer.vip_level, "int", "VIP 等级", "VIP level"),
    "value_score": (Customer.value_score, "int", "价值评分", "value score"),
    "aum": (Customer.aum, "money", "资产规模", "assets under management"),
    "segment": (Customer.segment, "text", "客户分群", "segment"),
    "tier": (Customer.tier, "text", "客户等级", "tier"),
    "lifecycle_stage": (Customer.lifecycle_stage, "text", "生命周期阶段", "lifecycle stage"),
    "risk_level": (Customer.risk_level, "text", "风险等级", "risk level"),
    "gender": (Customer.gender, "text", "性别", "gender"),
    "preferred_language": (Customer.preferred_language, "text", "首选语言", "preferred language"),
    "preferred_channel": (Customer.preferred_channel, "text", "首选渠道", "preferred channel"),
    "branch_id": (Customer.branch_id, "int", "网点", "branch"),
    "customer_since": (Customer.customer_since, "date", "开户日期", "customer since"),
    "birth_date": (Customer.birth_date, "date", "出生日期", "birth date"),
}
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not_in")
KEYS = ("tiers", "lifecycle_stages", "branch_ids", "maturing_within_days", "birthday_this_week", "custom")
MAX_LIST = 500
MAX_DAYS = 366


def _bad(zh: str, en: str) -> InvalidInput:
    return InvalidInput(f"客群条件有误：{zh}", f"The segment is invalid: {en}")


def _typed(field: str, kind: str, value: Any) -> Any:
    try:
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        if kind == "money":
            amount = Decimal(str(value))
            if not amount.is_finite():
                raise InvalidOperation
            return amount
        if kind == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError
        return value
    except (ValueError, TypeError, InvalidOperation):
        _, _, zh, en = FIELDS[field]
        raise _bad(f"“{zh}”的值“{value}”类型不对。", f"{value!r} does not fit {en}.") from None


def _strings(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > MAX_LIST:
        raise _bad(f"{key} 须为非空列表。", f"{key} must be a non-empty list.")
    if not all(isinstance(v, str) and 0 < len(v) <= 64 for v in value):
        raise _bad(f"{key} 的值须为文字。", f"{key} must hold text values.")
    return list(value)


def week_days(today: dt.date) -> list[str]:
    """``MM-DD`` of Monday to Sunday of the week of ``today``."""
    monday = today - dt.timedelta(days=today.weekday())
    return [(monday + dt.timedelta(days=i)).strftime("%m-%d") for i in range(7)]


def criteria(segment: Mapping[str, Any], today: dt.date) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a segment (on :class:`Customer`).

    Raises:
        InvalidInput: an unknown key, field or operator, or a value of the wrong type.
    """
    if not isinstance(segment, Mapping):
        raise _bad("须为字典。", "it must be an object.")
    unknown = sorted(set(segment) - set(KEYS))
    if unknown:
        raise _bad(f"未知条件 {', '.join(unknown)}。", f"unknown keys {', '.join(unknown)}.")
    where: list[ColumnElement[bool]] = []
    if "tiers" in segment:
        where.append(Customer.tier.in_(_strings("tiers", segment["tiers"])))
    if "lifecycle_stages" in segment:
        where.append(Customer.lifecycle_stage.in_(_strings("lifecycle_stages", segment["lifecycle_stages"])))
    if "branch_ids" in segment:
        ids = segment["branch_ids"]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise _bad("branch_ids 须为网点编号列表。", "branch_ids must be a list of branch ids.")
        where.append(Customer.branch_id.in_(ids))
    if segment.get("maturing_within_days") is not None:
        days = segment["maturing_within_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
            raise _bad(f"到期天数须为 0–{MAX_DAYS}。", f"maturing_within_days must be 0-{MAX_DAYS}.")
        where.append(
            exists(  # a named column: SELECT * would need the privilege on the account number too
                select(Holding.id).where(
                    Holding.customer_id == Customer.id,
                    Holding.kind == "term_deposit",
                    Holding.status == "active",
                    Holding.maturity_date.between(today, today + dt.timedelta(days=days)),
                )
            )
        )
    if segment.get("birthday_this_week"):
        where.append(Customer.birth_md.in_(week_days(today)))
    custom = segment.get("custom") or []
    if not isinstance(custom, list) or len(custom) > 20:
        raise _bad("自定义条件须为列表（最多 20 条）。", "custom must be a list of at most 20 conditions.")
    for cond in custom:
        where.append(_condition(cond))
    return where


def _condition(cond: Any) -> ColumnElement[bool]:
    if not isinstance(cond, Mapping) or set(cond) != {"field", "op", "value"}:
        raise _bad("每个自定义条件须有 field、op、value。", "each custom condition needs field, op and value.")
    field, op, value = cond["field"], cond["op"], cond["value"]
    if field not in FIELDS:
        raise _bad(f"不支持的字段“{field}”。", f"unknown field {field!r}.")
    if op not in OPERATORS:
        raise _bad(f"不支持的运算“{op}”。", f"unknown operator {op!r}.")
    column, kind, _, _ = FIELDS[field]
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value or len(value) > MAX_LIST:
            raise _bad(f"“{op}”须配合非空列表。", f"{op!r} needs a non-empty list.")
        values = [_typed(field, kind, v) for v in value]
        return column.in_(values) if op == "in" else column.not_in(values)
    typed = _typed(field, kind, value)
    return {
        "=": column == typed,
        "!=": column != typed,
        "<": column < typed,
        "<=": column <= typed,
        ">": column > typed,
        ">=": column >= typed,
    }[op]


def members(segment: Mapping[str, Any], today: dt.date, scope: ColumnElement[bool]) -> Select[Any]:
    """``SELECT id, preferred_language FROM customer WHERE <segment> AND <scope> ORDER BY id``."""
    where = criteria(segment, today)
    return select(Customer.id, Customer.preferred_language).where(and_(scope, *where)).order_by(Customer.id)
