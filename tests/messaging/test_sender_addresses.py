"""The gateway's sender finds the address of a message that names the customer's phone or e-mail row.

Desktops cannot read a full number or address (migration 0011), so they queue a message with ``to_address``
empty and ``to_phone_id`` / ``to_email_id`` set; the sender reads the address when it sends, records it on the
message, and fails for good a message whose row has gone or is another customer's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select

from db.models import CustomerEmail, CustomerPhone
from db.pii import email_key, lookup_key, mask_phone, phone_key
from db.write import write_txn
from gateway import outbox_store as store
from gateway.outbox_store import OUTBOX

from .rig import Rig, running
from .world import LI_MOBILE, ZHANG_MOBILE, World


@pytest.fixture
def rig(world: World, tmp_path: Path) -> Iterator[Rig]:
    with running(world, tmp_path) as r:
        yield r


def _phone(world: World, customer: int, number: str) -> int:
    with world.engine.connect() as conn:
        return int(
            conn.execute(
                select(CustomerPhone.id).where(
                    CustomerPhone.customer_id == customer, CustomerPhone.e164_key == lookup_key(conn, phone_key(number))
                )
            ).scalar_one()
        )


def _email(world: World, customer: int, address: str) -> int:
    with world.engine.connect() as conn:
        return int(
            conn.execute(
                select(CustomerEmail.id).where(
                    CustomerEmail.customer_id == customer,
                    CustomerEmail.address_key == lookup_key(conn, email_key(address)),
                )
            ).scalar_one()
        )


def _named(world: World, key: str, customer: int, *, channel: str = "sms", **to: object) -> int:
    """A message as a desktop queues it: no address, the recipient's row named (and its mask, if given)."""
    with world.engine.begin() as conn:
        return int(
            conn.execute(
                insert(OUTBOX)
                .values(
                    idem_key=key,
                    channel=channel,
                    purpose="service",
                    customer_id=customer,
                    subject="通知" if channel == "email" else None,
                    body_text="您的业务已办理完成。",
                    status="pending",
                    created_at=world.clock.now,
                    **to,
                )
                .returning(OUTBOX.c.id)
            ).scalar_one()
        )


def test_a_message_naming_the_phone_row_goes_to_that_number_and_records_it(rig: Rig) -> None:
    world = rig.world
    outbox_id = _named(world, "named-1", world.zhang, to_phone_id=_phone(world, world.zhang, ZHANG_MOBILE))
    assert rig.sender.drain() == 1
    (request,) = rig.creates()
    assert request["form"]["To"] == ZHANG_MOBILE and rig.simulator.state.rejected == []
    row = rig.row(outbox_id)
    assert row.status in ("queued", "sent", "delivered") and row.provider_id
    assert (row.to_address, row.to_masked) == (ZHANG_MOBILE, mask_phone(ZHANG_MOBILE))


@pytest.mark.parametrize("case", ["gone", "another_customer", "wrong_kind"])
def test_a_recipient_that_cannot_be_found_fails_for_good(rig: Rig, case: str) -> None:
    world = rig.world
    zhang_phone = _phone(world, world.zhang, ZHANG_MOBILE)
    if case == "gone":
        outbox_id = _named(world, "named-2", world.zhang, to_phone_id=zhang_phone, to_masked=mask_phone(ZHANG_MOBILE))
        with world.engine.begin() as conn:  # the customer's number is removed before the sender gets to it
            conn.execute(delete(CustomerPhone).where(CustomerPhone.id == zhang_phone))
        expected = "address_gone"
    elif case == "another_customer":
        outbox_id = _named(world, "named-3", world.zhang, to_phone_id=_phone(world, world.li, LI_MOBILE))
        expected = "address_mismatch"
    else:
        outbox_id = _named(
            world, "named-4", world.zhang, to_email_id=_email(world, world.zhang, "zhang.wei@example.com")
        )
        expected = "address_channel"
    for _ in range(3):  # failed, not retried
        rig.sender.drain()
    row = rig.row(outbox_id)
    assert (row.status, row.error_code, row.attempts) == ("failed", expected, 1)
    assert row.error_message == store.ADDRESS_PROBLEMS[expected] and row.to_address is None
    assert rig.creates() == []


def test_an_email_naming_the_email_row_is_claimed_with_its_address(world: World) -> None:
    email = _email(world, world.zhang, "zhang.wei@example.com")
    outbox_id = _named(world, "named-mail", world.zhang, channel="email", to_email_id=email)
    with write_txn(world.engine) as conn:
        (claimed,) = store.claim(conn, world.clock.now, 10, ("email",))
    assert (claimed.id, claimed.to_address, claimed.to_masked, claimed.problem) == (
        outbox_id,
        "zhang.wei@example.com",
        "z***@example.com",
        None,
    )
    with world.engine.connect() as conn:
        stored = conn.execute(select(OUTBOX.c.to_address, OUTBOX.c.to_masked).where(OUTBOX.c.id == outbox_id)).one()
    assert tuple(stored) == ("zhang.wei@example.com", "z***@example.com")
