"""``seed_database``: checks, migration, the generate-while-writing pipeline, the report."""

from __future__ import annotations

import datetime as dt
import logging
import queue
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, inspect, text

from .columns import Batch
from .generate import CHUNK_SIZE, SEEDED_TABLES, generate

log = logging.getLogger(__name__)
# Never wiped: reference rows others may own, and the append-only audit trail (refused by trigger).
KEPT_TABLES = ("role", "business_calendar_day", "alembic_version", "audit_log")
APPEND_ONLY = ("audit_log",)
QUEUE_DEPTH = 2


class SeedError(RuntimeError):
    """The database cannot be seeded as asked (e.g. it already holds data); nothing was written."""


@dataclass
class SeedReport:
    """What a seed run wrote, and how long it took."""

    customers: int
    seed: int
    today: dt.date
    backend: str
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Plan:
    """Which tables a run writes, empties and may TRUNCATE, given the database's actual schema."""

    columns: dict[str, set[str]]  # present table -> its columns
    loaded: list[str]  # seeded tables present in the database, in write order
    wipe: list[str]  # emptied first: the seeded tables and every table referring to them
    truncate: list[str]  # the part of ``wipe`` that TRUNCATE may empty (nothing outside refers to it)
    detach: list[tuple[str, str]]  # (table, column): references among the DELETEd rest, nulled first


def plan_tables(engine: Engine) -> Plan:
    from db.models import Base

    with engine.connect() as conn:
        insp = inspect(conn)
        columns = {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}
    tables = [t for t in Base.metadata.sorted_tables if t.name in columns]
    referrers: dict[str, set[str]] = {t.name: set() for t in tables}
    for table in tables:
        for fk in table.foreign_keys:
            if fk.column.table.name in referrers:
                referrers[fk.column.table.name].add(table.name)
    wipe = {t for t in SEEDED_TABLES if t in columns and t not in KEPT_TABLES}
    changed = True
    while changed:
        changed = False
        for table in tables:
            if (
                table.name not in wipe
                and table.name not in KEPT_TABLES
                and any(fk.column.table.name in wipe for fk in table.foreign_keys)
            ):
                wipe.add(table.name)
                changed = True
    truncate = set(wipe)
    changed = True
    while changed:
        changed = False
        for name in list(truncate):
            if referrers.get(name, set()) - truncate:
                truncate.discard(name)
                changed = True
    order = [t.name for t in tables]
    deleted = wipe - truncate
    detach = sorted(
        {
            (t.name, fk.parent.name)
            for t in tables
            if t.name in deleted
            for fk in t.foreign_keys
            if fk.column.table.name in deleted and fk.parent.nullable
        }
    )
    return Plan(
        columns=columns,
        loaded=[t for t in SEEDED_TABLES if t in columns],
        wipe=sorted(wipe, key=order.index),
        truncate=sorted(truncate, key=order.index),
        detach=detach,
    )


def wipe_tables(engine: Engine) -> list[str]:
    """The tables a forced seed empties (the seeded ones and every table referring to them)."""
    return plan_tables(engine).wipe


def _count_customers(engine: Engine) -> int | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("customer"):
            return None
        return int(conn.execute(text("SELECT COUNT(*) FROM customer")).scalar_one())


def _nonempty(engine: Engine, tables: list[str] | tuple[str, ...]) -> list[str]:
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return [
            t for t in tables if t in present and conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{t}")')).scalar()
        ]


def _refuse_customers(count: int) -> SeedError:
    return SeedError(
        f"数据库中已有 {count} 位客户，未做任何修改；如需清空后重新生成，请使用 --force。"
        f" / The database already holds {count} customers; nothing was changed. Use --force to wipe and re-seed."
    )


def seed_database(
    engine: Engine,
    customers: int,
    seed: int,
    progress: bool = False,
    *,
    force: bool = False,
    today: dt.date | None = None,
    migrate: bool = True,
    chunk_size: int = CHUNK_SIZE,
    replica_role: bool | None = None,
) -> SeedReport:
    """Fill a database with a deterministic data set of ``customers`` customers and their history.

    Args:
        engine: target database (SQLite or PostgreSQL), made by ``make_engine``.
        customers: number of customers.
        seed: random seed; the same seed, size and ``today`` give identical rows.
        progress: show a progress bar on stderr.
        force: wipe the seeded tables (and the tables referring to them) first, in the same transaction.
        today: the date the history leads up to (maturities and birthdays are relative to it);
            defaults to the real current date.
        migrate: bring the schema to the newest revision first.
        chunk_size: customers per generated chunk (part of the data set's identity: keep the default).
        replica_role: PostgreSQL only; see :class:`PostgresWriter`.

    Raises:
        SeedError: the database already holds data and ``force`` is not set; nothing was written.
    """
    if customers < 0:
        raise ValueError("customers must not be negative")
    today = today or dt.date.today()
    started = time.perf_counter()
    existing = _count_customers(engine)
    if existing and not force:
        raise _refuse_customers(existing)
    if migrate:
        from db.migrate import upgrade

        upgrade(engine)
    plan = plan_tables(engine)
    busy = _nonempty(engine, plan.wipe)
    if busy and not force:
        if "customer" in busy:
            raise _refuse_customers(_count_customers(engine) or 0)
        raise SeedError(
            f"数据库不是空的（{', '.join(busy[:5])} 等表中已有数据），未做任何修改；"
            "如需清空后重新生成，请使用 --force。"
            f" / The database is not empty (rows in {', '.join(busy[:5])}); nothing was changed. "
            "Use --force to wipe and re-seed."
        )
    kept = _nonempty(engine, APPEND_ONLY)
    if kept and busy:
        raise SeedError(
            f"数据库已有审计日志（{', '.join(kept)}，只能追加），不能清空重建；未做任何修改。"
            "请为演示或测试使用新的数据库。"
            f" / The database has an audit trail ({', '.join(kept)} is append-only), so it cannot be wiped and "
            "re-seeded; nothing was changed. Seed a new database instead."
        )
    backend = engine.dialect.name
    writer: Any
    if backend == "sqlite":
        from .writer_sqlite import SqliteWriter

        writer = SqliteWriter(engine)
    elif backend == "postgresql":
        from .writer_postgres import PostgresWriter

        writer = PostgresWriter(engine, replica_role=replica_role)
    else:  # pragma: no cover - make_engine refuses other backends
        raise SeedError(f"unsupported database backend: {backend}")

    bar = _progress(customers, progress, backend)
    rows: Counter[str] = Counter()
    writer.open(plan, fresh=not busy)
    try:
        # SQLite gives up the GIL around every row it steps, so a generating thread would stall it
        # (convoy effect): it generates and writes in turn.  COPY hands over megabytes at a time.
        steps = _pipeline if backend == "postgresql" else _sequential
        stream = steps(writer, plan, seed, customers, today, chunk_size)
        try:
            for step, payloads in stream:
                for table, count, payload in payloads:
                    writer.write(payload)
                    rows[table] += count
                bar.update(step)
        finally:
            stream.close()  # stops the generating thread if the load failed
        writer.finish(on_phase=lambda phase: bar.set_postfix_str(phase, refresh=True))
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    seconds = time.perf_counter() - started
    report = SeedReport(customers, seed, today, backend, seconds, dict(rows))
    log.info("seeded %d customers, %d rows in %.1f s", customers, report.total_rows, seconds)
    return report


def _progress(total: int, enabled: bool, backend: str) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total, unit=" customers", unit_scale=True, file=sys.stderr, disable=not enabled, desc=f"seed ({backend})"
    )


_DONE = object()


def _fit(batches: list[Batch], plan: Plan) -> list[Batch]:
    """Keep the tables and columns the database has (the schema may be older or newer than the generator)."""
    out = []
    for b in batches:
        present = plan.columns.get(b.table)
        if present is None:
            continue
        if not present.issuperset(b.columns):
            b = Batch(b.table, {k: v for k, v in b.columns.items() if k in present}, b.size, b.if_missing)
        out.append(b)
    return out


def _sequential(writer: Any, plan: Plan, seed: int, customers: int, today: dt.date, chunk_size: int) -> Any:
    for step, batches in generate(seed, customers, today, chunk_size):
        yield step, [(b.table, b.size, writer.prepare(b)) for b in _fit(batches, plan)]


def _pipeline(writer: Any, plan: Plan, seed: int, customers: int, today: dt.date, chunk_size: int) -> Any:
    """Generate and format on a worker thread while the caller's thread writes (COPY/executemany)."""
    items: queue.Queue[Any] = queue.Queue(maxsize=QUEUE_DEPTH)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for step, batches in generate(seed, customers, today, chunk_size):
                payloads = [(b.table, b.size, writer.prepare(b)) for b in _fit(batches, plan)]
                del batches
                if not put((step, payloads)):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the writing thread
            put(exc)

    worker = threading.Thread(target=produce, name="seed-generator", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()
