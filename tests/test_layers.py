"""The layout and layers of DESIGN.md, enforced on the source tree.

* ``db`` imports nothing else of the project; ``services`` imports ``db`` only; ``gateway`` imports
  ``services`` and ``db`` and never ``desktop``; ``desktop`` imports ``services`` and ``db`` and never
  ``gateway``, except in the one module that starts the in-process demo (:data:`GATEWAY_LINK`).
* Nothing below ``desktop`` imports Qt; the widgets (``desktop/ui``) run no SQL.
* Every write goes through ``db.write.write_txn`` (so every SQLite write takes the writer lock).
* ``resources`` holds data, not code.
* No module imports itself back through others (no import cycles).
* No installed distribution but ContactDesk provides a module with the project's top-level names.

Every checker is tried on a probe in a temporary folder, never in the source tree.
"""

from __future__ import annotations

import ast
import importlib.metadata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("db", "services", "gateway", "desktop")
TOP_LEVEL = (*PACKAGES, "resources")
GATEWAY_LINK = "desktop.gateway_link"

# layer -> the project packages it may import (besides itself)
MAY_IMPORT = {
    "db": (),
    "services": ("db",),
    "gateway": ("services", "db"),
    "desktop": ("services", "db"),
}
QT = ("PySide6", "shiboken6")
# SQLAlchemy's statement builders: widgets leave queries to the services.
SQL_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "bindparam", "exists", "case"}
# Folders that build data sets or schemas of their own (no desk, no live writers, no writer lock needed).
SETUP_ONLY = ("db/", "desktop/bench/", "gateway/bench/")


@dataclass(frozen=True)
class Import:
    module: str  # the module imported (``a.b`` for ``from a.b import c`` and for ``import a.b``)
    names: tuple[str, ...]  # the names taken from it (``from``), else ()
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import of a file, relative ones resolved, those under ``if TYPE_CHECKING`` included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, (), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append(Import(module, tuple(alias.name for alias in node.names), node.lineno))
    return found


def source_files(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Iterator[Path]:
    for package in packages:
        yield from sorted((root / package).rglob("*.py"))


def top(module: str) -> str:
    return module.split(".", 1)[0]


def layer_offences(root: Path = ROOT) -> list[str]:
    """Imports that cross a layer the wrong way."""
    found = []
    for path in source_files(root):
        name = module_name(path, root)
        layer = top(name)
        allowed = {layer, *MAY_IMPORT[layer]}
        for imp in imports_of(path, root):
            target = top(imp.module)
            if target not in TOP_LEVEL or target in allowed:
                continue
            if name == GATEWAY_LINK and target == "gateway":
                continue
            found.append(f"{name}:{imp.line} imports {imp.module} ({layer} may not import {target})")
    return found


def qt_offences(root: Path = ROOT) -> list[str]:
    """Qt anywhere but in the desktop."""
    return [
        f"{module_name(path, root)}:{imp.line} imports {imp.module}"
        for path in source_files(root, ("db", "services", "gateway"))
        for imp in imports_of(path, root)
        if top(imp.module) in QT
    ]


def sql_in_widgets(root: Path = ROOT) -> list[str]:
    """Queries built or run by modules of ``desktop/ui``."""
    found = []
    for path in sorted((root / "desktop" / "ui").rglob("*.py")):
        name = module_name(path, root)
        for imp in imports_of(path, root):
            builders = SQL_BUILDERS.intersection(imp.names)
            if top(imp.module) == "sqlalchemy" and builders:
                found.append(f"{name}:{imp.line} imports {', '.join(sorted(builders))} from sqlalchemy")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "exec_driver_sql", "scalars"):
                found.append(f"{name}:{node.lineno} runs SQL (.{node.attr})")
    return found


def bare_transactions(root: Path = ROOT) -> list[str]:
    """``engine.begin()`` writes that bypass ``db.write.write_txn`` (and so SQLite's writer lock)."""
    found = []
    for path in source_files(root, ("services", "gateway", "desktop")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(SETUP_ONLY):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.With | ast.AsyncWith) and any(
                isinstance(item.context_expr, ast.Call)
                and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr == "begin"
                for item in node.items
            ):
                found.append(f"{rel}:{node.lineno} opens a transaction with .begin(); use db.write.write_txn")
    return found


def resource_code(root: Path = ROOT) -> list[str]:
    """Code in ``resources`` (only its package marker, a docstring, is allowed)."""
    found = []
    for path in sorted((root / "resources").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstring_only = rel == "resources/__init__.py" and all(
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in tree.body
        )
        if not docstring_only:
            found.append(f"{rel} holds code")
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports (a package's own parents left out: Python loads them first)."""
    names = {module_name(path, root): path for path in source_files(root)}
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for imp in imports_of(path, root):
            targets = [f"{imp.module}.{n}" if f"{imp.module}.{n}" in names else imp.module for n in imp.names]
            for target in targets or [imp.module]:
                if target in names and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


# -- the rules, on the source tree -------------------------------------------------------------------------------
def test_the_top_level_is_the_design_cards() -> None:
    for name in (*TOP_LEVEL, "build", "tests", "pyproject.toml", "installer.spec"):
        assert (ROOT / name).exists(), name
    assert not (ROOT / "contactdesk").exists()
    for package in (*PACKAGES, "resources"):
        assert (ROOT / package / "__init__.py").is_file(), package


def test_each_layer_imports_only_what_it_may() -> None:
    assert layer_offences() == []


def test_only_the_desktop_uses_qt() -> None:
    assert qt_offences() == []


def test_the_widgets_run_no_sql() -> None:
    assert sql_in_widgets() == []


def test_every_write_goes_through_the_write_transaction() -> None:
    assert bare_transactions() == []


def test_resources_are_data() -> None:
    assert resource_code() == []


def test_there_are_no_import_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 250
    assert cycles(graph) == []


def test_the_gateway_link_is_the_only_desktop_module_that_imports_the_gateway() -> None:
    importers = {
        module_name(path, ROOT)
        for path in source_files(ROOT, ("desktop",))
        if any(top(imp.module) == "gateway" for imp in imports_of(path))
    }
    assert importers == {GATEWAY_LINK}


def test_no_dependency_installs_a_module_with_our_top_level_names() -> None:
    ours = {"contactdesk"}
    clashes = []
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name in ours:
            continue
        provided = set((dist.read_text("top_level.txt") or "").split())
        for file in dist.files or ():
            parts = file.parts
            if (len(parts) >= 2 and parts[1] == "__init__.py") or (len(parts) == 1 and file.suffix == ".py"):
                provided.add(parts[0].removesuffix(".py"))
        clashes.extend(f"{name} installs {module}" for module in sorted(provided.intersection(TOP_LEVEL)))
    assert clashes == []
    for package in TOP_LEVEL:  # and what Python imports under those names is this checkout's
        module = __import__(package)
        assert Path(module.__file__ or "").resolve().parent == ROOT / package


# -- every checker catches what it is there for (probes in a temporary tree) ---------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in (*PACKAGES, "resources", "desktop/ui"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text('"""Probe."""\n', encoding="utf-8")
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_layer_checker_catches_each_wrong_arrow(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "db/probe.py": "from services import x\n",
            "services/probe.py": "from ..desktop import y\n",
            "gateway/probe.py": "import desktop.ui\n",
            "desktop/probe.py": "from gateway.gateway import create_app\n",
            "desktop/gateway_link.py": "from gateway import inprocess\n",
            "desktop/fine.py": "from services import search\nfrom db import engine\n",
        },
    )
    offences = layer_offences(root)
    assert sorted(o.split(":")[0] for o in offences) == ["db.probe", "desktop.probe", "gateway.probe", "services.probe"]


def test_the_other_checkers_catch_their_faults(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "services/qt.py": "if True:\n    from PySide6.QtCore import QObject\n",
            "desktop/ui/sql.py": "from sqlalchemy import select\n\ndef f(conn):\n    return conn.execute(select(1))\n",
            "services/tx.py": "def f(engine):\n    with engine.begin() as conn:\n        pass\n",
            "resources/code.py": "X = 1\n",
            "services/a.py": "from . import b\n",
            "services/b.py": "from services.a import thing\n",
        },
    )
    assert qt_offences(root) == ["services.qt:2 imports PySide6.QtCore"]
    assert len(sql_in_widgets(root)) == 2
    assert bare_transactions(root) == ["services/tx.py:2 opens a transaction with .begin(); use db.write.write_txn"]
    assert resource_code(root) == ["resources/code.py holds code"]
    assert cycles(import_graph(root)) == [["services.a", "services.b"]]


@pytest.mark.parametrize("text", ['"""Data."""\n', '"""Data."""\nX = 1\n'])
def test_the_resource_marker_may_hold_only_a_docstring(tmp_path: Path, text: str) -> None:
    root = _tree(tmp_path, {"resources/__init__.py": text})
    assert (resource_code(root) == []) == (text == '"""Data."""\n')
