"""Answers to call surveys: recorded on the survey, the call, the timeline and (low) as one follow-up task.

Through the real path on SQLite: the survey SMS leaves through the gateway's outbox sender to the Twilio
simulator, whose customer answers; the simulator posts the signed inbound webhook to the gateway.  On both
databases the inbound handler (:func:`gateway.messaging_events.apply_incoming`) is called directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import Call, CsatSurvey, CustomerConsent, Interaction, Reminder
from db.write import utcnow, write_txn
from gateway.messaging_events import apply_incoming
from gateway.signature import Params

from ..messaging.rig import ACCOUNT_SID, Rig, running
from ..messaging.world import BANK_NUMBER, ZHANG_MOBILE
from .world import CsatWorld, build_csat_world


def inbound(cw: CsatWorld, body: str, at: dt.datetime, sid: str = "SM" + "a" * 32) -> list[int]:
    params = Params.from_pairs(
        [("AccountSid", ACCOUNT_SID), ("MessageSid", sid), ("From", ZHANG_MOBILE), ("To", BANK_NUMBER), ("Body", body)]
    )
    with write_txn(cw.engine) as conn:
        return apply_incoming(conn, params, at)


def state(cw: CsatWorld, call_id: int) -> tuple[Any, Any, list[Any], list[Any]]:
    with cw.engine.connect() as conn:
        survey = conn.execute(select(CsatSurvey.__table__).where(CsatSurvey.call_id == call_id)).one()
        score = conn.execute(select(Call.csat_score).where(Call.id == call_id)).scalar()
        entries = conn.execute(
            select(Interaction.disposition, Interaction.call_id, Interaction.subject).where(
                Interaction.direction == "in"
            )
        ).all()
        tasks = conn.execute(select(Reminder.__table__).where(Reminder.kind == "todo")).all()
    return survey, score, list(entries), list(tasks)


def test_an_answer_is_recorded_on_the_survey_the_call_and_the_timeline(cw: CsatWorld) -> None:
    call = cw.call(cw.bank.zhang)
    cw.run()
    assert inbound(cw, "非常满意", cw.now + dt.timedelta(hours=1)) == [cw.bank.zhang]
    survey, score, entries, tasks = state(cw, call)
    assert (survey.status, survey.score, survey.reply_text) == ("answered", 5, "非常满意")
    assert score == 5
    assert entries == [("csat_reply", call, "来电满意度评价：5 分")]
    assert tasks == []  # a good score opens nothing
    # The same message again, and a later second answer, change nothing.
    inbound(cw, "非常满意", cw.now + dt.timedelta(hours=1))
    inbound(cw, "1", cw.now + dt.timedelta(hours=2), sid="SM" + "b" * 32)
    survey, score, entries, tasks = state(cw, call)
    assert (survey.score, score, len(tasks)) == (5, 5, 0)
    assert [e[0] for e in entries] == ["csat_reply", "reply"]


def test_a_low_score_opens_one_follow_up_for_the_agents_supervisor(cw: CsatWorld) -> None:
    call = cw.call(cw.bank.zhang)
    cw.run()
    inbound(cw, "不满意，等太久了", cw.now + dt.timedelta(minutes=30))
    inbound(cw, "不满意，等太久了", cw.now + dt.timedelta(minutes=30))  # the provider delivers it twice
    survey, score, _entries, tasks = state(cw, call)
    assert (survey.score, score) == (2, 2)
    assert len(tasks) == 1
    task = tasks[0]
    assert (task.assigned_to_id, task.customer_id, task.done_at) == (cw.supervisor, cw.bank.zhang, None)
    assert "2分" in task.title and task.body == "不满意，等太久了"
    assert survey.followup_id == task.id


def test_unparseable_late_and_stop_replies_leave_the_survey_alone(cw: CsatWorld) -> None:
    call = cw.call(cw.bank.zhang)
    cw.run()
    inbound(cw, "请问我的卡什么时候寄到？", cw.now + dt.timedelta(minutes=5))
    inbound(cw, "5", cw.now + dt.timedelta(hours=49), sid="SM" + "c" * 32)  # past the reply window
    assert state(cw, call)[0].status == "sent"
    inbound(cw, "TD", cw.now + dt.timedelta(minutes=6), sid="SM" + "d" * 32)
    survey, score, entries, _tasks = state(cw, call)
    assert (survey.status, score) == ("sent", None)
    assert sorted(e[0] for e in entries) == ["opt_out", "reply", "reply"]
    with cw.engine.connect() as conn:
        refused = conn.execute(
            select(CustomerConsent.granted).where(
                CustomerConsent.customer_id == cw.bank.zhang,
                CustomerConsent.channel == "sms",
                CustomerConsent.purpose == "service",
            )
        ).scalar()
    assert refused is False
    # ... and the next call is not surveyed: the customer opted out.
    later = cw.call(cw.bank.zhang)
    cw.set_rules(min_gap_days=0)
    cw.run()
    assert (state(cw, later)[0].status, state(cw, later)[0].reason) == ("skipped", "opt_out")


@pytest.fixture
def live(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[CsatWorld, Rig]]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    cw = build_csat_world(engine)
    with running(cw.bank, tmp_path) as rig:
        yield cw, rig
    engine.dispose()


def test_through_the_gateway_the_simulated_customer_answers_the_sent_survey(live: tuple[CsatWorld, Rig]) -> None:
    cw, rig = live
    now = utcnow()  # the gateway stamps inbound messages with the real time
    cw.set_rules(quiet_start="00:00", quiet_end="00:00")  # no quiet hours: whatever the hour of the run
    call = cw.call(cw.bank.zhang, ended=now - dt.timedelta(minutes=1))
    assert cw.run(now)["released_sent"] == 1
    outbox_id = cw.survey(call).outbox_id
    assert rig.sender.drain() == 1
    assert rig.row(outbox_id).status in ("queued", "sent", "delivered")  # the simulator has it
    assert rig.reply(ZHANG_MOBILE, "１") == 200
    survey, score, entries, tasks = state(cw, call)
    assert (survey.status, survey.score, score) == ("answered", 1, 1)
    assert ("csat_reply", call, "来电满意度评价：1 分") in entries
    assert len(tasks) == 1
