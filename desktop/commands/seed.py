"""``contactdesk seed``: fill a database with a deterministic demo / benchmark data set."""

from __future__ import annotations

import argparse
import datetime as dt

from services.cli_options import add_database_option, fail, resolve_database

DEFAULT_CUSTOMERS = 20_000
DEFAULT_SEED = 1


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected YYYY-MM-DD") from exc


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "seed",
        help="fill a database with generated customers and their history",
        description=(
            "Generate a deterministic data set: branches, staff, products, queues, and N customers with "
            "phones, addresses, consents, holdings, monthly aggregates, contact history, complaints and "
            "reminders. The same --seed and --customers (and --today) always give the same rows. "
            "The database is migrated first. A database that already holds data is refused unless "
            "--force is given, which wipes the generated tables (and everything referring to them, "
            "such as calls and sessions) in the same transaction as the new load. A database with an "
            "audit trail is never wiped: the audit log is append-only."
        ),
    )
    parser.add_argument(
        "--customers",
        type=_positive,
        default=DEFAULT_CUSTOMERS,
        metavar="N",
        help=f"number of customers (default: {DEFAULT_CUSTOMERS:,})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="random seed (default: 1)")
    add_database_option(parser)
    parser.add_argument("--force", action="store_true", help="wipe the generated tables first, then seed")
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date the history leads up to; maturities and birthdays are relative to it (default: today)",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show the progress bar")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from db.seed import SeedError, seed_database
    from services.demo_accounts import DEMO_PASSWORD, set_demo_passwords
    from services.flows.starters import install_starter_flows
    from services.messaging import install_starter_templates

    url = resolve_database(args)
    try:
        engine = make_engine(url)
    except DatabaseError as exc:
        return fail(str(exc))
    try:
        report = seed_database(
            engine, args.customers, args.seed, progress=not args.no_progress, force=args.force, today=args.today
        )
        users = set_demo_passwords(engine)
        install_starter_templates(engine)
        install_starter_flows(engine)
    except (SeedError, DatabaseError) as exc:
        return fail(str(exc))
    finally:
        engine.dispose()
    print(
        f"{describe(url)}: {report.customers:,} customers (seed {report.seed}, today {report.today}), "
        f"{report.total_rows:,} rows in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)"
    )
    if users:
        print(f"demo users {', '.join(users)} sign in with the password {DEMO_PASSWORD} (change it for real use)")
    return 0
