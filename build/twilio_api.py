"""Extract the Twilio REST facts the simulator checks requests against from Twilio's OpenAPI document.

    python3 build/twilio_api.py PATH/twilio_api_v2010.json [--out resources/twilio/api_v2010.json]

The input is the ``twilio_api_v2010.json`` published in Twilio's ``twilio-oai`` repository (``spec/json``).
The output is a small OpenAPI-shaped document holding only the operations listed in :data:`OPERATIONS`:
for each one its path and query parameters, its form-encoded request body and its JSON responses, with
every local ``$ref`` replaced by what it points to and prose annotations (descriptions, summaries, PII
notes) left out.  Only the first example of each response is kept: the simulator builds its answers from it.

The output is deterministic (sorted keys, two-space indentation, ASCII, one trailing newline), so running
the script again on the same input reproduces the committed file byte for byte.

Standard library only; it imports nothing from the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# The REST operations ContactDesk uses (through the twilio library) or the simulator serves: (method, path).
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("POST", f"{ACCOUNT}/Calls.json"),  # CreateCall: click-to-call
    ("GET", f"{ACCOUNT}/Calls/{{Sid}}.json"),  # FetchCall: reconciling calls whose state is stale
    ("POST", f"{ACCOUNT}/Calls/{{Sid}}.json"),  # UpdateCall: redirect (hold, transfer) and hang up
    ("GET", f"{ACCOUNT}/Queues.json"),  # ListQueue: find a queue by name
    ("POST", f"{ACCOUNT}/Queues.json"),  # CreateQueue: when the name is not found
    ("GET", f"{ACCOUNT}/Queues/{{Sid}}.json"),  # FetchQueue
    ("GET", f"{ACCOUNT}/Queues/{{QueueSid}}/Members.json"),  # ListMember
    ("POST", f"{ACCOUNT}/Queues/{{QueueSid}}/Members/{{CallSid}}.json"),  # UpdateMember: dequeue a caller
    ("POST", f"{ACCOUNT}/Messages.json"),  # CreateMessage: the SMS outbox
    ("GET", f"{ACCOUNT}/Messages.json"),  # ListMessage: find a message whose outcome is unknown
    ("GET", f"{ACCOUNT}/Messages/{{Sid}}.json"),  # FetchMessage
)

# Provenance recorded in the output.  The release is not stated inside the document itself.
RELEASE = "2.6.7"
LICENCE = "MIT"
COPYRIGHT = "Copyright (C) 2023, Twilio, Inc. <help@twilio.com>"
GENERATOR = "build/twilio_api.py"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "twilio" / "api_v2010.json"

FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"
# Annotations with no bearing on validation; dropped wherever a schema or parameter holds them.
ANNOTATIONS = frozenset({"description", "summary", "examples", "example", "externalDocs", "x-twilio"})
PARAMETER_KEYS = ("name", "in", "required", "schema")


class ExtractError(Exception):
    """The input does not hold what the extraction needs."""


class Resolver:
    """Replaces local ``$ref`` pointers (``#/components/...``) by their targets, refusing cycles."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def target(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ExtractError(f"only local references are supported, not {ref!r}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise ExtractError(f"dangling reference {ref!r}")
            node = node[part]
        return node

    def deref(self, node: Any, seen: tuple[str, ...] = ()) -> Any:
        """``node`` itself, or what its ``$ref`` leads to (following chains of references)."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise ExtractError(f"circular reference through {ref!r}")
            seen = (*seen, ref)
            node = self.target(ref)
        return node

    def schema(self, node: Any, seen: tuple[str, ...] = ()) -> Any:
        """A schema with references inlined and annotations removed."""
        if isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise ExtractError(f"circular reference through {ref!r}")
            return self.schema(self.target(ref), (*seen, ref))
        if isinstance(node, list):
            return [self.schema(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ANNOTATIONS:
                continue
            if key == "properties" and isinstance(value, dict):
                # Keys here are field names (a field may well be called "description"), not keywords.
                out[key] = {name: self.schema(sub, seen) for name, sub in value.items()}
            elif key == "enum":
                out[key] = value
            else:
                out[key] = self.schema(value, seen)
        return out


def _parameter(resolver: Resolver, raw: Any) -> dict[str, Any]:
    param = resolver.deref(raw)
    out = {key: param[key] for key in PARAMETER_KEYS if key in param}
    if "schema" in out:
        out["schema"] = resolver.schema(out["schema"])
    return out


def _request_body(resolver: Resolver, raw: Any) -> dict[str, Any]:
    body = resolver.deref(raw)
    content = body.get("content", {})
    if FORM not in content:
        raise ExtractError(f"request body is not {FORM}: {sorted(content)}")
    out: dict[str, Any] = {"content": {FORM: {"schema": resolver.schema(content[FORM].get("schema", {}))}}}
    if "required" in body:
        out["required"] = body["required"]
    return out


def _responses(resolver: Resolver, raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status, value in raw.items():
        response = resolver.deref(value)
        kept: dict[str, Any] = {}
        media = response.get("content", {}).get(JSON_TYPE)
        if media is not None:
            entry: dict[str, Any] = {}
            if "schema" in media:
                entry["schema"] = resolver.schema(media["schema"])
            examples = media.get("examples") or {}
            if examples:
                name, example = next(iter(examples.items()))  # the first, in the document's order
                entry["examples"] = {name: {"value": resolver.deref(example).get("value")}}
            kept["content"] = {JSON_TYPE: entry}
        out[str(status)] = kept
    return out


def _operation(resolver: Resolver, path_item: dict[str, Any], method: str) -> dict[str, Any]:
    op = path_item[method]
    # Parameters declared on the path item apply to every operation unless the operation redeclares them.
    params = {}
    for raw in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        param = _parameter(resolver, raw)
        params[(param.get("in"), param.get("name"))] = param
    out: dict[str, Any] = {"parameters": list(params.values()), "responses": _responses(resolver, op["responses"])}
    if "operationId" in op:
        out["operationId"] = op["operationId"]
    if "requestBody" in op:
        out["requestBody"] = _request_body(resolver, op["requestBody"])
    conditional = (op.get("x-twilio") or {}).get("conditional")
    if conditional:
        out["x-twilio"] = {"conditional": conditional}  # "one of these" rules (the simulator applies them itself)
    return out


def extract(
    document: dict[str, Any],
    source_name: str,
    operations: tuple[tuple[str, str], ...] | None = None,
    release: str = RELEASE,
) -> dict[str, Any]:
    """The reduced document for ``operations`` (default :data:`OPERATIONS`) of an OpenAPI 3.0 ``document``.

    Raises:
        ExtractError: an operation is missing, a body is not form-encoded, or a reference cannot be followed.
    """
    if not str(document.get("openapi", "")).startswith("3.0"):
        raise ExtractError(f"expected an OpenAPI 3.0 document, found openapi={document.get('openapi')!r}")
    if operations is None:
        operations = OPERATIONS
    resolver = Resolver(document)
    info = document.get("info", {})
    paths: dict[str, dict[str, Any]] = {}
    for method, template in operations:
        item = document.get("paths", {}).get(template)
        if item is None or method.lower() not in item:
            raise ExtractError(f"{method} {template} is not in {source_name}")
        paths.setdefault(template, {})[method.lower()] = _operation(resolver, item, method.lower())
    return {
        "openapi": document["openapi"],
        "info": {"title": info.get("title"), "version": info.get("version")},
        "paths": paths,
        "x-extracted": {
            "source": source_name,
            "title": info.get("title"),
            "version": info.get("version"),
            "openapi": document["openapi"],
            "release": f"twilio-oai {release}",
            "licence": LICENCE,
            "copyright": COPYRIGHT,
            "licence_file": "LICENSE",
            "generator": GENERATOR,
            "operations": [f"{method} {template}" for method, template in operations],
        },
    }


def render(data: dict[str, Any]) -> str:
    """The canonical text of the output."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="Twilio's twilio_api_v2010.json (OpenAPI 3.0)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    parser.add_argument("--release", default=RELEASE, help="twilio-oai release of the input (default: %(default)s)")
    args = parser.parse_args(argv)
    document = json.loads(args.source.read_text(encoding="utf-8"))
    try:
        data = extract(document, args.source.name, release=args.release)
    except ExtractError as exc:
        print(f"twilio_api: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(render(data).encode("ascii"))
    print(f"wrote {args.out} ({len(data['paths'])} paths, {len(data['x-extracted']['operations'])} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
