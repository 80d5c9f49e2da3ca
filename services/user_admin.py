"""User administration for :class:`~.auth.AuthService`: add, role, password, disable, enable, unlock, list.

Called by an administrator in the application (``actor`` = their principal, checked for
``user.admin``) or by ``contactdesk user ...`` on the command line (``actor`` = None: whoever can
reach the database with the migrating credentials is trusted; the audit row names the OS user).

Two ways to the same result:

* **A member of staff's own PostgreSQL login** (an administrator's desktop) may not write ``app_user``
  at all: every change goes through the database's functions ``cd_user_create``, ``cd_user_set_role``,
  ``cd_user_set_active``, ``cd_user_unlock`` and ``cd_user_set_password`` (:mod:`db.pg_security`), which
  check that the login is an administrator's, change the user's PostgreSQL login in the same transaction
  and write the audit row themselves.  Password hashes are still made here (argon2).
* **The owner** (the command line) **and SQLite**: the rows are written here.  On PostgreSQL every
  create, role change, disable and enable also runs ``cd_sync_login`` in the same transaction, so that
  the user's login exists, is in exactly the group of their role and can log in only while they are
  active.

Module functions for the owner: :func:`sync_logins` (every user's login again, e.g. after restoring a
backup on a new server) and :func:`set_gateway_login` (a login for a gateway).
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, TextClause, delete, func, insert, select, text, update
from sqlalchemy.orm import aliased

from db.models import Branch, Team, User, UserSession
from db.models.base import as_utc
from db.models.sync import StreamToken
from db.write import write_txn

from .audit import database_user_id, note_chain_locked
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
        _check_role(role)
        display = " ".join(str(display_name).split())[:64]
        if not display:
            raise UserAdminError("请填写姓名。", "A display name is required.")
        self._require_policy(password, name)
        password_hash = self._hasher.hash(password)
        now = self._clock()
        through_database = database_user_id(self._engine) is not None
        with write_txn(self._engine) as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            if conn.execute(select(User.id).where(User.username == name)).first():
                raise UserAdminError(f"用户名 {name} 已存在。", f"The username {name} is taken.")
            branch_id = _lookup(conn, Branch.id, Branch.code == branch_code, branch_code, "网点", "branch")
            team_id = _lookup(conn, Team.id, Team.name == team_name, team_name, "团队", "team")
            if through_database:
                params = {
                    "name": name,
                    "display": display,
                    "role": role,
                    "hash": password_hash,
                    "branch": branch_id,
                    "team": team_id,
                    "ws": self._workstation(actor),
                }
                return int(_call(conn, _CREATE, params).scalar_one())
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
            sync_login(conn, user_id)
            self._audit.record(
                conn,
                actor or cli_actor(),
                "user_add",
                "user",
                user_id,
                {"username": name, "role": role, "branch": branch_code, "team": team_name},
            )
        return user_id

    def set_role(self, username: str, role: str, *, actor: Principal | None = None) -> str:
        """Give a user another role (their login moves to that role's group at once); returns the old role.

        Raises:
            UserAdminError: unknown user or role.  PermissionDenied: ``actor`` lacks ``user.admin``.
        """
        _check_role(role)
        with self._changing(username, actor) as (conn, user_id, name, through_database):
            was = str(conn.execute(select(User.role_code).where(User.id == user_id)).scalar_one())
            if through_database:
                _call(conn, _SET_ROLE, {"id": user_id, "role": role, "ws": self._workstation(actor)})
                return was
            conn.execute(
                update(User)
                .where(User.id == user_id)
                .values(role_code=role, updated_at=self._clock(), version=User.version + 1)
            )
            sync_login(conn, user_id)
            self._audit.record(
                conn, actor or cli_actor(), "user_role", "user", user_id, {"username": name, "role": role, "was": was}
            )
        return was

    def set_password(self, username: str, new_password: str, *, actor: Principal | None = None) -> None:
        """Set a user's password (administrator reset); also clears a lock-out.

        Raises:
            UserAdminError: unknown user.  PasswordPolicyError: policy broken.  PermissionDenied.
        """
        self._require_policy(new_password, normalize_username(username))
        password_hash = self._hasher.hash(new_password)
        with self._changing(username, actor) as (conn, user_id, name, through_database):
            if through_database:
                _call(conn, _SET_PASSWORD, {"id": user_id, "hash": password_hash, "ws": self._workstation(actor)})
                return
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
        """Disable a user, end their open sessions and stream tokens and shut their login; returns how many
        sessions were ended.

        Raises:
            UserAdminError: unknown user.  PermissionDenied: ``actor`` lacks ``user.admin``.
        """
        now = self._clock()
        with self._changing(username, actor) as (conn, user_id, name, through_database):
            if through_database:
                open_sessions = conn.execute(
                    select(func.count())
                    .select_from(UserSession)
                    .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                ).scalar_one()
                _call(conn, _SET_ACTIVE, {"id": user_id, "active": False, "ws": self._workstation(actor)})
                return int(open_sessions)
            conn.execute(
                update(User).where(User.id == user_id).values(is_active=False, updated_at=now, version=User.version + 1)
            )
            ended = conn.execute(
                update(UserSession)
                .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                .values(ended_at=now, ended_reason="disabled")
            ).rowcount
            conn.execute(delete(StreamToken).where(StreamToken.user_id == user_id))
            sync_login(conn, user_id)
            self._audit.record(
                conn, actor or cli_actor(), "user_disable", "user", user_id, {"username": name, "sessions_ended": ended}
            )
        return int(ended or 0)

    def enable_user(self, username: str, *, actor: Principal | None = None) -> None:
        """Enable a disabled user again (their login may log in again once the sign-in service issues it a
        password).

        Raises:
            UserAdminError: unknown user.  PermissionDenied: ``actor`` lacks ``user.admin``.
        """
        with self._changing(username, actor) as (conn, user_id, name, through_database):
            if through_database:
                _call(conn, _SET_ACTIVE, {"id": user_id, "active": True, "ws": self._workstation(actor)})
                return
            conn.execute(
                update(User)
                .where(User.id == user_id)
                .values(is_active=True, updated_at=self._clock(), version=User.version + 1)
            )
            sync_login(conn, user_id)
            self._audit.record(conn, actor or cli_actor(), "user_enable", "user", user_id, {"username": name})

    def unlock_user(self, username: str, *, actor: Principal | None = None) -> None:
        """Clear a user's sign-in lock-out (failed attempts and lock) without changing the password.

        Raises:
            UserAdminError: unknown user.  PermissionDenied: ``actor`` lacks ``user.admin``.
        """
        with self._changing(username, actor) as (conn, user_id, name, through_database):
            if through_database:
                _call(conn, _UNLOCK, {"id": user_id, "ws": self._workstation(actor)})
                return
            conn.execute(
                update(User)
                .where(User.id == user_id)
                .values(failed_logins=0, locked_until=None, updated_at=self._clock(), version=User.version + 1)
            )
            self._audit.record(conn, actor or cli_actor(), "user_unlock", "user", user_id, {"username": name})

    def list_users(self, *, actor: Principal | None = None) -> list[UserSummary]:
        """Every user with role, branch, team, state and last sign-in, by username."""
        session = aliased(UserSession)
        # A member of staff's login may not read password hashes: a password was set when it was changed.
        if database_user_id(self._engine) is not None:
            has_password: Any = User.password_changed_at.is_not(None)
        else:
            has_password = User.password_hash.is_not(None)
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
                    has_password,
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
    @contextmanager
    def _changing(self, username: str, actor: Principal | None) -> Iterator[tuple[Connection, int, str, bool]]:
        """A write transaction on the user ``username``: ``actor``'s ``user.admin`` checked (audited when refused;
        None: the command line), the user found.  Yields (connection, user id, normalized name, whether the change
        must go through the database's functions: a desktop's own PostgreSQL login)."""
        name = normalize_username(username)
        through_database = database_user_id(self._engine) is not None
        with write_txn(self._engine) as conn:
            if actor is not None:
                authorize(conn, actor, "user.admin", audit=self._audit, entity="user")
            yield conn, self._existing(conn, name), name, through_database

    def _workstation(self, actor: Principal | None) -> str:
        return (actor.workstation if actor is not None else "") or self._audit.workstation

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


_CREATE = text(
    "SELECT cd_user_create(CAST(:name AS text), CAST(:display AS text), CAST(:role AS text), CAST(:hash AS text), "
    "CAST(:branch AS bigint), CAST(:team AS bigint), NULL, CAST(:ws AS text))"
)
_SET_ROLE = text("SELECT cd_user_set_role(CAST(:id AS bigint), CAST(:role AS text), CAST(:ws AS text))")
_SET_ACTIVE = text("SELECT cd_user_set_active(CAST(:id AS bigint), CAST(:active AS boolean), CAST(:ws AS text))")
_UNLOCK = text("SELECT cd_user_unlock(CAST(:id AS bigint), CAST(:ws AS text))")
_SET_PASSWORD = text("SELECT cd_user_set_password(CAST(:id AS bigint), CAST(:hash AS text), CAST(:ws AS text))")
_SYNC = text("SELECT cd_sync_login(CAST(:id AS bigint))")


def _call(conn: Connection, function: TextClause, params: dict[str, Any]) -> Any:
    """Run one of the database's user functions; it appended to the audit trail, so the chain is locked."""
    result = conn.execute(function, params)
    note_chain_locked(conn)
    return result


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserAdminError(f"未知角色：{role}", f"Unknown role {role!r}; one of: {', '.join(ROLES)}.")


def sync_login(conn: Connection, user_id: int) -> None:
    """On PostgreSQL, make the user's own login match their row (created if missing, the group of their
    role, able to log in only while active), in the caller's transaction; nothing on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(_SYNC, {"id": user_id})


def _lookup(conn: Any, column: Any, criterion: Any, value: str | None, zh: str, en: str) -> int | None:
    if not value:
        return None
    found = conn.execute(select(column).where(criterion)).scalar()
    if found is None:
        raise UserAdminError(f"未知{zh}：{value}", f"Unknown {en}: {value}")
    return int(found)


aware = as_utc  # naive SQLite reads and aware PostgreSQL reads alike become aware UTC


# -- logins (the owner's command line) ----------------------------------------------------------------
GATEWAY_LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{1,62}$")


@dataclass(frozen=True)
class LoginState:
    """One user's PostgreSQL login after :func:`sync_logins`."""

    username: str
    login: str
    role: str
    can_log_in: bool


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise UserAdminError(
            "数据库登录账号只存在于 PostgreSQL 数据库。", "Database logins exist on a PostgreSQL database only."
        )


def sync_logins(engine: Engine) -> list[LoginState]:
    """Every user's own login again, as their row says, and the group roles and privileges they rely on.

    For the owner (e.g. after restoring a backup on a new server, where the cluster's roles are missing):
    re-creates the group roles, privileges, policies and functions (:func:`db.pg_security.install`,
    idempotent), then runs ``cd_sync_login`` for every user, in one transaction.

    Raises:
        UserAdminError: not PostgreSQL, or the database is not migrated to the security revision.
    """
    from db import pg_security

    _require_postgres(engine)
    with write_txn(engine) as conn:
        if conn.execute(text("SELECT to_regprocedure('cd_sync_login(bigint)')")).scalar() is None:
            raise UserAdminError(
                "数据库尚未升级，请先运行 contactdesk db upgrade。",
                "The database has no login functions yet: run contactdesk db upgrade first.",
            )
        pg_security.install(conn)
        rows = conn.execute(
            text("SELECT u.username, u.role_code, cd_sync_login(u.id) AS login FROM app_user u ORDER BY u.username")
        ).all()
        can: dict[str, bool] = {
            str(name): bool(flag)
            for name, flag in conn.execute(
                text("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(:names)"),
                {"names": [r.login for r in rows]},
            )
        }
    return [LoginState(r.username, r.login, r.role_code, bool(can.get(r.login))) for r in rows]


def set_gateway_login(engine: Engine, name: str, password: str) -> bool:
    """Create or update a login for a gateway (a member of ``contactdesk_gateway``); True when created.

    PostgreSQL receives only the password's SCRAM-SHA-256 verifier, made by libpq on this side, so the
    password appears in no statement and no server log.  A role that exists and is not a gateway login (a
    member of staff's login, a group role, a superuser, any other role) is refused, not taken over.

    Raises:
        UserAdminError: not PostgreSQL, a bad name, or the name belongs to another kind of role.
        PasswordPolicyError: the password breaks the password policy.
    """
    from db.pg_security import ALL_GROUPS, GATEWAY, LOGIN_PREFIX

    _require_postgres(engine)
    login = str(name).strip()
    if not GATEWAY_LOGIN_PATTERN.match(login) or login.startswith(LOGIN_PREFIX) or login in ALL_GROUPS:
        raise UserAdminError(
            f"网关登录名无效：{login}（小写字母、数字、下划线，不能以 {LOGIN_PREFIX} 开头）",
            f"Not a usable gateway login name: {login!r} (lower-case letters, digits and '_'; "
            f"not starting with {LOGIN_PREFIX!r}, which is kept for members of staff).",
        )
    problems = check_policy(str(password), login)
    if problems:
        raise PasswordPolicyError(list(problems))
    with write_txn(engine) as conn:
        existing = conn.execute(
            text(
                "SELECT r.rolsuper, r.rolcreaterole, EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g "
                "ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname = :gateway) AS in_gateway, "
                "EXISTS (SELECT 1 FROM app_user u WHERE u.db_login = r.rolname) AS staff "
                "FROM pg_roles r WHERE r.rolname = :login"
            ),
            {"login": login, "gateway": GATEWAY},
        ).first()
        if existing is not None and (
            existing.rolsuper or existing.rolcreaterole or existing.staff or not existing.in_gateway
        ):
            raise UserAdminError(
                f"角色 {login} 已存在且不是网关登录账号，不会被修改。",
                f"The role {login} exists and is not a gateway login; it was left unchanged.",
            )
        raw = conn.connection.dbapi_connection
        verifier = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
            str(password).encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
        ).decode("ascii")
        if not verifier.startswith("SCRAM-SHA-256$") or "'" in verifier:
            raise UserAdminError("无法生成密码校验值。", "libpq made no SCRAM-SHA-256 verifier.")
        if existing is None:
            conn.exec_driver_sql(
                f'CREATE ROLE "{login}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                f"PASSWORD '{verifier}' IN ROLE {GATEWAY}"
            )
        else:
            conn.exec_driver_sql(f"ALTER ROLE \"{login}\" LOGIN PASSWORD '{verifier}' VALID UNTIL 'infinity'")
    return existing is None
