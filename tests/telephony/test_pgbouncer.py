"""Calls written through a real PgBouncer in transaction mode, with the gateway's defaults (no switch to set).

psycopg prepares the statements it runs often; behind a transaction pooler the next transaction may land on
another server connection, where the prepared statement is missing or another has its name.  The gateway must
notice, stop preparing and retry, so that every call sent is a call written: counted in the database, not in
the answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.engine import behind_pooler, make_engine
from db.migrate import upgrade
from db.models import Call, WebhookDeadLetter
from tests.pgbouncer import PgBouncer

from .helpers import new_sid, running_gateway, voice_params
from .world import SINGLE_PHONE, UNKNOWN_PHONE, build_world

THREADS = 6
CALLS_PER_THREAD = 40


@pytest.fixture
def pooled(pg_server: object, pg_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, Engine]]:
    """(the gateway's engine through PgBouncer, a direct engine to count with)."""
    monkeypatch.delenv("CONTACTDESK_PGBOUNCER", raising=False)
    direct = make_engine(pg_database_url)
    upgrade(direct)
    build_world(direct)
    bouncer = PgBouncer(pg_server, pool_size=4)
    gateway_engine = make_engine(bouncer.url(pg_database_url.rsplit("/", 1)[1]), pool_size=8, generic_plans=True)
    try:
        yield gateway_engine, direct
    finally:
        gateway_engine.dispose()
        bouncer.stop()
        direct.dispose()


def test_every_call_sent_through_pgbouncer_is_written(pooled: tuple[Engine, Engine], tmp_path: Path) -> None:
    engine, direct = pooled
    failures: list[str] = []
    with running_gateway(engine, tmp_path / "spool", run_worker=True) as gw:

        def caller(n: int) -> None:
            for i in range(CALLS_PER_THREAD):
                sid = new_sid()
                number = SINGLE_PHONE if (n + i) % 3 else UNKNOWN_PHONE
                incoming = gw.post("/twilio/voice/incoming", voice_params(sid, number))
                menu = gw.post("/twilio/voice/menu", voice_params(sid, number, Digits="1", CallStatus="in-progress"))
                if incoming.status_code != 200 or menu.status_code != 200:
                    failures.append(f"{incoming.status_code}/{menu.status_code}")

        threads = [threading.Thread(target=caller, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        spooled = gw.state.spooled
        depth = gw.state.spool.depth()[0]
    sent = THREADS * CALLS_PER_THREAD
    with direct.connect() as conn:
        written = conn.execute(select(func.count()).select_from(Call)).scalar_one()
        queued = conn.execute(select(func.count()).select_from(Call).where(Call.state != "received")).scalar_one()
        letters = conn.execute(select(func.count()).select_from(WebhookDeadLetter)).scalar_one()
    print(f"PgBouncer (transaction mode): {sent} calls sent, {written} written, {queued} queued, spooled {spooled}")
    assert failures == []
    assert (written, queued, letters) == (sent, sent, 0)
    assert spooled == 0 and depth == 0, "nothing went to the spool: the pooler is no outage"
    assert behind_pooler(engine), "the engine noticed the pooler (psycopg prepared statements clashed)"
