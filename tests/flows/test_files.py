"""Flow files: readable YAML and JSON, checked against resources/flows/schema.json, errors with their place."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

from services.flows import files
from services.flows.conditions import OPERATORS
from services.flows.definition import (
    ACTION_TYPES,
    ANSWER_TYPES,
    IDENTITY_CHECKS,
    MAX_STEPS,
    SCHEMA,
    STEP_KINDS,
    UPDATABLE_FIELDS,
    parse,
)
from services.flows.errors import FlowFormatError
from services.flows.starters import starter_files, starter_flows

from .test_definition import every_kind


def test_the_schema_names_what_the_parser_accepts() -> None:
    schema = files.schema()
    defs = schema["$defs"]
    assert schema["properties"]["schema"]["const"] == SCHEMA
    assert defs["step"]["properties"]["kind"]["enum"] == list(STEP_KINDS)
    assert defs["answer"]["properties"]["type"]["enum"] == list(ANSWER_TYPES)
    assert defs["action"]["properties"]["type"]["enum"] == list(ACTION_TYPES)
    assert schema["properties"]["steps"]["maxItems"] == MAX_STEPS
    leaf = defs["condition"]["oneOf"][2]["properties"]
    assert leaf["op"]["enum"] == list(OPERATORS)
    kinds = {rule["if"]["properties"]["kind"]["const"]: rule["then"] for rule in defs["step"]["allOf"]}
    assert set(kinds) == set(STEP_KINDS)
    assert kinds["identity_check"]["properties"]["checks"]["items"]["enum"] == list(IDENTITY_CHECKS)
    actions = {rule["if"]["properties"]["type"]["const"]: rule["then"] for rule in defs["action"]["allOf"]}
    assert actions["update_customer"]["properties"]["field"]["enum"] == list(UPDATABLE_FIELDS)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_kind_and_every_starter_round_trip(fmt: str) -> None:
    for defn in [parse(every_kind()), *starter_flows()]:
        text = files.dump(defn, fmt)
        assert files.load(text, fmt) == defn
        files.check_schema(json.loads(text) if fmt == "json" else yaml.safe_load(text))


def test_the_yaml_form_is_readable() -> None:
    card_loss = next(d for d in starter_flows() if d.code == "card_loss")
    text = files.dump(card_loss)
    assert text.startswith("schema: contactdesk.flow/1\ncode: card_loss\nname:\n  zh_CN: 银行卡挂失与冻结\n")
    assert "\\u" not in text  # Chinese as it is
    assert "    zh_CN: |-\n      现在为您办理借记卡口头挂失" in text  # multi-line texts as block literals
    layout = parse({**every_kind(), "layout": {"greet": [10, 20]}})
    assert "layout:\n  greet: [10, 20]\n" in files.dump(layout)
    shipped = {path.stem: path.read_text(encoding="utf-8") for path in starter_files()}
    assert set(shipped) == {d.code for d in starter_flows()}


def test_yaml_words_and_dates_stay_text() -> None:
    """YAML 1.1 would turn ``no`` into false and ``2026-03-05`` into a date; flow files keep them as written."""
    text = files.dump(parse(every_kind()))
    text = text.replace("value: debit", "value: no").replace("value: credit\n", "value: yes\n", 1)
    text = text.replace("outcome: service.card_loss", "outcome: 2026-03-05")
    with pytest.raises(FlowFormatError) as caught:
        files.load(text)
    # the outcome is text now (and then not a valid outcome code), not a date the schema calls a wrong type
    assert caught.value.path == "steps[18].outcome" and "2026-03-05" in caught.value.en
    defn = files.load(text.replace("outcome: 2026-03-05", "outcome: done"))
    options = defn.step("pick").answer.options  # type: ignore[union-attr]
    assert [o.value for o in options] == ["no", "yes"]


def _yaml(change: Any) -> str:
    data = copy.deepcopy(every_kind())
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        (
            lambda d: d["steps"][3]["answer"].update(type="choise"),
            "steps[3].answer.type",
            "unknown answer type 'choise'",
        ),
        (lambda d: d["steps"][1].update(kind="jump"), "steps[1].kind", "unknown step kind 'jump'"),
        (lambda d: d["steps"][0].update(nxt="verify"), "steps[0].nxt", "'nxt' does not belong here"),
        (lambda d: d["steps"][10]["action"].pop("channel"), "steps[10].action.channel", "is required"),
        (lambda d: d["steps"][12]["action"].update(due_in_days="soon"), "steps[12].action.due_in_days", "wrong type"),
        (
            lambda d: d["steps"][8]["cases"][0]["when"]["all"][0].update(op="equals"),
            "steps[8].cases[0].when.all[0].op",
            "unknown operator 'equals'",
        ),
        (
            lambda d: d["steps"][8]["cases"][0].update(when={"var": "answers.card"}),
            "steps[8].cases[0].when",
            "condition",
        ),
        (lambda d: d["name"].pop("en"), "name.en", "is required"),
        (lambda d: d.update(name=["银行卡"]), "name", "zh_CN and en"),
        (lambda d: d.update(schema="contactdesk.flow/0"), "schema", "contactdesk.flow/1"),
        (lambda d: d.pop("start"), "start", "is required"),
        (lambda d: d["steps"].extend(copy.deepcopy(d["steps"][:1]) * 490), "steps", "at most 500"),
    ],
)
def test_schema_errors_name_the_place(change: Any, place: str, words: str) -> None:
    with pytest.raises(FlowFormatError) as caught:
        files.load(_yaml(change))
    assert caught.value.path == place, caught.value
    assert words in caught.value.en and caught.value.zh.startswith(place)


def test_what_the_schema_refuses_the_parser_refuses_too() -> None:
    for change in (
        lambda d: d["steps"][3]["answer"].update(type="choise"),
        lambda d: d["steps"][1].update(kind="jump"),
        lambda d: d["steps"][0].update(nxt="verify"),
        lambda d: d["steps"][10]["action"].pop("channel"),
        lambda d: d["steps"][2]["answer"]["options"][0].pop("label"),
        lambda d: d["steps"][4]["answer"].update(options=[]),
        lambda d: d["layout"].update(greet=[1]),
    ):
        data = copy.deepcopy(every_kind())
        change(data)
        with pytest.raises(FlowFormatError):
            files.check_schema(data)
        with pytest.raises(FlowFormatError):
            parse(data)


def test_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(FlowFormatError) as caught:
        files.load("schema: contactdesk.flow/1\nsteps:\n  - {id: a, kind: say, title: {en: Card?}}\n")
    assert caught.value.path == "line 3, column 40" and "syntax" in caught.value.en
    with pytest.raises(FlowFormatError) as caught:
        files.load('{"schema": "contactdesk.flow/1",\n "code": }', "json")
    assert caught.value.path == "line 2, column 10"
    with pytest.raises(FlowFormatError) as caught:
        files.load("- just\n- a list\n")
    assert "one flow object" in caught.value.en
    with pytest.raises(FlowFormatError) as caught:
        files.load("{}", "xml")
    assert "xml" in caught.value.en
