"""The import rules of DESIGN.md, enforced: db never imports Qt or the desktop; services never import widgets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "contactdesk"

RULES = {
    "db": ("PySide6", "contactdesk.desktop", "shiboken6"),
    "desktop/services": ("PySide6.QtWidgets", "PySide6.QtGui", "contactdesk.desktop.ui"),
    "desktop/telephony": ("PySide6.QtWidgets", "PySide6.QtGui", "contactdesk.desktop.ui"),
    "desktop/sync": ("PySide6", "shiboken6", "contactdesk.desktop.ui"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                # resolve a relative import against the file's package
                parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)[: -node.level]
                found.add(".".join([*parts, node.module]))
            else:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports(layer: str) -> None:
    forbidden = RULES[layer]
    files = sorted((PACKAGE / layer).rglob("*.py"))
    if layer == "db":
        assert files, "db layer has no modules"
    offenders = [
        f"{f.relative_to(PACKAGE)} imports {mod}"
        for f in files
        for mod in imported_modules(f)
        if any(mod == bad or mod.startswith(bad + ".") for bad in forbidden)
    ]
    assert offenders == []


def test_services_do_not_import_qt_at_all() -> None:
    # Services run in workers, in the gateway and in benchmarks: no Qt whatsoever.
    offenders = [
        f"{f.relative_to(PACKAGE)} imports {mod}"
        for f in sorted((PACKAGE / "desktop/services").rglob("*.py"))
        for mod in imported_modules(f)
        if mod.startswith("PySide6")
    ]
    assert offenders == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = PACKAGE / "db" / "_layer_probe.py"
    bad.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    try:
        assert "PySide6.QtCore" in imported_modules(bad)
        with pytest.raises(AssertionError):
            test_layer_imports("db")
    finally:
        bad.unlink()
