"""The CSAT report's exact figures on a small set of surveys (both databases), and its empty state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, update

from db.models import Branch, CsatSurvey, Ticket, TicketClock
from services.reports.catalogue import run_report
from services.reports.types import ReportContext, ReportFilter

from .world import CsatWorld

DAY1 = dt.date(2026, 3, 9)
DAY2 = dt.date(2026, 3, 10)


def at(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock in Shanghai on ``day``, as UTC."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC) - dt.timedelta(hours=8)


TIMES = ((DAY1, 9), (DAY1, 10), (DAY1, 11), (DAY1, 12), (DAY2, 0), (DAY2, 15))


def seed(cw: CsatWorld) -> int:
    """Day 1: 4 sent, 3 answered (5, 4, 2); day 2: 2 sent, 1 answered (1); one skipped, one still pending.

    Day 2's surveys are of a second branch.  Day 2's 00:30 in Shanghai is still day 1 in UTC: it must count
    on day 2.  One complaint (category fee) was surveyed on day 2 and answered 3.
    """
    calls = [cw.call(cw.bank.zhang, ended=at(d, h), call_id=500 + i) for i, (d, h) in enumerate(TIMES)]
    extra = [cw.call(cw.bank.zhang, ended=at(DAY2, 9), call_id=600 + i) for i in range(2)]
    with cw.engine.begin() as conn:
        other = conn.execute(
            insert(Branch)
            .values(code="BJ01", name="北京朝阳支行", city="北京", district="朝阳区", address="x")
            .returning(Branch.id)
        ).scalar_one()
        rows = [
            (DAY1, 9, "answered", 5, cw.bank.branch),
            (DAY1, 10, "answered", 4, cw.bank.branch),
            (DAY1, 11, "answered", 2, cw.bank.branch),
            (DAY1, 12, "expired", None, cw.bank.branch),
            (DAY2, 0, "answered", 1, other),  # 00:xx local
            (DAY2, 15, "sent", None, other),
        ]
        for i, (day, hour, status, score, branch) in enumerate(rows):
            call = calls[i]
            conn.execute(
                insert(CsatSurvey).values(
                    call_id=call, customer_id=cw.bank.zhang, agent_id=cw.bank.agent, queue_id=cw.queue,
                    branch_id=branch, status=status, created_at=at(day, hour), due_at=at(day, hour),
                    sent_at=at(day, hour) + dt.timedelta(minutes=30), score=score,
                )
            )  # fmt: skip
        for i, status in enumerate(("skipped", "pending")):
            call = extra[i]
            conn.execute(
                insert(CsatSurvey).values(call_id=call, customer_id=cw.bank.zhang, status=status, queue_id=cw.queue,
                                          created_at=at(DAY2, 9), reason="opt_out" if i == 0 else None)
            )  # fmt: skip
        conn.execute(update(Ticket).where(Ticket.id == cw.bank.ticket).values(status="closed", satisfaction=3))
        conn.execute(insert(TicketClock).values(ticket_id=cw.bank.ticket, started_at=at(DAY1, 9),
                                                survey_sent_at=at(DAY2, 10)))  # fmt: skip
    return int(other)


def test_figures_per_day_agent_queue_branch_and_complaint_category(cw: CsatWorld) -> None:
    other = seed(cw)
    ctx = ReportContext(user_id=cw.supervisor, role="supervisor")
    with cw.engine.connect() as conn:
        result = run_report(conn, "csat", ReportFilter(DAY1, DAY2), ctx)
    assert result.empty_reason is None
    assert result.x_labels == ("2026-03-09", "2026-03-10")
    series = {s.key: s.values for s in result.series}
    assert series == {
        "avg_score": (3.67, 1.0),
        "satisfied_pct": (66.7, 0.0),
        "response_pct": (75.0, 50.0),
    }
    rows = {(r[0], r[1]): r[2:] for r in result.rows}
    assert rows[("Agent", "agent姓名")] == (6, 4, 66.7, 3.0, 50.0)
    assert rows[("Queue", "综合队列")] == (6, 4, 66.7, 3.0, 50.0)
    assert rows[("Branch", "上海徐汇支行")] == (4, 3, 75.0, 3.67, 66.7)
    assert rows[("Branch", "北京朝阳支行")] == (2, 1, 50.0, 1.0, 0.0)
    assert rows[("Complaint category", "fee")] == (1, 1, 100.0, 3.0, 0.0)
    # Filtered to one branch and one day.
    with cw.engine.connect() as conn:
        one = run_report(conn, "csat", ReportFilter(DAY2, DAY2, branch_ids=(other,)), ctx)
    assert {s.key: s.values for s in one.series}["avg_score"] == (1.0,)
    assert [r[:2] for r in one.rows] == [("Agent", "agent姓名"), ("Queue", "综合队列"), ("Branch", "北京朝阳支行")]


def test_a_range_without_surveys_explains_itself(cw: CsatWorld) -> None:
    seed(cw)
    ctx = ReportContext(user_id=cw.supervisor, role="supervisor")
    with cw.engine.connect() as conn:
        result = run_report(conn, "csat", ReportFilter(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), ctx)
    assert result.empty and result.empty_reason and "surveys" in result.empty_reason
    assert result.series == () and result.rows == ()
