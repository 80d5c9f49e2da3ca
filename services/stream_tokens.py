"""Credentials for the change-event stream: one random token per signed-in desktop.

The desktop asks for a token after sign-in (:func:`issue`) and presents it to the gateway as
``Authorization: Bearer <token>``.  Only the token's SHA-256 is stored; a token stops working when it
expires or when the sign-in session it belongs to ends (signed out, superseded, account disabled).
The gateway checks a token once and remembers the answer for a short while (:class:`TokenChecker`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time

from sqlalchemy import Engine, delete, insert, select

from db.models import UserSession
from db.models.base import as_utc, utcnow
from db.models.sync import StreamToken
from db.write import write_txn

TOKEN_HOURS = 12
CHECK_CACHE_SECONDS = 30.0


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    engine: Engine, user_id: int, *, session_id: int | None = None, workstation: str = "", hours: float = TOKEN_HOURS
) -> str:
    """A new stream token for this desktop (store it in memory only)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with write_txn(engine) as conn:
        conn.execute(delete(StreamToken).where(StreamToken.expires_at < now))
        conn.execute(
            insert(StreamToken).values(
                token_hash=_digest(token),
                user_id=user_id,
                session_id=session_id,
                workstation=workstation[:64],
                issued_at=now,
                expires_at=now + dt.timedelta(hours=hours),
            )
        )
    return token


def revoke(engine: Engine, token: str) -> None:
    """End a token now (sign-out)."""
    with write_txn(engine) as conn:
        conn.execute(delete(StreamToken).where(StreamToken.token_hash == _digest(token)))


def check(engine: Engine, token: str) -> int | None:
    """The user id of a valid token, else None."""
    if not token or len(token) > 200:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(StreamToken.user_id, StreamToken.expires_at, UserSession.ended_at)
            .outerjoin(UserSession, UserSession.id == StreamToken.session_id)
            .where(StreamToken.token_hash == _digest(token))
        ).first()
    if row is None or row.ended_at is not None:
        return None
    expires = as_utc(row.expires_at)
    return int(row.user_id) if expires is not None and expires > utcnow() else None


class TokenChecker:
    """:func:`check` with a short memory, so that a reconnect storm costs few queries."""

    def __init__(self, engine: Engine, *, ttl: float = CHECK_CACHE_SECONDS) -> None:
        self._engine = engine
        self._ttl = ttl
        self._known: dict[str, tuple[float, int | None]] = {}
        self._lock = threading.Lock()

    def __call__(self, token: str) -> int | None:
        now = time.monotonic()
        key = _digest(token)
        with self._lock:
            hit = self._known.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]
        user = check(self._engine, token)
        with self._lock:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[key] = (now + (self._ttl if user is not None else 2.0), user)
        return user
