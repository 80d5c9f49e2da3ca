"""Taxonomy file, settings, and tickets written without clock rows (the demo seed, older databases)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from db.models import Ticket, TicketClock
from services.config import Settings
from services.tickets import InvalidInput, TicketConfig
from services.tickets.taxonomy import OVERRIDE_FILE, load_taxonomy

from .conftest import World, cst


def test_packaged_taxonomy() -> None:
    tax = load_taxonomy()
    codes = [c.code for c in tax.categories()]
    assert len(codes) == len(set(codes)) >= 20
    # the categories the demo seed writes are all there
    for code in (
        "fee_dispute",
        "service_quality",
        "wait_time",
        "transaction_dispute",
        "wealth_misselling",
        "collection",
        "app_issue",
        "card_service",
    ):
        assert tax.get(code) is not None
    assert tax.label("wealth_misselling") == "理财产品误导销售"
    assert tax.label("wealth_misselling", "en") == "Mis-selling of wealth product"
    assert tax.same_matter("fee_dispute", "fee_disclosure") == "related"
    assert tax.label("retired_code") == "retired_code"
    with pytest.raises(InvalidInput):
        tax.validate("nope")


def test_bank_taxonomy_overrides_the_packaged_one(tmp_path: Path) -> None:
    data = {
        "groups": [
            {
                "code": "g",
                "zh_CN": "组",
                "en": "G",
                "categories": [
                    {"code": "a", "zh_CN": "甲", "en": "A"},
                    {"code": "old", "zh_CN": "旧", "en": "Old", "active": False},
                ],
            }
        ]
    }
    (tmp_path / OVERRIDE_FILE).write_text(json.dumps(data), encoding="utf-8")
    tax = load_taxonomy(tmp_path)
    assert [c.code for c in tax.categories()] == ["a"] and tax.label("old", "en") == "Old"
    with pytest.raises(InvalidInput):
        tax.validate("old")


def test_config_from_settings(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    s.ticket_work_hours = "08:30-12:00,13:00-17:00"
    s.ticket_regulatory_basis = "working"
    s.ticket_warn_points = "60%, P1D"
    s.ticket_attachment_max_mb = 5
    s.ticket_complaint_owner = "owner"
    cfg = TicketConfig.from_settings(s)
    assert cfg.work_hours[0] == (dt.time(8, 30), dt.time(12)) and cfg.regulatory_working_days
    assert cfg.warn_points == ("60%", "P1D") and cfg.attachment_max_bytes == 5 * 1024 * 1024
    s.ticket_work_hours = "garbage"
    assert TicketConfig.from_settings(s).work_hours == TicketConfig().work_hours


def test_tickets_without_clock_rows_are_backfilled(world: World) -> None:
    due = cst(2026, 3, 5, 23, 59, 59)
    with world.engine.begin() as conn:
        ids = [
            conn.execute(
                insert(Ticket)
                .values(
                    number=f"TS2602-{i:05d}",
                    kind="complaint",
                    customer_id=world.customer,
                    category="fee_dispute",
                    severity="normal",
                    status=status,
                    intake_channel="call_in",
                    summary="seeded",
                    received_at=cst(2026, 2, 18, 10),
                    regulatory_deadline=due,
                    breached=False,
                )
                .returning(Ticket.id)
            ).scalar_one()
            for i, status in enumerate(("in_progress", "closed", "new"), start=1)
        ]
    detail = world.service.ticket_detail(ids[0])  # loading one adds its clock row
    assert detail.row.due_at == due
    assert world.service.backfill_clocks() == 3  # the read above did not commit anything
    assert world.service.backfill_clocks() == 0
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(TicketClock)).scalar_one() == 3
    world.clock.set(cst(2026, 3, 4, 9))
    assert sorted(r.id for r in world.service.at_risk()) == sorted([ids[0], ids[2]])
    report = world.service.scan()
    assert report.examined == 2 and report.warnings == 2  # the seeded open tickets are past 80 %
    assert world.service.scan().examined == 0
