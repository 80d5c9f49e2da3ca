"""Readable ticket numbers: format, reading aloud, normalising what was heard, uniqueness under concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, insert, select

from db.models import Ticket
from services.tickets import numbers

from .conftest import FixedClock, build_world, cst


def test_format_and_prefix() -> None:
    assert numbers.prefix_for("complaint", cst(2026, 11, 1, 0, 30)) == "TS2611"  # 31 Oct 16:30 UTC
    assert numbers.prefix_for("service", cst(2026, 1, 5)) == "FW2601"
    assert numbers.format_number("TS2611", 42) == "TS2611-0042"
    assert numbers.format_number("TS2611", 12345) == "TS2611-12345"
    assert numbers.sequence_of("TS2611-00042") == 42


@pytest.mark.parametrize(
    "heard", ["TS2611-0042", "ts 2611 0042", "TS26110042", "ts2611-oo42", "T S 2 6 1 1 - 0 0 4 2", "TS2611—0042"]
)
def test_normalize(heard: str) -> None:
    assert numbers.normalize(heard) == "TS2611-0042"


@pytest.mark.parametrize("bad", ["", "TS26", "2611-0042", "TSX611-0042", "TS2611-00A2X"])
def test_normalize_rejects(bad: str) -> None:
    assert numbers.normalize(bad) is None


def test_read_aloud() -> None:
    assert numbers.read_aloud("TS2611-0042") == "T S，二六幺幺，零零四二"
    assert numbers.read_aloud("TS2611-0042", "en") == "Tango Sierra, 2 6 1 1, 0 0 4 2"


def test_sequence_continues_after_numbers_written_by_other_tools(migrated_engine: Engine) -> None:
    with migrated_engine.begin() as conn:
        conn.execute(
            insert(Ticket).values(
                number="TS2603-00017",
                kind="complaint",
                category="fee_dispute",
                severity="normal",
                status="closed",
                intake_channel="call_in",
                summary="seeded",
                received_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            )
        )
        first = numbers.allocate(conn, "complaint", cst(2026, 3, 2))
        second = numbers.allocate(conn, "complaint", cst(2026, 3, 31, 23))
        other_month = numbers.allocate(conn, "complaint", cst(2026, 4, 1))
    assert (first, second, other_month) == ("TS2603-0018", "TS2603-0019", "TS2604-0001")


def test_rolled_back_number_is_handed_out_again(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        with conn.begin() as tx:
            assert numbers.allocate(conn, "complaint", cst(2026, 3, 2)) == "TS2603-0001"
            tx.rollback()
        with conn.begin():
            assert numbers.allocate(conn, "complaint", cst(2026, 3, 2)) == "TS2603-0001"


def test_numbers_are_unique_under_concurrent_creation(migrated_engine: Engine) -> None:
    """Threads create complaints at once (PostgreSQL: row lock on the counter; SQLite: one writer)."""
    world = build_world(migrated_engine, FixedClock(cst(2026, 3, 2, 9, 0)))
    threads, per_thread = 8, 15
    barrier = threading.Barrier(threads)
    made: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                created = world.service.create_complaint(world.agent, world.complaint(send_receipt=False))
                with lock:
                    made.append(created.number)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    expected = {f"TS2603-{i:04d}" for i in range(1, threads * per_thread + 1)}
    assert len(made) == threads * per_thread and set(made) == expected  # unique and gap-free
    with migrated_engine.connect() as conn:
        assert set(conn.execute(select(Ticket.number)).scalars()) == expected
