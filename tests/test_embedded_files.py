"""The embedded default's files: private to the OS account, minimal, and gone once replayed.

Modes are checked on POSIX; on Windows the per-user profile's access list does that job, and these
tests check there that nothing fails and the files are where they belong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from db.engine import make_engine
from db.migrate import backup_sqlite, upgrade
from db.models import Call, Customer, CustomerPhone
from desktop.sync.client import PositionStore
from gateway import replay as gateway_replay
from gateway.events import event
from gateway.signature import Params
from gateway.spool import REPLAY_PARAMS, Spool, minimal
from services.config import DEMO_DB_FILE, load_settings
from services.sync.journal import RECORD_EDIT, Journal
from services.sync.records import RecordEditor
from services.sync.replay import RECORD_EDIT as REPLAYED_RECORD_EDIT
from services.sync.replay import replay, standard_handlers

from .sync.world import World, build_world
from .telephony import world as phone_world
from .telephony.helpers import call_row, new_sid, running_gateway, voice_params, wait_for

POSIX = os.name != "nt"
FIELDS = ("name", "occupation", "preferred_language", "preferred_channel", "segment", "lifecycle_stage")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(path: Path) -> None:
    assert path.exists(), path
    if POSIX:
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path} is {oct(mode(path))}, not {oct(expected)}"


def everything_below(folder: Path) -> list[Path]:
    return [Path(root, name) for root, dirs, files in os.walk(folder) for name in (*dirs, *files)]


def file_bytes(path: Path) -> bytes:
    """A SQLite file together with its write-ahead log and shared memory, as they lie on disk."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")) if p.is_file())


@pytest.fixture
def world(migrated_engine: Engine) -> tuple[Engine, World]:
    return migrated_engine, build_world(migrated_engine)


# -- modes --------------------------------------------------------------------------------------------------
def test_a_fresh_data_folder_and_everything_in_it_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "ContactDesk"
    settings = load_settings(data_dir)
    assert_private(data_dir)
    settings.save()
    engine = make_engine(settings.embedded_url(DEMO_DB_FILE))
    try:
        upgrade(engine)
        with engine.connect() as conn:  # the -wal and -shm exist while a connection is open
            conn.execute(text("SELECT 1"))
            assert (data_dir / "demo.db-wal").exists() and (data_dir / "demo.db-shm").exists()
            journal = Journal(data_dir / "journal" / "agent01.db")
            journal.put("call_notes", 7, {"call_id": 7, "text": "客户要求回电"})
            spool = Spool(data_dir / "spool")
            spool.append(event("status", Params({"CallSid": [new_sid()], "CallStatus": ["completed"]}), _now()))
            PositionStore(data_dir / "sync" / "position.json").save("0")
            backup = backup_sqlite(engine)
            assert backup is not None
            found = everything_below(data_dir)
            assert {p.name for p in found} >= {
                "settings.json",
                "demo.db",
                "demo.db-wal",
                "demo.db-shm",
                backup.name,
                "journal",
                "agent01.db",
                "agent01.db-wal",
                "agent01.db-shm",
                "spool",
                spool.path.name,
                "position.json",
            }
            for path in [data_dir, *found]:
                assert_private(path)
            spool.close()
            journal.close()
    finally:
        engine.dispose()


def test_the_desktop_process_creates_its_logs_and_caches_private(tmp_path: Path) -> None:
    """What ``desktop.app.run`` does first (umask, settings, logging), then a log rotation and a cache file."""
    data_dir = tmp_path / "data"
    script = textwrap.dedent(
        f"""
        import logging, os
        from pathlib import Path
        from services.private_files import restrict_umask
        restrict_umask()
        from services.config import load_settings
        from desktop.app import setup_logging
        settings = load_settings(Path({str(data_dir)!r}))
        setup_logging(settings)
        logging.getLogger("test").warning("written")
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "doRollover"):
                handler.doRollover()
        logging.getLogger("test").warning("after rotation")
        cache = settings.data_dir / "cache" / "translations"
        cache.mkdir(parents=True)
        (cache / "contactdesk_zh_CN.qm").write_bytes(b"x")
        """
    )
    env = {**os.environ, "CONTACTDESK_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    found = everything_below(data_dir)
    assert {p.name for p in found} >= {"logs", "contactdesk.log", "contactdesk.log.1", "cache", "contactdesk_zh_CN.qm"}
    for path in [data_dir, *found]:
        assert_private(path)


def test_an_old_open_layout_is_made_private_on_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "ContactDesk"
    layout = {
        "settings.json": "{}",
        "demo.db": "",
        "demo.db-wal": "",
        "demo.db-shm": "",
        "demo.db.20250101-120000.bak": "",
        "db": "",
        "journal/agent01.db": "",
        "spool/spool-123-deadbeef.jsonl": "",
        "logs/contactdesk.log": "old log",
        "logs/contactdesk.log.1": "older log",
        "cache/translations/contactdesk_zh_CN.qm": "",
    }
    for name, content in layout.items():
        path = data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    other = data_dir / "someone-elses-notes.txt"
    other.write_text("not ContactDesk's", encoding="utf-8")
    for path in [data_dir, *everything_below(data_dir)]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    load_settings(data_dir)  # what every command does when it starts

    for path in [data_dir, *everything_below(data_dir)]:
        if path != other:
            assert_private(path)
    if POSIX:
        assert mode(other) == 0o644, "what is not ContactDesk's keeps its mode (the folder is private anyway)"


def test_opening_an_existing_database_anywhere_makes_it_private(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "branch.db"
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    upgrade(engine)
    engine.dispose()
    for file in tmp_path.glob("elsewhere/branch.db*"):
        os.chmod(file, 0o644)
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        for file in path.parent.glob("branch.db*"):
            assert_private(file)
    finally:
        engine.dispose()


# -- the journal --------------------------------------------------------------------------------------------
def typical_edit(editor: RecordEditor, world: World, customer_id: int, occupation: str) -> dict[str, Any]:
    """The payload the customer edit dialog journals as the person types (it loads every field it shows)."""
    loaded = editor.load(world.zhang, "customer", customer_id)
    original = {k: loaded[k] for k in FIELDS}
    return {
        "entity": "customer",
        "id": customer_id,
        "base_version": loaded["version"],
        "original": original,
        "mine": {**original, "occupation": occupation},
    }


def customer_identifiers(engine: Engine, customer_id: int) -> list[bytes]:
    """The customer's name, full ID number and phone (also without +86), and the ID's last six characters."""
    with engine.connect() as conn:
        row = conn.execute(select(Customer.name, Customer.id_number).where(Customer.id == customer_id)).one()
        phone = conn.execute(select(CustomerPhone.e164).where(CustomerPhone.customer_id == customer_id)).scalar_one()
    return [row.name.encode(), row.id_number.encode(), phone.encode(), phone[3:].encode(), row.id_number[-6:].encode()]


def test_an_offline_edit_keeps_only_the_changed_field(world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, w = world
    assert RECORD_EDIT == REPLAYED_RECORD_EDIT
    editor = RecordEditor(engine)
    cid = w.customers[0]
    journal = Journal(tmp_path / "journal" / "zhangwei.db")
    journal.put(RECORD_EDIT, f"customer:{cid}", typical_edit(editor, w, cid, "律"))
    journal.put(RECORD_EDIT, f"customer:{cid}", typical_edit(editor, w, cid, "律师"))

    def away(_payload: Any) -> Any:
        raise ConnectionError("the database is away")

    assert not replay(journal, {RECORD_EDIT: away}).complete
    (entry,) = journal.pending()
    assert entry.payload["mine"] == {"occupation": "律师"} and entry.payload["original"] == {"occupation": "教师"}
    on_disk = file_bytes(journal.path)
    assert "律师".encode() in on_disk, "the check reads the journal's bytes"
    for identifier in customer_identifiers(engine, cid):
        assert identifier not in on_disk, f"{identifier!r} is in the journal"
    # the database is back: the kept fields are enough to save the edit, and nothing else changes
    report = replay(journal, standard_handlers(w.zhang, editor=editor))
    assert report.complete and len(report.applied) == 1
    after = editor.load(w.zhang, "customer", cid)
    assert after["occupation"] == "律师" and after["name"] == "王芳"
    journal.close()


def test_replayed_entries_are_deleted_from_the_journal_file(world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, w = world
    editor = RecordEditor(engine)
    journal = Journal(tmp_path / "journal.db")
    journal.put(RECORD_EDIT, f"customer:{w.customers[1]}", typical_edit(editor, w, w.customers[1], "Locksmith-Q7"))
    journal.put("call_notes", 42, {"call_id": 42, "text": "Callback-note-Z9 " * 50})
    journal.put("ticket_reply_draft", 3, {"ticket_id": 3, "body": "Draft-kept-K5"})  # no handler: a draft
    before = file_bytes(journal.path)
    assert b"Locksmith-Q7" in before and b"Callback-note-Z9" in before

    handlers = {**standard_handlers(w.zhang, editor=editor), "call_notes": lambda payload: True}
    report = replay(journal, handlers)
    assert report.complete and len(report.applied) == 2
    assert [e.kind for e in journal.pending()] == ["ticket_reply_draft"]
    after = file_bytes(journal.path)
    assert b"Locksmith-Q7" not in after and b"Callback-note-Z9" not in after, "deleted, not just marked"
    assert b"Draft-kept-K5" in after
    journal.discard("ticket_reply_draft", 3)
    assert b"Draft-kept-K5" not in file_bytes(journal.path)
    journal.close()


# -- the gateway spool --------------------------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def twilio_voice(sid: str, **extra: str) -> dict[str, str]:
    """A voice webhook with what Twilio sends along: copies of the numbers, the caller's name and location."""
    return voice_params(
        sid,
        phone_world.SINGLE_PHONE,
        CallerName="WANG FANG",
        FromCity="BEIJING",
        FromState="Beijing",
        FromCountry="CN",
        CallerCountry="CN",
        CalledCity="SHANGHAI",
        **extra,
    )


def test_the_spool_keeps_what_replay_reads_and_nothing_else(tmp_path: Path) -> None:
    assert set(REPLAY_PARAMS) == set(gateway_replay.KINDS)
    sid = new_sid()
    records = {
        "incoming": event("incoming", Params.from_pairs(twilio_voice(sid).items()), _now()),
        "menu": event("menu", Params.from_pairs(twilio_voice(sid, Digits="2").items()), _now()),
        "status": event("status", Params.from_pairs(twilio_voice(sid, CallStatus="completed").items()), _now()),
        "sms_status": event(
            "sms_status",
            Params({"MessageSid": ["SM" + "a" * 32], "MessageStatus": ["delivered"], "To": [phone_world.SINGLE_PHONE]}),
            _now(),
            outbox="12",
        ),
        "sms_incoming": event(
            "sms_incoming",
            Params({"MessageSid": ["SM" + "b" * 32], "From": [phone_world.SINGLE_PHONE], "Body": ["TD"], "To": ["x"]}),
            _now(),
        ),
    }
    for kind, record in records.items():
        kept = minimal(record)
        gateway_replay.validate(kept)  # still a record replay accepts
        assert set(kept["params"]) <= set(REPLAY_PARAMS[kind])
        assert {k: v for k, v in kept.items() if k != "params"} == {k: v for k, v in record.items() if k != "params"}
    spool = Spool(tmp_path / "spool")
    for record in records.values():
        spool.append(record)
    lines = [json.loads(line) for line in spool.path.read_text(encoding="utf-8").splitlines()]
    by_kind = {line["kind"]: line for line in lines}
    numberless = [by_kind[k] for k in ("menu", "status", "sms_status")]
    assert all(phone_world.SINGLE_PHONE not in json.dumps(line) for line in numberless)
    assert json.dumps(by_kind["incoming"]).count(phone_world.SINGLE_PHONE) == 1  # From, which replay matches on
    assert not any("WANG" in json.dumps(line) or "BEIJING" in json.dumps(line) for line in lines)
    spool.close()


@pytest.fixture
def phone_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    phone_world.build_world(engine)
    yield engine
    engine.dispose()


def test_calls_spooled_while_the_database_is_away_are_minimal_and_gone_once_written(
    phone_engine: Engine, tmp_path: Path
) -> None:
    spool_dir = tmp_path / "spool"
    blocker = make_engine(phone_engine.url)
    conn = blocker.connect()
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the database: the gateway spools
    released = False
    try:
        with running_gateway(phone_engine, spool_dir, run_worker=True, db_budget=0.5) as gw:
            sid = new_sid()
            assert gw.post("/twilio/voice/incoming", twilio_voice(sid)).status_code == 200
            menu = gw.post("/twilio/voice/menu", twilio_voice(sid, Digits="2", CallStatus="in-progress"))
            assert menu.status_code == 200
            assert gw.post("/twilio/voice/status", twilio_voice(sid, CallStatus="completed")).status_code == 204
            assert gw.state.spool.pending
            spooled = gw.state.spool.path.read_text(encoding="utf-8")
            assert spooled.count("\n") == 3 and spooled.count(phone_world.SINGLE_PHONE) == 1
            assert "WANG" not in spooled and "BEIJING" not in spooled and '"Caller"' not in spooled
            for path in [spool_dir, *everything_below(spool_dir)]:
                assert_private(path)
            conn.rollback()
            conn.close()
            released = True
            wait_for(lambda: not gw.state.spool.pending, timeout=30)
            row = wait_for(lambda: (r := call_row(phone_engine, sid)) is not None and r.ended_at is not None and r)
            assert row.ivr_choice == "2" and row.from_e164 == phone_world.SINGLE_PHONE
            wait_for(lambda: gw.state.spool.path.stat().st_size == 0, timeout=10)  # emptied, not just passed over
            path = gw.state.spool.path
        assert not path.exists(), "an empty spool file is removed when the gateway stops"
        assert list(spool_dir.iterdir()) == []
    finally:
        if not released:
            conn.rollback()
            conn.close()
        blocker.dispose()
    with phone_engine.connect() as check:
        assert check.execute(select(Call.id).where(Call.call_sid == sid)).scalar_one()


def test_a_dead_processs_spool_file_is_deleted_once_replayed(tmp_path: Path) -> None:
    orphan = tmp_path / "spool-99999-deadbeef.jsonl"
    orphan.write_text(json.dumps({"n": 1}) + "\n", encoding="utf-8")
    spool = Spool(tmp_path)
    seen: list[int] = []
    assert spool.replay(lambda e: seen.append(e["n"])) == 1
    assert seen == [1] and not orphan.exists()
    spool.close()
    assert list(tmp_path.iterdir()) == []


def test_the_spool_file_is_emptied_as_soon_as_everything_in_it_is_written(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append(event("status", Params({"CallSid": [new_sid()], "CallStatus": ["completed"]}), _now()))
    spool.append(event("status", Params({"CallSid": [new_sid()], "CallStatus": ["busy"]}), _now()))
    assert spool.path.stat().st_size > 0
    assert spool.replay(lambda e: None) == 2
    assert spool.path.stat().st_size == 0 and not spool.pending
    spool.close()
    assert not spool.path.exists()
