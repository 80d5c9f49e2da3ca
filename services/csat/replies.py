"""An SMS answer to a call survey: which survey it answers, and what answering writes.

The gateway's inbound-SMS handler (:func:`gateway.messaging_events.apply_incoming`) asks
:func:`pending_survey` for a customer whose reply holds a score (:func:`~.rules.parse_score`) and, when one is
found, writes the timeline entry (with the call) and calls :func:`record_answer` in the same transaction.
The answer goes on the survey row (score, text, time), on the call (``call.csat_score``); a score at or below
the queue's low-score threshold opens one to-do for the supervisor of the agent's team, shown on their desk
with their other to-dos.  Only a ``sent`` survey moves to ``answered`` (a guarded update), so a repeated or
replayed message records nothing twice and opens no second follow-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Table, insert, select, update

from db import feed
from db.models import Call, CsatSurvey, Reminder, Team, User

from .rules import REPLY_WINDOW
from .settings import rules_for

SURVEY: Table = CsatSurvey.__table__  # type: ignore[assignment]
REMINDER: Table = Reminder.__table__  # type: ignore[assignment]
CALL: Table = Call.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Answered:
    survey_id: int
    call_id: int
    score: int
    followup_id: int | None


def pending_survey(conn: Connection, customer_id: int, at: dt.datetime) -> tuple[int, int] | None:
    """(survey id, call id) of the customer's latest survey sent within the reply window and not yet answered."""
    s = SURVEY.c
    row = conn.execute(
        select(s.id, s.call_id)
        .where(s.customer_id == customer_id, s.status == "sent", s.sent_at >= at - REPLY_WINDOW, s.sent_at <= at)
        .order_by(s.sent_at.desc(), s.id.desc())
        .limit(1)
    ).first()
    return (int(row.id), int(row.call_id)) if row is not None else None


def supervisor_of(conn: Connection, agent_id: int | None) -> int | None:
    """Who follows up an agent's low score: their team's supervisor, else the person they report to."""
    if agent_id is None:
        return None
    row = conn.execute(
        select(Team.supervisor_id, User.reports_to_id)
        .select_from(User)
        .outerjoin(Team, Team.id == User.team_id)
        .where(User.id == agent_id)
    ).first()
    if row is None:
        return None
    found = row.supervisor_id or row.reports_to_id
    return int(found) if found is not None else None


def record_answer(conn: Connection, survey_id: int, score: int, text: str, at: dt.datetime) -> Answered | None:
    """Record the answer (see the module); None when the survey was answered or closed meanwhile."""
    moved = conn.execute(
        update(SURVEY)
        .where(SURVEY.c.id == survey_id, SURVEY.c.status == "sent")
        .values(status="answered", score=score, reply_text=text.strip()[:400], answered_at=at)
    ).rowcount
    if moved != 1:
        return None
    row = conn.execute(select(SURVEY).where(SURVEY.c.id == survey_id)).one()
    conn.execute(update(CALL).where(CALL.c.id == row.call_id).values(csat_score=score))
    followup_id = None
    low = rules_for(conn, int(row.queue_id)).low_score if row.queue_id is not None else 2
    supervisor = supervisor_of(conn, row.agent_id) if score <= low else None
    if supervisor is not None:
        agent = conn.execute(select(User.display_name).where(User.id == row.agent_id)).scalar() or ""
        followup_id = conn.execute(
            insert(REMINDER)
            .values(
                customer_id=row.customer_id,
                kind="todo",
                title=f"满意度低分回访：{score}分（坐席{agent}）"[:120],
                body=text.strip()[:2000] or None,
                due_at=at,
                assigned_to_id=supervisor,
                branch_id=row.branch_id,
                created_at=at,
                updated_at=at,
                version=1,
            )
            .returning(REMINDER.c.id)
        ).scalar_one()
        conn.execute(update(SURVEY).where(SURVEY.c.id == survey_id).values(followup_id=followup_id))
        feed.append(conn, "reminder", int(followup_id), "csat_followup")
    return Answered(survey_id, int(row.call_id), score, int(followup_id) if followup_id is not None else None)
