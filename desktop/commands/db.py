"""``contactdesk db upgrade``: migrate a database to the newest schema."""

from __future__ import annotations

import argparse

from services.cli_options import add_database_option, fail, resolve_database


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
