"""Complaint notices worded by the approved message templates (both backends), the fallback wording, the preview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update

from db.models import Customer, CustomerEmail, CustomerPhone, MessageTemplate, OutboxMessage
from db.pii import email_columns
from services.messaging import install_starter_templates
from services.messaging.rendering import Renderer, TemplateSource
from services.messaging.starters import starter_drafts
from services.tickets import TicketConfig
from services.tickets.notices import FALLBACK, TEMPLATES

from .conftest import World, build_world, cst, recipient_of

ROUTES_ZH = (
    "向我行上级机构申请核查，也可向银行业消费纠纷调解组织申请调解、依法申请仲裁或向人民法院起诉，"
    "或向国家金融监督管理总局及其派出机构反映。"
)


def outbox(world: World) -> list[Any]:
    """The outbox rows, oldest first."""
    with world.engine.connect() as conn:
        return list(conn.execute(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def template_id(world: World, code: str, locale: str = "zh_CN") -> int:
    with world.engine.connect() as conn:
        return int(
            conn.execute(
                select(MessageTemplate.id).where(
                    MessageTemplate.code == code, MessageTemplate.locale == locale, MessageTemplate.status == "approved"
                )
            ).scalar_one()
        )


def notice_events(world: World, ticket_id: int) -> list[dict[str, Any]]:
    return [e.data or {} for e in world.service.ticket_events(ticket_id) if e.kind == "notice"]


def prefer(world: World, *, language: str | None = None, email: str | None = None) -> None:
    with world.engine.begin() as conn:
        if email is not None:
            conn.execute(
                insert(CustomerEmail).values(customer_id=world.customer, **email_columns(email), is_primary=True)
            )
            conn.execute(update(Customer).where(Customer.id == world.customer).values(preferred_channel="email"))
        if language is not None:
            conn.execute(update(Customer).where(Customer.id == world.customer).values(preferred_language=language))


def acknowledged(world: World) -> tuple[int, str, int]:
    world.clock.set(cst(2026, 2, 10, 10, 0))
    created = world.service.create_complaint(world.agent, world.complaint(send_receipt=False))
    return (
        created.id,
        created.number,
        world.service.transition(world.agent, created.id, created.version, "acknowledged"),
    )


@pytest.fixture
def templated(world: World) -> World:
    assert install_starter_templates(world.engine) == len(list(starter_drafts()))
    return world


def test_every_notice_has_starter_templates_in_both_languages_and_channels() -> None:
    drafts = {(d.code, d.locale) for d in starter_drafts()}
    for notice, template in TEMPLATES.items():
        assert notice in FALLBACK
        for channel in ("sms", "email"):
            assert {(f"{template}_{channel}", "zh_CN"), (f"{template}_{channel}", "en")} <= drafts


def test_the_decision_starters_state_the_review_window_and_every_route_of_appeal() -> None:
    renderer = Renderer()
    values = {
        "customer_name": "张伟",
        "honorific": "先生",
        "surname": "Zhang",
        "bank_name": "示范银行",
        "ticket_number": "TS2603-0001",
        "resolution": "已退还年费",
        "review_window_days": 30,
        "review_by": dt.date(2026, 4, 24),
    }
    routes = {
        "zh_CN": ("30日内", "2026年4月24日前", "申请核查", "调解", "仲裁", "人民法院", "国家金融监督管理总局"),
        "en": ("30 days", "24 April 2026", "review", "mediation", "arbitration", "court", "National Financial"),
    }
    drafts = [d for d in starter_drafts() if d.code.startswith("complaint_resolution_")]
    assert len(drafts) == 4
    for d in drafts:
        source = TemplateSource(d.channel, d.locale, d.body_text, d.subject, d.body_html, d.variables)
        paid = renderer.render(source, {**values, "compensation": Decimal("1234.5")})
        unpaid = renderer.render(source, {**values, "compensation": 0})
        parts = [paid.text, unpaid.text] + ([paid.html or "", unpaid.html or ""] if d.channel == "email" else [])
        for part in parts:
            assert all(words in part for words in routes[d.locale]), (d.code, d.locale, part)
        amount = "人民币1,234.50元" if d.locale == "zh_CN" else "CNY 1,234.50"
        assert amount in paid.text and "1,234.50" not in unpaid.text
        assert "补偿" not in unpaid.text and "ompensation" not in unpaid.text


def test_acknowledgement_comes_from_the_approved_template(templated: World) -> None:
    world = templated
    created = world.service.create_complaint(world.agent, world.complaint())
    (row,) = outbox(world)
    assert row.body_text == (
        f"【示范银行】尊敬的周慧敏女士，您的投诉已受理，编号{created.number}，"
        "我们将于2026年3月17日前作出处理决定并告知您。"
    )
    assert row.template_id == template_id(world, "complaint_acknowledgement_sms")
    assert row.channel == "sms" and row.subject is None and row.body_html is None and row.status == "pending"
    assert row.idem_key == f"ticket:{created.id}:complaint_received:v1"
    (event,) = notice_events(world, created.id)
    assert event["template_id"] == row.template_id and event["locale"] == "zh_CN"
    assert "template_problem" not in event


def test_extension_decision_and_survey_come_from_the_templates(templated: World) -> None:
    world = templated
    tid, number, v = acknowledged(world)
    v = world.service.mark_complex(world.agent, tid, v, "涉及境外商户调单。")
    assert outbox(world)[-1].body_text == (
        f"【示范银行】尊敬的周慧敏女士，您的投诉{number}处理期限已延长至2026年3月12日，"
        "原因：涉及境外商户调单。我们将在此之前作出处理决定并告知您。"
    )
    v = world.service.request_extension(world.agent, tid, v, "卡组织调单需60天")
    v = world.service.decide_extension(world.boss, tid, v, approve=True, note="经分行同意延期30日")
    extension = outbox(world)[-1]
    assert "处理期限已延长至2026年4月11日，原因：经分行同意延期30日。" in extension.body_text
    assert extension.idem_key == f"ticket:{tid}:complaint_extension:v{v}"

    world.clock.set(cst(2026, 2, 20, 15, 0))
    v = world.service.decide(
        world.agent, tid, v, decision="经核实收费有误，已退还年费。", outcome="upheld", compensation="1234.5"
    )
    decision = outbox(world)[-1]
    assert decision.body_text == (
        f"【示范银行】尊敬的周慧敏女士，您的投诉{number}处理决定：经核实收费有误，已退还年费，"
        "补偿人民币1,234.50元。如有异议，可于30日内（2026年3月22日前）" + ROUTES_ZH
    )
    world.service.close(world.agent, tid, v)
    survey = outbox(world)[-1]
    assert survey.body_text == (
        f"【示范银行】尊敬的周慧敏女士，请对投诉{number}的处理进行评价：回复1至5（5为非常满意），也可附上您的意见。"
    )
    expected = ["complaint_extension", "complaint_extension", "complaint_resolution", "complaint_survey"]
    assert [row.template_id for row in outbox(world)] == [template_id(world, f"{c}_sms") for c in expected]
    assert [e["template_id"] for e in notice_events(world, tid)] == [r.template_id for r in outbox(world)]


def test_english_customer_gets_the_english_variant(templated: World) -> None:
    world = templated
    prefer(world, language="en")
    created = world.service.create_complaint(world.agent, world.complaint())
    world.clock.set(cst(2026, 3, 3, 11, 0))
    v = world.service.transition(world.agent, created.id, created.version, "acknowledged")
    world.service.decide(world.agent, created.id, v, decision="We refunded the fee.", outcome="upheld")
    received, decided = outbox(world)
    assert received.body_text == (
        f"[Demo Bank] Dear Ms Zhou, we have received your complaint {created.number} "
        "and will tell you our decision by 17 March 2026."
    )
    assert received.template_id == template_id(world, "complaint_acknowledgement_sms", "en")
    assert decided.template_id == template_id(world, "complaint_resolution_sms", "en")
    assert f"complaint {created.number}: We refunded the fee. If you disagree" in decided.body_text  # no compensation
    assert "within 30 days (by 2 April 2026)" in decided.body_text
    assert [e["locale"] for e in notice_events(world, created.id)] == ["en", "en"]


def test_english_customer_without_an_english_template_gets_the_chinese_one(templated: World) -> None:
    world = templated
    prefer(world, language="en")
    with world.engine.begin() as conn:
        conn.execute(
            update(MessageTemplate)
            .where(MessageTemplate.code == "complaint_acknowledgement_sms", MessageTemplate.locale == "en")
            .values(status="retired")
        )
    created = world.service.create_complaint(world.agent, world.complaint())
    (row,) = outbox(world)
    assert row.template_id == template_id(world, "complaint_acknowledgement_sms", "zh_CN")
    assert row.body_text.startswith("【示范银行】尊敬的周慧敏女士，您的投诉已受理") and created.number in row.body_text


def test_email_customer_gets_subject_and_html(templated: World) -> None:
    world = templated
    prefer(world, email="zhou.huimin@example.com")
    created = world.service.create_complaint(world.agent, world.complaint())
    world.clock.set(cst(2026, 3, 3, 11, 0))
    v = world.service.transition(world.agent, created.id, created.version, "acknowledged")
    world.service.decide(world.agent, created.id, v, decision="退还年费<全额>", outcome="upheld", compensation="200")
    received, decided = outbox(world)
    assert received.channel == "email" and recipient_of(world, received) == "zhou.huimin@example.com"
    assert received.to_masked == "z***@example.com" and received.to_phone_id is None
    assert received.subject == f"投诉受理回执（编号{created.number}）"
    assert received.template_id == template_id(world, "complaint_acknowledgement_email")
    assert "我们将于2026年3月17日 23:59前作出处理决定" in received.body_text
    assert received.body_html is not None and "<p>尊敬的周慧敏女士：</p>" in received.body_html
    assert decided.subject == f"投诉处理结果（编号{created.number}）"
    assert decided.template_id == template_id(world, "complaint_resolution_email")
    assert "退还年费<全额>。" in decided.body_text and "补偿人民币200.00元" in decided.body_text
    assert decided.body_html is not None and "<p>退还年费&lt;全额&gt;。</p>" in decided.body_html
    assert "2026年4月2日前" in decided.body_html and "国家金融监督管理总局" in decided.body_html


def test_english_email_customer(templated: World) -> None:
    world = templated
    prefer(world, language="en", email="zhou.huimin@example.com")
    created = world.service.create_complaint(world.agent, world.complaint())
    (row,) = outbox(world)
    assert row.subject == f"Complaint {created.number} received"
    assert row.template_id == template_id(world, "complaint_acknowledgement_email", "en")
    assert row.body_text.startswith("Dear Ms Zhou,") and "by 17 March 2026, 23:59" in row.body_text
    assert row.body_html is not None and '<html lang="en">' in row.body_html


def test_customer_without_an_address_gets_a_held_templated_notice(templated: World) -> None:
    world = templated
    with world.engine.begin() as conn:
        conn.execute(delete(CustomerPhone).where(CustomerPhone.customer_id == world.customer))
    world.service.create_complaint(world.agent, world.complaint())
    (held,) = outbox(world)
    assert held.status == "held" and held.to_masked == "" and held.error_message == "no address on file"
    assert held.to_phone_id is None and held.to_email_id is None
    assert held.template_id == template_id(world, "complaint_acknowledgement_sms")
    assert held.body_text.startswith("【示范银行】")


def test_without_templates_the_fallback_wording_is_used(world: World) -> None:
    tid, number, v = acknowledged(world)
    world.clock.set(cst(2026, 2, 20, 15, 0))
    v = world.service.decide(world.agent, tid, v, decision="已退还年费", outcome="upheld", compensation="200")
    world.service.close(world.agent, tid, v)
    decision, survey = outbox(world)
    assert decision.body_text.startswith(
        f"您的投诉{number}处理决定：已退还年费，补偿人民币200.00元。如您对处理决定有异议"
    )
    assert "30日内（2026-03-22前）" in decision.body_text
    assert survey.body_text == f"请对投诉{number}的处理进行评价：回复1至5（5为非常满意），也可附上您的意见。"
    assert decision.template_id is None and survey.template_id is None
    events = notice_events(world, tid)
    assert [e["template_id"] for e in events] == [None, None]
    assert all("template_problem" not in e for e in events)


def test_a_template_that_cannot_render_falls_back_and_is_recorded(templated: World) -> None:
    world = templated
    broken = template_id(world, "complaint_survey_sms")
    with world.engine.begin() as conn:  # an approved version that needs a value no notice supplies
        conn.execute(
            update(MessageTemplate)
            .where(MessageTemplate.id == broken)
            .values(
                body_text="【{{ bank_name }}】{{ holiday_name }}快乐！请评价投诉{{ ticket_number }}。",
                variables={"bank_name": "text", "holiday_name": "text", "ticket_number": "text"},
            )
        )
    tid, number, v = acknowledged(world)
    v = world.service.decide(world.agent, tid, v, decision="已退还年费", outcome="upheld")
    world.service.close(world.agent, tid, v)
    assert world.service.ticket_detail(tid).row.status == "closed"  # the change is kept
    survey = outbox(world)[-1]
    assert survey.body_text == f"请对投诉{number}的处理进行评价：回复1至5（5为非常满意），也可附上您的意见。"
    assert survey.template_id is None and survey.status == "pending"
    event = notice_events(world, tid)[-1]
    problem = event["template_problem"]
    assert isinstance(problem, dict)
    assert problem["template_id"] == broken and problem["code"] == "complaint_survey_sms"
    assert "holiday_name" in str(problem["en"]) and problem["part"] == "text"
    assert event["template_id"] is None


def test_preview_equals_the_queued_body(templated: World) -> None:
    world = templated
    tid, _, v = acknowledged(world)
    world.clock.set(cst(2026, 2, 20, 15, 0))
    preview = world.service.decision_preview(
        tid, decision="经核实收费有误，已退还年费", outcome="upheld", compensation="200"
    )
    world.service.decide(
        world.agent, tid, v, decision="经核实收费有误，已退还年费", outcome="upheld", compensation="200"
    )
    assert preview == outbox(world)[-1].body_text and "2026年3月22日前" in preview


def test_preview_equals_the_queued_body_for_an_english_email_customer(templated: World) -> None:
    world = templated
    prefer(world, language="en", email="zhou.huimin@example.com")
    tid, _, v = acknowledged(world)
    preview = world.service.decision_preview(tid, decision="Fee refunded", outcome="partially_upheld")
    world.service.decide(world.agent, tid, v, decision="Fee refunded", outcome="partially_upheld")
    queued = outbox(world)[-1]
    assert queued.channel == "email" and preview == queued.body_text and "Fee refunded." in preview


def test_preview_equals_the_queued_body_without_templates(world: World) -> None:
    tid, _, v = acknowledged(world)
    preview = world.service.decision_preview(tid, decision="驳回", outcome="rejected")
    world.service.decide(world.agent, tid, v, decision="驳回", outcome="rejected")
    assert preview == outbox(world)[-1].body_text and preview.startswith("您的投诉")


def test_the_bank_name_comes_from_the_messaging_settings(migrated_engine, clock) -> None:  # type: ignore[no-untyped-def]
    from services.messaging import MessagingConfig

    config = TicketConfig(complaint_owner="owner", messaging=MessagingConfig(bank_name_zh="沪东银行"))
    world = build_world(migrated_engine, clock, config)
    install_starter_templates(world.engine)
    world.service.create_complaint(world.agent, world.complaint())
    assert outbox(world)[0].body_text.startswith("【沪东银行】尊敬的周慧敏女士")
