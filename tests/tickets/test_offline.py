"""Ticket notes and decisions kept in the local journal, saved back as drafts with a three-way check (both
databases), through the journal replay as the desktop runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.sync.journal import Journal
from services.sync.replay import replay
from services.tickets import InvalidInput, offline

from .conftest import World, cst


def _ticket(world: World) -> int:
    world.clock.set(cst(2026, 2, 25, 10))
    tid = world.service.create_complaint(world.agent, world.complaint(send_receipt=False)).id
    world.clock.set(cst(2026, 3, 2, 9))
    return tid


def test_replay_saves_the_journalled_note_once(world: World, tmp_path: Path) -> None:
    tid = _ticket(world)
    journal = Journal(tmp_path / "journal.db")
    note = {"body": "客户要求书面答复。", "customer_contact": True}
    journal.put(offline.TICKET_NOTE, tid, offline.entry(offline.TICKET_NOTE, tid, note, None))
    handlers = offline.handlers(world.service, world.agent)
    report = replay(journal, handlers)
    assert report.complete and len(report.applied) == 1 and len(journal) == 0
    draft = world.service.note_draft(world.agent, tid, "note")
    assert draft is not None and draft.payload == note
    # The same text again (a replay interrupted after its commit): nothing new.
    journal.put(offline.TICKET_NOTE, tid, offline.entry(offline.TICKET_NOTE, tid, note, None))
    assert replay(journal, handlers).complete and len(journal) == 0
    assert world.service.note_draft(world.agent, tid, "note").id == draft.id  # type: ignore[union-attr]
    journal.close()


def test_a_draft_changed_elsewhere_is_not_overwritten(world: World, tmp_path: Path) -> None:
    tid = _ticket(world)
    seen = {"body": "初稿", "customer_contact": False}
    world.service.save_note_draft(world.agent, tid, "note", seen)
    # Typed here during the outage, on top of what this desktop saw ...
    mine = offline.entry(
        offline.TICKET_NOTE, tid, {"body": "初稿，补充：客户已提供流水", "customer_contact": False}, seen
    )
    # ... while the same person changed the draft on another computer.
    world.service.save_note_draft(world.agent, tid, "note", {"body": "另一台电脑上的修改", "customer_contact": False})
    journal = Journal(tmp_path / "journal.db")
    journal.put(offline.TICKET_NOTE, tid, mine)
    report = replay(journal, offline.handlers(world.service, world.agent))
    assert report.complete and not report.applied and len(report.refused) == 1
    assert "another computer" in report.refused[0][1].message("en")
    kept = journal.get(offline.TICKET_NOTE, tid)
    assert kept is not None and kept.state == "refused" and kept.payload["body"].endswith("流水"), "nothing lost"
    assert world.service.note_draft(world.agent, tid, "note").payload["body"] == "另一台电脑上的修改"  # type: ignore[union-attr]
    # Typing on (a new put) makes it pending again; with the current draft as its base it goes through.
    current = {"body": "另一台电脑上的修改", "customer_contact": False}
    journal.put(offline.TICKET_NOTE, tid, {**mine, "base": current})
    assert len(replay(journal, offline.handlers(world.service, world.agent)).applied) == 1
    assert world.service.note_draft(world.agent, tid, "note").payload["body"].endswith("流水")  # type: ignore[union-attr]
    journal.close()


def test_decision_draft_and_bad_input(world: World) -> None:
    tid = _ticket(world)
    values = {"decision": "同意退还年费。", "outcome": "upheld", "compensation": "120.00"}
    payload = offline.entry(offline.TICKET_DECISION, tid, values, None)
    world.service.keep_journalled_draft(world.agent, offline.TICKET_DECISION, payload)
    draft = world.service.note_draft(world.agent, tid, "decision")
    assert draft is not None and draft.payload == values
    with pytest.raises(InvalidInput) as refused:
        world.service.keep_journalled_draft(world.agent, "nonsense", payload)
    assert "草稿类型无效" in refused.value.message("zh_CN")
    assert world.service.note_draft(world.agent, tid, "decision").payload == values  # type: ignore[union-attr]
