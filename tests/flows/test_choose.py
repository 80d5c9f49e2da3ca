"""Choosing a flow: defaults per queue and per IVR choice, and rules on the customer, in priority order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, select, update

from db.models import Call, CallQueue, Customer, Holding
from db.models.base import utcnow
from db.write import write_txn
from services.flows import choose
from services.flows.errors import FlowFormatError, FlowNotFound
from tests.flows import runner_rig
from tests.flows.runner_rig import World, say_chain

VIP_MATURING = {
    "all": [
        {"var": "customer.vip_level", "op": "ge", "value": 3},
        {"var": "customer.maturing_deposits", "op": "gt", "value": 0},
    ]
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = runner_rig.world(request.param, request, tmp_path_factory)
    world = next(built)
    for code in ("c_general", "c_cards", "c_complaint", "c_renewal", "c_vip"):
        world.publish(say_chain(code, 1))
    world.publish(say_chain("c_draft", 1), status="draft")
    with write_txn(world.engine) as conn:
        choose.add_rule(conn, "c_renewal", priority=10, condition=VIP_MATURING, note="VIP + 存款到期 → 续存")
        choose.add_rule(conn, "c_vip", priority=20, queue="vip")
        choose.add_rule(conn, "c_draft", priority=30, queue="credit_card")  # never published: passed over
        choose.add_rule(conn, "c_cards", priority=50, queue="credit_card")
        choose.add_rule(conn, "c_complaint", priority=60, ivr_choice="9")
        choose.add_rule(conn, "c_general", priority=100, queue="general")
    yield world
    for _ in built:  # closes the world
        pass


def test_defaults_per_queue_and_per_ivr_choice(world: World) -> None:
    with world.engine.connect() as conn:
        plain = {"vip_level": 0, "maturing_deposits": 0}
        assert choose.suggest(conn, queue="general", ivr_choice="1", customer=plain) == "c_general"
        assert choose.suggest(conn, queue="credit_card", ivr_choice=None, customer=plain) == "c_cards"
        assert choose.suggest(conn, queue="general", ivr_choice="9", customer=plain) == "c_complaint"
        assert choose.suggest(conn, queue="vip", ivr_choice="9", customer=plain) == "c_vip"
        assert choose.suggest(conn, queue="mortgage", ivr_choice=None, customer=None) is None


def test_rules_on_the_customer_come_first(world: World) -> None:
    with world.engine.connect() as conn:
        renewal = {"vip_level": 4, "maturing_deposits": 1, "tier": "private"}
        assert choose.suggest(conn, queue="general", ivr_choice=None, customer=renewal) == "c_renewal"
        assert choose.suggest(conn, queue=None, ivr_choice=None, customer=renewal) == "c_renewal"
        no_deposit = {"vip_level": 4, "maturing_deposits": 0}
        assert choose.suggest(conn, queue="general", ivr_choice=None, customer=no_deposit) == "c_general"


def test_a_customer_id_is_read_with_the_runners_values(world: World) -> None:
    cid = world.customer_with_deposit()
    today = runner_rig.today()
    with write_txn(world.engine) as conn:
        conn.execute(
            update(Holding)
            .where(Holding.customer_id == cid, Holding.kind == "term_deposit")
            .values(status="active", maturity_date=today + dt.timedelta(days=10), version=Holding.version + 1)
        )
        conn.execute(update(Customer).where(Customer.id == cid).values(vip_level=4, version=Customer.version + 1))
    with world.engine.connect() as conn:
        assert choose.suggest(conn, queue="general", ivr_choice=None, customer=cid, today=today) == "c_renewal"
    with write_txn(world.engine) as conn:
        conn.execute(update(Customer).where(Customer.id == cid).values(vip_level=1, version=Customer.version + 1))
    with world.engine.connect() as conn:
        assert choose.suggest(conn, queue="general", ivr_choice=None, customer=cid, today=today) == "c_general"


def test_switching_rules_off_and_bad_rules(world: World) -> None:
    with write_txn(world.engine) as conn:
        rule = next(r for r in choose.rules(conn) if r.flow_code == "c_vip")
        choose.set_active(conn, rule.id, False)
    with world.engine.connect() as conn:
        assert choose.suggest(conn, queue="vip", ivr_choice=None, customer=None) is None
    with write_txn(world.engine) as conn:
        choose.set_active(conn, rule.id, True)
        with pytest.raises(FlowFormatError) as bad:
            choose.add_rule(conn, "c_general", condition={"var": "customer.tier", "op": "like", "value": "x"})
        assert bad.value.path == "condition.op"
        with pytest.raises(FlowFormatError):
            choose.add_rule(conn, "Not A Code")
        with pytest.raises(FlowNotFound):
            choose.set_active(conn, 10**9, True)
    with world.engine.connect() as conn:
        assert [r.priority for r in choose.rules(conn)] == sorted(r.priority for r in choose.rules(conn))


def test_suggestion_for_a_call(world: World) -> None:
    cid = world.customer()
    with write_txn(world.engine) as conn:
        queue = conn.execute(select(CallQueue.id).where(CallQueue.name == "credit_card")).scalar_one()
        call_id = conn.execute(
            insert(Call)
            .values(
                call_sid="CAflowtest0001",
                direction="inbound",
                customer_id=cid,
                queue_id=queue,
                state="queued",
                ivr_choice="2",
                received_at=utcnow(),
                match_result="single",
                version=1,
            )
            .returning(Call.id)
        ).scalar_one()
    with world.engine.connect() as conn:
        assert choose.suggest_for_call(conn, call_id) == "c_cards"
        with pytest.raises(FlowNotFound):
            choose.suggest_for_call(conn, 10**9)
