"""The ticket panel and live sync, with real widgets: presence on the ticket shown, and what is typed kept in
the local journal through a PostgreSQL outage and a restart of the widgets, then saved once — by a desktop that
signed in through the gateway and works as its user's own database login, reconnecting after the outage with the
same short-lived credential."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import TicketDraft
from db.models.sync import Presence
from desktop.tasks import TaskManager
from desktop.ui.sync import ConnectivityWatch, OutageController, PresenceTracker
from desktop.ui.tickets import TicketPanel
from desktop.ui.tickets.resolve import ResolveDialog
from services.permissions import Principal
from services.sync.journal import Journal
from services.sync.presence import PresenceService
from services.tickets import TicketConfig, TicketEnv, TicketService, offline
from tests.pgserver import ThrowawayPostgres
from tests.signin_gateway import SignInGateway, desktop_sign_in, session_user, set_passwords
from tests.tickets.conftest import FixedClock, build_world, cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class LiveJournal:
    """What the live desk gives a ticket panel: the journal behind the outage controller."""

    def __init__(self, journal: Journal, outage: OutageController | None = None) -> None:
        self.journal = journal
        self.outage = outage

    def put(self, kind: str, key: str | int, payload: Any) -> None:
        if self.outage is not None:
            self.outage.put(kind, key, payload)
        else:
            self.journal.put(kind, key, payload)

    def discard(self, kind: str, key: str | int) -> None:
        self.journal.discard(kind, key)

    def entry(self, kind: str, key: str | int) -> Any:
        return self.journal.get(kind, key)


def presence_rows(engine: Engine, ticket_id: int) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Presence.user_id, Presence.mode).where(
                Presence.entity == "ticket", Presence.entity_id == str(ticket_id)
            )
        )
        return sorted((int(r.user_id), str(r.mode)) for r in rows)


def test_presence_on_the_ticket_shown(desk: Desk, qtbot: Any, idle: Callable[[], None], tmp_path: Path) -> None:
    world = desk.world
    first = desk.complaint(cst(2026, 2, 25, 10), assignee_id=world.handler, team_id=world.team)
    second = desk.complaint(cst(2026, 2, 26, 10), assignee_id=world.handler, team_id=world.team)
    desk.at(cst(2026, 3, 2, 9))
    me = Principal(world.handler, "handler", "agent", team_id=world.team, workstation="WS-1", display_name="王芳")
    engine = world.engine
    panel = TicketPanel(desk.tasks, desk.service, me)
    qtbot.addWidget(panel)
    tracker = PresenceTracker(desk.tasks, PresenceService(engine, me), banner=panel.presence_banner)
    journal = Journal(tmp_path / "journal.db")
    panel.attach_live(tracker, LiveJournal(journal))
    panel.show()

    panel.open_ticket(first)
    idle()
    assert presence_rows(engine, first) == [(world.handler, "viewing")]
    assert panel.presence_banner.isHidden(), "nobody else is on it"

    # 张伟 opens the same ticket on his desktop and starts a note: the banner names him.
    colleague = Principal(world.handler2, "handler2", "agent", workstation="WS-2", display_name="张伟")
    theirs = PresenceService(engine, colleague)
    theirs.enter("ticket", first, "editing")
    tracker.refresh()
    idle()
    assert panel.presence_banner.isVisible()
    assert "张伟 is editing this ticket" in panel.presence_banner.text
    theirs.enter("ticket", first, "viewing")
    tracker._on_topics(frozenset({f"presence:ticket:{first}"}))  # the live notice of his change
    idle()
    assert "张伟 is viewing this ticket" in panel.presence_banner.text
    assert "editing" not in panel.presence_banner.text

    # Typing a note: this desk is editing; emptying the box: viewing again.
    panel.composer.editor.setPlainText("已致电客户，说明年费减免政策。")
    idle()
    assert presence_rows(engine, first) == sorted([(world.handler, "editing"), (world.handler2, "viewing")])
    panel.composer.editor.setPlainText("")
    idle()
    assert (world.handler, "viewing") in presence_rows(engine, first)

    # The decision dialog counts as editing while it is open.
    panel.trigger("decide") if "decide" in panel.available_actions() else panel._do_decide()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ResolveDialog), timeout=5_000)
    idle()
    assert (world.handler, "editing") in presence_rows(engine, first)
    panel.dialog.reject()
    idle()
    assert (world.handler, "viewing") in presence_rows(engine, first)

    # Another ticket: the first one is left; closing the panel leaves the second.
    panel.open_ticket(second)
    idle()
    assert presence_rows(engine, first) == [(world.handler2, "viewing")]
    assert presence_rows(engine, second) == [(world.handler, "viewing")]
    assert panel.presence_banner.isHidden()
    panel.clear()
    idle()
    assert presence_rows(engine, second) == []
    journal.close()


def test_decision_dialog_restores_from_the_journal(
    desk: Desk, qtbot: Any, idle: Callable[[], None], tmp_path: Path
) -> None:
    world = desk.world
    tid = desk.complaint(cst(2026, 2, 25, 10), assignee_id=world.handler, team_id=world.team)
    desk.at(cst(2026, 3, 2, 9))
    journal = Journal(tmp_path / "journal.db")
    live = LiveJournal(journal)
    journal.put(
        offline.TICKET_DECISION,
        tid,
        offline.entry(
            offline.TICKET_DECISION,
            tid,
            {"decision": "经核查，同意退还年费。", "outcome": "upheld", "compensation": "300"},
            None,
        ),
    )
    panel = TicketPanel(desk.tasks, desk.service, desk.agent)
    qtbot.addWidget(panel)
    panel.attach_live(None, live)
    panel.open_ticket(tid)
    idle()
    panel._do_decide()
    dialog = panel.dialog
    assert isinstance(dialog, ResolveDialog)
    idle()
    assert dialog.decision.toPlainText() == "经核查，同意退还年费。"
    assert dialog.outcome.currentData() == "upheld" and dialog.compensation.text() == "300"
    qtbot.waitUntil(lambda: journal.get(offline.TICKET_DECISION, tid) is None, timeout=5_000)  # now in the draft
    draft = desk.service.note_draft(desk.agent, tid, "decision")
    assert draft is not None and draft.payload["decision"] == "经核查，同意退还年费。"
    dialog.reject()
    journal.close()


@pytest.mark.postgres
def test_note_typed_during_an_outage_survives_a_restart_and_is_saved_once(
    qapp: QApplication, qtbot: Any, tmp_path: Path
) -> None:
    pg = ThrowawayPostgres()
    owner_url = pg.create_database("ticket_outage")
    engine = make_engine(owner_url)
    tasks: TaskManager | None = None
    watch: ConnectivityWatch | None = None
    journals: list[Journal] = []
    gateway: SignInGateway | None = None
    shared: Any = None
    try:
        upgrade(engine)
        world = build_world(engine, FixedClock(cst(2026, 2, 25, 10)))
        tid = world.service.create_complaint(
            world.agent, world.complaint(send_receipt=False, assignee_id=world.handler, team_id=world.team)
        ).id
        world.clock.set(cst(2026, 3, 2, 9))
        # The complaint handler's desktop signs in through the gateway and works as cd_handler.
        set_passwords(engine, ["handler"])
        gateway = SignInGateway(owner_url)
        shared, signed = desktop_sign_in(gateway.url, owner_url, "handler", workstation="WS-1")
        desk = shared.handle.engine
        credential = shared.handle.credential
        assert session_user(desk) == "cd_handler"
        me = signed.user
        assert (me.user_id, me.team_id) == (world.handler, world.team)
        with desk.connect() as conn:
            env = TicketEnv.load(
                conn, TicketConfig(complaint_owner="owner", next_update_minutes=420), clock=world.clock
            )
        service = TicketService(desk, env)
        tasks = TaskManager(desk)
        watch = ConnectivityWatch(desk, uses_stream=False).start()
        qtbot.waitUntil(lambda: watch is not None and watch.online, timeout=10_000)
        path = tmp_path / "journal.db"

        def desktop() -> tuple[TicketPanel, Journal, OutageController]:
            journal = Journal(path)
            journals.append(journal)
            assert tasks is not None and watch is not None
            outage = OutageController(tasks, watch, journal, offline.handlers(service, me))
            panel = TicketPanel(tasks, service, me)
            qtbot.addWidget(panel)
            panel.attach_live(None, LiveJournal(journal, outage))
            outage.back_online.connect(panel.reload)
            panel.show()
            return panel, journal, outage

        panel, journal, _outage = desktop()
        panel.open_ticket(tid)
        qtbot.waitUntil(lambda: panel.view is not None and panel.composer.isEnabled(), timeout=10_000)

        pg.kill()
        qtbot.waitUntil(lambda: watch is not None and not watch.online, timeout=5_000)
        text = "客户来电补充：年费已于3月1日扣收，请一并核查。"
        panel.composer.editor.setPlainText(text)
        panel.composer.save_draft()  # the pause after typing
        kept = journal.get(offline.TICKET_NOTE, tid)
        assert kept is not None and kept.payload["body"] == text
        qtbot.waitUntil(lambda: "Kept on this computer" in panel.composer.state.text(), timeout=20_000)
        assert journal.get(offline.TICKET_NOTE, tid) is not None, "the failed save kept the journal entry"

        # The desktop goes away (a crash): widgets and journal are made again, still during the outage.
        panel.deleteLater()
        journal.close()
        qtbot.wait(50)
        panel, journal, _outage = desktop()
        panel.open_ticket(tid)
        assert panel.composer.text() == text, "restored from this computer while the database is away"

        pg.start()
        qtbot.waitUntil(lambda: len(journal) == 0, timeout=30_000)  # the outage replay saved it
        assert shared.handle.credential is credential, "reconnected with the same credential, no new sign-in"
        assert session_user(desk) == "cd_handler"
        qtbot.waitUntil(lambda: panel.view is not None, timeout=15_000)
        tasks.wait_idle(10_000)
        qtbot.wait(1_000)  # the box's own save after the restore is due by now; it must not add a second draft
        assert tasks.wait_idle(10_000)
        with engine.connect() as conn:
            drafts = conn.execute(
                select(TicketDraft.payload, TicketDraft.status).where(
                    TicketDraft.ticket_id == tid, TicketDraft.kind == "note", TicketDraft.created_by_id == world.handler
                )
            ).all()
        assert [(d.payload["body"], d.status) for d in drafts] == [(text, "open")]
        assert panel.composer.text() == text
    finally:
        if watch is not None:
            watch.stop()
        if tasks is not None:
            tasks.shutdown()
        for journal in journals:
            journal.close()  # closing twice is harmless
        if shared is not None:
            shared.close()
        if gateway is not None:
            gateway.stop()
        engine.dispose()
        pg.stop()
