"""The short-lived database credential itself: its SCRAM-SHA-256 verifier is PostgreSQL's own, and it works
through PgBouncer in transaction mode with ``auth_query`` (docs/pgbouncer.md), on a pool of the user's own."""

from __future__ import annotations

import base64
import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, insert, text

from db import pgbouncer_auth
from db.engine import make_engine
from db.migrate import upgrade
from db.models import User
from desktop.cli import main as cli_main
from services import credentials
from tests.pgbouncer import PgBouncer, pgbouncer_binary
from tests.pgserver import ExternalPostgres, ThrowawayPostgres
from tests.signin_gateway import SignInGateway, desktop_sign_in, session_user, set_passwords
from tests.sync.world import build_world

ROOT = Path(__file__).resolve().parents[1]
BOUNCER_PASSWORD = "Pgb-Test-2026!lookup"


def test_a_new_password_is_random_and_url_safe() -> None:
    passwords = {credentials.new_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(p) == 43 and p.replace("-", "").replace("_", "").isalnum() for p in passwords)
    credential = credentials.DbCredential("cd_x", "secret-value", dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    assert "secret-value" not in repr(credential)
    assert not credential.expired() and credential.expired(margin=120)


@pytest.mark.postgres
def test_the_verifier_is_the_one_postgresql_makes(pg_server: ThrowawayPostgres | ExternalPostgres) -> None:
    """PostgreSQL hashes a password itself; with its salt and iterations ours is the same string."""
    with pg_server.connect(autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS cd_verifier_probe")
        conn.execute("CREATE ROLE cd_verifier_probe NOLOGIN")
        try:
            conn.execute("SET password_encryption = 'scram-sha-256'")
            for password in ("pencil", "Kf7#mQ2v!xL9", credentials.new_password()):
                conn.execute(f"ALTER ROLE cd_verifier_probe PASSWORD '{password}'")
                row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'cd_verifier_probe'").fetchone()
                assert row is not None
                theirs = str(row[0])
                iterations, salt = theirs.split("$")[1].split(":")
                mine = credentials.scram_verifier(password, salt=base64.b64decode(salt), iterations=int(iterations))
                assert mine == theirs
        finally:
            conn.execute("DROP ROLE cd_verifier_probe")
    fresh = credentials.scram_verifier("pencil")
    assert fresh.startswith("SCRAM-SHA-256$4096:") and fresh != credentials.scram_verifier("pencil"), "salted"


@pytest.mark.postgres
def test_issue_refuses_a_lifetime_beyond_a_day(pg_database_url: str) -> None:
    engine = make_engine(pg_database_url)
    try:
        for hours in (0, -1, 24.5):
            with pytest.raises(ValueError):
                credentials.issue(engine, 1, hours)
    finally:
        engine.dispose()


# -- PgBouncer ------------------------------------------------------------------------------------------------
@pytest.fixture
def bounced(
    pg_server: ThrowawayPostgres | ExternalPostgres, pg_database_url: str
) -> Iterator[tuple[Engine, PgBouncer, str]]:
    """(owner engine, a PgBouncer with scram-sha-256 and auth_query in front of the server, the database name)."""
    if pgbouncer_binary() is None:
        pytest.fail("pgbouncer is not installed (Debian: apt-get install pgbouncer)")
    owner = make_engine(pg_database_url)
    upgrade(owner)
    build_world(owner)
    set_passwords(owner, ["zhangwei", "lina"])
    assert cli_main(["db", "pgbouncer-setup", "--apply", "--database", pg_database_url]) == 0
    pgbouncer_auth.apply(owner)  # idempotent: the admin may run it again
    with owner.begin() as conn:
        conn.execute(text(f"ALTER ROLE {pgbouncer_auth.AUTH_USER} PASSWORD '{BOUNCER_PASSWORD}'"))
    bouncer = PgBouncer(pg_server, pool_size=2, auth_user=(pgbouncer_auth.AUTH_USER, BOUNCER_PASSWORD))
    try:
        yield owner, bouncer, pg_database_url.rsplit("/", 1)[1]
    finally:
        bouncer.stop()
        owner.dispose()


@pytest.mark.postgres
def test_an_issued_credential_works_through_pgbouncer_on_the_users_own_pool(
    bounced: tuple[Engine, PgBouncer, str], pg_database_url: str
) -> None:
    _owner, bouncer, name = bounced
    with SignInGateway(pg_database_url) as gateway:
        # The desktop signs in through the gateway and connects through PgBouncer, as its own login.
        shared, _signed = desktop_sign_in(gateway.url, bouncer.url(name), "zhangwei")
    try:
        engine = shared.handle.engine
        for _ in range(3):  # several transactions, possibly on different server connections
            assert session_user(engine) == "cd_zhangwei"
        with engine.begin() as conn:
            assert conn.execute(text("SELECT current_user, cd_uid()")).one() == ("cd_zhangwei", 1)
        credential = shared.handle.credential
        with pytest.raises(psycopg.OperationalError, match="SASL authentication failed"):
            psycopg.connect(bouncer.url(name, credential.login, "wrong-password").replace("+psycopg", ""))
        pools = {(p["database"], p["user"]) for p in bouncer.admin("SHOW POOLS")}
        assert (name, "cd_zhangwei") in pools, "a pool of the user's own"
    finally:
        shared.close()


@pytest.mark.postgres
def test_pgbouncer_refuses_an_expired_credential_even_with_a_server_connection_open(
    bounced: tuple[Engine, PgBouncer, str],
) -> None:
    owner, bouncer, name = bounced
    credential = credentials.issue(owner, 2, 3 / 3600)
    url = bouncer.url(name, credential.login, credential.password).replace("+psycopg", "")
    kept = psycopg.connect(url, prepare_threshold=None)  # keeps its pool's server connection busy-able
    try:
        assert kept.execute("SELECT session_user").fetchone() == ("cd_lina",)
        time.sleep(max(0.0, (credential.valid_until - dt.datetime.now(dt.UTC)).total_seconds()) + 1.0)
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url)
    finally:
        kept.close()


@pytest.mark.postgres
def test_the_lookup_answers_only_for_valid_contactdesk_logins(
    bounced: tuple[Engine, PgBouncer, str], pg_server: ThrowawayPostgres | ExternalPostgres
) -> None:
    owner, _bouncer, name = bounced
    valid = credentials.issue(owner, 1, 1)
    expired = credentials.issue(owner, 2, 1 / 3600)
    time.sleep(max(0.0, (expired.valid_until - dt.datetime.now(dt.UTC)).total_seconds()) + 0.5)
    with owner.begin() as conn:  # an ordinary role of another application, with a password
        conn.execute(text("DROP ROLE IF EXISTS other_app"))
        conn.execute(text("CREATE ROLE other_app LOGIN PASSWORD 'Other-App-2026!'"))
    try:
        with psycopg.connect(
            host=pg_server.host,
            port=pg_server.port,
            dbname=name,
            user=pgbouncer_auth.AUTH_USER,
            password=BOUNCER_PASSWORD,
        ) as conn:

            def lookup(login: str) -> list[tuple[str, str]]:
                return conn.execute("SELECT * FROM pgbouncer_auth.user_lookup(%s)", (login,)).fetchall()

            assert [row[0] for row in lookup(valid.login)] == ["cd_zhangwei"]
            assert lookup(valid.login)[0][1].startswith("SCRAM-SHA-256$")
            assert lookup(expired.login) == [], "an expired password is not handed to PgBouncer"
            for login in ("postgres", "other_app", pgbouncer_auth.AUTH_USER, "nobody"):
                assert lookup(login) == [], login
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT passwd FROM pg_shadow")
    finally:
        with owner.begin() as conn:
            conn.execute(text("DROP ROLE other_app"))


@pytest.mark.postgres
def test_pools_are_per_user(bounced: tuple[Engine, PgBouncer, str]) -> None:
    """Three logins, two transactions each at once, pool size 2: three pools of two server connections."""
    owner, bouncer, name = bounced
    with owner.begin() as conn:
        conn.execute(insert(User).values(id=3, username="wangq", display_name="王强", role_code="agent", branch_id=1))
    issued = [credentials.issue(owner, uid, 1) for uid in (1, 2, 3)]
    start = threading.Barrier(len(issued) * 2 + 1)
    done = threading.Barrier(len(issued) * 2 + 1)

    def transaction(credential: credentials.DbCredential) -> None:
        url = bouncer.url(name, credential.login, credential.password).replace("+psycopg", "")
        with psycopg.connect(url, prepare_threshold=None) as conn:
            start.wait(30)
            with conn.transaction():
                conn.execute("SELECT pg_sleep(0.05)")
                done.wait(30)  # every transaction is open at once here

    threads = [threading.Thread(target=transaction, args=(c,)) for c in issued for _ in range(2)]
    for thread in threads:
        thread.start()
    start.wait(30)
    deadline = time.monotonic() + 20
    servers: dict[str, int] = {}
    while time.monotonic() < deadline:
        pools = [p for p in bouncer.admin("SHOW POOLS") if p["database"] == name and p["user"].startswith("cd_")]
        servers = {p["user"]: p["sv_active"] for p in pools}
        if sum(servers.values()) == 6:
            break
        time.sleep(0.05)
    done.wait(30)
    for thread in threads:
        thread.join(30)
    assert servers == {"cd_zhangwei": 2, "cd_lina": 2, "cd_wangq": 2}, "users × pool size"


def test_the_documented_setup_is_the_one_the_command_applies(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["db", "pgbouncer-setup"]) == 0
    assert capsys.readouterr().out == pgbouncer_auth.setup_sql()
    doc = (ROOT / "docs" / "pgbouncer.md").read_text(encoding="utf-8")
    assert pgbouncer_auth.setup_sql().strip() in doc
    assert f"auth_query = {pgbouncer_auth.AUTH_QUERY}" in doc
