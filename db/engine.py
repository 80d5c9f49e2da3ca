"""Engine factories for the embedded SQLite file and a shared PostgreSQL server."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import sys
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from db.errors import uses_pooler_prepared_statements

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
NETWORK_FS_TYPES = frozenset({"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "fuse.sshfs", "davfs", "ncpfs"})


class DatabaseError(RuntimeError):
    """A database that cannot be used, with a message meant for the person at the desk."""


class DatabaseUnreachable(DatabaseError):
    """The database did not answer (down, restarting, a pooler waiting for it): worth trying again later."""


def is_sqlite(url: str | URL) -> bool:
    """True when ``url`` names an SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind an SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def describe(url: str | URL) -> str:
    """A short, password-free description of a database for the status bar and logs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite · {parsed.database or ':memory:'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL · {parsed.username or ''}@{host}{port}/{parsed.database or ''}"


def _windows_drive_is_remote(path: Path) -> bool:
    import ctypes  # Windows only; imported lazily

    drive = path.drive
    if not drive:
        return False
    drive_remote = 4  # DRIVE_REMOTE from GetDriveTypeW
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]


def _posix_fs_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def check_local_path(path: Path) -> None:
    """Refuse an SQLite file on a network share: SQLite's locking is unsafe there.

    Raises:
        DatabaseError: for UNC paths, mapped network drives and network file systems.
    """
    text = str(path)
    if text.startswith(("\\\\", "//")):
        raise DatabaseError(
            f"数据库文件位于网络路径 {text}，SQLite 在网络共享上会损坏数据。"
            f" / The database file {text} is on a network path; SQLite is not safe on a network share. "
            "Use a local folder, or a shared PostgreSQL server for several desktops (CONTACTDESK_DATABASE_URL)."
        )
    if sys.platform == "win32":
        if _windows_drive_is_remote(path):
            raise DatabaseError(
                f"数据库文件位于网络驱动器 {path.drive}。 / The database file is on the network drive {path.drive}; "
                "use a local folder or a shared PostgreSQL server."
            )
        return
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    fs_type = _posix_fs_type(existing)
    if fs_type in NETWORK_FS_TYPES:
        raise DatabaseError(
            f"数据库文件位于网络文件系统（{fs_type}）。 / The database file {path} is on a network file system "
            f"({fs_type}); use a local folder or a shared PostgreSQL server."
        )


def check_sqlite_file(path: Path, *, full: bool = False) -> None:
    """Refuse, without writing to it, a file that is not a healthy ContactDesk SQLite database.

    Runs before any connection of ours can change the file (WAL mode rewrites the header).
    The cheap check reads the header and the schema; ``full`` adds SQLite's ``quick_check``, a scan
    of the whole file, which belongs before migrations and backups rather than on every start.

    Raises:
        DatabaseError: not SQLite, damaged, or another program's database.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(
            f"文件 {path} 不是 ContactDesk 数据库（可能已损坏或是其他程序的文件），已保持原样。"
            f" / {path} is not a ContactDesk database (corrupt, or another program's file); "
            "it was left untouched. Move it away or set CONTACTDESK_DATA_DIR to another folder."
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(f"无法打开数据库文件 {path} / Cannot open the database file {path}: {exc}") from exc
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0] if full else "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"数据库文件 {path} 已损坏，已保持原样。 / The database file {path} is damaged ({exc}); "
            "it was left untouched. Restore a backup (*.bak beside it) or move it away."
        ) from exc
    finally:
        conn.close()
    if check != "ok":
        raise DatabaseError(
            f"数据库文件 {path} 已损坏，已保持原样。 / The database file {path} is damaged ({check}); "
            "it was left untouched. Restore a backup (*.bak beside it) or move it away."
        )
    if tables and "alembic_version" not in tables:
        raise DatabaseError(
            f"{path} 包含其他程序的表，不是 ContactDesk 数据库，已保持原样。"
            f" / {path} holds tables of another program, not ContactDesk; it was left untouched."
        )


SQLITE_SIDECARS = ("-wal", "-shm", "-journal", ".writer-lock")


def private_sqlite_file(path: Path) -> None:
    """Create an SQLite file (or a copy of one) private to this OS account before SQLite opens it (POSIX).

    SQLite gives the ``-wal`` and ``-shm`` files it creates the mode of the database file, so a database
    created ``0600`` keeps its sidecars ``0600`` too.  An existing file of ours and its sidecars lose group
    and other access.  The folder, when it has to be created, is ``0700``.  Nothing changes on Windows, whose
    per-user profile folder already restricts access (docs/embedded-security.md).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "nt" or str(path).startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):  # an empty file is an empty SQLite database
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_SIDECARS)):
        try:
            info = file.lstat()
            if info.st_uid == os.getuid() and not stat.S_ISLNK(info.st_mode) and info.st_mode & 0o077:
                os.chmod(file, stat.S_IMODE(info.st_mode) & ~0o077)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not make %s private: %s", file, exc)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _postgres_session(dbapi_connection: Any, _record: Any) -> None:
    # Search statements (prefix ranges, LIKE) must never run on a cached generic plan.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


_POOLER_WATCHES: weakref.WeakKeyDictionary[Engine, PoolerWatch] = weakref.WeakKeyDictionary()


class PoolerWatch:
    """Finds out that a transaction pooler (PgBouncer in transaction mode) stands between engine and server.

    psycopg prepares a statement it runs often; behind a transaction pooler the next transaction may run on
    another server connection, where that statement is unknown (or another one has its name).  The first such
    error marks the engine: from then on no connection of it prepares anything, and the failing connection is
    treated as lost, so that the caller's retry runs on a fresh one.  Direct connections keep preparing.
    """

    def __init__(self, engine: Engine, *, pooled: bool = False) -> None:
        self.pooled = pooled
        _POOLER_WATCHES[engine] = self
        event.listen(engine, "connect", self._connected)
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "before_cursor_execute", self._executing)
        event.listen(engine, "handle_error", self._failed)

    def _connected(self, dbapi_connection: Any, _record: Any) -> None:
        if self.pooled:
            dbapi_connection.prepare_threshold = None

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if self.pooled and getattr(dbapi_connection, "prepare_threshold", None) is not None:
            dbapi_connection.prepare_threshold = None

    def _executing(self, conn: Any, *_args: Any) -> None:
        # Connections a caller keeps (never checked out again) learn it at their next statement.
        if self.pooled:
            self._checked_out(conn.connection.driver_connection, None, None)

    def _failed(self, context: Any) -> None:
        if not uses_pooler_prepared_statements(context.original_exception):
            return
        if not self.pooled:
            log.warning("a transaction pooler is between this process and PostgreSQL: statements are not prepared")
            self.pooled = True
        context.is_disconnect = True  # this connection is dropped; a retry gets a fresh, non-preparing one


def behind_pooler(engine: Engine) -> bool:
    """Whether the engine found (or was told) that a transaction pooler is in front of the server."""
    watch = _POOLER_WATCHES.get(engine)
    return watch is not None and watch.pooled


KEYRING_SERVICE = "ContactDesk"


def keyring_entry(url: URL) -> str:
    """The keyring entry name that holds the password for a PostgreSQL URL."""
    return f"db:{url.username}@{url.host or 'localhost'}"


def _password_from_keyring(url: URL) -> URL:
    """Fill in a missing PostgreSQL password from the OS keyring (never from a file)."""
    if url.password or not url.username:
        return url
    try:
        import keyring
        from keyring.errors import KeyringError

        secret = keyring.get_password(KEYRING_SERVICE, keyring_entry(url))
    except (ImportError, KeyringError, RuntimeError):
        return url
    return url.set(password=secret) if secret else url


def make_engine(
    url: str | URL, *, pool_size: int = 5, echo: bool = False, verify: bool = False, generic_plans: bool = False
) -> Engine:
    """Create an engine with the settings ContactDesk relies on.

    SQLite: WAL, foreign keys on, busy timeout; refuses network paths and foreign files
    (``verify`` adds a full integrity scan of an existing file).
    PostgreSQL: psycopg 3, pre-ping, custom plans for every statement — unless ``generic_plans``: then a
    statement psycopg has prepared may run on PostgreSQL's cached generic plan.  That is for the gateway,
    whose statements are fixed-shape writes and lookups by key (planning the incoming-call write afresh
    every time halved its commit rate); a desktop's searches (prefix ranges, LIKE) keep custom plans.

    Raises:
        DatabaseError: when the database cannot safely be used.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            check_local_path(path)
            check_sqlite_file(path, full=verify)
            private_sqlite_file(path)
            engine = create_engine(
                parsed, echo=echo, connect_args={"check_same_thread": False, "timeout": 5}, pool_size=pool_size
            )
        else:
            engine = create_engine(parsed, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        parsed = _password_from_keyring(parsed)
        options: dict[str, Any] = {
            "echo": echo,
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": int(os.environ.get("CONTACTDESK_CONNECT_TIMEOUT", "5"))},
        }
        if os.environ.get("CONTACTDESK_PGBOUNCER") == "1":
            options["poolclass"] = NullPool
            options["connect_args"]["prepare_threshold"] = None
        else:
            options["pool_size"] = pool_size
        engine = create_engine(parsed, **options)
        if not generic_plans:
            event.listen(engine, "connect", _postgres_session)
        PoolerWatch(engine, pooled=os.environ.get("CONTACTDESK_PGBOUNCER") == "1")
        return engine
    raise DatabaseError(f"Unsupported database: {backend}. Use a postgresql:// or sqlite:/// URL.")
