"""The throwaway PostgreSQL server and the pg fixtures work (tests/pgserver.py, tests/pgfixtures.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from tests.pgserver import (
    ENV_EXTERNAL_URL,
    ExternalPostgres,
    PostgresError,
    ThrowawayPostgres,
    external_pg_url,
)

pytestmark = pytest.mark.postgres

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server() -> Iterator[ThrowawayPostgres]:
    # Its own server, not the session-wide pg_server: these tests kill and restart it.
    with ThrowawayPostgres() as pg:
        yield pg


def _scalar(url: str, query: str, **params: object) -> Any:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(query), params).scalar()
    finally:
        engine.dispose()


def _dbname(url: str) -> str:
    name = sa.engine.make_url(url).database
    assert name
    return name


def _postmaster_pid(pg: ThrowawayPostgres) -> int:
    return int((pg.data_dir / "postmaster.pid").read_text().splitlines()[0])


def _alive(pid: int) -> bool:
    """True if the process exists and is not a zombie awaiting its reaper."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_server_starts_and_accepts_sqlalchemy_connections(server: ThrowawayPostgres) -> None:
    assert server.running
    assert server.url("postgres") == f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/postgres"
    assert _scalar(server.url(), "select 1") == 1
    assert _scalar(server.url(), "show server_encoding") == "UTF8"
    assert _scalar(server.url(), "show fsync") == "off"
    assert _scalar(server.url(), "show max_connections") == "200"
    assert _scalar(server.url(), "show listen_addresses") == "127.0.0.1"
    assert _scalar(server.url(), "show unix_socket_directories") == str(server.socket_dir)
    assert server.socket_dir.is_relative_to(server.base_dir)
    if os.geteuid() == 0:
        assert server.data_dir.owner() == "postgres"
        assert _scalar(server.url(), "select pg_catalog.current_setting('data_directory')") == str(server.data_dir)


def test_pg_trgm_extension_works_on_cjk_text(server: ThrowawayPostgres) -> None:
    url = server.create_database()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE EXTENSION pg_trgm"))
            latin = conn.execute(sa.text("select similarity('Müller', 'mueller')")).scalar()
            cjk = conn.execute(sa.text("select similarity('王小明', '王小')")).scalar()
            ilike = conn.execute(sa.text("select 'ÉLODIE' ILIKE 'élodie'")).scalar()
    finally:
        engine.dispose()
    assert latin is not None and latin > 0
    # CJK characters only count as word characters under a UTF-8 ctype (C.UTF-8), not plain C.
    assert cjk is not None and cjk > 0
    assert ilike is True


def test_two_databases_are_independent(server: ThrowawayPostgres) -> None:
    url_a = server.create_database()
    url_b = server.create_database("cd_explicit_name")
    assert url_a != url_b
    assert url_b.endswith(f":{server.port}/cd_explicit_name")

    engine_a = sa.create_engine(url_a)
    engine_b = sa.create_engine(url_b)
    try:
        with engine_a.begin() as conn:
            conn.execute(sa.text("create table contact (id int primary key, name text)"))
            conn.execute(sa.text("insert into contact values (1, '李雷')"))
        with engine_b.connect() as conn:
            assert conn.execute(sa.text("select to_regclass('public.contact')")).scalar() is None
            assert conn.execute(sa.text("select current_database()")).scalar() == "cd_explicit_name"
        with engine_a.connect() as conn:
            assert conn.execute(sa.text("select name from contact")).scalar() == "李雷"
    finally:
        engine_a.dispose()
        engine_b.dispose()

    with pytest.raises(psycopg.errors.DuplicateDatabase):
        server.create_database("cd_explicit_name")


def test_drop_database_disconnects_open_sessions(server: ThrowawayPostgres) -> None:
    url = server.create_database("cd_to_drop")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
            server.drop_database("cd_to_drop")  # while this session is still open
    except sa.exc.OperationalError:
        pass  # our own connection was terminated by WITH (FORCE)
    finally:
        engine.dispose()
    assert _scalar(server.url(), "select count(*) from pg_database where datname = 'cd_to_drop'") == 0


def test_restart_keeps_data_and_port(server: ThrowawayPostgres) -> None:
    url = server.create_database()
    port = server.port
    old_pid = _postmaster_pid(server)
    with server.connect(_dbname(url), autocommit=True) as conn:
        conn.execute("create table note (body text)")
        # Committed immediately before the restart: with synchronous_commit=off this row
        # only survives because kill() checkpoints first.
        conn.execute("insert into note values ('kept across restart')")

    server.restart()

    assert server.running
    assert server.port == port
    assert _postmaster_pid(server) != old_pid
    assert not _alive(old_pid)
    assert _scalar(url, "select body from note") == "kept across restart"


def test_kill_mid_edit_loses_only_the_open_transaction(server: ThrowawayPostgres) -> None:
    url = server.create_database()
    dbname = _dbname(url)
    with server.connect(dbname) as conn:
        conn.execute("create table contact (name text)")
        conn.execute("insert into contact values ('committed')")
        conn.commit()
        conn.execute("insert into contact values ('in flight')")  # transaction left open

        server.kill()

        assert not server.running
        assert not _port_open(server.port)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("insert into contact values ('after the crash')")
    with pytest.raises(psycopg.OperationalError):
        server.connect(dbname, connect_timeout=2).close()

    server.start()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as c:
            names = c.execute(sa.text("select name from contact order by name")).scalars().all()
    finally:
        engine.dispose()
    assert names == ["committed"]


def test_failed_start_reports_the_server_log(server: ThrowawayPostgres) -> None:
    # The port is taken by the module's server, so this one cannot bind it.
    with pytest.raises(PostgresError) as excinfo:
        ThrowawayPostgres(port=server.port)
    message = str(excinfo.value)
    assert "pg_ctl start failed" in message
    assert f"port {server.port}" in message
    assert "server log" in message
    assert "could not" in message.lower()  # e.g. "could not bind IPv4 address ..."
    assert server.running  # the failed attempt did not disturb the running server


def test_stop_removes_everything() -> None:
    pg = ThrowawayPostgres()
    pid = _postmaster_pid(pg)
    base_dir, port = pg.base_dir, pg.port
    assert _alive(pid) and _port_open(port)

    pg.stop()
    pg.stop()  # idempotent

    assert not base_dir.exists()
    assert not _alive(pid)
    assert not _port_open(port)
    with pytest.raises(PostgresError):
        pg.start()


def test_external_adapter_creates_and_drops_databases(
    server: ThrowawayPostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_EXTERNAL_URL, raising=False)
    assert external_pg_url() is None
    monkeypatch.setenv(ENV_EXTERNAL_URL, f"postgresql://postgres@127.0.0.1:{server.port}/postgres")
    url_from_env = external_pg_url()
    assert url_from_env is not None

    ext = ExternalPostgres(url_from_env)
    assert not ext.supports_restart
    kept = ext.create_database()
    dropped = ext.create_database()
    assert kept.startswith(f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/cd_test_")
    assert _scalar(kept, "select 1") == 1
    ext.drop_database(_dbname(dropped))
    ext.stop()  # drops what is left
    names = {sa.engine.make_url(u).database for u in (kept, dropped)}
    count = _scalar(server.url(), "select count(*) from pg_database where datname = any(:n)", n=list(names))
    assert count == 0
    assert server.running  # an external server is never stopped
    with pytest.raises(NotImplementedError):
        ext.restart()


def test_fixtures_plugin_gives_fresh_databases_and_cleans_up(tmp_path: Path) -> None:
    """Run the fixtures in a separate pytest session, as the real suite uses them."""
    report = tmp_path / "report.json"
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            import json, os
            import sqlalchemy as sa

            SEEN = []
            ENGINES = []

            def test_first(pg_server, pg_database_url):
                SEEN.append(sa.engine.make_url(pg_database_url).database)
                engine = sa.create_engine(pg_database_url)
                ENGINES.append(engine)  # never disposed: teardown must force the drop
                with engine.begin() as conn:
                    conn.execute(sa.text("create table t (x int)"))

            def test_second(pg_server, pg_database_url):
                name = sa.engine.make_url(pg_database_url).database
                assert name != SEEN[0]
                engine = sa.create_engine(pg_database_url)
                try:
                    with engine.connect() as conn:
                        assert conn.execute(sa.text("select to_regclass('public.t')")).scalar() is None
                finally:
                    engine.dispose()
                with pg_server.connect(autocommit=True) as conn:
                    left = conn.execute(
                        "select count(*) from pg_database where datname = %s", (SEEN[0],)
                    ).fetchone()[0]
                assert left == 0, "the first test's database was not dropped"
                with open(os.environ["PGFIX_REPORT"], "w") as fh:
                    json.dump({"base_dir": str(getattr(pg_server, "base_dir", ""))}, fh)
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        PGFIX_REPORT=str(report),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.pgfixtures",
            "-q",
            str(tmp_path / "test_inner.py"),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    base_dir = json.loads(report.read_text())["base_dir"]
    if base_dir:  # a throwaway server (not CONTACTDESK_TEST_PG_URL): gone with the session
        assert not Path(base_dir).exists()
