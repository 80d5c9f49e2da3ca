"""The service memo: notes on customers and personal to-dos, who sees them, marking them done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from db.models import AuditLog, ChangeFeed, Customer
from services.lobby.memos import TITLE_MAX, MemoService
from services.lobby.types import FEED_MEMO, LobbyError
from services.permissions import PermissionDenied
from tests.flows.runner_rig import World
from tests.lobby.test_recognition import desk

NOW = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


def memos(world: World, username: str) -> MemoService:
    return MemoService(desk(world, username), world.audit, clock=lambda: NOW)


def feed_rows(world: World, entity_id: str) -> Sequence[Any]:
    with world.engine.connect() as conn:
        return conn.execute(
            select(ChangeFeed.action, ChangeFeed.payload)
            .where(ChangeFeed.entity == FEED_MEMO, ChangeFeed.entity_id == entity_id)
            .order_by(ChangeFeed.id)
        ).all()


def test_a_note_by_the_lobby_manager_is_seen_by_the_customer_manager(world: World) -> None:
    lobby, cm = world.principal("lobby01"), world.principal("cm01")
    assert lobby.branch_id is not None and lobby.branch_id == cm.branch_id
    cid = world.customer(branch_id=lobby.branch_id, offset=6)

    note = memos(world, "lobby01").add_note(lobby, cid, "  客户想了解大额存单\n下周三带身份证原件再来  ")

    assert note.kind == "memo" and note.customer_id == cid and note.due_at is None and note.done_at is None
    assert note.title == "客户想了解大额存单" and note.body == "客户想了解大额存单\n下周三带身份证原件再来"
    assert note.created_by_name == lobby.display_name and note.version == 1
    seen = memos(world, "cm01").for_customer(cm, cid)
    assert note.id in [m.id for m in seen]
    with world.engine.connect() as conn:
        branch = conn.execute(select(Customer.branch_id).where(Customer.id == cid)).scalar_one()
        audited = conn.execute(
            select(AuditLog.user_id).where(AuditLog.action == "memo_add", AuditLog.entity_id == str(note.id))
        ).all()
    assert [a.user_id for a in audited] == [lobby.user_id]
    assert feed_rows(world, str(cid))[-1].action == "added"
    assert branch == lobby.branch_id
    # another branch's lobby manager sees neither the customer nor the note
    other = world.principal("lobby02")
    with pytest.raises(PermissionDenied):
        memos(world, "lobby02").for_customer(other, cid)
    with pytest.raises(LobbyError) as hidden:
        memos(world, "lobby02").mark_done(other, note.id, note.version)
    assert hidden.value.code == "no_memo"


def test_done_reopen_and_a_stale_version(world: World) -> None:
    lobby, cm = world.principal("lobby01"), world.principal("cm01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=7)
    note = memos(world, "lobby01").add_note(lobby, cid, "提醒客户更新预留手机号")

    done = memos(world, "cm01").mark_done(cm, note.id, note.version)
    assert done.done_at == NOW and done.version == note.version + 1
    assert note.id not in [m.id for m in memos(world, "lobby01").for_customer(lobby, cid)]
    assert note.id in [m.id for m in memos(world, "lobby01").for_customer(lobby, cid, include_done=True)]
    with pytest.raises(LobbyError) as stale:
        memos(world, "lobby01").mark_done(lobby, note.id, note.version)  # the version the screen showed before
    assert stale.value.code == "stale" and "刷新" in stale.value.zh
    again = memos(world, "lobby01").reopen(lobby, done.id, done.version)
    assert again.done_at is None and again.version == done.version + 1
    assert [r.action for r in feed_rows(world, str(cid))][-2:] == ["done", "reopened"]


def test_personal_todos(world: World) -> None:
    lobby, cm = world.principal("lobby01"), world.principal("cm01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=8)
    service = memos(world, "cm01")
    due = NOW + dt.timedelta(days=2)
    mine = service.add_todo(cm, "整理季度客户回访名单", due)
    about = service.add_todo(cm, "给客户寄送理财说明书", NOW + dt.timedelta(days=1), customer_id=cid, body="快递")

    assert mine.kind == "todo" and mine.customer_id is None and mine.due_at == due
    todos = service.my_todos(cm)
    assert [t.id for t in todos if t.id in (mine.id, about.id)] == [about.id, mine.id]  # by due date
    assert about.id in [m.id for m in memos(world, "lobby01").for_customer(lobby, cid)]  # the branch sees it
    assert mine.id not in [t.id for t in memos(world, "lobby01").my_todos(lobby)]
    assert feed_rows(world, f"u{cm.user_id}")[-1].action == "added"
    finished = service.mark_done(cm, mine.id, mine.version)
    assert mine.id not in [t.id for t in service.my_todos(cm)]
    assert mine.id in [t.id for t in service.my_todos(cm, include_done=True)]
    assert feed_rows(world, f"u{cm.user_id}")[-1].action == "done" and finished.done_at is not None


def test_empty_and_too_long_text_is_refused(world: World) -> None:
    lobby = world.principal("lobby01")
    assert lobby.branch_id is not None
    cid = world.customer(branch_id=lobby.branch_id, offset=9)
    service = memos(world, "lobby01")
    for bad in ("", "   \n  "):
        with pytest.raises(LobbyError) as empty:
            service.add_note(lobby, cid, bad)
        assert empty.value.code == "empty"
    with pytest.raises(LobbyError) as long_title:
        service.add_todo(lobby, "长" * (TITLE_MAX + 1), NOW)
    assert long_title.value.code == "too_long"
    with pytest.raises(LobbyError) as long_note:
        service.add_note(lobby, cid, "字" * 2001)
    assert long_note.value.code == "too_long"
    long_line = service.add_note(lobby, cid, "备" * 300)
    assert len(long_line.title) == TITLE_MAX and long_line.title.endswith("…") and long_line.body == "备" * 300
    with pytest.raises(PermissionDenied):  # a customer outside the scope
        other = world.customer(offset=0, branch_id=world.principal("lobby02").branch_id)
        service.add_note(lobby, other, "不应写入")
