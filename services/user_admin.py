"""User administration for :class:`~.auth.AuthService`: add, set password, disable, list.

Called by an administrator in the application (``actor`` = their principal, checked for
``user.admin``) or by ``contactdesk user ...`` on the command line (``actor`` = None: whoever can
reach the database with the migrating credentials is trusted; the audit row names the OS user).
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import aliased

from db.models import Branch, Team, User, UserSession
from db.models.base import as_utc
from db.write import write_txn

from .auth_errors import PasswordPolicyError, UserAdminError
from .passwords import check_policy
from .permissions import ROLES, Principal, authorize, ensure_roles

if TYPE_CHECKING:
    from .audit import AuditTrail
    from .passwords import PasswordHasher

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def normalize_username(raw: object) -> str:
    """The canonical (lower-case, trimmed) username, or "" when it cannot be a valid one."""
    text = str(raw)
    if len(text) > 256:
        return ""
    name = text.strip().lower()
    return name if USERNAME_PATTERN.match(name) else ""


def cli_actor() -> str:
    """How the command line appears in the audit trail: ``cli:<OS user>``."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "unknown"
    return f"cli:{user}"[:64]


@dataclass(frozen=True)
class UserSummary:
    """One line of the user list."""

    id: int
    username: str
    display_name: str
    role: str
    branch_code: str | None
    team_name: str | None
    is_active: bool
    locked_until: dt.datetime | None
    has_password: bool
    last_sign_in: dt.datetime | None


class UserAdminMixin:
    """User administration; mixed into AuthService, which provides these attributes."""

    _engine: Engine
    _audit: AuditTrail
    _hasher: PasswordHasher
    _clock: Callable[[], dt.datetime]

    if TYPE_CHECKING:

        def _load(self, criterion: Any) -> Any: ...

        def _check_password(self, row: Any, password: str, ws: str, *, failed_action: str) -> None: ...

    def add_user(
        self,
        username: str,
        password: str,
        *,
        role: str,
        display_name: str,
        branch_code: str | None = None,
        team_name: str | None = None,
        actor: Principal | None = None,
    ) -> int:
        """Create a user with a password that meets the policy; returns the new id.

        Raises:
            UserAdminError: bad username, unknown role/branch/team, or the username is taken.
            PasswordPolicyError: the password breaks the policy.
            PermissionDenied: ``actor`` lacks ``user.admin`` (audited).
        """
        name = normalize_username(username)
        if not name:
            raise UserAdminError(
                "用户名只能包含小写字母、数字、点、下划线和连字符（2–64 个字符）。",
                "A username has 2–64 characters: lower-case letters, digits, '.', '_' and '-'.",
            )
        if role not in ROLES:
            raise UserAdminError(f"未知角色：{role}", f"Unknown role {role!r}; one of: {', '.join(ROLES)}.")
        display = " ".join(str(display_name).split())[:64]
        if not display:
            raise UserAdminError("请填写姓名。", "A display name is required.")
        self._require_policy(password, name)
        password_hash = self._hasher.hash(password)
        now = self._clock()
        with write_txn(self._engine) as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            if conn.execute(select(User.id).where(User.username == name)).first():
                raise UserAdminError(f"用户名 {name} 已存在。", f"The username {name} is taken.")
            branch_id = _lookup(conn, Branch.id, Branch.code == branch_code, branch_code, "网点", "branch")
            team_id = _lookup(conn, Team.id, Team.name == team_name, team_name, "团队", "team")
            ensure_roles(conn)
            user_id = int(
                conn.execute(
                    insert(User)
                    .values(
                        username=name,
                        display_name=display,
                        password_hash=password_hash,
                        role_code=role,
                        branch_id=branch_id,
                        team_id=team_id,
                        skills=[],
                        password_changed_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(User.id)
                ).scalar_one()
            )
            self._audit.record(
                conn,
                actor or cli_actor(),
                "user_add",
                "user",
                user_id,
                {"username": name, "role": role, "branch": branch_code, "team": team_name},
            )
        return user_id

    def set_password(self, username: str, new_password: str, *, actor: Principal | None = None) -> None:
        """Set a user's password (administrator reset); also clears a lock-out.

        Raises:
            UserAdminError: unknown user.  PasswordPolicyError: policy broken.  PermissionDenied.
        """
        name = normalize_username(username)
        self._require_policy(new_password, name)
        password_hash = self._hasher.hash(new_password)
        with write_txn(self._engine) as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            user_id = self._existing(conn, name)
            conn.execute(
                update(User)
                .where(User.id == user_id)
                .values(
                    password_hash=password_hash,
                    password_changed_at=self._clock(),
                    failed_logins=0,
                    locked_until=None,
                    updated_at=self._clock(),
                    version=User.version + 1,
                )
            )
            self._audit.record(conn, actor or cli_actor(), "password_set", "user", user_id, {"username": name})

    def change_password(self, principal: Principal, old_password: str, new_password: str) -> None:
        """A user changes their own password (the old one is checked and counts towards lock-out).

        Raises:
            BadCredentials, AccountLocked, AccountDisabled: the old password was not accepted.
            PasswordPolicyError: the new one breaks the policy.
        """
        self._require_policy(new_password, principal.username)
        row = self._load(User.id == principal.user_id)
        if row is None:
            raise UserAdminError("用户不存在。", "No such user.")
        self._check_password(row, str(old_password), principal.workstation, failed_action="password_change_failed")
        password_hash = self._hasher.hash(new_password)
        with write_txn(self._engine) as conn:
            conn.execute(
                update(User)
                .where(User.id == row.id)
                .values(
                    password_hash=password_hash,
                    password_changed_at=self._clock(),
                    failed_logins=0,
                    locked_until=None,
                    version=User.version + 1,
                )
            )
            self._audit.record(conn, principal, "password_set", "user", row.id, {"username": row.username, "own": True})

    def disable_user(self, username: str, *, actor: Principal | None = None) -> int:
        """Disable a user and end their open sessions; returns how many sessions were ended.

        Raises:
            UserAdminError: unknown user.  PermissionDenied: ``actor`` lacks ``user.admin``.
        """
        name = normalize_username(username)
        now = self._clock()
        with write_txn(self._engine) as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            user_id = self._existing(conn, name)
            conn.execute(
                update(User).where(User.id == user_id).values(is_active=False, updated_at=now, version=User.version + 1)
            )
            ended = conn.execute(
                update(UserSession)
                .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                .values(ended_at=now, ended_reason="disabled")
            ).rowcount
            self._audit.record(
                conn, actor or cli_actor(), "user_disable", "user", user_id, {"username": name, "sessions_ended": ended}
            )
        return int(ended or 0)

    def list_users(self, *, actor: Principal | None = None) -> list[UserSummary]:
        """Every user with role, branch, team, state and last sign-in, by username."""
        session = aliased(UserSession)
        last = select(session.user_id, func.max(session.started_at).label("last")).group_by(session.user_id).subquery()
        with self._engine.connect() as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            rows = conn.execute(
                select(
                    User.id,
                    User.username,
                    User.display_name,
                    User.role_code,
                    Branch.code,
                    Team.name,
                    User.is_active,
                    User.locked_until,
                    User.password_hash.is_not(None),
                    last.c.last,
                )
                .outerjoin(Branch, Branch.id == User.branch_id)
                .outerjoin(Team, Team.id == User.team_id)
                .outerjoin(last, last.c.user_id == User.id)
                .order_by(User.username)
            ).all()
        return [
            UserSummary(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), aware(r[7]), bool(r[8]), aware(r[9]))
            for r in rows
        ]

    # -- helpers -------------------------------------------------------------------------------
    def _require_policy(self, password: str, username: str) -> None:
        problems = check_policy(str(password), username)
        if problems:
            raise PasswordPolicyError(list(problems))

    @staticmethod
    def _existing(conn: Any, name: str) -> int:
        found = conn.execute(select(User.id).where(User.username == name)).scalar() if name else None
        if found is None:
            raise UserAdminError(f"用户 {name or '?'} 不存在。", f"No user named {name or '?'}.")
        return int(found)


def _lookup(conn: Any, column: Any, criterion: Any, value: str | None, zh: str, en: str) -> int | None:
    if not value:
        return None
    found = conn.execute(select(column).where(criterion)).scalar()
    if found is None:
        raise UserAdminError(f"未知{zh}：{value}", f"Unknown {en}: {value}")
    return int(found)


aware = as_utc  # naive SQLite reads and aware PostgreSQL reads alike become aware UTC
