"""Two supervisors on one draft: a stale save is merged per flow setting, per step and per canvas place, with
the record rules (what only one side changed is kept; what both changed differently is a choice)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.flows.merge import choices_to_ask, compare_drafts, merged_document

BASE: dict[str, Any] = {
    "code": "demo",
    "name": {"zh_CN": "演示", "en": "Demo"},
    "start": "a",
    "steps": [
        {"id": "a", "kind": "say", "text": {"zh_CN": "甲", "en": "A"}, "next": "b"},
        {"id": "b", "kind": "say", "text": {"zh_CN": "乙", "en": "B"}, "next": "end"},
        {"id": "end", "kind": "end", "outcome": "done"},
    ],
    "layout": {"a": [0, 0], "b": [0, 100], "end": [0, 200]},
}


def _compare(mine: dict[str, Any], theirs: dict[str, Any]) -> Any:
    return compare_drafts(7, original=BASE, mine=mine, theirs=theirs, base_version=3, current_version=4)


def _step(doc: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in doc["steps"] if s["id"] == sid)


def test_additions_deletions_and_edits_on_different_steps_merge_without_asking() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mine["steps"].insert(1, {"id": "new", "kind": "say", "text": {"zh_CN": "新", "en": "New"}, "next": "b"})
    _step(mine, "a")["next"] = "new"
    mine["layout"]["new"] = [50, 50]
    _step(theirs, "b")["text"]["en"] = "B, reworded"
    theirs["name"] = {"zh_CN": "演示流程", "en": "Demo flow"}
    comparison = _compare(mine, theirs)
    assert choices_to_ask(comparison) == [] and comparison.current_version == 4
    doc = merged_document(comparison, mine, theirs)
    assert [s["id"] for s in doc["steps"]] == ["a", "b", "end", "new"], "their order, then the steps new here"
    assert _step(doc, "a")["next"] == "new" and _step(doc, "b")["text"]["en"] == "B, reworded"
    assert doc["name"]["en"] == "Demo flow" and doc["layout"]["new"] == [50, 50]


def test_a_step_deleted_there_and_untouched_here_goes() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    theirs["steps"] = [s for s in theirs["steps"] if s["id"] != "b"]
    _step(theirs, "a")["next"] = "end"
    del theirs["layout"]["b"]
    doc = merged_document(_compare(mine, theirs), mine, theirs)
    assert [s["id"] for s in doc["steps"]] == ["a", "end"] and "b" not in doc["layout"]


def test_the_same_step_changed_differently_is_a_choice_and_the_same_change_is_not() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    _step(mine, "a")["text"]["en"] = "Mine"
    _step(theirs, "a")["text"]["en"] = "Theirs"
    _step(mine, "b")["text"]["en"] = "Same"
    _step(theirs, "b")["text"]["en"] = "Same"
    comparison = _compare(mine, theirs)
    assert choices_to_ask(comparison) == ["step.a"]
    with pytest.raises(ValueError, match=r"step\.a"):
        merged_document(comparison, mine, theirs)
    assert _step(merged_document(comparison, mine, theirs, {"step.a": "theirs"}), "a")["text"]["en"] == "Theirs"
    doc = merged_document(comparison, mine, theirs, {"step.a": "original"})
    assert _step(doc, "a")["text"]["en"] == "A" and _step(doc, "b")["text"]["en"] == "Same"


def test_canvas_places_moved_on_both_sides_keep_this_editors_without_asking() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mine["layout"]["a"] = [10, 10]
    theirs["layout"]["a"] = [90, 90]
    comparison = _compare(mine, theirs)
    assert [f.name for f in comparison.conflicts] == ["layout.a"] and choices_to_ask(comparison) == []
    assert merged_document(comparison, mine, theirs)["layout"]["a"] == [10, 10]


def test_a_step_edited_here_but_deleted_there_is_a_choice() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    _step(mine, "b")["text"]["en"] = "Kept?"
    theirs["steps"] = [s for s in theirs["steps"] if s["id"] != "b"]
    comparison = _compare(mine, theirs)
    assert choices_to_ask(comparison) == ["step.b"]
    assert "b" not in [s["id"] for s in merged_document(comparison, mine, theirs, {"step.b": "theirs"})["steps"]]
    kept = merged_document(comparison, mine, theirs, {"step.b": "mine"})
    assert _step(kept, "b")["text"]["en"] == "Kept?"
