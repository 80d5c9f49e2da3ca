"""The reads behind the agent's and supervisor's messaging screens: the recipient as compose opens, one queued
message, the size of a segment and the list of campaigns."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from db.models import CustomerEmail
from db.pii import email_columns
from services.messaging.recipient import message_locale
from services.permissions import PermissionDenied

from .world import World


def test_the_recipient_says_language_addresses_and_consent_per_channel(world: World) -> None:
    with world.engine.begin() as conn:
        conn.execute(
            insert(CustomerEmail).values(customer_id=world.sun, **email_columns("sun.li@example.com"), is_primary=True)
        )
    zhang = world.service.recipient(world.agent_p, world.zhang)
    assert zhang.locale == "zh_CN" and zhang.default_channel() == "sms"
    assert zhang.channels["sms"].address == "138****0001" and zhang.channels["sms"].state == "all"
    li = world.service.recipient(world.agent_p, world.li)
    assert li.locale == "en"
    wang = world.service.recipient(world.agent_p, world.wang)
    assert wang.channels["sms"].state == "service_only" and wang.channels["sms"].permits("service")
    assert not wang.channels["sms"].permits("marketing") and wang.channels["email"].state == "no_address"
    sun = world.service.recipient(world.agent_p, world.sun)
    assert sun.channels["sms"].state == "opt_out" and sun.channels["email"].usable
    assert sun.default_channel() == "email" and sun.default_channel("sms") == "email"
    zhao = world.service.recipient(world.agent_p, world.zhao)  # a landline only: nowhere to send
    assert not any(c.usable for c in zhao.channels.values()) and zhao.default_channel("email") == "email"
    assert message_locale(None) == "zh_CN" and message_locale("en_US") == "en" and message_locale("yue") == "zh_CN"


def test_one_queued_message_can_be_read_back(world: World) -> None:
    template = world.template_id("birthday_greeting_sms")
    queued = world.service.send(world.agent_p, world.zhang, template, {}, "token-desk-read-1")
    row = world.service.message(world.agent_p, queued.outbox_id)
    assert row.id == queued.outbox_id and row.status == "pending" and row.to_masked == "138****0001"


def test_segment_size_and_the_campaign_list(world: World) -> None:
    assert world.service.campaign_size(world.author_p, {}) == 7
    assert world.service.campaign_size(world.author_p, {"tiers": ["platinum"]}) == 1
    with pytest.raises(PermissionDenied):
        world.service.campaign_size(world.agent_p, {})
    template = world.template_id("marketing_offer_sms")
    fields = {"offer_title": "春季理财", "offer_rate": "2.5%", "offer_end": "2026-04-30"}
    first = world.service.create_campaign(world.author_p, "春季理财活动", template, {"tiers": ["gold", "platinum"]})
    world.service.start_campaign(world.author_p, first, 1, fields)
    second = world.service.create_campaign(world.author_p, "草稿活动", template, {"birthday_this_week": True})
    rows = world.service.campaign_list(world.author_p)
    assert [r.id for r in rows] == [second, first]
    assert (
        rows[0].status == "draft"
        and rows[0].report.total == 0
        and rows[0].segment_filter == {"birthday_this_week": True}
    )
    started = rows[1]
    assert (started.status, started.template_code, started.template_channel) == (
        "running",
        "marketing_offer_sms",
        "sms",
    )
    assert started.report.total == 6 and started.report.count("skipped") == 2 and started.report.remaining == 4
    assert started.report.skipped == world.service.campaign_report(first).skipped
    assert started.created_by == "author姓名"
    assert world.service.campaign(world.author_p, first).report == started.report
