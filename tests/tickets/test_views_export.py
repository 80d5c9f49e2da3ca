"""Queues, boards, saved filters, lookup by number, and the masked export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from db.models import AuditLog
from services.permissions import PermissionDenied as RoleDenied
from services.tickets import InvalidInput
from services.tickets.export import mask_name, scrub_text

from .conftest import World, cst


def make(world: World, when: dt.datetime, **kw: object) -> int:
    world.clock.set(when)
    return world.service.create_complaint(world.agent, world.complaint(send_receipt=False, **kw)).id


def test_boards_order_by_remaining_time(world: World) -> None:
    old = make(world, cst(2026, 2, 20, 10), team_id=world.team)  # due 7 Mar
    mid = make(world, cst(2026, 2, 25, 10), assignee_id=world.handler, team_id=world.team)  # due 12 Mar
    new = make(world, cst(2026, 3, 1, 10), customer_id=world.customer2)  # due 16 Mar
    done = make(world, cst(2026, 2, 26, 10))
    v = world.service.transition(world.agent, done, 1, "acknowledged")
    world.service.decide(world.agent, done, v, decision="已处理", outcome="rejected")
    world.clock.set(cst(2026, 3, 8, 9, 0))
    at_risk = world.service.at_risk()
    assert [r.id for r in at_risk] == [mid, new]
    assert at_risk[0].remaining_s == int((cst(2026, 3, 12, 23, 59, 59) - world.clock.now).total_seconds())
    assert [r.id for r in world.service.breached()] == [old]
    assert world.service.breached()[0].remaining_s < 0
    assert [r.id for r in world.service.at_risk(team_id=world.team)] == [mid]
    assert [r.id for r in world.service.at_risk(within=dt.timedelta(days=5))] == [mid]
    page1 = world.service.at_risk(limit=1)
    assert [r.id for r in world.service.at_risk(after=(page1[0].due_at, page1[0].id))] == [new]
    assert [r.id for r in world.service.my_tickets(world.handler)] == [mid]
    assert [r.id for r in world.service.team_queue(world.team)] == [old, mid]
    assert [r.id for r in world.service.team_queue(world.team, unassigned_only=True)] == [old]
    assert world.service.customer_tickets(world.customer)[0].id in (old, mid)
    assert done in [r.id for r in world.service.customer_tickets(world.customer)]
    assert world.service.at_risk()[0].customer_name == "周慧敏"


def test_saved_filters(world: World) -> None:
    a = make(world, cst(2026, 3, 1, 10), category="app_issue", severity="major")
    make(world, cst(2026, 3, 1, 11))
    fid = world.service.save_filter(world.handler, "手机银行", {"categories": ["app_issue"]})
    world.service.save_filter(
        world.supervisor, "全部重大", {"severities": ["major"], "include_closed": True}, shared=True
    )
    world.service.save_filter(world.supervisor, "私人", {"view": "breached"})
    names = [f.name for f in world.service.list_filters(world.handler)]
    assert names == ["全部重大", "手机银行"]
    (mine,) = [f for f in world.service.list_filters(world.handler) if f.id == fid]
    assert [r.id for r in world.service.run_filter(mine.criteria, user_id=world.handler)] == [a]
    assert world.service.save_filter(world.handler, "手机银行", {"text": "年费"}) == fid  # replaced
    assert len(world.service.run_filter({"text": "年费"}, user_id=world.handler)) == 2
    with pytest.raises(InvalidInput):
        world.service.save_filter(world.handler, "x", {"colour": "red"})
    world.service.delete_filter(world.handler, fid)
    assert [f.name for f in world.service.list_filters(world.handler)] == ["全部重大"]


def test_find_by_number_as_heard_on_the_phone(world: World) -> None:
    tid = make(world, cst(2026, 3, 1, 10))
    assert world.service.find_by_number("ts 2603 0001") == tid
    assert world.service.find_by_number("TS2603-OOO1") == tid
    assert world.service.find_by_number("TS2603-0002") is None
    assert world.service.find_by_number("hello") is None


def test_masking_helpers() -> None:
    assert mask_name("张三") == "张*" and mask_name("欧阳晓明") == "欧阳**" and mask_name("Zhang San") == "Z**** S**"
    text = "客户手机13812345678，身份证310104198006150028，卡号6222021234567890123，邮箱zhou@example.com"
    scrubbed = scrub_text(text)
    assert "13812345678" not in scrubbed and "310104198006150028" not in scrubbed
    assert "6222021234567890123" not in scrubbed and "zhou@" not in scrubbed
    assert "*******5678" in scrubbed and "0028" in scrubbed and "z***@example.com" in scrubbed


def test_export_is_masked_and_audited(world: World, tmp_path: Path) -> None:
    # In the supervisor's team: an export holds only the tickets the exporting person may see.
    make(world, cst(2026, 3, 1, 10), summary="客户称13812345678收到扣费短信", team_id=world.team)
    make(world, cst(2026, 3, 1, 11), customer_id=world.customer2, summary='=HYPERLINK("x")', team_id=world.team)
    with pytest.raises(RoleDenied):
        world.service.export(world.agent, {}, tmp_path / "no.csv")
    assert world.service.export(world.boss, {}, tmp_path / "t.csv") == 2
    assert world.service.export(world.boss, {}, tmp_path / "t.xlsx", language="en") == 2
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    sheet = load_workbook(tmp_path / "t.xlsx").active
    xrows = [[("" if c is None else str(c)) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "编号" and xrows[0][0] == "Number"
    for table in (rows, xrows):
        flat = "\n".join(",".join(r) for r in table)
        assert "周慧敏" not in flat and "欧阳晓明" not in flat
        assert "310104198006150028" not in flat and "13812345678" not in flat and "+8613900001111" not in flat
        assert "周**" in flat and "欧阳**" in flat and "310***********0028" in flat and "138****5678" in flat
        assert "'=HYPERLINK" in flat
    assert not list(tmp_path.glob("*.part"))
    with world.engine.connect() as conn:
        exports = conn.execute(select(AuditLog.detail).where(AuditLog.action == "export")).scalars().all()
    assert len(exports) == 2 and all("tickets" in d for d in exports)


def test_team_board_follows_reassignment(world: World) -> None:
    from db.models import Team

    with world.engine.begin() as conn:
        other = conn.execute(
            insert(Team).values(name="信用卡投诉组", kind="complaint_desk").returning(Team.id)
        ).scalar_one()
    tid = make(world, cst(2026, 3, 1, 10), team_id=world.team)
    assert [r.id for r in world.service.at_risk(team_id=world.team)] == [tid]
    world.service.assign(world.boss, tid, 1, assignee_id=None, team_id=other)
    assert world.service.at_risk(team_id=world.team) == []
    assert [r.id for r in world.service.at_risk(team_id=other)] == [tid]
    assert [r.id for r in world.service.team_queue(other)] == [tid]
