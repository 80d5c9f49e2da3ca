"""The schema comes from the migrations, matches the models, and has one linear history."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from db.engine import DatabaseError, make_engine
from db.migrate import alembic_config, backup_sqlite, current_revision, head_revision, upgrade
from db.models import Base
from db.pg_security import SERVER_ONLY_TABLES


def _modelled(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Everything but the tables the security layer keeps outside the models (the key secret)."""
    return not (type_ == "table" and name in SERVER_ONLY_TABLES)


def test_models_and_migrations_do_not_drift(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_model_table_exists_after_upgrade(migrated_engine: Engine) -> None:
    tables = set(inspect(migrated_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(migrated_engine) == head_revision()


def test_upgrade_twice_is_a_no_op(migrated_engine: Engine) -> None:
    before = set(inspect(migrated_engine).get_table_names())
    upgrade(migrated_engine)
    assert set(inspect(migrated_engine).get_table_names()) == before


def test_history_is_linear() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1
    for rev in scripts.walk_revisions():
        down = rev.down_revision
        assert down is None or isinstance(down, str), f"{rev.revision} merges branches"


def test_constraints_follow_the_naming_convention() -> None:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
            assert str(constraint.name).split("_")[0] in ("pk", "fk", "uq", "ck"), constraint.name
        for index in table.indexes:
            assert str(index.name).startswith("ix_"), index.name


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_foreign_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"PK\x03\x04 this is a zip archive, not a database" * 20)
    before = _digest(path)
    with pytest.raises(DatabaseError, match="not a ContactDesk database"):
        make_engine(f"sqlite:///{path}")
    assert _digest(path) == before


def test_other_programs_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO recipes (title) VALUES ('dumplings')")
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        make_engine(f"sqlite:///{path}")
    assert _digest(path) == before


def test_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite a page with garbage
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    before = _digest(path)
    with pytest.raises(DatabaseError, match="damaged"):
        make_engine(f"sqlite:///{path}", verify=True)
    assert _digest(path) == before


@pytest.mark.parametrize("path", ["//fileserver/share/db", "\\\\fileserver\\share\\db"])
def test_network_paths_are_refused(path: str) -> None:
    with pytest.raises(DatabaseError, match="network"):
        make_engine(f"sqlite:///{path}")


def test_backup_copies_the_file_and_keeps_a_few(tmp_path: Path) -> None:
    path = tmp_path / "cd.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    made = [backup_sqlite(engine) for _ in range(5)]
    assert all(m is not None and m.exists() for m in made[-1:])
    kept = sorted(tmp_path.glob("cd.db.*.bak"))
    assert 1 <= len(kept) <= 3
    with sqlite3.connect(kept[-1]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    conn.close()
    engine.dispose()
