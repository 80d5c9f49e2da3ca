"""The Twilio API facts in ``resources/twilio``: how they are extracted, what they hold, how the simulator uses them.

Twilio's full OpenAPI document is not part of the repository, so nothing here reads it: the extraction script
is exercised on a small synthetic document, and the committed data is checked for what the product needs.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gateway.simulator.rest import RestApi
from gateway.simulator.spec import SpecError, SpecValidator, find_spec
from gateway.simulator.state import AccountState
from services.resource_files import resource_path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build" / "twilio_api.py"
SID = "AC" + "0" * 32
BASE = f"/2010-04-01/Accounts/{SID}"
ACCOUNT = "/2010-04-01/Accounts/{AccountSid}"
FORM = "application/x-www-form-urlencoded"

# What ContactDesk asks of Twilio (gateway/twilio_rest.py, gateway/sms_sender.py), plus Calls fetch.
PRODUCT_OPERATIONS = {
    ("POST", f"{ACCOUNT}/Calls.json"),
    ("GET", f"{ACCOUNT}/Calls/{{Sid}}.json"),
    ("POST", f"{ACCOUNT}/Calls/{{Sid}}.json"),
    ("GET", f"{ACCOUNT}/Queues.json"),
    ("POST", f"{ACCOUNT}/Queues.json"),
    ("POST", f"{ACCOUNT}/Queues/{{QueueSid}}/Members/{{CallSid}}.json"),
    ("POST", f"{ACCOUNT}/Messages.json"),
    ("GET", f"{ACCOUNT}/Messages.json"),
}


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("twilio_api_build", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    return json.loads(resource_path("twilio", "api_v2010.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> SpecValidator:
    return SpecValidator()


# -- the extraction script, on a synthetic document -----------------------------------------------------------------
def synthetic_document() -> dict[str, Any]:
    """Three operations in Twilio's style: a form body with a $ref'd enum, a path pattern, one that is not kept."""
    account = {
        "name": "AccountSid",
        "in": "path",
        "description": "The account.",
        "required": True,
        "schema": {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
    }
    return {
        "openapi": "3.0.1",
        "info": {"title": "Synthetic - Api", "version": "9.8.7", "description": "Not Twilio."},
        "paths": {
            f"{ACCOUNT}/Widgets.json": {
                "description": "Widgets.",
                "post": {
                    "operationId": "CreateWidget",
                    "summary": "Make one.",
                    "tags": ["Widget"],
                    "parameters": [account],
                    "requestBody": {
                        "content": {
                            FORM: {
                                "schema": {
                                    "type": "object",
                                    "title": "CreateWidgetRequest",
                                    "properties": {
                                        "Colour": {"$ref": "#/components/schemas/widget_enum_colour"},
                                        "Name": {"type": "string", "description": "What to call it."},
                                        "description": {"type": "string", "description": "A field, not prose."},
                                    },
                                    "required": ["Name"],
                                }
                            }
                        }
                    },
                    "responses": {
                        "201": {
                            "description": "Created.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/widget"},
                                    "examples": {
                                        "zFirst": {"value": {"sid": "WG1", "colour": "red"}},
                                        "aSecond": {"value": {"sid": "WG2", "colour": "blue"}},
                                    },
                                }
                            },
                        }
                    },
                    "x-twilio": {"conditional": [["name", "colour"]]},
                },
                "get": {
                    "operationId": "ListWidget",
                    "parameters": [account],
                    "responses": {"200": {"description": "Listed."}},
                },
            },
            f"{ACCOUNT}/Widgets/{{Sid}}.json": {
                "get": {
                    "operationId": "FetchWidget",
                    "parameters": [
                        account,
                        {
                            "name": "Sid",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^WG[0-9]+$", "description": "Its SID."},
                            "x-twilio": {"pii": {"handling": "standard"}},
                        },
                    ],
                    "responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "widget_enum_colour": {"type": "string", "enum": ["red", "blue"], "description": "Colours."},
                "widget": {
                    "type": "object",
                    "properties": {
                        "sid": {"type": "string"},
                        "colour": {"$ref": "#/components/schemas/widget_enum_colour"},
                    },
                },
                "unused": {"type": "object"},
            }
        },
    }


KEPT = (("POST", f"{ACCOUNT}/Widgets.json"), ("GET", f"{ACCOUNT}/Widgets/{{Sid}}.json"))


def test_script_extracts_the_listed_operations_with_refs_inlined(script: ModuleType) -> None:
    out = script.extract(synthetic_document(), "synthetic.json", operations=KEPT, release="1.2.3")
    create = out["paths"][f"{ACCOUNT}/Widgets.json"]["post"]
    assert set(out["paths"][f"{ACCOUNT}/Widgets.json"]) == {"post"}  # ListWidget is not kept
    assert "components" not in out  # everything needed is inlined
    body = create["requestBody"]["content"][FORM]["schema"]
    assert body == {
        "type": "object",
        "title": "CreateWidgetRequest",
        "properties": {
            "Colour": {"type": "string", "enum": ["red", "blue"]},
            "Name": {"type": "string"},
            "description": {"type": "string"},  # a field called "description" survives
        },
        "required": ["Name"],
    }
    assert create["operationId"] == "CreateWidget" and "tags" not in create and "summary" not in create
    assert create["parameters"] == [
        {
            "name": "AccountSid",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$"},
        }
    ]
    created = create["responses"]["201"]["content"]["application/json"]
    assert created["schema"]["properties"]["colour"] == {"type": "string", "enum": ["red", "blue"]}
    assert created["examples"] == {"zFirst": {"value": {"sid": "WG1", "colour": "red"}}}  # the first, as written
    assert create["x-twilio"] == {"conditional": [["name", "colour"]]}
    fetch = out["paths"][f"{ACCOUNT}/Widgets/{{Sid}}.json"]["get"]
    assert fetch["parameters"][1] == {
        "name": "Sid",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^WG[0-9]+$"},
    }
    assert fetch["responses"] == {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}
    assert out["info"] == {"title": "Synthetic - Api", "version": "9.8.7"}
    source = out["x-extracted"]
    assert source["source"] == "synthetic.json" and source["version"] == "9.8.7" and source["openapi"] == "3.0.1"
    assert source["release"] == "twilio-oai 1.2.3" and source["licence"] == "MIT"
    assert source["generator"] == "build/twilio_api.py"
    assert source["operations"] == [f"{m} {p}" for m, p in KEPT]


def test_script_output_is_deterministic(script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = synthetic_document()
    shuffled = copy.deepcopy(document)
    shuffled["paths"] = dict(reversed(list(shuffled["paths"].items())))
    shuffled["components"]["schemas"] = dict(reversed(list(shuffled["components"]["schemas"].items())))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(document), encoding="utf-8")
    second.write_text(json.dumps(shuffled, indent=4), encoding="utf-8")
    monkeypatch.setattr(script, "OPERATIONS", KEPT)
    outputs = []
    staged = tmp_path / "in" / "twilio_api_v2010.json"  # the source's name is recorded: keep it the same
    staged.parent.mkdir()
    for source, name in ((first, "a.json"), (second, "b.json"), (first, "c.json")):
        shutil.copyfile(source, staged)
        assert script.main([str(staged), "--out", str(tmp_path / "out" / name)]) == 0
        outputs.append((tmp_path / "out" / name).read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    text = outputs[0].decode("ascii")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_script_refuses_a_document_missing_a_product_operation(tmp_path: Path) -> None:
    source = tmp_path / "twilio_api_v2010.json"
    source.write_text(json.dumps(synthetic_document()), encoding="utf-8")
    out = tmp_path / "out.json"
    # -I: isolated from the project and the environment; the script needs the standard library only.
    run = subprocess.run(
        [sys.executable, "-I", str(SCRIPT), str(source), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Calls.json is not in twilio_api_v2010.json" in run.stderr
    assert not out.exists()


def test_script_imports_the_standard_library_only() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "argparse", "json", "pathlib", "sys", "typing"}


# -- the committed data ---------------------------------------------------------------------------------------------
def test_committed_data_holds_every_operation_the_product_uses(facts: dict[str, Any], script: ModuleType) -> None:
    kept = {(method.upper(), template) for template, item in facts["paths"].items() for method in item}
    assert kept >= PRODUCT_OPERATIONS
    assert kept == set(script.OPERATIONS)  # regenerated after the last change to the list
    assert facts["x-extracted"]["operations"] == [f"{m} {p}" for m, p in script.OPERATIONS]
    served = RestApi(AccountState(SID), "token", SpecValidator(), lambda *_: None).handlers
    assert set(served) <= kept  # every simulated route is checked against Twilio's facts
    for method, template in kept:
        operation = facts["paths"][template][method.lower()]
        assert operation["responses"], f"{method} {template} has no responses"
        if method == "POST":
            assert "properties" in operation["requestBody"]["content"][FORM]["schema"]


def test_committed_data_records_source_version_and_licence(facts: dict[str, Any]) -> None:
    source = facts["x-extracted"]
    assert facts["openapi"] == source["openapi"] == "3.0.1"
    assert source["title"] == facts["info"]["title"] == "Twilio - Api"
    assert source["version"] == facts["info"]["version"] == "1.0.0"
    assert source["release"] == "twilio-oai 2.6.7"
    assert source["licence"] == "MIT" and source["copyright"] == "Copyright (C) 2023, Twilio, Inc. <help@twilio.com>"
    assert source["generator"] == "build/twilio_api.py"
    licence = resource_path("twilio", source["licence_file"]).read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and source["copyright"] in licence
    assert "$ref" not in json.dumps(facts)


def test_committed_data_is_in_canonical_form() -> None:
    raw = resource_path("twilio", "api_v2010.json").read_bytes()
    assert raw.decode("ascii") == json.dumps(json.loads(raw), indent=2, sort_keys=True) + "\n"
    assert len(raw) < 300_000


# -- the validator built from it ------------------------------------------------------------------------------------
CALL = {
    "To": ["+8613800000000"],
    "From": ["+862160000000"],
    "Url": ["http://gateway.example/twilio/voice/agent"],
    "Method": ["POST"],
    "StatusCallback": ["http://gateway.example/twilio/voice/status"],
    "StatusCallbackMethod": ["POST"],
    "StatusCallbackEvent": ["initiated", "ringing", "answered", "completed"],
}


def create_call(validator: SpecValidator, form: dict[str, list[str]], content_type: str = FORM) -> Any:
    return validator.check("POST", f"{BASE}/Calls.json", {}, form, content_type)


def test_validator_loads_the_resource(validator: SpecValidator) -> None:
    assert find_spec() == resource_path("twilio", "api_v2010.json")
    assert {(op.method, op.template) for op in validator.operations} >= PRODUCT_OPERATIONS
    assert SpecValidator(find_spec()).match("GET", f"{BASE}/Queues.json") is not None  # an explicit path still works


def test_validator_accepts_a_correct_call_create(validator: SpecValidator) -> None:
    checked = create_call(validator, CALL)
    assert checked.operation.template == f"{ACCOUNT}/Calls.json"
    assert checked.path == {"AccountSid": SID}
    assert checked.form["To"] == "+8613800000000"
    assert checked.form["StatusCallbackEvent"] == ["initiated", "ringing", "answered", "completed"]
    assert validator.example(checked.operation)["sid"].startswith("CA")  # the shape the simulator answers with


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"Colour": ["red"]}, "Colour"),  # no such field
        ({"Method": ["PATCH"]}, "Method"),  # not in the enum
        ({"StatusCallbackMethod": ["PUT"]}, "StatusCallbackMethod"),
        ({"Timeout": ["soon"]}, "Timeout"),  # not an integer
        ({"To": None}, "To"),  # required
        ({"From": None}, "From"),
    ],
)
def test_validator_refuses_a_bad_call_create(validator: SpecValidator, change: dict[str, Any], word: str) -> None:
    form = {**CALL, **change}
    form = {k: v for k, v in form.items() if v is not None}
    with pytest.raises(SpecError) as err:
        create_call(validator, form)
    assert (err.value.status, err.value.code) == (400, 20001)
    assert word in err.value.message


def test_validator_refuses_requests_outside_the_facts(validator: SpecValidator) -> None:
    with pytest.raises(SpecError) as err:
        create_call(validator, CALL, content_type="application/json")
    assert (err.value.status, err.value.code) == (400, 20001)
    with pytest.raises(SpecError) as err:
        validator.check("GET", f"/2010-04-01/Accounts/AC123/Calls/CA{'1' * 32}.json", {}, {}, "")
    assert (err.value.status, err.value.code) == (400, 20001)  # AccountSid does not fit its pattern
    with pytest.raises(SpecError) as err:
        validator.check("GET", f"{BASE}/Recordings.json", {}, {}, "")
    assert (err.value.status, err.value.code) == (404, 20404)
    with pytest.raises(SpecError) as err:
        validator.check("DELETE", f"{BASE}/Queues.json", {}, {}, "")
    assert (err.value.status, err.value.code) == (405, 20004)


def test_validator_knows_call_fetch(validator: SpecValidator) -> None:
    sid = "CA" + "a" * 32
    checked = validator.check("GET", f"{BASE}/Calls/{sid}.json", {}, {}, "")
    assert checked.operation.template == f"{ACCOUNT}/Calls/{{Sid}}.json" and checked.path["Sid"] == sid
    with pytest.raises(SpecError):
        validator.check("GET", f"{BASE}/Calls/{sid}.json", {}, {"Status": ["completed"]}, FORM)  # fetch has no body


# -- no data outside the repository ---------------------------------------------------------------------------------
def test_validator_loads_in_a_clone_with_nothing_around_it(tmp_path: Path, validator: SpecValidator) -> None:
    clone = tmp_path / "clone"
    for folder in ("db", "services", "gateway", "resources"):
        shutil.copytree(ROOT / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    assert not any((parent / "shared").exists() for parent in clone.parents)
    code = f"""
from pathlib import Path
import gateway.simulator.spec as spec
clone = Path.cwd().resolve()
assert Path(spec.__file__).resolve().is_relative_to(clone), spec.__file__
assert spec.find_spec().resolve().is_relative_to(clone), spec.find_spec()
validator = spec.SpecValidator()
checked = validator.check("POST", "{BASE}/Calls.json", {{}}, {CALL!r}, "{FORM}")
print("ok", len(validator.operations), checked.operation.template)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(clone)
    run = subprocess.run([sys.executable, "-c", code], cwd=clone, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["ok", str(len(validator.operations)), f"{ACCOUNT}/Calls.json"]
