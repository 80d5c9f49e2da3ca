"""A demo database made by an earlier ContactDesk is brought up to date when the demo opens it, so the demo
shows what a new one would: the starter flows and templates (and their demo runs) are added once."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete, func, select

from db.engine import make_engine
from db.models import FlowRun, MessageTemplate, ServiceFlow
from desktop.demo_data import needs_build


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(  # type: ignore[return-value]
                conn.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (ServiceFlow, FlowRun, MessageTemplate)
            )
    finally:
        engine.dispose()


def test_an_earlier_demo_database_gets_the_starters_it_lacks_once(seeded_sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(Path(seeded_sqlite_url.removeprefix("sqlite:///")), path)
    url = f"sqlite:///{path.as_posix()}"
    engine = make_engine(url)
    with engine.begin() as conn:  # as a demo database made before flows and templates existed
        for model in (FlowRun, ServiceFlow, MessageTemplate):
            conn.execute(delete(model))
    engine.dispose()
    assert _counts(url) == (0, 0, 0)
    assert needs_build(path, 0, reset=False, explicit=False) is False
    flows, runs, templates = _counts(url)
    assert flows >= 7 and runs > 0 and templates > 0
    assert needs_build(path, 0, reset=False, explicit=False) is False
    assert _counts(url) == (flows, runs, templates), "nothing is added twice"
