"""User administration and PostgreSQL logins: every change to a user reaches their login at once.

An administrator's desktop (its own login) goes through the database's cd_user_* functions; the owner's
command line writes the rows and runs cd_sync_login.  Checked in the catalogue (``pg_roles``,
``pg_auth_members``) and by really connecting.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.pg_security import GROUP_ROLES
from desktop.commands import db as db_command
from desktop.commands import user as user_command
from services import stream_tokens
from services.audit import AuditTrail, database_user_id, verify
from services.audit_actors import check_actors
from services.auth import AuthService
from services.config import Settings
from services.passwords import fast_hasher_for_tests
from services.permissions import PermissionDenied

pytestmark = pytest.mark.postgres

PASSWORD = "Kf7#mQ2v!xL9"


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch | None = None, stdin: str | None = None) -> int:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    parser = argparse.ArgumentParser(prog="contactdesk")
    sub = parser.add_subparsers(dest="command", required=True)
    user_command.register(sub)
    db_command.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


def login_state(owner: Engine, username: str) -> tuple[str, bool, set[str]]:
    """(login, may it log in, the ContactDesk groups it is a member of)."""
    with owner.connect() as conn:
        login = conn.execute(text("SELECT db_login FROM app_user WHERE username = :u"), {"u": username}).scalar_one()
        can = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :l"), {"l": login}).scalar_one()
        groups = set(
            conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :l"
                ),
                {"l": login},
            ).scalars()
        )
    return str(login), bool(can), groups


def conninfo(url: str, user: str, password: str) -> str:
    u = make_url(url)
    return f"host={u.host} port={u.port} dbname={u.database} user={user} password={password}"


def connect_as(secured: Any, login: str, password: str) -> psycopg.Connection[Any]:
    return psycopg.connect(conninfo(secured.url, login, password), autocommit=True)


def user_row(owner: Engine, username: str) -> Any:
    with owner.connect() as conn:
        return conn.execute(text("SELECT * FROM app_user WHERE username = :u"), {"u": username}).one()


@pytest.fixture
def admin_desk(secured: Any) -> Iterator[tuple[AuthService, Any]]:
    """The user service on the administrator's own login, and the administrator's principal."""
    engine = secured.login_engine("admin")
    assert database_user_id(engine) == secured.user_id("admin")
    service = AuthService(engine, Settings(), hasher=fast_hasher_for_tests(), audit=AuditTrail(workstation="ADM"))
    yield service, dataclasses.replace(secured.principal("admin"), workstation="ADMIN-PC")


def test_an_administrators_desktop_changes_users_and_their_logins(
    secured: Any, admin_desk: tuple[AuthService, Any]
) -> None:
    service, admin = admin_desk
    owner = secured.owner
    name = unique("c1new")
    first_row = int(verify(owner).head_id or 0) + 1

    user_id = service.add_user(name, PASSWORD, role="agent", display_name="新同事", branch_code=None, actor=admin)
    login, can, groups = login_state(owner, name)
    assert (login, can, groups) == (f"cd_{name}", True, {GROUP_ROLES["agent"]})
    password = secured.set_password(login)
    with connect_as(secured, login, password) as conn:
        assert conn.execute("SELECT cd_uid(), cd_role()").fetchone() == (user_id, "agent")

        assert service.set_role(name, "supervisor", actor=admin) == "agent"
        assert login_state(owner, name)[2] == {GROUP_ROLES["supervisor"]}
        assert conn.execute("SELECT cd_role()").fetchone() == ("supervisor",)

        with owner.begin() as c:
            c.execute(
                text("UPDATE app_user SET failed_logins = 5, locked_until = now() + interval '1 hour' WHERE id = :i"),
                {"i": user_id},
            )
        service.unlock_user(name, actor=admin)
        row = user_row(owner, name)
        assert (row.failed_logins, row.locked_until) == (0, None)

        old_hash = row.password_hash
        service.set_password(name, "New-pass-2026#", actor=admin)
        new_hash = user_row(owner, name).password_hash
        assert new_hash != old_hash and new_hash.startswith("$argon2")

        users = {u.username: u for u in service.list_users(actor=admin)}  # no password hash read
        assert users[name].has_password and users[name].role == "supervisor"

        assert service.disable_user(name, actor=admin) == 0
        # Its open connection ended, and it cannot log in again.
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
    assert login_state(owner, name)[1] is False
    # (cd_sync_login also drops its password: either refusal keeps it out)
    with pytest.raises(psycopg.OperationalError, match=r"password authentication failed|not permitted to log in"):
        connect_as(secured, login, password)

    service.enable_user(name, actor=admin)
    assert login_state(owner, name)[1] is True
    with connect_as(secured, login, secured.set_password(login)) as conn:
        assert conn.execute("SELECT cd_uid()").fetchone() == (user_id,)

    with owner.connect() as c:
        rows = c.execute(
            text("SELECT action, username, user_id, detail FROM audit_log WHERE id >= :i ORDER BY id"),
            {"i": first_row},
        ).all()
    assert [r.action for r in rows] == [
        "user_add",
        "user_role",
        "user_unlock",
        "password_set",
        "user_disable",
        "user_enable",
    ]
    assert {(r.username, r.user_id) for r in rows} == {("admin", admin.user_id)}
    assert '"was": "agent"' in rows[1].detail
    assert verify(owner).ok
    assert not [v for v in check_actors(owner).violations if v.id >= first_row]


def test_only_administrators_may_call_the_user_functions(secured: Any) -> None:
    agent = secured.login_engine("agent01")
    target = secured.user_id("cm01")
    head = verify(secured.owner).head_id
    calls = {
        "cd_user_set_role(CAST(:t AS bigint), 'admin', 'X')": {"t": target},
        "cd_user_set_active(CAST(:t AS bigint), false, 'X')": {"t": target},
        "cd_user_unlock(CAST(:t AS bigint), 'X')": {"t": target},
        "cd_user_set_password(CAST(:t AS bigint), '$argon2id$v=19$forged', 'X')": {"t": target},
        "cd_user_create('c1evil', 'x', 'admin', NULL, NULL, NULL, NULL, 'X')": {},
        "cd_sync_login(CAST(:t AS bigint))": {"t": target},
    }
    for call, params in calls.items():
        with pytest.raises(DBAPIError) as refused, agent.begin() as conn:
            conn.execute(text(f"SELECT {call}"), params)
        assert refused.value.orig.sqlstate == "42501", call  # type: ignore[union-attr]
    with pytest.raises(DBAPIError) as refused, agent.begin() as conn:
        conn.execute(text("UPDATE app_user SET role_code = 'admin' WHERE id = :t"), {"t": target})
    assert refused.value.orig.sqlstate == "42501"  # type: ignore[union-attr]
    # Nothing changed, nothing was written.
    row = user_row(secured.owner, "cm01")
    assert (row.role_code, row.is_active) == ("customer_manager", True)
    assert login_state(secured.owner, "cm01")[2] == {GROUP_ROLES["customer_manager"]}
    assert verify(secured.owner).head_id == head

    # Through the service the refusal comes first, audited, as the agent.
    service = AuthService(agent, Settings(), hasher=fast_hasher_for_tests())
    with pytest.raises(PermissionDenied):
        service.set_role("cm01", "admin", actor=secured.principal("agent01"))
    with secured.owner.connect() as conn:
        last = conn.execute(text("SELECT action, username FROM audit_log ORDER BY id DESC LIMIT 1")).one()
    assert tuple(last) == ("permission_denied", "agent01")


def test_the_owners_command_line_keeps_logins_in_step(
    secured: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--database", secured.url]
    name = unique("c1cli")
    assert (
        run(
            ["user", "add", name, "--role", "lobby_manager", "--name", "x", "--password-stdin", *db],
            monkeypatch,
            f"{PASSWORD}\n",
        )
        == 0
    )
    assert login_state(secured.owner, name) == (f"cd_{name}", True, {GROUP_ROLES["lobby_manager"]})
    assert run(["user", "role", name, "customer_manager", *db]) == 0
    assert f"role of {name}: lobby_manager -> customer_manager" in capsys.readouterr().out
    assert login_state(secured.owner, name)[2] == {GROUP_ROLES["customer_manager"]}
    assert run(["user", "disable", name, *db]) == 0
    assert login_state(secured.owner, name)[1] is False
    assert run(["user", "enable", name, *db]) == 0
    assert login_state(secured.owner, name)[1] is True
    with secured.owner.begin() as conn:
        conn.execute(
            text("UPDATE app_user SET failed_logins = 3, locked_until = now() WHERE username = :u"), {"u": name}
        )
    assert run(["user", "unlock", name, *db]) == 0
    assert user_row(secured.owner, name).failed_logins == 0
    assert run(["user", "role", "ghost-c1", "agent", *db]) == 1
    assert "No user named ghost-c1" in capsys.readouterr().err


def test_db_login_gateway(secured: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--database", secured.url]
    name = unique("gw_c1_")
    first, second = "Gw-pass-2026#one", "Gw-pass-2026#two"
    monkeypatch.setenv(db_command.PASSWORD_ENV, first)
    try:
        assert run(["db", "login", "gateway", name, *db]) == 0
        out, err = capsys.readouterr()
        assert f"gateway login {name} created" in out and first not in out + err
        with secured.owner.connect() as conn:
            stored = conn.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}).scalar()
        assert stored.startswith("SCRAM-SHA-256$") and first not in stored
        assert login_state_of_role(secured.owner, name) == {"contactdesk_gateway"}

        gateway = secured.engine_for(name, first)
        try:
            # A gateway is no member of staff: it writes the stream tokens itself and names its audit actor.
            assert database_user_id(gateway) is None
            token = stream_tokens.issue(gateway, secured.user_id("agent01"), workstation="GW")
            assert stream_tokens.check(gateway, token) == secured.user_id("agent01")
            row_id = AuditTrail(workstation="GW").append(gateway, "gateway", "sign_in", "user", None, None)
            with gateway.connect() as conn:
                assert (
                    conn.execute(text("SELECT username FROM audit_log WHERE id = :i"), {"i": row_id}).scalar()
                    == "gateway"
                )
        finally:
            gateway.dispose()

        monkeypatch.setenv(db_command.PASSWORD_ENV, second)
        assert run(["db", "login", "gateway", name, *db]) == 0
        assert "given a new password" in capsys.readouterr().out
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(conninfo(secured.url, name, first)).close()
        psycopg.connect(conninfo(secured.url, name, second)).close()

        # Refused: a member of staff's login, a group role, a superuser, a weak password.
        for taken in ("cd_agent01", "contactdesk_admin", "postgres"):
            assert run(["db", "login", "gateway", taken, *db]) == 1
            assert "gateway login" in capsys.readouterr().err
        monkeypatch.setenv(db_command.PASSWORD_ENV, "short")
        assert run(["db", "login", "gateway", name, *db]) == 1
        assert "password does not meet the policy" in capsys.readouterr().err
        # Asked twice at the prompt when the environment gives none.
        monkeypatch.delenv(db_command.PASSWORD_ENV)
        answers = iter([second, second + "x"])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        assert run(["db", "login", "gateway", name, *db]) == 1
        assert "do not match" in capsys.readouterr().err
    finally:
        with secured.owner.begin() as conn:
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")


def login_state_of_role(owner: Engine, role: str) -> set[str]:
    with owner.connect() as conn:
        return set(
            conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :l"
                ),
                {"l": role},
            ).scalars()
        )


def test_db_login_sync(secured: Any, capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    owner = secured.owner
    fresh, wrong, gone = unique("c1fresh"), unique("c1wrong"), unique("c1gone")
    with owner.begin() as conn:
        for username, role, active in ((fresh, "agent", True), (wrong, "agent", True), (gone, "agent", False)):
            conn.execute(
                text(
                    "INSERT INTO app_user (username, display_name, role_code, skills, locale, is_active, "
                    "failed_logins, created_at, updated_at, version) "
                    "VALUES (:u, 'x', :r, '[]', 'zh_CN', :a, 0, now(), now(), 1)"
                ),
                {"u": username, "r": role, "a": active},
            )
        # As after restoring a backup elsewhere: logins missing, in the wrong group, or open for a disabled user.
        conn.execute(text("SELECT cd_sync_login(id) FROM app_user WHERE username = :u"), {"u": wrong})
        conn.exec_driver_sql(f"GRANT contactdesk_admin TO cd_{wrong}")
        conn.exec_driver_sql(f"CREATE ROLE cd_{gone} LOGIN")
    assert login_state_of_role(owner, f"cd_{wrong}") == {"contactdesk_agent", "contactdesk_admin"}

    assert run(["db", "login", "sync", "--database", secured.url]) == 0
    out = capsys.readouterr().out
    assert f"{fresh} -> cd_{fresh} (agent, may log in)" in out and f"{gone} -> cd_{gone} (agent, disabled)" in out
    assert login_state(owner, fresh) == (f"cd_{fresh}", True, {"contactdesk_agent"})
    assert login_state(owner, wrong) == (f"cd_{wrong}", True, {"contactdesk_agent"})
    assert login_state(owner, gone) == (f"cd_{gone}", False, {"contactdesk_agent"})
    assert login_state(owner, "admin")[2] == {"contactdesk_admin"}

    assert run(["db", "login", "sync", "--database", sqlite_url]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
