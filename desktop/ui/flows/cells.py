"""Values as the flow editor's cells show and read them: YAML for numbers, booleans and lists, else text."""

from __future__ import annotations

from typing import Any

import yaml

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "contains", "exists")


def scalar(text: str) -> Any:
    """A value typed in a cell: YAML for numbers, booleans and lists (``[a, b]``), else the text."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return yaml.safe_load(stripped)
    except yaml.YAMLError:
        return stripped


def shown(value: Any) -> str:
    """A value in a cell (the inverse of :func:`scalar`)."""
    if value is None:
        return ""
    if isinstance(value, (list, dict, bool)):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
    return str(value)
