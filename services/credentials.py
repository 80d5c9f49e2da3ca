"""Short-lived PostgreSQL credentials for a signed-in desktop.

On the shared database every member of staff has a login of their own (``cd_<username>``, see
:mod:`db.pg_security`).  It has no lasting password: after the sign-in service has checked the user's own
password (argon2, lock-out), the gateway makes a random password here, sends PostgreSQL only its
SCRAM-SHA-256 verifier (``cd_issue_login``, which sets it with ``VALID UNTIL``) and hands the password to
the desktop, which keeps it in memory.  PostgreSQL never sees the password itself, and once the validity
ends no new connection can be made with it (connections already open stay open).

The verifier is PostgreSQL's storage format, ``SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>``
(RFC 5802 and RFC 7677)::

    SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations)
    ClientKey      = HMAC-SHA-256(SaltedPassword, "Client Key")
    StoredKey      = SHA-256(ClientKey)
    ServerKey      = HMAC-SHA-256(SaltedPassword, "Server Key")

The password is URL-safe base64 (ASCII), so SASLprep leaves it as it is.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from db.models.base import utcnow
from db.write import write_txn

SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)
SALT_BYTES = 16
DEFAULT_HOURS = 12.0  # one working day; the idle-lock unlock issues a fresh one
MAX_HOURS = 24.0


@dataclass(frozen=True)
class DbCredential:
    """A login and its short-lived password.  Keep it in memory only: never in settings, keyring or logs."""

    login: str
    password: str = field(repr=False)
    valid_until: dt.datetime

    def expired(self, now: dt.datetime | None = None, *, margin: float = 0.0) -> bool:
        """Whether PostgreSQL refuses (or, within ``margin`` seconds, will refuse) new connections with it."""
        return (now or utcnow()) + dt.timedelta(seconds=margin) >= self.valid_until


def new_password() -> str:
    """A random password of 256 bits (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` in PostgreSQL's format (a random salt unless given)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return f"SCRAM-SHA-256${iterations}:{_b64(salt)}${_b64(stored_key)}:{_b64(server_key)}"


def issue(engine: Engine, user_id: int, hours: float = DEFAULT_HOURS) -> DbCredential:
    """A fresh credential for the login of ``user_id`` (which must be active), valid for ``hours``.

    It replaces the login's previous password.  Runs ``cd_issue_login``, which only the gateway's group
    (and the owner) may execute.

    Raises:
        ValueError: ``hours`` outside (0, :data:`MAX_HOURS`].
        sqlalchemy.exc.DBAPIError: the user is not active, or the caller may not issue logins.
    """
    if not 0 < hours <= MAX_HOURS:
        raise ValueError(f"a database credential lasts more than 0 and at most {MAX_HOURS:g} hours")
    password = new_password()
    valid_until = (utcnow() + dt.timedelta(hours=hours)).replace(microsecond=0)
    with write_txn(engine) as conn:
        login = conn.execute(
            text("SELECT cd_issue_login(:uid, :verifier, :until)"),
            {"uid": user_id, "verifier": scram_verifier(password), "until": valid_until},
        ).scalar_one()
    return DbCredential(str(login), password, valid_until)
