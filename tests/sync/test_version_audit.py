"""No Core UPDATE of a versioned table slips past optimistic concurrency.

Every ``update(<versioned model or its table>)`` in the product must check the version it loaded
(``.where(... version == expected)``, :func:`~db.repositories.versioning.guarded_update`) or bump
it (``version=X.version + 1``, :func:`~db.repositories.versioning.bumped`), so that a desk holding
the old version is refused.  The few statements that deliberately do neither are listed with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from db import models
from db.models.base import Versioned

ROOT = Path(__file__).resolve().parents[2]
CODE_FOLDERS = ("db", "services", "gateway", "desktop")
VERSIONED = {
    name
    for name in dir(models)
    if isinstance(getattr(models, name), type) and issubclass(getattr(models, name), Versioned)
}

# (file, function) -> why it may write without touching the version
EXEMPT = {
    ("services/tickets/records.py", "set_system"): "system-kept fields (clocks, breach flags) that no "
    "person edits; bumping would make every open edit of the ticket conflict with the clock",
    ("db/repositories/customer_write.py", "refresh_search_keys"): "derived search keys rewritten in the same "
    "transaction as the version-checked save of the name",
    ("services/calls.py", "save_notes"): "the agent's running notes on their own live call, saved as "
    "they type; no other desk edits them",
}


def _aliases(tree: ast.Module) -> set[str]:
    """Module names bound to a versioned model's table, e.g. ``TICKET = Ticket.__table__``."""
    out = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute) and node.value.attr == "__table__":
            base = node.value.value
            if isinstance(base, ast.Name) and base.id in VERSIONED:
                out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return out


def offenders_in(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    targets = VERSIONED | _aliases(tree)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    rel = path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "update"):
            continue
        if len(node.args) != 1:
            continue
        arg = node.args[0]
        name = arg.id if isinstance(arg, ast.Name) else arg.attr if isinstance(arg, ast.Attribute) else None
        if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
            name = arg.value.id if arg.value.id in targets else name  # _call.c -> no; Call.__table__ -> Call
        if name not in targets:
            continue
        statement: ast.AST = node
        while isinstance(parents.get(statement), ast.Call | ast.Attribute):
            statement = parents[statement]
        function = statement
        while function in parents and not isinstance(function, ast.FunctionDef):
            function = parents[function]
        where = function.name if isinstance(function, ast.FunctionDef) else "<module>"
        text = ast.get_source_segment(source, statement) or ""
        body = ast.get_source_segment(source, function) or ""
        handled = "version" in text or '"version":' in body or "bumped(" in text
        if not handled and (rel, where) not in EXEMPT:
            found.append(f"{rel}:{node.lineno} in {where}: update({name}) neither checks nor bumps the version")
    return found


# Whole folders that build data sets in a database of their own, where no desk holds a version yet.
SETUP_ONLY = ("desktop/bench/", "gateway/bench/", "db/seed/", "db/migrations/")


def test_every_update_of_a_versioned_table_handles_the_version() -> None:
    assert {"Customer", "Ticket", "Call", "User"} <= VERSIONED
    paths = [
        p
        for folder in CODE_FOLDERS
        for p in sorted((ROOT / folder).rglob("*.py"))
        if not p.relative_to(ROOT).as_posix().startswith(SETUP_ONLY)
    ]
    assert len(paths) > 200
    offenders = [o for path in paths for o in offenders_in(path)]
    assert offenders == []


def test_the_audit_catches_a_bare_update(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    probe = tmp_path / "db" / "_version_probe.py"
    probe.write_text(
        "from sqlalchemy import update\nfrom db.models import Customer\n\n\n"
        "def rename(conn, cid):\n    conn.execute(update(Customer).where(Customer.id == cid).values(name='x'))\n\n\n"
        "def bump(conn, cid):\n    conn.execute(update(Customer).where(Customer.id == cid)"
        ".values(name='x', version=Customer.version + 1))\n",
        encoding="utf-8",
    )
    assert offenders_in(probe, tmp_path) == [
        "db/_version_probe.py:6 in rename: update(Customer) neither checks nor bumps the version"
    ]
