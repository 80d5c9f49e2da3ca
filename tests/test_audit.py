"""The hash-chained audit trail: valid chains under concurrency, tampering found, PostgreSQL protection."""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import threading
import uuid
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.migrate import upgrade
from db.models import User
from desktop.commands import audit as audit_command
from services.audit import (
    CHAIN_LOCK_KEY,
    GENESIS_HASH,
    AuditTrail,
    canonical_json,
    row_hash,
    row_payload,
    verify,
)
from services.audit_actors import check_actors
from services.auth import AuthService
from services.config import Settings
from services.passwords import fast_hasher_for_tests
from services.permissions import Principal

AGENT = Principal(user_id=None, username="agent01", role="agent", workstation="WS-A")  # type: ignore[arg-type]


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(microseconds=137_913)
        return self.now


def fill(engine: Engine, count: int, audit: AuditTrail | None = None) -> None:
    audit = audit or AuditTrail(workstation="TEST-WS")
    for i in range(count):
        with engine.begin() as conn:
            audit.record(conn, AGENT if i % 3 else f"user{i}", "customer_view", "customer", i + 1, {"n": i})


def tamper(engine: Engine, sql: str, **params: Any) -> None:
    """Change audit rows behind the application's back (as a rogue administrator would)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            conn.execute(text(sql), params)
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(sql), params)


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="contactdesk")
    audit_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


# -- the format -------------------------------------------------------------------------------------
def test_payload_format_is_fixed() -> None:
    payload = row_payload(
        GENESIS_HASH, 1, "2026-03-01 08:00:00.000000", None, "agent01", "WS-A", "sign_in", None, None, None
    )
    assert payload == "\x1f".join(
        [GENESIS_HASH, "1", "2026-03-01 08:00:00.000000", "\x19", "agent01", "WS-A", "sign_in", "\x19", "\x19", "\x19"]
    )
    # A change of the serialisation must be deliberate: this hash is part of the format.
    assert row_hash(payload) == "47fd0dfcde3baa43b3762cb0931de2972241e5d01012bdec63d23e39d2a30fdb"
    assert canonical_json({"b": 1, "a": "客户"}) == '{"a":"客户","b":1}'


def test_rows_hash_identically_on_both_backends(migrated_engine: Engine) -> None:
    start = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
    audit = AuditTrail(clock=lambda: start, workstation="WS-X")
    postgres = migrated_engine.dialect.name == "postgresql"
    with migrated_engine.begin() as conn:
        server_before = conn.execute(text("SELECT clock_timestamp()")).scalar() if postgres else None
        audit.record(conn, "agent01", "sign_in", "user", 7, {"z": 1, "a": [1, "二"]}, user_id=None)
        server_after = conn.execute(text("SELECT clock_timestamp()")).scalar() if postgres else None
        stored = conn.execute(text("SELECT row_hash, detail, at FROM audit_log")).one()
    if postgres:
        # The server stamps the time with its own clock (cd_audit_append): the injected clock is not used.
        assert server_before <= stored.at <= server_after
        at = stored.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    else:
        at = "2026-03-01 08:00:00.000000"
    expected = row_hash(
        row_payload(GENESIS_HASH, 1, at, None, "agent01", "WS-X", "sign_in", "user", "7", '{"a":[1,"二"],"z":1}')
    )
    assert (stored.row_hash, stored.detail) == (expected, '{"a":[1,"二"],"z":1}')
    assert verify(migrated_engine).ok


# -- valid chains -----------------------------------------------------------------------------------
def test_chain_is_valid_after_many_appends(migrated_engine: Engine) -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    clock = Clock(dt.datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=shanghai))  # crosses seconds, days
    audit = AuditTrail(clock=clock, workstation="TEST-WS")
    fill(migrated_engine, 120, audit)
    whole_second = AuditTrail(clock=lambda: dt.datetime(2026, 3, 2, 1, 2, 3, tzinfo=dt.UTC))
    whole_second.append(migrated_engine, "admin", "edit", "customer", "CIF001", {"fields": ["phone"]})
    odd = AuditTrail(workstation="WS\x1f\nEVIL\x00")  # control characters never reach the payload raw
    odd.append(migrated_engine, "x\x1fy" * 40, "export", "", None, {"text": "line\nbreak\x1f"})
    report = verify(migrated_engine, batch=7)
    assert report.ok, report
    assert (report.rows, report.head_id) == (122, 122)
    with migrated_engine.connect() as conn:
        name, ws, entity = conn.execute(
            text("SELECT username, workstation, entity FROM audit_log WHERE id = 122")
        ).one()
    assert len(name) == 64 and "\x1f" not in name + ws and entity is None


def test_empty_trail_verifies(migrated_engine: Engine) -> None:
    report = verify(migrated_engine)
    assert report.ok and report.rows == 0 and report.head_id is None


def test_concurrent_threads_make_one_chain(migrated_engine: Engine) -> None:
    audit = AuditTrail(workstation="THREADS")
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(25):
                with migrated_engine.begin() as conn:
                    if i % 2:  # sometimes the transaction reads first, as a service would
                        conn.execute(text("SELECT count(*) FROM app_user")).scalar()
                    audit.record(conn, f"thread{n}", "customer_view", "customer", i)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify(migrated_engine, batch=16)
    assert report.ok, report
    assert report.rows == 150


def _append_from_process(url: str, n: int) -> None:
    engine = make_engine(url)
    audit = AuditTrail(workstation=f"PROC{n}")
    for i in range(20):
        audit.append(engine, f"proc{n}", "customer_view", "customer", i)
    engine.dispose()


@pytest.mark.slow
def test_concurrent_processes_make_one_chain(migrated_engine: Engine) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_from_process, args=(url_of(migrated_engine), n)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    report = verify(migrated_engine)
    assert report.ok and report.rows == 60


# -- tampering --------------------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [50_000, 5])
def test_directly_edited_row_is_named(migrated_engine: Engine, batch: int) -> None:
    fill(migrated_engine, 40)
    tamper(migrated_engine, "UPDATE audit_log SET entity_id = '999' WHERE id = 17")
    report = verify(migrated_engine, batch=batch)
    assert report.first_broken_id == 17
    assert "content" in (report.reason or "")
    assert report.head_id == 16 and report.rows == 17


def test_edited_timestamp_is_found(migrated_engine: Engine) -> None:
    fill(migrated_engine, 10)
    tamper(migrated_engine, "UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 4")
    assert verify(migrated_engine).first_broken_id == 4


def test_rewritten_row_with_a_fresh_hash_breaks_the_next_link(migrated_engine: Engine) -> None:
    fill(migrated_engine, 20)
    with migrated_engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM audit_log WHERE id = 9")).mappings().one()
    at = row["at"] if isinstance(row["at"], str) else row["at"].astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    forged = row_hash(
        row_payload(
            row["prev_hash"],
            9,
            at,
            row["user_id"],
            "someone_else",
            row["workstation"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["detail"],
        )
    )
    tamper(migrated_engine, "UPDATE audit_log SET username = 'someone_else', row_hash = :h WHERE id = 9", h=forged)
    report = verify(migrated_engine)
    assert report.first_broken_id == 10
    assert "row 9" in (report.reason or "")


def test_deleted_row_is_found(migrated_engine: Engine) -> None:
    fill(migrated_engine, 30)
    tamper(migrated_engine, "DELETE FROM audit_log WHERE id IN (12, 13)")
    report = verify(migrated_engine, batch=4)
    assert report.first_broken_id == 14
    assert "12..13" in (report.reason or "") and "missing" in (report.reason or "")


def test_deleted_first_row_is_found(migrated_engine: Engine) -> None:
    fill(migrated_engine, 5)
    tamper(migrated_engine, "DELETE FROM audit_log WHERE id = 1")
    assert verify(migrated_engine).first_broken_id == 2


def test_verify_command_exit_status(migrated_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    fill(migrated_engine, 12)
    assert run_cli(["audit", "verify", "--database", url_of(migrated_engine)]) == 0
    out = capsys.readouterr().out
    assert "rows checked: 12" in out and "OK" in out and "rows/s" in out
    tamper(migrated_engine, "UPDATE audit_log SET action = 'edit' WHERE id = 5")
    assert run_cli(["audit", "verify", "--database", url_of(migrated_engine)]) == 1
    out = capsys.readouterr().out
    assert "first broken row: id 5" in out


# -- protection -------------------------------------------------------------------------------------
def test_sqlite_triggers_refuse_changes(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    fill(engine, 3)
    for sql in ("UPDATE audit_log SET action = 'x' WHERE id = 1", "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    assert verify(engine).ok
    engine.dispose()


@pytest.fixture
def desktop_login(pg_database_url: str) -> Iterator[tuple[str, str, str]]:
    """A member of staff's own login (as the migration's cd_sync_login makes it): (its URL, the owner's URL,
    the user's name)."""
    engine = make_engine(pg_database_url)
    upgrade(engine)
    fill(engine, 5)
    username = f"desk{uuid.uuid4().hex[:10]}"
    # The owner's path (as `contactdesk user add`): the row, then the login by cd_sync_login.
    AuthService(engine, Settings(), hasher=fast_hasher_for_tests()).add_user(
        username, "Kf7#mQ2v!xL9", role="agent", display_name="Desk"
    )
    with engine.begin() as conn:
        login = conn.execute(text("SELECT db_login FROM app_user WHERE username = :u"), {"u": username}).scalar_one()
        conn.exec_driver_sql(f"ALTER ROLE {login} PASSWORD 'desk-pw-1'")
    engine.dispose()
    owner = make_url(pg_database_url)
    try:
        yield (
            owner.set(username=login, password="desk-pw-1").render_as_string(hide_password=False),
            pg_database_url,
            username,
        )
    finally:
        conninfo = f"host={owner.host} port={owner.port} user={owner.username} dbname={owner.database}"
        if owner.password:
            conninfo += f" password={owner.password}"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP ROLE {login}")


@pytest.mark.postgres
def test_desktop_role_cannot_update_delete_or_truncate_audit_rows(desktop_login: tuple[str, str, str]) -> None:
    desk_url, owner_url, username = desktop_login
    desk = make_engine(desk_url)
    try:
        # What a desktop needs still works: append to the chain (as itself, whatever name it gives), read it,
        # change the tables it works on.
        AuditTrail(workstation="DESK").append(desk, "agent01", "customer_view", "customer", 1)
        with desk.begin() as conn:
            conn.execute(text("UPDATE presence SET expires_at = expires_at WHERE id = -1"))
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 7
            assert conn.execute(text("SELECT username FROM audit_log WHERE id = 7")).scalar() == username
        for sql in (
            "UPDATE audit_log SET action = 'x' WHERE id = 1",
            "DELETE FROM audit_log WHERE id = 1",
            "TRUNCATE audit_log",
            "INSERT INTO audit_log (id, at, username, workstation, action, prev_hash, row_hash) "
            "VALUES (8, now(), 'admin', 'X', 'export', 'x', 'y')",
            "UPDATE alembic_version SET version_num = '0001'",
            "UPDATE app_user SET locale = locale WHERE id = -1",
        ):
            with pytest.raises(Exception) as refused, desk.begin() as conn:
                conn.execute(text(sql))
            assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege), sql  # type: ignore[attr-defined]
            assert "permission denied" in str(refused.value), sql
    finally:
        desk.dispose()
    owner = make_engine(owner_url)
    try:
        for sql in (
            "UPDATE audit_log SET action = 'x' WHERE id = 1",
            "DELETE FROM audit_log WHERE id = 1",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(Exception, match="append-only"), owner.begin() as conn:
                conn.execute(text(sql))
        report = verify(owner)
        assert report.ok and report.rows == 7
    finally:
        owner.dispose()


@pytest.mark.postgres
def test_migration_grants_are_repeatable(pg_database_url: str) -> None:
    # The group role is cluster-wide: migrating a second database must find and reuse it.
    engine = make_engine(pg_database_url)
    upgrade(engine)
    with engine.connect() as conn:
        grants = set(
            conn.execute(
                text(
                    "SELECT privilege_type FROM information_schema.role_table_grants "
                    "WHERE grantee = 'contactdesk_desktop' AND table_name = 'audit_log'"
                )
            ).scalars()
        )
    engine.dispose()
    # Desktops append only through cd_audit_append (which stamps actor and time): no INSERT of their own.
    assert grants == {"SELECT"}


@pytest.mark.postgres
def test_chain_head_function_takes_the_documented_lock(pg_database_url: str) -> None:
    engine = make_engine(pg_database_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:
            assert tuple(conn.execute(text("SELECT * FROM audit_chain_head()")).one()) == (None, None)
            held = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                    "AND ((classid::bigint << 32) | objid::bigint) = :key"
                ),
                {"key": CHAIN_LOCK_KEY},
            ).scalar()
        assert held == 1
    finally:
        engine.dispose()


def test_benchmark_figures(migrated_engine: Engine) -> None:
    from desktop.bench import BENCHMARKS
    from desktop.bench import audit as bench

    assert BENCHMARKS["audit"] == "desktop.bench.audit"
    args = argparse.Namespace(quick=True, rows=3_000, samples=1_000, database=url_of(migrated_engine))
    figures = bench.run(args)
    assert figures["audit_rows"] == 3_000 + 2 * 1_020
    for key in ("audit_write_p95_ms", "audit_verify_rows_per_s", "audit_write_p50_ms"):
        assert figures[key] > 0
    assert verify(migrated_engine).ok


def test_benchmark_refuses_a_real_audit_trail(migrated_engine: Engine) -> None:
    from desktop.bench import audit as bench
    from services.bench_harness import BenchError

    fill(migrated_engine, 1)
    with pytest.raises(BenchError, match="real audit trail"):
        bench.run(argparse.Namespace(quick=True, rows=10, samples=1_000, database=url_of(migrated_engine)))


# -- who could have done it -------------------------------------------------------------------------
def test_actor_check_replays_roles_along_the_chain(migrated_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    service = AuthService(migrated_engine, Settings(), hasher=fast_hasher_for_tests())
    ids = {
        name: service.add_user(name, "Kf7#mQ2v!xL9", role=role, display_name=name)
        for name, role in (("boss", "admin"), ("sup", "supervisor"), ("ag", "agent"))
    }
    with migrated_engine.begin() as conn:  # a user without role rows (as the seed makes them)
        conn.execute(insert(User).values(username="seeded", display_name="S", role_code="customer_manager", skills=[]))
        ids["seeded"] = int(conn.execute(select(User.id).where(User.username == "seeded")).scalar_one())
    who = {
        name: Principal(user_id=uid, username=name, role=role, workstation="WS")
        for (name, uid), role in zip(ids.items(), ("admin", "supervisor", "agent", "customer_manager"), strict=True)
    }
    audit = AuditTrail(workstation="WS")
    allowed = audit.append(migrated_engine, who["sup"], "template_approve", "message_template", 1, {"v": 1})
    service.set_role("sup", "agent", actor=who["boss"])  # the supervisor is demoted
    late = audit.append(migrated_engine, who["sup"], "template_approve", "message_template", 2, {"v": 1})
    # The agent forges its own promotion: refused itself, and it does not make the next row allowed.
    forged = audit.append(migrated_engine, who["ag"], "user_role", "user", ids["ag"], {"role": "admin", "was": "admin"})
    export = audit.append(migrated_engine, who["ag"], "export", "customer", None, {"rows": 20_000})
    audit.append(migrated_engine, who["ag"], "password_set", "user", ids["ag"], {"own": True})  # one's own: fine
    reset = audit.append(migrated_engine, who["ag"], "password_set", "user", ids["sup"], None)
    audit.append(migrated_engine, who["seeded"], "export", "customer", None, {"rows": 3})  # current role may
    audit.append(migrated_engine, "gateway", "export", "customer", None, None)  # no user: not judged
    service.set_role("seeded", "agent")  # by the command line, later: before it, the role was customer_manager
    assert verify(migrated_engine).ok

    report = check_actors(migrated_engine, batch=3)
    assert [(v.id, v.username, v.role, v.action) for v in report.violations] == [
        (late, "sup", "agent", "template_approve"),
        (forged, "ag", "agent", "user_role"),
        (export, "ag", "agent", "export"),
        (reset, "ag", "agent", "password_set"),
    ]
    assert report.violations[2].needs == ("customer.export",)
    assert allowed not in {v.id for v in report.violations}

    assert run_cli(["audit", "verify", "--database", url_of(migrated_engine)]) == 1
    out = capsys.readouterr().out
    assert "OK — chain intact" in out
    assert "the chain is intact, but 4 rows were written by actors who could not have done them" in out
    assert f"id {export}: ag (user {ids['ag']}, role agent) export: needs customer.export" in out


def test_actor_check_of_an_honest_trail_passes(migrated_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    service = AuthService(migrated_engine, Settings(), hasher=fast_hasher_for_tests())
    uid = service.add_user("cm", "Kf7#mQ2v!xL9", role="customer_manager", display_name="cm")
    cm = Principal(user_id=uid, username="cm", role="customer_manager", workstation="WS")
    audit = AuditTrail(workstation="WS")
    for action in ("export", "reveal", "campaign_start", "message_send", "customer_view"):
        audit.append(migrated_engine, cm, action, "customer", 1, None)
    report = check_actors(migrated_engine)
    # Not judged: the user_add by the command line (no user) and the view (every role may view).
    assert report.ok and report.rows == 4
    assert run_cli(["audit", "verify", "--database", url_of(migrated_engine)]) == 0
    assert "actors checked: 4 rows" in capsys.readouterr().out
