"""Schema migrations (Alembic) and the safety steps around them."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from .engine import DatabaseError, check_sqlite_file, private_sqlite_file, sqlite_path

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUPS_KEPT = 3


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision in the migration history."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_ours(engine: Engine) -> None:
    """Refuse a database that holds tables but no ContactDesk history (another program's data).

    Raises:
        DatabaseError: the database belongs to something else or is damaged.
    """
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = MigrationContext.configure(conn).get_current_revision()
    except sqlite3.DatabaseError as exc:  # pragma: no cover - wrapped by SQLAlchemy below
        raise DatabaseError(f"数据库文件无法读取 / The database file cannot be read: {exc}") from exc
    except Exception as exc:
        if isinstance(exc, DatabaseError):
            raise
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise DatabaseError(f"数据库文件已损坏 / The database file is damaged: {exc.__class__.__name__}") from exc
        raise
    if revision is None and tables - {"alembic_version"}:
        raise DatabaseError(
            "该数据库包含其他程序的表，不是 ContactDesk 数据库，已保持原样。"
            " / This database holds tables of another program, not ContactDesk; it was left untouched."
        )
    if revision is not None:
        scripts = ScriptDirectory.from_config(alembic_config())
        try:
            scripts.get_revision(revision)
        except Exception as exc:
            raise DatabaseError(
                f"数据库版本 {revision} 比本程序新或未知，请升级 ContactDesk。"
                f" / The database is at revision {revision}, unknown to this version of ContactDesk; upgrade the app."
            ) from exc


def backup_sqlite(engine: Engine) -> Path | None:
    """Copy an SQLite file beside itself before migrating it; keep the last few copies."""
    path = sqlite_path(engine.url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    src = sqlite3.connect(path)
    try:
        private_sqlite_file(target)  # a copy of the customers: as private as the database
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    old = sorted(path.parent.glob(f"{path.name}.*.bak"))
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    log.info("backed up %s to %s", path, target)
    return target


def upgrade(engine: Engine, *, revision: str = "head", backup: bool = False) -> str | None:
    """Migrate ``engine``'s database to ``revision``.

    Args:
        engine: the database to migrate.
        revision: target revision, normally the head.
        backup: copy an SQLite file first when a migration is actually pending.

    Returns:
        Path of the backup made, as text, or None.
    """
    check_ours(engine)
    made: Path | None = None
    pending = current_revision(engine) not in (None, head_revision())
    path = sqlite_path(engine.url) if engine.dialect.name == "sqlite" else None
    if pending and path is not None:
        check_sqlite_file(path, full=True)  # never migrate (or back up) a damaged file
    if backup and pending:
        made = backup_sqlite(engine)
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite's way to rebuild a table that others point at (ALTER TABLE, "making other kinds of table
            # schema changes"): foreign keys off outside the transaction, checked before it commits.
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(f"迁移破坏了外键 / The migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()
    return str(made) if made else None
