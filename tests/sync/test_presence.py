"""Presence: "张伟 is viewing / editing", with expiry and change-feed notices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from db.models import ChangeFeed
from services.sync.presence import PresenceService

from .world import World


def test_viewing_editing_leaving(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    cid = world.customers[0]
    zhang = PresenceService(engine, world.zhang)
    li = PresenceService(engine, world.li)
    zhang.enter("customer", cid)
    li.enter("customer", cid)
    assert [(p.display_name, p.mode, p.workstation) for p in li.others("customer", cid)] == [
        ("张伟", "viewing", "WS-A")
    ]
    zhang.enter("customer", cid, "editing")
    zhang.enter("customer", cid, "editing")  # no second notice for the same mode
    assert li.others("customer", cid)[0].editing
    assert [p.display_name for p in zhang.others("customer", cid)] == ["李娜"]
    zhang.leave("customer", cid)
    assert li.others("customer", cid) == []
    with engine.connect() as conn:
        notices = conn.execute(
            select(ChangeFeed.entity_id, ChangeFeed.action)
            .where(ChangeFeed.entity == "presence")
            .order_by(ChangeFeed.id)
        ).all()
    key = f"customer:{cid}"
    assert [tuple(n) for n in notices] == [(key, "viewing"), (key, "viewing"), (key, "editing"), (key, "leave")]


def test_a_silent_desk_expires_and_a_heartbeat_keeps_it(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    now = [dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)]
    clock = lambda: now[0]  # noqa: E731
    zhang = PresenceService(engine, world.zhang, ttl=30, clock=clock)
    li = PresenceService(engine, world.li, ttl=30, clock=clock)
    zhang.enter("ticket", 7, "editing")
    now[0] += dt.timedelta(seconds=20)
    assert zhang.heartbeat() == 1
    now[0] += dt.timedelta(seconds=20)
    assert [p.display_name for p in li.others("ticket", 7)] == ["张伟"]
    now[0] += dt.timedelta(seconds=31)  # crashed: no heartbeat
    assert li.others("ticket", 7) == []
    assert li.sweep() == 1
    assert zhang.heartbeat() == 1  # back: the swept row is written again
    assert [p.mode for p in li.others("ticket", 7)] == ["editing"]
