"""Every workspace of the desktop, built through the real application for the cross-cutting UI checks.

Three desktops (:class:`desktop.app.Desktop`, what ``contactdesk app`` runs) share one copy of the seeded
database: the lobby manager (``lobby01``: check-in, board, counter, appointments, referrals), the agent
(``agent01``: search, 360° view, call bar and call panel, own complaints) and the
supervisor (``super01``: the team's complaints, message templates, campaigns, outbox issues, webhook issues).
:class:`Desks` switches both to a language (Chinese, English or the 40 %-longer pseudo-locale), sizes the
windows and brings each workspace to the front in a representative state (data loaded, a row selected).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import Desktop, LaunchOptions, apply_style
from desktop.ui.pseudo_locale import PseudoTranslator
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD

LANGUAGES = ("zh_CN", "en", "pseudo")
SIZES = ((1366, 768), (1280, 720))
CUSTOMER_TABS = ("overview", "products", "timeline", "tickets", "reminders")
WAIT_MS = 30_000


def wait_until(done: Callable[[], bool], what: str, timeout_ms: int = WAIT_MS) -> None:
    """Pump events until ``done()`` holds; fails naming ``what`` after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        QTest.qWait(20)


def settle(desktop: Desktop) -> None:
    """Let layouts, lazy row fetches, language changes and background loads finish."""
    window = desktop.window
    if window is None:
        QCoreApplication.processEvents()
        return
    for _ in range(3):
        QCoreApplication.processEvents()
        window.grab()  # a paint: views ask for the rows they have not got yet
        desktop.tasks.wait_idle(WAIT_MS)
    QCoreApplication.processEvents()


@dataclass(frozen=True)
class Workspace:
    """One workspace in one state: its name, whose window shows it and how to bring it to the front."""

    name: str
    role: str  # "agent", "supervisor" or "lobby"
    show: Callable[[Desks], QWidget]  # brings it up; returns the widget holding it (the tab's page)


class Desks:
    """The agent's and the supervisor's desktops on one database copy (see the module docstring)."""

    def __init__(self, app: QApplication, db_url: str, base: Path) -> None:
        self.app = app
        self.db_url = db_url
        self.base = base
        self.desktops: dict[str, Desktop] = {}
        self.language = ""
        self.pseudo = PseudoTranslator()
        self._pseudo_installed = False
        self.showcase: dict[str, Any] = {}
        self.team_tickets: QWidget | None = None  # the showcase supervisor's complaints, once shown
        self.prepared: set[str] = set()  # the pages put into their representative state
        self.call_state: str | None = None  # the call panel's made-up state (None: as the desk's poll has it)

    # -- start and stop ----------------------------------------------------------------------------

    def start(self, role: str, username: str) -> Desktop:
        settings = Settings(
            data_dir=self.base / role,
            workstation_name=f"WS-{role.upper()}",
            idle_lock_minutes=0,  # the checks take longer than the idle lock's 5 minutes
            session_check_seconds=3600,
        )
        desktop = Desktop(
            settings,
            LaunchOptions(database_url=self.db_url, embedded=True, language="zh_CN"),
            self.base / f"{role}.log",
        )
        self.desktops[role] = desktop
        desktop.start_database()
        desktop.start_interface(self.app)
        wait_until(lambda: desktop.access.engine is not None, f"the {role}'s database")
        dialog = desktop.access.dialog
        dialog.username.setText(username)
        dialog.password.setText(DEMO_PASSWORD)
        dialog.sign_in_button.click()
        wait_until(lambda: desktop.window is not None and desktop.window.isVisible(), f"{username} signed in")
        self.language = "zh_CN"
        return desktop

    def stop(self) -> None:
        self.use("en")
        for desktop in self.desktops.values():
            window = desktop.window
            if window is not None:
                window.end_session()
                window.deleteLater()
                desktop.access.window = None
            desktop.access.dialog.hide()
            desktop.access.dialog.deleteLater()
            desktop.shutdown()
            desktop.translations.switch("en")
        self.app.setQuitOnLastWindowClosed(True)
        for _ in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.app.processEvents()

    # -- language and size --------------------------------------------------------------------------

    def use(self, language: str) -> None:
        """Switch every desktop to ``zh_CN``, ``en`` or ``pseudo`` (English sources lengthened and marked)."""
        if language == self.language:
            return
        if self._pseudo_installed:
            QCoreApplication.removeTranslator(self.pseudo)
            self._pseudo_installed = False
        catalog = "en" if language == "pseudo" else language
        for desktop in self.desktops.values():
            desktop.translations.switch(catalog)
        if language == "pseudo":
            QCoreApplication.installTranslator(self.pseudo)  # asked before the catalogs: installed last
            self._pseudo_installed = True
        self.language = language
        for desktop in self.desktops.values():
            settle(desktop)

    def window(self, role: str) -> Any:
        return self.desktops[role].window

    def size(self, role: str, size: tuple[int, int]) -> None:
        """A normal (not maximised) window of ``size``, active, laid out."""
        window = self.window(role)
        if window.isMaximized() or window.isFullScreen():
            window.showNormal()
        window.resize(*size)
        window.activateWindow()
        wait_until(window.isActiveWindow, f"the {role}'s window to become active")
        settle(self.desktops[role])

    def call(self, role: str, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the role's database worker and return its result."""
        desktop = self.desktops[role]
        box: dict[str, Any] = {}
        desktop.tasks.run_db(
            fn, on_success=lambda v: box.setdefault("value", v), on_failure=lambda e: box.setdefault("error", e)
        )
        wait_until(lambda: bool(box), "a database call")
        if "error" in box:
            raise box["error"]
        return box.get("value")


# -- the workspaces ---------------------------------------------------------------------------------


def _customer(tab: str, keep_ticket: bool = False, keep_call: bool = False) -> Callable[[Desks], QWidget]:
    def show(desks: Desks) -> QWidget:
        desktop = desks.desktops["agent"]
        window = desktop.window
        window.tabs.setCurrentIndex(0)
        if tab != "overview" or not keep_ticket:
            _close_ticket_pane(desks)
        if not keep_call:
            _idle_call_panel(desks)
        panel, view = window.search_panel, window.customer_view
        pick = desks.showcase
        if view.customer_id != pick["rich"]:
            panel.search_now(pick["surname"])
            wait_until(lambda: panel.state == "results", "search results")
            settle(desktop)
            if pick["rich"] in panel.model.ids:
                row = panel.model.ids.index(pick["rich"])
                panel.table.selectRow(row)
                panel.table.scrollTo(panel.model.index(row, 0))
            view.open_customer(pick["rich"])
            wait_until(lambda: view.header_pane.state == "content", "the customer's header")
        view.show_tab(tab)
        wait_until(lambda: view.tab_state(tab) in ("content", "empty"), f"the {tab} tab")
        settle(desktop)
        return window.tabs.currentWidget()

    return show


def _call_panel(state: str) -> Callable[[Desks], QWidget]:
    """The customer page beside the call panel on a call (``on_call``: caller card and notes) or in its
    wrap-up (``wrap_up``: disposition, notes, follow-up).  The desk's poll is paused meanwhile: the panel is
    driven from the made-up call, not by the phone system."""

    def show(desks: Desks) -> QWidget:
        desktop = desks.desktops["agent"]
        center = desktop.window.call_center
        page = _customer("overview", keep_call=True)(desks)
        call_id = desks.showcase["call"]
        if desks.call_state is None:
            center.controller.stop()
            services = center.services
            pop = desks.call("agent", lambda: services.screenpop.screen_pop_context(call_id))
            center.card.set_pop(pop)
        desks.call_state = state
        if state == "on_call":
            center.wrapup.open(None)
            center.notes.open(call_id, "")
        else:
            center.notes.open(None)
            center.wrapup.open(call_id, dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2))
            wait_until(lambda: not center.wrapup.loading, "the wrap-up panel")
        center.panel.show_state(state)
        center.dock.show()
        settle(desktop)
        return page

    return show


def _idle_call_panel(desks: Desks) -> None:
    """The call panel back as the desk's poll keeps it (after :func:`_call_panel`)."""
    if desks.call_state is None or "agent" not in desks.desktops:
        return
    center = desks.desktops["agent"].window.call_center
    center.notes.open(None)
    center.wrapup.open(None)
    center.card.set_pop(None)
    center.panel.show_state("offline")
    center.controller.start()
    desks.call_state = None
    settle(desks.desktops["agent"])


def _own_tickets(desks: Desks) -> QWidget:
    """The agent's own complaints (投诉与工单); the small seed gives agent01 none: the list's empty state."""
    desktop = desks.desktops["agent"]
    window = desktop.window
    _idle_call_panel(desks)
    window.show_tickets()
    wait_until(lambda: window.tickets.list.pane.state in ("content", "empty"), "the agent's complaints")
    settle(desktop)
    return window.tickets


def _team_tickets(desks: Desks) -> QWidget:
    """The complaints workspace of the supervisor of the busiest complaint desk, the most urgent one open.

    super01 supervises no team with complaints in the small seed, so (as the screenshots do) the
    workspace of the supervisor who does takes the place of super01's own in the window.
    """
    from desktop.ticket_showcase import show_representative_state, showcase_principal
    from desktop.ui.tickets import TicketsWorkspace

    desktop = desks.desktops["supervisor"]
    window = desktop.window
    if desks.team_tickets is None:
        engine = desktop.session.engine
        principal = desks.call("supervisor", lambda: showcase_principal(engine))
        assert desktop.services is not None and desktop.services.tickets is not None
        workspace = TicketsWorkspace(desktop.tasks, desktop.services.tickets, principal)
        desks.team_tickets = workspace
        own = window.tickets
        index = window.tabs.indexOf(own)
        window.tabs.removeTab(index)
        own.hide()
        window.tabs.insertTab(index, workspace, "")
        window.tickets = workspace  # the window's own retranslation names the tab
        window.retranslate()
        window.show_tickets()
        opened = show_representative_state(workspace)
        assert opened is not None, "the showcase supervisor has no open complaint to show"
    window.show_tickets()
    settle(desktop)
    return window.tickets


def _ticket_beside_customer(desks: Desks) -> QWidget:
    """The agent's customer page with the customer's most urgent complaint in the pane beside it."""
    desktop = desks.desktops["agent"]
    page = _customer("overview", keep_ticket=True)(desks)
    view = desktop.window.customer_view
    if not (view.ticket_dock is not None and view.ticket_dock.isVisible()):
        view.open_urgent_complaint()
        wait_until(lambda: view.ticket_dock is not None and view.ticket_dock.isVisible(), "the ticket pane")
        panel = view.ticket_dock.panel
        wait_until(lambda: panel.view is not None, "the complaint in the pane")
    settle(desktop)
    return page


def _close_ticket_pane(desks: Desks) -> None:
    view = desks.desktops["agent"].window.customer_view
    if view.ticket_dock is not None and view.ticket_dock.isVisible():
        view.close_ticket()
        settle(desks.desktops["agent"])


def _page(attribute: str, prepare: Callable[[Desks, Any], None] | None = None) -> Callable[[Desks], QWidget]:
    def show(desks: Desks) -> QWidget:
        desktop = desks.desktops["supervisor"]
        window = desktop.window
        page = getattr(window, attribute)
        holder = page
        while holder.parentWidget() is not None and holder.parentWidget() is not window.tabs.findChild(
            QWidget, "qt_tabwidget_stackedwidget"
        ):
            holder = holder.parentWidget()
        window.tabs.setCurrentWidget(holder)
        settle(desktop)
        if prepare is not None and attribute not in desks.prepared:
            prepare(desks, page)
            desks.prepared.add(attribute)
            settle(desktop)
        return holder

    return show


def _templates_prepared(desks: Desks, editor: Any) -> None:
    editor.reload()
    settle(desks.desktops["supervisor"])
    if editor.list.count():
        editor.list.setCurrentRow(0)


def _campaign_prepared(desks: Desks, panel: Any) -> None:
    panel.select_template("marketing_offer_sms", "zh_CN")
    panel.custom.add_row("aum", ">=", "500000")
    panel.run_preview()


def _flows_prepared(desks: Desks, workspace: Any) -> None:
    workspace.editor.open_flow("card_loss")
    settle(desks.desktops["supervisor"])
    workspace.editor.select_step("verify")


def _webhook_prepared(desks: Desks, page: Any) -> None:
    wait_until(lambda: page.table.model().rowCount() > 0, "the made-up webhook issues")
    page.select_row(0)


def _lobby(attribute: str, prepare: Callable[[Desks, Any], None] | None = None) -> Callable[[Desks], QWidget]:
    """A page of the lobby manager's lobby workspace."""

    def show(desks: Desks) -> QWidget:
        desktop = desks.desktops["lobby"]
        window = desktop.window
        workspace = window.lobby.workspace
        window.tabs.setCurrentWidget(workspace)
        page = getattr(workspace, attribute)
        workspace.tabs.setCurrentWidget(page)
        settle(desktop)
        if prepare is not None and f"lobby.{attribute}" not in desks.prepared:
            prepare(desks, page)
            desks.prepared.add(f"lobby.{attribute}")
            settle(desktop)
        return workspace

    return show


def _checkin_prepared(desks: Desks, page: Any) -> None:
    """A VIP of the branch recognised by their ID number (the card, its reasons and memo, the issue panel)."""
    from desktop.lobby_screens import showcase_vip

    desktop = desks.desktops["lobby"]
    branch = desktop.access.signed.user.branch_id
    _cid, id_number = desks.call("lobby", lambda: showcase_vip(desktop.session.engine, branch))
    page.box.setText(id_number)
    page.search()
    wait_until(lambda: page.card.card is not None, "the recognition card")


def _counter_prepared(desks: Desks, page: Any) -> None:
    """Counter 3 held by this desktop and opened, a number called."""
    page.refresh()
    settle(desks.desktops["lobby"])
    free = next(c for c in page.counters if c.number == 3)
    page.picker.setCurrentIndex(page.picker.findData(free.id))
    page.hold()
    wait_until(lambda: page.held_id is not None, "the counter held")
    page._counter_action("open")
    settle(desks.desktops["lobby"])
    page.call_next()
    wait_until(lambda: page.ticket is not None, "a number called")


WORKSPACES: tuple[Workspace, ...] = (
    *(Workspace(f"agent-customer-{tab}", "agent", _customer(tab)) for tab in CUSTOMER_TABS),
    Workspace("agent-customer-ticket", "agent", _ticket_beside_customer),
    Workspace("agent-call-on-line", "agent", _call_panel("on_call")),
    Workspace("agent-call-wrapup", "agent", _call_panel("wrap_up")),
    Workspace("agent-tickets", "agent", _own_tickets),
    Workspace("supervisor-tickets", "supervisor", _team_tickets),
    Workspace("supervisor-templates", "supervisor", _page("templates", _templates_prepared)),
    Workspace("supervisor-campaigns", "supervisor", _page("campaigns", _campaign_prepared)),
    Workspace("supervisor-outbox-issues", "supervisor", _page("outbox_issues")),
    Workspace("supervisor-webhook-issues", "supervisor", _page("webhook_issues", _webhook_prepared)),
    Workspace("supervisor-flows", "supervisor", _page("flows", _flows_prepared)),
    Workspace("lobby-checkin", "lobby", _lobby("checkin", _checkin_prepared)),
    Workspace("lobby-board", "lobby", _lobby("board")),
    Workspace("lobby-counter", "lobby", _lobby("counter", _counter_prepared)),
    Workspace("lobby-appointments", "lobby", _lobby("appointments")),
    Workspace("lobby-referrals", "lobby", _lobby("referrals")),
    Workspace("lobby-report", "lobby", _lobby("report")),
)


def made_up_dead_letters(engine: Any) -> None:
    """Two webhook issues no gateway wrote (a spool line that is not JSON; an SMS reply refused)."""

    from services import dead_letters

    reply = {
        "kind": "sms_incoming",
        "params": {
            "MessageSid": ["SM" + "1" * 32],
            "AccountSid": ["AC" + "1" * 32],
            "From": ["+8613800138000"],
            "To": ["+862160000000"],
            "Body": ["我想咨询一下定期存款的利率"],
            "NumSegments": ["1"],
            "SmsStatus": ["received"],
        },
        "at": dt.datetime.now(dt.UTC).isoformat(),
    }
    dead_letters.record(
        engine, {"kind": "unreadable", "raw": '{"kind": "menu", "par'}, ValueError("not JSON"), source="replay"
    )
    dead_letters.record(engine, reply, ValueError("reply names no outbox message"), source="live")


def made_up_call(engine: Any, customer_id: int) -> int:
    """A call from ``customer_id``'s phone that agent01 answered and now wraps up (the small seed has no calls;
    the call panel is put into its states from this row, not by the phone system)."""
    from sqlalchemy import insert, select

    from db.models import Call, CustomerPhone, User
    from db.pii import mask_phone, phone_key
    from db.write import write_txn

    now = dt.datetime.now(dt.UTC)
    with write_txn(engine) as conn:
        agent = conn.execute(select(User.id).where(User.username == "agent01")).scalar_one()
        phone = conn.execute(
            select(CustomerPhone.e164).where(CustomerPhone.customer_id == customer_id).limit(1)
        ).scalar()
        return int(
            conn.execute(
                insert(Call)
                .values(
                    call_sid="CA" + "7" * 32,
                    direction="inbound",
                    from_e164=phone or "+8613800138000",
                    from_masked=mask_phone(phone or "+8613800138000"),
                    from_key=phone_key(phone or "+8613800138000"),
                    to_e164="+862160000000",
                    to_masked=mask_phone("+862160000000"),
                    customer_id=customer_id,
                    match_result="one",
                    state="wrap_up",
                    received_at=now - dt.timedelta(minutes=4),
                    enqueued_at=now - dt.timedelta(minutes=4),
                    offered_at=now - dt.timedelta(minutes=3, seconds=50),
                    answered_at=now - dt.timedelta(minutes=3, seconds=45),
                    ended_at=now - dt.timedelta(seconds=20),
                    wrapup_at=now - dt.timedelta(seconds=20),
                    agent_id=agent,
                )
                .returning(Call.id)
            ).scalar_one()
        )


def copy_database(seeded_url: str, target: Path) -> str:
    shutil.copy(Path(seeded_url.removeprefix("sqlite:///")), target)
    return f"sqlite:///{target.as_posix()}"


def starter_flow_draft(engine: Any, code: str) -> None:
    """A starter flow as a draft of the seed's supervisor (a draft may name templates the seed lacks)."""
    from sqlalchemy import select

    from db.models import User
    from services.audit import AuditTrail
    from services.flows.authoring import FlowAuthoring
    from services.flows.starters import starter_flows
    from services.permissions import Principal

    with engine.connect() as conn:
        row = conn.execute(select(User).where(User.username == "super01")).one()
    boss = Principal(row.id, row.username, row.role_code, row.branch_id, row.team_id, "", row.display_name)
    flow = next(f for f in starter_flows() if f.code == code)
    FlowAuthoring(engine, AuditTrail(workstation="desks")).create(boss, flow)


def start_desks(app: QApplication, seeded_url: str, base: Path) -> Iterator[Desks]:
    """The two desktops signed in, with the showcase customer picked; stopped afterwards."""
    from db.engine import make_engine
    from desktop.demo_data import showcase
    from desktop.demo_lobby import install_lobby_demo

    url = copy_database(seeded_url, base / "desks.db")
    engine = make_engine(url)
    try:
        made_up_dead_letters(engine)
        starter_flow_draft(engine, "card_loss")  # the supervisor's "Service flows" tab shows a flow
        picks = showcase(engine)
        picks["call"] = made_up_call(engine, picks["rich"])
        install_lobby_demo(engine)  # the lobby manager's pages show a lobby at work
    finally:
        engine.dispose()
    desks = Desks(app, url, base)
    desks.showcase = picks
    font, style, sheet = app.font(), app.style().name(), app.styleSheet()
    apply_style(app)  # the application's font, style and style sheet, as ``contactdesk app`` has them
    try:
        desks.start("agent", "agent01")
        desks.start("supervisor", "super01")
        desks.start("lobby", "lobby01")
        yield desks
    finally:
        desks.stop()
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setFont(font)
