"""Deciding and sending the surveys (both databases): who is asked, when, through the outbox, and once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from db.models import CsatSurvey, OutboxMessage
from services.csat.rules import sampled

from .world import CsatWorld


def outbox_rows(cw: CsatWorld) -> list[Any]:
    with cw.engine.connect() as conn:
        return list(conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.idem_key.like("csat:%"))).all())


def test_a_completed_call_gets_one_survey_through_the_outbox_in_the_customers_language(cw: CsatWorld) -> None:
    zhang, li = cw.call(cw.bank.zhang), cw.call(cw.bank.li)
    assert cw.run() == {"pending": 2, "skipped": 0, "released_sent": 2, "released_skipped": 0, "expired": 0}
    rows = {r.idem_key: r for r in outbox_rows(cw)}
    assert set(rows) == {f"csat:{zhang}", f"csat:{li}"}
    first = rows[f"csat:{zhang}"]
    assert (first.channel, first.purpose, first.status) == ("sms", "service", "pending")
    assert first.customer_id == cw.bank.zhang
    assert "张伟" in first.body_text and "回复1至5" in first.body_text and first.template_id is not None
    assert "Please rate our service" in rows[f"csat:{li}"].body_text
    survey = cw.survey(zhang)
    assert (survey.status, survey.agent_id, survey.queue_id, survey.branch_id) == (
        "sent",
        cw.bank.agent,
        cw.queue,
        cw.bank.branch,
    )
    assert survey.outbox_id == first.id
    # The job again (or another gateway after it): nothing new.
    assert cw.run() == {"pending": 0, "skipped": 0, "released_sent": 0, "released_skipped": 0, "expired": 0}
    assert len(outbox_rows(cw)) == 2


def test_opt_out_no_mobile_and_unanswered_calls(cw: CsatWorld) -> None:
    refused, landline = cw.call(cw.bank.sun), cw.call(cw.bank.zhao)
    abandoned = cw.call(cw.bank.wang, answered=False)
    counts = cw.run()
    assert counts["skipped"] == 2 and counts["released_sent"] == 0
    assert cw.survey(refused).reason == "opt_out"
    assert cw.survey(landline).reason == "no_mobile"
    assert cw.survey(abandoned) is None and outbox_rows(cw) == []


def test_a_customer_is_not_surveyed_twice_within_the_gap(cw: CsatWorld) -> None:
    first = cw.call(cw.bank.zhang, ended=cw.now - dt.timedelta(minutes=30))
    cw.run(cw.now - dt.timedelta(minutes=29))
    second = cw.call(cw.bank.zhang)
    cw.run()
    assert cw.survey(first).status == "sent"
    assert (cw.survey(second).status, cw.survey(second).reason) == ("skipped", "recent")
    cw.set_rules(min_gap_days=0)
    third = cw.call(cw.bank.zhang)
    cw.run()
    assert cw.survey(third).status == "sent"


def test_a_survey_due_in_quiet_hours_waits_until_they_end(cw: CsatWorld) -> None:
    night = dt.datetime(2026, 3, 10, 14, 30, tzinfo=dt.UTC)  # 22:30 in Shanghai
    call = cw.call(cw.bank.zhang, ended=night - dt.timedelta(minutes=2))
    assert cw.run(night)["pending"] == 1
    morning = dt.datetime(2026, 3, 11, 0, 0, tzinfo=dt.UTC)  # 08:00 the next day
    survey = cw.survey(call)
    assert (survey.status, survey.due_at) == ("pending", morning)
    assert cw.run(morning - dt.timedelta(minutes=1))["released_sent"] == 0 and outbox_rows(cw) == []
    assert cw.run(morning)["released_sent"] == 1
    assert cw.survey(call).sent_at == morning


def test_sampling_follows_the_rate_and_is_decided_once(cw: CsatWorld) -> None:
    cw.set_rules(sample_pct=50, min_gap_days=0)
    calls = [cw.call(cw.bank.zhang, call_id=1000 + i) for i in range(40)]
    cw.run()
    cw.run()
    with cw.engine.connect() as conn:
        surveyed = set(conn.execute(select(CsatSurvey.call_id)).scalars())
    assert surveyed == {c for c in calls if sampled(c, 50)} and 0 < len(surveyed) < 40
    assert len(outbox_rows(cw)) == len(surveyed)


def test_a_survey_left_unanswered_expires_after_48_hours(cw: CsatWorld) -> None:
    call = cw.call(cw.bank.zhang)
    cw.run()
    assert cw.run(cw.now + dt.timedelta(hours=47))["expired"] == 0
    assert cw.run(cw.now + dt.timedelta(hours=48, minutes=1))["expired"] == 1
    assert (cw.survey(call).status, cw.survey(call).reason) == ("expired", "no_reply")


def test_a_queue_with_surveys_off_and_old_calls_are_left_alone(cw: CsatWorld) -> None:
    cw.call(cw.bank.zhang, ended=cw.now - dt.timedelta(hours=5))  # older than the look-back
    assert cw.run()["pending"] == 0
    cw.set_rules(enabled=False)
    cw.call(cw.bank.zhang)
    assert cw.run()["pending"] == 0
    with cw.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CsatSurvey)).scalar() == 0
