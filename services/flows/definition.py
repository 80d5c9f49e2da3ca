"""The flow document: a versioned graph of steps, read from its dict form into frozen dataclasses.

:func:`parse` checks the *form* of a document (kinds, types, keys, limits) and names the place of the first
thing wrong, e.g. ``steps[3].answer.type``, in Chinese and English.  Whether the graph makes sense
(reachability, ends, loops, variables, templates) is :mod:`.validation`'s job, so that the editor can keep an
unfinished draft.  :meth:`FlowDefinition.to_data` gives the dict back; ``parse(d.to_data()) == d``.

The document (YAML or JSON on disk, JSON in ``service_flow.definition``)::

    schema: contactdesk.flow/1
    code: card_loss
    name: {zh_CN: 银行卡挂失, en: Card loss}
    start: greet
    variables: [{name: card_kind, type: choice}]
    steps:
      - {id: greet, kind: say, text: "您好，{{ customer.name }}", next: which}
      - {id: which, kind: ask, var: card_kind, answer: {type: choice, options: [...]}, next: route}
      - {id: route, kind: branch, cases: [{when: {...}, next: credit}], default: debit}
      - ...
      - {id: done, kind: end, outcome: service.card_loss}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .conditions import Condition, condition_to_data, parse_condition
from .errors import FlowFormatError

__all__ = [
    "ACTION_TYPES",
    "ANSWER_TYPES",
    "IDENTITY_CHECKS",
    "MAX_STEPS",
    "MAX_TEXT",
    "SCHEMA",
    "STEP_KINDS",
    "UPDATABLE_FIELDS",
    "Action",
    "AnswerSpec",
    "Case",
    "FlowDefinition",
    "FlowFormatError",
    "Option",
    "Step",
    "Text",
    "Variable",
    "parse",
]

SCHEMA = "contactdesk.flow/1"
LOCALES = ("zh_CN", "en")
MAX_STEPS = 500
MAX_TEXT = 50_000
MAX_NAME = 100
MAX_TITLE = 120
MAX_OPTIONS = 50
MAX_VARIABLES = 100
MAX_CHECKS = 5
MAX_CASES = 50

CODE = re.compile(r"^[a-z0-9_]{3,48}$")
STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
VAR_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
WORD = re.compile(r"^[A-Za-z0-9_.\-]{1,48}$")
OUTCOME = re.compile(r"^[a-z0-9_.]{1,32}$")
TEMPLATE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
DOTTED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

STEP_KINDS = ("say", "ask", "branch", "identity_check", "read_aloud", "action", "end")
STEP_KIND_NAMES: dict[str, tuple[str, str]] = {
    "say": ("话术", "say"),
    "ask": ("提问", "ask"),
    "branch": ("分支", "branch"),
    "identity_check": ("身份核验", "identity check"),
    "read_aloud": ("合规宣读", "read aloud"),
    "action": ("操作", "action"),
    "end": ("结束", "end"),
}
ANSWER_TYPES = ("choice", "yes_no", "text", "number", "amount", "date")
IDENTITY_CHECKS = ("id_tail4", "birth_date", "recent_transaction")
ACTION_TYPES = (
    "send_template",
    "register_complaint",
    "create_reminder",
    "refer_to_manager",
    "schedule_callback",
    "transfer_queue",
    "update_customer",
    "service_request",
)
# Customer fields an action may change through the normal versioned save (services.sync.records.CustomerAdapter).
UPDATABLE_FIELDS = ("phone", "email", "occupation", "preferred_language", "preferred_channel")
CHANNELS = ("sms", "email")

_COMMON = ("id", "kind", "title")
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "say": (*_COMMON, "text", "next"),
    "ask": (*_COMMON, "text", "answer", "var", "pii", "next"),
    "branch": (*_COMMON, "cases", "default"),
    "identity_check": (*_COMMON, "text", "checks", "required", "next", "fail"),
    "read_aloud": (*_COMMON, "text", "next"),
    "action": (*_COMMON, "text", "action", "next", "on_error"),
    "end": (*_COMMON, "text", "outcome", "disposition"),
}
ANSWER_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("type", "options"),
    "yes_no": ("type",),
    "text": ("type", "max_length"),
    "number": ("type", "min", "max"),
    "amount": ("type", "min", "max"),
    "date": ("type", "min", "max"),
}
# Action type -> (required keys, optional keys).
ACTION_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "send_template": (("template", "channel"), ("values",)),
    "register_complaint": ((), ("category", "summary")),
    "create_reminder": (("kind", "title", "due_in_days"), ()),
    "refer_to_manager": (("interest",), ()),
    "schedule_callback": (("in_minutes",), ()),
    "transfer_queue": (("queue",), ()),
    "update_customer": (("field", "from_answer"), ()),
    "service_request": (("kind", "summary"), ()),
}
_STEP_ID_WHAT = ("步骤编号", "step id")
TOP_KEYS = ("schema", "code", "name", "description", "start", "variables", "steps", "layout")


# -- the dataclasses -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """A text in both interface languages (Jinja2 source, rendered by the messaging sandbox)."""

    zh_CN: str
    en: str

    def get(self, locale: str) -> str:
        """The text for ``locale`` (``en...`` gives English, anything else Chinese)."""
        return self.en if locale.startswith("en") else self.zh_CN

    def to_data(self) -> str | dict[str, str]:
        return self.zh_CN if self.zh_CN == self.en else {"zh_CN": self.zh_CN, "en": self.en}


@dataclass(frozen=True)
class Option:
    """One answer of a choice: the stored ``value`` and its label."""

    value: str
    label: Text


@dataclass(frozen=True)
class AnswerSpec:
    """What an ask step accepts.

    ``min``/``max``: bounds of a number or an amount (CNY); for a date, days relative to the day of the run
    (``min: 0`` = not in the past).  ``max_length``: of a text answer.
    """

    type: str
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    min: int | float | None = None
    max: int | float | None = None

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.type == "choice":
            out["options"] = [{"value": o.value, "label": o.label.to_data()} for o in self.options]
        if self.max_length is not None:
            out["max_length"] = self.max_length
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


@dataclass(frozen=True)
class Variable:
    """A declared input: ``answers.<name>`` is defined from the first step (``default`` until answered)."""

    name: str
    type: str
    default: Any = None

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.default is not None:
            out["default"] = self.default
        return out


@dataclass(frozen=True)
class Case:
    """One way out of a branch: taken when ``when`` holds (cases are tried in order)."""

    when: Condition
    next: str | None


@dataclass(frozen=True)
class Action:
    """What an action step does; only the fields of its ``type`` are set (see :data:`ACTION_KEYS`).

    ``values`` (send_template): template variable -> dotted flow variable, for template values the messaging
    context does not fill itself.  ``summary``/``title`` are texts rendered like step texts.
    """

    type: str
    template: str | None = None
    channel: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    category: str | None = None
    summary: Text | None = None
    kind: str | None = None
    title: Text | None = None
    due_in_days: int | None = None
    interest: str | None = None
    in_minutes: int | None = None
    queue: str | None = None
    field: str | None = None
    from_answer: str | None = None

    def texts(self) -> Iterable[tuple[str, Text]]:
        """(key, text) of the Jinja texts of this action."""
        if self.summary is not None:
            yield "summary", self.summary
        if self.title is not None:
            yield "title", self.title

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        required, optional = ACTION_KEYS[self.type]
        for key in (*required, *optional):
            value = getattr(self, key)
            if value is None or (key == "values" and not value):
                continue
            if isinstance(value, Text):
                value = value.to_data()
            elif key == "values":
                value = dict(value)
            out[key] = value
        return out


@dataclass(frozen=True)
class Step:
    """One node of the graph.  Which fields apply depends on ``kind`` (:data:`STEP_KEYS`)."""

    id: str
    kind: str
    title: Text | None = None
    text: Text | None = None
    answer: AnswerSpec | None = None
    var: str | None = None
    pii: bool = False
    cases: tuple[Case, ...] = ()
    default: str | None = None
    checks: tuple[str, ...] = ()
    required: int | None = None
    action: Action | None = None
    outcome: str | None = None
    disposition: str | None = None  # an end's wrap-up disposition code, when its outcome is not one itself
    next: str | None = None
    fail: str | None = None
    on_error: str | None = None

    def targets(self) -> tuple[tuple[str, str], ...]:
        """Every way out: (label, step id), labels ``next``, ``cases[i]``, ``default``, ``fail``, ``on_error``."""
        out: list[tuple[str, str]] = []
        if self.next:
            out.append(("next", self.next))
        for i, case in enumerate(self.cases):
            if case.next:
                out.append((f"cases[{i}]", case.next))
        if self.default:
            out.append(("default", self.default))
        if self.fail:
            out.append(("fail", self.fail))
        if self.on_error:
            out.append(("on_error", self.on_error))
        return tuple(out)

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.title is not None:
            out["title"] = self.title.to_data()
        if self.text is not None:
            out["text"] = self.text.to_data()
        if self.kind == "ask":
            if self.answer is not None:
                out["answer"] = self.answer.to_data()
            if self.var is not None:
                out["var"] = self.var
            if self.pii:
                out["pii"] = True
        if self.kind == "branch":
            out["cases"] = [{"when": condition_to_data(c.when), "next": c.next} for c in self.cases]
            if self.default is not None:
                out["default"] = self.default
        if self.kind == "identity_check":
            out["checks"] = list(self.checks)
            if self.required is not None:
                out["required"] = self.required
        if self.action is not None:
            out["action"] = self.action.to_data()
        if self.outcome is not None:
            out["outcome"] = self.outcome
        if self.disposition is not None:
            out["disposition"] = self.disposition
        for key in ("next", "fail", "on_error"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class FlowDefinition:
    """A whole flow document."""

    code: str
    name: Text
    start: str
    steps: tuple[Step, ...]
    description: Text | None = None
    variables: tuple[Variable, ...] = ()
    layout: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    schema: str = SCHEMA
    _index: Mapping[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", MappingProxyType({s.id: s for s in self.steps}))
        if not isinstance(self.layout, MappingProxyType):
            object.__setattr__(self, "layout", MappingProxyType(dict(self.layout)))

    def step(self, step_id: str) -> Step:
        """The step named ``step_id`` (KeyError when there is none)."""
        return self._index[step_id]

    def get_step(self, step_id: str | None) -> Step | None:
        return self._index.get(step_id) if step_id is not None else None

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(self._index)

    def answer_vars(self) -> dict[str, str]:
        """Every answer name the flow can hold -> its type (declared variables, then ask steps)."""
        out = {v.name: v.type for v in self.variables}
        for s in self.steps:
            if s.kind == "ask" and s.var and s.answer is not None:
                out.setdefault(s.var, s.answer.type)
        return out

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": self.schema, "code": self.code, "name": self.name.to_data()}
        if self.description is not None:
            out["description"] = self.description.to_data()
        out["start"] = self.start
        if self.variables:
            out["variables"] = [v.to_data() for v in self.variables]
        out["steps"] = [s.to_data() for s in self.steps]
        if self.layout:
            out["layout"] = {k: [v[0], v[1]] for k, v in self.layout.items()}
        return out


# -- parsing ----------------------------------------------------------------------------------------------------
def _fail(path: str, zh: str, en: str) -> FlowFormatError:
    return FlowFormatError(path, zh, en)


def _keys(data: Mapping[str, Any], allowed: Iterable[str], path: str, what_zh: str, what_en: str) -> None:
    allowed = tuple(allowed)
    for key in data:
        if key not in allowed:
            raise _fail(
                f"{path}.{key}" if path else str(key),
                f"{what_zh}不能有“{key}”（可用：{'、'.join(allowed)}）。",
                f"{what_en} has no {key!r} (use {', '.join(allowed)}).",
            )


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, "须为对象（键: 值）。", "must be an object (key: value).")
    return value


def _string(
    value: Any,
    path: str,
    *,
    limit: int,
    pattern: re.Pattern[str] | None = None,
    what: tuple[str, str] = ("名称", "name"),
) -> str:
    if not isinstance(value, str):
        raise _fail(path, "须为文字。", "must be a string.")
    if len(value) > limit:
        raise _fail(
            path, f"最长 {limit} 个字符（现有 {len(value)}）。", f"is at most {limit} characters ({len(value)})."
        )
    if pattern is not None and not pattern.match(value):
        raise _fail(
            path,
            f"“{value[:60]}”不是有效的{what[0]}（{pattern.pattern}）。",
            f"{value[:60]!r} is not a valid {what[1]} ({pattern.pattern}).",
        )
    return value


def _ref(value: Any, path: str) -> str | None:
    """A reference to a step (None when left empty: validation reports the missing way on)."""
    if value is None or value == "":
        return None
    return _string(value, path, limit=48, pattern=STEP_ID, what=_STEP_ID_WHAT)


def _int(value: Any, path: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, "须为整数。", "must be a whole number.")
    if not low <= value <= high:
        raise _fail(path, f"须在 {low} 到 {high} 之间。", f"must be between {low} and {high}.")
    return value


def _number(value: Any, path: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(path, "须为数字。", "must be a number.")
    if value != value or abs(value) > 1e15:
        raise _fail(path, "数字超出范围。", "the number is out of range.")
    return value


def parse_text(value: Any, path: str, *, limit: int = MAX_TEXT) -> Text:
    """A text: one string for both languages, or ``{zh_CN: ..., en: ...}``."""
    if isinstance(value, str):
        _string(value, path, limit=limit)
        return Text(value, value)
    if isinstance(value, Mapping):
        _keys(value, LOCALES, path, "文本", "a text")
        for locale in LOCALES:
            if locale not in value:
                raise _fail(f"{path}.{locale}", "缺少此语言的文本。", "the text in this language is missing.")
            _string(value[locale], f"{path}.{locale}", limit=limit)
        return Text(value["zh_CN"], value["en"])
    raise _fail(path, "须为文字，或含 zh_CN 与 en 的对象。", "must be a string, or an object with zh_CN and en.")


def _answer(value: Any, path: str) -> AnswerSpec:
    data = _mapping(value, path)
    kind = data.get("type")
    if kind not in ANSWER_TYPES:
        raise _fail(
            f"{path}.type",
            f"未知的回答类型“{kind}”（可用：{'、'.join(ANSWER_TYPES)}）。",
            f"unknown answer type {kind!r} (use one of {', '.join(ANSWER_TYPES)}).",
        )
    _keys(data, ANSWER_KEYS[kind], path, f"“{kind}”类型的回答", f"a {kind} answer")
    options: list[Option] = []
    if "options" in data:
        raw = data["options"]
        if not isinstance(raw, list):
            raise _fail(f"{path}.options", "须为选项列表。", "must be a list of options.")
        if len(raw) > MAX_OPTIONS:
            raise _fail(f"{path}.options", f"最多 {MAX_OPTIONS} 个选项。", f"at most {MAX_OPTIONS} options.")
        for i, item in enumerate(raw):
            where = f"{path}.options[{i}]"
            opt = _mapping(item, where)
            _keys(opt, ("value", "label"), where, "选项", "an option")
            if "value" not in opt:
                raise _fail(f"{where}.value", "缺少选项值。", "the option's value is missing.")
            if "label" not in opt:
                raise _fail(f"{where}.label", "缺少选项名称。", "the option's label is missing.")
            options.append(
                Option(
                    _string(opt["value"], f"{where}.value", limit=48, pattern=WORD, what=("选项值", "option value")),
                    parse_text(opt["label"], f"{where}.label", limit=MAX_TITLE),
                )
            )
    max_length = _int(data["max_length"], f"{path}.max_length", low=1, high=MAX_TEXT) if "max_length" in data else None
    low = _number(data["min"], f"{path}.min") if "min" in data and data["min"] is not None else None
    high = _number(data["max"], f"{path}.max") if "max" in data and data["max"] is not None else None
    if kind == "date":
        for key, bound in (("min", low), ("max", high)):
            if bound is not None and not isinstance(bound, int):
                raise _fail(
                    f"{path}.{key}",
                    "日期范围以相对今天的天数表示，须为整数。",
                    "date bounds are whole days from today.",
                )
    return AnswerSpec(kind, tuple(options), max_length, low, high)


def _action(value: Any, path: str) -> Action:
    data = _mapping(value, path)
    kind = data.get("type")
    if kind not in ACTION_TYPES:
        raise _fail(
            f"{path}.type",
            f"未知的操作类型“{kind}”（可用：{'、'.join(ACTION_TYPES)}）。",
            f"unknown action type {kind!r} (use one of {', '.join(ACTION_TYPES)}).",
        )
    required, optional = ACTION_KEYS[kind]
    _keys(data, ("type", *required, *optional), path, f"“{kind}”操作", f"a {kind} action")
    for key in required:
        if key not in data or data[key] in (None, ""):
            raise _fail(f"{path}.{key}", f"“{kind}”操作须填写“{key}”。", f"a {kind} action needs {key!r}.")
    fields: dict[str, Any] = {}
    for key in (*required, *optional):
        if key not in data or data[key] is None:
            continue
        raw, where = data[key], f"{path}.{key}"
        if key == "template":
            fields[key] = _string(raw, where, limit=48, pattern=TEMPLATE_CODE, what=("模板代码", "template code"))
        elif key == "channel":
            if raw not in CHANNELS:
                raise _fail(where, "渠道须为 sms 或 email。", "the channel must be sms or email.")
            fields[key] = raw
        elif key == "values":
            pairs = _mapping(raw, where)
            out: list[tuple[str, str]] = []
            for name, source in pairs.items():
                _string(name, f"{where}.{name}", limit=48, pattern=VAR_NAME, what=("模板变量", "template variable"))
                out.append(
                    (
                        name,
                        _string(
                            source, f"{where}.{name}", limit=100, pattern=DOTTED, what=("流程变量名", "flow variable")
                        ),
                    )
                )
            fields[key] = tuple(out)
        elif key in ("summary", "title"):
            fields[key] = parse_text(raw, where, limit=4000 if key == "summary" else MAX_TITLE)
        elif key in ("category", "kind", "queue"):
            fields[key] = _string(raw, where, limit=48, pattern=WORD, what=("代码", "code"))
        elif key == "interest":
            fields[key] = _string(raw, where, limit=48)
        elif key == "due_in_days":
            fields[key] = _int(raw, where, low=0, high=3660)
        elif key == "in_minutes":
            fields[key] = _int(raw, where, low=1, high=43_200)
        elif key == "field":
            if raw not in UPDATABLE_FIELDS:
                raise _fail(
                    where,
                    f"不能通过流程修改“{raw}”（可改：{'、'.join(UPDATABLE_FIELDS)}）。",
                    f"a flow cannot change {raw!r} (it may change {', '.join(UPDATABLE_FIELDS)}).",
                )
            fields[key] = raw
        elif key == "from_answer":
            fields[key] = _string(raw, where, limit=48, pattern=VAR_NAME, what=("回答变量", "answer variable"))
    return Action(kind, **fields)


def _cases(value: Any, path: str) -> tuple[Case, ...]:
    if not isinstance(value, list):
        raise _fail(path, "须为条件分支列表。", "must be a list of cases.")
    if len(value) > MAX_CASES:
        raise _fail(path, f"最多 {MAX_CASES} 个分支。", f"at most {MAX_CASES} cases.")
    out = []
    for i, item in enumerate(value):
        where = f"{path}[{i}]"
        case = _mapping(item, where)
        _keys(case, ("when", "next"), where, "分支", "a case")
        if "when" not in case:
            raise _fail(f"{where}.when", "缺少条件（when）。", "the condition (when) is missing.")
        out.append(Case(parse_condition(case["when"], f"{where}.when"), _ref(case.get("next"), f"{where}.next")))
    return tuple(out)


def _step(value: Any, path: str) -> Step:
    data = _mapping(value, path)
    if "id" not in data:
        raise _fail(f"{path}.id", "缺少步骤编号（id）。", "the step's id is missing.")
    step_id = _string(data["id"], f"{path}.id", limit=48, pattern=STEP_ID, what=_STEP_ID_WHAT)
    kind = data.get("kind")
    if kind not in STEP_KINDS:
        raise _fail(
            f"{path}.kind",
            f"未知的步骤类型“{kind}”（可用：{'、'.join(STEP_KINDS)}）。",
            f"unknown step kind {kind!r} (use one of {', '.join(STEP_KINDS)}).",
        )
    zh_kind, en_kind = STEP_KIND_NAMES[kind]
    _keys(data, STEP_KEYS[kind], path, f"“{zh_kind}”步骤", f"a {en_kind} step")
    fields: dict[str, Any] = {}
    if data.get("title") is not None:
        fields["title"] = parse_text(data["title"], f"{path}.title", limit=MAX_TITLE)
    if data.get("text") is not None:
        fields["text"] = parse_text(data["text"], f"{path}.text")
    if kind == "ask":
        if data.get("answer") is None:
            raise _fail(f"{path}.answer", "提问步骤须定义回答（answer）。", "an ask step needs an answer spec.")
        fields["answer"] = _answer(data["answer"], f"{path}.answer")
        if data.get("var") is None:
            raise _fail(
                f"{path}.var", "提问步骤须指定保存回答的变量（var）。", "an ask step needs var, the answer's name."
            )
        fields["var"] = _string(
            data["var"], f"{path}.var", limit=48, pattern=VAR_NAME, what=("变量名", "variable name")
        )
        pii = data.get("pii", False)
        if not isinstance(pii, bool):
            raise _fail(f"{path}.pii", "须为 true 或 false。", "must be true or false.")
        fields["pii"] = pii
    if kind == "branch":
        fields["cases"] = _cases(data.get("cases", []), f"{path}.cases")
        fields["default"] = _ref(data.get("default"), f"{path}.default")
    if kind == "identity_check":
        checks = data.get("checks")
        if not isinstance(checks, list) or not checks:
            raise _fail(f"{path}.checks", "须列出核验项。", "must list the checks.")
        if len(checks) > MAX_CHECKS:
            raise _fail(f"{path}.checks", f"最多 {MAX_CHECKS} 项。", f"at most {MAX_CHECKS} checks.")
        for i, check in enumerate(checks):
            if check not in IDENTITY_CHECKS:
                raise _fail(
                    f"{path}.checks[{i}]",
                    f"未知的核验项“{check}”（可用：{'、'.join(IDENTITY_CHECKS)}）。",
                    f"unknown check {check!r} (use one of {', '.join(IDENTITY_CHECKS)}).",
                )
        fields["checks"] = tuple(checks)
        if data.get("required") is not None:
            fields["required"] = _int(data["required"], f"{path}.required", low=0, high=MAX_CHECKS)
    if kind == "action":
        if data.get("action") is None:
            raise _fail(f"{path}.action", "操作步骤须定义操作（action）。", "an action step needs its action.")
        fields["action"] = _action(data["action"], f"{path}.action")
    if kind == "end" and data.get("outcome") is not None:
        fields["outcome"] = _string(
            data["outcome"], f"{path}.outcome", limit=32, pattern=OUTCOME, what=("结果代码", "outcome code")
        )
    if kind == "end" and data.get("disposition") is not None:
        fields["disposition"] = _string(
            data["disposition"],
            f"{path}.disposition",
            limit=32,
            pattern=OUTCOME,
            what=("整理处理结果代码", "wrap-up disposition code"),
        )
    for key in ("next", "fail", "on_error"):
        if key in data:
            fields[key] = _ref(data[key], f"{path}.{key}")
    return Step(step_id, kind, **fields)


def _variables(value: Any, path: str) -> tuple[Variable, ...]:
    if not isinstance(value, list):
        raise _fail(path, "须为变量列表。", "must be a list of variables.")
    if len(value) > MAX_VARIABLES:
        raise _fail(path, f"最多 {MAX_VARIABLES} 个变量。", f"at most {MAX_VARIABLES} variables.")
    out: list[Variable] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"{path}[{i}]"
        data = _mapping(item, where)
        _keys(data, ("name", "type", "default"), where, "变量", "a variable")
        name = _string(data.get("name"), f"{where}.name", limit=48, pattern=VAR_NAME, what=("变量名", "variable name"))
        if name in seen:
            raise _fail(f"{where}.name", f"变量“{name}”重复声明。", f"variable {name!r} is declared twice.")
        seen.add(name)
        kind = data.get("type")
        if kind not in ANSWER_TYPES:
            raise _fail(
                f"{where}.type",
                f"未知的变量类型“{kind}”（可用：{'、'.join(ANSWER_TYPES)}）。",
                f"unknown variable type {kind!r} (use one of {', '.join(ANSWER_TYPES)}).",
            )
        default = data.get("default")
        if default is not None and (not isinstance(default, (str, int, float, bool)) or len(str(default)) > 200):
            raise _fail(
                f"{where}.default",
                "默认值须为简短的文字、数字或是/否。",
                "a default is a short word, number or true/false.",
            )
        out.append(Variable(name, kind, default))
    return tuple(out)


def _layout(value: Any, path: str) -> dict[str, tuple[float, float]]:
    data = _mapping(value, path)
    out: dict[str, tuple[float, float]] = {}
    for key, point in data.items():
        where = f"{path}.{key}"
        _string(key, where, limit=48, pattern=STEP_ID, what=_STEP_ID_WHAT)
        if not isinstance(point, (list, tuple)) or len(point) != 2:
            raise _fail(where, "须为 [x, y] 坐标。", "must be an [x, y] position.")
        out[key] = (_number(point[0], f"{where}[0]"), _number(point[1], f"{where}[1]"))
    return out


def parse(data: Mapping[str, Any]) -> FlowDefinition:
    """A flow from its document form (as stored, or as read from a YAML/JSON file).

    Raises:
        FlowFormatError: the first thing that does not fit the format, with its place.
    """
    data = _mapping(data, "")
    _keys(data, TOP_KEYS, "", "流程文档", "a flow document")
    if data.get("schema") != SCHEMA:
        raise _fail(
            "schema",
            f"不是可识别的流程格式（须为“{SCHEMA}”）。",
            f"not a flow document this version reads (schema must be {SCHEMA!r}).",
        )
    for key in ("code", "name", "start", "steps"):
        if data.get(key) in (None, ""):
            raise _fail(key, "此项必填。", "is required.")
    code = _string(data["code"], "code", limit=48, pattern=CODE, what=("流程代码", "flow code"))
    name = parse_text(data["name"], "name", limit=MAX_NAME)
    description = parse_text(data["description"], "description", limit=4000) if data.get("description") else None
    start = _string(data["start"], "start", limit=48, pattern=STEP_ID, what=_STEP_ID_WHAT)
    raw_steps = data["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail("steps", "须为非空的步骤列表。", "must be a non-empty list of steps.")
    if len(raw_steps) > MAX_STEPS:
        raise _fail(
            "steps",
            f"最多 {MAX_STEPS} 个步骤（现有 {len(raw_steps)}）。",
            f"at most {MAX_STEPS} steps ({len(raw_steps)}).",
        )
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw_steps):
        step = _step(item, f"steps[{i}]")
        if step.id in seen:
            raise _fail(
                f"steps[{i}].id",
                f"步骤编号“{step.id}”与 steps[{seen[step.id]}] 重复。",
                f"step id {step.id!r} is used by steps[{seen[step.id]}] already.",
            )
        seen[step.id] = i
        steps.append(step)
    variables = _variables(data["variables"], "variables") if data.get("variables") is not None else ()
    layout = _layout(data["layout"], "layout") if data.get("layout") is not None else {}
    return FlowDefinition(
        code=code,
        name=name,
        start=start,
        steps=tuple(steps),
        description=description,
        variables=variables,
        layout=MappingProxyType(layout),
    )
