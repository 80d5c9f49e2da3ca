"""Transient or permanent: what a failed database call means for whoever retries it.

*Transient* failures go away by themselves: the server cannot be reached or went away, a pooler is
between server connections, a lock or serialization conflict, a statement cancelled by a timeout, the server
short of resources.  Retrying later (or at once, on a fresh connection) is right.

*Permanent* failures are the request's own: bad data (out of range, a NUL byte, bad encoding), a constraint
it breaks, a statement the server refuses.  Retrying gives the same answer for ever; the caller must stop,
say so and keep what was asked for somewhere a person sees it.

PostgreSQL errors are told apart by SQLSTATE class; SQLite's by its error codes and messages; anything that
is not a database error at all (a Python ``ValueError`` from the data) is permanent.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

# SQLSTATE classes and codes after which the same statement may well succeed.
TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "57", "58"})  # connection, rollback, resources, operator
TRANSIENT_SQLSTATES = frozenset(
    {
        "55P03",  # lock_not_available (lock_timeout)
        "55006",  # object_in_use
        "57014",  # query_canceled (statement_timeout)
        "25P03",  # idle_in_transaction_session_timeout
        # A transaction pooler (PgBouncer in transaction mode) hands statements prepared on one server
        # connection to another: psycopg's prepared statements then clash or go missing.  The engine stops
        # preparing (db.engine) and the same statement succeeds on a fresh connection.
        "26000",  # invalid_sql_statement_name: prepared statement "_pg3_…" does not exist
        "42P05",  # duplicate_prepared_statement: prepared statement "_pg3_…" already exists
    }
)
POOLER_PREPARED_SQLSTATES = frozenset({"26000", "42P05"})
# SQLite's busy, locked, I/O and open failures (extended codes fold to these primary ones).
SQLITE_TRANSIENT_CODES = frozenset({5, 6, 10, 14})  # SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN
SQLITE_TRANSIENT_WORDS = ("database is locked", "database table is locked", "disk i/o error", "unable to open")
# PgBouncer's own refusals while the server is away (they arrive as plain errors, without a SQLSTATE class 08).
POOLER_TRANSIENT_WORDS = (
    "server_login_retry",
    "server login has been failing",
    "no more connections allowed",
    "pgbouncer cannot connect to server",
    "query_wait_timeout",
    "server conn crashed",
    "client_login_timeout",
    "database removed",
    "closing because",
)


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a (wrapped) PostgreSQL error, if it has one."""
    original = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    code = getattr(original, "sqlstate", None)
    return str(code) if code else None


def uses_pooler_prepared_statements(exc: BaseException) -> bool:
    """True for the prepared-statement clashes a transaction pooler causes (a statement prepared on one server
    connection missing, taken, or of another shape on the next)."""
    code = sqlstate(exc)
    if code in POOLER_PREPARED_SQLSTATES:
        return True
    return code == "08P01" and "prepared statement" in str(exc)


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` may go away by itself (retry), rather than be the request's own fault (never retry)."""
    if isinstance(exc, TimeoutError | ConnectionError | sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or exc.orig is None:
            return bool(exc.connection_invalidated)
        original: BaseException = exc.orig
    elif isinstance(exc, sqlite3.Error):
        original = exc
    else:  # the file system or the network under the database may recover; anything else is the data's
        return isinstance(exc, OSError)
    code = sqlstate(original)
    if code:
        return code[:2] in TRANSIENT_SQLSTATE_CLASSES or code in TRANSIENT_SQLSTATES
    text = str(original).lower()
    if isinstance(original, sqlite3.Error):
        primary = (getattr(original, "sqlite_errorcode", 0) or 0) & 0xFF
        return primary in SQLITE_TRANSIENT_CODES or any(word in text for word in SQLITE_TRANSIENT_WORDS)
    if any(word in text for word in POOLER_TRANSIENT_WORDS):
        return True
    # A DBAPI error with no SQLSTATE from psycopg is a connection that could not be made or was lost.
    return type(original).__name__ in ("OperationalError", "InterfaceError") and not isinstance(
        exc, sa_exc.DataError | sa_exc.IntegrityError | sa_exc.ProgrammingError
    )


def describe(exc: BaseException, limit: int = 2000) -> str:
    """One line for a log or a dead letter: the error's class and message, cut to ``limit``."""
    original = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    text = " ".join(str(original).split())
    return f"{type(original).__name__}: {text}"[:limit]
