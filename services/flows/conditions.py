"""Branch conditions of service flows, and the catalogue of variables flows may read.

A condition document is a leaf ``{var: customer.tier, op: in, value: [private, platinum]}`` or a group
``{all: [...]}`` / ``{any: [...]}`` whose items are again leaves or groups.  ``var`` is a dotted name from
:data:`CONDITION_VARIABLES` or ``answers.<name>`` (an earlier answer or a declared variable).

:func:`evaluate` is shared by the runner (which branch to take) and the editor's preview.  It never raises
on data: a value that is missing is ``None``, and a comparison that makes no sense (a number against a word)
is simply false.  Texts in flows read the variables of :data:`TEXT_VARIABLES` (``{{ customer.name }}``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import FlowFormatError

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "contains", "exists")
LIST_OPERATORS = ("in", "not_in")
GROUP_MODES = ("all", "any")
ANSWERS = "answers"
MAX_DEPTH = 8
MAX_ITEMS = 100
MAX_LIST = 200
VAR_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")

# Dotted name -> (Chinese label, English label, kind).  Kinds: text, number, amount, list.
CONDITION_VARIABLES: dict[str, tuple[str, str, str]] = {
    "customer.tier": ("客户等级", "customer tier", "text"),
    "customer.vip_level": ("贵宾级别", "VIP level", "number"),
    "customer.lifecycle_stage": ("生命周期阶段", "lifecycle stage", "text"),
    "customer.risk_level": ("风险承受等级", "risk tolerance level", "text"),
    "customer.segment": ("客户分群", "segment", "text"),
    "customer.value_score": ("价值评分", "value score", "number"),
    "customer.aum": ("资产管理规模", "assets under management", "amount"),
    "customer.products": ("持有产品类别", "product kinds held", "list"),
    "customer.open_complaints": ("未结投诉数", "open complaints", "number"),
    "customer.maturing_deposits": ("近期到期的定期存款笔数", "term deposits maturing soon", "number"),
    "call.queue": ("来电队列", "call queue", "text"),
    "call.ivr_choice": ("IVR 按键", "IVR choice", "text"),
    "call.direction": ("呼叫方向", "call direction", "text"),
    "product.risk_rating": ("产品风险等级", "product risk rating", "text"),
}

# Variables texts may use: root -> attribute -> (Chinese label, English label).  Identifiers appear masked
# only.  ``answers.<name>`` comes on top (the flow's own answers).
TEXT_VARIABLES: dict[str, dict[str, tuple[str, str]]] = {
    "customer": {
        "name": ("客户姓名", "customer's name"),
        "surname": ("姓氏", "surname"),
        "title": ("称谓（先生/女士）", "title (Mr/Ms)"),
        "tier": ("客户等级", "tier"),
        "vip_level": ("贵宾级别", "VIP level"),
        "lifecycle_stage": ("生命周期阶段", "lifecycle stage"),
        "risk_level": ("风险承受等级", "risk tolerance level"),
        "segment": ("客户分群", "segment"),
        "value_score": ("价值评分", "value score"),
        "aum": ("资产管理规模", "assets under management"),
        "products": ("持有产品类别", "product kinds held"),
        "open_complaints": ("未结投诉数", "open complaints"),
        "maturing_deposits": ("近期到期的定期存款笔数", "term deposits maturing soon"),
        "id_masked": ("证件号码（掩码）", "ID number (masked)"),
        "phone_masked": ("手机号码（掩码）", "phone number (masked)"),
    },
    "call": {
        "queue": ("来电队列", "queue"),
        "ivr_choice": ("IVR 按键", "IVR choice"),
        "direction": ("呼叫方向", "direction"),
    },
    "agent": {"name": ("坐席姓名", "agent's name")},
    "product": {"name": ("产品名称", "product name"), "risk_rating": ("产品风险等级", "product risk rating")},
}


@dataclass(frozen=True)
class Compare:
    """One comparison: the value of ``var`` against ``value`` (a tuple for ``in``/``not_in``)."""

    var: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class Group:
    """``all`` (every item holds) or ``any`` (at least one does) of several conditions."""

    mode: str
    items: tuple[Condition, ...]


Condition = Compare | Group

_SCALARS = (str, int, float, bool, type(None))


def _err(path: str, zh: str, en: str) -> FlowFormatError:
    return FlowFormatError(path, zh, en)


def _scalar(value: Any, path: str) -> Any:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, _SCALARS):
        raise _err(
            path, "比较值须为文字、数字或是/否。", "a value to compare with must be a word, a number or true/false."
        )
    if isinstance(value, str) and len(value) > 200:
        raise _err(path, "比较值最长 200 个字符。", "a value to compare with is at most 200 characters.")
    return value


def parse_condition(data: Any, path: str = "when", depth: int = 0) -> Condition:
    """A condition from its document form.

    Raises:
        FlowFormatError: naming the place (``path``), e.g. ``steps[4].cases[0].when.all[1].op``.
    """
    if depth > MAX_DEPTH:
        raise _err(path, f"条件嵌套超过 {MAX_DEPTH} 层。", f"conditions nest at most {MAX_DEPTH} deep.")
    if not isinstance(data, Mapping):
        raise _err(
            path,
            "条件须为对象（var/op/value，或 all/any）。",
            "a condition must be an object (var/op/value, or all/any).",
        )
    keys = set(data)
    modes = keys & set(GROUP_MODES)
    if modes:
        if len(keys) != 1:
            raise _err(
                path,
                "all/any 条件只能有一个键（all 或 any）。",
                "an all/any condition has exactly one key (all or any).",
            )
        mode = next(iter(modes))
        items = data[mode]
        where = f"{path}.{mode}"
        if not isinstance(items, list) or not items:
            raise _err(where, "须为非空的条件列表。", "must be a non-empty list of conditions.")
        if len(items) > MAX_ITEMS:
            raise _err(where, f"最多 {MAX_ITEMS} 个条件。", f"at most {MAX_ITEMS} conditions.")
        return Group(mode, tuple(parse_condition(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(items)))
    unknown = sorted(str(k) for k in keys - {"var", "op", "value"})
    if unknown:
        raise _err(
            f"{path}.{unknown[0]}",
            f"未知的键“{unknown[0]}”（可用：var、op、value，或 all、any）。",
            f"unknown key {unknown[0]!r} (use var, op, value, or all, any).",
        )
    var = data.get("var")
    if not isinstance(var, str) or not var:
        raise _err(f"{path}.var", "缺少变量名（var）。", "the variable name (var) is missing.")
    if "." not in var or len(var) > 100:
        raise _err(
            f"{path}.var",
            f"变量名“{var}”须为带点的名称，如 customer.tier 或 answers.card_kind。",
            f"variable {var!r} must be a dotted name such as customer.tier or answers.card_kind.",
        )
    op = data.get("op")
    if op not in OPERATORS:
        raise _err(
            f"{path}.op",
            f"未知的比较方式“{op}”（可用：{'、'.join(OPERATORS)}）。",
            f"unknown operator {op!r} (use one of {', '.join(OPERATORS)}).",
        )
    value = data.get("value")
    if op == "exists":
        if "value" in data and value is not None:
            raise _err(f"{path}.value", "exists 不需要比较值。", "exists takes no value.")
        return Compare(var, op, None)
    if "value" not in data:
        raise _err(f"{path}.value", "缺少比较值（value）。", "the value to compare with is missing.")
    if op in LIST_OPERATORS:
        if not isinstance(value, (list, tuple)) or not value:
            raise _err(f"{path}.value", f"{op} 的比较值须为非空列表。", f"the value of {op} must be a non-empty list.")
        if len(value) > MAX_LIST:
            raise _err(f"{path}.value", f"列表最多 {MAX_LIST} 项。", f"the list holds at most {MAX_LIST} values.")
        return Compare(var, op, tuple(_scalar(v, f"{path}.value[{i}]") for i, v in enumerate(value)))
    return Compare(var, op, _scalar(value, f"{path}.value"))


def condition_to_data(cond: Condition) -> dict[str, Any]:
    """The document form of a condition (what :func:`parse_condition` reads)."""
    if isinstance(cond, Group):
        return {cond.mode: [condition_to_data(item) for item in cond.items]}
    out: dict[str, Any] = {"var": cond.var, "op": cond.op}
    if cond.op != "exists":
        value = cond.value
        if isinstance(value, tuple):
            value = [_plain(v) for v in value]
        out["value"] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def compares(cond: Condition) -> Iterator[Compare]:
    """Every comparison in a condition, depth first."""
    if isinstance(cond, Compare):
        yield cond
        return
    for item in cond.items:
        yield from compares(item)


def answer_name(var: str) -> str | None:
    """``card_kind`` for ``answers.card_kind``; None for any other variable."""
    root, _, rest = var.partition(".")
    return rest if root == ANSWERS and rest else None


# -- evaluation -----------------------------------------------------------------------------------------------
Values = Mapping[str, Any] | Callable[[str], Any]


def flatten(scopes: Mapping[str, Mapping[str, Any] | None]) -> dict[str, Any]:
    """``{"customer": {"tier": "gold"}}`` -> ``{"customer.tier": "gold"}`` (one level, as variables are named)."""
    out: dict[str, Any] = {}
    for root, values in scopes.items():
        for key, value in (values or {}).items():
            out[f"{root}.{key}"] = value
    return out


def evaluate(cond: Condition, values: Values) -> bool:
    """Whether ``cond`` holds for ``values`` (dotted name -> value, or a function of the name)."""
    get: Callable[[str], Any] = values.get if isinstance(values, Mapping) else values
    return _holds(cond, get)


def _holds(cond: Condition, get: Callable[[str], Any]) -> bool:
    if isinstance(cond, Group):
        results = (_holds(item, get) for item in cond.items)
        return all(results) if cond.mode == "all" else any(results)
    return compare(get(cond.var), cond.op, cond.value)


def compare(actual: Any, op: str, expected: Any) -> bool:
    """One comparison (see the module's rules); unknown operators are false."""
    if op == "exists":
        return actual is not None and actual != "" and actual != [] and actual != ()
    if op == "eq":
        return _equal(actual, expected)
    if op == "ne":
        return not _equal(actual, expected)
    if op == "in":
        return actual is not None and any(_equal(actual, item) for item in expected or ())
    if op == "not_in":
        return not any(_equal(actual, item) for item in expected or ())
    if op == "contains":
        if isinstance(actual, (list, tuple, set, frozenset)):
            return any(_equal(item, expected) for item in actual)
        if isinstance(actual, str) and isinstance(expected, str):
            return expected in actual
        return False
    if op in ("gt", "ge", "lt", "le"):
        pair = _ordered(actual, expected)
        if pair is None:
            return False
        a, b = pair
        try:
            if op == "gt":
                return bool(a > b)
            if op == "ge":
                return bool(a >= b)
            if op == "lt":
                return bool(a < b)
            return bool(a <= b)
        except TypeError:
            return False
    return False


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text and re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            try:
                return Decimal(text)
            except InvalidOperation:
                return None
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _ordered(a: Any, b: Any) -> tuple[Any, Any] | None:
    if a is None or b is None:
        return None
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na, nb
    if isinstance(a, (dt.date, dt.datetime)) or isinstance(b, (dt.date, dt.datetime)):
        da, db_ = _date(a), _date(b)
        return (da, db_) if da is not None and db_ is not None else None
    if isinstance(a, str) and isinstance(b, str):
        da, db_ = _date(a), _date(b)
        if da is not None and db_ is not None:
            return da, db_
        return a, b
    return None


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None and not (isinstance(a, str) and isinstance(b, str)):
        return na == nb
    if isinstance(a, (dt.date, dt.datetime)) or isinstance(b, (dt.date, dt.datetime)):
        da, db_ = _date(a), _date(b)
        return da is not None and da == db_
    return bool(a == b)
