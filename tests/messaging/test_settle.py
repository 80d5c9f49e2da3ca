"""Settling unknown and failed outcomes: the list, "mark as sent", "send again" (new key, linked), version
checks between two supervisors, audit rows, timeline entries and change-feed rows — on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditLog, ChangeFeed, Interaction, OutboxMessage
from db.write import write_txn
from gateway import outbox_store as store
from gateway.outbox_store import Outcome
from services.messaging import Conflict, NotAllowed
from services.permissions import PermissionDenied

from .world import World


def _sent_with(world: World, token: str, outcome: Outcome) -> int:
    """A maturity SMS queued and claimed by the sender, which then recorded ``outcome`` for it."""
    outbox_id = world.service.send(
        world.agent_p, world.zhang, world.template_id("deposit_maturity_sms"), {}, token=token
    ).outbox_id
    now = world.clock.now
    with write_txn(world.engine) as conn:
        (claimed,) = store.claim(conn, now, 10, ("sms",))
        store.record(conn, [(claimed, outcome)], now)
    return outbox_id


def unknown_sms(world: World, token: str = "settle-unknown-01") -> int:
    """A maturity SMS whose send timed out (what the sender records after a timeout or 5xx)."""
    return _sent_with(world, token, Outcome("unknown", error_code="timeout", error_message="read timeout"))


def failed_sms(world: World, token: str = "settle-failed-01") -> int:
    """A maturity SMS the provider reported failed."""
    return _sent_with(world, token, Outcome("failed", error_code="30008", error_message="unknown error"))


def row(world: World, outbox_id: int) -> object:
    with world.engine.connect() as conn:
        return conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.id == outbox_id)).one()


def audit_actions(world: World, outbox_id: int) -> list[str]:
    with world.engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditLog.action)
                .where(AuditLog.entity == "outbox_message", AuditLog.entity_id == str(outbox_id))
                .order_by(AuditLog.id)
            ).scalars()
        )


def notes(world: World) -> list[tuple[str, str | None, int | None]]:
    with world.engine.connect() as conn:
        return [
            (r.disposition, r.summary, r.user_id)
            for r in conn.execute(
                select(Interaction.__table__).where(
                    Interaction.customer_id == world.zhang,
                    Interaction.disposition.in_(("marked_sent", "resent")),
                )
            )
        ]


def test_the_list_shows_unknown_and_failed_messages_masked_with_template_and_error(world: World) -> None:
    unknown, failed = unknown_sms(world), failed_sms(world)
    world.service.send(
        world.agent_p, world.zhang, world.template_id("deposit_maturity_sms"), {}, token="settle-fine-0001"
    )
    listed = world.service.outbox_issues(world.approver_p)
    assert [i.id for i in listed] == [failed, unknown]  # newest first; the pending message is not an issue
    first = {i.id: i for i in listed}[unknown]
    assert first.status == "unknown" and first.error_code == "timeout"
    assert first.recipient == "138****0001" and "13800000001" not in repr(first)
    assert first.customer_id == world.zhang and first.customer_name
    assert first.template_name and first.template_version == 1
    assert {i.id: i for i in listed}[failed].error_code == "30008"


def test_agents_may_not_settle(world: World) -> None:
    outbox_id = unknown_sms(world)
    with pytest.raises(PermissionDenied):
        world.service.outbox_issues(world.agent_p)
    with pytest.raises(PermissionDenied):
        world.service.mark_sent(world.agent_p, outbox_id, row(world, outbox_id).version)
    assert row(world, outbox_id).status == "unknown"


def test_mark_as_sent_settles_the_row_records_who_and_shows_on_the_timeline(world: World) -> None:
    outbox_id = unknown_sms(world)
    version = row(world, outbox_id).version
    new_version = world.service.mark_sent(world.approver_p, outbox_id, version, "客户来电确认已收到")
    settled = row(world, outbox_id)
    assert settled.status == "sent" and settled.version == new_version == version + 1
    assert settled.sent_at is not None
    with world.engine.connect() as conn:
        entry = conn.execute(select(Interaction.disposition).where(Interaction.outbox_id == outbox_id)).scalar()
        feed = list(
            conn.execute(
                select(ChangeFeed.action).where(
                    ChangeFeed.entity == "outbox_message", ChangeFeed.entity_id == str(outbox_id)
                )
            ).scalars()
        )
    assert entry == "sent:confirmed"
    assert feed[-1] == "sent"
    assert notes(world) == [("marked_sent", "客户来电确认已收到", world.approver)]
    assert audit_actions(world, outbox_id)[-1] == "message_mark_sent"
    assert world.service.outbox_issues(world.approver_p) == []


def test_two_supervisors_settling_the_same_row_one_wins_the_other_is_told(world: World) -> None:
    outbox_id = unknown_sms(world)
    seen = row(world, outbox_id).version  # both supervisors loaded the list with this version
    world.service.mark_sent(world.approver_p, outbox_id, seen)
    with pytest.raises(Conflict) as refused:
        world.service.send_again(world.author_p, outbox_id, seen, "second-supervisor-token")
    assert "他人" in refused.value.message("zh_CN") and "reload" in refused.value.message("en")
    with world.engine.connect() as conn:
        assert conn.execute(select(OutboxMessage.id).where(OutboxMessage.resend_of_id == outbox_id)).first() is None
    assert row(world, outbox_id).status == "sent"
    # With the fresh version it is still refused, because it is settled.
    with pytest.raises(NotAllowed):
        world.service.send_again(world.author_p, outbox_id, row(world, outbox_id).version, "second-supervisor-token")


def test_send_again_queues_a_new_linked_message_once_and_the_old_one_is_never_requeued(world: World) -> None:
    outbox_id = unknown_sms(world)
    old = row(world, outbox_id)
    new_id = world.service.send_again(world.approver_p, outbox_id, old.version, "confirm-token-0001")
    again = world.service.send_again(world.approver_p, outbox_id, old.version, "confirm-token-0001")
    assert again == new_id  # a double click on the confirmation queues one message
    new = row(world, new_id)
    assert new.resend_of_id == outbox_id and new.idem_key != old.idem_key
    assert new.status == "pending" and new.template_id == old.template_id and new.customer_id == world.zhang
    assert new.body_text == old.body_text and new.to_phone_id == old.to_phone_id is not None
    assert new.to_masked == old.to_masked == "138****0001"
    assert new.created_by_id == world.approver
    assert row(world, outbox_id).version == old.version + 1
    assert world.service.outbox_issues(world.approver_p) == []
    assert notes(world) == [("resent", f"#{outbox_id} → #{new_id}", world.approver)]
    assert audit_actions(world, outbox_id)[-1] == "message_send_again"
    with world.engine.connect() as conn:
        entry = conn.execute(select(Interaction.disposition).where(Interaction.outbox_id == new_id)).scalar()
    assert entry == "pending"
    # Reconciliation leaves it to the person who settled it; and even if Twilio's list said it never arrived,
    # it is not requeued: never a third copy.
    assert outbox_id not in [c.id for c in _unknown(world)]
    item = store.Claimed(**{k: getattr(old, k) for k in store.Claimed.__dataclass_fields__ if k in old._mapping})
    with write_txn(world.engine) as conn:
        assert store.requeue_unknown(conn, item, world.clock.now + dt.timedelta(hours=1)) is False
    assert row(world, outbox_id).status == "unknown"
    with pytest.raises(NotAllowed):
        world.service.send_again(world.approver_p, outbox_id, row(world, outbox_id).version, "confirm-token-0002")


def _unknown(world: World) -> list[store.Claimed]:
    with world.engine.connect() as conn:
        return store.unknown_rows(conn, "sms")


def test_a_failed_message_can_be_sent_again(world: World) -> None:
    outbox_id = failed_sms(world)
    new_id = world.service.send_again(world.approver_p, outbox_id, row(world, outbox_id).version, "confirm-failed-01")
    assert row(world, new_id).status == "pending" and row(world, new_id).resend_of_id == outbox_id
    assert row(world, outbox_id).status == "failed"
