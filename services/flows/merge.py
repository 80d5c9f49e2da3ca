"""Two supervisors on one draft: the same conflict rules as records (:mod:`services.sync.conflicts`).

A save over a newer save of the draft is refused (:class:`~db.repositories.versioning.StaleVersion`).  The
editor then compares three documents — the draft as it was opened (original), as edited here (mine) and as
saved meanwhile (theirs) — field by field, where a field is:

* ``flow.<key>``: a setting of the flow itself (names, start step, description, ...);
* ``step.<id>``: one step, whole (None where that side has no such step: added or deleted);
* ``layout.<id>``: where a step sits on the canvas.

What only one side changed is taken from that side; what both changed the same way is fine; what both changed
differently is a conflict the supervisor settles per field (mine, theirs or the original) — except positions on
the canvas, where this editor's places win without asking (they are only looks).  :func:`merged_document`
builds the document to save against the current version.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from services.sync.conflicts import Choice, ThreeWay, three_way

FLOW, STEP, LAYOUT = "flow.", "step.", "layout."
_OWN_KEYS = ("steps", "layout")


def _fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {f"{FLOW}{k}": v for k, v in doc.items() if k not in _OWN_KEYS}
    for step in doc.get("steps") or ():
        if isinstance(step, Mapping) and step.get("id"):
            out[f"{STEP}{step['id']}"] = dict(step)
    layout = doc.get("layout")
    if isinstance(layout, Mapping):
        out.update({f"{LAYOUT}{k}": list(v) if isinstance(v, (list, tuple)) else v for k, v in layout.items()})
    return out


def compare_drafts(
    flow_id: int,
    *,
    original: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    base_version: int,
    current_version: int,
) -> ThreeWay:
    """The three-way comparison of a draft whose save lost the race (see the module docstring)."""
    fields = [_fields(original), _fields(mine), _fields(theirs)]
    names = list(dict.fromkeys(name for side in (fields[1], fields[2], fields[0]) for name in side))
    current = {name: fields[2].get(name) for name in names} | {"version": current_version}
    mine_all = {name: fields[1].get(name) for name in names}
    original_all = {name: fields[0].get(name) for name in names}
    comparison = three_way(
        "service_flow",
        flow_id,
        original=original_all,
        mine=mine_all,
        current=current,
        base_version=base_version,
        names=names,
    )
    return comparison


def choices_to_ask(comparison: ThreeWay) -> list[str]:
    """The conflicting fields a person must settle (positions on the canvas are not asked: mine win)."""
    return [f.name for f in comparison.conflicts if not f.name.startswith(LAYOUT)]


def merged_document(
    comparison: ThreeWay,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    choices: Mapping[str, Choice] | None = None,
) -> dict[str, Any]:
    """The document after the merge: settings, steps (theirs' order, then steps new here in this editor's
    order; deleted ones left out) and positions.

    Raises:
        ValueError: a conflict (other than a position) without a choice.
    """
    picked: dict[str, Choice] = {f.name: "mine" for f in comparison.conflicts if f.name.startswith(LAYOUT)}
    picked.update(choices or {})
    values = comparison.merged(picked)
    doc: dict[str, Any] = {}
    for name, value in values.items():
        if name.startswith(FLOW) and value is not None:
            doc[name[len(FLOW) :]] = copy.deepcopy(value)
    order = [str(s.get("id")) for s in theirs.get("steps") or () if isinstance(s, Mapping) and s.get("id")]
    order += [
        str(s.get("id"))
        for s in mine.get("steps") or ()
        if isinstance(s, Mapping) and s.get("id") and str(s.get("id")) not in order
    ]
    doc["steps"] = [copy.deepcopy(values[f"{STEP}{sid}"]) for sid in order if values.get(f"{STEP}{sid}") is not None]
    kept = {str(s["id"]) for s in doc["steps"]}
    layout = {
        name[len(LAYOUT) :]: copy.deepcopy(value)
        for name, value in values.items()
        if name.startswith(LAYOUT) and value is not None and name[len(LAYOUT) :] in kept
    }
    if layout:
        doc["layout"] = layout
    return doc
