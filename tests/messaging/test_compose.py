"""Compose: values from the database, open fields, consent and opt-out, quiet hours, one row per intention."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, ChangeFeed, Interaction, OutboxMessage
from services.messaging import InvalidInput, NotAllowed, TemplateProblem
from services.permissions import PermissionDenied

from .world import World, cst


def rows(world: World) -> list[Any]:
    with world.engine.connect() as conn:
        return list(conn.execute(select(OutboxMessage.__table__).order_by(OutboxMessage.id)))


def test_preview_fills_customer_deposit_branch_and_leaves_open_fields(world: World) -> None:
    s = world.service
    maturity = s.preview(world.agent_p, world.zhang, world.template_id("deposit_maturity_sms"))
    assert maturity.blocked is None and maturity.address == "138****0001", "the preview shows the number masked"
    assert maturity.rendered is not None
    assert maturity.rendered.text == (
        "【示范银行】尊敬的张伟先生，您尾号5678的定期存款50,000.00元将于2026年3月25日到期，如需续存请联系上海徐汇支行。"
    )
    assert maturity.rendered.segments is not None and maturity.rendered.segments.encoding == "UCS-2"
    card = s.preview(world.agent_p, world.zhang, world.template_id("card_loss_confirmation_sms"))
    assert card.open_fields == ["card_tail"] and card.blocked == "render"
    filled = s.preview(
        world.agent_p, world.zhang, world.template_id("card_loss_confirmation_sms"), {"card_tail": "6222 0000 1234"}
    )
    assert filled.rendered is not None and "尾号1234" in filled.rendered.text
    ack = s.preview(world.agent_p, world.zhang, world.template_id("complaint_acknowledgement_email"))
    assert ack.rendered is not None and ack.address == "z***@example.com"
    assert ack.rendered.subject == "投诉受理回执（编号TS20260310001）"
    assert "2026年3月25日 17:30" in ack.rendered.text
    english = s.preview(world.agent_p, world.li, world.template_id("birthday_greeting_sms", "en"))
    assert english.rendered is not None and english.rendered.text.startswith("[Demo Bank] Dear Ms Li,")


def test_send_is_idempotent_per_compose_token(world: World) -> None:
    s = world.service
    tid = world.template_id("deposit_maturity_sms")
    first = s.send(world.agent_p, world.zhang, tid, {}, token="dialog-0001")
    again = s.send(world.agent_p, world.zhang, tid, {}, token="dialog-0001")
    assert first.created and not again.created and first.outbox_id == again.outbox_id
    errors: list[BaseException] = []
    results = []

    def click() -> None:
        try:
            results.append(s.send(world.agent_p, world.zhang, tid, {}, token="dialog-0002"))
        except BaseException as exc:  # SQLite may refuse a concurrent writer; nothing else may go wrong
            errors.append(exc)

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.outbox_id for r in results}) == 1 and not [e for e in errors if "locked" not in str(e)]
    out = rows(world)
    assert len(out) == 2 and [r.status for r in out] == ["pending", "pending"]
    assert out[0].template_id == tid and out[0].idem_key == "compose:dialog-0001"
    with world.engine.connect() as conn:
        timeline = conn.execute(select(Interaction.__table__).where(Interaction.outbox_id == out[0].id)).one()
        audits = conn.execute(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "message_send")
        ).scalar()
        feed = conn.execute(
            select(func.count()).select_from(ChangeFeed).where(ChangeFeed.entity == "outbox_message")
        ).scalar()
    assert (timeline.channel, timeline.direction, timeline.disposition) == ("sms", "out", "pending")
    assert timeline.customer_id == world.zhang and timeline.summary == out[0].body_text
    assert audits == 2 and feed == 2
    with pytest.raises(InvalidInput):
        s.send(world.agent_p, world.zhang, tid, {}, token="x")


def test_consent_opt_out_and_addresses(world: World) -> None:
    s = world.service
    offer = world.template_id("marketing_offer_sms")
    fields = {"offer_title": "春季理财", "offer_rate": "2.5%", "offer_end": "2026-04-30"}
    assert s.preview(world.agent_p, world.wang, offer, fields).blocked == "opt_out"  # refused marketing
    assert s.preview(world.agent_p, world.twins[0], offer, fields).blocked is None
    no_row = s.preview(world.agent_p, world.sun, world.template_id("birthday_greeting_sms"))
    assert no_row.blocked == "opt_out"
    service = world.template_id("deposit_maturity_sms")
    assert s.preview(world.agent_p, world.sun, service).blocked in ("opt_out", "render")  # refused SMS service
    landline = s.preview(world.agent_p, world.zhao, world.template_id("card_loss_confirmation_sms"), {"card_tail": "1"})
    assert landline.blocked == "no_address"  # a landline cannot take SMS
    email = s.preview(world.agent_p, world.wang, world.template_id("card_loss_confirmation_email"), {"card_tail": "1"})
    assert email.blocked == "no_address"
    with pytest.raises(NotAllowed) as caught:
        s.send(world.agent_p, world.wang, offer, fields, token="dialog-opted-out")
    assert "退订" in caught.value.zh
    with pytest.raises(TemplateProblem):
        s.send(world.agent_p, world.zhang, world.template_id("card_loss_confirmation_sms"), {}, token="dialog-missing")
    with pytest.raises(PermissionDenied):  # administrators do not send messages
        s.send(world.who(world.agent, "admin"), world.zhang, service, {}, token="dialog-admin")
    assert rows(world) == []


@pytest.mark.parametrize(
    ("hour", "minute", "held_until"),
    [(22, 0, (3, 11, 8)), (7, 59, (3, 10, 8)), (21, 0, (3, 11, 8)), (8, 0, None), (20, 59, None)],
)
def test_marketing_is_held_in_quiet_hours_and_service_is_not(
    world: World, hour: int, minute: int, held_until: tuple[int, int, int] | None
) -> None:
    world.clock.now = cst(2026, 3, 10, hour, minute)
    s = world.service
    fields = {"offer_title": "春季理财", "offer_rate": "2.5%", "offer_end": "2026-04-30"}
    marketing = s.send(
        world.agent_p, world.zhang, world.template_id("marketing_offer_sms"), fields, token="dialog-mkt1"
    )
    service = s.send(world.agent_p, world.zhang, world.template_id("deposit_maturity_sms"), {}, token="dialog-svc1")
    expected = cst(2026, held_until[0], held_until[1], held_until[2]) if held_until else None
    assert marketing.not_before == expected
    assert service.not_before is None
