"""When a draft's save loses the race to another supervisor's: merge as records do, or ask per step.

:class:`DraftMerge` reads the draft as it is now, compares it with the draft as opened and as edited here
(:mod:`services.flows.merge`), and then:

* nothing changed on both sides differently: the merged document goes into the editor and is saved at once,
  against the current version, with a note of what was taken from the other save;
* steps or settings changed on both sides: the conflict dialog of records
  (:class:`~desktop.ui.sync.conflict_dialog.ConflictDialog`) shows them with yours, theirs and the original,
  and the merge is saved once each is chosen; cancelling keeps the edits here, unsaved;
* the draft is no longer a draft (submitted, approved): nothing can be saved into it; the edits stay here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from services.flows.merge import FLOW, LAYOUT, STEP, choices_to_ask, compare_drafts, merged_document
from services.sync.conflicts import ThreeWay

from .. import fmt

MAX_TEXT = 60


def _lang() -> str:
    return "zh_CN" if fmt.is_chinese() else "en"


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get(_lang()) or next((v for v in value.values() if v), "")
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """A step as ``key -> value``, texts in both languages one level down (``title.en``)."""
    if not isinstance(value, Mapping):
        return {prefix.rstrip("."): value} if prefix else {"": value}
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, Mapping) and prefix == "":
            out.update(_flat(item, f"{key}."))
        else:
            out[f"{prefix}{key}"] = item
    return out


def differing(diff: Any) -> list[str]:
    """The keys of a step on which its three sides differ (all keys of a step only one side has)."""
    sides = [_flat(diff.original or {}), _flat(diff.mine or {}), _flat(diff.theirs or {})]
    keys = list(dict.fromkeys(k for side in sides for k in side))
    return [k for k in keys if len({repr(side.get(k)) for side in sides}) > 1]


def describer(keys: Mapping[str, list[str]]) -> Callable[[str, Any], str]:
    """Text of one side of a field in the conflict dialog: for a step, the keys where the sides differ
    (``title.en: …``), else its kind, title and way on."""

    def describe(name: str, value: Any) -> str:
        if value is None:
            return QCoreApplication.translate("DraftMerge", "(none)")
        if name.startswith(STEP) and isinstance(value, Mapping):
            flat = _flat(value)
            shown = [k for k in keys.get(name, []) if k in flat][:4]
            if shown:
                return "\n".join(f"{k}: {_text(flat[k])}" for k in shown)
            parts = [str(value.get("kind") or ""), _text(value.get("title"))]
            if value.get("next"):
                parts.append(f"→ {value['next']}")
            return " · ".join(p for p in parts if p)
        return _text(value)

    return describe


def label(name: str, theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> str:
    if name.startswith(STEP):
        sid = name[len(STEP) :]
        step = theirs.get(name) or mine.get(name) or {}
        title = _text(step.get("title")) if isinstance(step, Mapping) else ""
        return QCoreApplication.translate("DraftMerge", "Step {id}").format(id=sid) + (f" · {title}" if title else "")
    return QCoreApplication.translate("DraftMerge", "Flow setting: {key}").format(key=name[len(FLOW) :])


class DraftMerge(QObject):
    """Settles one refused save of the draft ``flow_id`` (see the module docstring).

    ``apply(version, doc, note)`` puts the merged document into the editor as an edit of ``version`` (the draft
    now) and saves it; ``say(text)`` shows a message.  ``dialog`` is the open conflict dialog, if any.
    """

    def __init__(
        self,
        parent: QObject,
        *,
        original: dict[str, Any],
        mine: dict[str, Any],
        base_version: int,
        apply: Callable[[Any, dict[str, Any], str], None],
        say: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.original, self.mine, self.base_version = original, mine, base_version
        self._apply, self._say = apply, say
        self.dialog: Any = None

    def settle(self, now: Any) -> None:
        """``now``: the draft as it is in the database (a FlowVersion)."""
        if now.status != "draft":
            self._say(
                self.tr(
                    "Someone else saved this draft and then sent it on ({status}). Your changes are still here: "
                    "export them to a file, or make a new version and make them again."
                ).format(status=now.status)
            )
            return
        theirs = now.definition.to_data()
        comparison = compare_drafts(
            now.id,
            original=self.original,
            mine=self.mine,
            theirs=theirs,
            base_version=self.base_version,
            current_version=now.version,
        )
        taken = [f for f in comparison.fields if f.kind == "theirs" and not f.name.startswith(LAYOUT)]
        ask = choices_to_ask(comparison)
        if not ask:
            note = self.tr("Merged with the changes someone else saved meanwhile ({count} taken from theirs); saved.")
            self._apply(now, merged_document(comparison, self.mine, theirs), note.format(count=len(taken)))
            return
        self._ask(now, comparison, theirs)

    def _ask(self, now: Any, comparison: ThreeWay, theirs: dict[str, Any]) -> None:
        from desktop.ui.sync.conflict_dialog import ConflictDialog

        shown = ThreeWay(
            comparison.entity,
            comparison.entity_id,
            comparison.base_version,
            comparison.current_version,
            [f for f in comparison.fields if not f.name.startswith(LAYOUT)],
        )
        theirs_fields = {f.name: f.theirs for f in shown.fields}
        mine_fields = {f.name: f.mine for f in shown.fields}
        labels = {f.name: label(f.name, theirs_fields, mine_fields) for f in shown.fields}
        parent = self.parent()
        keys = {f.name: differing(f) for f in shown.fields if f.name.startswith(STEP)}
        dialog = ConflictDialog(shown, labels, describer(keys), parent if isinstance(parent, QWidget) else None)
        dialog.setObjectName("flowConflictDialog")
        dialog.setWindowTitle(self.tr("Someone else saved this draft"))
        self.dialog = dialog

        def accepted() -> None:
            choices = dialog.choices()
            note = self.tr("Merged with the changes someone else saved meanwhile, as you chose; saved.")
            self._apply(now, merged_document(comparison, self.mine, theirs, choices), note)

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(
            lambda: self._say(self.tr("Not saved: your changes are still here. Save again to compare once more."))
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
