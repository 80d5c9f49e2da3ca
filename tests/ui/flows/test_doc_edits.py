"""The editor's document edits: a new step gets a fresh id, is linked after the selected step and placed below
it; deleting a step cuts every way that led to it and moves the start."""

from __future__ import annotations

from typing import Any

from desktop.ui.flows.doc_edits import add_step, delete_step, find_step, step_ids
from services.flows.definition import parse


def _doc() -> dict[str, Any]:
    return {
        "schema": "contactdesk.flow/1",
        "code": "demo",
        "name": {"zh_CN": "演示", "en": "Demo"},
        "start": "greet",
        "steps": [
            {"id": "greet", "kind": "say", "text": "你好", "next": "pick"},
            {
                "id": "pick",
                "kind": "branch",
                "cases": [{"when": {"var": "customer.vip_level", "op": "ge", "value": 3}, "next": "vip"}],
                "default": "bye",
            },
            {"id": "vip", "kind": "say", "text": "贵宾"},
            {"id": "bye", "kind": "end", "outcome": "done"},
        ],
        "layout": {"greet": [0, 0], "pick": [0, 100], "vip": [100, 200], "bye": [0, 300]},
    }


def test_a_new_step_follows_the_selected_one_with_a_fresh_id() -> None:
    doc = _doc()
    first = add_step(doc, "say", after="vip", positions=doc["layout"])
    second = add_step(doc, "say", after="vip", positions=doc["layout"])
    assert (first, second) == ("say_1", "say_2")
    assert find_step(doc, "vip")["next"] == "say_1", "linked after the step that had no way on"
    assert doc["layout"]["say_1"] == [130, 312]
    for kind in ("ask", "branch", "identity_check", "action", "end", "read_aloud"):
        add_step(doc, kind, after=None, positions=doc["layout"])
    parse(doc)  # every new step is a valid step of its kind


def test_a_branch_or_an_end_is_not_linked_to_the_new_step() -> None:
    doc = _doc()
    add_step(doc, "say", after="pick", positions={})
    add_step(doc, "say", after="bye", positions={})
    assert "next" not in find_step(doc, "pick") and "next" not in find_step(doc, "bye")


def test_deleting_a_step_cuts_the_ways_to_it_and_moves_the_start() -> None:
    doc = _doc()
    delete_step(doc, "vip")
    assert step_ids(doc) == ["greet", "pick", "bye"] and "vip" not in doc["layout"]
    assert find_step(doc, "pick")["cases"][0]["next"] is None
    delete_step(doc, "bye")
    assert "default" not in find_step(doc, "pick")
    delete_step(doc, "greet")
    assert doc["start"] == "pick"
