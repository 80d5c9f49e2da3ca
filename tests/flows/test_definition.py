"""The flow document: parsed into frozen dataclasses, written back unchanged, refused with the place named."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from services.flows import conditions
from services.flows.conditions import Compare, Group, evaluate, flatten, parse_condition
from services.flows.definition import (
    ACTION_KEYS,
    ACTION_TYPES,
    MAX_STEPS,
    MAX_TEXT,
    STEP_KINDS,
    FlowDefinition,
    Text,
    parse,
)
from services.flows.errors import FlowFormatError


def every_kind() -> dict[str, Any]:
    """A document using every step kind, every answer type and every action type."""
    return {
        "schema": "contactdesk.flow/1",
        "code": "every_kind",
        "name": {"zh_CN": "全部步骤", "en": "Every step"},
        "description": "说明",
        "start": "greet",
        "variables": [{"name": "channel_hint", "type": "text", "default": "sms"}],
        "steps": [
            {
                "id": "greet",
                "kind": "say",
                "title": "问候",
                "text": {"zh_CN": "您好{{ customer.title }}", "en": "Hi"},
                "next": "verify",
            },
            {
                "id": "verify",
                "kind": "identity_check",
                "checks": ["id_tail4", "birth_date"],
                "required": 1,
                "next": "pick",
                "fail": "done",
            },
            {
                "id": "pick",
                "kind": "ask",
                "text": "哪张卡？",
                "var": "card",
                "pii": True,
                "answer": {
                    "type": "choice",
                    "options": [
                        {"value": "debit", "label": "借记卡"},
                        {"value": "credit", "label": {"zh_CN": "信用卡", "en": "Credit"}},
                    ],
                },
                "next": "yes",
            },
            {"id": "yes", "kind": "ask", "text": "是吗？", "var": "ok", "answer": {"type": "yes_no"}, "next": "words"},
            {
                "id": "words",
                "kind": "ask",
                "text": "说明",
                "var": "note",
                "answer": {"type": "text", "max_length": 200},
                "next": "count",
            },
            {
                "id": "count",
                "kind": "ask",
                "text": "几张",
                "var": "n",
                "answer": {"type": "number", "min": 1, "max": 9},
                "next": "money",
            },
            {
                "id": "money",
                "kind": "ask",
                "text": "金额",
                "var": "amt",
                "answer": {"type": "amount", "min": 0, "max": 1000000.5},
                "next": "when",
            },
            {
                "id": "when",
                "kind": "ask",
                "text": "日期",
                "var": "day",
                "answer": {"type": "date", "min": 0, "max": 30},
                "next": "route",
            },
            {
                "id": "route",
                "kind": "branch",
                "cases": [
                    {
                        "when": {
                            "all": [
                                {"var": "answers.card", "op": "eq", "value": "credit"},
                                {
                                    "any": [
                                        {"var": "customer.tier", "op": "in", "value": ["gold", "private"]},
                                        {"var": "customer.open_complaints", "op": "gt", "value": 0},
                                    ]
                                },
                            ]
                        },
                        "next": "terms",
                    },
                    {"when": {"var": "answers.ok", "op": "exists"}, "next": "a1"},
                ],
                "default": "a1",
            },
            {"id": "terms", "kind": "read_aloud", "text": "条款", "next": "a1"},
            {
                "id": "a1",
                "kind": "action",
                "action": {
                    "type": "send_template",
                    "template": "card_loss_confirmation_sms",
                    "channel": "sms",
                    "values": {"card_tail": "answers.note"},
                },
                "next": "a2",
                "on_error": "done",
            },
            {
                "id": "a2",
                "kind": "action",
                "action": {
                    "type": "register_complaint",
                    "category": "card_fraud",
                    "summary": "摘要 {{ answers.note }}",
                },
                "next": "a3",
            },
            {
                "id": "a3",
                "kind": "action",
                "action": {
                    "type": "create_reminder",
                    "kind": "follow_up",
                    "title": {"zh_CN": "跟进", "en": "Follow up"},
                    "due_in_days": 2,
                },
                "next": "a4",
            },
            {"id": "a4", "kind": "action", "action": {"type": "refer_to_manager", "interest": "wealth"}, "next": "a5"},
            {"id": "a5", "kind": "action", "action": {"type": "schedule_callback", "in_minutes": 30}, "next": "a6"},
            {"id": "a6", "kind": "action", "action": {"type": "transfer_queue", "queue": "vip"}, "next": "a7"},
            {
                "id": "a7",
                "kind": "action",
                "text": "确认后修改",
                "action": {"type": "update_customer", "field": "email", "from_answer": "note"},
                "next": "a8",
            },
            {
                "id": "a8",
                "kind": "action",
                "action": {"type": "service_request", "kind": "card_freeze", "summary": "冻结"},
                "next": "done",
            },
            {"id": "done", "kind": "end", "text": "再见", "outcome": "service.card_loss"},
        ],
        "layout": {"greet": [0, 0], "verify": [0, 120.5]},
    }


def test_every_kind_parses_and_writes_back_the_same_document() -> None:
    data = every_kind()
    defn = parse(data)
    assert {s.kind for s in defn.steps} == set(STEP_KINDS)
    assert {s.action.type for s in defn.steps if s.action} == set(ACTION_TYPES)
    assert set(ACTION_KEYS) == set(ACTION_TYPES)
    assert parse(defn.to_data()) == defn
    # Every key given comes back (one-language texts stay plain strings, defaults stay out).
    assert defn.to_data() == data
    pick = defn.step("pick").answer
    assert pick is not None and pick.options[1].label == Text("信用卡", "Credit")
    assert defn.step("pick").pii and not defn.step("yes").pii
    assert defn.step("verify").targets() == (("next", "pick"), ("fail", "done"))
    assert defn.step("route").targets() == (("cases[0]", "terms"), ("cases[1]", "a1"), ("default", "a1"))
    send = defn.step("a1").action
    assert send is not None and dict(send.values) == {"card_tail": "answers.note"}
    assert defn.layout["verify"] == (0, 120.5)
    assert defn.answer_vars() == {
        "channel_hint": "text",
        "card": "choice",
        "ok": "yes_no",
        "note": "text",
        "n": "number",
        "amt": "amount",
        "day": "date",
    }
    assert defn.get_step("nowhere") is None
    with pytest.raises(KeyError):
        defn.step("nowhere")


def test_the_definition_is_frozen() -> None:
    defn = parse(every_kind())
    with pytest.raises(dataclasses.FrozenInstanceError):
        defn.code = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        defn.steps[0].next = "done"  # type: ignore[misc]
    with pytest.raises(TypeError):
        defn.layout["greet"] = (1, 1)  # type: ignore[index]
    assert Text("中", "en").get("en_GB") == "en" and Text("中", "en").get("zh_CN") == "中"


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    """every_kind() with the value at ``path`` replaced (or removed when ``value`` is ...)."""
    data = copy.deepcopy(every_kind())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "place", "words"),
    [
        (["steps", 3, "answer", "type"], "choise", "steps[3].answer.type", "choise"),
        (["steps", 1, "kind"], "jump", "steps[1].kind", "unknown step kind 'jump'"),
        (["steps", 1, "checks", 1], "dna", "steps[1].checks[1]", "dna"),
        (["steps", 0, "nxt"], "verify", "steps[0].nxt", "nxt"),
        (["steps", 2, "answer", "options", 0, "label"], ..., "steps[2].answer.options[0].label", "label"),
        (["steps", 4, "answer", "options"], [], "steps[4].answer.options", "options"),
        (
            ["steps", 8, "cases", 0, "when", "all", 1, "any", 0, "op"],
            "equals",
            "steps[8].cases[0].when.all[1].any[0].op",
            "equals",
        ),
        (
            ["steps", 8, "cases", 1, "when"],
            {"var": "answers.ok", "op": "in", "value": 3},
            "steps[8].cases[1].when.value",
            "list",
        ),
        (["steps", 10, "action", "channel"], "fax", "steps[10].action.channel", "sms or email"),
        (["steps", 10, "action", "template"], ..., "steps[10].action.template", "template"),
        (["steps", 16, "action", "field"], "id_number", "steps[16].action.field", "id_number"),
        (["steps", 12, "action", "due_in_days"], "soon", "steps[12].action.due_in_days", "whole number"),
        (["steps", 18, "outcome"], "Card Loss!", "steps[18].outcome", "Card Loss!"),
        (["steps", 7, "answer", "min"], 0.5, "steps[7].answer.min", "whole days"),
        (["steps", 0, "id"], "Greet", "steps[0].id", "Greet"),
        (["steps", 1, "id"], "greet", "steps[1].id", "steps[0]"),
        (["name"], {"zh_CN": "只有中文"}, "name.en", "missing"),
        (["code"], "x", "code", "flow code"),
        (["schema"], "contactdesk.flow/2", "schema", "contactdesk.flow/1"),
        (["layout", "greet"], [1, 2, 3], "layout.greet", "[x, y]"),
        (["variables", 0, "type"], "colour", "variables[0].type", "colour"),
        (["steps"], [], "steps", "non-empty"),
        (["colour"], "blue", "colour", "colour"),
    ],
)
def test_errors_name_the_place_in_both_languages(path: list[Any], value: Any, place: str, words: str) -> None:
    with pytest.raises(FlowFormatError) as caught:
        parse(_with(path, value))
    error = caught.value
    assert error.path == place
    assert error.en.startswith(f"{place}: ") and error.zh.startswith(f"{place}：")
    assert words in error.en
    assert error.zh != error.en and any("\u4e00" <= ch <= "\u9fff" for ch in error.zh)


def test_an_unknown_step_kind_lists_the_kinds() -> None:
    with pytest.raises(FlowFormatError) as caught:
        parse(_with(["steps", 5, "kind"], "video"))
    assert caught.value.path == "steps[5].kind"
    for kind in STEP_KINDS:
        assert kind in caught.value.en and kind in caught.value.zh


def _steps(n: int, text: str = "话术") -> dict[str, Any]:
    steps: list[dict[str, Any]] = [
        {"id": f"s{i}", "kind": "say", "text": text, "next": f"s{i + 1}"} for i in range(n - 1)
    ]
    steps.append({"id": f"s{n - 1}", "kind": "end"})
    return {"schema": "contactdesk.flow/1", "code": "long_one", "name": "长", "start": "s0", "steps": steps}


def test_limits_500_steps_and_50_000_character_texts() -> None:
    assert len(parse(_steps(MAX_STEPS)).steps) == MAX_STEPS
    with pytest.raises(FlowFormatError) as caught:
        parse(_steps(MAX_STEPS + 1))
    assert caught.value.path == "steps" and "500" in caught.value.en
    assert parse(_steps(3, "长" * MAX_TEXT)).steps[0].text == Text("长" * MAX_TEXT, "长" * MAX_TEXT)
    with pytest.raises(FlowFormatError) as caught:
        parse(_steps(3, "长" * (MAX_TEXT + 1)))
    assert caught.value.path == "steps[0].text" and "50000" in caught.value.en


def test_unfinished_drafts_parse_and_are_left_to_validation() -> None:
    """A way on that is missing or points nowhere is a validation problem, not a format error."""
    data = _with(["steps", 0, "next"], "not_drawn_yet")
    data["steps"][9].pop("next")
    defn = parse(data)
    assert defn.step("greet").next == "not_drawn_yet" and defn.step("terms").next is None
    assert isinstance(defn, FlowDefinition)


# -- conditions ---------------------------------------------------------------------------------------------------
def test_conditions_parse_nested_and_write_back() -> None:
    doc = {
        "any": [
            {
                "all": [
                    {"var": "customer.tier", "op": "in", "value": ["gold", "private"]},
                    {"var": "answers.x", "op": "exists"},
                ]
            },
            {"var": "customer.aum", "op": "ge", "value": 500000},
        ]
    }
    cond = parse_condition(doc)
    assert cond == Group(
        "any",
        (
            Group("all", (Compare("customer.tier", "in", ("gold", "private")), Compare("answers.x", "exists"))),
            Compare("customer.aum", "ge", 500000),
        ),
    )
    assert conditions.condition_to_data(cond) == doc
    assert [c.var for c in conditions.compares(cond)] == ["customer.tier", "answers.x", "customer.aum"]
    assert (
        conditions.answer_name("answers.card_kind") == "card_kind" and conditions.answer_name("customer.tier") is None
    )


@pytest.mark.parametrize(
    ("actual", "op", "expected", "holds"),
    [
        ("credit", "eq", "credit", True),
        ("credit", "eq", "debit", False),
        (None, "eq", "credit", False),
        (None, "ne", "credit", True),
        (3, "eq", "3", True),
        (Decimal("500000.00"), "ge", 500000, True),
        (Decimal("499999.99"), "ge", 500000, False),
        ("1,200", "gt", 1000, True),
        (True, "eq", True, True),
        (True, "eq", 1, False),
        (False, "eq", None, False),
        ("gold", "in", ("gold", "private"), True),
        ("mass", "in", ("gold", "private"), False),
        (None, "in", ("gold",), False),
        (None, "not_in", ("C1", "C2"), True),
        ("C1", "not_in", ("C1", "C2"), False),
        (["term_deposit", "wealth"], "contains", "wealth", True),
        (["term_deposit"], "contains", "wealth", False),
        ("VIP客户", "contains", "VIP", True),
        (None, "contains", "x", False),
        (dt.date(2026, 3, 5), "lt", "2026-04-01", True),
        ("2026-03-05", "ge", "2026-03-05", True),
        ("C3", "gt", "C2", True),
        ("abc", "gt", 3, False),
        (None, "gt", 0, False),
        ("", "exists", None, False),
        ([], "exists", None, False),
        (0, "exists", None, True),
        ("x", "unknown_op", "x", False),
    ],
)
def test_comparisons(actual: Any, op: str, expected: Any, holds: bool) -> None:
    assert conditions.compare(actual, op, expected) is holds


def test_evaluate_reads_dotted_names_from_a_mapping_or_a_function() -> None:
    cond = parse_condition(
        {
            "all": [
                {"var": "answers.card_kind", "op": "eq", "value": "credit"},
                {
                    "any": [
                        {"var": "customer.tier", "op": "in", "value": ["private", "platinum"]},
                        {"var": "customer.open_complaints", "op": "gt", "value": 0},
                    ]
                },
            ]
        }
    )
    values = flatten(
        {"answers": {"card_kind": "credit"}, "customer": {"tier": "mass", "open_complaints": 2}, "call": None}
    )
    assert values == {"answers.card_kind": "credit", "customer.tier": "mass", "customer.open_complaints": 2}
    assert evaluate(cond, values)
    assert not evaluate(cond, {**values, "customer.open_complaints": 0})
    assert evaluate(cond, {**values, "customer.open_complaints": 0, "customer.tier": "private"})
    assert not evaluate(cond, lambda name: None)
