"""One escalation scan in a process of its own, started at a given instant (for the two-process test).

    python -m tests.tickets.scan_process URL START_EPOCH NOW_ISO

Waits until ``time.time() >= START_EPOCH`` (so that two such processes scan at the same moment), then
runs :meth:`TicketService.scan` as of ``NOW_ISO`` with the test world's configuration (the complaint owner
is ``owner``), without any claim, and prints the report as JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import time

from db.engine import make_engine
from services.tickets import TicketConfig, TicketService


def main(argv: list[str]) -> int:
    url, start, now = argv[0], float(argv[1]), dt.datetime.fromisoformat(argv[2])
    engine = make_engine(url, pool_size=4)
    try:
        service = TicketService.open(engine, config=TicketConfig(complaint_owner="owner", next_update_minutes=420))
        with engine.connect() as conn:  # connected and warmed up before the start
            conn.exec_driver_sql("SELECT 1")
        time.sleep(max(0.0, start - time.time()))
        report = service.scan(now, batch=7)
        print(json.dumps(dataclasses.asdict(report)))
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
