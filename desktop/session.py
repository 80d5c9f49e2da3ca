"""Opening the database and finding who is signed in — run on the database worker, never the GUI thread.

The embedded SQLite file is opened (and migrated) at start-up and the user signs in against it.  A shared
PostgreSQL database is opened only once someone has signed in: the desktop sends the username and password to
the gateway (``POST /auth/sign-in``, :mod:`gateway.auth_http`), which checks them where no desktop can bypass
the checks and answers with the user's own database login and a short-lived password for it
(:class:`SharedSignIn`).  The desktop connects with that credential, held in memory only — never in the
settings, the keyring, the journal or a log — and every connection its pool makes later (after an outage too)
uses it until it runs out; then the lock screen asks for the password and the gateway issues a new one.
"""

from __future__ import annotations

import ast
import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.auth_errors import BilingualError

log = logging.getLogger(__name__)


# The desktop reads a few pages per screen; the engine's large bulk-work page cache would only
# grow the resident memory of a window that is open all day.
DESKTOP_CACHE_KIB = 8192
GATEWAY_TIMEOUT_S = 20.0  # a sign-in verifies an argon2 hash on a busy gateway: allow it some time


def _desktop_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{DESKTOP_CACHE_KIB}")
        cursor.close()


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _stored_revision(engine: Any) -> str | None:
    """The revision recorded in ``alembic_version`` (None when absent), without importing Alembic."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def _script_head() -> str | None:
    """The newest migration, read from the scripts' ``revision``/``down_revision`` lines.

    A fast path only: None whenever anything is unusual (a script not in the simple form, a
    branch or merge), and the caller then asks Alembic itself.
    """
    import db

    versions = Path(db.__file__).resolve().parent / "migrations" / "versions"
    revisions: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        try:
            rev = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(rev, str) or not (down is None or isinstance(down, str)):
            return None
        revisions[rev] = down
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 and revisions else None


class NoUserError(RuntimeError):
    """The database has no active user who could sign in."""


@dataclass(frozen=True)
class SignedInUser:
    """The person using this desktop."""

    id: int
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class Session:
    """An open database (the user signs in afterwards)."""

    url: str
    engine: Any
    description: str
    backup: str | None = None


class DatabaseHandle:
    """Stands for one database before and after it is opened.

    The task manager keys its worker threads by this object, so the engine can be created
    (and the file checked, migrated and queried) on the worker thread itself.
    """

    def __init__(self, url: str, *, embedded: bool) -> None:
        self.url = url
        self.embedded = embedded
        self.engine: Any = None
        self._box: _CredentialBox | None = None  # shared database: the signed-in user's credential

    @property
    def shared(self) -> bool:
        """A shared (PostgreSQL) database: opened as the signed-in user's own login, after sign-in."""
        return not self.url.split(":", 1)[0].startswith("sqlite")

    @property
    def credential(self) -> Any:
        """The credential the engine connects with (shared database, signed in), else None."""
        return self._box.credential if self._box is not None else None

    def server_url(self) -> Any:
        """The shared database's address (host, port, database) without any login or password."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(username=None, password=None)

    def use_credential(self, credential: Any) -> None:
        """Connect as ``credential`` from now on (a new sign-in opens a new engine; a renewal keeps it)."""
        from services import logredact

        redactor = logredact.shared()
        redactor.add_secret(credential.password)
        box = self._box
        if box is not None and box.credential is not None and box.credential.login == credential.login:
            old, box.credential = box.credential, credential  # the pool's next connections use the new one
            if old.password != credential.password:
                redactor.discard_secret(old.password)
            return
        self.dispose()
        self._box = _CredentialBox(credential)

    def open(self) -> Any:
        """Create the engine and bring the schema up to date (embedded) or check it (shared).

        ``make_engine`` refuses foreign, damaged and network-share files.  A database already at
        the newest revision is used as it is — no Alembic import and no second integrity scan on
        the start-up path.  An embedded file that is behind is copied to a backup and migrated.
        A shared database is never migrated by a desktop: it must already be current.

        Returns:
            The path of the backup made before migrating, or None.

        Raises:
            DatabaseError: a corrupt or foreign file, a network path, an unknown revision, or a
                shared database that needs ``contactdesk db upgrade`` first.
        """
        from sqlalchemy import event

        from db.engine import DatabaseError, DatabaseUnreachable, make_engine
        from db.errors import describe, is_transient

        if self.engine is None:
            from services import logredact

            if self.shared:
                box = self._box
                if box is None or box.credential is None:
                    raise DatabaseError("未登录 / Nobody has signed in: the shared database opens after sign-in.")
                self.engine = make_engine(self.server_url().set(username=box.credential.login))
                event.listen(self.engine, "do_connect", box.supply)
            else:
                self.engine = make_engine(self.url)
                logredact.shared().add_secret(self.engine.url.password)
            event.listen(self.engine, "connect", _desktop_pragmas)
        try:
            revision = _stored_revision(self.engine)
            if revision is not None and revision == _script_head():
                return None
            from db.migrate import current_revision, head_revision, upgrade

            revision, head = current_revision(self.engine), head_revision()
            if revision == head:
                return None
            if self.embedded:
                backup = upgrade(self.engine, backup=True)
                if backup:
                    log.info("database migrated; backup at %s", backup)
                return backup
        except DatabaseError:
            self.dispose()
            raise
        except Exception as exc:
            self.dispose()
            if is_transient(exc):
                raise DatabaseUnreachable(
                    f"数据库暂时无法连接：{describe(exc, 300)} / The database does not answer: {describe(exc, 300)}"
                ) from exc
            raise DatabaseError(
                f"无法打开数据库：{exc.__class__.__name__}: {exc} / The database cannot be opened: {exc}"
            ) from exc
        self.dispose()
        raise DatabaseError(
            "数据库结构版本与本程序不符，请先运行 contactdesk db upgrade（或升级 ContactDesk）。"
            f" / The shared database is at schema revision {revision or 'none'}, this ContactDesk needs {head}: "
            "run `contactdesk db upgrade`, or upgrade ContactDesk."
        )

    def dispose(self) -> None:
        """Close every pooled connection (and, on the shared database, forget the credential)."""
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        box, self._box = self._box, None
        if box is not None and box.credential is not None:
            from services import logredact

            logredact.shared().discard_secret(box.credential.password)
            box.credential = None  # an engine someone still holds can no longer connect


class _CredentialBox:
    """The credential one engine connects with; read at every new connection (``do_connect``)."""

    def __init__(self, credential: Any) -> None:
        self.credential = credential

    def supply(self, _dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        credential = self.credential
        if credential is None:
            from db.engine import DatabaseError

            raise DatabaseError("已退出登录 / Signed out: this connection's credential is gone.")
        cparams["user"] = credential.login
        cparams["password"] = credential.password


def count_sign_in_users(engine: Any) -> int:
    """Active users who have a password (who could sign in).  Plain SQL: no ORM import at start-up."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM app_user WHERE is_active = :yes AND password_hash IS NOT NULL"),
                {"yes": True},
            ).scalar_one()
        )


def open_session(handle: DatabaseHandle, gateway_url: str = "") -> Session:
    """Open (and migrate) the database; check someone can sign in. Runs on the worker thread.

    A shared database is not opened here (that needs a signed-in user's credential): the gateway it signs in
    through is checked instead, and the session has no engine until :meth:`SharedSignIn.sign_in`.

    Raises:
        DatabaseError: see :meth:`DatabaseHandle.open`; a shared database without a gateway URL.
        DatabaseUnreachable: the gateway, or the database behind it, does not answer (yet).
        NoUserError: no active user has a password.
    """
    from db.engine import describe

    if handle.shared:
        return SharedSignIn(handle, gateway_url).prepare()
    backup = handle.open()
    if count_sign_in_users(handle.engine) == 0:
        raise NoUserError("no active user has a password")
    return Session(handle.url, handle.engine, describe(handle.url), backup)


# -- the shared database: sign-in through the gateway ------------------------------------------------------------
SIGN_IN_PATH = "/auth/sign-in"  # gateway.auth_http.SIGN_IN_PATH
VERIFY_PATH = "/auth/verify"  # gateway.auth_http.VERIFY_PATH


class GatewayError(BilingualError):
    """The gateway could not be asked, or gave an answer the desktop cannot use."""

    code = "gateway"


def no_gateway_error() -> Any:
    """The refusal of a shared database for which no gateway is configured."""
    from db.engine import DatabaseError

    return DatabaseError(
        "共享数据库需要通过网关登录，但没有配置网关地址（设置 gateway_url 或环境变量 CONTACTDESK_GATEWAY_URL）。"
        " / A shared database is signed in to through the gateway, and no gateway URL is configured "
        "(gateway_url in the settings, or CONTACTDESK_GATEWAY_URL)."
    )


PLAIN_HTTP_ENV = "CONTACTDESK_ALLOW_PLAIN_HTTP"
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def check_sign_in_url(url: str) -> None:
    """Refuse to send passwords to a gateway over plain HTTP on the network.

    Passwords and the database credential travel in the sign-in exchange: anything but this machine must be
    reached over HTTPS.  ``CONTACTDESK_ALLOW_PLAIN_HTTP=1`` lifts it for a closed test network.

    Raises:
        DatabaseError: an ``http://`` URL of another machine.
    """
    import os
    from urllib.parse import urlsplit

    from db.engine import DatabaseError

    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.hostname or "") in _LOOPBACK or os.environ.get(PLAIN_HTTP_ENV) == "1":
        return
    raise DatabaseError(
        f"登录网关地址 {parts.scheme}://{parts.hostname} 未加密：密码只能通过 HTTPS 发送（本机除外）。"
        f" / The sign-in gateway {parts.scheme}://{parts.hostname} is not encrypted: passwords are sent over HTTPS "
        f"only (except to this computer). Use an https:// gateway URL, or set {PLAIN_HTTP_ENV}=1 on a closed test "
        "network."
    )


class GatewayClient:
    """The gateway's sign-in endpoints (:mod:`gateway.auth_http`) over HTTP.

    Raises (every method):
        GatewayError: the gateway cannot be reached or answered what the desktop cannot use.
        services.auth_errors.AuthError: the sign-in service refused (bad credentials, locked, ...).
    """

    def __init__(self, base_url: str, *, timeout: float = GATEWAY_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def database_state(self) -> str:
        """What the gateway's health report says of the database (``ok`` or ``down``).

        Raises:
            DatabaseUnreachable: the gateway does not answer.
        """
        import httpx

        from db.engine import DatabaseUnreachable

        try:
            response = httpx.get(self.base_url + "/healthz", timeout=min(self.timeout, 5.0))
            report = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise DatabaseUnreachable(
                f"登录网关暂时无法连接（{type(exc).__name__}）。 / The sign-in gateway {self.base_url} does not "
                f"answer ({type(exc).__name__})."
            ) from None
        return str(report.get("database", "down")) if isinstance(report, dict) else "down"

    def sign_in(self, username: str, password: str, workstation: str) -> tuple[Any, Any]:
        """Sign in; returns (:class:`services.auth.SignedIn`, :class:`services.credentials.DbCredential`)."""
        from services.auth import SignedIn
        from services.permissions import Principal

        body = self._post(SIGN_IN_PATH, {"username": username, "password": password, "workstation": workstation})
        try:
            user = body["user"]
            principal = Principal(
                user_id=int(user["id"]),
                username=str(user["username"]),
                role=str(user["role"]),
                branch_id=user.get("branch_id"),
                team_id=user.get("team_id"),
                workstation=str(user.get("workstation") or workstation),
                display_name=str(user.get("display_name") or ""),
                locale=str(user.get("locale") or "zh_CN"),
            )
            signed = SignedIn(principal, int(body["session_id"]), body.get("ended_other_session_on"))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _bad_answer() from None
        return signed, _credential(body)

    def verify(self, session_id: int, password: str) -> Any:
        """The idle-lock check (or a credential that ran out); returns a fresh credential."""
        return _credential(self._post(VERIFY_PATH, {"session_id": session_id, "password": password}))

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        import httpx

        try:
            response = httpx.post(self.base_url + path, json=payload, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise GatewayError(
                f"无法连接登录网关（{type(exc).__name__}），请检查网络后重试。",
                f"Cannot reach the sign-in gateway ({type(exc).__name__}). Check the connection and try again.",
            ) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise _bad_answer(response.status_code)
        if response.status_code == 200:
            return body
        if response.status_code == 401:
            raise _refusal(body)
        zh, en = body.get("zh"), body.get("en")
        if isinstance(zh, str) and isinstance(en, str):
            raise GatewayError(zh, en)
        raise _bad_answer(response.status_code)


def _bad_answer(status: int | None = None) -> GatewayError:
    what = f" (HTTP {status})" if status is not None else ""
    return GatewayError(
        f"登录网关的回答无法识别{what}。", f"The sign-in gateway gave an answer this desktop cannot use{what}."
    )


def _credential(body: dict[str, Any]) -> Any:
    from services.credentials import DbCredential

    try:
        until = dt.datetime.fromisoformat(str(body["valid_until"]))
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt.UTC)
        return DbCredential(str(body["db_login"]), str(body["db_password"]), until)
    except (KeyError, ValueError):
        raise _bad_answer() from None


def _refusal(body: dict[str, Any]) -> Exception:
    """The sign-in service's refusal, made again from the gateway's answer (times in this desktop's zone)."""
    from services.auth_errors import AccountDisabled, AccountLocked, AuthError, BadCredentials, SessionEnded

    code = body.get("error")
    zh, en = str(body.get("zh") or ""), str(body.get("en") or "")
    if code == BadCredentials.code:
        return BadCredentials()
    if code == AccountDisabled.code:
        return AccountDisabled()
    if code == AccountLocked.code:
        try:
            return AccountLocked(dt.datetime.fromisoformat(str(body["until"])), int(body["attempts"]))
        except (KeyError, TypeError, ValueError):
            return AuthError(zh, en)
    if code == SessionEnded.code:
        return SessionEnded(zh, en, body.get("reason"))
    return AuthError(zh, en)


class SharedSignIn:
    """Signing in on the shared database: through the gateway, then the database as the user's own login.

    Every method runs on the database worker.
    """

    def __init__(self, handle: DatabaseHandle, gateway_url: str) -> None:
        self.handle = handle
        self.gateway_url = gateway_url.strip()
        self.session: Session | None = None
        self._lock = threading.Lock()

    @property
    def client(self) -> GatewayClient:
        if not self.gateway_url:
            raise no_gateway_error()
        check_sign_in_url(self.gateway_url)
        return GatewayClient(self.gateway_url)

    def description(self) -> str:
        from db.engine import describe

        return describe(self.handle.server_url())

    def prepare(self) -> Session:
        """Before sign-in: a gateway must be configured and answer, with its database up.

        Raises:
            DatabaseError: no gateway URL.
            DatabaseUnreachable: the gateway or its database does not answer (the caller tries again).
        """
        from sqlalchemy.engine import make_url

        from db.engine import DatabaseUnreachable

        client = self.client
        ignored = make_url(self.handle.url).password
        if ignored:
            from services import logredact

            logredact.shared().add_secret(ignored)
            log.warning(
                "the password in the shared database's URL is ignored: this desktop connects with the signed-in "
                "user's own short-lived credential"
            )
        if client.database_state() != "ok":
            raise DatabaseUnreachable(
                "网关后面的数据库暂时无法连接。 / The gateway answers, but the database behind it does not."
            )
        return Session(self.handle.server_url().render_as_string(), None, self.description())

    def sign_in(self, username: str, password: str, workstation: str) -> Any:
        """Sign in through the gateway and open the database with the credential it issued.

        Returns:
            The :class:`services.auth.SignedIn`; :attr:`session` is the open database.
        """
        signed, credential = self.client.sign_in(username, password, workstation)
        with self._lock:
            self.handle.dispose()  # the previous user's engine and credential, if any
            self.handle.use_credential(credential)
            self.handle.open()
            engine = self.handle.engine
            self.session = Session(self.handle.server_url().render_as_string(), engine, self.description())
        log.info(
            "signed in through the gateway; the database login %s lasts until %s",
            credential.login,
            credential.valid_until.isoformat(),
        )
        return signed

    def unlock(self, signed: Any, password: str) -> None:
        """The same checks as a sign-in, for this session; the engine gets the fresh credential."""
        credential = self.client.verify(signed.session_id, password)
        with self._lock:
            self.handle.use_credential(credential)

    def valid_until(self) -> dt.datetime | None:
        credential = self.handle.credential
        return credential.valid_until if credential is not None else None

    def close(self) -> None:
        """Signed out: the engine closes and the credential is forgotten."""
        with self._lock:
            self.handle.dispose()
            self.session = None
