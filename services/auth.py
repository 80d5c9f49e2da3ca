"""Sign-in, sessions, lock-out and the idle-lock password check.

Every attempt is audited (failed ones with the attempted username cut to 64 characters).  An unknown
username and a wrong password give the same error.  After ``Settings.lockout_attempts`` wrong passwords
in a row the account is locked for ``Settings.lockout_minutes``.  Signing in ends the user's other open
sessions (``superseded``); the desktop that lost its session learns it from
:meth:`AuthService.session_state`.

How an attempt runs, so that the lock-out holds under parallel guessing and the answer's timing tells
nothing:

1. *Claim a slot* before anything is verified: one ``UPDATE ... SET failed_logins = failed_logins + 1
   ... RETURNING`` that only matches an account that is not locked, and that sets ``locked_until`` when
   it takes the last of the ``lockout_attempts`` slots.  The database serialises these statements (the
   row lock on PostgreSQL, the single writer on SQLite), so however many attempts arrive at once, at
   most ``lockout_attempts`` of them get as far as the password; the others find the account locked.
2. *Verify exactly once*: the claimed account's hash; for an unknown user, a locked account or input
   longer than :data:`MAX_PASSWORD_INPUT`, the hasher's dummy hash.  Every answer costs one argon2
   verification of the same parameters, and the database work around it is the same shape.
3. *Settle*: the right password resets the count (and any lock its claim set); a wrong one leaves the
   claimed slot counted.

A locked account says so (with the time it opens again), for the right password and a wrong one alike:
without verifying anything during the lock, the answer cannot confirm a guess.

User administration (add, password, disable, list) is in :mod:`.user_admin`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, case, insert, literal, null, or_, select, update

from db.models import User, UserSession
from db.models.base import utcnow
from db.write import write_txn
from services import agent_states
from services.config import Settings

from .audit import AuditTrail, clean
from .auth_errors import AccountDisabled, AccountLocked, AuthError, BadCredentials, SessionEnded
from .passwords import MAX_INPUT_CHARS, PasswordHasher
from .permissions import Principal
from .user_admin import UserAdminMixin, aware, normalize_username

__all__ = [
    "AccountDisabled",
    "AccountLocked",
    "AuthError",
    "AuthService",
    "BadCredentials",
    "SessionEnded",
    "SessionState",
    "SignedIn",
]

MAX_PASSWORD_INPUT = MAX_INPUT_CHARS  # longer input cannot be a password: verified, cut, against the dummy hash


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in.

    Attributes:
        user: who signed in, with the workstation of this session.
        session_id: poll :meth:`AuthService.session_state` with it.
        ended_other_session_on: workstation(s) whose session this sign-in ended, or None.
    """

    user: Principal
    session_id: int
    ended_other_session_on: str | None

    def notice(self, language: str = "zh_CN") -> str | None:
        """The message for this desktop when another session was ended, else None."""
        if not self.ended_other_session_on:
            return None
        if language.startswith("en"):
            return f"Your session on {self.ended_other_session_on} has been ended because you signed in here."
        return f"您在 {self.ended_other_session_on} 上的会话已结束，因为您在本机登录。"


@dataclass(frozen=True)
class SessionState:
    """Whether a session is still open, and if not, why (with a message for the user)."""

    session_id: int
    active: bool
    ended_reason: str | None = None
    ended_at: dt.datetime | None = None
    ended_by_workstation: str | None = None

    def message(self, language: str = "zh_CN") -> str | None:
        """What to tell the user of a session that has ended (None while active)."""
        if self.active:
            return None
        en = language.startswith("en")
        when = self.ended_at.astimezone().strftime("%H:%M") if self.ended_at else ""
        if self.ended_reason == "superseded":
            where = self.ended_by_workstation or "?"
            if en:
                return f"You signed in on {where} at {when}; this session has ended."
            return f"您已于 {when} 在 {where} 上登录，本机会话已结束。"
        if self.ended_reason == "disabled":
            return "Your account was disabled by an administrator." if en else "您的账号已被管理员停用。"
        return "This session has ended; please sign in again." if en else "本会话已结束，请重新登录。"

    def error(self) -> SessionEnded:
        return SessionEnded(self.message("zh_CN") or "", self.message("en") or "", self.ended_reason)


class AuthService(UserAdminMixin):
    """Sign-in and sessions against the users in the shared database.

    Args:
        engine: the shared database.
        settings: lock-out attempts and minutes, workstation name.
        clock: current time (aware), injectable for tests.
        hasher: argon2id parameters; tests pass :func:`.passwords.fast_hasher_for_tests`.
        audit: the audit trail; by default one on ``clock``.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        clock: Callable[[], dt.datetime] = utcnow,
        *,
        hasher: PasswordHasher | None = None,
        audit: AuditTrail | None = None,
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._clock = clock
        self._hasher = hasher or PasswordHasher()
        self._audit = audit or AuditTrail(clock=clock, workstation=settings.workstation_name or None)

    @property
    def audit(self) -> AuditTrail:
        return self._audit

    # -- sign-in -------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str, workstation: str) -> SignedIn:
        """Check the password, open a session and end the user's other sessions.

        Raises:
            BadCredentials: unknown user or wrong password (the same message for both).
            AccountLocked: too many failures; ``until`` says when sign-in works again.
            AccountDisabled: right password, but the account is disabled.
        """
        ws = clean(workstation or self._audit.workstation, 64)
        attempted = clean(str(username)[:256].strip(), 64)
        name = normalize_username(username)  # "" for input that cannot be a username: no account has it
        password = str(password)
        row = self._attempt(User.username == name, password, ws, "sign_in_failed", attempted)
        now = self._clock()
        principal = _principal(row, ws)
        changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "version": User.version + 1}
        if self._hasher.needs_rehash(row.password_hash):  # parameters were raised since it was set
            changes["password_hash"] = self._hasher.hash(password)
        with write_txn(self._engine) as conn:
            conn.execute(update(User).where(User.id == row.id).values(**changes))
            others = conn.execute(
                select(UserSession.id, UserSession.workstation).where(
                    UserSession.user_id == row.id, UserSession.ended_at.is_(None)
                )
            ).all()
            session_id = int(
                conn.execute(
                    insert(UserSession)
                    .values(user_id=row.id, workstation=ws, started_at=now, last_seen_at=now)
                    .returning(UserSession.id)
                ).scalar_one()
            )
            if others:
                conn.execute(
                    update(UserSession)
                    .where(UserSession.id.in_([o.id for o in others]))
                    .values(
                        ended_at=now,
                        ended_reason="superseded",
                        detail={"by_workstation": ws, "by_session": session_id},
                    )
                )
            for other in others:
                self._audit.record(
                    conn,
                    principal,
                    "session_superseded",
                    "user_session",
                    other.id,
                    {"by_session": session_id, "workstation": other.workstation},
                )
            self._audit.record(
                conn, principal, "sign_in", "user_session", session_id, {"superseded": [o.id for o in others]}
            )
        # A stale session of this same workstation (after a crash) ends silently; others are named.
        ended_on = ", ".join(dict.fromkeys(o.workstation for o in others if o.workstation != ws)) or None
        return SignedIn(principal, session_id, ended_on)

    def verify_password_for_unlock(self, user: Principal, password: str, *, session_id: int | None = None) -> None:
        """Release the idle lock: the same user re-enters the password.  Audited; failures count
        towards the lock-out like failed sign-ins.

        Raises:
            SessionEnded: ``session_id`` was ended meanwhile (e.g. signed in elsewhere).
            BadCredentials, AccountLocked, AccountDisabled: as for :meth:`sign_in`.
        """
        if session_id is not None:
            state = self.session_state(session_id)
            if not state.active:
                raise state.error()
        row = self._attempt(User.id == user.user_id, str(password), user.workstation, "unlock_failed", user.username)
        with write_txn(self._engine) as conn:  # the attempt's claimed slot is given back
            conn.execute(
                update(User)
                .where(User.id == row.id)
                .values(failed_logins=0, locked_until=None, version=User.version + 1)
            )
            self._audit.record(conn, user, "unlock", "user_session", session_id)

    # -- sessions ------------------------------------------------------------------------------
    def session_state(self, session_id: int, *, touch: bool = False) -> SessionState:
        """Poll this (every ~15 s) to learn whether the session was ended elsewhere.

        Args:
            touch: also record that the desktop is alive (``last_seen_at``) while it is open.
        """
        with write_txn(self._engine) as conn:
            row = conn.execute(select(UserSession).where(UserSession.id == session_id)).first()
            if row is None:
                return SessionState(session_id, False, "unknown")
            if row.ended_at is None:
                if touch:
                    conn.execute(
                        update(UserSession).where(UserSession.id == session_id).values(last_seen_at=self._clock())
                    )
                return SessionState(session_id, True)
            detail = row.detail or {}
            return SessionState(session_id, False, row.ended_reason, aware(row.ended_at), detail.get("by_workstation"))

    def sign_out(self, session_id: int, *, reason: str = "signed_out") -> None:
        """End a session (sign-out, switch user, application exit); idempotent, audited once."""
        with write_txn(self._engine) as conn:
            row = conn.execute(
                select(UserSession.user_id, UserSession.workstation, User.username)
                .join(User, User.id == UserSession.user_id)
                .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
            ).first()
            if row is None:
                return
            at = self._clock()
            conn.execute(
                update(UserSession)
                .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
                .values(ended_at=at, ended_reason=clean(reason, 32))
            )
            # Nobody is at this desk any more: an agent waiting for calls goes offline (a call or a wrap-up in
            # progress keeps its state).
            agent_states.leave_desk(conn, row.user_id, at, agent_states.SIGNED_OUT)
            self._audit.record(
                conn,
                row.username,
                "sign_out",
                "user_session",
                session_id,
                {"reason": reason},
                user_id=row.user_id,
                workstation=row.workstation,
            )

    # -- internals -----------------------------------------------------------------------------
    def _load(self, criterion: Any) -> Any:
        with self._engine.connect() as conn:
            return conn.execute(select(User).where(criterion)).first()

    def _check_password(self, row: Any, password: str, ws: str, *, failed_action: str) -> None:
        """:meth:`_attempt` for a user already loaded (e.g. the old password of a password change)."""
        self._attempt(User.id == row.id, password, ws, failed_action, row.username)

    def _attempt(self, account: ColumnElement[bool], password: str, ws: str, failed_action: str, attempted: str) -> Any:
        """One password attempt on the account ``account`` selects (see the module docstring).

        Returns:
            The account's row (after the claim) when the password is right and the account active; its
            claimed slot still counts until the caller's success transaction resets ``failed_logins``.

        Raises:
            BadCredentials: unknown account or wrong password.
            AccountLocked: locked, or this wrong password took the last free attempt.
            AccountDisabled: right password, disabled account.
        """
        limit = max(1, self._settings.lockout_attempts)
        now = self._clock()
        lock_end = now + dt.timedelta(minutes=self._settings.lockout_minutes)
        with write_txn(self._engine) as conn:
            row, claimed = _claim(conn, account, now, limit, lock_end)
        if not claimed:
            self._hasher.burn(password)  # the one verification every answer costs
            if row is None:
                self._audit.append(
                    self._engine, attempted, failed_action, "user", None, {"reason": "unknown_user"}, workstation=ws
                )
                raise BadCredentials()
            locked_until = aware(row.locked_until) or lock_end
            self._refused(row, ws, failed_action, {"reason": "locked", "locked_until": locked_until.isoformat()})
            raise AccountLocked(locked_until, limit)
        if not self._hasher.verify(row.password_hash, password):
            locked_until = aware(row.locked_until)  # set by the claim when it took the last free attempt
            detail = {
                "reason": "wrong_password",
                "failures": int(row.failed_logins),
                "locked_until": locked_until.isoformat() if locked_until else None,
            }
            self._refused(row, ws, failed_action, detail)
            if locked_until is not None:
                raise AccountLocked(locked_until, limit)
            raise BadCredentials()
        if not row.is_active:
            with write_txn(self._engine) as conn:  # the password was right: the slot is given back
                conn.execute(
                    update(User)
                    .where(User.id == row.id)
                    .values(failed_logins=0, locked_until=None, version=User.version + 1)
                )
                self._audit.record(
                    conn,
                    row.username,
                    failed_action,
                    "user",
                    row.id,
                    {"reason": "disabled"},
                    user_id=row.id,
                    workstation=ws,
                )
            raise AccountDisabled()
        return row

    def _refused(self, row: Any, ws: str, action: str, detail: dict[str, Any]) -> None:
        self._audit.append(self._engine, row.username, action, "user", row.id, detail, user_id=row.id, workstation=ws)


def _claim(
    conn: Connection, account: ColumnElement[bool], now: dt.datetime, limit: int, lock_end: dt.datetime
) -> tuple[Any, bool]:
    """Take one attempt slot of ``account`` in one statement, before its password is verified.

    The ``UPDATE`` matches only an account that is not locked (``locked_until`` empty or past); a lock
    that has run out starts the count afresh; the slot that reaches ``limit`` sets ``locked_until`` at
    once, so no later attempt gets a slot while this one is being verified.

    Returns:
        (row after the claim, True) when a slot was taken; (row, False) for a locked account and
        (None, False) for no such account.
    """
    open_now = or_(User.locked_until.is_(None), User.locked_until <= now)
    count = case((User.locked_until <= now, 0), else_=User.failed_logins) + 1
    claim = (
        update(User)
        .where(account, open_now)
        .values(
            failed_logins=count,
            locked_until=case((count >= limit, literal(lock_end, User.locked_until.type)), else_=null()),
            version=User.version + 1,
        )
        .returning(*User.__table__.c)
    )
    row = None
    for _ in range(3):  # PostgreSQL: a lock may end between the two statements; then claim again
        row = conn.execute(claim).first()
        if row is not None:
            return row, True
        row = conn.execute(select(User).where(account)).first()
        if row is None or (row.locked_until is not None and aware(row.locked_until) > now):
            return row, False
    return row, False


def _principal(row: Any, workstation: str) -> Principal:
    return Principal(
        user_id=row.id,
        username=row.username,
        role=row.role_code,
        branch_id=row.branch_id,
        team_id=row.team_id,
        workstation=workstation,
        display_name=row.display_name,
        locale=row.locale,
    )
