"""The messaging tests' small bank plus a call-centre team (agent, supervisor), a queue with surveys on,
and helpers that write completed calls and run the survey job's steps at a given time."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update

from db.models import Call, CallQueue, CsatSetting, CsatSurvey, Team, User
from db.write import write_txn
from services.csat import sending
from services.messaging.config import MessagingConfig

from ..messaging.world import World, build_world

_sids = itertools.count(1)


@dataclass(frozen=True)
class CsatWorld:
    bank: World
    queue: int
    supervisor: int
    team: int

    @property
    def engine(self) -> Engine:
        return self.bank.engine

    @property
    def now(self) -> dt.datetime:
        return self.bank.clock.now

    def call(self, customer: int, *, ended: dt.datetime | None = None, answered: bool = True, call_id=None) -> int:
        """A completed inbound call of ``customer`` in the queue, answered by the agent, ended at ``ended``."""
        ended = ended or self.now - dt.timedelta(minutes=1)
        values = {
            "call_sid": f"CA{next(_sids):032x}",
            "direction": "inbound",
            "customer_id": customer,
            "queue_id": self.queue,
            "state": "completed" if answered else "abandoned",
            "received_at": ended - dt.timedelta(minutes=6),
            "answered_at": ended - dt.timedelta(minutes=5) if answered else None,
            "ended_at": ended,
            "agent_id": self.bank.agent if answered else None,
        }
        if call_id is not None:
            values["id"] = call_id
        with self.engine.begin() as conn:
            return int(conn.execute(insert(Call).values(**values).returning(Call.id)).scalar_one())

    def set_rules(self, **values: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(CsatSetting).where(CsatSetting.queue_id == self.queue).values(**values))

    def run(self, at: dt.datetime | None = None) -> dict[str, int]:
        """The job's three steps at ``at`` (default: the world's now), in one write transaction."""
        at = at or self.now
        config = MessagingConfig()
        with write_txn(self.engine) as conn:
            decided = sending.decide(conn, at, config.tz)
            released = sending.release(conn, at, config)
            expired = sending.expire(conn, at)
        return {**decided, **{f"released_{k}": v for k, v in released.items()}, "expired": expired}

    def survey(self, call_id: int) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(CsatSurvey.__table__).where(CsatSurvey.call_id == call_id)).first()


def build_csat_world(engine: Engine, **rules: object) -> CsatWorld:
    bank = build_world(engine)
    with engine.begin() as conn:
        team = conn.execute(
            insert(Team).values(name="Call A", kind="call_center", supervisor_id=bank.author).returning(Team.id)
        ).scalar_one()
        conn.execute(update(User).where(User.id == bank.agent).values(team_id=team))
        queue = conn.execute(
            insert(CallQueue)
            .values(name="general", label_zh="综合队列", label_en="General", skills=[])
            .returning(CallQueue.id)
        ).scalar_one()
        values = {"enabled": True, "sample_pct": 100, "min_gap_days": 30, "quiet_start": "21:00", "quiet_end": "08:00"}
        conn.execute(insert(CsatSetting).values(queue_id=queue, version=1, **{**values, **rules}))
    return CsatWorld(bank, int(queue), bank.author, int(team))
