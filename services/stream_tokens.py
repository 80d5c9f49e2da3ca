"""Credentials for the change-event stream: one random token per signed-in desktop.

The desktop asks for a token after sign-in (:func:`issue`) and presents it to the gateway as
``Authorization: Bearer <token>``.  Only the token's SHA-256 is stored; a token stops working when it
expires, when it is revoked (:func:`revoke`, at sign-out) or when the sign-in session it belongs to ends
(signed out, superseded, account disabled).

A desktop connected with its member of staff's own PostgreSQL login has no privilege on ``stream_token`` at
all: it issues and revokes through the functions ``cd_stream_token_issue`` / ``cd_stream_token_revoke``
(:mod:`db.pg_security`), which take the user from the login, not from the caller.  The gateway, the owner
and SQLite write the table directly.

The gateway looks a token up on every new stream (:class:`TokenChecker`: one primary-key query, no
memory of a positive answer, so a revoked token is refused at once) and, while streams are open, asks in
one batched query which of their tokens are still good (:func:`still_valid`), so that it can end the
streams of a revoked token within a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Engine,
    Select,
    String,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from db.models import UserSession
from db.models.base import as_utc, utcnow
from db.models.sync import StreamToken
from db.write import write_txn

from .audit import database_user_id

TOKEN_HOURS = 12
MAX_TOKEN_LENGTH = 200
# Only refusals are remembered (a bad token never becomes good), so that a flood of wrong tokens does not
# cost a query each; an accepted token is looked up again on every new stream.
REFUSAL_MEMORY_SECONDS = 2.0
REFUSAL_MEMORY_SIZE = 10_000


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_hash(token: str) -> str:
    """The stored form of a token (its SHA-256, hex)."""
    return _digest(token)


@dataclass(frozen=True)
class Grant:
    """A token found valid: whose it is and the key under which it is stored."""

    user_id: int
    token_hash: str
    session_id: int | None


_ISSUE = text(
    "SELECT cd_stream_token_issue(CAST(:hash AS text), CAST(:session_id AS bigint), CAST(:workstation AS text), "
    "CAST(:hours AS double precision))"
)
_REVOKE = text("SELECT cd_stream_token_revoke(CAST(:hash AS text))")


def issue(
    engine: Engine, user_id: int, *, session_id: int | None = None, workstation: str = "", hours: float = TOKEN_HOURS
) -> str:
    """A new stream token for this desktop (store it in memory only).

    On a member of staff's own PostgreSQL login the token is that member's whatever ``user_id`` says (the
    database takes the user from the login) and ``session_id`` must be one of their open sessions.

    Raises:
        ValueError: ``user_id`` is not the user of the engine's own login (a programming error).
    """
    token = secrets.token_urlsafe(32)
    own = database_user_id(engine)
    if own is not None:
        if own != user_id:
            raise ValueError(f"this database login belongs to user {own}, not to user {user_id}")
        params = {"hash": _digest(token), "session_id": session_id, "workstation": workstation[:64], "hours": hours}
        with write_txn(engine) as conn:
            conn.execute(_ISSUE, params)
        return token
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
    """End a token now (sign-out); gateways end its open streams within their check interval.

    On a member of staff's own login only that member's tokens can be revoked (others' are left alone).
    """
    own = database_user_id(engine)
    with write_txn(engine) as conn:
        if own is not None:
            conn.execute(_REVOKE, {"hash": _digest(token)})
        else:
            conn.execute(delete(StreamToken).where(StreamToken.token_hash == _digest(token)))


def lookup(engine: Engine, token: str) -> Grant | None:
    """The grant of a valid token, else None (one query on the token's primary key)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = _digest(token)
    with engine.connect() as conn:
        row = conn.execute(
            select(StreamToken.user_id, StreamToken.session_id, StreamToken.expires_at, UserSession.ended_at)
            .outerjoin(UserSession, UserSession.id == StreamToken.session_id)
            .where(StreamToken.token_hash == digest)
        ).first()
    if row is None or row.ended_at is not None:
        return None
    expires = as_utc(row.expires_at)
    if expires is None or expires <= utcnow():
        return None
    return Grant(int(row.user_id), digest, row.session_id)


def check(engine: Engine, token: str) -> int | None:
    """The user id of a valid token, else None."""
    grant = lookup(engine, token)
    return grant.user_id if grant is not None else None


def _among(engine: Engine, hashes: list[str]) -> tuple[Any, dict[str, Any]]:
    """A condition "token_hash is one of ``hashes``" whose SQL text does not depend on how many there are
    (one bound parameter), so that the database can keep one plan for it."""
    if engine.dialect.name == "postgresql":
        return StreamToken.token_hash == any_(bindparam("hashes", type_=ARRAY(String))), {"hashes": hashes}
    if engine.dialect.name == "sqlite":
        listed: Select[Any] = select(literal_column("value")).select_from(
            func.json_each(bindparam("hashes", type_=String))
        )
        return StreamToken.token_hash.in_(listed.scalar_subquery()), {"hashes": json.dumps(hashes)}
    return StreamToken.token_hash.in_(bindparam("hashes", expanding=True)), {"hashes": hashes}


def still_valid(engine: Engine, hashes: Collection[str]) -> set[str]:
    """Which of these token hashes still belong to valid tokens (present, not expired, session not ended).

    One query that counts them on the primary key; only when the count falls short (something was revoked
    or expired) a second one to name the survivors.  With a thousand open streams the usual answer is a
    single number.
    """
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    among, params = _among(engine, wanted)
    valid = and_(among, StreamToken.expires_at > bindparam("now"), UserSession.ended_at.is_(None))
    joined = StreamToken.__table__.outerjoin(UserSession, UserSession.id == StreamToken.session_id)
    params["now"] = utcnow()
    with engine.connect() as conn:
        alive = conn.execute(select(func.count()).select_from(joined).where(valid), params).scalar_one()
        if int(alive) == len(wanted):
            return set(wanted)
        return set(conn.execute(select(StreamToken.token_hash).select_from(joined).where(valid), params).scalars())


class TokenChecker:
    """What the gateway asks about stream tokens.

    Calling it with a token gives the user id (None: refused).  A token is looked up on every call — there is
    no memory of an accepted token, so one revoked a moment ago is refused at once; a reconnect storm costs
    one primary-key query per desktop.  Refusals are remembered for :data:`REFUSAL_MEMORY_SECONDS`.
    """

    def __init__(self, engine: Engine, *, refusal_memory: float = REFUSAL_MEMORY_SECONDS) -> None:
        self._engine = engine
        self._refusal_memory = refusal_memory
        self._refused: dict[str, float] = {}
        self._lock = threading.Lock()
        self.lookups = 0  # database look-ups made (for tests and benchmarks)

    def __call__(self, token: str) -> int | None:
        grant = self.grant(token)
        return grant.user_id if grant is not None else None

    def grant(self, token: str) -> Grant | None:
        """The grant of a valid token (looked up now), else None."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        key = _digest(token)
        now = time.monotonic()
        with self._lock:
            until = self._refused.get(key)
            if until is not None and until > now:
                return None
        with self._lock:
            self.lookups += 1
        grant = lookup(self._engine, token)
        if grant is None and self._refusal_memory > 0:
            with self._lock:
                if len(self._refused) >= REFUSAL_MEMORY_SIZE:
                    self._refused.clear()
                self._refused[key] = now + self._refusal_memory
        return grant

    def still_valid(self, hashes: Collection[str]) -> set[str]:
        """:func:`still_valid` on this checker's database."""
        return still_valid(self._engine, hashes)


class RenewingToken:
    """One signed-in desktop's stream credential: the current token, replaced before it expires.

    The change client calls it on every (re)connect; a token older than ``renew_after`` seconds is replaced by
    a new one and revoked, so a desktop signed in for longer than :data:`TOKEN_HOURS` keeps its live updates.
    """

    def __init__(
        self,
        engine: Engine,
        user_id: int,
        *,
        session_id: int | None = None,
        workstation: str = "",
        renew_after: float = (TOKEN_HOURS - 1) * 3600.0,
        clock: Any = time.monotonic,
    ) -> None:
        self._engine = engine
        self._user_id = user_id
        self._session_id = session_id
        self._workstation = workstation
        self._renew_after = renew_after
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._issued = 0.0

    def __call__(self) -> str:
        with self._lock:
            if self._token is None or self._clock() - self._issued >= self._renew_after:
                old = self._token
                self._token = issue(
                    self._engine, self._user_id, session_id=self._session_id, workstation=self._workstation
                )
                self._issued = self._clock()
                if old is not None:
                    revoke(self._engine, old)
            return self._token

    def revoke(self) -> None:
        """End the current token (sign-out)."""
        with self._lock:
            token, self._token = self._token, None
        if token is not None:
            revoke(self._engine, token)
