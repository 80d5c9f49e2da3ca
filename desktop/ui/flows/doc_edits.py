"""Edits of a flow document in its dict form that the editor's buttons make: a new step, a deleted step.

The document is changed in place; what the edit leaves broken (a branch case leading nowhere) is left for the
problem list to show, as the author may mean to fill it next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Where a way out of a step is named, besides a branch's cases.
LINK_KEYS = ("next", "fail", "on_error", "default")
# A new step's fields by kind (a new step must parse, so the editor can draw it and list its problems).
_NEW_FIELDS: dict[str, dict[str, Any]] = {
    "branch": {"cases": []},
    "identity_check": {"checks": ["id_tail4", "birth_date"], "required": 2},
    "action": {"action": {"type": "schedule_callback", "in_minutes": 30}},
    "end": {"outcome": "other"},
}
NEW_STEP_OFFSET = (30, 112)  # a new step is placed this far right of and below the step it follows


def step_ids(doc: Mapping[str, Any]) -> list[str]:
    return [str(s.get("id")) for s in doc.get("steps") or () if s.get("id")]


def find_step(doc: Mapping[str, Any], step_id: str | None) -> dict[str, Any] | None:
    return next((s for s in doc.get("steps") or () if s.get("id") == step_id), None)


def add_step(doc: dict[str, Any], kind: str, *, after: str | None, positions: Mapping[str, Any]) -> str:
    """Add a step of ``kind`` with a fresh id (``say_3``); returns the id.

    It becomes the way on of ``after`` when that step has none yet (and can have one), and is placed below it
    on the canvas (``positions``: the canvas places now).
    """
    ids = set(step_ids(doc))
    number = 1
    while f"{kind}_{number}" in ids:
        number += 1
    sid = f"{kind}_{number}"
    step: dict[str, Any] = {"id": sid, "kind": kind}
    if kind == "ask":
        step |= {"var": sid, "answer": {"type": "yes_no"}}
    step |= {key: _fresh(value) for key, value in _NEW_FIELDS.get(kind, {}).items()}
    previous = find_step(doc, after)
    if previous is not None and "next" not in previous and previous.get("kind") not in ("branch", "end"):
        previous["next"] = sid
    doc.setdefault("steps", []).append(step)
    anchor = positions.get(after or "")
    if anchor is not None:
        layout = doc.setdefault("layout", dict(positions))
        layout[sid] = [anchor[0] + NEW_STEP_OFFSET[0], anchor[1] + NEW_STEP_OFFSET[1]]
    return sid


def delete_step(doc: dict[str, Any], step_id: str) -> None:
    """Remove ``step_id``; every way that led to it is cut, and the start moves to the first step left."""
    doc["steps"] = [s for s in doc.get("steps") or () if s.get("id") != step_id]
    for step in doc["steps"]:
        for key in LINK_KEYS:
            if step.get(key) == step_id:
                del step[key]
        for case in step.get("cases") or ():
            if case.get("next") == step_id:
                case["next"] = None
    if isinstance(doc.get("layout"), dict):
        doc["layout"].pop(step_id, None)
    if doc.get("start") == step_id:
        left = step_ids(doc)
        doc["start"] = left[0] if left else ""


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    return value
