"""``contactdesk user add|passwd|role|disable|enable|unlock|list`` against a migrated database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json

import pytest
from sqlalchemy import Engine, select, update

from db.engine import make_engine
from db.models import AuditLog, User
from db.models.base import utcnow
from desktop import cli
from desktop.commands import user as user_command
from services.audit import verify
from services.auth import AuthService, BadCredentials
from services.config import Settings
from services.passwords import fast_hasher_for_tests
from services.permissions import ROLES


def run(argv: list[str], stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    parser = argparse.ArgumentParser(prog="contactdesk")
    user_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_commands_are_registered() -> None:
    assert "desktop.commands.user" in cli.COMMAND_MODULES
    assert "desktop.commands.audit" in cli.COMMAND_MODULES
    assert set(user_command.ROLE_CHOICES) == set(ROLES)


def test_add_list_passwd_disable(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--database", url_of(migrated_engine)]
    assert (
        run(
            ["user", "add", "Agent07", "--role", "agent", "--name", "王晓燕", "--password-stdin", *db],
            "Kf7#mQ2v!xL9\n",
            monkeypatch,
        )
        == 0
    )
    assert "added user agent07" in capsys.readouterr().out
    assert (
        run(
            ["user", "add", "admin", "--role", "admin", "--name", "管理员", "--password-stdin", *db],
            "Adm1n-Strong-pw\n",
            monkeypatch,
        )
        == 0
    )
    capsys.readouterr()

    assert run(["user", "list", *db]) == 0
    out = capsys.readouterr().out
    assert "agent07" in out and "王晓燕" in out and "agent" in out and "active" in out

    auth = AuthService(migrated_engine, Settings(), hasher=fast_hasher_for_tests())
    assert auth.sign_in("agent07", "Kf7#mQ2v!xL9", "WS").user.role == "agent"

    assert run(["user", "passwd", "agent07", "--password-stdin", *db], "New-Passw0rd-26\n", monkeypatch) == 0
    with pytest.raises(BadCredentials):
        auth.sign_in("agent07", "Kf7#mQ2v!xL9", "WS")
    auth.sign_in("agent07", "New-Passw0rd-26", "WS")

    assert run(["user", "disable", "agent07", *db]) == 0
    assert "sessions ended: 1" in capsys.readouterr().out
    assert run(["user", "list", *db]) == 0
    assert "disabled" in capsys.readouterr().out

    with migrated_engine.connect() as conn:
        rows = conn.execute(select(AuditLog.action, AuditLog.username, AuditLog.detail)).all()
    admin_rows = [(a, json.loads(d or "{}").get("username")) for a, u, d in rows if u.startswith("cli:")]
    assert admin_rows == [
        ("user_add", "agent07"),
        ("user_add", "admin"),
        ("password_set", "agent07"),
        ("user_disable", "agent07"),
    ]
    assert verify(migrated_engine).ok


def test_refusals_exit_1_with_a_message(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--database", url_of(migrated_engine)]
    assert (
        run(
            ["user", "add", "cm01", "--role", "customer_manager", "--name", "张伟", "--password-stdin", *db],
            "password\n",
            monkeypatch,
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "password does not meet the policy" in err and "密码不符合要求" in err
    assert (
        run(
            [
                "user",
                "add",
                "cm01",
                "--role",
                "customer_manager",
                "--name",
                "张伟",
                "--branch",
                "X9",
                "--password-stdin",
                *db,
            ],
            "Kf7#mQ2v!xL9\n",
            monkeypatch,
        )
        == 1
    )
    assert "Unknown branch: X9" in capsys.readouterr().err
    assert run(["user", "passwd", "ghost", "--password-stdin", *db], "Kf7#mQ2v!xL9\n", monkeypatch) == 1
    assert "No user named ghost" in capsys.readouterr().err
    assert run(["user", "disable", "ghost", *db]) == 1


def test_interactive_password_must_match(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["Kf7#mQ2v!xL9", "Kf7#mQ2v!xL8"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(["user", "add", "agent08", "--role", "agent", "--name", "x", "--database", url_of(migrated_engine)]) == 1
    assert "do not match" in capsys.readouterr().err


def test_unknown_role_is_a_usage_error(sqlite_url: str) -> None:
    with pytest.raises(SystemExit) as usage:
        run(["user", "add", "x1", "--role", "boss", "--name", "x", "--database", sqlite_url])
    assert usage.value.code == 2


def test_empty_database_is_explained(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["user", "list", "--database", sqlite_url]) == 1
    assert "db upgrade" in capsys.readouterr().err
    make_engine(sqlite_url).dispose()


def test_role_enable_unlock(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--database", url_of(migrated_engine)]
    assert (
        run(
            ["user", "add", "lobby07", "--role", "lobby_manager", "--name", "x", "--password-stdin", *db],
            "Kf7#mQ2v!xL9\n",
            monkeypatch,
        )
        == 0
    )
    assert run(["user", "role", "Lobby07", "supervisor", *db]) == 0
    assert "role of lobby07: lobby_manager -> supervisor" in capsys.readouterr().out
    assert run(["user", "disable", "lobby07", *db]) == 0
    assert run(["user", "enable", "lobby07", *db]) == 0
    assert "enabled lobby07" in capsys.readouterr().out
    with migrated_engine.begin() as conn:
        conn.execute(
            update(User)
            .where(User.username == "lobby07")
            .values(failed_logins=5, locked_until=utcnow() + dt.timedelta(hours=1))
        )
    assert run(["user", "list", *db]) == 0
    assert "locked until" in capsys.readouterr().out
    assert run(["user", "unlock", "lobby07", *db]) == 0
    assert "unlocked lobby07" in capsys.readouterr().out
    assert run(["user", "list", *db]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("lobby07"))
    assert "supervisor" in line and "active" in line and "locked" not in line

    auth = AuthService(migrated_engine, Settings(), hasher=fast_hasher_for_tests())
    assert auth.sign_in("lobby07", "Kf7#mQ2v!xL9", "WS").user.role == "supervisor"
    with migrated_engine.connect() as conn:
        rows = conn.execute(select(AuditLog.action, AuditLog.detail).where(AuditLog.username.startswith("cli:"))).all()
    assert [a for a, _ in rows] == ["user_add", "user_role", "user_disable", "user_enable", "user_unlock"]
    assert json.loads(rows[1][1]) == {"username": "lobby07", "role": "supervisor", "was": "lobby_manager"}
    assert verify(migrated_engine).ok

    assert run(["user", "unlock", "ghost", *db]) == 1
    assert "No user named ghost" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run(["user", "role", "lobby07", "boss", *db])
    assert usage.value.code == 2
