"""Three-way comparison of an edit that lost the race: original, mine (the user's), theirs (the database now).

A save over a newer version is refused (:class:`~db.repositories.versioning.StaleVersion`).  What
happens next is the same everywhere — a live save, or a journal entry replayed after an outage:

* fields only I changed are applied on top of the current row;
* fields only they changed keep their value;
* fields we both changed to the same value are fine;
* fields we both changed differently are *conflicts*: the person picks per field (``mine``, ``theirs`` or
  ``original``) in the conflict dialog, and the merged values are saved against the current version.

Values are compared as they are (``None``, numbers, strings, dates); callers pass the fields the form shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Choice = Literal["mine", "theirs", "original"]
CHOICES: tuple[Choice, ...] = ("mine", "theirs", "original")


@dataclass(frozen=True)
class FieldDiff:
    """One field seen three ways.

    ``kind``: ``same`` (nobody changed it), ``mine`` (only I did), ``theirs`` (only they did),
    ``both_same`` (both did, to the same value) or ``conflict`` (both did, differently).
    """

    name: str
    original: Any
    mine: Any
    theirs: Any

    @property
    def kind(self) -> str:
        mine_changed = self.mine != self.original
        theirs_changed = self.theirs != self.original
        if mine_changed and theirs_changed:
            return "both_same" if self.mine == self.theirs else "conflict"
        if mine_changed:
            return "mine"
        if theirs_changed:
            return "theirs"
        return "same"

    @property
    def conflicting(self) -> bool:
        return self.kind == "conflict"

    def value(self, choice: Choice) -> Any:
        """The value of one side."""
        return {"mine": self.mine, "theirs": self.theirs, "original": self.original}[choice]

    def default_choice(self) -> Choice:
        """What the merge takes without asking: my change where only I changed, else theirs."""
        return "mine" if self.kind == "mine" else "theirs"


@dataclass
class ThreeWay:
    """The comparison of one record.

    Attributes:
        entity: ``customer``, ``ticket``, ...
        entity_id: the record.
        base_version: the version the edit started from.
        current_version: the version in the database now (save the merge against this one);
            None when the record was deleted meanwhile.
        fields: one :class:`FieldDiff` per compared field, in the order given.
    """

    entity: str
    entity_id: Any
    base_version: int
    current_version: int | None
    fields: list[FieldDiff] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.current_version is None

    @property
    def conflicts(self) -> list[FieldDiff]:
        """Fields both sides changed differently: a person has to choose."""
        return [f for f in self.fields if f.conflicting]

    @property
    def needs_choice(self) -> bool:
        return self.deleted or bool(self.conflicts)

    def field(self, name: str) -> FieldDiff:
        for one in self.fields:
            if one.name == name:
                return one
        raise KeyError(name)

    def merged(self, choices: Mapping[str, Choice] | None = None) -> dict[str, Any]:
        """Every compared field's value after the merge.

        Args:
            choices: per-field choice; fields not named take :meth:`FieldDiff.default_choice`.

        Raises:
            ValueError: an unknown field or choice, or a conflict left without a choice.
        """
        choices = dict(choices or {})
        names = {f.name for f in self.fields}
        unknown = set(choices) - names
        if unknown:
            raise ValueError(f"unknown fields: {sorted(unknown)}")
        bad = {k: v for k, v in choices.items() if v not in CHOICES}
        if bad:
            raise ValueError(f"unknown choices: {bad}")
        missing = [f.name for f in self.conflicts if f.name not in choices]
        if missing:
            raise ValueError(f"conflicting fields need a choice: {missing}")
        return {f.name: f.value(choices.get(f.name, f.default_choice())) for f in self.fields}

    def changes(self, choices: Mapping[str, Choice] | None = None) -> dict[str, Any]:
        """Only the merged values that differ from the current row: what to write."""
        merged = self.merged(choices)
        return {f.name: merged[f.name] for f in self.fields if merged[f.name] != f.theirs}


def three_way(
    entity: str,
    entity_id: Any,
    *,
    original: Mapping[str, Any],
    mine: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    base_version: int,
    names: Iterable[str] | None = None,
) -> ThreeWay:
    """Compare an edit with the record as loaded and as it is now.

    Args:
        original: the values the edit started from (as loaded, at ``base_version``).
        mine: the user's values (fields not in it count as unchanged).
        current: the row now (``version`` included), or None if it was deleted.
        names: the fields to compare (default: those in ``mine`` and ``original``, in that order).
    """
    if names is None:
        names = list(dict.fromkeys([*mine, *original]))
    now = current or {}
    diffs = [
        FieldDiff(name, original.get(name), mine.get(name, original.get(name)), now.get(name, original.get(name)))
        for name in names
        if name != "version"
    ]
    version = int(current["version"]) if current is not None and current.get("version") is not None else None
    return ThreeWay(entity, entity_id, base_version, version, diffs)
