"""Checking REST requests against the Twilio API facts shipped in ``resources/twilio/api_v2010.json``.

That file is an extract of Twilio's OpenAPI description of the 2010-04-01 API (twilio-oai, MIT licence): only
the operations ContactDesk calls or the simulator serves, with ``$ref`` pointers inlined.  It is regenerated
from Twilio's published document with ``build/twilio_api.py``.  By default nothing outside the project is read.

Each request is matched to its operation by method and path template; path and query parameters and the
form-encoded body are checked against the operation's schemas (types, enums, patterns, required fields,
unknown fields).  Custom formats such as ``phone-number`` are not JSON-Schema formats and are ignored.
A path that fits no kept operation is answered 404; a kept path asked with another method, 405.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from services.resource_files import resource_path

SPEC_RESOURCE = ("twilio", "api_v2010.json")


def find_spec() -> Path:
    """The extracted Twilio API facts among the project's resources."""
    return resource_path(*SPEC_RESOURCE)


class SpecError(Exception):
    """A request that does not fit the spec, as a Twilio-shaped error."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Operation:
    """One (method, path template) of the spec."""

    method: str
    template: str
    regex: re.Pattern[str]
    path_params: dict[str, dict[str, Any]]
    query_params: dict[str, dict[str, Any]]
    body: dict[str, Any] | None  # form schema with $refs resolved
    responses: dict[str, Any]


@dataclass(frozen=True)
class CheckedRequest:
    """A request that fits its operation, with typed values."""

    operation: Operation
    path: dict[str, str]
    query: dict[str, Any]
    form: dict[str, Any]


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[A-Za-z]+\})", template)
    pattern = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{pattern}$")


class SpecValidator:
    """The operations of one OpenAPI document, ready to check requests against.

    ``path`` defaults to the facts shipped in the resources (:func:`find_spec`); any OpenAPI 3.0 document with
    form-encoded request bodies, such as Twilio's complete ``twilio_api_v2010.json``, may be given instead.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.document = json.loads((path or find_spec()).read_text(encoding="utf-8"))
        self.operations: list[Operation] = []
        for template, item in self.document["paths"].items():
            for method in ("get", "post", "delete", "put"):
                op = item.get(method)
                if op is None:
                    continue
                params = [self._resolve(p) for p in op.get("parameters", [])]
                body = None
                content = (op.get("requestBody") or {}).get("content", {})
                if "application/x-www-form-urlencoded" in content:
                    body = self._resolve(content["application/x-www-form-urlencoded"]["schema"])
                self.operations.append(
                    Operation(
                        method.upper(),
                        template,
                        _template_regex(template),
                        {p["name"]: p for p in params if p.get("in") == "path"},
                        {p["name"]: p for p in params if p.get("in") == "query"},
                        body,
                        op.get("responses", {}),
                    )
                )
        # Most specific first: fewer placeholders win ("/Queues.json" before "/Queues/{Sid}.json").
        self.operations.sort(key=lambda o: (o.template.count("{"), -len(o.template)))

    def _resolve(self, node: Any) -> Any:
        """Inline every local $ref."""
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("#/"):
                target: Any = self.document
                for part in node["$ref"][2:].split("/"):
                    target = target[part]
                return self._resolve(copy.deepcopy(target))
            return {k: self._resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self._resolve(v) for v in node]
        return node

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation for ``method`` and ``path``, with the path parameters."""
        for op in self.operations:
            if op.method == method.upper():
                found = op.regex.match(path)
                if found:
                    return op, found.groupdict()
        return None

    def example(self, op: Operation, status: str | None = None) -> dict[str, Any]:
        """The first example response of ``op`` (a shape to fill in)."""
        for code, response in op.responses.items():
            if status is not None and code != status:
                continue
            examples = response.get("content", {}).get("application/json", {}).get("examples", {})
            for example in examples.values():
                return copy.deepcopy(example.get("value", {}))
        return {}

    def check(
        self, method: str, path: str, query: dict[str, list[str]], form: dict[str, list[str]], content_type: str
    ) -> CheckedRequest:
        """Match and check a request.

        Raises:
            SpecError: 404 (no such resource), 405, or 400 for parameters that do not fit.
        """
        found = self.match(method, path)
        if found is None:
            if any(op.regex.match(path) for op in self.operations):
                raise SpecError(405, 20004, f"Method {method} not allowed for {path}")
            raise SpecError(404, 20404, f"The requested resource {path} was not found")
        op, path_params = found
        for name, param in op.path_params.items():
            _check_value(name, path_params.get(name, ""), param.get("schema", {}), "path")
        checked_query = self._typed(query, {n: p.get("schema", {}) for n, p in op.query_params.items()}, [], "query")
        checked_form: dict[str, Any] = {}
        if op.body is not None:
            if form and content_type.split(";")[0].strip() != "application/x-www-form-urlencoded":
                raise SpecError(400, 20001, "Request body must be application/x-www-form-urlencoded")
            checked_form = self._typed(form, op.body.get("properties", {}), op.body.get("required", []), "body")
        elif form:
            raise SpecError(400, 20001, f"{method} {op.template} takes no request body")
        return CheckedRequest(op, path_params, checked_query, checked_form)

    @staticmethod
    def _typed(
        values: dict[str, list[str]], properties: dict[str, Any], required: list[str], where: str
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, raw in values.items():
            schema = properties.get(name)
            if schema is None:
                raise SpecError(400, 20001, f"Unknown parameter '{name}' in the {where}")
            if schema.get("type") == "array":
                out[name] = [_coerce(name, v, schema.get("items", {})) for v in raw]
            elif len(raw) > 1:
                raise SpecError(400, 20001, f"Parameter '{name}' given more than once")
            else:
                out[name] = _coerce(name, raw[0], schema)
            _check_value(name, out[name], schema, where)
        for name in required:
            if name not in out:
                raise SpecError(400, 20001, f"Missing required parameter {name} in the {where}")
        return out


def _coerce(name: str, value: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        raise SpecError(400, 20001, f"Parameter '{name}' must be a {kind}") from None
    if kind == "boolean":
        if value.lower() not in ("true", "false"):
            raise SpecError(400, 20001, f"Parameter '{name}' must be true or false")
        return value.lower() == "true"
    return value


def _check_value(name: str, value: Any, schema: dict[str, Any], where: str) -> None:
    try:
        jsonschema.validate(value, schema)  # no format checker: custom formats are ignored
    except jsonschema.ValidationError as exc:
        raise SpecError(400, 20001, f"Invalid {where} parameter '{name}': {exc.message}") from None
