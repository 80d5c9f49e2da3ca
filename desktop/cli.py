"""The ``contactdesk`` console script: one sub-command per module in ``desktop.commands``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# (module, ...) in the order ``--help`` lists them.  Each module defines ``register(subparsers)``
# and imports its heavy dependencies only when it runs, so ``--help`` stays instant.
COMMAND_MODULES = (
    "desktop.commands.demo",
    "desktop.commands.app",
    "desktop.commands.seed",
    "desktop.commands.db",
    "desktop.commands.user",
    "desktop.commands.audit",
    "desktop.commands.secret",
    "desktop.commands.bench",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="contactdesk",
        description="ContactDesk — CRM and contact-center desktop for retail banking.",
    )
    from desktop import __version__

    parser.add_argument("--version", action="version", version=f"ContactDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from desktop.gateway_link import SERVER_COMMANDS

    modules = [importlib.import_module(name) for name in COMMAND_MODULES]
    for module in [*modules[:2], *SERVER_COMMANDS, *modules[2:]]:  # demo, app, gateway, simulate, …
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
