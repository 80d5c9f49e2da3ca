"""The configurable complaint category taxonomy (groups of categories with Chinese and English labels).

The packaged file is ``resources/complaints/taxonomy.json``; a bank replaces it by putting a file
of the same shape at ``<data folder>/complaint_taxonomy.json`` (see :func:`load_taxonomy`).  Category codes
are stored on tickets, so a category is retired with ``"active": false`` rather than deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services import resource_files as resources

from .errors import InvalidInput

OVERRIDE_FILE = "complaint_taxonomy.json"


@dataclass(frozen=True)
class Category:
    """One complaint category."""

    code: str
    group: str
    zh_CN: str
    en: str
    active: bool = True

    def label(self, language: str = "zh_CN") -> str:
        return self.zh_CN if language.startswith("zh") else self.en


@dataclass(frozen=True)
class Group:
    """A heading of the taxonomy (products, service, fees, …) with its categories in display order."""

    code: str
    zh_CN: str
    en: str
    categories: tuple[Category, ...]

    def label(self, language: str = "zh_CN") -> str:
        return self.zh_CN if language.startswith("zh") else self.en


class Taxonomy:
    """Lookup over the groups and categories of one taxonomy file."""

    def __init__(self, groups: tuple[Group, ...]) -> None:
        self.groups = groups
        self._by_code = {c.code: c for g in groups for c in g.categories}
        self._groups = {g.code: g for g in groups}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        """Build from the JSON structure; raises ValueError when it is malformed or codes repeat."""
        groups: list[Group] = []
        seen: set[str] = set()
        for g in data["groups"]:
            cats = []
            for c in g["categories"]:
                code = str(c["code"])
                if code in seen or not code or len(code) > 48:
                    raise ValueError(f"bad or repeated category code {code!r}")
                seen.add(code)
                cats.append(Category(code, g["code"], c["zh_CN"], c["en"], bool(c.get("active", True))))
            groups.append(Group(g["code"], g["zh_CN"], g["en"], tuple(cats)))
        return cls(tuple(groups))

    def categories(self, *, active_only: bool = True) -> list[Category]:
        """Every category in display order (for the intake form's picker)."""
        return [c for g in self.groups for c in g.categories if c.active or not active_only]

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def label(self, code: str | None, language: str = "zh_CN") -> str:
        """Label of a category code; the code itself when it is unknown (e.g. an old ticket)."""
        if code is None:
            return ""
        cat = self._by_code.get(code)
        return cat.label(language) if cat else code

    def group_of(self, code: str) -> str | None:
        cat = self._by_code.get(code)
        return cat.group if cat else None

    def codes_in_group(self, group: str) -> list[str]:
        g = self._groups.get(group)
        return [c.code for c in g.categories] if g else []

    def validate(self, code: str) -> Category:
        """The active category ``code``.

        Raises:
            InvalidInput: unknown or retired category.
        """
        cat = self._by_code.get(code)
        if cat is None or not cat.active:
            raise InvalidInput(f"投诉类别“{code}”不存在或已停用。", f"Unknown or retired complaint category {code!r}.")
        return cat

    def same_matter(self, a: str, b: str) -> str | None:
        """How close two categories are: ``"same"`` (one code), ``"related"`` (one group) or None."""
        if a == b:
            return "same"
        ga, gb = self.group_of(a), self.group_of(b)
        return "related" if ga is not None and ga == gb else None


def load_taxonomy(data_dir: Path | None = None) -> Taxonomy:
    """The bank's taxonomy from ``data_dir`` if it has one, else the packaged default."""
    override = data_dir / OVERRIDE_FILE if data_dir else None
    if override is not None and override.exists():
        text = override.read_text(encoding="utf-8")
    else:
        text = resources.read_text("complaints", "taxonomy.json")
    return Taxonomy.from_dict(json.loads(text))
