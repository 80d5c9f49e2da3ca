"""Whether a database connection is a member of staff's own PostgreSQL login.

On PostgreSQL every desktop connects with the signed-in person's own login (migration 0011), which may not
read raw identifiers: what needs one goes through a ``SECURITY DEFINER`` function (``cd_reveal``,
``cd_customer_phone_from_call``).  SQLite, and the owner login that migrates, seeds and runs the tests, read
and write the columns directly.  ``cd_uid()`` tells the two apart: it is the user id behind the login, NULL
for any login that is not a ContactDesk user.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import Column, Connection, Engine, text

from db.pg_security import RAW_COLUMNS

_users: weakref.WeakKeyDictionary[Engine, int | None] = weakref.WeakKeyDictionary()
_guard = threading.Lock()
_UID = text("SELECT cd_uid()")


def login_user_id(conn: Connection) -> int | None:
    """The ContactDesk user whose own PostgreSQL login ``conn`` is, else None (SQLite, the owner, the gateway).

    Asked once per engine (``cd_uid()``): an engine keeps its login for life.
    """
    if conn.dialect.name != "postgresql":
        return None
    engine = conn.engine
    with _guard:
        if engine in _users:
            return _users[engine]
    found = conn.execute(_UID).scalar()
    uid = None if found is None else int(found)
    with _guard:
        _users[engine] = uid
    return uid


def is_staff_login(conn: Connection) -> bool:
    """True on PostgreSQL when ``conn``'s login belongs to an active ContactDesk user (asked once per engine)."""
    return login_user_id(conn) is not None


def readable_columns(model: Any) -> list[Column[Any]]:
    """Every column of ``model``'s table (a model class or a table) but the raw identifiers a desktop may not read."""
    table = getattr(model, "__table__", model)
    raw = RAW_COLUMNS.get(table.name, ())
    return [c for c in table.c if c.name not in raw]
