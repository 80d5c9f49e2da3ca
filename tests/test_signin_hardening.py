"""Sign-in under parallel guessing and its answer's cost: counted in argon2 verifications, never in time.

On SQLite and on a real PostgreSQL (``migrated_engine`` runs each test on both).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import argon2
import pytest
from sqlalchemy import Engine, insert, select, update

from db.models import Branch, User
from services.auth import AccountLocked, AuthService, BadCredentials
from services.auth_errors import AuthError
from services.config import Settings
from services.passwords import fast_hasher_for_tests

PASSWORD = "Kf7#mQ2v!xL9"
WRONG = "Wrong-password-1"
PARALLEL = 24
LIMIT = 5


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 5, 4, 1, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Verifications:
    """Every argon2 verification run in this process, sorted into real ones and dummy (timing) ones."""

    is_dummy: Callable[[str], bool]
    real: int = 0
    dummy: int = 0
    parameters: list[str] = field(default_factory=list)
    gate: threading.Event | None = None  # when set up, real verifications wait for it
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return self.real + self.dummy


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(migrated_engine: Engine, clock: Clock) -> AuthService:
    service = AuthService(migrated_engine, Settings(lockout_attempts=LIMIT), clock, hasher=fast_hasher_for_tests())
    with migrated_engine.begin() as conn:
        conn.execute(
            insert(Branch).values(id=1, code="BJ01", name="朝阳支行", city="北京市", district="朝阳区", address="x")
        )
    service.add_user("agent01", PASSWORD, role="agent", display_name="王晓燕")
    return service


@pytest.fixture
def counted(service: AuthService, monkeypatch: pytest.MonkeyPatch) -> Iterator[Verifications]:
    """Counts argon2's own verify calls (whatever path in the product reaches them)."""
    original = argon2.PasswordHasher.verify
    counts = Verifications(service._hasher.is_dummy)

    def verify(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> Any:
        text = hash.decode() if isinstance(hash, bytes) else hash
        dummy = counts.is_dummy(text)
        with counts.lock:
            counts.parameters.append(text.split("$")[3])
            if dummy:
                counts.dummy += 1
            else:
                counts.real += 1
        if not dummy:
            if counts.gate is not None:
                counts.gate.wait(60)
            else:
                time.sleep(0.02)  # widen the window in which parallel attempts overlap
        return original(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify)
    yield counts


def lock_state(engine: Engine) -> tuple[int, dt.datetime | None]:
    with engine.connect() as conn:
        row = conn.execute(select(User.failed_logins, User.locked_until).where(User.username == "agent01")).one()
    return int(row.failed_logins), row.locked_until


def attempt(service: AuthService, password: str, start: threading.Barrier | None = None) -> str:
    if start is not None:
        start.wait(30)
    try:
        service.sign_in("agent01", password, "WS-X")
    except AuthError as refused:
        return type(refused).__name__
    return "signed_in"


def run_parallel(service: AuthService, passwords: list[str]) -> tuple[list[threading.Thread], list[str]]:
    results: list[str] = []
    start = threading.Barrier(len(passwords))

    def one(password: str) -> None:
        results.append(attempt(service, password, start))

    threads = [threading.Thread(target=one, args=(p,), daemon=True) for p in passwords]
    for thread in threads:
        thread.start()
    return threads, results


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# -- lock-out under parallel attempts ------------------------------------------------------------------------
def test_parallel_wrong_passwords_get_exactly_the_limit_of_checks(
    service: AuthService, counted: Verifications, migrated_engine: Engine, clock: Clock
) -> None:
    threads, results = run_parallel(service, [WRONG] * PARALLEL)
    for thread in threads:
        thread.join(120)
    assert len(results) == PARALLEL
    assert counted.real == LIMIT, "more passwords were checked than the lock-out allows"
    assert counted.total == PARALLEL, "every attempt costs exactly one verification"
    # the first LIMIT - 1 are just wrong; the one that used the last attempt and every later one: locked
    assert sorted(results) == ["AccountLocked"] * (PARALLEL - LIMIT + 1) + ["BadCredentials"] * (LIMIT - 1)
    _failures, locked_until = lock_state(migrated_engine)
    assert locked_until == clock.now + dt.timedelta(minutes=15)
    with pytest.raises(AccountLocked):
        service.sign_in("agent01", PASSWORD, "WS-X")
    assert counted.real == LIMIT, "the right password was not even checked while locked"


def test_right_password_among_wrong_ones_is_refused_once_the_limit_is_reached(
    service: AuthService, counted: Verifications, migrated_engine: Engine, clock: Clock
) -> None:
    counted.gate = threading.Event()  # the checks that got an attempt slot wait here
    threads, results = run_parallel(service, [WRONG] * (PARALLEL - 1))
    try:
        # LIMIT attempts are being checked; every other one has already been turned away
        wait_until(lambda: counted.real == LIMIT and len(results) == PARALLEL - 1 - LIMIT, "the slots to fill")
        assert set(results) == {"AccountLocked"}
        before = counted.total
        assert attempt(service, PASSWORD) == "AccountLocked"
        assert (counted.real, counted.total) == (LIMIT, before + 1), "checked once, against the dummy"
    finally:
        counted.gate.set()
        for thread in threads:
            thread.join(120)
    assert counted.real == LIMIT
    assert sorted(results) == ["AccountLocked"] * (PARALLEL - LIMIT) + ["BadCredentials"] * (LIMIT - 1)
    assert lock_state(migrated_engine)[1] == clock.now + dt.timedelta(minutes=15)
    assert attempt(service, PASSWORD) == "AccountLocked"
    clock.now += dt.timedelta(minutes=15, seconds=1)
    assert attempt(service, PASSWORD) == "signed_in"
    assert lock_state(migrated_engine) == (0, None)


def test_a_right_password_within_the_limit_signs_in_and_clears_the_count(
    service: AuthService, counted: Verifications, migrated_engine: Engine
) -> None:
    for _ in range(LIMIT - 1):
        assert attempt(service, WRONG) == "BadCredentials"
    assert lock_state(migrated_engine) == (LIMIT - 1, None)
    assert attempt(service, PASSWORD) == "signed_in"  # the last attempt slot, and the right password
    assert lock_state(migrated_engine) == (0, None)
    assert counted.real == LIMIT


def test_an_expired_lock_starts_the_count_afresh(
    service: AuthService, counted: Verifications, migrated_engine: Engine, clock: Clock
) -> None:
    for _ in range(LIMIT):
        attempt(service, WRONG)
    clock.now += dt.timedelta(minutes=16)
    assert attempt(service, WRONG) == "BadCredentials"
    assert lock_state(migrated_engine) == (1, None)


# -- one verification of equal cost per answer -----------------------------------------------------------
def lock_agent(engine: Engine, clock: Clock) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(User).where(User.username == "agent01").values(locked_until=clock.now + dt.timedelta(minutes=9))
        )


CASES: dict[str, tuple[str, str, bool, type[AuthError] | None]] = {
    # case: (username, password, lock the account first, expected refusal)
    "unknown user": ("nobody", PASSWORD, False, BadCredentials),
    "hostile username": ("x" * 10_240, PASSWORD, False, BadCredentials),
    "locked, right password": ("agent01", PASSWORD, True, AccountLocked),
    "locked, wrong password": ("agent01", WRONG, True, AccountLocked),
    "wrong password": ("agent01", WRONG, False, BadCredentials),
    "2,000 characters": ("agent01", "x" * 2_000, False, BadCredentials),
    "2,000 characters, right start": ("agent01", PASSWORD + "x" * (2_000 - len(PASSWORD)), False, BadCredentials),
    "right password": ("agent01", PASSWORD, False, None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_answer_costs_one_verification_with_the_same_parameters(
    service: AuthService, counted: Verifications, migrated_engine: Engine, clock: Clock, case: str
) -> None:
    username, password, locked, refusal = CASES[case]
    if locked:
        lock_agent(migrated_engine, clock)
    if refusal is None:
        service.sign_in(username, password, "WS-X")
    else:
        with pytest.raises(refusal):
            service.sign_in(username, password, "WS-X")
    assert counted.total == 1
    with migrated_engine.connect() as conn:
        stored = str(conn.execute(select(User.password_hash).where(User.username == "agent01")).scalar_one())
    assert counted.parameters == [stored.split("$")[3]], "the dummy hash costs what a real one does"
    real_expected = case in ("wrong password", "right password")
    assert counted.real == int(real_expected)


def test_unknown_wrong_and_over_long_give_the_same_answer(service: AuthService, counted: Verifications) -> None:
    answers = []
    for username, password in (("nobody", PASSWORD), ("agent01", WRONG), ("agent01", "x" * 2_000)):
        with pytest.raises(BadCredentials) as refused:
            service.sign_in(username, password, "WS-X")
        answers.append((refused.value.zh, refused.value.en))
    assert len(set(answers)) == 1 and answers[0] == ("用户名或密码错误。", "Wrong username or password.")
    assert counted.total == 3


def test_unlock_and_password_change_cost_one_verification_too(
    service: AuthService, counted: Verifications, migrated_engine: Engine, clock: Clock
) -> None:
    me = service.sign_in("agent01", PASSWORD, "WS-X").user
    for check in (
        lambda: service.verify_password_for_unlock(me, WRONG),
        lambda: service.verify_password_for_unlock(me, "x" * 2_000),
        lambda: service.change_password(me, "y" * 2_000, "Another-pass-77"),
    ):
        before = counted.total
        with pytest.raises(BadCredentials):
            check()
        assert counted.total == before + 1
    lock_agent(migrated_engine, clock)
    before = counted.total
    with pytest.raises(AccountLocked):
        service.verify_password_for_unlock(me, PASSWORD)
    assert counted.total == before + 1 and counted.real == 2  # sign-in and the one wrong unlock


def test_a_disabled_account_gives_its_slot_back_only_for_the_right_password(
    service: AuthService, counted: Verifications, migrated_engine: Engine
) -> None:
    service.disable_user("agent01")
    assert attempt(service, WRONG) == "BadCredentials"  # nobody learns it is disabled without the password
    assert lock_state(migrated_engine) == (1, None)
    assert attempt(service, PASSWORD) == "AccountDisabled"
    assert lock_state(migrated_engine) == (0, None)
    assert counted.total == counted.real == 2
