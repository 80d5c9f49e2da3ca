"""Throwaway PostgreSQL servers for the test suite.

``ThrowawayPostgres`` runs ``initdb`` in a temporary directory and starts a
private server on 127.0.0.1 on a free port.  It is tuned for speed, not
durability (``fsync=off`` and friends), and is deleted again by ``stop()``.  Its client authentication is a
production server's (:data:`PG_HBA`): the superuser ``postgres`` the fixtures use is trusted, every other login
must prove its password with SCRAM-SHA-256.

When ``CONTACTDESK_TEST_PG_URL`` is set (e.g.
``postgresql://postgres:secret@db.example:5432/postgres``), the fixtures in
``tests/pgfixtures.py`` use that existing server through ``ExternalPostgres``
instead, creating (and dropping) uniquely named databases on it.

This module does not import pytest and may be used from scripts as well::

    with ThrowawayPostgres() as pg:
        url = pg.create_database("scratch")
        engine = sqlalchemy.create_engine(url)
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

ENV_EXTERNAL_URL = "CONTACTDESK_TEST_PG_URL"
ENV_BINDIR = "CONTACTDESK_PG_BINDIR"

SUPERUSER = "postgres"
HOST = "127.0.0.1"
OS_USER_WHEN_ROOT = "postgres"

# Unix socket paths are limited to 107 bytes; leave room for "/.s.PGSQL.NNNNN".
_MAX_SOCKET_DIR_LEN = 80

DEFAULT_SETTINGS: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "password_encryption": "scram-sha-256",
}

# Client authentication: the superuser the fixtures use is trusted (it has no password); every other login
# must prove its password with SCRAM-SHA-256, over TCP and on the Unix socket alike, as on a production server.
PG_HBA = f"""# --- ContactDesk throwaway test server ---
# TYPE  DATABASE  USER        ADDRESS         METHOD
local   all       {SUPERUSER}                 trust
host    all       {SUPERUSER}  127.0.0.1/32   trust
host    all       {SUPERUSER}  ::1/128        trust
local   all       all                         scram-sha-256
host    all       all         127.0.0.1/32    scram-sha-256
host    all       all         ::1/128         scram-sha-256
"""


class PostgresError(RuntimeError):
    """Raised when the throwaway server cannot be created, started or stopped."""


def external_pg_url() -> str | None:
    """The URL of an existing server to use instead of a throwaway one, or None."""
    value = os.environ.get(ENV_EXTERNAL_URL, "").strip()
    return value or None


def free_port(host: str = HOST) -> int:
    """A TCP port that was free a moment ago (bind to port 0 and release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def unique_db_name(prefix: str = "cd_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:16]}"


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name  # /usr/lib/postgresql/<version>/bin/initdb
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def find_bindir() -> Path:
    """Directory holding initdb, pg_ctl and postgres.

    Order: $CONTACTDESK_PG_BINDIR, ``pg_config --bindir``, the highest
    /usr/lib/postgresql/*/bin, then whatever ``initdb`` is on PATH.
    """
    candidates: list[Path] = []
    override = os.environ.get(ENV_BINDIR)
    if override:
        candidates.append(Path(override))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
                stdin=subprocess.DEVNULL,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out:
            candidates.append(Path(out))
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True):
        candidates.append(Path(initdb).parent)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PostgresError(
        "No PostgreSQL server binaries (initdb, pg_ctl, postgres) found; looked in "
        + ", ".join(str(c) for c in candidates or [Path("<nothing>")])
        + f". Install postgresql-15 (Debian) or set {ENV_BINDIR}."
    )


def _world_traversable(path: Path) -> bool:
    """True if every directory from / down to ``path`` can be entered by others."""
    path = path.resolve()
    for part in [path, *path.parents]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return True


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<no log>"
    return "\n".join(text.splitlines()[-lines:]) or "<empty log>"


def _clean_env() -> dict[str, str]:
    # PG* variables (PGDATA, PGPORT, PGHOST, PGOPTIONS, ...) of the caller must not leak
    # into initdb/pg_ctl/postgres.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_MESSAGES"] = "C"
    return env


_live_servers: weakref.WeakSet[ThrowawayPostgres] = weakref.WeakSet()


@atexit.register
def _stop_leftover_servers() -> None:
    for server in list(_live_servers):
        with contextlib.suppress(Exception):
            server.stop()


class ThrowawayPostgres:
    """A private PostgreSQL server in a temporary directory.

    Starts on construction unless ``start=False``.  ``stop()`` (or leaving the
    ``with`` block) stops it and deletes everything.
    """

    supports_restart = True

    def __init__(
        self,
        *,
        port: int | None = None,
        bindir: str | os.PathLike[str] | None = None,
        settings: dict[str, str] | None = None,
        start: bool = True,
        start_timeout: int = 60,
    ) -> None:
        self.bindir = Path(bindir) if bindir else find_bindir()
        self.host = HOST
        self.user = SUPERUSER
        self._fixed_port = port is not None
        self.port = port if port is not None else free_port()
        self.settings = {**DEFAULT_SETTINGS, **(settings or {})}
        self.start_timeout = start_timeout
        self.as_root = os.geteuid() == 0
        self.startup_seconds: float | None = None  # time taken by the last start()

        parent = Path(tempfile.gettempdir())
        if self.as_root and not _world_traversable(parent):
            parent = Path("/tmp")
        if len(str(parent)) > _MAX_SOCKET_DIR_LEN - 30:
            parent = Path("/tmp")
        self.base_dir = Path(tempfile.mkdtemp(prefix="cd-pg-", dir=parent))
        self.data_dir = self.base_dir / "data"
        self.socket_dir = self.base_dir / "sock"
        self.log_file = self.base_dir / "server.log"
        self.initdb_log = self.base_dir / "initdb.log"
        self._running = False
        self._removed = False
        self._started_once = False
        _live_servers.add(self)
        try:
            self.socket_dir.mkdir()
            if self.as_root:
                self._chown_to_postgres(self.base_dir)
            self._initdb()
            self._write_config()
            if start:
                self.start()
        except BaseException:
            self.stop()
            raise

    # -- context manager -------------------------------------------------------------
    def __enter__(self) -> ThrowawayPostgres:
        if not self._running:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<ThrowawayPostgres {self.host}:{self.port} {state} {self.base_dir}>"

    # -- URLs and databases --------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of database ``dbname`` on this server."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def conninfo(self, dbname: str = "postgres") -> str:
        """libpq connection string (for psycopg.connect) of database ``dbname``."""
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname} connect_timeout=10"

    def connect(self, dbname: str = "postgres", **kwargs: Any) -> psycopg.Connection[Any]:
        import psycopg

        return psycopg.connect(self.conninfo(dbname), **kwargs)

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh, empty UTF8 database (from template0); return its SQLAlchemy URL."""
        name = name or unique_db_name()
        _create_database(self.connect, name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, disconnecting anyone still connected to it."""
        _drop_database(self.connect, name)

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> None:
        """Start the server (on the same port and data directory as before)."""
        if self._removed:
            raise PostgresError(f"{self!r} was stopped and removed; create a new one")
        if self._running:
            return
        # A port picked by free_port() may be grabbed by someone else before the server
        # binds it; on the first start only, retry on another port.  restart() must keep
        # the port, so later starts fail instead.
        attempts = 1 if (self._fixed_port or self._started_once) else 3
        for attempt in range(attempts):
            began = time.monotonic()
            result = self._run(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-w",
                    "-t",
                    str(self.start_timeout),
                    "start",
                ],
                timeout=self.start_timeout + 30,
            )
            if result.returncode == 0:
                self._running = True
                self._started_once = True
                self.startup_seconds = time.monotonic() - began
                return
            log = _tail(self.log_file)
            port_taken = "could not bind" in log or "Address already in use" in log
            if port_taken and attempt + 1 < attempts:
                # Somebody grabbed our free port in the meantime: pick another one.
                self._stop_quietly()
                self.port = free_port()
                self._write_config()
                continue
            self._stop_quietly()
            raise PostgresError(
                f"pg_ctl start failed (exit {result.returncode}) for {self.data_dir} on port {self.port}\n"
                f"--- pg_ctl output ---\n{result.stdout.strip()}\n"
                f"--- server log ({self.log_file}) ---\n{log}"
            )

    def kill(self, *, flush: bool = True) -> None:
        """Stop the server abruptly (``pg_ctl -m immediate stop``), as in a crash.

        Because the server runs with ``synchronous_commit=off``, transactions that
        were committed in the last few hundred milliseconds may still sit in WAL
        buffers and would be lost by an immediate stop.  With ``flush=True`` (the
        default) a CHECKPOINT first makes every *committed* transaction durable,
        which is what a production server (synchronous_commit=on) guarantees;
        open transactions are still cut off and rolled back on restart.
        """
        if not self._running:
            return
        if flush:
            self._checkpoint()
        self._pg_ctl_stop("immediate")

    def restart(self, *, flush: bool = True) -> None:
        """Immediate stop, then start again on the same port and data directory."""
        self.kill(flush=flush)
        self.start()

    def stop(self) -> None:
        """Stop the server (immediate) and delete its directory.  Idempotent."""
        try:
            if self._running or (self.data_dir / "postmaster.pid").exists():
                self._pg_ctl_stop("immediate")
        finally:
            if not self._removed:
                shutil.rmtree(self.base_dir, ignore_errors=True)
                self._removed = True
            _live_servers.discard(self)

    close = stop

    # -- internals -----------------------------------------------------------------
    def _checkpoint(self) -> None:
        try:
            with self.connect(autocommit=True, connect_timeout=5) as conn:
                conn.execute("SET statement_timeout = '10s'")
                conn.execute("CHECKPOINT")
        except Exception:
            # Best effort only: the caller wants the server gone either way.
            pass

    def _pg_ctl_stop(self, mode: str) -> None:
        result = self._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "-t", "60", "stop"],
            timeout=90,
        )
        pid_file = self.data_dir / "postmaster.pid"
        if result.returncode != 0 and pid_file.exists():
            raise PostgresError(
                f"pg_ctl stop -m {mode} failed (exit {result.returncode})\n{result.stdout.strip()}\n"
                f"--- server log ---\n{_tail(self.log_file)}"
            )
        self._running = False

    def _stop_quietly(self) -> None:
        with contextlib.suppress(PostgresError):
            self._pg_ctl_stop("immediate")

    def _run(self, argv: list[str], *, timeout: float) -> subprocess.CompletedProcess[str]:
        if self.as_root:
            argv = ["runuser", "-u", OS_USER_WHEN_ROOT, "--", *argv]
        try:
            return subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                timeout=timeout,
                env=_clean_env(),
                cwd=self.base_dir,  # readable by the postgres user (unlike /root)
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PostgresError(
                f"{' '.join(argv)} timed out after {timeout}s\n--- server log ---\n{_tail(self.log_file)}"
            ) from exc
        except FileNotFoundError as exc:
            raise PostgresError(f"cannot run {argv[0]}: {exc}") from exc

    def _chown_to_postgres(self, path: Path) -> None:
        import pwd

        try:
            entry = pwd.getpwnam(OS_USER_WHEN_ROOT)
        except KeyError as exc:
            raise PostgresError(
                f"running as root, but there is no '{OS_USER_WHEN_ROOT}' OS user to run PostgreSQL as "
                "(PostgreSQL refuses to run as root); install postgresql-15 or create the user"
            ) from exc
        for root, dirs, files in os.walk(path):
            os.chown(root, entry.pw_uid, entry.pw_gid)
            for name in dirs + files:
                os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)

    def _initdb(self) -> None:
        base = [
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        ]
        # C.UTF-8 keeps Unicode-aware lower()/ILIKE/pg_trgm (CJK names!) while sorting
        # bytewise; fall back to the plain C locale where C.UTF-8 does not exist.
        result = self._run([*base, "--locale=C.UTF-8"], timeout=180)
        if result.returncode != 0 and "locale" in result.stdout.lower():
            shutil.rmtree(self.data_dir, ignore_errors=True)
            result = self._run([*base, "--no-locale"], timeout=180)
        self.initdb_log.write_text(result.stdout)
        if result.returncode != 0:
            tail = "\n".join(result.stdout.splitlines()[-40:])
            raise PostgresError(f"initdb failed (exit {result.returncode}) in {self.data_dir}\n{tail}")
        # Rewritten in place: the file initdb made keeps its owner (the postgres OS user when run as root).
        (self.data_dir / "pg_hba.conf").write_text(PG_HBA)

    def _write_config(self) -> None:
        settings = {
            **self.settings,
            "listen_addresses": HOST,
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
        }
        lines = ["", "# --- ContactDesk throwaway test server ---"]
        for key, value in settings.items():
            escaped = value.replace("'", "''")
            lines.append(f"{key} = '{escaped}'")
        # postgresql.auto.conf is read after postgresql.conf and wins; rewriting it
        # whole keeps restarts on a new port (start() retry) simple.
        (self.data_dir / "postgresql.auto.conf").write_text("\n".join(lines) + "\n")


class ExternalPostgres:
    """Adapter with the same interface as ThrowawayPostgres for an existing server.

    Only creates and drops databases; the server itself is never stopped.
    """

    supports_restart = False

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._base = make_url(url).set(drivername="postgresql+psycopg")
        self.host = self._base.host or "localhost"
        self.port = self._base.port or 5432
        self.user = self._base.username
        self.maintenance_db = self._base.database or "postgres"
        self._created: set[str] = set()

    def __enter__(self) -> ExternalPostgres:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<ExternalPostgres {self.host}:{self.port}>"

    @property
    def running(self) -> bool:
        return True

    def url(self, dbname: str = "postgres") -> str:
        return self._base.set(database=dbname).render_as_string(hide_password=False)

    def connect(self, dbname: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        import psycopg

        params: dict[str, Any] = {
            "host": self._base.host,
            "port": self._base.port,
            "user": self._base.username,
            "password": self._base.password,
            "dbname": dbname or self.maintenance_db,
            "connect_timeout": 10,
            **{k: v for k, v in self._base.query.items() if isinstance(v, str)},
        }
        params.update(kwargs)
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None})

    def create_database(self, name: str | None = None) -> str:
        name = name or unique_db_name()
        _create_database(self.connect, name)
        self._created.add(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        _drop_database(self.connect, name)
        self._created.discard(name)

    def stop(self) -> None:
        """Drop the databases this adapter created that still exist; leave the server be."""
        for name in list(self._created):
            with contextlib.suppress(Exception):
                self.drop_database(name)

    close = stop

    def kill(self, *, flush: bool = True) -> None:
        raise NotImplementedError(f"cannot kill an external server ({ENV_EXTERNAL_URL} is set)")

    def restart(self, *, flush: bool = True) -> None:
        raise NotImplementedError(f"cannot restart an external server ({ENV_EXTERNAL_URL} is set)")


def _create_database(connect: Callable[..., psycopg.Connection[Any]], name: str) -> None:
    from psycopg import sql

    with connect(autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name)))


def _drop_database(connect: Callable[..., psycopg.Connection[Any]], name: str) -> None:
    from psycopg import sql

    with connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
