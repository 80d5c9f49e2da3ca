"""The change feed never skips a row that commits late and never delivers one twice."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine

from db import feed
from db.engine import make_engine
from db.migrate import upgrade
from gateway.changes import hub


def test_events_arrive_once_in_order(migrated_engine: Engine) -> None:
    reader = feed.FeedReader(migrated_engine, feed.head(migrated_engine))
    for i in range(5):
        with migrated_engine.begin() as conn:
            feed.append(conn, "customer", i, "update", payload={"n": i})
    events = reader.poll()
    assert [e.entity_id for e in events] == ["0", "1", "2", "3", "4"]
    assert events[0].payload == {"n": 0}
    assert events[0].at.tzinfo is not None
    assert reader.poll() == []


def test_rolled_back_rows_are_never_delivered(migrated_engine: Engine) -> None:
    reader = feed.FeedReader(migrated_engine)
    with migrated_engine.connect() as conn, conn.begin() as tx:
        feed.append(conn, "ticket", 1, "update")
        tx.rollback()
    with migrated_engine.begin() as conn:
        feed.append(conn, "ticket", 2, "update")
    assert [e.entity_id for e in reader.poll()] == ["2"]


def test_position_survives_serialisation(migrated_engine: Engine) -> None:
    reader = feed.FeedReader(migrated_engine)
    with migrated_engine.begin() as conn:
        feed.append(conn, "customer", 1, "update")
    assert len(reader.poll()) == 1
    saved = feed.FeedPosition.from_json(reader.position.to_json())
    with migrated_engine.begin() as conn:
        feed.append(conn, "customer", 2, "update")
    resumed = feed.FeedReader(migrated_engine, saved)
    assert [e.entity_id for e in resumed.poll()] == ["2"]


def test_large_backlog_is_read_in_pages(migrated_engine: Engine) -> None:
    reader = feed.FeedReader(migrated_engine, batch=7)
    with migrated_engine.begin() as conn:
        for i in range(50):
            feed.append(conn, "customer", i, "update")
    got: list[str] = []
    for _ in range(20):
        got += [e.entity_id for e in reader.poll()]
    assert got == [str(i) for i in range(50)]


def test_encoded_poll_matches_the_events_it_stands_for(migrated_engine: Engine) -> None:
    """The catch-up path's database-encoded JSON says what the hub's Python encoding says, row for row."""
    start = feed.head(migrated_engine)
    payloads = [{"n": 1, "名": "王晓燕", "t": 1.5}, None, {"nested": {"list": [1, "二"]}, "quote": 'a"b\\c'}]
    with migrated_engine.begin() as conn:
        for i, payload in enumerate(payloads):
            feed.append(conn, "customer", f"C{i}", "update", actor_id=None, payload=payload)
    copy = feed.FeedPosition.from_json(start.to_json())
    expected = [hub.event_json(e) for e in feed.FeedReader(migrated_engine, copy).poll()]
    encoded = feed.FeedReader(migrated_engine, start, batch=2)
    ids, data = encoded.poll_encoded()
    more_ids, more = encoded.poll_encoded()
    assert ids + more_ids == [e[0] for e in expected]
    assert json.loads(data) + json.loads(more) == expected
    assert encoded.poll_encoded() == ([], "[]")


@pytest.mark.postgres
def test_late_commit_with_lower_id_is_not_skipped(pg_database_url: str) -> None:
    engine = make_engine(pg_database_url)
    upgrade(engine)
    reader = feed.FeedReader(engine, feed.head(engine))
    slow = engine.connect()
    slow_tx = slow.begin()
    feed.append(slow, "ticket", "slow", "update")  # takes the lower id, commits last
    with engine.begin() as fast:
        feed.append(fast, "ticket", "fast", "update")
    assert [e.entity_id for e in reader.poll()] == ["fast"]
    assert reader.poll() == []
    slow_tx.commit()
    slow.close()
    late = reader.poll()
    assert [e.entity_id for e in late] == ["slow"]
    assert reader.poll() == []
    engine.dispose()


@pytest.fixture(scope="module")
def pg_feed_engine(pg_server) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = make_engine(pg_server.create_database("feed_interleavings"))
    upgrade(engine)
    yield engine
    engine.dispose()


# An interleaving: each step is (transaction slot, action). Actions: begin+insert, insert, commit, rollback, poll.
STEPS = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["insert", "insert", "commit", "rollback", "poll"])),
    min_size=1,
    max_size=40,
)


@pytest.mark.postgres
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_interleaved_commits_never_lose_an_event(pg_feed_engine: Engine, steps: list[tuple[int, str]]) -> None:
    engine = pg_feed_engine
    reader = feed.FeedReader(engine, feed.head(engine))
    open_tx: dict[int, tuple[Connection, object, list[str]]] = {}
    committed: list[str] = []
    delivered: list[str] = []
    counter = 0
    try:
        for slot, action in steps:
            if action == "poll":
                delivered += [e.entity_id for e in reader.poll()]
            elif action == "insert":
                if slot not in open_tx:
                    conn = engine.connect()
                    open_tx[slot] = (conn, conn.begin(), [])
                conn, _tx, mine = open_tx[slot]
                counter += 1
                key = f"k{counter}"
                feed.append(conn, "probe", key, "insert")
                mine.append(key)
            elif slot in open_tx:
                conn, tx, mine = open_tx.pop(slot)
                if action == "commit":
                    tx.commit()  # type: ignore[attr-defined]
                    committed += mine
                else:
                    tx.rollback()  # type: ignore[attr-defined]
                conn.close()
        for conn, tx, mine in open_tx.values():
            tx.commit()  # type: ignore[attr-defined]
            committed += mine
            conn.close()
        open_tx.clear()
        delivered += [e.entity_id for e in reader.poll()]
        assert sorted(delivered) == sorted(committed)
        assert len(delivered) == len(set(delivered))
    finally:
        for conn, tx, _mine in open_tx.values():
            tx.rollback()  # type: ignore[attr-defined]
            conn.close()
