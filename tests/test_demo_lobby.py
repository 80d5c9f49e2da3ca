"""The demo's lobby: a lived-in day at the demo branch, added once per day and never twice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Appointment, LobbyCounter, LobbySeries, LobbyService, QueueTicket, Referral
from db.models.lobby import REFERRAL_STATES
from desktop.demo_lobby import DEMO_BRANCH, install_lobby_demo


def test_the_demo_branch_gets_a_day_of_lobby_and_the_next_day_its_own(seeded_sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(Path(seeded_sqlite_url.removeprefix("sqlite:///")), path)
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    now = dt.datetime(2026, 12, 7, 3, 30, tzinfo=dt.UTC)  # 11:30 in the branch
    try:
        added = install_lobby_demo(engine, now)
        assert added["history"] > 300 and added["today"] >= 30 and added["referrals"] >= 6
        assert added["memos"] > 0 and added["appointments"] > 0
        assert install_lobby_demo(engine, now + dt.timedelta(minutes=5)) == {
            "history": 0,
            "today": 0,
            "referrals": 0,
            "memos": 0,
            "appointments": 0,
        }
        with engine.connect() as conn:
            today = dt.date(2026, 12, 7)
            statuses = dict(
                conn.execute(
                    select(QueueTicket.status, func.count())
                    .where(QueueTicket.branch_id == DEMO_BRANCH, QueueTicket.service_day == today)
                    .group_by(QueueTicket.status)
                ).all()
            )
            assert {"done", "serving", "waiting", "no_show"} <= set(statuses)
            # The series remember the last number of each prefix: the next number issued follows on.
            for prefix, last in conn.execute(
                select(LobbySeries.prefix, LobbySeries.last_seq).where(LobbySeries.service_day == today)
            ).all():
                highest = conn.execute(
                    select(func.max(QueueTicket.seq)).where(
                        QueueTicket.service_day == today, QueueTicket.number.startswith(prefix)
                    )
                ).scalar_one()
                assert highest == last
            assert set(conn.execute(select(Referral.status).distinct()).scalars()) == set(REFERRAL_STATES)
            assert conn.execute(select(func.count()).select_from(Appointment)).scalar_one() == added["appointments"]
            # Every branch has its lobby set up; the demo branch's counters are open or paused.
            branches = conn.execute(select(func.count(func.distinct(LobbyService.branch_id)))).scalar_one()
            assert branches > 1
            open_ = conn.execute(
                select(func.count()).where(LobbyCounter.branch_id == DEMO_BRANCH, LobbyCounter.status == "open")
            ).scalar_one()
            assert open_ == 4
        # The next day: a new queue, numbers from 001 again; the history and referrals stay as they are.
        tomorrow = install_lobby_demo(engine, now + dt.timedelta(days=1))
        assert tomorrow["today"] >= 30 and tomorrow["history"] == 0 and tomorrow["referrals"] == 0
        with engine.connect() as conn:
            first = conn.execute(
                select(func.min(QueueTicket.number)).where(
                    QueueTicket.service_day == dt.date(2026, 12, 8), QueueTicket.number.startswith("A")
                )
            ).scalar_one()
        assert first == "A001"
    finally:
        engine.dispose()
