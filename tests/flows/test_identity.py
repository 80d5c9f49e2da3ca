"""Identity checks: compared in Python on SQLite and for the owner, in the database (``cd_identity_check``)
for a desktop's own PostgreSQL login, which cannot read the raw ID number — both must agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import DBAPIError

from db.models import Customer, Interaction, Reminder
from services.dblogin import is_staff_login
from services.flows.identity import CHECKS, normalise, verify
from tests.flows import runner_rig
from tests.flows.runner_rig import World


@pytest.fixture(scope="module")
def sqlite_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from runner_rig.world("sqlite", request, tmp_path_factory)


@pytest.fixture(scope="module")
def pg_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from runner_rig.world("postgres", request, tmp_path_factory)


def _answers(world: World, customer_id: int) -> list[tuple[str, str, bool | None]]:
    """(check, answer, expected outcome) — right, wrong and odd answers for every check."""
    facts = world.facts(customer_id)
    tail, born = facts["id_tail4"], facts["birth_date"]
    total = Decimal(facts["txn_out"] or facts["txn_in"])
    beyond = max(Decimal(facts["txn_out"] or 0), Decimal(facts["txn_in"] or 0)) * 2 + 10  # far from both totals
    day = dt.date.fromisoformat(born)
    return [
        ("id_tail4", tail, True),
        ("id_tail4", tail.lower(), True),
        ("id_tail4", "0000" if tail != "0000" else "1111", False),
        ("id_tail4", tail + "1", False),
        ("birth_date", born, True),
        ("birth_date", f"{day.year}年{day.month}月{day.day}日", True),
        ("birth_date", born.replace("-", ""), True),
        ("birth_date", (day + dt.timedelta(days=1)).isoformat(), False),
        ("birth_date", "1980-02-30", False),
        ("recent_transaction", str(total), True),
        ("recent_transaction", str((total * Decimal("1.08")).quantize(Decimal("0.01"))), True),
        ("recent_transaction", f"{total:,}元", True),
        ("recent_transaction", str(beyond.quantize(Decimal("0.01"))), False),
        ("recent_transaction", "-5", False),
        ("recent_transaction", "lots", False),
    ]


def test_answers_are_normalised_the_same_way_for_both_comparisons() -> None:
    assert normalise("id_tail4", " 123x ") == "123X" and normalise("id_tail4", "12345") is None
    assert normalise("id_tail4", "１２３４") is None  # full-width digits are no answer of four ASCII characters
    assert normalise("birth_date", "1980/3/5") == "1980-03-05" == normalise("birth_date", dt.date(1980, 3, 5))
    assert normalise("birth_date", "5 March 1980") is None
    assert normalise("recent_transaction", "￥12,345.6") == "12345.60" and normalise("recent_transaction", "-1") is None
    assert normalise("recent_transaction", "1e400") is None
    with pytest.raises(ValueError):
        normalise("mothers_maiden_name", "x")
    assert CHECKS == ("id_tail4", "birth_date", "recent_transaction")


def test_python_comparison_on_sqlite(sqlite_world: World) -> None:
    cid = sqlite_world.customer()
    with sqlite_world.engine.connect() as conn:
        for check, answer, expected in _answers(sqlite_world, cid):
            assert verify(conn, cid, check, answer) is expected, (check, answer)
        assert verify(conn, cid, "birth_date", None) is False
        no_birthday = conn.execute(select(Customer.id).where(Customer.birth_date.is_(None)).limit(1)).scalar()
        if no_birthday is None:  # the seed always has some; make one so the case is really tested
            no_birthday = conn.execute(select(Customer.id).order_by(Customer.id.desc()).limit(1)).scalar_one()
            conn.execute(text("UPDATE customer SET birth_date = NULL WHERE id = :c"), {"c": no_birthday})
            conn.commit()
        assert verify(conn, int(no_birthday), "birth_date", "1980-01-01") is None
        idle = conn.execute(
            text(
                "SELECT id FROM customer WHERE id NOT IN "
                "(SELECT customer_id FROM monthly_aggregate WHERE txn_count > 0) LIMIT 1"
            )
        ).scalar_one()
        assert verify(conn, int(idle), "recent_transaction", "100") is None
        with pytest.raises(ValueError):
            verify(conn, cid, "favourite_colour", "blue")


@pytest.mark.postgres
def test_a_desktop_login_compares_in_the_database_and_agrees_with_python(pg_world: World) -> None:
    desk = pg_world.login("agent01")
    with desk.connect() as conn:
        assert is_staff_login(conn)
        with pytest.raises(DBAPIError) as denied:
            conn.execute(text("SELECT id_number FROM customer LIMIT 1")).all()
        assert getattr(denied.value.orig, "sqlstate", None) == "42501"
    for offset in range(3):
        cid = pg_world.customer(offset=offset)
        with pg_world.engine.connect() as owner, desk.connect() as conn:
            assert not is_staff_login(owner)
            for check, answer, expected in _answers(pg_world, cid):
                assert verify(owner, cid, check, answer) is expected, ("owner", check, answer)
                assert verify(conn, cid, check, answer) is expected, ("login", check, answer)


@pytest.mark.postgres
def test_the_database_function_refuses_what_the_login_may_not_do(pg_world: World) -> None:
    lobby = pg_world.principal("lobby01")
    with pg_world.engine.connect() as owner:
        other = owner.execute(
            text("SELECT id FROM customer WHERE branch_id <> :b ORDER BY id LIMIT 1"), {"b": lobby.branch_id}
        ).scalar_one()
        mine = owner.execute(
            text("SELECT id FROM customer WHERE branch_id = :b AND birth_date IS NOT NULL ORDER BY id LIMIT 1"),
            {"b": lobby.branch_id},
        ).scalar_one()
    call = text("SELECT cd_identity_check(:c, :k, :a)")

    def state(engine: Engine, params: dict[str, object]) -> str | None:
        with engine.connect() as conn:
            try:
                conn.execute(call, params).all()
            except DBAPIError as exc:
                return getattr(exc.orig, "sqlstate", None)
        return None

    lobby_desk = pg_world.login("lobby01")
    assert state(lobby_desk, {"c": other, "k": "id_tail4", "a": "1234"}) == "42501"  # not a customer they see
    assert state(lobby_desk, {"c": mine, "k": "id_tail4", "a": "1234"}) is None
    assert state(lobby_desk, {"c": mine, "k": "shoe_size", "a": "42"}) == "22023"
    assert state(pg_world.login("admin"), {"c": mine, "k": "id_tail4", "a": "1234"}) == "42501"  # no flow.run
    with lobby_desk.connect() as conn:
        assert conn.execute(call, {"c": mine, "k": "birth_date", "a": "not a date"}).scalar() is False


@pytest.mark.postgres
def test_a_whole_run_from_a_desktop_login(pg_world: World) -> None:
    """The run, its identity check, its action and its timeline row, all through the agent's own login."""
    pg_world.publish(
        {
            "schema": "contactdesk.flow/1",
            "code": "i_login",
            "name": "登录运行",
            "start": "verify",
            "steps": [
                {
                    "id": "verify",
                    "kind": "identity_check",
                    "checks": ["id_tail4", "birth_date"],
                    "required": 2,
                    "next": "memo",
                    "fail": "no",
                },
                {
                    "id": "memo",
                    "kind": "action",
                    "action": {
                        "type": "create_reminder",
                        "kind": "memo",
                        "title": "备忘 {{ customer.name }}",
                        "due_in_days": 1,
                    },
                    "next": "yes",
                },
                {"id": "yes", "kind": "end", "outcome": "other"},
                {"id": "no", "kind": "end", "outcome": "other"},
            ],
        }
    )
    desk = pg_world.login("agent01")
    agent = pg_world.principal("agent01")
    runner = pg_world.runner(desk)
    cid = pg_world.customer(offset=4)
    facts = pg_world.facts(cid)
    view = runner.start(agent, "i_login", cid)
    view = runner.answer(agent, view.run_id, {"id_tail4": facts["id_tail4"], "birth_date": facts["birth_date"]})
    assert view.step_id == "memo", view.path
    done = runner.confirm(agent, view.run_id)
    assert done.status == "finished", done.error
    with desk.connect() as conn:
        summary = conn.execute(select(Interaction.summary).where(Interaction.id == done.interaction_id)).scalar_one()
        title = conn.execute(
            select(Reminder.title).where(Reminder.customer_id == cid, Reminder.kind == "memo")
        ).scalar_one()
    assert "身份核验：2/2 通过" in summary and facts["id_tail4"] not in summary
    assert title.startswith("备忘 ")
    # the login may not write a timeline row for a customer outside its scope either (RLS): proven on insert
    lobby_desk = pg_world.login("lobby01")
    lobby = pg_world.principal("lobby01")
    with pg_world.engine.connect() as owner:
        other = owner.execute(
            text("SELECT id FROM customer WHERE branch_id <> :b ORDER BY id LIMIT 1"), {"b": lobby.branch_id}
        ).scalar_one()
    with lobby_desk.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(
            insert(Interaction).values(
                customer_id=other, channel="visit", direction="in", occurred_at=dt.datetime.now(dt.UTC), subject="x"
            )
        )
