"""``contactdesk bench audit``: the cost of one audit append, and how fast the chain verifies.

``contactdesk bench audit --json [--quick] [--database URL] [--rows N] [--samples N]``

Figures:

* ``audit_write_p95_ms`` (and ``_p50_``, ``_p99_``): one append in a transaction of its own, as done
  when a customer is opened — begin, chain lock and head, insert, commit — on the connection the
  desktop's database worker holds, over at least 1,000 samples, on a table that already holds the
  bulk rows.  ``audit_write_with_checkout_p95_ms``: the same with a pool checkout (and pre-ping) each.
* ``audit_verify_rows_per_s``: ``verify_chain`` over the whole table.

The table is first filled with ``--rows`` rows (default 10,000,000; ``--quick`` 200,000) that form
a valid chain: hashes computed here, rows sent with COPY (PostgreSQL) or executemany (SQLite).
``--database URL`` runs on that database; it must be migrated-able and its audit trail empty or
made by this benchmark, so a real audit trail is never padded with benchmark rows.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_ROWS = 10_000_000
QUICK_ROWS = 200_000
WRITE_SAMPLES = 2_000
CHUNK = 100_000
BENCH_USER = "bench"
BENCH_WORKSTATION = "BENCH-WS-01"
DETAIL = '{"source":"bench"}'
STEP_US = 250_000  # one row every 250 ms
DESCRIPTION = "audit trail: p95 cost of one append, verify rows per second (default 10,000,000 rows)"


def _log(message: str) -> None:
    print(f"bench audit: {message}", file=sys.stderr, flush=True)


def configure(parser: argparse.ArgumentParser) -> None:
    """Extra options of this benchmark (for the bench harness)."""
    parser.add_argument("--rows", type=int, help=f"audit rows to create (default {DEFAULT_ROWS:,})")
    parser.add_argument("--samples", type=int, help=f"timed appends (default {WRITE_SAMPLES:,})")


def chain_rows(
    first_id: int, prev_hash: str, count: int, start_us: int, *, postgres: bool
) -> Iterator[tuple[Any, ...]]:
    """``count`` valid chain rows continuing after ``prev_hash``: (id, at, user_id, username, ...).

    The payload is built by :func:`services.audit.row_payload`, as for real rows.
    """
    from services.audit import row_payload

    sha = hashlib.sha256
    zone = "+00" if postgres else ""
    second, second_text = -1, ""
    for offset in range(count):
        row_id = first_id + offset
        at_s, at_micros = divmod(start_us + offset * STEP_US, 1_000_000)
        if at_s != second:
            second, second_text = at_s, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(at_s))
        stamp = f"{second_text}.{at_micros:06d}"
        entity_id = str(row_id % 50_000 + 1)
        payload = row_payload(
            prev_hash,
            row_id,
            stamp,
            None,
            BENCH_USER,
            BENCH_WORKSTATION,
            "customer_view",
            "customer",
            entity_id,
            DETAIL,
        )
        digest = sha(payload.encode("utf-8")).hexdigest()
        yield (
            row_id,
            stamp + zone,
            None,
            BENCH_USER,
            BENCH_WORKSTATION,
            "customer_view",
            "customer",
            entity_id,
            DETAIL,
            prev_hash,
            digest,
        )
        prev_hash = digest


COLUMNS = "id, at, user_id, username, workstation, action, entity, entity_id, detail, prev_hash, row_hash"


def _head(engine: Any) -> tuple[int, str, str | None]:
    from sqlalchemy import text

    from services.audit import GENESIS_HASH

    with engine.connect() as conn:
        head = conn.execute(text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
        first = conn.execute(text("SELECT username FROM audit_log ORDER BY id LIMIT 1")).scalar()
    return (int(head[0]), str(head[1]), first) if head else (0, GENESIS_HASH, None)


def bulk_fill(engine: Any, count: int) -> int:
    """Append ``count`` benchmark rows to the chain; returns the number of rows now in it."""
    last_id, prev_hash, first_user = _head(engine)
    if first_user not in (None, BENCH_USER):
        from services.bench_harness import BenchError

        raise BenchError("this database holds a real audit trail; give an empty (or earlier benchmark) database")
    postgres = engine.dialect.name == "postgresql"
    start_us = int(time.time() * 1_000_000) - count * STEP_US
    rows = chain_rows(last_id + 1, prev_hash, count, start_us, postgres=postgres)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if postgres:
            with raw.cursor() as cursor, cursor.copy(f"COPY audit_log ({COLUMNS}) FROM STDIN") as copy:
                lines: list[str] = []
                for row_id, at, _, user, ws, action, entity, entity_id, detail, prev, digest in rows:
                    lines.append(
                        f"{row_id}\t{at}\t\\N\t{user}\t{ws}\t{action}\t{entity}\t{entity_id}\t{detail}\t{prev}\t{digest}"
                    )
                    if len(lines) >= CHUNK:
                        copy.write("\n".join(lines) + "\n")
                        lines = []
                if lines:
                    copy.write("\n".join(lines) + "\n")
            raw.commit()
        else:
            cursor = raw.cursor()
            sql = f"INSERT INTO audit_log ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= CHUNK:
                    cursor.executemany(sql, batch)
                    raw.commit()
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
            raw.commit()
            cursor.close()
    if postgres:  # set hint bits and the visibility map, as on a table whose rows are not brand new
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) audit_log")
    return last_id + count


def time_appends(engine: Any, samples: int, *, held: bool = True) -> list[float]:
    """Milliseconds of each of ``samples`` appends, each in its own transaction.

    ``held``: on one connection kept open, as a desktop's database worker holds it (the default);
    otherwise each append checks a connection out of the pool (with its pre-ping) first.
    """
    from services.audit import AuditTrail

    audit = AuditTrail(workstation=BENCH_WORKSTATION)
    timings = []
    with engine.connect() as conn:
        bind = conn if held else engine
        for i in range(20):  # warm the pool and the statement caches
            audit.append(bind, BENCH_USER, "customer_view", "customer", i + 1)
        for i in range(samples):
            started = time.perf_counter()
            audit.append(bind, BENCH_USER, "customer_view", "customer", i % 50_000 + 1, {"source": "bench"})
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark: ``args.quick``, ``args.database``; optional ``args.rows``, ``args.samples``."""
    from db.engine import DatabaseError, make_engine
    from db.migrate import upgrade
    from services.audit_verify import verify_chain
    from services.bench_harness import BenchError, percentile

    quick = bool(getattr(args, "quick", False))
    rows = int(getattr(args, "rows", None) or (QUICK_ROWS if quick else DEFAULT_ROWS))
    samples = max(1_000, int(getattr(args, "samples", None) or WRITE_SAMPLES))
    with tempfile.TemporaryDirectory(prefix="cd-bench-audit-") as workdir:
        url = getattr(args, "database", None) or f"sqlite:///{(Path(workdir) / 'audit.db').as_posix()}"
        try:
            engine = make_engine(url)
            upgrade(engine)
        except DatabaseError as exc:
            raise BenchError(str(exc)) from exc
        try:
            _log(f"writing {rows:,} chained rows ({engine.dialect.name})")
            started = time.perf_counter()
            total = bulk_fill(engine, rows)
            fill_seconds = time.perf_counter() - started
            _log(f"timing {samples:,} appends on a table of {total:,} rows")
            timings = time_appends(engine, samples)
            checkout = time_appends(engine, samples, held=False)
            _log("verifying the chain")
            report = verify_chain(engine)
        finally:
            engine.dispose()
    if not report.ok:
        raise BenchError(f"chain broken at row {report.first_broken_id}: {report.reason}")
    return {
        "backend": engine.dialect.name,
        "audit_rows": report.rows,
        "audit_fill_rows_per_s": round(rows / fill_seconds),
        "audit_write_p50_ms": round(percentile(timings, 50), 3),
        "audit_write_p95_ms": round(percentile(timings, 95), 3),
        "audit_write_p99_ms": round(percentile(timings, 99), 3),
        "audit_write_with_checkout_p95_ms": round(percentile(checkout, 95), 3),
        "audit_verify_rows_per_s": round(report.rows_per_second),
        "audit_verify_seconds": round(report.seconds, 2),
    }
