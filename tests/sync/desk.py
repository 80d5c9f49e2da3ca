"""A desktop without a window, for the two-process tests: ``python -m tests.sync.desk ROLE URL CUSTOMER [GATEWAY]``.

Prints one JSON object per line on stdout.  With a gateway (the shared PostgreSQL database) the desk signs in
through it first, with the password in ``DESK_PASSWORD``, and works as its user's own database login with the
credential the gateway issued; its first line says which login that is.  Without one (SQLite) it opens the URL.

* ``editor`` (张伟): loads the customer, saves ``occupation="张伟改"``, then marks itself editing it.
* ``watcher`` (李娜): loads the customer, follows live changes (the gateway's stream, or the feed in-process
  when no gateway is given), reports the new values and 张伟's presence as they arrive, then saves its own
  edit over the version it loaded and reports the refused save's three-way comparison.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import time
from typing import Any

from sqlalchemy import Engine, text

from db.engine import make_engine
from desktop.session import DatabaseHandle
from desktop.sync.client import ChangeClient
from services import stream_tokens as tokens
from services.permissions import Principal
from services.sync.changes import Change
from services.sync.position import start_position
from services.sync.presence import PresenceService
from services.sync.records import RecordEditor

FIELDS = ("name", "occupation", "segment")
ZHANG = Principal(1, "zhangwei", "agent", branch_id=1, workstation="WS-A", display_name="张伟")
LI = Principal(2, "lina", "agent", branch_id=1, workstation="WS-B", display_name="李娜")


def say(**what: object) -> None:
    print(json.dumps(what, ensure_ascii=False), flush=True)


def connect(url: str, gateway: str | None, me: Principal) -> tuple[Engine, Principal, int | None, Any]:
    """(engine, principal, sign-in session id, what to close): through the gateway's sign-in when there is one."""
    if not gateway:
        engine = make_engine(url)
        return engine, me, None, engine.dispose
    from desktop.session import SharedSignIn

    shared = SharedSignIn(DatabaseHandle(url, embedded=False), gateway)
    shared.prepare()
    signed = shared.sign_in(me.username, os.environ["DESK_PASSWORD"], me.workstation)
    engine = shared.handle.engine
    with engine.connect() as conn:
        login = conn.execute(text("SELECT session_user")).scalar_one()
    say(step="connected", login=login, user=signed.user.user_id)
    return engine, signed.user, signed.session_id, shared.close


def editor(url: str, customer: int, gateway: str | None) -> None:
    engine, zhang, _session, close = connect(url, gateway, ZHANG)
    records = RecordEditor(engine)
    loaded = records.load(zhang, "customer", customer)
    original = {k: loaded[k] for k in FIELDS}
    outcome = records.save(
        zhang, "customer", customer, loaded["version"], original, {**original, "occupation": "张伟改"}
    )
    say(step="saved", saved=outcome.saved, version=outcome.version)
    PresenceService(engine, zhang, desk="desk-A").enter("customer", customer, "editing")
    say(step="editing")
    close()


def watcher(url: str, customer: int, gateway: str | None) -> None:
    engine, li, session_id, close = connect(url, gateway, LI)
    records = RecordEditor(engine)
    presence = PresenceService(engine, li, desk="desk-B")
    position = start_position(engine)  # before loading: nothing committed after the load can be missed
    loaded = records.load(li, "customer", customer)
    original = {k: loaded[k] for k in FIELDS}
    presence.enter("customer", customer)
    arrived: queue.Queue[Change] = queue.Queue()

    def deliver(changes: list[Change]) -> None:
        for change in changes:
            arrived.put(change)

    if gateway:
        token = tokens.issue(engine, li.user_id, session_id=session_id, workstation=li.workstation)
        client = ChangeClient(deliver, url=gateway, token=token, position=position)
    else:
        client = ChangeClient(deliver, engine=engine, position=position, poll_interval=0.05)
    client.start()
    say(step="ready", version=loaded["version"], occupation=loaded["occupation"])
    wanted = {f"customer:{customer}", f"presence:customer:{customer}"}
    deadline = time.monotonic() + 60
    while wanted and time.monotonic() < deadline:
        try:
            change = arrived.get(timeout=1)
        except queue.Empty:
            continue
        topic = f"{change.entity}:{change.entity_id}"
        if topic == f"customer:{customer}" and topic in wanted:
            wanted.discard(topic)
            now = records.load(li, "customer", customer)
            say(step="customer_changed", version=now["version"], occupation=now["occupation"], actor=change.actor_id)
        elif topic == f"presence:customer:{customer}" and change.actor_id == ZHANG.user_id and topic in wanted:
            wanted.discard(topic)
            say(step="presence", people=[(p.display_name, p.mode) for p in presence.others("customer", customer)])
    client.stop()
    outcome = records.save(li, "customer", customer, loaded["version"], original, {**original, "occupation": "李娜改"})
    comparison = outcome.conflict
    say(
        step="my_save",
        saved=outcome.saved,
        kinds={f.name: f.kind for f in comparison.fields} if comparison else None,
        theirs=comparison.field("occupation").theirs if comparison else None,
    )
    presence.leave("customer", customer)
    close()


def main(argv: list[str]) -> int:
    role, url, customer = argv[0], argv[1], int(argv[2])
    gateway = argv[3] if len(argv) > 3 else None
    if role == "editor":
        editor(url, customer, gateway)
    else:
        watcher(url, customer, gateway)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
