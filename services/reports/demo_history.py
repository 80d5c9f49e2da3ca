"""Four weeks of finished calls for the demo database, so that the call reports show a history at once.

The seed writes customers, their contacts and complaints, but no calls: the demo's calls are the simulator's,
from the moment it starts.  This adds the calls of the 28 days before today (the bank's days; today belongs
to the live demo and its wallboard): each queue gets a working day's calls from 08:00 to 20:00 with a
morning and an afternoon peak, answered by the agents who have its skill for the seeded customers, with
dispositions and some abandons, and the satisfaction surveys a quarter of them were sent (with their replies),
generated from a fixed seed so every demo database holds the same history.
It then builds the reports' aggregates (the upkeep's first run) so that the first report opened is ready.
Once only: a database that already has these calls is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, bindparam, func, insert, select, update

from db.models import Call, CallQueue, CsatSurvey, Customer, DispositionCode, User
from db.write import write_txn

from .aggregate import refresh

PREFIX = "CAHIST"
DAYS = 28
SEED = 2026
PEAKS = (10.5, 15.0)  # local hours of the day's two peaks


def install_call_history(engine: Engine, *, timezone: str = "Asia/Shanghai", per_queue_day: int = 60) -> int:
    """Add the history (once); returns the calls written (0 when they were there)."""
    zone = ZoneInfo(timezone)
    with engine.connect() as conn:
        if conn.execute(select(Call.id).where(Call.call_sid.like(f"{PREFIX}%")).limit(1)).first():
            return 0
        queues = conn.execute(
            select(CallQueue.id, CallQueue.skills, CallQueue.service_level_seconds).order_by(CallQueue.id)
        ).all()
        agents = conn.execute(
            select(User.id, User.skills).where(User.role_code == "agent", User.is_active.is_(True)).order_by(User.id)
        ).all()
        lo, hi = conn.execute(select(func.min(Customer.id), func.max(Customer.id))).one()
        parents = set(
            conn.execute(select(DispositionCode.parent_id).where(DispositionCode.parent_id.is_not(None))).scalars()
        )
        codes = [
            c
            for i, c in conn.execute(select(DispositionCode.id, DispositionCode.code).order_by(DispositionCode.id))
            if i not in parents
        ]
    if not queues or not agents or lo is None:
        return 0
    rows = _calls(queues, agents, (int(lo), int(hi)), codes or ["general"], zone, per_queue_day)
    with write_txn(engine) as conn:
        for start in range(0, len(rows), 5_000):
            conn.execute(insert(Call), rows[start : start + 5_000])
        _surveys(conn)
    refresh(engine, timezone=timezone)
    return len(rows)


def _surveys(conn: Any) -> None:
    """The satisfaction surveys those calls would have had: a quarter of the answered calls of known customers
    were asked, about two in three replied (mostly content, some not), the rest let the survey expire."""
    rng = random.Random(SEED + 1)
    calls = conn.execute(
        select(Call.id, Call.customer_id, Call.agent_id, Call.queue_id, Call.ended_at, Customer.branch_id)
        .join(Customer, Customer.id == Call.customer_id)
        .where(Call.call_sid.like(f"{PREFIX}%"), Call.state == "completed")
        .order_by(Call.id)
    ).all()
    surveys, scores = [], []
    for call_id, customer_id, agent_id, queue_id, ended, branch_id in calls:
        if rng.random() >= 0.25:
            continue
        sent = ended + dt.timedelta(minutes=2)
        score = rng.choices((5, 4, 3, 2, 1), weights=(55, 25, 10, 6, 4))[0] if rng.random() < 0.65 else None
        surveys.append(
            {"call_id": call_id, "customer_id": customer_id, "agent_id": agent_id, "queue_id": queue_id,
             "branch_id": branch_id, "status": "answered" if score else "expired",
             "reason": None if score else "no_reply", "created_at": ended, "due_at": sent, "sent_at": sent,
             "score": score, "reply_text": str(score) if score else None,
             "answered_at": sent + dt.timedelta(minutes=rng.uniform(1, 90)) if score else None}
        )  # fmt: skip
        if score:
            scores.append({"b_id": call_id, "b_score": score})
    for start in range(0, len(surveys), 5_000):
        conn.execute(insert(CsatSurvey), surveys[start : start + 5_000])
    if scores:
        conn.execute(
            update(Call)
            .where(Call.id == bindparam("b_id"))
            .values(csat_score=bindparam("b_score"), version=Call.version + 1),
            scores,
        )


def _calls(
    queues: Any, agents: Any, customers: tuple[int, int], codes: list[str], zone: ZoneInfo, per_day: int
) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    today = dt.datetime.now(zone).date()
    rows: list[dict[str, Any]] = []
    recent: list[tuple[int, str]] = []
    for back in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        weekend = day.weekday() >= 5
        for queue_id, skills, sl_seconds in queues:
            staff = [a for a, s in agents if set(s or ()) & set(skills or ())] or [a for a, _ in agents]
            busy = 1.0 + 0.6 * rng.random()  # some days are busier: their service level drops
            for _ in range(int(per_day * (0.5 if weekend else 1.0) * rng.uniform(0.8, 1.2))):
                hour = min(19.99, max(8.0, rng.gauss(rng.choice(PEAKS), 2.0)))
                at = dt.datetime.combine(day, dt.time(0), tzinfo=zone) + dt.timedelta(hours=hour)
                wait = rng.expovariate(1 / (sl_seconds * 0.7 * busy))
                sid = f"{PREFIX}{len(rows):010d}"
                customer: int | None = rng.randint(*customers) if rng.random() < 0.85 else None
                code = rng.choice(codes)
                if recent and rng.random() < 0.12:  # a caller back about the same thing: not resolved first time
                    customer, code = rng.choice(recent)
                base = {"call_sid": sid, "direction": "inbound", "queue_id": queue_id, "customer_id": customer,
                        "match_result": "single" if customer else "none", "received_at": at,
                        "enqueued_at": at, "answered_at": None, "wrapup_at": None, "wrapup_ended_at": None,
                        "agent_id": None, "disposition": None}  # fmt: skip
                if rng.random() < 0.06 * busy:
                    rows.append(base | {"state": "abandoned", "ended_at": at + dt.timedelta(seconds=wait * 1.5)})
                    continue
                answered = at + dt.timedelta(seconds=wait)
                ended = answered + dt.timedelta(seconds=rng.uniform(60, 420))
                wrapped = ended + dt.timedelta(seconds=rng.expovariate(1 / 35))
                rows.append(
                    base | {"state": "completed", "answered_at": answered, "ended_at": ended, "wrapup_at": ended,
                            "wrapup_ended_at": wrapped, "agent_id": rng.choice(staff),
                            "disposition": code if customer else None}
                )  # fmt: skip
                if customer is not None:
                    recent = [*recent[-199:], (customer, code)]
    return rows
