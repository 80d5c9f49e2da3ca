"""Desktops sign in through the gateway: ``POST /auth/sign-in`` and ``POST /auth/verify``.

On the shared database a desktop holds no database password of its own.  It sends the user's username and
password here; the gateway runs the sign-in service (:class:`services.auth.AuthService`: argon2, the atomic
lock-out slot, one verification of equal cost for every answer) with its own engine, where a desktop cannot
reach it, and on success issues the user's PostgreSQL login a short-lived password
(:func:`services.credentials.issue`).  The desktop connects with it and keeps it in memory only.

``POST /auth/sign-in`` takes ``{"username", "password", "workstation"}`` and answers 200 with the signed-in
user, the session id and the credential::

    {"user": {"id", "username", "display_name", "role", "branch_id", "team_id", "locale", "workstation"},
     "session_id", "ended_other_session_on", "db_login", "db_password", "valid_until"}

``POST /auth/verify`` (the idle lock, or a credential that has run out) takes ``{"session_id", "password"}``,
runs the same checks for the session's user and answers with a fresh ``db_login``/``db_password``/
``valid_until``.

A refusal answers 401 (wrong username or password, locked, disabled, session ended) with the service's
``code`` and its message in both languages, ``until``/``attempts`` for a locked account and ``reason`` for an
ended session; a malformed request 400, an oversized one 413, a database that does not answer 503.  Every
refusal leaves through the same code path, so the HTTP layer adds no difference in time between an unknown
user, a wrong password and a locked account.

These routes are mounted by the gateway's own application (:func:`gateway.asgi.app`, the listener of
``contactdesk gateway``), never by the in-process demo gateway.  Passwords are never logged: the issued ones
are registered with the log redactors until they expire, and request bodies are not logged at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine, select
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from db.errors import describe, is_transient
from db.models import User, UserSession
from db.models.base import utcnow
from services import credentials, logredact
from services.auth import AuthService, SignedIn
from services.auth_errors import AccountLocked, AuthError, SessionEnded
from services.config import Settings
from services.passwords import PasswordHasher
from services.permissions import Principal

from .server_limits import current_limits

log = logging.getLogger(__name__)

SIGN_IN_PATH = "/auth/sign-in"
VERIFY_PATH = "/auth/verify"
MAX_AUTH_BODY = 8 * 1024  # a username, a password (the service cuts it at 1,024 characters) and a name
AUTH_CONCURRENCY = 4  # sign-ins verified at once per gateway process (argon2 takes 64 MiB each)
HOURS_ENV = "CONTACTDESK_DB_LOGIN_HOURS"  # how long an issued database password lasts (default 12)
WORKSTATION_MAX = 64

_UNAVAILABLE = (
    "登录服务暂时无法访问数据库，请稍后再试。",
    "The sign-in service cannot reach the database just now; try again shortly.",
)
_MALFORMED = ("登录请求格式不正确。", "The sign-in request is malformed.")


def credential_hours() -> float:
    """The lifetime of issued database passwords: ``CONTACTDESK_DB_LOGIN_HOURS``, else 12 hours.

    Raises:
        ValueError: not a number of hours in (0, 24].
    """
    raw = os.environ.get(HOURS_ENV, "").strip()
    hours = float(raw) if raw else credentials.DEFAULT_HOURS
    if not 0 < hours <= credentials.MAX_HOURS:
        raise ValueError(f"{HOURS_ENV} must be more than 0 and at most {credentials.MAX_HOURS:g} hours")
    return hours


class IssuedSecrets:
    """The issued passwords that are still valid, registered with log redactors until they expire."""

    def __init__(self, redactors: Iterable[logredact.RedactingFilter]) -> None:
        self._redactors = list(dict.fromkeys(redactors))
        self._lock = threading.Lock()
        self._live: list[tuple[dt.datetime, str]] = []

    def add(self, credential: credentials.DbCredential) -> None:
        now = utcnow()
        with self._lock:
            expired = [secret for until, secret in self._live if until <= now]
            self._live = [(until, secret) for until, secret in self._live if until > now]
            self._live.append((credential.valid_until, credential.password))
        for redactor in self._redactors:
            redactor.add_secret(credential.password)
            for secret in expired:
                redactor.discard_secret(secret)

    def __len__(self) -> int:
        return len(self._live)


class _Refused(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _message(code: str, texts: tuple[str, str]) -> dict[str, Any]:
    return {"error": code, "zh": texts[0], "en": texts[1]}


def refusal_body(exc: AuthError) -> dict[str, Any]:
    """The JSON of a refused sign-in or unlock: the service's code and message, plus what the desktop needs
    to say it again in its own time zone and language."""
    body = _message(exc.code, (exc.zh, exc.en))
    if isinstance(exc, AccountLocked):
        body["until"] = exc.until.isoformat()
        body["attempts"] = exc.attempts
    if isinstance(exc, SessionEnded):
        body["reason"] = exc.reason
    return body


def credential_body(credential: credentials.DbCredential) -> dict[str, Any]:
    return {
        "db_login": credential.login,
        "db_password": credential.password,
        "valid_until": credential.valid_until.isoformat(),
    }


def signed_in_body(signed: SignedIn, credential: credentials.DbCredential) -> dict[str, Any]:
    user = signed.user
    return {
        "user": {
            "id": user.user_id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "branch_id": user.branch_id,
            "team_id": user.team_id,
            "locale": user.locale,
            "workstation": user.workstation,
        },
        "session_id": signed.session_id,
        "ended_other_session_on": signed.ended_other_session_on,
        **credential_body(credential),
    }


class SignInDesk:
    """The sign-in endpoints of one gateway process.

    Args:
        engine: the gateway's engine (a member of ``contactdesk_gateway``: it may read password hashes and
            run ``cd_issue_login``).
        settings: the lock-out policy (``lockout_attempts``, ``lockout_minutes``).
        hasher: argon2 parameters (tests pass cheaper ones).
        hours: the lifetime of issued passwords (default :func:`credential_hours`).
        redactors: log filters that must never let an issued password through (the process-wide one always).
        concurrency: sign-ins verified at once.
        clock: the sign-in service's clock.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        hasher: PasswordHasher | None = None,
        hours: float | None = None,
        redactors: Iterable[logredact.RedactingFilter] = (),
        concurrency: int = AUTH_CONCURRENCY,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.hours = credential_hours() if hours is None else hours
        self.auth = AuthService(engine, settings, clock, hasher=hasher)
        self.issued = IssuedSecrets([logredact.shared(), *redactors])
        self._concurrency = max(1, concurrency)
        self._slots: asyncio.Semaphore | None = None

    def routes(self) -> list[Route]:
        return [
            Route(SIGN_IN_PATH, self.sign_in_endpoint, methods=["POST"]),
            Route(VERIFY_PATH, self.verify_endpoint, methods=["POST"]),
        ]

    # -- the endpoints ---------------------------------------------------------------------------------------
    async def sign_in_endpoint(self, request: Request) -> Response:
        try:
            body = await _read_json(request)
            username = _text(body, "username", 1024)
            password = _text(body, "password", MAX_AUTH_BODY)
            workstation = str(body.get("workstation") or _client(request))[:WORKSTATION_MAX]
        except _Refused as refused:
            return JSONResponse(refused.body, status_code=refused.status)
        return await self._answer(lambda: self._sign_in(username, password, workstation))

    async def verify_endpoint(self, request: Request) -> Response:
        try:
            body = await _read_json(request)
            session_id = body.get("session_id")
            if not isinstance(session_id, int) or isinstance(session_id, bool) or session_id <= 0:
                raise _Refused(400, _message("malformed", _MALFORMED))
            password = _text(body, "password", MAX_AUTH_BODY)
        except _Refused as refused:
            return JSONResponse(refused.body, status_code=refused.status)
        return await self._answer(lambda: self._verify(session_id, password))

    async def _answer(self, work: Callable[[], dict[str, Any]]) -> Response:
        """Run ``work`` off the event loop; every outcome leaves through here."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._concurrency)
        try:
            async with self._slots:
                payload = await asyncio.to_thread(work)
        except AuthError as refused:
            return JSONResponse(refusal_body(refused), status_code=401)
        except Exception as exc:
            if is_transient(exc):
                log.warning("sign-in: the database does not answer: %s", describe(exc, 200))
                return JSONResponse(_message("unavailable", _UNAVAILABLE), status_code=503)
            log.error("sign-in failed: %s", describe(exc, 300))
            return JSONResponse(_message("failed", _UNAVAILABLE), status_code=500)
        return JSONResponse(payload, headers={"Cache-Control": "no-store"})

    # -- the work (on a thread) ------------------------------------------------------------------------------
    def _sign_in(self, username: str, password: str, workstation: str) -> dict[str, Any]:
        signed = self.auth.sign_in(username, password, workstation)
        credential = self._issue(signed.user.user_id, signed.session_id)
        return signed_in_body(signed, credential)

    def _verify(self, session_id: int, password: str) -> dict[str, Any]:
        principal = self._session_user(session_id)
        if principal is None:  # unknown session: the service says it has ended
            raise self.auth.session_state(session_id).error()
        self.auth.verify_password_for_unlock(principal, password, session_id=session_id)
        return credential_body(self._issue(principal.user_id, session_id))

    def _issue(self, user_id: int, session_id: int) -> credentials.DbCredential:
        try:
            credential = credentials.issue(self.engine, user_id, self.hours)
        except Exception:
            # Signed in without a way to reach the database: the session ends rather than linger.
            try:
                self.auth.sign_out(session_id, reason="no_credential")
            except Exception as exc:
                log.warning("could not end session %s: %s", session_id, describe(exc, 200))
            raise
        self.issued.add(credential)
        return credential

    def _session_user(self, session_id: int) -> Principal | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    User.id,
                    User.username,
                    User.role_code,
                    User.branch_id,
                    User.team_id,
                    User.display_name,
                    User.locale,
                    UserSession.workstation,
                )
                .join(User, User.id == UserSession.user_id)
                .where(UserSession.id == session_id)
            ).first()
        if row is None:
            return None
        return Principal(
            user_id=row.id,
            username=row.username,
            role=row.role_code,
            branch_id=row.branch_id,
            team_id=row.team_id,
            workstation=row.workstation or "",
            display_name=row.display_name,
            locale=row.locale,
        )


def routes(engine: Engine, settings: Settings, **kwargs: Any) -> list[Route]:
    """The sign-in routes of one gateway process (see :class:`SignInDesk` for the arguments)."""
    return SignInDesk(engine, settings, **kwargs).routes()


# -- request plumbing -----------------------------------------------------------------------------------------
async def _read_json(request: Request) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_AUTH_BODY):
        raise _Refused(413, _message("too_large", _MALFORMED))
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(current_limits().body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_AUTH_BODY:
                    raise _Refused(413, _message("too_large", _MALFORMED))
                chunks.append(chunk)
    except (ClientDisconnect, TimeoutError):
        raise _Refused(400, _message("malformed", _MALFORMED)) from None
    try:
        body = json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _Refused(400, _message("malformed", _MALFORMED)) from None
    if not isinstance(body, dict):
        raise _Refused(400, _message("malformed", _MALFORMED))
    return body


def _text(body: dict[str, Any], name: str, limit: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or len(value) > limit:
        raise _Refused(400, _message("malformed", _MALFORMED))
    return value


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else ""
