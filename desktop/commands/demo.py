"""``contactdesk demo``: the desktop on a seeded demo database, no set-up needed."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "demo",
        help="run the desktop on demo data",
        description=(
            "Run ContactDesk on the demo database (demo.db in the data folder), seeded on first run, "
            "signed in as the demo agent agent01."
        ),
    )
    parser.add_argument(
        "--screenshot",
        metavar="DIR",
        type=Path,
        help=(
            "render every screen in Chinese and English at 1366x768 and 1280x720 (the main screens also in "
            "Chinese at 1920x1080) to PNG files in DIR (offscreen) and exit"
        ),
    )
    parser.add_argument(
        "--customers",
        metavar="N",
        type=int,
        help="number of demo customers (default: 20000); the demo database is rebuilt if it holds another number",
    )
    parser.add_argument("--reset", action="store_true", help="delete and rebuild the demo database")
    parser.add_argument("--language", choices=("zh_CN", "en"), help="interface language")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.customers is not None and args.customers < 1:
        from services.cli_options import fail

        return fail("--customers must be at least 1")
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import LaunchOptions
    from desktop.app import run as run_desktop
    from desktop.demo_data import DEMO_USER
    from services.config import DEMO_DB_FILE, load_settings

    settings = load_settings()
    options = LaunchOptions(
        database_url=settings.embedded_url(DEMO_DB_FILE),
        embedded=True,
        username=DEMO_USER,
        language=args.language,
        demo_customers=args.customers or settings.demo_customers,
        demo_customers_explicit=args.customers is not None,
        demo_reset=args.reset,
        screenshot_dir=args.screenshot.resolve() if args.screenshot else None,
        probe=os.environ.get("CONTACTDESK_PROBE") or None,
    )
    return run_desktop(options)
