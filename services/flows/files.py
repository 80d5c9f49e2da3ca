"""Flow files: readable YAML or JSON, checked against ``resources/flows/schema.json``, for review and transfer.

:func:`load` reads a file's text in three steps, each naming the place of the first thing wrong, in both
languages: the YAML/JSON syntax (line and column), the JSON Schema (``steps[3].answer.type``), then
:func:`~.definition.parse`.  :func:`dump` writes the form a reviewer reads: keys in document order, multi-line
texts as YAML block literals, Chinese as it is.

YAML is read as "YAML 1.2 core" would: only ``true``/``false`` are booleans and dates stay text, so that an
option called ``no`` or a value ``2026-03-05`` is not silently turned into something else.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from services.resource_files import resource_path

from .definition import SCHEMA, FlowDefinition, parse
from .errors import FlowFormatError

FORMATS = ("yaml", "json")
MAX_FILE = 32 * 1024 * 1024  # 500 steps of long texts fit; anything bigger is no flow


class _Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core booleans and no implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


class _Dumper(yaml.SafeDumper):
    """Block style, texts with line breaks as literals, [x, y] positions inline."""


class _Point(tuple):  # type: ignore[type-arg]
    """An [x, y] canvas position (written inline)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _point(dumper: yaml.SafeDumper, value: _Point) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Point, _point)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of flow documents (``resources/flows/schema.json``)."""
    data: dict[str, Any] = json.loads(resource_path("flows", "schema.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def place(parts: Any) -> str:
    """``steps[3].answer.type`` from a JSON path such as ``["steps", 3, "answer", "type"]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# (parent key, key) -> what an enumerated value names, for the message.
_ENUM_WHAT: dict[tuple[str, str], tuple[str, str]] = {
    ("", "kind"): ("步骤类型", "step kind"),
    ("answer", "type"): ("回答类型", "answer type"),
    ("action", "type"): ("操作类型", "action type"),
    ("variables", "type"): ("变量类型", "variable type"),
    ("", "op"): ("比较方式", "operator"),
    ("", "channel"): ("渠道", "channel"),
    ("", "field"): ("客户字段", "customer field"),
    ("", "checks"): ("核验项", "check"),
    ("", "schema"): ("格式标识", "schema"),
}


def _schema_error(error: ValidationError) -> FlowFormatError:
    path = place(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = extra[0] if extra else "?"
        return FlowFormatError(
            place([*error.absolute_path, key]),
            f"此处不能有“{key}”（可用：{'、'.join(allowed)}）。",
            f"{key!r} does not belong here (use {', '.join(allowed)}).",
        )
    if kind == "required":
        missing = next((k for k in error.validator_value if isinstance(value, dict) and k not in value), "?")
        return FlowFormatError(place([*error.absolute_path, missing]), "此项必填。", "is required.")
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        shown = "、".join(str(a) for a in allowed)
        shown_en = ", ".join(str(a) for a in allowed)
        last = next((str(p) for p in reversed(error.absolute_path) if not isinstance(p, int)), "")
        parent = next((str(p) for p in list(error.absolute_path)[-2::-1] if not isinstance(p, int)), "")
        what_zh, what_en = _ENUM_WHAT.get((parent, last), _ENUM_WHAT.get(("", last), ("值", "value")))
        return FlowFormatError(
            path,
            f"未知的{what_zh}“{value}”（可用：{shown}）。",
            f"unknown {what_en} {value!r} (use one of {shown_en}).",
        )
    if kind == "type":
        names = {
            "string": "文字",
            "number": "数字",
            "integer": "整数",
            "boolean": "true/false",
            "array": "列表",
            "object": "对象",
            "null": "空",
        }
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return FlowFormatError(
            path,
            f"类型不对：须为{'或'.join(names.get(str(w), str(w)) for w in wanted)}。",
            f"wrong type: must be {' or '.join(str(w) for w in wanted)}.",
        )
    if kind == "pattern":
        return FlowFormatError(
            path,
            f"“{str(value)[:60]}”的格式不对（{error.validator_value}）。",
            f"{str(value)[:60]!r} does not have the right form ({error.validator_value}).",
        )
    if kind in ("maxLength", "minLength", "maxItems", "minItems"):
        most = kind.startswith("max")
        limit, have = error.validator_value, len(value)
        if kind.endswith("Length"):
            return FlowFormatError(
                path,
                f"长度须{'不超过' if most else '不少于'} {limit} 个字符（现有 {have}）。",
                f"must be {'at most' if most else 'at least'} {limit} characters ({have}).",
            )
        return FlowFormatError(
            path,
            f"须{'最多' if most else '至少'}有 {limit} 项（现有 {have}）。",
            f"must have {'at most' if most else 'at least'} {limit} items ({have}).",
        )
    if kind in ("minimum", "maximum"):
        return FlowFormatError(
            path,
            f"须{'不小于' if kind == 'minimum' else '不大于'} {error.validator_value}。",
            f"must be {'at least' if kind == 'minimum' else 'at most'} {error.validator_value}.",
        )
    if kind == "oneOf" and error.schema.get("title") == "text":
        return FlowFormatError(
            path, "须为文字，或含 zh_CN 与 en 的对象。", "must be a string, or an object with zh_CN and en."
        )
    if kind == "oneOf" and error.schema.get("title") == "condition":
        return FlowFormatError(
            path,
            "条件须为 {var, op, value}，或 {all: [...]}、{any: [...]}。",
            "a condition is {var, op, value}, or {all: [...]} or {any: [...]}.",
        )
    return FlowFormatError(path, f"不符合流程格式：{error.message}", f"does not fit the flow format: {error.message}")


def check_schema(data: Any) -> None:
    """Raise the most relevant schema violation of ``data``, if any.

    Raises:
        FlowFormatError: naming the place.
    """
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise _schema_error(error)


def _read(text: str, fmt: str) -> Any:
    if fmt not in FORMATS:
        raise FlowFormatError(
            "", f"未知的文件格式“{fmt}”（可用：yaml、json）。", f"unknown file format {fmt!r} (use yaml or json)."
        )
    if len(text) > MAX_FILE:
        raise FlowFormatError("", "文件过大，不是流程文件。", "the file is too large to be a flow.")
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _syntax(exc.lineno, exc.colno, exc.msg) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise _syntax(line, column, str(exc.problem or exc)) from None
    except yaml.YAMLError as exc:
        raise _syntax(0, 0, str(exc)) from None


def _syntax(line: int, column: int, detail: str) -> FlowFormatError:
    where = f"line {line}, column {column}" if line else ""
    return FlowFormatError(
        where,
        f"文件语法错误：{detail}",
        f"the file's syntax is wrong: {detail}",
    )


def load(text: str, fmt: str = "yaml") -> FlowDefinition:
    """A flow from a YAML or JSON file's text.

    Raises:
        FlowFormatError: a syntax error (with line and column), a schema violation or a format error (with
            the place, e.g. ``steps[3].answer.type``).
    """
    data = _read(text, fmt)
    if not isinstance(data, dict):
        raise FlowFormatError("", "文件内容须为一个流程对象。", "the file must hold one flow object.")
    if data.get("schema") != SCHEMA:
        raise FlowFormatError(
            "schema",
            f"不是可识别的流程文件（schema 须为“{SCHEMA}”）。",
            f"not a flow file this version reads (schema must be {SCHEMA!r}).",
        )
    check_schema(data)
    return parse(data)


def _readable(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "layout" in out:
        out["layout"] = {k: _Point(v) for k, v in out["layout"].items()}
    return out


def dump(defn: FlowDefinition, fmt: str = "yaml") -> str:
    """The file text of a flow (``load(dump(d, f), f) == d``)."""
    data = defn.to_data()
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise FlowFormatError(
            "", f"未知的文件格式“{fmt}”（可用：yaml、json）。", f"unknown file format {fmt!r} (use yaml or json)."
        )
    return yaml.dump(
        _readable(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False
    )
