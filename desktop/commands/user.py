"""``contactdesk user add|passwd|role|disable|enable|unlock|list``: sign-in users, for administrators."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from services.cli_options import add_database_option, fail, resolve_database

# The same codes as services.permissions.ROLES (kept literal so --help stays instant).
ROLE_CHOICES = ("agent", "lobby_manager", "customer_manager", "supervisor", "admin")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "user",
        help="manage sign-in users (administrators)",
        description="Add users, set passwords and roles, disable, enable and unlock users, and list them. "
        "Every change is audited; on PostgreSQL each user's own database login follows at once.",
    )
    usub = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    add = usub.add_parser(
        "add",
        help="create a user",
        description="Create a user; the password is asked twice (or read from standard input with "
        "--password-stdin) and must meet the password policy.",
    )
    add.add_argument("username", help="2–64 characters: lower-case letters, digits, '.', '_', '-'")
    add.add_argument("--role", required=True, choices=ROLE_CHOICES, help="the user's role")
    add.add_argument("--name", required=True, help="display name, e.g. 王晓燕")
    add.add_argument("--branch", metavar="CODE", help="branch code (lobby and customer managers)")
    add.add_argument("--team", metavar="NAME", help="team name")
    _password_options(add)
    add.set_defaults(func=run_add)

    passwd = usub.add_parser(
        "passwd", help="set a user's password", description="Set a new password; also clears a lock-out."
    )
    passwd.add_argument("username")
    _password_options(passwd)
    passwd.set_defaults(func=run_passwd)

    role = usub.add_parser(
        "role",
        help="give a user another role",
        description="Change a user's role; on PostgreSQL their database login moves to the new role's group.",
    )
    role.add_argument("username")
    role.add_argument("role", choices=ROLE_CHOICES, help="the new role")
    add_database_option(role)
    role.set_defaults(func=run_role)

    disable = usub.add_parser(
        "disable",
        help="disable a user",
        description="Disable a user, end their open sessions and stream tokens; on PostgreSQL their database "
        "login can no longer log in and its open connections end.",
    )
    disable.add_argument("username")
    add_database_option(disable)
    disable.set_defaults(func=run_disable)

    enable = usub.add_parser("enable", help="enable a disabled user", description="Enable a disabled user again.")
    enable.add_argument("username")
    add_database_option(enable)
    enable.set_defaults(func=run_enable)

    unlock = usub.add_parser(
        "unlock",
        help="clear a sign-in lock-out",
        description="Clear a user's failed sign-in attempts and lock-out without changing the password.",
    )
    unlock.add_argument("username")
    add_database_option(unlock)
    unlock.set_defaults(func=run_unlock)

    listing = usub.add_parser("list", help="list users", description="List every user with role and state.")
    add_database_option(listing)
    listing.set_defaults(func=run_list)


def _password_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of standard input"
    )
    add_database_option(parser)


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码 / New password: ")
    second = getpass.getpass("再次输入 / Repeat: ")
    return first if first == second else None


@contextmanager
def _service(args: argparse.Namespace) -> Iterator[Any]:
    """An AuthService on the database the command names; the engine is disposed afterwards."""
    from db.engine import make_engine
    from db.migrate import current_revision
    from services.auth import AuthService
    from services.config import load_settings

    engine = make_engine(resolve_database(args))
    try:
        if current_revision(engine) is None:
            raise LookupError(
                "数据库为空，请先运行 contactdesk db upgrade / The database is empty: run contactdesk db upgrade first"
            )
        yield AuthService(engine, load_settings())
    finally:
        engine.dispose()


def _guarded(action: Any, args: argparse.Namespace) -> int:
    """Run ``action``; a refusal (policy, unknown user, bad database) becomes a message and exit 1."""
    from db.engine import DatabaseError
    from services.auth_errors import BilingualError

    try:
        return int(action(args) or 0)
    except (BilingualError, DatabaseError, LookupError) as exc:
        return fail(str(exc).strip("'\""))


def run_add(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        password = _read_password(args)
        if password is None:
            return fail("两次输入的密码不一致 / The passwords do not match")
        with _service(args) as service:
            user_id = service.add_user(
                args.username,
                password,
                role=args.role,
                display_name=args.name,
                branch_code=args.branch,
                team_name=args.team,
            )
        print(f"added user {args.username.strip().lower()} (id {user_id}, role {args.role})")
        return 0

    return _guarded(act, args)


def run_passwd(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        password = _read_password(args)
        if password is None:
            return fail("两次输入的密码不一致 / The passwords do not match")
        with _service(args) as service:
            service.set_password(args.username, password)
        print(f"password set for {args.username.strip().lower()}")
        return 0

    return _guarded(act, args)


def run_disable(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        with _service(args) as service:
            ended = service.disable_user(args.username)
        print(f"disabled {args.username.strip().lower()}; sessions ended: {ended}")
        return 0

    return _guarded(act, args)


def run_role(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        with _service(args) as service:
            was = service.set_role(args.username, args.role)
        print(f"role of {args.username.strip().lower()}: {was} -> {args.role}")
        return 0

    return _guarded(act, args)


def run_enable(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        with _service(args) as service:
            service.enable_user(args.username)
        print(f"enabled {args.username.strip().lower()}")
        return 0

    return _guarded(act, args)


def run_unlock(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        with _service(args) as service:
            service.unlock_user(args.username)
        print(f"unlocked {args.username.strip().lower()}")
        return 0

    return _guarded(act, args)


def run_list(args: argparse.Namespace) -> int:
    def act(args: argparse.Namespace) -> int:
        from db.models.base import utcnow

        now = utcnow()
        with _service(args) as service:
            users = service.list_users()
        header = ("username", "name", "role", "branch", "team", "state", "last sign-in (UTC)")
        lines = [header]
        for u in users:
            state = "disabled" if not u.is_active else "active"
            if u.locked_until and u.locked_until > now:
                state = f"locked until {u.locked_until:%Y-%m-%d %H:%M}"
            elif not u.has_password:
                state += ", no password"
            last = f"{u.last_sign_in:%Y-%m-%d %H:%M}" if u.last_sign_in else "-"
            lines.append((u.username, u.display_name, u.role, u.branch_code or "-", u.team_name or "-", state, last))
        widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(line, widths, strict=True)).rstrip())
        return 0

    return _guarded(act, args)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
