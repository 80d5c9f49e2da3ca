"""One bad webhook never stops the line: validly signed hostile input, on a real gateway, on both backends.

Each of the six triggers a hostile tester found is answered 400 and changes nothing; the next ordinary call is
still written and routed.  Data the database itself refuses becomes a dead letter (400, never spooled); a
poisoned spool left by an earlier version is set aside at start-up and the events behind it are applied; a
worker that dies is started again and ``/healthz`` says what it sees.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from db.models import Call, CallOffer, Interaction, WebhookDeadLetter
from gateway import worker as worker_module
from gateway.health import HealthLimits
from services.agent_state import AgentStateService

from .helpers import Gateway, call_count, call_row, new_sid, running_gateway, voice_params, wait_for
from .world import SINGLE_PHONE, World

MESSAGE_SID = "SM" + "ab" * 16


def _sms(sid: str = MESSAGE_SID, **extra: str) -> dict[str, str]:
    params = {"MessageSid": sid, "From": SINGLE_PHONE, "To": "+862160000000", "Body": "你好"}
    params.update(extra)
    return params


def _sms_status(**extra: str) -> dict[str, str]:
    params = {"MessageSid": MESSAGE_SID, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    params.update(extra)
    return params


# The six triggers of the probe: path, parameters, query.
TRIGGERS: list[tuple[str, str, dict[str, str], str]] = [
    ("nul-in-To", "/twilio/voice/incoming", {"To": "+8621\x0060000000"}, ""),
    ("nul-in-Digits", "/twilio/voice/menu", {"Digits": "1\x00"}, ""),
    ("nul-in-sms-Body", "/twilio/messaging/incoming", {}, ""),
    ("call-beyond-bigint", "/twilio/voice/status", {"CallStatus": "completed"}, "call=99999999999999999999"),
    ("17-digit-ErrorCode", "/twilio/messaging/status", {}, ""),
    ("superscript-call", "/twilio/voice/status", {"CallStatus": "completed"}, "call=%C2%B2"),
]


def _trigger(gw: Gateway, name: str, path: str, extra: dict[str, str], query: str) -> Any:
    if name == "nul-in-sms-Body":
        return gw.post(path, _sms(Body="退订\x00"), query=query)
    if name == "17-digit-ErrorCode":
        return gw.post(path, _sms_status(ErrorCode="1" * 17), query=query)
    return gw.post(path, voice_params(new_sid(), SINGLE_PHONE, **extra), query=query)


def _available(engine: Engine, agent_id: int) -> None:
    AgentStateService(engine).set_state(agent_id, "available")


def _offered_to(engine: Engine, sid: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(
            select(CallOffer.agent_id).join(Call, Call.id == CallOffer.call_id).where(Call.call_sid == sid)
        ).scalar()


def _count(engine: Engine, model: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture(params=["sqlite", "postgres"])
def world(request: pytest.FixtureRequest) -> Iterator[tuple[Engine, World]]:
    name = "sqlite_world" if request.param == "sqlite" else "pg_world"
    yield request.getfixturevalue(name)


def test_the_six_triggers_change_nothing_and_the_next_call_is_routed(
    world: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, w = world
    _available(engine, w.agents["agent01"])
    with running_gateway(engine, tmp_path / "spool", run_worker=True) as gw:
        for name, path, extra, query in TRIGGERS:
            response = _trigger(gw, name, path, extra, query)
            assert response.status_code == 400, (name, response.status_code, response.text)
        assert call_count(engine) == 0
        assert _count(engine, WebhookDeadLetter) == 0, "refused at the edge: nothing to keep"
        assert gw.state.spool.depth()[0] == 0 and gw.state.spooled == 0

        sid = new_sid()
        assert "<Enqueue" in gw.incoming(sid, SINGLE_PHONE, digits="1")
        assert wait_for(lambda: _offered_to(engine, sid)) == w.agents["agent01"]
        assert call_row(engine, sid).customer_id == w.single

        health = gw.http.get("/healthz")
        assert health.status_code == 200, health.text
        report = health.json()
        assert report["routing"]["running"] and report["spool"]["depth"] == 0 and report["database"] == "ok"


def _poison_trigger(engine: Engine) -> None:
    """The database itself refuses a call to +19999999999 (as a constraint of the bank's own would)."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER poison BEFORE INSERT ON call WHEN NEW.to_e164 = '+19999999999' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by a bank rule'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF NEW.to_e164 = '+19999999999' THEN "
                    "RAISE EXCEPTION 'refused by a bank rule' USING ERRCODE = 'check_violation'; END IF; "
                    "RETURN NEW; END $$"
                )
            )
            conn.execute(text("CREATE TRIGGER poison BEFORE INSERT ON call FOR EACH ROW EXECUTE FUNCTION poison()"))


def test_data_the_database_refuses_becomes_a_dead_letter_and_nothing_queues_behind_it(
    world: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, w = world
    _poison_trigger(engine)
    _available(engine, w.agents["agent01"])
    with running_gateway(engine, tmp_path / "spool", run_worker=True) as gw:
        bad = gw.post("/twilio/voice/incoming", voice_params(new_sid(), SINGLE_PHONE, To="+19999999999"))
        assert bad.status_code == 400 and "rejected" in bad.text
        assert gw.state.spool.depth()[0] == 0, "a permanent failure is never spooled"
        with engine.connect() as conn:
            letters = conn.execute(select(WebhookDeadLetter.__table__)).all()
        assert len(letters) == 1
        letter = letters[0]
        assert letter.kind == "incoming" and letter.source == "live" and letter.resolved_at is None
        assert letter.request["params"]["To"] == ["+19999999999"]
        assert "refused by a bank rule" in letter.error

        sid = new_sid()
        gw.incoming(sid, SINGLE_PHONE, digits="1")
        assert wait_for(lambda: _offered_to(engine, sid)) == w.agents["agent01"]


def _old_spool(directory: Path, records: list[Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, bytes) else json.dumps(r).encode() for r in records]
    (directory / "spool-1-deadbeef.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def test_a_poisoned_spool_from_an_earlier_version_is_set_aside_at_start(
    world: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, _w = world
    at = dt.datetime.now(dt.UTC).isoformat()
    good = new_sid()

    def record(kind: str, sid: str, **params: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "params": {k: [v] for k, v in voice_params(sid, SINGLE_PHONE, **params).items()},
            "at": at,
        }

    _old_spool(
        tmp_path / "spool",
        [
            record("incoming", new_sid(), To="+8621\x0060000000"),  # NUL: the old gateway spooled it for ever
            {**record("status", new_sid(), CallStatus="completed"), "call": "²"},
            b"{not json",
            record("incoming", good),
            record("menu", good, Digits="1", CallStatus="in-progress"),
        ],
    )
    with running_gateway(engine, tmp_path / "spool", run_worker=True):
        wait_for(lambda: call_row(engine, good) is not None and call_row(engine, good).state != "received")
        wait_for(lambda: _count(engine, WebhookDeadLetter) == 3)
    with engine.connect() as conn:
        kinds = sorted(conn.execute(select(WebhookDeadLetter.kind, WebhookDeadLetter.source)).all())
    assert kinds == [("incoming", "replay"), ("status", "replay"), ("unreadable", "replay")]
    assert call_count(engine) == 1


# The worker's thread dies on purpose here: its uncaught exception is the point of the test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_that_dies_is_restarted_and_health_says_so(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, w = sqlite_world
    _available(engine, w.agents["agent01"])
    with running_gateway(engine, tmp_path / "spool", run_worker=True) as gw:
        worker = gw.state.worker
        died = threading.Event()
        original = worker.tick

        def fatal() -> None:
            died.set()
            raise SystemExit("a defect that escapes every handler")

        worker.tick = fatal
        assert died.wait(5)
        wait_for(lambda: not worker.alive)
        worker.tick = original
        report = gw.http.get("/healthz").json()
        assert report["routing"]["restarted_now"] and report["routing"]["restarts"] == 1
        assert worker.alive
        sid = new_sid()
        gw.incoming(sid, SINGLE_PHONE, digits="1")
        assert wait_for(lambda: _offered_to(engine, sid)) == w.agents["agent01"]


def test_health_fails_when_the_spool_waits_too_long(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, _w = sqlite_world
    with running_gateway(engine, tmp_path / "spool", run_worker=False) as gw:
        gw.state.config.health = HealthLimits(spool_age=0.2)
        gw.state.spool.append({"kind": "incoming", "params": {}, "at": dt.datetime.now(dt.UTC).isoformat()})
        assert gw.http.get("/healthz").status_code == 200  # just spooled: within its limit
        wait_for(lambda: gw.http.get("/healthz").status_code == 503, timeout=5)
        report = gw.http.get("/healthz").json()
        assert report["status"] == "failing" and "spool_age" in report["problems"]
        assert report["spool"]["depth"] == 1


def test_the_same_incoming_sms_delivered_three_times_is_recorded_once(
    world: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, w = world
    with running_gateway(engine, tmp_path / "spool") as gw:
        for _ in range(3):
            assert gw.post("/twilio/messaging/incoming", _sms()).status_code == 200
        other = gw.post("/twilio/messaging/incoming", _sms(sid="SM" + "cd" * 16, Body="再见"))
        assert other.status_code == 200
    with engine.connect() as conn:
        rows = conn.execute(
            select(Interaction.message_sid).where(Interaction.customer_id == w.single, Interaction.channel == "sms")
        ).all()
    assert sorted(r[0] for r in rows) == sorted([MESSAGE_SID, "SM" + "cd" * 16])


def test_replay_never_lets_one_event_block_the_others(
    sqlite_world: tuple[Engine, World], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event that keeps failing with what looks transient, while the database answers, is set aside after
    :data:`~gateway.worker.REPLAY_ATTEMPTS` tries; the events behind it are applied."""
    engine, _w = sqlite_world
    at = dt.datetime.now(dt.UTC).isoformat()
    stuck, good = new_sid(), new_sid()
    params = {k: [v] for k, v in voice_params(good, SINGLE_PHONE).items()}
    stuck_params = {k: [v] for k, v in voice_params(stuck, SINGLE_PHONE).items()}
    _old_spool(
        tmp_path / "spool",
        [{"kind": "incoming", "params": stuck_params, "at": at}, {"kind": "incoming", "params": params, "at": at}],
    )
    real_apply = worker_module.replay.apply_event

    def flaky(conn: Any, record: dict[str, Any], region: str = "CN") -> None:
        if record["params"]["CallSid"] == [stuck]:
            raise TimeoutError("looks transient, but only ever for this event")
        real_apply(conn, record, region)

    monkeypatch.setattr(worker_module.replay, "apply_event", flaky)
    with running_gateway(engine, tmp_path / "spool", run_worker=True):
        wait_for(lambda: call_row(engine, good) is not None)
    with engine.connect() as conn:
        letters = conn.execute(select(WebhookDeadLetter.error_class, WebhookDeadLetter.request)).all()
    assert [(c, r["params"]["CallSid"]) for c, r in letters] == [("TimeoutError", [stuck])]
    assert call_row(engine, stuck) is None
