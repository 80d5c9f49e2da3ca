"""``contactdesk app``: the desktop application."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "app",
        help="run the desktop application",
        description=(
            "Run the ContactDesk desktop. The database is CONTACTDESK_DATABASE_URL, or the embedded SQLite "
            "file in the data folder (migrated on start, after a backup copy)."
        ),
    )
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="username to fill in on the sign-in dialog (the password is always asked for)",
    )
    parser.add_argument(
        "--language", choices=("zh_CN", "en"), help="interface language (default: the saved choice, zh_CN)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.app import LaunchOptions
    from desktop.app import run as run_desktop
    from services.config import load_settings

    settings = load_settings()
    shared = os.environ.get("CONTACTDESK_DATABASE_URL")
    options = LaunchOptions(
        database_url=settings.effective_database_url(),
        embedded=not shared,
        username=args.user,
        language=args.language,
        probe=os.environ.get("CONTACTDESK_PROBE") or None,
    )
    return run_desktop(options)
