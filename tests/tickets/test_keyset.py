"""Deep pages of the ticket lists: keyset pages on both databases, and index plans on PostgreSQL.

The plan test loads the benchmark's generated tickets (a small number of them) into a throwaway PostgreSQL,
captures the SQL the services really send for the at-risk board and for "everything I can see" in deadline
order (first page and a deep page), and checks with EXPLAIN that ``ticket`` is never scanned whole and that
the deadline order comes from ``ix_ticket_clock_due_order`` (no sort of the whole list).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text

from db.engine import make_engine
from db.migrate import upgrade
from db.models import Team, TicketClock, User
from desktop.bench import tickets as bench
from services.permissions import Principal
from services.tickets import TicketConfig, TicketService
from services.tickets.listing import SORT_KEYS, Cursor

from .conftest import World, cst


def _walk(world: World, principal: Principal, criteria: dict[str, Any], order: str, descending: bool) -> list[int]:
    """Every id of the list, two at a time through the cursor."""
    seen: list[int] = []
    page = world.service.list_page(principal, criteria, order=order, descending=descending, limit=2)
    while True:
        seen += [r.id for r in page.rows]
        if not page.has_more:
            return seen
        assert page.cursor is not None and page.cursor.id == page.rows[-1].id
        page = world.service.list_page(
            principal, criteria, order=order, descending=descending, limit=2, after=page.cursor
        )


def test_keyset_pages_give_the_whole_list_once_in_every_order(world: World) -> None:
    made = []
    for i, (day, customer, assignee) in enumerate(
        (
            (20, world.customer, world.handler),
            (25, world.customer2, None),
            (22, world.customer2, world.handler2),
            (22, world.customer, None),  # same deadline as the one before: the id breaks the tie
            (23, world.customer, world.handler),
            (24, None, None),  # no customer: after the named ones in the customer order
        )
    ):
        world.clock.set(cst(2026, 2, day, 10, i))
        complaint = world.complaint(send_receipt=False, team_id=world.team, customer_id=customer, assignee_id=assignee)
        made.append(world.service.create_complaint(world.agent, complaint).id)
    # One decided ticket: its clock is stopped (no open deadline), so it sorts after the others by deadline.
    done = made[4]
    version = world.service.ticket_view(world.boss, done).detail.version
    version = world.service.transition(world.boss, done, version, "acknowledged")
    world.service.resolve(world.boss, done, version, decision="已退还年费。", outcome="upheld")
    world.clock.set(cst(2026, 3, 2, 9))
    everything = {"include_closed": True}
    for order in SORT_KEYS:
        for descending in (False, True):
            whole = world.service.list_page(world.boss, everything, order=order, descending=descending, limit=50)
            assert not whole.has_more
            expected = [r.id for r in whole.rows]
            assert sorted(expected) == sorted(made), (order, descending)
            assert _walk(world, world.boss, everything, order, descending) == expected, (order, descending)
    by_deadline = [r.id for r in world.service.list_page(world.boss, everything, limit=50).rows]
    assert by_deadline[-1] == done  # a stopped clock comes last
    assert by_deadline[:5] == [made[0], made[2], made[3], made[5], made[1]]
    # Rows without a value come last in either direction (here: tickets nobody is assigned to).
    for descending in (False, True):
        rows = world.service.list_page(world.boss, everything, order="assignee", descending=descending).rows
        assert [r.assignee_id is None for r in rows] == [False] * 3 + [True] * 3


def test_a_page_after_a_cursor_ignores_the_offset(world: World) -> None:
    for day in (20, 21, 22):
        world.clock.set(cst(2026, 2, day, 10))
        world.service.create_complaint(world.agent, world.complaint(send_receipt=False, team_id=world.team))
    world.clock.set(cst(2026, 3, 2, 9))
    first = world.service.list_page(world.boss, {}, limit=1)
    second = world.service.list_page(world.boss, {}, limit=1, after=first.cursor, offset=99)
    assert second.rows and second.rows[0].id != first.rows[0].id and second.offset == 0


# -- plans on PostgreSQL ----------------------------------------------------------------------------------


@contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements (with their parameters) sent to ``engine`` inside the block."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def plan_of(engine: Engine, statement: str, parameters: Any) -> dict[str, Any]:
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        found = cursor.fetchone()[0]
        cursor.close()
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]  # type: ignore[no-any-return]


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def seq_scanned(plan: dict[str, Any]) -> set[str]:
    return {n.get("Relation Name", "") for n in nodes(plan) if n["Node Type"] == "Seq Scan"}


def sorted_whole(plan: dict[str, Any]) -> bool:
    """A full Sort node (an Incremental Sort on an index order is fine; so is a sort of a handful of rows)."""
    return any(n["Node Type"] == "Sort" and n.get("Plan Rows", 0) > 1000 for n in nodes(plan))


@pytest.mark.postgres
def test_at_risk_and_deadline_lists_are_index_scans_on_postgres(pg_database_url: str) -> None:
    engine = make_engine(pg_database_url, pool_size=2)
    try:
        upgrade(engine)
        org = bench._setup_org(engine)
        bench._bulk_load(engine, 40_000, org)  # about 1,200 open tickets among 40,000, then ANALYZE
        service = TicketService.open(engine, config=TicketConfig())
        with engine.connect() as conn:
            boss, boss_team = conn.execute(select(User.id, User.team_id).where(User.username == "bench_sup")).one()
            agent = conn.execute(select(User.id).where(User.username == "bench_0_0")).scalar_one()
            teams = list(conn.execute(select(Team.id).where(Team.supervisor_id == boss)).scalars())
        supervisor = Principal(boss, "bench_sup", "supervisor", team_id=boss_team)
        handler = Principal(agent, "bench_0_0", "agent", team_id=teams[0])

        checks: list[tuple[str, str, Any]] = []
        with captured(engine) as seen:
            service.at_risk(limit=100)
        checks += [("at-risk board", *seen[-1])]
        with captured(engine) as seen:
            service.at_risk(team_id=teams[1], limit=100)
        checks += [("team at-risk board", *seen[-1])]
        cases = (
            ("supervisor", supervisor, {}),
            ("supervisor, closed too", supervisor, {"include_closed": True}),
            ("agent, closed too", handler, {"include_closed": True}),
        )
        for who, principal, criteria in cases:
            with captured(engine) as seen:
                first = service.list_page(principal, criteria, limit=100)
            checks += [(f"{who}: by deadline", *seen[0])]
            assert first.has_more and len(first.rows) == 100
            page = first
            for _ in range(4):  # walk a few pages down: the query of a deep page is the same shape
                assert page.cursor is not None
                page = service.list_page(principal, criteria, limit=100, after=page.cursor)
            assert page.cursor is not None
            with captured(engine) as seen:
                deep = service.list_page(principal, criteria, limit=100, after=page.cursor)
            assert deep.rows and deep.rows[0].id not in {r.id for r in first.rows}
            checks += [(f"{who}: deep page by deadline", *seen[-1])]
        with captured(engine) as seen:
            service.list_page(supervisor, {"view": "at_risk"}, limit=100)
        checks += [("supervisor: at-risk view", *seen[0])]
        # Half way down the closed tickets (no deadline: ordered by id): both tables are entered at the cursor.
        with engine.connect() as conn:
            middle = conn.execute(select(func.max(TicketClock.ticket_id))).scalar_one() // 2
        with captured(engine) as seen:
            closed = service.list_page(supervisor, {"include_closed": True}, limit=100, after=Cursor(None, middle))
        assert closed.rows and all(r.id > middle for r in closed.rows)
        statement, parameters = seen[-1]
        plan = plan_of(engine, statement, parameters)
        unbounded = [
            n
            for n in nodes(plan)
            if n["Node Type"] in ("Index Scan", "Index Only Scan")
            and n.get("Relation Name") in ("ticket", "ticket_clock")
            and "Index Cond" not in n
        ]
        assert not unbounded, plan
        checks += [("supervisor: deep page of closed tickets", statement, parameters)]

        for name, statement, parameters in checks:
            plan = plan_of(engine, statement, parameters)
            assert "ticket" not in seq_scanned(plan), (name, plan)
            assert "ticket_clock" not in seq_scanned(plan), (name, plan)
            assert not sorted_whole(plan), (name, plan)
            indexes = {n.get("Index Name") for n in nodes(plan)}
            assert indexes & {"ix_ticket_clock_due_order", "ix_ticket_clock_team_open_due", "pk_ticket"}, (name, plan)
        with engine.connect() as conn:  # the query plans above were for the real data
            assert conn.execute(text("SELECT count(*) FROM ticket")).scalar_one() >= 40_000
    finally:
        engine.dispose()
