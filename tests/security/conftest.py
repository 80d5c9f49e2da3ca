"""Fixtures for the SQL-level security tests: a seeded PostgreSQL database and each role's own login.

The database is built once per module as the superuser (who owns every table and so bypasses row-level
security and column privileges): migrated to head, seeded small, and every seeded user given their login
(``cd_sync_login``).  :meth:`SecuredDatabase.login_engine` then sets a password on one user's login and
connects as that login, the way a desktop does once the sign-in service has issued its credential: every
statement the tests send through it is checked by PostgreSQL itself, with nothing of ContactDesk in between.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine
from db.migrate import upgrade
from services.permissions import Principal
from tests.pgserver import ExternalPostgres, ThrowawayPostgres, unique_db_name

SEED_CUSTOMERS = 600
SEED = 7
# One seeded user per ContactDesk role (db/seed/staff.py): their group role decides what they may do.
STAFF = {
    "agent": "agent01",
    "lobby_manager": "lobby01",
    "customer_manager": "cm01",
    "supervisor": "super01",
    "admin": "admin",
}
INSUFFICIENT_PRIVILEGE = "42501"
RLS_CHECK_VIOLATION = "42501"  # "new row violates row-level security policy" has the same SQLSTATE


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error raised through SQLAlchemy (None for anything else)."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None)


@dataclass
class SecuredDatabase:
    """A seeded PostgreSQL database with row-level security and per-user logins installed."""

    url: str
    owner: Engine
    _logins: dict[str, Engine] = field(default_factory=dict)

    def login_of(self, username: str) -> str:
        with self.owner.connect() as conn:
            login = conn.execute(text("SELECT db_login FROM app_user WHERE username = :u"), {"u": username}).scalar()
        assert login, f"{username} has no login"
        return str(login)

    def user_id(self, username: str) -> int:
        with self.owner.connect() as conn:
            return int(conn.execute(text("SELECT id FROM app_user WHERE username = :u"), {"u": username}).scalar_one())

    def principal(self, username: str) -> Principal:
        """The service layer's principal for a seeded user (as the sign-in service builds it)."""
        with self.owner.connect() as conn:
            row = conn.execute(
                text("SELECT id, username, role_code, branch_id, team_id FROM app_user WHERE username = :u"),
                {"u": username},
            ).one()
        return Principal(user_id=row.id, username=row.username, role=row.role_code, branch_id=row.branch_id,
                         team_id=row.team_id)  # fmt: skip

    def set_password(self, login: str) -> str:
        """Give ``login`` a fresh password (as the superuser) and return it."""
        password = secrets.token_urlsafe(24)  # letters, digits, '-' and '_': nothing to quote
        with self.owner.begin() as conn:
            conn.exec_driver_sql(f"ALTER ROLE \"{login}\" LOGIN PASSWORD '{password}'")
        return password

    def login_engine(self, username: str) -> Engine:
        """An engine connected as the user's own login (cached for the module)."""
        engine = self._logins.get(username)
        if engine is None:
            login = self.login_of(username)
            url = make_url(self.url).set(username=login, password=self.set_password(login))
            engine = make_engine(url, pool_size=2)
            with engine.connect() as conn:  # prove at once that this really is the login, not the owner
                assert conn.execute(text("SELECT session_user")).scalar() == login
            self._logins[username] = engine
        return engine

    def engine_for(self, login: str, password: str, **kwargs: Any) -> Engine:
        return make_engine(make_url(self.url).set(username=login, password=password), **kwargs)

    def close(self) -> None:
        for engine in self._logins.values():
            engine.dispose()
        self._logins.clear()
        self.owner.dispose()


@pytest.fixture(scope="module")
def secured(pg_server: ThrowawayPostgres | ExternalPostgres) -> Iterator[SecuredDatabase]:
    """The module's seeded database (drop-in for every test of the module; treat the seed as read-only)."""
    from db.seed import seed_database

    if not pg_server.running:
        pg_server.start()  # type: ignore[union-attr]
    name = unique_db_name("cd_security")
    url = pg_server.create_database(name)
    owner = make_engine(url)
    db = SecuredDatabase(url, owner)
    try:
        upgrade(owner)
        seed_database(owner, SEED_CUSTOMERS, seed=SEED)
        with owner.begin() as conn:
            conn.execute(text("SELECT cd_sync_login(id) FROM app_user")).all()
        yield db
    finally:
        db.close()
        if pg_server.running:
            pg_server.drop_database(name)


def run_refused(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> str:
    """Run one statement in a transaction that is rolled back; return the SQLSTATE it failed with.

    Fails the test when the statement succeeds.
    """
    with engine.connect() as conn:
        try:
            result = conn.execute(text(sql), params or {})
            rows = result.all() if result.returns_rows else result.rowcount
        except DBAPIError as exc:
            conn.rollback()
            state = sqlstate(exc)
            assert state is not None, f"{sql!r} failed without a SQLSTATE: {exc}"
            return state
        conn.rollback()
    raise AssertionError(f"{sql!r} succeeded as {engine.url.username}: {rows!r}")


def run_rolled_back(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run one statement in a transaction that is rolled back; return its rows (or its row count)."""
    with engine.connect() as conn:
        try:
            result = conn.execute(text(sql), params or {})
            return result.all() if result.returns_rows else result.rowcount
        finally:
            conn.rollback()
