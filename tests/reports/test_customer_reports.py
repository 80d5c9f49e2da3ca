"""The complaint and customer reports on a small known data set (exact numbers), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert

from db.models import Branch, Customer, Ticket
from db.pii import id_number_columns
from services.permissions import Principal
from services.reports.aggregate import refresh
from services.reports.service import ReportService
from services.reports.types import ReportFilter
from tests.wallboard.world import NOW, Floor, build_floor

DAY = dt.date(2026, 12, 7)
IDS = ["110101199003074573", "110101199003074581", "11010119900307459X", "110101199003074602", "110101199003074610"]


@pytest.fixture
def floor(migrated_engine: Engine) -> tuple[Engine, Floor]:
    engine = migrated_engine
    f = build_floor(engine)
    with engine.begin() as conn:
        for bid, name in ((1, "一支行"), (2, "二支行")):
            conn.execute(insert(Branch).values(id=bid, code=f"B{bid}", name=name, city="x", district="x", address="x"))
        # AUM 1000, 100, 50, 30, 20 (total 1200); tiers and stages known.
        specs = [(1000, 1, "gold", "mature"), (100, 1, "mass", "active"), (50, 2, "mass", "active"),
                 (30, 2, "affluent", "dormant"), (20, 2, "mass", "prospect")]  # fmt: skip
        for i, (aum, branch, tier, stage) in enumerate(specs, start=1):
            conn.execute(insert(Customer).values(
                id=i, cif_no=f"CIF{i}", name=f"客户{i}", name_pinyin="kehu", gender="F", id_type="resident",
                **id_number_columns(IDS[i - 1]), branch_id=branch, segment="mass", tier=tier, lifecycle_stage=stage,
                created_at=NOW, updated_at=NOW, aum=aum))  # fmt: skip
        opened = NOW - dt.timedelta(days=5)  # 2026-12-02, 10:00 local
        tickets = [
            # decided on time after 2 days, at branch 1
            dict(category="fee_dispute", received_at=opened, decided_at=opened + dt.timedelta(days=2),
                 regulatory_deadline=opened + dt.timedelta(days=15), complained_branch_id=1),
            # decided late (after its deadline), breached and extended, at branch 1
            dict(category="fee_dispute", received_at=opened, decided_at=opened + dt.timedelta(days=4),
                 regulatory_deadline=opened + dt.timedelta(days=1), extended_deadline=opened + dt.timedelta(days=3),
                 breached=True, complained_branch_id=1),
            # still open, at branch 2
            dict(category="wait_time", received_at=opened, regulatory_deadline=opened + dt.timedelta(days=15),
                 complained_branch_id=2),
        ]  # fmt: skip
        for n, values in enumerate(tickets):
            conn.execute(insert(Ticket).values(number=f"TR{n:05d}", kind="complaint", severity="normal",
                                               status="decided", intake_channel="call", summary="x", created_at=NOW,
                                               updated_at=NOW, **values))  # fmt: skip
    refresh(engine, clock=lambda: NOW)
    return engine, f


def test_complaints_by_product_line_category_and_branch(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    r = ReportService(engine, Principal(4, "dai", "supervisor")).run(
        "complaints", ReportFilter(DAY - dt.timedelta(days=7), DAY)
    )
    rows = {row[2]: row for row in r.rows}
    assert rows["一支行"] == ("收费", "收费争议", "一支行", 2, 2, pytest.approx(50.0), pytest.approx(3.0), 1, 1)
    assert rows["二支行"][3:] == (1, 0, None, None, 0, 0)
    english = ReportService(engine, Principal(4, "dai", "supervisor", locale="en")).run(
        "complaints", ReportFilter(DAY - dt.timedelta(days=7), DAY)
    )
    assert english.rows[0][:2] == ("Fees", "Fee dispute")
    only_two = ReportService(engine, Principal(4, "dai", "supervisor")).run(
        "complaints", ReportFilter(DAY - dt.timedelta(days=7), DAY, branch_ids=(2,))
    )
    assert [row[2] for row in only_two.rows] == ["二支行"]


def test_pareto_tiers_and_lifecycle(floor: tuple[Engine, Floor]) -> None:
    engine, _ = floor
    service = ReportService(engine, Principal(4, "dai", "supervisor"))
    pareto = service.run("value_pareto", ReportFilter(DAY, DAY))
    by_pct = {row[1]: row for row in pareto.rows}
    # 5 customers in 100 groups: the first five groups hold one customer each, the wealthiest first.
    assert pareto.series[0].values[1] == pytest.approx(1000 / 1200 * 100)
    assert by_pct[100][2:] == (5, pytest.approx(100.0), pytest.approx(1200.0))
    assert by_pct[20][0] == "Top 20 %"
    tiers = service.run("tiers", ReportFilter(DAY, DAY))
    assert tiers.x_labels == ("一支行", "二支行")
    assert [s.key for s in tiers.series] == ["mass", "affluent", "gold"]
    assert tiers.rows == (("一支行", 1, 0, 1, 2), ("二支行", 2, 1, 0, 3))
    funnel = service.run("lifecycle", ReportFilter(DAY, DAY, branch_ids=(2,)))
    assert funnel.x_labels == ("Prospect", "Active", "Dormant")
    assert [r[1] for r in funnel.rows] == [1, 1, 1]


def test_campaigns_count_their_messages_by_outcome(floor: tuple[Engine, Floor]) -> None:
    from db.models import Campaign, MessageTemplate, OutboxMessage

    engine, _ = floor
    with engine.begin() as conn:
        template = conn.execute(
            insert(MessageTemplate).values(code="promo", channel="sms", locale="zh_CN", version_no=1, name="促销",
                                           purpose="marketing", body_text="x", status="approved", created_at=NOW,
                                           updated_at=NOW).returning(MessageTemplate.id)
        ).scalar_one()  # fmt: skip
        campaign = conn.execute(
            insert(Campaign).values(name="春节理财", template_id=template, status="done", created_at=NOW,
                                    updated_at=NOW).returning(Campaign.id)
        ).scalar_one()  # fmt: skip
        for n, status in enumerate(("delivered", "delivered", "sent", "failed", "undelivered", "skipped", "pending")):
            conn.execute(insert(OutboxMessage).values(idem_key=f"k{n}", channel="sms", purpose="marketing",
                                                      body_text="x", status=status, campaign_id=campaign,
                                                      created_at=NOW))  # fmt: skip
    r = ReportService(engine, Principal(4, "dai", "supervisor")).run("campaigns", ReportFilter(DAY, DAY))
    assert r.rows == (("春节理财", 5, 2, 2, 1, pytest.approx(40.0)),)
    assert (
        ReportService(engine, Principal(4, "dai", "supervisor"))
        .run("campaigns", ReportFilter(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1)))
        .empty
    )
