"""A real PgBouncer in transaction mode in front of a test PostgreSQL server, on loopback.

PgBouncer refuses to run as root; when the tests are root it runs as the ``postgres`` OS user (``-u``), like the
server.  ``url(db)`` is the SQLAlchemy URL through the pooler.

By default clients are trusted and connect as the superuser.  ``auth_user=(role, password)`` sets it up as in
production (docs/pgbouncer.md): ``auth_type = scram-sha-256`` and each login's SCRAM verifier fetched with
``auth_query`` (:mod:`db.pgbouncer_auth`) as that role, so a desktop's own short-lived credential works through
the pooler, on a per-user pool.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.pgserver import HOST, OS_USER_WHEN_ROOT, SUPERUSER, free_port


def pgbouncer_binary() -> str | None:
    for candidate in (shutil.which("pgbouncer"), "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


class PgBouncer:
    """``pool_mode = transaction``: each transaction may run on another server connection."""

    def __init__(
        self,
        server: Any,
        *,
        pool_size: int = 8,
        max_clients: int = 400,
        auth_user: tuple[str, str] | None = None,
    ) -> None:
        binary = pgbouncer_binary()
        if binary is None:
            raise RuntimeError("pgbouncer is not installed (Debian: apt-get install pgbouncer)")
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="cd-pgb-", dir="/tmp"))
        users = f'"{SUPERUSER}" ""\n'
        auth = ["auth_type = trust"]
        self.admin_password = ""
        if auth_user is not None:
            from db.pgbouncer_auth import AUTH_QUERY

            role, password = auth_user
            # The superuser needs a password under SCRAM (the server behind still trusts it): for the admin console.
            self.admin_password = "pgbouncer-admin-test"
            users = f'"{SUPERUSER}" "{self.admin_password}"\n'
            users += f'"{role}" "{password}"\n'  # its own password, to run the auth_query with
            auth = ["auth_type = scram-sha-256", f"auth_user = {role}", f"auth_query = {AUTH_QUERY}"]
        (self.base / "users.txt").write_text(users, encoding="utf-8")
        os.chmod(self.base / "users.txt", 0o600)
        self.log = self.base / "pgbouncer.log"
        (self.base / "pgbouncer.ini").write_text(
            "\n".join(
                [
                    "[databases]",
                    f"* = host={server.host} port={server.port}",
                    "[pgbouncer]",
                    f"listen_addr = {HOST}",
                    f"listen_port = {self.port}",
                    "unix_socket_dir =",
                    *auth,
                    f"auth_file = {self.base / 'users.txt'}",
                    "pool_mode = transaction",
                    f"default_pool_size = {pool_size}",
                    f"max_client_conn = {max_clients}",
                    "server_login_retry = 1",
                    "ignore_startup_parameters = extra_float_digits,options",
                    f"logfile = {self.log}",
                    f"pidfile = {self.base / 'pgbouncer.pid'}",
                    f"admin_users = {SUPERUSER}",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        command = [binary]
        if os.geteuid() == 0:
            entry = pwd.getpwnam(OS_USER_WHEN_ROOT)
            for path in (self.base, *self.base.iterdir()):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            command += ["-u", OS_USER_WHEN_ROOT]
        command.append(str(self.base / "pgbouncer.ini"))
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("pgbouncer did not start: " + self._tail()) from None
                time.sleep(0.05)

    def url(self, dbname: str, user: str = SUPERUSER, password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{user}{secret}@{HOST}:{self.port}/{dbname}"

    def admin(self, command: str) -> list[dict[str, Any]]:
        """A command of PgBouncer's admin console (``SHOW POOLS``), as the superuser."""
        import psycopg

        with psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, password=self.admin_password, dbname="pgbouncer", autocommit=True
        ) as conn:
            conn.prepare_threshold = None
            cursor = conn.execute(command)  # type: ignore[arg-type]
            names = [c.name for c in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]  # type: ignore[misc]

    def _tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.base, ignore_errors=True)
