"""Desktops sign in through the gateway and reach PostgreSQL as their user's own login, with a short-lived
password the gateway issues (``POST /auth/sign-in``, ``POST /auth/verify``; gateway.auth_http).

Everything here is real: a PostgreSQL server that asks every login but the superuser for SCRAM-SHA-256
(tests/pgserver.py), the migrations' roles and functions, the gateway application on a loopback port running as
a gateway login, and the desktop's own sign-in code (desktop.session).
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import argon2
import httpx
import psycopg
import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine
from db.migrate import upgrade
from db.models import User, UserSession
from desktop.session import GatewayClient
from services import logredact
from services.auth_errors import AccountDisabled, AccountLocked, BadCredentials, SessionEnded
from services.config import Settings
from services.passwords import PasswordHasher
from tests.pgserver import ExternalPostgres, ThrowawayPostgres, unique_db_name
from tests.signin_gateway import PASSWORD, SignInGateway, desktop_sign_in, session_user, set_passwords
from tests.sync.world import World, build_world

pytestmark = pytest.mark.postgres

WRONG = "Wrong-password-1"
LIMIT = 5
PARALLEL = 24
# (id, username, display name): beside the world's 张伟 (1) and 李娜 (2)
MORE_USERS = ((3, "guess01", "王强"), (4, "guess02", "赵敏"), (5, "leaver", "孙丽"), (6, "renewer", "周杰"))


class Db:
    def __init__(self, server: ThrowawayPostgres | ExternalPostgres, name: str) -> None:
        self.server = server
        self.name = name
        self.url = server.url(name)
        self.owner = make_engine(self.url)

    def count_sessions(self, username: str) -> int:
        with self.owner.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(UserSession)
                    .join(User, User.id == UserSession.user_id)
                    .where(User.username == username)
                ).scalar_one()
            )

    def connect_as(self, login: str, password: str) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=self.server.host, port=self.server.port, dbname=self.name, user=login, password=password
        )


@pytest.fixture(scope="module")
def db(pg_server: ThrowawayPostgres | ExternalPostgres) -> Iterator[Db]:
    """One migrated database for the module: the sync tests' world and a few more users, all with PASSWORD."""
    name = unique_db_name()
    pg_server.create_database(name)
    database = Db(pg_server, name)
    upgrade(database.owner)
    world: World = build_world(database.owner)
    with database.owner.begin() as conn:
        for uid, username, display in MORE_USERS:
            conn.execute(
                insert(User).values(id=uid, username=username, display_name=display, role_code="agent", branch_id=1)
            )
    set_passwords(database.owner, [world.zhang.username, world.li.username, *(u for _, u, _ in MORE_USERS)])
    try:
        yield database
    finally:
        database.owner.dispose()
        pg_server.drop_database(name)


@pytest.fixture(scope="module")
def gateway(db: Db) -> Iterator[SignInGateway]:
    with SignInGateway(db.url, Settings(lockout_attempts=LIMIT)) as gw:
        yield gw


def post(gateway: SignInGateway, path: str, body: Any) -> httpx.Response:
    return httpx.post(gateway.url + path, json=body, timeout=30)


# -- signing in ------------------------------------------------------------------------------------------------
def test_sign_in_answers_the_user_and_a_credential_for_their_own_login(db: Db, gateway: SignInGateway) -> None:
    before = dt.datetime.now(dt.UTC)
    answer = post(gateway, "/auth/sign-in", {"username": "zhangwei", "password": PASSWORD, "workstation": "WS-A"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["user"] == {
        "id": 1,
        "username": "zhangwei",
        "display_name": "张伟",
        "role": "agent",
        "branch_id": 1,
        "team_id": None,
        "locale": "zh_CN",
        "workstation": "WS-A",
    }
    assert body["db_login"] == "cd_zhangwei"
    assert len(body["db_password"]) == 43 and body["db_password"] != PASSWORD
    until = dt.datetime.fromisoformat(body["valid_until"])
    assert dt.timedelta(minutes=59) < until - before <= dt.timedelta(hours=1, seconds=1)
    with db.owner.connect() as conn:
        session = conn.execute(select(UserSession).where(UserSession.id == body["session_id"])).one()
        stored = conn.execute(
            text("SELECT rolpassword, rolvaliduntil FROM pg_authid WHERE rolname = 'cd_zhangwei'")
        ).one()
    assert (session.user_id, session.workstation, session.ended_at) == (1, "WS-A", None)
    # PostgreSQL holds only the SCRAM verifier, with the validity the gateway gave it
    assert stored.rolpassword.startswith("SCRAM-SHA-256$4096:") and body["db_password"] not in stored.rolpassword
    assert stored.rolvaliduntil == until
    with db.connect_as("cd_zhangwei", body["db_password"]) as conn:
        assert conn.execute("SELECT session_user, cd_uid(), cd_role()").fetchone() == ("cd_zhangwei", 1, "agent")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        db.connect_as("cd_zhangwei", PASSWORD)  # the user's own password is not the database's


def test_the_desktop_engine_runs_as_the_users_login_over_scram(db: Db, gateway: SignInGateway) -> None:
    shared, signed = desktop_sign_in(gateway.url, db.url, "lina", workstation="WS-B")
    try:
        engine = shared.handle.engine
        assert (signed.user.user_id, signed.user.username, signed.user.display_name) == (2, "lina", "李娜")
        assert engine.url.username == "cd_lina" and engine.url.password is None, "no password in the engine's URL"
        assert session_user(engine) == "cd_lina"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT cd_uid()")).scalar_one() == 2
            # a desktop's login may not read the raw identifiers the gateway reads
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("SELECT password_hash FROM app_user LIMIT 1"))
        with engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
            # nor clear its own lock-out: the checks run in the gateway, on rows only the gateway may change
            conn.execute(text("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = cd_uid()"))
        with db.owner.connect() as conn:
            rules = conn.execute(
                text("SELECT user_name, auth_method FROM pg_hba_file_rules WHERE type = 'host' ORDER BY line_number")
            ).all()
        assert {tuple(r.user_name): r.auth_method for r in rules} == {
            ("postgres",): "trust",
            ("all",): "scram-sha-256",
        }, "every login but the fixtures' superuser proves its password with SCRAM"
    finally:
        shared.close()
    assert shared.handle.engine is None and shared.handle.credential is None


def test_a_password_in_the_database_url_is_ignored_with_a_warning(
    db: Db, gateway: SignInGateway, caplog: pytest.LogCaptureFixture
) -> None:
    url = db.url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://someone:old-shared-secret@")
    with caplog.at_level(logging.WARNING, logger="desktop.session"):
        shared, _signed = desktop_sign_in(gateway.url, url, "lina")
    try:
        assert session_user(shared.handle.engine) == "cd_lina"
        assert "password in the shared database's URL is ignored" in caplog.text
        assert "old-shared-secret" not in repr(shared.handle.engine.url)
    finally:
        shared.close()


def test_refusals_are_bilingual_and_an_unknown_user_looks_like_a_wrong_password(db: Db, gateway: SignInGateway) -> None:
    unknown = post(gateway, "/auth/sign-in", {"username": "nobody", "password": PASSWORD, "workstation": "WS-X"})
    wrong = post(gateway, "/auth/sign-in", {"username": "lina", "password": WRONG, "workstation": "WS-X"})
    assert unknown.status_code == wrong.status_code == 401
    assert (
        unknown.json()
        == wrong.json()
        == {
            "error": "bad_credentials",
            "zh": "用户名或密码错误。",
            "en": "Wrong username or password.",
        }
    )
    with pytest.raises(BadCredentials):
        gateway.client().sign_in("nobody", PASSWORD, "WS-X")
    for bad in (b"not json", b"[1, 2]", b'{"username": 1, "password": "x"}'):
        refused = httpx.post(gateway.url + "/auth/sign-in", content=bad, timeout=10)
        assert refused.status_code == 400 and refused.json()["error"] == "malformed"
    too_big = httpx.post(gateway.url + "/auth/sign-in", content=b"x" * 20_000, timeout=10)
    assert too_big.status_code == 413
    assert httpx.get(gateway.url + "/auth/sign-in", timeout=10).status_code == 405
    set_passwords(db.owner, ["lina"])  # the wrong attempt above counted: the next test starts afresh


# -- lock-out through the gateway ---------------------------------------------------------------------------------
class Checks:
    """argon2's verifications in this process (the gateway runs here), real ones and timing dummies apart."""

    def __init__(self, desk: Any) -> None:
        self.is_dummy = desk.auth._hasher.is_dummy
        self.real = 0
        self.dummy = 0
        self.lock = threading.Lock()


@pytest.fixture
def checks(gateway: SignInGateway, monkeypatch: pytest.MonkeyPatch) -> Checks:
    counted = Checks(gateway.desk)
    original = argon2.PasswordHasher.verify

    def verify(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> Any:
        text_hash = hash.decode() if isinstance(hash, bytes) else hash
        with counted.lock:
            if counted.is_dummy(text_hash):
                counted.dummy += 1
            else:
                counted.real += 1
        time.sleep(0.01)  # widen the window in which parallel attempts overlap
        return original(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify)
    return counted


def parallel_sign_ins(gateway: SignInGateway, username: str, passwords: list[str]) -> list[str]:
    """POST every password at once; the answers' codes ("signed_in" for a 200)."""
    start = threading.Barrier(len(passwords))
    results: list[str] = []
    lock = threading.Lock()

    def one(password: str) -> None:
        start.wait(30)
        answer = post(gateway, "/auth/sign-in", {"username": username, "password": password, "workstation": "WS-G"})
        with lock:
            results.append("signed_in" if answer.status_code == 200 else str(answer.json()["error"]))

    threads = [threading.Thread(target=one, args=(p,)) for p in passwords]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == len(passwords)
    return results


def test_parallel_wrong_passwords_are_checked_at_most_the_lockout_limit(
    db: Db, gateway: SignInGateway, checks: Checks
) -> None:
    results = parallel_sign_ins(gateway, "guess01", [WRONG] * PARALLEL)
    assert checks.real == LIMIT, "more passwords were checked than the lock-out allows"
    assert checks.real + checks.dummy == PARALLEL, "every answer cost one verification"
    assert sorted(results) == ["bad_credentials"] * (LIMIT - 1) + ["locked"] * (PARALLEL - LIMIT + 1)
    # Now locked: the right password among 23 wrong ones, all at once, signs in nowhere and is not even checked.
    results = parallel_sign_ins(gateway, "guess01", [WRONG] * (PARALLEL - 1) + [PASSWORD])
    assert results == ["locked"] * PARALLEL
    assert checks.real == LIMIT
    assert db.count_sessions("guess01") == 0
    locked = post(gateway, "/auth/sign-in", {"username": "guess01", "password": PASSWORD, "workstation": "WS-G"})
    body = locked.json()
    assert (locked.status_code, body["error"], body["attempts"]) == (401, "locked", LIMIT)
    assert "锁定" in body["zh"] and "locked until" in body["en"]
    with pytest.raises(AccountLocked) as refused:
        gateway.client().sign_in("guess01", PASSWORD, "WS-G")
    assert refused.value.until == dt.datetime.fromisoformat(body["until"])


def test_unknown_user_wrong_password_and_locked_take_the_same_time(db: Db) -> None:
    """Measured at the HTTP level with the production argon2 parameters: the medians agree within a ratio."""
    production = PasswordHasher()
    with db.owner.begin() as conn:
        conn.execute(
            update(User)
            .where(User.username.in_(["guess02", "leaver"]))
            .values(password_hash=production.hash(PASSWORD), failed_logins=0, locked_until=None)
        )
        conn.execute(
            update(User)
            .where(User.username == "leaver")
            .values(locked_until=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        )
    cases = {"unknown": ("ghost01", WRONG), "wrong": ("guess02", WRONG), "locked": ("leaver", WRONG)}
    timings: dict[str, list[float]] = {case: [] for case in cases}
    with (
        SignInGateway(db.url, Settings(lockout_attempts=1000), hasher=production) as slow,
        httpx.Client(base_url=slow.url, timeout=30) as http,
    ):
        for round_ in range(5):
            for case, (username, password) in cases.items():
                began = time.perf_counter()
                answer = http.post("/auth/sign-in", json={"username": username, "password": password})
                spent = time.perf_counter() - began
                assert answer.status_code == 401
                if round_:  # the first round warms up connections and code paths
                    timings[case].append(spent)
    medians = {case: statistics.median(values) for case, values in timings.items()}
    ratio = max(medians.values()) / min(medians.values())
    print("sign-in refusals, median seconds:", {k: round(v, 4) for k, v in medians.items()}, f"ratio {ratio:.3f}")
    assert ratio < 1.3, f"the refusals take visibly different times: {medians}"
    set_passwords(db.owner, ["guess02", "leaver"])


# -- the credential's life --------------------------------------------------------------------------------------
def test_unlock_renews_the_credential_and_refuses_what_sign_in_refuses(db: Db, gateway: SignInGateway) -> None:
    shared, signed = desktop_sign_in(gateway.url, db.url, "renewer")
    try:
        engine = shared.handle.engine
        first = shared.handle.credential
        with engine.connect() as kept:  # a connection made with the first password
            shared.unlock(signed, PASSWORD)
            second = shared.handle.credential
            assert second.login == first.login == "cd_renewer" and second.password != first.password
            assert kept.execute(text("SELECT session_user")).scalar_one() == "cd_renewer", "open connections stay"
        engine.dispose()  # every connection from now on is new
        assert session_user(engine) == "cd_renewer", "the pool connects with the renewed password"
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            db.connect_as("cd_renewer", first.password)
        with pytest.raises(BadCredentials):
            shared.unlock(signed, WRONG)
        with pytest.raises(SessionEnded):
            GatewayClient(gateway.url).verify(999_999, PASSWORD)
        wrong_type = post(gateway, "/auth/verify", {"session_id": "1", "password": PASSWORD})
        assert wrong_type.status_code == 400
        # Signed in on another desk: this session has ended, and its unlock says so.
        desktop_sign_in(gateway.url, db.url, "renewer", workstation="WS-OTHER")[0].close()
        with pytest.raises(SessionEnded) as ended:
            shared.unlock(signed, PASSWORD)
        assert "WS-OTHER" in ended.value.en
    finally:
        shared.close()


def test_an_expired_credential_is_refused_by_postgresql(db: Db) -> None:
    with SignInGateway(db.url, hours=3 / 3600) as short:  # three seconds (cut to the second)
        shared, _signed = desktop_sign_in(short.url, db.url, "zhangwei")
    try:
        engine = shared.handle.engine
        credential = shared.handle.credential
        conn = engine.connect()  # opened while valid
        time.sleep(max(0.0, (credential.valid_until - dt.datetime.now(dt.UTC)).total_seconds()) + 1.0)
        assert credential.expired()
        assert conn.execute(text("SELECT session_user")).scalar_one() == "cd_zhangwei", "an open connection stays"
        conn.close()
        engine.dispose()
        with pytest.raises(DBAPIError, match="password authentication failed"):
            session_user(engine)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            db.connect_as("cd_zhangwei", credential.password)
    finally:
        shared.close()


def test_a_disabled_users_login_cannot_connect(db: Db, gateway: SignInGateway) -> None:
    shared, _signed = desktop_sign_in(gateway.url, db.url, "leaver")
    credential = shared.handle.credential
    try:
        engine = shared.handle.engine
        assert session_user(engine) == "cd_leaver"
        with db.owner.begin() as conn:  # what an administrator's cd_user_set_active does to the login
            conn.execute(update(User).where(User.username == "leaver").values(is_active=False))
            conn.execute(text("SELECT cd_sync_login(id) FROM app_user WHERE username = 'leaver'"))
        with pytest.raises(psycopg.OperationalError):
            db.connect_as("cd_leaver", credential.password)
        engine.dispose()
        with pytest.raises(DBAPIError):
            session_user(engine)
        with pytest.raises(AccountDisabled):  # the right password: said to be disabled, and nothing issued
            gateway.client().sign_in("leaver", PASSWORD, "WS-L")
        with db.owner.connect() as conn:
            can_login = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'cd_leaver'")).scalar_one()
        assert can_login is False
    finally:
        shared.close()
        with db.owner.begin() as conn:
            conn.execute(update(User).where(User.username == "leaver").values(is_active=True))


def test_only_the_gateway_issues_credentials(db: Db, gateway: SignInGateway) -> None:
    shared, _signed = desktop_sign_in(gateway.url, db.url, "zhangwei")
    try:
        with shared.handle.engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(
                text("SELECT cd_issue_login(2, 'SCRAM-SHA-256$4096:x', now() + interval '1 hour')")
            )  # a desktop cannot give itself (or 李娜) a password
    finally:
        shared.close()


def test_issued_passwords_are_redacted_from_logs(db: Db) -> None:
    redactor = logredact.RedactingFilter()
    with SignInGateway(db.url, redactors=[redactor]) as gw:
        shared, _signed = desktop_sign_in(gw.url, db.url, "lina")
        password = shared.handle.credential.password
        try:
            line = f"connecting with {password} now"
            assert password not in redactor.redact(line) and logredact.SECRET_MARK in redactor.redact(line)
            assert password not in logredact.shared().redact(line), "the desktop's process-wide redactor too"
            assert len(gw.desk.issued) >= 1
        finally:
            shared.close()
