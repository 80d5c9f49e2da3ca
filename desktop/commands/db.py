"""``contactdesk db upgrade`` and ``contactdesk db login gateway|sync``: schema and PostgreSQL logins."""

from __future__ import annotations

import argparse
import getpass
import os

from services.cli_options import add_database_option, fail, resolve_database

PASSWORD_ENV = "CONTACTDESK_NEW_DB_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    dbsub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser(
        "upgrade",
        help="migrate a database to the newest schema",
        description="Run every pending schema migration (Alembic). An SQLite file is copied to a backup first.",
    )
    add_database_option(up)
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=run_upgrade)

    login = dbsub.add_parser(
        "login",
        help="PostgreSQL logins (the database owner)",
        description="Logins of the shared PostgreSQL database, run with the owner's (migrating) credentials.",
    )
    lsub = login.add_subparsers(dest="login_command", metavar="ACTION", required=True)
    gateway = lsub.add_parser(
        "gateway",
        help="create or update a gateway's login",
        description="Create a login in the contactdesk_gateway group, or give an existing gateway login a new "
        f"password. The password is asked twice, or read from {PASSWORD_ENV} (for scripts); it must meet the "
        "password policy and is never shown or logged: the server receives only its SCRAM-SHA-256 verifier.",
    )
    gateway.add_argument("name", help="the login's name: lower-case letters, digits and '_' (not starting with cd_)")
    add_database_option(gateway)
    gateway.set_defaults(func=run_login_gateway)
    sync = lsub.add_parser(
        "sync",
        help="give every user their own login again",
        description="Re-create the group roles and privileges and bring every user's own login in line with "
        "their row (exists, in their role's group, may log in only while active), e.g. after restoring a backup "
        "on a new server.",
    )
    add_database_option(sync)
    sync.set_defaults(func=run_login_sync)

    bouncer = dbsub.add_parser(
        "pgbouncer-setup",
        help="print (or apply) the SQL PgBouncer's auth_query needs",
        description="Print the idempotent SQL that lets PgBouncer look up each login's SCRAM verifier "
        "(auth_query; docs/pgbouncer.md), or run it with --apply as a superuser, once per database.",
    )
    bouncer.add_argument("--apply", action="store_true", help="run it on --database (a superuser's URL)")
    add_database_option(bouncer)
    bouncer.set_defaults(func=run_pgbouncer_setup)


def run_upgrade(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from db.migrate import current_revision, upgrade

    url = resolve_database(args)
    try:
        engine = make_engine(url)
        before = current_revision(engine)
        backup = upgrade(engine, revision=args.revision, backup=True)
        after = current_revision(engine)
    except DatabaseError as exc:
        return fail(str(exc))
    print(f"{describe(url)}: {before or 'empty'} -> {after}")
    if backup:
        print(f"backup: {backup}")
    return 0


def _new_password() -> str | None:
    """The new login password: from the environment (scripts) or asked twice; None when the two differ."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    first = getpass.getpass("新的数据库密码 / New database password: ")
    second = getpass.getpass("再次输入 / Repeat: ")
    return first if first == second else None


def run_login_gateway(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from services.auth_errors import BilingualError
    from services.user_admin import set_gateway_login

    password = _new_password()
    if password is None:
        return fail("两次输入的密码不一致 / The passwords do not match")
    url = resolve_database(args)
    try:
        engine = make_engine(url)
        try:
            created = set_gateway_login(engine, args.name, password)
        finally:
            engine.dispose()
    except (BilingualError, DatabaseError) as exc:
        return fail(str(exc).strip("'\""))
    print(f"{describe(url)}: gateway login {args.name} {'created' if created else 'given a new password'}")
    return 0


def run_login_sync(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from services.auth_errors import BilingualError
    from services.user_admin import sync_logins

    url = resolve_database(args)
    try:
        engine = make_engine(url)
        try:
            logins = sync_logins(engine)
        finally:
            engine.dispose()
    except (BilingualError, DatabaseError) as exc:
        return fail(str(exc).strip("'\""))
    print(f"{describe(url)}: {len(logins)} user login{'s' if len(logins) != 1 else ''} in line with their users")
    for state in logins:
        print(f"  {state.username} -> {state.login} ({state.role}, {'may log in' if state.can_log_in else 'disabled'})")
    return 0


def run_pgbouncer_setup(args: argparse.Namespace) -> int:
    from db import pgbouncer_auth
    from db.engine import DatabaseError, describe, is_sqlite, make_engine

    if not args.apply:
        print(pgbouncer_auth.setup_sql(), end="")
        return 0
    url = resolve_database(args)
    if is_sqlite(url):
        return fail("PgBouncer stands in front of PostgreSQL; this database is SQLite")
    try:
        engine = make_engine(url)
        try:
            pgbouncer_auth.apply(engine)
        finally:
            engine.dispose()
    except DatabaseError as exc:
        return fail(str(exc))
    except Exception as exc:  # a driver error: most often not a superuser
        return fail(f"{type(exc).__name__}: {exc}")
    print(f"{describe(url)}: PgBouncer's lookup ({pgbouncer_auth.AUTH_USER}, pgbouncer_auth.user_lookup) in place")
    return 0
