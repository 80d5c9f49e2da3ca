"""The local journal keeps what was typed through an outage or a crash; replay uses the conflict rules."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from services.auth_errors import BilingualError
from services.sync.conflicts import ThreeWay
from services.sync.journal import Journal
from services.sync.records import RecordEditor
from services.sync.replay import RECORD_EDIT, replay, standard_handlers

from .world import World


def test_put_replaces_and_survives_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    script = textwrap.dedent(
        f"""
        import os, datetime as dt
        from decimal import Decimal
        from pathlib import Path
        from services.sync.journal import Journal
        j = Journal(Path({str(path)!r}))
        j.put("call_notes", 5, {{"call_id": 5, "text": "客户要求"}})
        j.put("call_notes", 5, {{"call_id": 5, "text": "客户要求提高额度"}})
        j.put("wrapup_draft", 5, {{"at": dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC), "fee": Decimal("1.50")}})
        os._exit(9)  # no close, no clean-up: as in a crash
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    journal = Journal(path)
    entries = journal.pending()
    assert [(e.kind, e.key, e.rev) for e in entries] == [("call_notes", "5", 2), ("wrapup_draft", "5", 1)]
    assert entries[0].payload["text"] == "客户要求提高额度"
    assert entries[1].payload == {"at": dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC), "fee": Decimal("1.50")}
    assert journal.discard("call_notes", 5, rev=1) is False  # typed over since: kept
    assert journal.discard("call_notes", 5, rev=2) is True
    journal.close()


def test_replay_applies_stops_on_failure_and_keeps_conflicts(
    world_engine: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    journal = Journal(tmp_path / "journal.db")
    c1, c2 = world.customers[0], world.customers[1]
    l1 = editor.load(world.zhang, "customer", c1)
    l2 = editor.load(world.zhang, "customer", c2)
    fields = ("name", "occupation", "segment")
    o1 = {k: l1[k] for k in fields}
    o2 = {k: l2[k] for k in fields}
    # offline edits of 张伟
    journal.put(
        RECORD_EDIT,
        f"customer:{c1}",
        {
            "entity": "customer",
            "id": c1,
            "base_version": l1["version"],
            "original": o1,
            "mine": {**o1, "occupation": "律师"},
        },
    )
    journal.put(
        RECORD_EDIT,
        f"customer:{c2}",
        {
            "entity": "customer",
            "id": c2,
            "base_version": l2["version"],
            "original": o2,
            "mine": {**o2, "occupation": "厨师"},
        },
    )
    journal.put("ticket_reply_draft", 3, {"ticket_id": 3, "body": "还在输入"})
    # meanwhile 李娜 changed customer 1's occupation (conflict) and customer 2's segment (no overlap)
    editor.save(world.li, "customer", c1, l1["version"], o1, {**o1, "occupation": "医生"})
    editor.save(world.li, "customer", c2, l2["version"], o2, {**o2, "segment": "affluent"})

    calls = {"n": 0}

    def flaky(payload: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("database still away")
        return handlers_real[RECORD_EDIT](payload)

    handlers_real = standard_handlers(world.zhang, editor=editor)
    first = replay(journal, {RECORD_EDIT: flaky})
    assert not first.complete and first.applied == [] and len(journal) == 3
    second = replay(journal, {RECORD_EDIT: flaky})
    assert second.complete
    assert [e.key for e in second.applied] == [f"customer:{c2}"]
    ((entry, comparison),) = second.conflicts
    assert entry.key == f"customer:{c1}" and isinstance(comparison, ThreeWay)
    assert comparison.field("occupation").kind == "conflict"
    assert editor.load(world.zhang, "customer", c2)["occupation"] == "厨师"
    assert editor.load(world.zhang, "customer", c2)["segment"] == "affluent"
    left = {(e.kind, e.state) for e in journal.pending()}
    assert left == {(RECORD_EDIT, "conflict"), ("ticket_reply_draft", "pending")}
    journal.close()


def test_a_refusal_is_kept_with_its_message(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.db")
    journal.put("ticket_reply", 9, {"ticket_id": 9, "body": "您好"})

    def closed(payload: object) -> object:
        raise BilingualError("工单已关闭。", "The ticket is closed.")

    report = replay(journal, {"ticket_reply": closed})
    assert report.complete and len(report.refused) == 1
    (entry,) = journal.pending()
    assert entry.state == "refused" and entry.last_error == "The ticket is closed."
    assert entry.payload["body"] == "您好"
    with pytest.raises(TypeError):
        journal.put("x", 1, {"bad": object()})
    journal.close()
