"""What every benchmark shares: options, the database it runs on, timing, and the output.

A benchmark is a module named in a registry (:data:`desktop.bench.BENCHMARKS`, :data:`gateway.bench.BENCHMARKS`)
that provides

* ``run(args: argparse.Namespace) -> dict[str, Any]`` — the named figures.  ``args`` carries the common
  options (``quick``, ``json``, ``database``, ``customers``, ``seed``) and the module's own;
  milliseconds are named ``*_ms``.  Progress and diagnostics go to stderr: with ``--json`` stdout
  must hold exactly the one JSON object the harness prints.
* optionally ``configure(parser: argparse.ArgumentParser) -> None`` — extra options;
* optionally ``DESCRIPTION`` — one line for ``--help`` (else the module docstring's first line).

Helpers for benchmarks: :func:`seeded_database` (a temp SQLite file, or ``--database`` reused when it
already holds enough customers or seeded when it is empty), :func:`time_calls` and :func:`percentile`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any


class BenchError(RuntimeError):
    """A benchmark cannot run as asked (message for the user)."""


def load(name: str, registry: Mapping[str, str]) -> ModuleType:
    """The benchmark module ``registry`` names for ``name`` (a registry maps names to module paths)."""
    try:
        return importlib.import_module(registry[name])
    except KeyError:
        raise BenchError(f"unknown benchmark {name!r}; choose from {', '.join(sorted(registry))}") from None
    except ModuleNotFoundError as exc:
        raise BenchError(f"benchmark {name!r} is not available: {exc}") from exc


def parser_for(name: str, module: ModuleType) -> argparse.ArgumentParser:
    """The options of one benchmark: the common ones plus the module's own."""
    doc = getattr(module, "DESCRIPTION", None) or (module.__doc__ or name).strip().splitlines()[0]
    parser = argparse.ArgumentParser(prog=f"contactdesk bench {name}", description=doc)
    add_common_options(parser)
    configure = getattr(module, "configure", None)
    if configure is not None:
        configure(parser)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--customers", type=int, metavar="N", help="data set size (default: the benchmark's own)")
    parser.add_argument("--json", action="store_true", help="print one JSON object of named figures")
    parser.add_argument("--quick", action="store_true", help="reduced size, well under a minute (CI)")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="run on this database (reused if it holds enough customers, seeded if empty); "
        "default: a temporary SQLite file",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="seed for data and inputs (default: 1)")


def run_benchmark(name: str, registry: Mapping[str, str], argv: list[str]) -> int:
    """Parse the benchmark's options, run it, print its figures; returns the exit status."""
    try:
        module = load(name, registry)
    except BenchError as exc:
        print(f"contactdesk: {exc}", file=sys.stderr)
        return 2
    args = parser_for(name, module).parse_args(argv)
    args.name = name
    try:
        figures = module.run(args)
    except BenchError as exc:
        print(f"contactdesk bench {name}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(render(name, figures))
    return 0


def render(name: str, figures: dict[str, Any]) -> str:
    """A plain table; multi-line values (query plans) follow it."""
    lines = [f"benchmark: {name}"]
    width = max((len(k) for k in figures), default=0)
    trailing = []
    for key, value in figures.items():
        if isinstance(value, str) and "\n" in value:
            trailing.append((key, value))
            continue
        if isinstance(value, float):
            text = f"{value:,.3f}" if abs(value) < 1000 else f"{value:,.1f}"
        elif isinstance(value, int) and not isinstance(value, bool):
            text = f"{value:,}"
        elif value is None:
            text = "—"
        else:
            text = str(value)
        lines.append(f"  {key:<{width}}  {text:>12}" if not isinstance(value, str) else f"  {key:<{width}}  {text}")
    for key, value in trailing:
        lines.append(f"{key}:")
        lines.extend(f"    {line}" for line in value.splitlines())
    return "\n".join(lines)


@dataclass
class Prepared:
    """The database a benchmark runs on."""

    engine: Any
    url: str
    backend: str
    customers: int  # customers in the database
    seed_seconds: float | None  # None when an existing data set was reused


@contextmanager
def seeded_database(args: argparse.Namespace, customers: int, *, progress: bool | None = None) -> Iterator[Prepared]:
    """A database holding at least ``customers`` customers.

    Without ``args.database``: a new temporary SQLite file, seeded, deleted afterwards.  With it: reused
    when it already holds at least ``customers`` customers (``seed_seconds`` is then None); seeded when it
    holds none; refused when it holds fewer.
    """
    from sqlalchemy import inspect, text

    from db.engine import DatabaseError, make_engine
    from db.seed import SeedError, seed_database
    from services.demo_accounts import set_demo_passwords

    show = sys.stderr.isatty() if progress is None else progress
    workdir: Path | None = None
    url = getattr(args, "database", None)
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="cd-bench-"))
        url = f"sqlite:///{(workdir / 'bench.db').as_posix()}"
    try:
        engine = make_engine(url)
    except DatabaseError as exc:
        raise BenchError(str(exc)) from exc
    try:
        with engine.connect() as conn:
            count = (
                int(conn.execute(text("SELECT COUNT(*) FROM customer")).scalar_one())
                if inspect(conn).has_table("customer")
                else 0
            )
        seconds: float | None = None
        if count < customers:
            if count:
                raise BenchError(
                    f"the database holds {count:,} customers, fewer than the {customers:,} asked for; "
                    "give an empty database (it will be seeded) or --customers up to its size"
                )
            started = time.perf_counter()
            try:
                seed_database(engine, customers, getattr(args, "seed", 1), progress=show)
                set_demo_passwords(engine)  # the desktop benchmarks sign in as the demo users
            except (SeedError, DatabaseError) as exc:
                raise BenchError(str(exc)) from exc
            seconds = time.perf_counter() - started
            count = customers
        yield Prepared(engine, str(url), engine.dialect.name, count, seconds)
    finally:
        engine.dispose()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def time_calls(fn: Callable[[Any], object], inputs: Iterable[Any], warmup: Iterable[Any] = ()) -> list[float]:
    """Milliseconds of ``fn(x)`` for each input, after untimed warm-up calls."""
    for item in warmup:
        fn(item)
    out = []
    clock = time.perf_counter_ns
    for item in inputs:
        started = clock()
        fn(item)
        out.append((clock() - started) / 1e6)
    return out


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank: a value that was actually measured)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def caller_numbers(engine: Any, limit: int = 2000) -> list[str]:
    """Stored customer numbers, so that incoming webhooks do real caller identification."""
    from sqlalchemy import select

    from db.models import CustomerPhone

    with engine.connect() as conn:
        return list(conn.execute(select(CustomerPhone.e164).limit(limit)).scalars())


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until a gateway started as ``proc`` answers ``/healthz`` with 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gateway exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gateway did not become healthy")
