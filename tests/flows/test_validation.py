"""Validation: every problem a supervisor must fix before publishing, each naming its step."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.flows.definition import parse
from services.flows.validation import PROBLEM_CODES, Problem, _default_renderer, _Texts, validate

APPROVED = {"card_loss_confirmation_sms": "approved", "old_notice_sms": "retired", "draft_notice_sms": "draft"}


def templates(code: str) -> str | None:
    return APPROVED.get(code)


def base() -> dict[str, Any]:
    """A small flow with no problems: greet -> ask -> branch -> (terms) -> send -> end."""
    return {
        "schema": "contactdesk.flow/1",
        "code": "small_flow",
        "name": {"zh_CN": "小流程", "en": "Small flow"},
        "start": "greet",
        "steps": [
            {
                "id": "greet",
                "kind": "say",
                "text": {
                    "zh_CN": "{{ customer.name }}您好，我是{{ agent.name }}",
                    "en": "Hello {{ customer.title }} {{ customer.surname }}",
                },
                "next": "verify",
            },
            {
                "id": "verify",
                "kind": "identity_check",
                "checks": ["id_tail4", "birth_date"],
                "required": 1,
                "next": "card",
                "fail": "refused",
            },
            {"id": "refused", "kind": "end", "outcome": "refused"},
            {
                "id": "card",
                "kind": "ask",
                "text": "哪种卡？",
                "var": "card_kind",
                "answer": {
                    "type": "choice",
                    "options": [{"value": "debit", "label": "借记卡"}, {"value": "credit", "label": "信用卡"}],
                },
                "next": "route",
            },
            {
                "id": "route",
                "kind": "branch",
                "cases": [{"when": {"var": "answers.card_kind", "op": "eq", "value": "credit"}, "next": "terms"}],
                "default": "send",
            },
            {
                "id": "terms",
                "kind": "read_aloud",
                "text": "您选择了{{ answers.card_kind }}，请听清条款。",
                "next": "send",
            },
            {
                "id": "send",
                "kind": "action",
                "action": {"type": "send_template", "template": "card_loss_confirmation_sms", "channel": "sms"},
                "next": "done",
                "on_error": "done",
            },
            {"id": "done", "kind": "end", "outcome": "service.card_loss"},
        ],
    }


def step_index(data: dict[str, Any], step_id: str) -> int:
    return next(i for i, s in enumerate(data["steps"]) if s["id"] == step_id)


def problems_of(data: dict[str, Any], **kwargs: Any) -> list[Problem]:
    return validate(parse(data), templates=templates, **kwargs)


def codes(found: list[Problem]) -> list[tuple[str | None, str]]:
    return [(p.step_id, p.code) for p in found]


def edit(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(base())
    change(data)
    return data


def test_a_sound_flow_has_no_problems() -> None:
    assert problems_of(base()) == []


def _set(step_id: str, **values: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        step = data["steps"][step_index(data, step_id)]
        for key, value in values.items():
            if value is ...:
                step.pop(key, None)
            else:
                step[key] = value

    return change


def _add(*steps: dict[str, Any]) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["steps"].extend(steps)

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # the graph
        (_set("terms", next="nowhere"), [("terms", "unknown_target"), ("terms", "no_end")]),
        (_set("terms", next=...), [("terms", "no_end")]),
        (_add({"id": "orphan", "kind": "say", "text": "孤立", "next": "done"}), [("orphan", "unreachable")]),
        (_set("route", default=...), [("route", "branch_no_default")]),
        (_set("route", cases=[]), [("route", "branch_no_cases"), ("terms", "unreachable")]),
        (_set("verify", fail=...), [("verify", "identity_no_fail"), ("refused", "unreachable")]),
        (_set("verify", required=3), [("verify", "identity_required")]),
        (_set("verify", required=0), [("verify", "identity_required")]),
        # a loop that nothing leaves: terms -> again -> terms
        (
            lambda d: (
                _set("terms", next="again")(d),
                _add({"id": "again", "kind": "say", "text": "再读一遍", "next": "terms"})(d),
            ),
            [("terms", "loop_no_exit")],
        ),
        # variables in texts and conditions
        (_set("greet", text="您好{{ customer.nickname }}"), [("greet", "undefined_variable")]),
        (_set("greet", text="您好{{ customr.name }}"), [("greet", "undefined_variable")]),
        (_set("greet", text="{{ answers.card_kind }}"), [("greet", "variable_unset")]),
        (_set("greet", text="{{ answers.colour }}"), [("greet", "undefined_variable")]),
        (_set("greet", text="您好{{ customer.name"), [("greet", "text_syntax")]),
        (_set("greet", text="{{ customer.aum|money }}"), [("greet", "text_syntax")]),
        (_set("greet", text="{% if customer.tier is shiny %}x{% endif %}"), [("greet", "text_syntax")]),
        (
            _set("route", cases=[{"when": {"var": "customer.mood", "op": "eq", "value": "happy"}, "next": "terms"}]),
            [("route", "undefined_variable")],
        ),
        (
            _set("route", cases=[{"when": {"var": "answers.colour", "op": "eq", "value": "red"}, "next": "terms"}]),
            [("route", "undefined_variable")],
        ),
        (
            _set(
                "route",
                cases=[
                    {"when": {"var": "answers.card_kind", "op": "in", "value": ["credit", "gold"]}, "next": "terms"}
                ],
            ),
            [("route", "condition_value")],
        ),
        # answers
        (
            _set("card", answer={"type": "choice", "options": [{"value": "debit", "label": "借记卡"}]}),
            [("card", "answer_spec"), ("route", "condition_value")],
        ),
        (
            _set(
                "card",
                answer={"type": "choice", "options": [{"value": "a", "label": "甲"}, {"value": "a", "label": "乙"}]},
            ),
            [("card", "answer_spec"), ("route", "condition_value")],
        ),
        (_set("card", answer={"type": "number", "min": 10, "max": 1}), [("card", "answer_spec")]),
        (_set("card", answer={"type": "amount", "min": -5}), [("card", "answer_spec")]),
        (_set("card", text=" "), [("card", "empty_text")]),
        (_set("terms", text={"zh_CN": "条款", "en": ""}), [("terms", "empty_text")]),
        # actions
        (
            _set("send", action={"type": "send_template", "template": "no_such_sms", "channel": "sms"}),
            [("send", "template_unknown")],
        ),
        (
            _set("send", action={"type": "send_template", "template": "old_notice_sms", "channel": "sms"}),
            [("send", "template_retired")],
        ),
        (
            _set("send", action={"type": "send_template", "template": "draft_notice_sms", "channel": "sms"}),
            [("send", "template_unapproved")],
        ),
        (
            _set("send", action={"type": "create_reminder", "kind": "party", "title": "x", "due_in_days": 1}),
            [("send", "action_param")],
        ),
        (
            _set("send", action={"type": "update_customer", "field": "phone", "from_answer": "card_kind"}),
            [("send", "action_param")],
        ),
        (
            _set("send", action={"type": "update_customer", "field": "phone", "from_answer": "new_phone"}),
            [("send", "undefined_variable")],
        ),
        (
            _set(
                "send",
                action={
                    "type": "send_template",
                    "template": "card_loss_confirmation_sms",
                    "channel": "sms",
                    "values": {"card_tail": "answers.tail"},
                },
            ),
            [("send", "undefined_variable")],
        ),
        (
            _set("send", action={"type": "register_complaint", "summary": "{{ answers.card_kind }} {{ call.mood }}"}),
            [("send", "undefined_variable")],
        ),
        # the whole flow
        (lambda d: d.update(start="nowhere"), [(None, "no_start")]),
        (_set("done", kind="say", outcome=..., text="没有结束"), [("done", "no_end")]),
    ],
)
def test_each_problem_is_found_and_names_its_step(change: Any, expected: list[tuple[str | None, str]]) -> None:
    found = problems_of(edit(change))
    assert sorted(codes(found), key=str) == sorted(expected, key=str)
    for problem in found:
        assert problem.code in PROBLEM_CODES
        if problem.step_id is not None:
            assert repr(problem.step_id) in problem.en and f"“{problem.step_id}”" in problem.zh
        assert problem.message("en") == problem.en and problem.message("zh_CN") == problem.zh


def test_no_end_step_at_all() -> None:
    data = base()
    data["steps"] = [
        {"id": "a", "kind": "say", "text": "甲", "next": "b"},
        {"id": "b", "kind": "say", "text": "乙", "next": "a"},
    ]
    data["start"] = "a"
    assert set(codes(problems_of(data))) == {(None, "no_end_step"), ("a", "loop_no_exit")}


def test_a_loop_with_a_way_out_is_fine() -> None:
    """Re-asking until the answer fits is a loop; it is fine while one of its steps leads out."""
    data = edit(
        _set(
            "route",
            default="card",
            cases=[{"when": {"var": "answers.card_kind", "op": "eq", "value": "credit"}, "next": "terms"}],
        )
    )
    assert problems_of(data) == []


def test_a_self_loop_without_exit_is_found_and_one_with_exit_is_not() -> None:
    trapped = edit(_set("terms", next="terms"))
    assert codes(problems_of(trapped)) == [("terms", "loop_no_exit")]
    data = edit(_set("route", default="route"))
    assert problems_of(data) == []  # route -> terms leaves the loop


def test_a_declared_variable_is_defined_on_every_path() -> None:
    data = edit(_set("greet", text="{% if answers.card_kind %}{{ answers.card_kind }}{% endif %}"))
    assert codes(problems_of(data)) == [("greet", "variable_unset")]
    data["variables"] = [{"name": "card_kind", "type": "choice"}]
    assert problems_of(data) == []
    data["variables"] = [{"name": "card_kind", "type": "text"}]
    assert codes(problems_of(data)) == [("card", "answer_type_conflict")]


def test_an_answer_given_on_only_one_path_is_unset_on_the_other() -> None:
    data = edit(
        lambda d: (
            _set("route", default="other_card")(d),
            _add(
                {
                    "id": "other_card",
                    "kind": "ask",
                    "text": "卡号后四位",
                    "var": "tail",
                    "answer": {"type": "text", "max_length": 4},
                    "next": "send",
                }
            )(d),
            _set(
                "send",
                action={
                    "type": "send_template",
                    "template": "card_loss_confirmation_sms",
                    "channel": "sms",
                    "values": {"card_tail": "answers.tail"},
                },
            )(d),
        )
    )
    # credit cards go greet -> ... -> terms -> send without asking for the tail
    assert codes(problems_of(data)) == [("send", "variable_unset")]


def test_complaint_categories_are_checked_when_given() -> None:
    data = edit(_set("send", action={"type": "register_complaint", "category": "weather"}))
    assert problems_of(data) == []
    found = problems_of(data, complaint_categories=lambda code: code == "card_fraud")
    assert codes(found) == [("send", "action_param")] and "weather" in found[0].en


def test_an_ends_wrap_up_disposition_is_checked_when_the_codes_are_given() -> None:
    data = edit(_set("refused", disposition="service.lost_card"))
    assert problems_of(data) == [], "no disposition tree to check against"
    pickable = {"service.card_loss", "inquiry.product"}.__contains__
    found = problems_of(data, dispositions=pickable)
    assert codes(found) == [("refused", "disposition_unknown")] and "service.lost_card" in found[0].en
    assert problems_of(edit(_set("refused", disposition="service.card_loss")), dispositions=pickable) == []
    assert parse(edit(_set("refused", disposition="service.card_loss"))).step("refused").disposition == (
        "service.card_loss"
    )


def generated(n: int) -> dict[str, Any]:
    """A realistic ``n``-step flow: greetings, questions, branches, disclosures and actions in a chain,
    with loops back (retries) that always have a way out."""
    steps: list[dict[str, Any]] = []
    for i in range(n - 1):
        sid, nxt = f"s{i}", f"s{i + 1}"
        kind = i % 6
        if kind == 0:
            steps.append(
                {
                    "id": sid,
                    "kind": "say",
                    "text": {
                        "zh_CN": f"{{{{ customer.name }}}}您好，第{i}步",
                        "en": f"Hello {{{{ customer.title }}}} {{{{ customer.surname }}}}, step {i}",
                    },
                    "next": nxt,
                }
            )
        elif kind == 1:
            steps.append(
                {
                    "id": sid,
                    "kind": "ask",
                    "text": f"问题{i}",
                    "var": f"v{i}",
                    "answer": {
                        "type": "choice",
                        "options": [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}],
                    },
                    "next": nxt,
                }
            )
        elif kind == 2:
            steps.append(
                {
                    "id": sid,
                    "kind": "branch",
                    "cases": [
                        {
                            "when": {
                                "any": [
                                    {"var": f"answers.v{i - 1}", "op": "eq", "value": "a"},
                                    {"var": "customer.tier", "op": "in", "value": ["gold", "private"]},
                                ]
                            },
                            "next": nxt,
                        }
                    ],
                    "default": f"s{max(0, i - 2)}",
                }
            )
        elif kind == 3:
            steps.append(
                {
                    "id": sid,
                    "kind": "read_aloud",
                    "text": {
                        "zh_CN": f"您选择了{{{{ answers.v{i - 2} }}}}，请确认。"
                        "{% if customer.vip_level > 2 %}贵宾提示。{% endif %}",
                        "en": f"You chose {{{{ answers.v{i - 2} }}}}.",
                    },
                    "next": nxt,
                }
            )
        elif kind == 4:
            steps.append(
                {
                    "id": sid,
                    "kind": "action",
                    "action": {
                        "type": "send_template",
                        "template": "card_loss_confirmation_sms",
                        "channel": "sms",
                        "values": {"card_tail": f"answers.v{i - 3}"},
                    },
                    "next": nxt,
                    "on_error": f"s{i - 1}",
                }
            )
        else:
            steps.append(
                {
                    "id": sid,
                    "kind": "identity_check",
                    "checks": ["id_tail4", "birth_date"],
                    "required": 1,
                    "next": nxt,
                    "fail": f"s{n - 1}",
                }
            )
    steps.append({"id": f"s{n - 1}", "kind": "end", "outcome": "done"})
    return {"schema": "contactdesk.flow/1", "code": "generated", "name": "生成的流程", "start": "s0", "steps": steps}


def test_a_generated_500_step_flow_validates_and_its_problems_are_found() -> None:
    """Correctness at the size limit (the time is measured by ``contactdesk bench flows``: flow_validate_ms)."""
    data = generated(500)
    assert problems_of(data) == []
    assert sum(1 for s in data["steps"] if s["kind"] == "branch") > 80  # every branch's default loops back
    broken = copy.deepcopy(data)
    broken["steps"][250]["next"] = "s249"  # an action and a read-aloud that only lead to each other
    broken["steps"][250]["on_error"] = "s249"
    found = set(codes(problems_of(broken)))
    assert ("s249", "loop_no_exit") in found
    assert {code for _, code in found} == {"loop_no_exit", "unreachable"}
    assert {sid for sid, code in found if code == "unreachable"} == {f"s{i}" for i in range(251, 500)} - {"s499"}
    broken = copy.deepcopy(data)
    broken["steps"][499] = {"id": "s499", "kind": "say", "text": "不结束", "next": "s498"}  # the end is gone
    assert set(codes(problems_of(broken))) == {(None, "no_end_step"), ("s498", "loop_no_exit")}
    broken = copy.deepcopy(data)
    broken["steps"][400]["text"] = "{{ answers.v499 }}"
    assert codes(problems_of(broken)) == [("s400", "undefined_variable")]


@pytest.mark.parametrize(
    "source",
    [
        "您好{{ customer.name }}，{{ agent.name }}为您服务",
        "{{ customer.aum|cny }} {{ answers.x|tail(4) }} {{ customer.name|tail('3') }}",
        "{{customer.name}}{{ call.queue }}",
        "{{ answers['card_kind'] }}",
        "{{ customer.name.upper }}",
        "{{ true }} {{ none }}",
        "{{ not customer }}",
        "{{- customer.name -}}",
        "{% set x = customer.tier %}{{ x }}{{ answers.y }}",
        "{# comment #}{{ customer.nope }}",
        "{ not jinja } {{ agent.name }}",
        "{{ customer.name|nofilter }}",
        "{{ customer.name }",
    ],
)
def test_the_fast_reading_of_simple_texts_agrees_with_jinja(source: str) -> None:
    """Texts of only ``{{ name.attr|filter }}`` skip the parser; what they read must be what Jinja2 finds."""
    texts = _Texts(_default_renderer())
    fast = texts._simple(source, "zh_CN")
    full = texts._parse(source, "zh_CN")
    if fast is not None:
        assert fast == full
    assert texts.uses(source, "zh_CN") == (fast or full)
