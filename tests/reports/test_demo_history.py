"""The demo database's reports are not empty: four weeks of calls, and the aggregates built from them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.models import Call, User
from services.permissions import Principal
from services.reports.catalogue import REPORTS
from services.reports.demo_history import install_call_history
from services.reports.service import ReportService
from services.reports.types import ReportFilter


def test_the_demo_history_fills_every_call_report_once(seeded_sqlite_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(str(make_url(seeded_sqlite_url).database), copy)
    engine = make_engine(f"sqlite:///{copy.as_posix()}")
    try:
        added = install_call_history(engine)
        assert added > 1000
        assert install_call_history(engine) == 0  # once only
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Call)).scalar_one() == added
            sup = conn.execute(select(User.id, User.username).where(User.role_code == "supervisor").limit(1)).one()
        today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        flt = ReportFilter(today - dt.timedelta(days=28), today)
        service = ReportService(engine, Principal(int(sup.id), sup.username, "supervisor"))
        for info in REPORTS:
            if info.name == "campaigns":
                continue
            result = service.run(info.name, flt)
            assert not result.empty, (info.name, result.empty_reason)
        fcr = service.run("fcr", flt)
        rates = [float(str(r[4])) for r in fcr.rows if r[4] is not None]
        assert rates and min(rates) < 100.0  # some callers came back about the same thing
    finally:
        engine.dispose()
