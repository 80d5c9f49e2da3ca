"""Opening the database and finding who is signed in — run on the database worker, never the GUI thread."""

from __future__ import annotations

import ast
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


# The desktop reads a few pages per screen; the engine's large bulk-work page cache would only
# grow the resident memory of a window that is open all day.
DESKTOP_CACHE_KIB = 8192


def _desktop_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{DESKTOP_CACHE_KIB}")
        cursor.close()


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _stored_revision(engine: Any) -> str | None:
    """The revision recorded in ``alembic_version`` (None when absent), without importing Alembic."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def _script_head() -> str | None:
    """The newest migration, read from the scripts' ``revision``/``down_revision`` lines.

    A fast path only: None whenever anything is unusual (a script not in the simple form, a
    branch or merge), and the caller then asks Alembic itself.
    """
    import db

    versions = Path(db.__file__).resolve().parent / "migrations" / "versions"
    revisions: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        try:
            rev = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(rev, str) or not (down is None or isinstance(down, str)):
            return None
        revisions[rev] = down
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 and revisions else None


class NoUserError(RuntimeError):
    """The database has no active user who could sign in."""


@dataclass(frozen=True)
class SignedInUser:
    """The person using this desktop."""

    id: int
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class Session:
    """An open database (the user signs in afterwards)."""

    url: str
    engine: Any
    description: str
    backup: str | None = None


class DatabaseHandle:
    """Stands for one database before and after it is opened.

    The task manager keys its worker threads by this object, so the engine can be created
    (and the file checked, migrated and queried) on the worker thread itself.
    """

    def __init__(self, url: str, *, embedded: bool) -> None:
        self.url = url
        self.embedded = embedded
        self.engine: Any = None

    def open(self) -> Any:
        """Create the engine and bring the schema up to date (embedded) or check it (shared).

        ``make_engine`` refuses foreign, damaged and network-share files.  A database already at
        the newest revision is used as it is — no Alembic import and no second integrity scan on
        the start-up path.  An embedded file that is behind is copied to a backup and migrated.
        A shared database is never migrated by a desktop: it must already be current.

        Returns:
            The path of the backup made before migrating, or None.

        Raises:
            DatabaseError: a corrupt or foreign file, a network path, an unknown revision, or a
                shared database that needs ``contactdesk db upgrade`` first.
        """
        from sqlalchemy import event

        from db.engine import DatabaseError, DatabaseUnreachable, make_engine
        from db.errors import describe, is_transient

        if self.engine is None:
            from services import logredact

            self.engine = make_engine(self.url)
            logredact.shared().add_secret(self.engine.url.password)
            event.listen(self.engine, "connect", _desktop_pragmas)
        try:
            revision = _stored_revision(self.engine)
            if revision is not None and revision == _script_head():
                return None
            from db.migrate import current_revision, head_revision, upgrade

            revision, head = current_revision(self.engine), head_revision()
            if revision == head:
                return None
            if self.embedded:
                backup = upgrade(self.engine, backup=True)
                if backup:
                    log.info("database migrated; backup at %s", backup)
                return backup
        except DatabaseError:
            self.dispose()
            raise
        except Exception as exc:
            self.dispose()
            if is_transient(exc):
                raise DatabaseUnreachable(
                    f"数据库暂时无法连接：{describe(exc, 300)} / The database does not answer: {describe(exc, 300)}"
                ) from exc
            raise DatabaseError(
                f"无法打开数据库：{exc.__class__.__name__}: {exc} / The database cannot be opened: {exc}"
            ) from exc
        self.dispose()
        raise DatabaseError(
            "数据库结构版本与本程序不符，请先运行 contactdesk db upgrade（或升级 ContactDesk）。"
            f" / The shared database is at schema revision {revision or 'none'}, this ContactDesk needs {head}: "
            "run `contactdesk db upgrade`, or upgrade ContactDesk."
        )

    def dispose(self) -> None:
        """Close every pooled connection."""
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None


def count_sign_in_users(engine: Any) -> int:
    """Active users who have a password (who could sign in).  Plain SQL: no ORM import at start-up."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM app_user WHERE is_active = :yes AND password_hash IS NOT NULL"),
                {"yes": True},
            ).scalar_one()
        )


def open_session(handle: DatabaseHandle) -> Session:
    """Open (and migrate) the database; check someone can sign in. Runs on the worker thread.

    Raises:
        DatabaseError: see :meth:`DatabaseHandle.open`.
        NoUserError: no active user has a password.
    """
    from db.engine import describe

    backup = handle.open()
    if count_sign_in_users(handle.engine) == 0:
        raise NoUserError("no active user has a password")
    return Session(handle.url, handle.engine, describe(handle.url), backup)
