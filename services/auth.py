"""Sign-in, sessions, lock-out and the idle-lock password check.

Every attempt is audited (failed ones with the attempted username cut to 64 characters).  An unknown
username and a wrong password give the same error and take the same time.  After
``Settings.lockout_attempts`` wrong passwords in a row the account is locked for
``Settings.lockout_minutes``.  Signing in ends the user's other open sessions (``superseded``);
the desktop that lost its session learns it from :meth:`AuthService.session_state`.

User administration (add, password, disable, list) is in :mod:`.user_admin`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from db.models import User, UserSession
from db.models.base import utcnow
from db.write import write_txn
from services.config import Settings

from .audit import AuditTrail, clean
from .auth_errors import AccountDisabled, AccountLocked, AuthError, BadCredentials, SessionEnded
from .passwords import PasswordHasher
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

MAX_PASSWORD_INPUT = 1024  # longer input cannot be a valid password; it is not even hashed in full


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
        name = normalize_username(username)
        password = str(password)
        row = self._load(User.username == name) if name else None
        if row is None:
            self._hasher.burn(password[:MAX_PASSWORD_INPUT])
            self._audit.append(
                self._engine, attempted, "sign_in_failed", "user", None, {"reason": "unknown_user"}, workstation=ws
            )
            raise BadCredentials()
        self._check_password(row, password, ws, failed_action="sign_in_failed")
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
        row = self._load(User.id == user.user_id)
        if row is None:
            raise BadCredentials()
        self._check_password(row, str(password), user.workstation, failed_action="unlock_failed")
        with write_txn(self._engine) as conn:
            if row.failed_logins or row.locked_until:
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
            conn.execute(
                update(UserSession)
                .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
                .values(ended_at=self._clock(), ended_reason=clean(reason, 32))
            )
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
        now = self._clock()
        locked_until = aware(row.locked_until)
        if locked_until is not None and locked_until > now:
            self._audit.append(
                self._engine,
                row.username,
                failed_action,
                "user",
                row.id,
                {"reason": "locked", "locked_until": locked_until.isoformat()},
                user_id=row.id,
                workstation=ws,
            )
            raise AccountLocked(locked_until, self._settings.lockout_attempts)
        if len(password) > MAX_PASSWORD_INPUT or not self._hasher.verify(row.password_hash, password):
            self._count_failure(row, ws, failed_action)
        if not row.is_active:
            self._audit.append(
                self._engine,
                row.username,
                failed_action,
                "user",
                row.id,
                {"reason": "disabled"},
                user_id=row.id,
                workstation=ws,
            )
            raise AccountDisabled()

    def _count_failure(self, row: Any, ws: str, action: str) -> None:
        attempts = max(1, self._settings.lockout_attempts)
        locked_until: dt.datetime | None = None
        with write_txn(self._engine) as conn:
            failures = _bump_failures(conn, row.id)
            if failures >= attempts:
                locked_until = self._clock() + dt.timedelta(minutes=self._settings.lockout_minutes)
                conn.execute(
                    update(User)
                    .where(User.id == row.id)
                    .values(failed_logins=0, locked_until=locked_until, version=User.version + 1)
                )
            self._audit.record(
                conn,
                row.username,
                action,
                "user",
                row.id,
                {
                    "reason": "wrong_password",
                    "failures": failures,
                    "locked_until": locked_until.isoformat() if locked_until else None,
                },
                user_id=row.id,
                workstation=ws,
            )
        if locked_until is not None:
            raise AccountLocked(locked_until, attempts)
        raise BadCredentials()


def _bump_failures(conn: Connection, user_id: int) -> int:
    conn.execute(
        update(User).where(User.id == user_id).values(failed_logins=User.failed_logins + 1, version=User.version + 1)
    )
    return int(conn.execute(select(User.failed_logins).where(User.id == user_id)).scalar_one())


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
