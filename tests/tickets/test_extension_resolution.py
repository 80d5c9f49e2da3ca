"""Complex cases, the approved extension with customer notice, decision notice, close, survey."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from db.models import OutboxMessage, Ticket
from services.permissions import PermissionDenied as RoleDenied
from services.tickets import InvalidInput, NotAllowed, StaticActor
from services.tickets.resolution import parse_survey_reply

from .conftest import World, cst, recipient_of


def outbox(world: World) -> list[OutboxMessage]:
    with world.engine.connect() as conn:
        return list(conn.execute(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def acknowledged(world: World) -> tuple[int, int]:
    world.clock.set(cst(2026, 2, 10, 10, 0))
    created = world.service.create_complaint(world.agent, world.complaint(send_receipt=False))
    return created.id, world.service.transition(world.agent, created.id, created.version, "acknowledged")


def test_extension_needs_a_complex_case_a_request_and_an_approver_with_the_right(world: World) -> None:
    tid, v = acknowledged(world)
    assert world.service.ticket_detail(tid).row.due_at == cst(2026, 2, 25, 23, 59, 59)
    with pytest.raises(NotAllowed):
        world.service.request_extension(world.agent, tid, v, "需调取交易记录")  # not complex yet
    v = world.service.mark_complex(world.agent, tid, v, "涉及境外商户调单")
    detail = world.service.ticket_detail(tid)
    assert detail.is_complex and detail.row.due_at == cst(2026, 3, 12, 23, 59, 59)  # 10 Feb + 30
    notice = outbox(world)[-1]
    assert "2026-03-12" in notice.body_text and "境外商户调单" in notice.body_text

    v = world.service.request_extension(world.agent, tid, v, "卡组织调单需60天")
    assert world.service.ticket_detail(tid).extension_state == "requested"
    with pytest.raises(RoleDenied):  # an agent does not hold ticket.extend_deadline
        world.service.decide_extension(world.agent, tid, v, approve=True, note="同意")
    with pytest.raises(NotAllowed):  # the requester cannot approve, even with the right
        world.service.decide_extension(
            StaticActor(world.handler, frozenset({"ticket.extend_deadline"})), tid, v, approve=True, note="同意"
        )
    assert world.service.ticket_detail(tid).row.due_at == cst(2026, 3, 12, 23, 59, 59)
    v = world.service.decide_extension(world.boss, tid, v, approve=True, note="经分行同意延期30日")
    detail = world.service.ticket_detail(tid)
    assert detail.extended_deadline == cst(2026, 4, 11, 23, 59, 59) and detail.row.due_at == detail.extended_deadline
    assert detail.regulatory_deadline == cst(2026, 3, 12, 23, 59, 59)
    notice = outbox(world)[-1]
    assert recipient_of(world, notice) == "+8613812345678" and notice.to_masked == "138****5678"
    assert "2026-04-11" in notice.body_text
    assert notice.idem_key == f"ticket:{tid}:complaint_extension:v{v}"
    kinds = [e.kind for e in world.service.ticket_events(tid)]
    assert kinds[-3:] == ["extension_requested", "extension_approved", "notice"]
    with pytest.raises(NotAllowed):
        world.service.request_extension(world.agent, tid, v, "再延")


def test_rejected_extension_leaves_the_deadline(world: World) -> None:
    tid, v = acknowledged(world)
    v = world.service.mark_complex(world.agent, tid, v, "复杂")
    v = world.service.request_extension(world.agent, tid, v, "需要更多时间")
    v = world.service.decide_extension(world.boss, tid, v, approve=False, note="理由不充分")
    detail = world.service.ticket_detail(tid)
    assert detail.extension_state == "rejected" and detail.extended_deadline is None


def test_decision_notice_states_the_review_window_and_routes(world: World) -> None:
    tid, v = acknowledged(world)
    world.clock.set(cst(2026, 2, 20, 15, 0))
    with pytest.raises(InvalidInput):
        world.service.decide(world.agent, tid, v, decision=" ", outcome="upheld")
    with pytest.raises(InvalidInput):
        world.service.decide(world.agent, tid, v, decision="x", outcome="maybe")
    v = world.service.decide(
        world.agent, tid, v, decision="经核实收费有误，已退还年费。", outcome="upheld", compensation="200"
    )
    detail = world.service.ticket_detail(tid)
    assert detail.row.status == "decided" and detail.compensation == Decimal("200.00")
    assert detail.row.remaining_s is None and not detail.row.breached  # the clock stopped in time
    body = outbox(world)[-1].body_text
    assert "30日内（2026-03-22前）" in body and "调解" in body and "仲裁" in body and "200.00" in body
    v = world.service.close(world.agent, tid, v)
    survey = outbox(world)[-1]
    assert "1至5" in survey.body_text and survey.channel == "sms"
    with pytest.raises(NotAllowed):
        world.service.comment(world.agent, tid, "关闭后备注")
    gateway = StaticActor(None)
    world.service.record_survey_reply(gateway, tid, text="５ 很满意，谢谢")
    detail = world.service.ticket_detail(tid)
    assert detail.satisfaction == 5 and detail.read_only
    assert world.service.ticket_events(tid)[-1].body == "５ 很满意，谢谢"


def test_a_late_decision_marks_the_breach(world: World) -> None:
    tid, v = acknowledged(world)
    world.clock.set(cst(2026, 2, 26, 0, 0, 1))
    world.service.decide(world.agent, tid, v, decision="已处理", outcome="rejected")
    detail = world.service.ticket_detail(tid)
    assert detail.row.breached
    assert "breach" in [e.kind for e in world.service.ticket_events(tid)]


def test_the_employee_complained_about_cannot_decide(world: World) -> None:
    world.clock.set(cst(2026, 2, 10, 10, 0))
    created = world.service.create_complaint(world.agent, world.complaint(complained_user_id=world.teller))
    v = world.service.transition(world.agent, created.id, created.version, "acknowledged")
    from services.tickets import ConflictOfInterest

    with pytest.raises(ConflictOfInterest):
        world.service.decide(
            world.principal(world.manager, "supervisor"), created.id, v, decision="驳回", outcome="rejected"
        )


def test_survey_reply_needs_a_survey(world: World) -> None:
    tid, _ = acknowledged(world)
    with pytest.raises(NotAllowed):
        world.service.record_survey_reply(StaticActor(None), tid, score=3)


@pytest.mark.parametrize(
    ("text", "score"), [("5", 5), ("评分：３", 3), ("非常满意", 5), ("不满意！", 1), ("满意", 4), ("谢谢", None)]
)
def test_parse_survey_reply(text: str, score: int | None) -> None:
    assert parse_survey_reply(text) == score


def test_customer_without_a_phone_gets_a_held_notice(world: World) -> None:
    from db.models import CustomerPhone

    with world.engine.begin() as conn:
        conn.execute(delete(CustomerPhone))
    world.service.create_complaint(world.agent, world.complaint())
    (held,) = outbox(world)
    assert held.status == "held" and held.to_masked == "" and recipient_of(world, held) is None
    with world.engine.connect() as conn:
        assert conn.execute(select(Ticket.id)).scalar_one()
