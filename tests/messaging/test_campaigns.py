"""Campaigns: segments (with a safe custom filter), preview, start, pause, resume, cancel, report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import OutboxMessage
from services.messaging import InvalidInput, NotAllowed
from services.permissions import PermissionDenied

from ..telephony.helpers import wait_for
from .rig import Rig, running
from .world import World, cst

FIELDS = {"offer_title": "春季理财", "offer_rate": "2.5%", "offer_end": "2026-04-30"}
GOLD_AND_UP = {"tiers": ["gold", "platinum"]}


def members(world: World, segment: dict[str, Any]) -> int:
    return world.service.preview_campaign(
        world.author_p, world.template_id("marketing_offer_sms"), segment, FIELDS
    ).matched


def test_segments(world: World) -> None:
    assert members(world, GOLD_AND_UP) == 6
    assert members(world, {"tiers": ["mass"]}) == 1
    assert members(world, {"maturing_within_days": 30}) == 1
    assert members(world, {"maturing_within_days": 10}) == 0
    assert members(world, {"birthday_this_week": True}) == 1
    assert members(world, {"branch_ids": [world.branch], "lifecycle_stages": ["active"]}) == 7
    assert members(world, {"custom": [{"field": "preferred_language", "op": "=", "value": "en"}]}) == 1
    assert (
        members(
            world,
            {
                "custom": [
                    {"field": "gender", "op": "in", "value": ["F"]},
                    {"field": "tier", "op": "!=", "value": "mass"},
                ]
            },
        )
        == 2
    )
    assert members(world, {"custom": [{"field": "segment", "op": "=", "value": "x' OR '1'='1"}]}) == 0
    for bad in (
        {"custom": [{"field": "id_number", "op": "=", "value": "1"}]},
        {"custom": [{"field": "tier", "op": "LIKE", "value": "%"}]},
        {"custom": [{"field": "vip_level", "op": ">=", "value": "three"}]},
        {"custom": "tier = 'gold'"},
        {"where": "1=1"},
        {"maturing_within_days": -1},
        {"tiers": "gold"},
    ):
        with pytest.raises(InvalidInput):
            members(world, bad)


def test_preview_counts_skips_and_renders_samples(world: World) -> None:
    preview = world.service.preview_campaign(
        world.author_p, world.template_id("marketing_offer_sms"), GOLD_AND_UP, FIELDS
    )
    assert (preview.matched, preview.sendable) == (6, 4)
    assert preview.skipped == {"no_address": 1, "opt_out": 1}
    assert len(preview.samples) == 3 and all(s.rendered is not None for s in preview.samples)
    assert "春季理财" in preview.samples[0].rendered.text  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        world.service.preview_campaign(world.agent_p, world.template_id("marketing_offer_sms"), GOLD_AND_UP, FIELDS)


def test_start_pause_resume_cancel_and_report(world: World) -> None:
    s = world.service
    cid = s.create_campaign(world.author_p, "春季理财", world.template_id("marketing_offer_sms"), GOLD_AND_UP)
    report = s.start_campaign(world.author_p, cid, 1, FIELDS)
    assert report.status == "running" and report.total == 6
    assert report.by_status == {"pending": 4, "skipped": 2} and report.skipped_opt_out == 1
    with world.engine.connect() as conn:
        rows = {r.customer_id: r for r in conn.execute(select(OutboxMessage.__table__))}
    assert rows[world.li].body_text.startswith("[Demo Bank] Dear Ms Li")  # her language's approved variant
    assert rows[world.zhang].body_text.startswith("【示范银行】尊敬的张伟先生")
    assert rows[world.zhao].error_code == "no_address" and rows[world.sun].error_code == "opt_out"
    version = s.pause_campaign(world.author_p, cid, report.version)
    assert s.campaign_report(cid).by_status == {"paused": 4, "skipped": 2}
    with pytest.raises(NotAllowed):
        s.pause_campaign(world.author_p, cid, version)
    version = s.resume_campaign(world.author_p, cid, version)
    assert s.campaign_report(cid).by_status == {"pending": 4, "skipped": 2}
    with pytest.raises(NotAllowed):  # starting twice
        s.start_campaign(world.author_p, cid, version, FIELDS)
    s.cancel_campaign(world.author_p, cid, version)
    final = s.campaign_report(cid)
    assert final.status == "cancelled" and final.by_status == {"cancelled": 4, "skipped": 2}
    assert final.remaining == 0 and final.finished


def test_marketing_campaign_queued_in_quiet_hours_waits_for_morning(world: World) -> None:
    world.clock.now = cst(2026, 3, 10, 22, 30)
    s = world.service
    cid = s.create_campaign(world.author_p, "夜间", world.template_id("marketing_offer_sms"), {"tiers": ["platinum"]})
    s.start_campaign(world.author_p, cid, 1, FIELDS)
    with world.engine.connect() as conn:
        (row,) = conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.campaign_id == cid)).all()
    assert row.status == "pending" and row.not_before == cst(2026, 3, 11, 8, 0)


def test_only_campaign_roles_run_campaigns(world: World) -> None:
    with pytest.raises(PermissionDenied):
        world.service.create_campaign(world.agent_p, "x", world.template_id("marketing_offer_sms"), GOLD_AND_UP)
    manager = world.who(world.manager, "customer_manager")
    cid = world.service.create_campaign(manager, "客户经理活动", world.template_id("marketing_offer_sms"), GOLD_AND_UP)
    assert world.service.campaign_report(cid).status == "draft"


@pytest.fixture
def rig(sqlite_world: World, tmp_path: Path) -> Iterator[Rig]:
    with running(sqlite_world, tmp_path) as r:
        yield r


def test_campaign_sends_paced_and_reports_delivery(rig: Rig) -> None:
    world = rig.world
    s = world.service
    rig.box.unreachable.add("+8613700000003")  # the twins' shared mobile: undelivered
    cid = s.create_campaign(world.author_p, "春季理财", world.template_id("marketing_offer_sms"), GOLD_AND_UP)
    report = s.start_campaign(world.author_p, cid, 1, FIELDS)
    version = s.pause_campaign(world.author_p, cid, report.version)
    assert rig.sender.drain() == 0 and rig.box.outbound() == []  # paused: nothing goes
    s.resume_campaign(world.author_p, cid, version)
    assert rig.sender.drain() == 4
    wait_for(lambda: s.campaign_report(cid).remaining == 0 and s.campaign_report(cid).count("queued", "sent") == 0)
    final = s.campaign_report(cid)
    assert final.by_status == {"delivered": 2, "undelivered": 2, "skipped": 2}
    assert (final.sent, final.delivered, final.failed, final.skipped_opt_out) == (4, 2, 2, 1)
    assert final.finished and len(rig.box.outbound()) == 4


def test_the_sender_holds_marketing_during_quiet_hours(rig: Rig) -> None:
    world = rig.world
    s = world.service
    cid = s.create_campaign(world.author_p, "x", world.template_id("marketing_offer_sms"), {"tiers": ["platinum"]})
    s.start_campaign(world.author_p, cid, 1, FIELDS)
    world.clock.now = cst(2026, 3, 10, 23, 0)  # queued by day, sent at night: held
    rig.sender.clock = world.clock
    rig.sender.drain()
    with world.engine.connect() as conn:
        (row,) = conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.campaign_id == cid)).all()
    assert (row.status, row.not_before) == ("pending", cst(2026, 3, 11, 8, 0)) and rig.box.outbound() == []
    world.clock.now = cst(2026, 3, 11, 8, 0)
    assert rig.sender.drain() == 1 and len(rig.box.outbound()) == 1
