"""``contactdesk bench NAME``: run a named benchmark and print its figures."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    names = sorted(registry())
    parser = sub.add_parser(
        "bench",
        help="run a benchmark",
        description=(
            "Run a benchmark and print its figures (milliseconds as *_ms). Common options: "
            "--customers N, --json (one JSON object on stdout), --quick (reduced size, under a minute), "
            "--database URL (default: a temporary SQLite file), --seed S. "
            "'contactdesk bench NAME --help' lists a benchmark's own options."
        ),
        usage="%(prog)s NAME [--customers N] [--json] [--quick] [--database URL] [--seed S] [options]",
    )
    parser.add_argument("name", choices=names, metavar="NAME", help="one of: " + ", ".join(names))
    parser.add_argument("options", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def registry() -> dict[str, str]:
    """Every benchmark by name: the desktop's and the gateway's (module paths; each loads when it runs)."""
    from desktop.bench import BENCHMARKS
    from desktop.gateway_link import SERVER_BENCHMARKS

    return {**BENCHMARKS, **SERVER_BENCHMARKS}


def run(args: argparse.Namespace) -> int:
    from services.bench_harness import run_benchmark

    return run_benchmark(args.name, registry(), list(args.options))
