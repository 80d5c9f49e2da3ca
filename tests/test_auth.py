"""Sign-in, lock-out, sessions, idle unlock and user administration, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from db.models import AuditLog, Branch, User, UserSession
from services.audit import verify
from services.auth import (
    AccountDisabled,
    AccountLocked,
    AuthService,
    BadCredentials,
    SessionEnded,
)
from services.auth_errors import PasswordPolicyError, UserAdminError
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD, DEMO_USERNAMES, set_demo_passwords
from services.passwords import (
    PasswordHasher,
    check_policy,
    describe_violations,
    fast_hasher_for_tests,
)
from services.permissions import PermissionDenied, Principal

PASSWORD = "Kf7#mQ2v!xL9"
HASHER = fast_hasher_for_tests()


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 5, 4, 1, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(migrated_engine: Engine, clock: Clock) -> AuthService:
    service = AuthService(migrated_engine, Settings(), clock, hasher=HASHER)
    with migrated_engine.begin() as conn:
        conn.execute(
            insert(Branch).values(id=1, code="BJ01", name="朝阳支行", city="北京市", district="朝阳区", address="x")
        )
    service.add_user("agent01", PASSWORD, role="agent", display_name="王晓燕")
    service.add_user("admin", PASSWORD, role="admin", display_name="管理员")
    service.add_user("lobby01", PASSWORD, role="lobby_manager", display_name="李娜", branch_code="BJ01")
    return service


def audit_rows(engine: Engine, action: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def detail(row: Any) -> dict[str, Any]:
    return json.loads(row.detail) if row.detail else {}


# -- sign-in ----------------------------------------------------------------------------------------
def test_sign_in_opens_a_session_and_is_audited(auth: AuthService, migrated_engine: Engine) -> None:
    signed = auth.sign_in("  Agent01 ", PASSWORD, "WS-A")
    assert signed.user.username == "agent01" and signed.user.role == "agent"
    assert signed.user.workstation == "WS-A" and signed.user.display_name == "王晓燕"
    assert signed.ended_other_session_on is None and signed.notice() is None
    assert auth.session_state(signed.session_id).active
    [row] = audit_rows(migrated_engine, "sign_in")
    assert (row.username, row.workstation, row.user_id) == ("agent01", "WS-A", signed.user.user_id)


def test_unknown_user_and_wrong_password_look_the_same(auth: AuthService, migrated_engine: Engine) -> None:
    with pytest.raises(BadCredentials) as unknown:
        auth.sign_in("nobody", PASSWORD, "WS-A")
    with pytest.raises(BadCredentials) as wrong:
        auth.sign_in("agent01", "Wrong-password-1", "WS-A")
    assert str(unknown.value) == str(wrong.value)
    assert "用户名或密码错误" in str(wrong.value) and "Wrong username or password" in str(wrong.value)
    reasons = [detail(r)["reason"] for r in audit_rows(migrated_engine, "sign_in_failed")]
    assert reasons == ["unknown_user", "wrong_password"]


def test_unknown_user_costs_a_hash(migrated_engine: Engine, clock: Clock) -> None:
    calls: list[str] = []

    class Spy(PasswordHasher):
        def burn(self, password: str) -> None:
            calls.append(password)
            super().burn(password)

    service = AuthService(migrated_engine, Settings(), clock, hasher=Spy(time_cost=1, memory_cost=8, parallelism=1))
    with pytest.raises(BadCredentials):
        service.sign_in("ghost", "whatever", "WS")
    assert calls == ["whatever"]


HOSTILE_USERNAMES = [
    "' OR '1'='1",
    "admin'--",
    "agent01'; DROP TABLE app_user; --",
    '" OR ""="',
    "admin\x00",
    "agent01\nadmin",
    "x" * 10_240,
    "管" * 10_240,
    "",
    "   ",
]


@pytest.mark.parametrize("username", HOSTILE_USERNAMES, ids=lambda u: f"len{len(u)}-{u[:12]!r}")
def test_hostile_usernames_get_the_generic_error_and_an_audit_row(
    auth: AuthService, migrated_engine: Engine, username: str
) -> None:
    with pytest.raises(BadCredentials):
        auth.sign_in(username, PASSWORD, "WS-EVIL")
    [row] = audit_rows(migrated_engine, "sign_in_failed")
    assert len(row.username) <= 64 and "\x00" not in row.username
    assert row.workstation == "WS-EVIL"
    with migrated_engine.connect() as conn:
        assert conn.execute(select(User.username).order_by(User.id)).scalars().all() == ["agent01", "admin", "lobby01"]
    assert verify(migrated_engine).ok


@pytest.mark.parametrize("password", ["' OR '1'='1", "x" * 100_000, "", "\x00\x00"])
def test_hostile_passwords_are_just_wrong(auth: AuthService, migrated_engine: Engine, password: str) -> None:
    with pytest.raises(BadCredentials):
        auth.sign_in("agent01", password, "WS")
    assert len(audit_rows(migrated_engine, "sign_in_failed")) == 1


# -- lock-out ---------------------------------------------------------------------------------------
def test_lock_out_after_five_failures_for_fifteen_minutes(auth: AuthService, clock: Clock) -> None:
    for _ in range(4):
        with pytest.raises(BadCredentials):
            auth.sign_in("agent01", "Wrong-password-1", "WS")
    with pytest.raises(AccountLocked) as locked:
        auth.sign_in("agent01", "Wrong-password-1", "WS")
    assert locked.value.until == clock.now + dt.timedelta(minutes=15)
    local = locked.value.until.astimezone().strftime("%H:%M")
    assert f"锁定至 {local}" in str(locked.value) and f"locked until {local}" in str(locked.value)
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccountLocked):  # even the right password
        auth.sign_in("agent01", PASSWORD, "WS")
    clock.advance(seconds=2)
    assert auth.sign_in("agent01", PASSWORD, "WS").user.username == "agent01"


def test_lock_out_is_configurable_and_resets_on_success(migrated_engine: Engine, clock: Clock) -> None:
    settings = Settings(lockout_attempts=3, lockout_minutes=2)
    service = AuthService(migrated_engine, settings, clock, hasher=HASHER)
    service.add_user("cm01", PASSWORD, role="customer_manager", display_name="张伟")
    for _ in range(2):
        with pytest.raises(BadCredentials):
            service.sign_in("cm01", "Wrong-password-1", "WS")
    service.sign_in("cm01", PASSWORD, "WS")  # resets the count
    for _ in range(2):
        with pytest.raises(BadCredentials):
            service.sign_in("cm01", "Wrong-password-1", "WS")
    with pytest.raises(AccountLocked) as locked:
        service.sign_in("cm01", "Wrong-password-1", "WS")
    assert locked.value.until == clock.now + dt.timedelta(minutes=2)
    rows = audit_rows(migrated_engine, "sign_in_failed")
    assert [detail(r)["failures"] for r in rows] == [1, 2, 1, 2, 3]
    assert detail(rows[-1])["locked_until"]


def test_disabled_account(auth: AuthService, migrated_engine: Engine) -> None:
    signed = auth.sign_in("agent01", PASSWORD, "WS-A")
    assert auth.disable_user("agent01") == 1
    state = auth.session_state(signed.session_id)
    assert not state.active and state.ended_reason == "disabled" and "停用" in (state.message() or "")
    with pytest.raises(AccountDisabled):
        auth.sign_in("agent01", PASSWORD, "WS-A")
    with pytest.raises(BadCredentials):  # without the password nobody learns that it is disabled
        auth.sign_in("agent01", "Wrong-password-1", "WS-A")
    assert detail(audit_rows(migrated_engine, "user_disable")[0])["sessions_ended"] == 1


# -- sessions ---------------------------------------------------------------------------------------
def test_second_desktop_ends_the_first_session(auth: AuthService, migrated_engine: Engine, clock: Clock) -> None:
    first = auth.sign_in("agent01", PASSWORD, "WS-A")
    clock.advance(minutes=5)
    second = auth.sign_in("agent01", PASSWORD, "WS-B")
    assert second.ended_other_session_on == "WS-A"
    assert "WS-A" in (second.notice("zh_CN") or "") and "WS-A" in (second.notice("en") or "")
    old = auth.session_state(first.session_id)
    assert not old.active and old.ended_reason == "superseded" and old.ended_by_workstation == "WS-B"
    assert old.ended_at == clock.now
    assert "WS-B" in (old.message("en") or "") and "WS-B" in (old.message() or "")
    assert auth.session_state(second.session_id, touch=True).active
    [row] = audit_rows(migrated_engine, "session_superseded")
    assert row.entity_id == str(first.session_id) and detail(row)["by_session"] == second.session_id
    with migrated_engine.connect() as conn:
        open_sessions = conn.execute(select(UserSession.workstation).where(UserSession.ended_at.is_(None))).all()
    assert [s[0] for s in open_sessions] == ["WS-B"]


def test_stale_session_on_the_same_desktop_ends_silently(auth: AuthService) -> None:
    first = auth.sign_in("agent01", PASSWORD, "WS-A")
    again = auth.sign_in("agent01", PASSWORD, "WS-A")
    assert again.ended_other_session_on is None
    assert auth.session_state(first.session_id).ended_reason == "superseded"


def test_sign_out(auth: AuthService, migrated_engine: Engine) -> None:
    signed = auth.sign_in("agent01", PASSWORD, "WS-A")
    auth.sign_out(signed.session_id, reason="switch_user")
    auth.sign_out(signed.session_id)  # idempotent
    state = auth.session_state(signed.session_id)
    assert (state.active, state.ended_reason) == (False, "switch_user")
    assert len(audit_rows(migrated_engine, "sign_out")) == 1
    assert not auth.session_state(987654).active


# -- idle lock --------------------------------------------------------------------------------------
def test_unlock_with_the_password(auth: AuthService, migrated_engine: Engine) -> None:
    signed = auth.sign_in("agent01", PASSWORD, "WS-A")
    auth.verify_password_for_unlock(signed.user, PASSWORD, session_id=signed.session_id)
    with pytest.raises(BadCredentials):
        auth.verify_password_for_unlock(signed.user, "Wrong-password-1", session_id=signed.session_id)
    assert len(audit_rows(migrated_engine, "unlock")) == 1
    assert detail(audit_rows(migrated_engine, "unlock_failed")[0])["reason"] == "wrong_password"


def test_unlock_failures_count_towards_lock_out(auth: AuthService) -> None:
    signed = auth.sign_in("agent01", PASSWORD, "WS-A")
    for _ in range(2):
        with pytest.raises(BadCredentials):
            auth.sign_in("agent01", "Wrong-password-1", "WS-A")
    for _ in range(2):
        with pytest.raises(BadCredentials):
            auth.verify_password_for_unlock(signed.user, "Wrong-password-1")
    with pytest.raises(AccountLocked):
        auth.verify_password_for_unlock(signed.user, "Wrong-password-1")
    with pytest.raises(AccountLocked):
        auth.verify_password_for_unlock(signed.user, PASSWORD)


def test_unlock_after_sign_in_elsewhere(auth: AuthService) -> None:
    first = auth.sign_in("agent01", PASSWORD, "WS-A")
    auth.sign_in("agent01", PASSWORD, "WS-B")
    with pytest.raises(SessionEnded) as ended:
        auth.verify_password_for_unlock(first.user, PASSWORD, session_id=first.session_id)
    assert ended.value.reason == "superseded" and "WS-B" in str(ended.value)


# -- passwords --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "codes"),
    [
        (PASSWORD, []),
        (DEMO_PASSWORD, []),
        ("Short1!", ["too_short"]),
        ("alllowercaseletters", ["classes"]),
        ("Password@2026", ["common"]),
        ("Qwerty123!xx", []),
        ("Qwerty123!", ["common"]),
        ("Agent01-is-me!", ["username"]),
        ("密码密码密码Ab12", []),
        ("x" * 129 + "A1!", ["too_long"]),
    ],
)
def test_password_policy(password: str, codes: list[str]) -> None:
    problems = check_policy(password, "agent01")
    assert [p.code for p in problems] == codes
    if problems:
        text = describe_violations(problems)
        assert all(p.zh in text and p.en in text for p in problems)


def test_weak_password_refused_with_every_reason(auth: AuthService) -> None:
    with pytest.raises(PasswordPolicyError) as weak:
        auth.add_user("cm01", "cm01", role="customer_manager", display_name="张伟")
    assert {v.code for v in weak.value.violations} == {"too_short", "classes", "username"}  # type: ignore[attr-defined]
    assert "至少需要 10 个字符" in str(weak.value) and "at least 10 characters" in str(weak.value)


def test_hash_is_argon2id_and_upgraded_when_parameters_rise(migrated_engine: Engine, clock: Clock) -> None:
    weak = AuthService(migrated_engine, Settings(), clock, hasher=HASHER)
    weak.add_user("agent02", PASSWORD, role="agent", display_name="赵")
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    AuthService(migrated_engine, Settings(), clock, hasher=stronger).sign_in("agent02", PASSWORD, "WS")
    with migrated_engine.connect() as conn:
        stored = conn.execute(select(User.password_hash).where(User.username == "agent02")).scalar_one()
    assert stored is not None
    assert stored.startswith("$argon2id$") and "m=16,t=2,p=1" in stored
    assert not stronger.needs_rehash(stored) and HASHER.needs_rehash(stored)
    assert not HASHER.verify(None, "") and not HASHER.verify("not-a-hash", "x")


def test_default_hasher_parameters() -> None:
    hasher = PasswordHasher()
    assert "m=65536,t=3,p=4" in hasher.hash("Kf7#mQ2v!xL9")


# -- administration ---------------------------------------------------------------------------------
def test_user_admin(auth: AuthService, migrated_engine: Engine, clock: Clock) -> None:
    with pytest.raises(UserAdminError):
        auth.add_user("agent01", PASSWORD, role="agent", display_name="重复")
    with pytest.raises(UserAdminError):
        auth.add_user("Bad Name!", PASSWORD, role="agent", display_name="x")
    with pytest.raises(UserAdminError):
        auth.add_user("agent03", PASSWORD, role="boss", display_name="x")
    with pytest.raises(UserAdminError):
        auth.add_user("agent03", PASSWORD, role="agent", display_name="x", branch_code="NOPE")
    # lock agent01, then an administrator's reset clears the lock
    for _ in range(5):
        with pytest.raises((BadCredentials, AccountLocked)):
            auth.sign_in("agent01", "Wrong-password-1", "WS")
    auth.set_password("agent01", "New-pass-2026#")
    assert auth.sign_in("agent01", "New-pass-2026#", "WS").user.username == "agent01"
    users = {u.username: u for u in auth.list_users()}
    assert set(users) == {"admin", "agent01", "lobby01"}
    assert users["lobby01"].branch_code == "BJ01" and users["agent01"].last_sign_in == clock.now
    assert users["agent01"].has_password and users["agent01"].is_active
    actions = [r.action for r in audit_rows(migrated_engine, "user_add") + audit_rows(migrated_engine, "password_set")]
    assert actions == ["user_add"] * 3 + ["password_set"]
    assert audit_rows(migrated_engine, "user_add")[0].username.startswith("cli:")


def test_user_admin_needs_the_permission(auth: AuthService, migrated_engine: Engine) -> None:
    agent = auth.sign_in("agent01", PASSWORD, "WS-A").user
    admin = auth.sign_in("admin", PASSWORD, "WS-Z").user
    with pytest.raises(PermissionDenied):
        auth.add_user("agent09", PASSWORD, role="admin", display_name="x", actor=agent)
    with pytest.raises(PermissionDenied):
        auth.disable_user("admin", actor=agent)
    with pytest.raises(PermissionDenied):
        auth.list_users(actor=agent)
    with pytest.raises(PermissionDenied):
        auth.set_role("agent01", "admin", actor=agent)
    with pytest.raises(PermissionDenied):
        auth.unlock_user("agent01", actor=agent)
    with pytest.raises(PermissionDenied):
        auth.enable_user("agent01", actor=agent)
    denied = audit_rows(migrated_engine, "permission_denied")
    assert [(r.username, detail(r)["permission"]) for r in denied] == [("agent01", "user.admin")] * 6
    auth.add_user("agent09", PASSWORD, role="agent", display_name="x", actor=admin)
    assert audit_rows(migrated_engine, "user_add")[-1].username == "admin"


def test_change_own_password(auth: AuthService) -> None:
    me = auth.sign_in("agent01", PASSWORD, "WS-A").user
    with pytest.raises(BadCredentials):
        auth.change_password(me, "Wrong-password-1", "Another-pass-77")
    with pytest.raises(PasswordPolicyError):
        auth.change_password(me, PASSWORD, "short")
    auth.change_password(me, PASSWORD, "Another-pass-77")
    auth.sign_in("agent01", "Another-pass-77", "WS-A")


def test_demo_passwords(migrated_engine: Engine, clock: Clock) -> None:
    service = AuthService(migrated_engine, Settings(), clock, hasher=HASHER)
    for name in DEMO_USERNAMES:
        service.add_user(name, "Initial-pass-1", role="agent" if name != "admin" else "admin", display_name=name)
    with migrated_engine.begin() as conn:
        conn.execute(update(User).where(User.username == "cm01").values(locked_until=clock.now + dt.timedelta(days=1)))
    assert set_demo_passwords(migrated_engine, hasher=HASHER) == list(DEMO_USERNAMES)
    for name in DEMO_USERNAMES:
        assert service.sign_in(name, DEMO_PASSWORD, "DEMO").user.username == name
    assert verify(migrated_engine).ok


def test_principal_is_frozen() -> None:
    who = Principal(user_id=1, username="a", role="agent")
    with pytest.raises(AttributeError):
        who.role = "admin"  # type: ignore[misc]
