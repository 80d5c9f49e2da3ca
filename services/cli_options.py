"""Options and messages shared by the console script's sub-commands (desktop and gateway alike)."""

from __future__ import annotations

import argparse
import sys


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """``--database URL`` with the documented default chain."""
    parser.add_argument(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL (default: CONTACTDESK_DATABASE_URL, then the embedded SQLite file in the data folder)",
    )


def resolve_database(args: argparse.Namespace) -> str:
    """The database URL a command should use."""
    if getattr(args, "database", None):
        return str(args.database)
    from services.config import load_settings

    return load_settings().effective_database_url()


def fail(message: str, code: int = 1) -> int:
    """Print a message for the user on stderr and return an exit status."""
    print(f"contactdesk: {message}", file=sys.stderr)
    return code
