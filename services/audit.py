"""The tamper-evident audit trail: an append-only table in which every row hashes its predecessor.

Row format (version 1; changing it needs a new version marker and a migration of the verifier)::

    payload  = "\\x1f".join([prev_hash, id, at, user_id, username, workstation,
                             action, entity, entity_id, detail])
    row_hash = sha256(payload encoded as UTF-8), lower-case hex

* ``prev_hash``: ``row_hash`` of row ``id - 1``; 64 zeros for row 1.  Ids are contiguous from 1.
* ``at``: the timestamp in UTC to the microsecond as ``YYYY-MM-DD HH:MM:SS.ffffff`` — the text SQLite
  holds (SQLAlchemy's storage format) and what PostgreSQL's ``to_char(at AT TIME ZONE 'UTC', ...)``
  gives for the ``timestamptz``, so both databases hash identically.
* integers in decimal; SQL NULL as the single character ``\\x19``.
* ``detail``: canonical JSON text exactly as stored (sorted keys, no spaces, UTF-8 not escaped).
* Text fields are stored without control characters (they are replaced when a row is written), so
  the unit separator ``\\x1f`` cannot move between fields and the payload is unambiguous.

Who writes the rows:

* **PostgreSQL** — every login (a member of staff's own login, the gateway's, the owner's) appends
  through the function ``cd_audit_append`` (:mod:`db.pg_security`): the *server* stamps ``at`` with
  its own clock, computes the link and the hash in SQL in exactly this format and, for a ContactDesk
  user's login, writes that user as the actor whatever the caller names.  A desktop's login cannot
  insert into the table at all.  The function takes the chain's advisory lock (:data:`CHAIN_LOCK_KEY`)
  until the caller's transaction ends, so record as the *last* step of a transaction, in READ
  COMMITTED (the default).  An injected clock (``AuditTrail(clock=...)``) is not used there.
* **SQLite** — the rows are built here, under the database write lock (``BEGIN IMMEDIATE`` unless the
  transaction already holds it), with the trail's clock.

Deleting rows from the end of the chain cannot be detected from the chain alone; ``contactdesk audit
verify`` prints the head (id and hash) so that it can be noted elsewhere and compared later.  On
PostgreSQL no login but the owner may UPDATE, DELETE or TRUNCATE the table, and triggers refuse those
even to the owner (migration 0002).  ``contactdesk audit verify`` also judges every row's actor against
the permission its action needs (:data:`services.audit_actors.ACTION_PERMISSIONS`).

Actions recorded (the ``action`` column): see :data:`ACTIONS`.  ``detail`` never holds PII values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import socket
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, insert, text

from db.models import AuditLog
from db.models.base import utcnow
from db.write import after_rollback, write_txn, write_txn_on

from .audit_verify import GENESIS_HASH, NULL, SEP, VerifyReport, verify_chain
from .dblogin import login_user_id


class Actor(Protocol):
    """Whoever a row is written for: a signed-in principal (``services.permissions.Principal``) or alike."""

    @property
    def user_id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def workstation(self) -> str: ...


__all__ = [
    "ACTIONS",
    "GENESIS_HASH",
    "AuditTrail",
    "VerifyReport",
    "canonical_json",
    "clean",
    "database_user_id",
    "note_chain_locked",
    "row_hash",
    "row_payload",
    "utc_text",
    "verify",
]

# Fixed key of the PostgreSQL advisory lock that serialises appends ("CDAUDIT1").
CHAIN_LOCK_KEY = 0x4344_4155_4449_5431
AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOCK_MARK = "contactdesk.audit.locked_tx"

ACTIONS = {
    "sign_in": "signed in",
    "sign_in_failed": "sign-in refused (detail.reason: unknown_user, wrong_password, locked, disabled)",
    "sign_out": "signed out (detail.reason)",
    "session_superseded": "a session ended because the user signed in elsewhere",
    "unlock": "idle lock released with the password",
    "unlock_failed": "wrong password at the idle lock",
    "customer_view": "a customer record opened",
    "reveal": "a masked value revealed (detail: field, reason code and text)",
    "export": "data exported",
    "edit": "a record changed",
    "customer_edit": "a customer's record changed (detail: fields)",
    "permission_denied": "a service refused an action (detail.permission)",
    "user_add": "user created",
    "password_set": "password set or changed",
    "password_change_failed": "wrong current password when changing one's own password",
    "user_disable": "user disabled",
    "user_enable": "a disabled user enabled again",
    "user_role": "a user's role changed (detail.role: the new role; detail.was: the old one)",
    "user_unlock": "a user's sign-in lock-out cleared by an administrator",
    "message_send": "an SMS or e-mail queued from a template (detail: template_id, channel, purpose)",
    "message_cancel": "a queued message withdrawn before it went",
    "message_mark_sent": "a message whose outcome was unknown or failed settled as sent by staff (detail: reason)",
    "message_send_again": "a message whose outcome was unknown or failed queued again by staff (detail: new id)",
    "template_create": "a message template (or a new version of one) drafted (detail: code, v)",
    "template_edit": "a template draft changed",
    "template_submit": "a template version submitted for approval",
    "template_withdraw": "a submitted template version taken back to draft",
    "template_approve": "a template version approved by a second person",
    "template_retire": "an approved template version retired",
    "campaign_create": "a campaign drafted (detail: template_id)",
    "campaign_start": "a campaign queued (detail: count)",
    "campaign_paused": "a campaign paused",
    "campaign_running": "a paused campaign resumed",
    "campaign_cancelled": "a campaign cancelled",
    "flow_create": "a service flow (or a new version of one) drafted (detail: code, v; from or imported)",
    "flow_edit": "a service-flow draft saved (detail: v, changes)",
    "flow_submit": "a service-flow version submitted for approval",
    "flow_withdraw": "a submitted or approved service-flow version taken back to draft",
    "flow_approve": "a service-flow version approved by a second person",
    "flow_publish": "a service-flow version published (detail.retired: the versions it replaced)",
    "flow_retire": "a service-flow version retired",
    "agent_force_state": "a supervisor forced an agent's state (detail: state, from, reason)",
    "call_requeue": "a supervisor moved a waiting call to another queue or raised its priority (detail)",
    "agent_notify": "a supervisor sent a short message to an agent's desk (detail: notice id)",
    "csat_configure": "a queue's satisfaction survey settings changed (detail: the new settings)",
    "queue_rules": "a queue's wallboard rules changed (detail: the new rules)",
    "lobby_recognize_other": "another branch's customer recognised at check-in: the minimal card (detail.kind)",
    "lobby_notify": "a customer manager told their customer is in the lobby (detail: manager_id, customer_id)",
    "memo_add": "a service-memo note or to-do written (detail: kind, customer)",
    "memo_done": "a service-memo item marked done",
    "memo_reopen": "a service-memo item opened again",
    "referral_create": "a customer referred to a customer manager (detail: to, by, source, interest)",
    "referral_accepted": "a referral accepted by its manager",
    "referral_contacted": "a referral's customer contacted",
    "referral_appointment": "an appointment made for a referral",
    "referral_won": "a referral won (detail.amount)",
    "referral_lost": "a referral lost (detail.reason)",
    "referral_escalate": "a referral not accepted in time passed to another manager (detail: from, to)",
    "referral_return": "a referral of a manager who left returned to the branch's pool (detail: from, to)",
    "appointment_book": "a branch appointment booked (detail: service, slot, sms)",
    "appointment_cancel": "a branch appointment cancelled",
}


def canonical_json(detail: Any) -> str | None:
    """The one serialisation of ``detail`` that is stored and hashed (None stays None)."""
    if detail is None:
        return None
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def clean(value: object, limit: int) -> str:
    """Text without control characters, cut to ``limit`` characters (the column width)."""
    return _CONTROL.sub("\ufffd", str(value))[:limit]


def utc_text(at: dt.datetime) -> str:
    """The hashed form of a timestamp: UTC, microseconds, ``YYYY-MM-DD HH:MM:SS.ffffff`` (naive = UTC)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC)
    return at.strftime(AT_FORMAT)


def row_payload(
    prev_hash: str,
    row_id: int,
    at: str,
    user_id: int | None,
    username: str,
    workstation: str,
    action: str,
    entity: str | None,
    entity_id: str | None,
    detail: str | None,
) -> str:
    """The exact text hashed for one row (see the module docstring)."""
    return SEP.join(
        (
            prev_hash,
            str(row_id),
            at,
            NULL if user_id is None else str(user_id),
            username,
            workstation,
            action,
            NULL if entity is None else entity,
            NULL if entity_id is None else entity_id,
            NULL if detail is None else detail,
        )
    )


def row_hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _holds_chain_lock(conn: Connection) -> bool:
    if not conn.in_transaction():
        return False
    if conn.dialect.name == "sqlite":
        return bool(conn.connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]
    return conn.info.get(_LOCK_MARK) is conn.get_transaction()


def note_chain_locked(conn: Connection) -> None:
    """Remember that ``conn``'s transaction holds the chain lock.

    Call it after running any SQL function that appends to the trail itself (``cd_reveal``,
    ``cd_user_*``): :meth:`AuditTrail.record_committed` must then not wait for the lock on another
    connection.
    """
    conn.info[_LOCK_MARK] = conn.get_transaction()


_HEAD = text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
_PG_APPEND = text(
    "SELECT cd_audit_append(CAST(:username AS text), CAST(:user_id AS bigint), CAST(:workstation AS text), "
    "CAST(:action AS text), CAST(:entity AS text), CAST(:entity_id AS text), CAST(:detail AS text))"
)


def _lock_and_read_head(conn: Connection) -> tuple[int, str]:
    """SQLite: take the write lock for the rest of the transaction and return (last id, last hash)."""
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        # pysqlite starts a transaction only at the first write; take the write lock now,
        # before reading the head, so that no other writer can append in between.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    head: Any = conn.execute(_HEAD).first()
    note_chain_locked(conn)
    if head is None or head[0] is None:
        return 0, GENESIS_HASH
    return int(head[0]), str(head[1])


def database_user_id(engine: Engine) -> int | None:
    """The ContactDesk user whose own PostgreSQL login ``engine`` connects as, else None.

    None for SQLite and for logins that are no member of staff (the owner, the gateway)
    (:func:`services.dblogin.login_user_id`, asked once per engine).  The services use it to choose between
    writing directly and calling the database's functions, which are the only way a desktop's login may change
    users or take a stream token.
    """
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        return login_user_id(conn)


class AuditTrail:
    """Appends hash-chained rows to ``audit_log``.

    Args:
        clock: returns the current time (aware); injectable for tests.  SQLite only: on PostgreSQL the
            server's clock stamps every row, by design.
        workstation: recorded when a row is written by name rather than by a principal;
            defaults to this computer's host name.
    """

    def __init__(self, *, clock: Callable[[], dt.datetime] = utcnow, workstation: str | None = None) -> None:
        self._clock = clock
        self.workstation = clean(workstation or socket.gethostname() or "unknown", 64)

    def record(
        self,
        conn: Connection,
        who: Actor | str,
        action: str,
        entity: str | None = None,
        entity_id: object = None,
        detail: Any = None,
        *,
        user_id: int | None = None,
        workstation: str | None = None,
    ) -> int:
        """Append one row inside the caller's transaction and return its id.

        Args:
            conn: the caller's connection; the row commits or rolls back with its transaction.
            who: the acting principal, or a username (e.g. an attempted sign-in name; cut to 64).  On
                PostgreSQL a member of staff's own login is written as that member whatever ``who`` says.
            action: what happened, one of :data:`ACTIONS` by convention.
            entity, entity_id: what it happened to (e.g. ``"customer"``, ``42``).
            detail: JSON-serialisable facts; never PII values.
            user_id: with a username ``who``, the user's id when known.
            workstation: overrides the principal's (or this trail's) workstation.
        """
        if isinstance(who, str):
            username, uid, ws = who, user_id, workstation or self.workstation
        else:
            username, uid, ws = who.username, who.user_id, workstation or who.workstation or self.workstation
        values: dict[str, Any] = {
            "user_id": uid,
            "username": clean(username, 64),
            "workstation": clean(ws, 64),
            "action": clean(action, 32),
            "entity": clean(entity, 32) if entity not in (None, "") else None,
            "entity_id": clean(entity_id, 40) if entity_id not in (None, "") else None,
            "detail": canonical_json(detail),
        }
        if conn.dialect.name == "postgresql":
            # The server stamps the time (and, for a member of staff's login, the actor) and links the row.
            new_id = conn.execute(_PG_APPEND, values).scalar_one()
            note_chain_locked(conn)
            return int(new_id)
        at = self._clock()
        values["at"] = at = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        last_id, values["prev_hash"] = _lock_and_read_head(conn)
        values["id"] = last_id + 1
        values["row_hash"] = row_hash(
            row_payload(
                values["prev_hash"],
                values["id"],
                utc_text(at),
                uid,
                values["username"],
                values["workstation"],
                values["action"],
                values["entity"],
                values["entity_id"],
                values["detail"],
            )
        )
        conn.execute(insert(AuditLog), values)
        return int(values["id"])

    def append(self, bind: Engine | Connection, who: Actor | str, action: str, *args: Any, **kwargs: Any) -> int:
        """:meth:`record` in a short transaction of its own (e.g. after opening a customer).

        ``bind``: an engine, or a connection the caller holds (a desktop worker's) that is not in a
        transaction — cheaper, as no connection is checked out of the pool.
        """
        if isinstance(bind, Connection):
            with write_txn_on(bind):
                return self.record(bind, who, action, *args, **kwargs)
        with write_txn(bind) as conn:
            return self.record(conn, who, action, *args, **kwargs)

    def record_committed(self, conn: Connection, who: Actor | str, action: str, *args: Any, **kwargs: Any) -> int:
        """Record so that the row survives a rollback of ``conn``'s transaction (used for refusals).

        The row is written in a transaction of its own on another connection.  When ``conn``
        already holds the chain lock (it appended, or on SQLite it holds the write lock) a second
        connection would wait for ``conn`` forever, so the row is then written in ``conn``'s
        transaction, and written again on its own should that transaction roll back
        (:func:`db.write.after_rollback`).
        """
        engine = conn.engine
        in_memory = conn.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")
        if in_memory or _holds_chain_lock(conn):
            # Kept in ``conn``'s transaction; should that roll back, written again in one of its own.
            after_rollback(conn, lambda again: self.record(again, who, action, *args, **kwargs))
            return self.record(conn, who, action, *args, **kwargs)
        return self.append(engine, who, action, *args, **kwargs)

    @staticmethod
    def verify(engine: Engine, batch: int = 50_000) -> VerifyReport:
        """Check the whole chain; see :func:`services.audit_verify.verify_chain`."""
        return verify_chain(engine, batch=batch)


verify = verify_chain
