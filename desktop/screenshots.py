"""``contactdesk demo --screenshot DIR``: render every screen to PNG files, in Chinese and in English.

Each screen is put into its state once and then taken in every *look*: Chinese and English at 1366×768 and
1280×720 (the agents' screens), and the main screens also in Chinese at 1920×1080.  A window is saved as
``<screen>_<language>_<width>x<height>.png`` (e.g. ``search_results_zh_CN_1366x768.png``), a dialog as
``<screen>_<language>.png``.  The sizes are the window's, as it is maximized on such a screen.

Runs inside the real application after the main window is up; waits for every background load
before each grab so that no loading state is captured by accident.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

Look = tuple[str, tuple[int, int]]  # (language, window size)
LANGUAGES = ("zh_CN", "en")
SIZES = ((1366, 768), (1280, 720))  # every screen, in every language
LARGE = (1920, 1080)  # the main screens, in Chinese
WORK_LOOKS: tuple[Look, ...] = tuple((language, size) for language in LANGUAGES for size in SIZES)
MAIN_LOOKS: tuple[Look, ...] = (*WORK_LOOKS[: len(SIZES)], ("zh_CN", LARGE), *WORK_LOOKS[len(SIZES) :])
NO_MATCH_TEXT = "龘龘龘"
LINE_START_MS = 60_000
SWITCH_MS = 30_000  # signing out and in again
SUPERVISOR = "super01"  # the demo's supervisor, whose window shows the flow editor


class ScreenNotRendered(Exception):
    """A screen that could not be rendered, by name, with the reason."""

    def __init__(self, screen: str, reason: str) -> None:
        super().__init__(f"{screen}: {reason}")
        self.screen = screen
        self.reason = reason


@contextmanager
def rendering(screen: str) -> Iterator[None]:
    """Whatever fails inside names ``screen`` (a failure already named keeps its own name)."""
    try:
        yield
    except ScreenNotRendered:
        raise
    except Exception as exc:
        raise ScreenNotRendered(screen, f"{type(exc).__name__}: {exc}") from exc


def _call(desktop: Any, fn: Any) -> Any:
    """Run ``fn`` on the database worker and wait for its result (pumping events meanwhile)."""
    box: dict[str, Any] = {}
    desktop.tasks.run_db(
        fn, on_success=lambda v: box.setdefault("value", v), on_failure=lambda e: box.setdefault("error", e)
    )
    desktop.tasks.wait_idle(120_000)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def settle(desktop: Any) -> None:
    """Let layouts, lazy row fetches and language changes finish."""
    window = desktop.window
    for _ in range(3):
        QCoreApplication.processEvents()
        window.grab()  # paints: views ask for rows they have not got yet
        desktop.tasks.wait_idle(60_000)
    QCoreApplication.processEvents()


def file_name(name: str, language: str, size: tuple[int, int] | None = None) -> str:
    """``search_results_en_1280x720.png`` (a window), ``signin_en.png`` (a dialog)."""
    return f"{name}_{language}_{size[0]}x{size[1]}.png" if size else f"{name}_{language}.png"


def use_language(desktop: Any, language: str) -> None:
    """Switch the interface to ``language`` (if it is not in force) and let everything retranslate."""
    if desktop.translations.language != language:
        desktop.translations.switch(language)
        settle(desktop)


def in_looks(desktop: Any, looks: tuple[Look, ...]) -> Iterator[Look]:
    """Put the window into each look in turn: its language, its size, the search side at its share."""
    window = desktop.window
    for language, size in looks:
        use_language(desktop, language)
        window.resize(*size)
        if window.search_panel.isVisible():
            window.workspace.apply_split()
        yield language, size


def grab(desktop: Any, out_dir: Path, name: str, size: tuple[int, int], language: str = "zh_CN") -> Path:
    """Save the whole window as ``<name>_<language>_<w>x<h>.png``."""
    settle(desktop)
    path = out_dir / file_name(name, language, size)
    pixmap = desktop.window.grab()
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    log.info("screenshot %s (%sx%s)", path, pixmap.width(), pixmap.height())
    return path


def grab_looks(desktop: Any, out_dir: Path, name: str, looks: tuple[Look, ...] = WORK_LOOKS) -> list[Path]:
    """The window in its current state, in each of ``looks``."""
    return [grab(desktop, out_dir, name, size, language) for language, size in in_looks(desktop, looks)]


def grab_window_sizes(
    desktop: Any, window: Any, out_dir: Path, name: str, sizes: tuple[tuple[int, int], ...], language: str = "zh_CN"
) -> list[Path]:
    """A window of its own (a display, a TV board) at each of ``sizes``, as ``<name>_<language>_<w>x<h>.png``."""
    written = []
    for width, height in sizes:
        window.resize(width, height)
        settle(desktop)
        QCoreApplication.processEvents()
        path = out_dir / file_name(name, language, (width, height))
        if not window.grab().save(str(path)):
            raise ScreenNotRendered(name, f"could not write {path}")
        written.append(path)
    return written


def grab_dialog(desktop: Any, dialog: Any, out_dir: Path, name: str) -> list[Path]:
    """A dialog in each language, as ``<name>_<language>.png``."""
    written = []
    for language in LANGUAGES:
        use_language(desktop, language)
        dialog.adjustSize()
        settle(desktop)
        path = out_dir / file_name(name, language)
        if not dialog.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written


def _select(desktop: Any, panel: Any, customer_id: int) -> None:
    settle(desktop)  # the search result must be in before a row can be selected
    ids = panel.model.ids
    if customer_id in ids:
        panel.table.select_row(ids.index(customer_id))


def _tickets(desktop: Any, out_dir: Path, engine: Any) -> list[Path]:
    from desktop.ticket_showcase import show_representative_state, showcase_principal
    from desktop.ui.tickets import TicketsWorkspace

    service = desktop.services.tickets
    window = desktop.window
    try:
        principal = _call(desktop, lambda: showcase_principal(engine))
    except LookupError:  # a small data set without a complaint desk: the user's own list
        window.show_tickets()
        show_representative_state(window.tickets)
        shots = grab_looks(desktop, out_dir, "tickets", MAIN_LOOKS)
        window.tabs.setCurrentIndex(0)
        return shots
    workspace = TicketsWorkspace(desktop.tasks, service, principal)
    own = window.tabs.indexOf(window.tickets)
    index = window.tabs.addTab(workspace, window.tabs.tabText(own))
    window.tabs.setTabVisible(own, False)  # the showcase supervisor's list stands in for the user's own
    window.tabs.setCurrentIndex(index)
    try:
        show_representative_state(workspace)
        written = []
        for language, size in in_looks(desktop, MAIN_LOOKS):
            window.tabs.setTabText(index, window.tabs.tabText(own))  # the hidden own tab's title, translated
            written.append(grab(desktop, out_dir, "tickets", size, language))
        return written
    finally:
        window.tabs.removeTab(index)
        window.tabs.setTabVisible(own, True)
        window.tabs.setCurrentIndex(0)
        workspace.deleteLater()


UNKNOWN_CALLER = "+8617099990000"  # a number the demo data does not hold (no 170 numbers are seeded)


def _line_started(desktop: Any) -> None:
    """Wait for the demo's phone line (started on the database worker after sign-in), or name why it is down."""
    window = desktop.window
    if window.call_center is None:
        raise ScreenNotRendered("call_offered", "the signed-in user takes no calls")
    desktop.tasks.wait_idle(LINE_START_MS)
    QCoreApplication.processEvents()  # delivers the start's outcome
    if desktop.telephony is None:
        reason = desktop.telephony_error or f"the phone line did not start within {LINE_START_MS // 1000} s"
        raise ScreenNotRendered("call_offered", f"the phone line is down: {reason}")


def _calls(desktop: Any, out_dir: Path, engine: Any) -> list[Path]:
    window = desktop.window
    _line_started(desktop)
    from desktop.demo_calls import (
        accept_call,
        follow_suggested_flow,
        hang_up_into_wrapup,
        placer,
        pump_until,
        show_offered_call,
        showcase_caller,
    )

    center = window.call_center
    written: list[Path] = []
    with rendering("call_offered"):
        _customer, number = _call(desktop, lambda: showcase_caller(engine))
        call = placer(desktop.telephony)
        for language, size in in_looks(desktop, WORK_LOOKS):
            snap = center.controller.snapshot
            if snap is None or snap.offer is None:  # the first call stopped ringing (offers time out): another
                show_offered_call(center, call, number)
            written.append(grab(desktop, out_dir, "call_offered", size, language))
        if center.controller.snapshot is None or center.controller.snapshot.offer is None:
            show_offered_call(center, call, number)  # answered next
    with rendering("flow_runner"):
        # The caller answered, and the flow the card suggests is followed beside the 360° view (Ctrl+G).
        use_language(desktop, "zh_CN")
        call_id = accept_call(center)
        follow_suggested_flow(window, center, steps=1)
        written.extend(grab_looks(desktop, out_dir, "flow_runner", MAIN_LOOKS))
    with rendering("call_wrapup"):
        use_language(desktop, "zh_CN")
        window.flow_seat.panel.close_run()  # the run stays open for the customer; the wrap-up has the room
        hang_up_into_wrapup(
            center,
            call_id,
            notes="客户询问定期存款到期后的续存利率，已说明。",
            disposition="inquiry.rate",
            wrapup_notes="已解答续存问题，客户考虑转存三年期。",
        )
        written.extend(grab_looks(desktop, out_dir, "call_wrapup"))
        # Finish the wrap-up, so the desk is available again (the demo database outlives this run).
        window.call_center.wrapup.submit_now()
        pump_until(lambda: window.call_center.wrapup.call_id != call_id, 30, "the wrap-up being recorded")
    with rendering("call_unknown"):
        # A caller nobody has on record: the main area shows the unknown-caller page, not the last customer.
        for language, size in in_looks(desktop, WORK_LOOKS):
            snap = center.controller.snapshot
            if snap is None or snap.offer is None:
                show_offered_call(center, call, UNKNOWN_CALLER)
            pump_until(
                lambda: center.unknown_page is not None and center.unknown_page.isVisible(), 30, "the unknown caller"
            )
            written.append(grab(desktop, out_dir, "call_unknown", size, language))
        snap = center.controller.snapshot
        if snap is not None and snap.offer is not None:  # let the desk go back to work
            center.actions.decline(snap.offer.call_id)
    return written


def _messaging(desktop: Any, out_dir: Path, engine: Any, customer_id: int) -> list[Path]:
    from desktop.ui.customer_workspace import scrolling as _scrolling
    from desktop.ui.messaging import CampaignPanel, OutboxIssuesPage, TemplateEditor, open_compose
    from services.permissions import Principal

    window, service = desktop.window, desktop.services.messaging
    use_language(desktop, "zh_CN")
    window.resize(*SIZES[0])
    compose = open_compose(window, desktop.tasks, service, desktop.access.signed.user, customer_id)
    settle(desktop)
    compose.select_template("deposit_maturity_sms", "zh_CN")
    settle(desktop)
    written = grab_dialog(desktop, compose, out_dir, "compose")
    compose.close()
    use_language(desktop, "zh_CN")

    def supervisor() -> Any:
        from sqlalchemy import select

        from db.models import User

        with engine.connect() as conn:
            row = conn.execute(select(User).where(User.username == "super01")).first()
        if row is None:
            return None
        return Principal(row.id, row.username, row.role_code, row.branch_id, row.team_id, "", row.display_name)

    boss = _call(desktop, supervisor)
    if boss is None:
        raise ScreenNotRendered("templates", "the demo data has no supervisor super01")

    def editor_shown(editor: Any) -> None:
        editor.reload()
        settle(desktop)
        if editor.list.count():
            editor.list.setCurrentRow(0)

    def campaign_shown(panel: Any) -> None:
        settle(desktop)
        panel.select_template("marketing_offer_sms", "zh_CN")
        panel.custom.add_row("aum", ">=", "500000")
        panel.run_preview()
        settle(desktop)

    pages = [
        (TemplateEditor, "Message templates", "templates", editor_shown, True),
        (CampaignPanel, "Campaigns", "campaigns", campaign_shown, True),
        (OutboxIssuesPage, "Outbox issues", "outbox_issues", lambda _page: settle(desktop), False),
    ]
    for cls, title, name, prepare, scrolls in pages:
        page = cls(desktop.tasks, service, boss)
        holder = _scrolling(page) if scrolls else page
        use_language(desktop, "zh_CN")
        index = window.tabs.addTab(holder, "")
        window.tabs.setCurrentIndex(index)
        try:
            with rendering(name):
                prepare(page)
                for language, size in in_looks(desktop, WORK_LOOKS):
                    window.tabs.setTabText(index, QCoreApplication.translate("MainWindow", title))  # added here
                    written.append(grab(desktop, out_dir, name, size, language))
        finally:
            window.tabs.removeTab(index)
            window.tabs.setCurrentIndex(0)
            holder.deleteLater()
    with rendering("webhook_issues"):
        written.extend(_webhook_issues(desktop, out_dir, engine, boss))
    return written


def sign_in_as(desktop: Any, username: str) -> None:
    """Switch user as a person would (sign out, sign in as ``username`` with the demo password) and wait for
    their window."""
    from desktop.demo_calls import pump_until
    from services.demo_accounts import DEMO_PASSWORD

    access = desktop.access
    access.switch_user()
    desktop.tasks.wait_idle(SWITCH_MS)
    failures: list[BaseException] = []
    access.sign_in(username, DEMO_PASSWORD, on_failure=failures.append)

    def arrived() -> bool:
        if failures:
            raise ScreenNotRendered("sign_in", f"{username} could not sign in: {failures[0]!r}")
        signed = access.signed
        return signed is not None and signed.user.username == username and access.window is not None

    pump_until(arrived, SWITCH_MS / 1000, f"{username}'s window")
    use_language(desktop, "zh_CN")
    desktop.window.resize(*SIZES[0])
    settle(desktop)


def _flows(desktop: Any, out_dir: Path) -> list[Path]:
    """The flow editor with the card-loss starter, its drop-off on the canvas, and its analytics, in the
    signed-in supervisor's own "Service flows" tab (the seed gives the starters finished and abandoned runs)."""
    window = desktop.window
    workspace = window.flows
    if workspace is None or workspace.editor is None:
        raise ScreenNotRendered("flow_editor", "the signed-in user has no flow editor")
    window.tabs.setCurrentWidget(workspace)
    editor = workspace.editor
    written: list[Path] = []
    settle(desktop)
    editor.open_flow("card_loss")
    settle(desktop)
    editor.select_step("verify")
    for name, heat, page in (
        ("flow_editor", False, editor),
        ("flow_dropoff", True, editor),
        ("flow_analytics", True, workspace.analytics),
    ):
        with rendering(name):
            editor.heat_box.setChecked(heat)
            workspace.setCurrentWidget(page)
            for language, size in in_looks(desktop, MAIN_LOOKS):
                editor.canvas.fit()
                editor.canvas.show_top()
                written.append(grab(desktop, out_dir, name, size, language))
    window.tabs.setCurrentIndex(0)
    return written


def _made_up_dead_letters(engine: Any) -> list[int]:
    """Two dead letters no gateway wrote, plainly marked as made up: a spool line that is not JSON and an SMS
    reply whose data was refused (its number and text are masked on the page like any other)."""
    import datetime as dt

    from services import dead_letters

    at = dt.datetime.now(dt.UTC).isoformat()
    reply = {
        "kind": "sms_incoming",
        "params": {
            "MessageSid": ["SM" + "0" * 32],
            "AccountSid": ["AC" + "0" * 32],
            "From": ["+8613800138000"],
            "To": ["+862160000000"],
            "Body": ["（截图演示）我想咨询一下定期存款的利率"],
            "NumSegments": ["1"],
            "SmsStatus": ["received"],
        },
        "at": at,
    }
    return [
        dead_letters.record(
            engine,
            {"kind": "unreadable", "raw": '{"kind": "menu", "par'},
            ValueError("not a JSON object"),
            source="replay",
        ),
        dead_letters.record(
            engine, reply, ValueError("screenshot demo: reply names no outbox message (made up)"), source="live"
        ),
    ]


def _webhook_issues(desktop: Any, out_dir: Path, engine: Any, boss: Any) -> list[Path]:
    """The supervisor's "Webhook issues" page with two made-up dead letters, the newest selected; both are
    settled again afterwards (the demo database outlives this run)."""
    from desktop.ui.webhook_issues import WebhookIssuesPage
    from services.audit import AuditTrail
    from services.dead_letters import DeadLetterDesk

    window = desktop.window
    desk = DeadLetterDesk(engine, audit=AuditTrail(workstation="screenshots"))
    made_up = _call(desktop, lambda: _made_up_dead_letters(engine))
    page = WebhookIssuesPage(desktop.tasks, desk, boss)
    index = window.tabs.addTab(page, "")
    try:
        settle(desktop)
        window.tabs.setCurrentIndex(index)
        page.select(made_up[-1])
        written = []
        for language, size in in_looks(desktop, WORK_LOOKS):
            window.tabs.setTabText(index, page.tab_title())  # a page added here: its tab follows by hand
            written.append(grab(desktop, out_dir, "webhook_issues", size, language))
        return written
    finally:
        window.tabs.removeTab(index)
        window.tabs.setCurrentIndex(0)
        page.deleteLater()

        def tidy() -> None:
            for letter_id in made_up:
                desk.settle(boss, letter_id, "截图演示数据，无需处理")

        _call(desktop, tidy)


def _ticket_beside_customer(desktop: Any, out_dir: Path, customer_id: int) -> list[Path]:
    """The customer's most urgent open complaint in the pane beside the 360° view."""
    view = desktop.window.customer_view
    if view.ticket_dock is None:
        raise ScreenNotRendered("customer360_ticket", "the 360° view has no ticket pane for this user")
    use_language(desktop, "zh_CN")
    desktop.window.resize(*SIZES[0])
    view.open_customer(customer_id)
    settle(desktop)
    view.open_urgent_complaint()
    settle(desktop)
    if not view.ticket_dock.isVisible():
        log.info("screenshot customer360_ticket left out: the showcase customer has no open complaint")
        return []
    try:
        return grab_looks(desktop, out_dir, "customer360_ticket")
    finally:
        view.close_ticket()
        settle(desktop)


def take_screenshots(desktop: Any, out_dir: Path) -> int:
    """Render the screens; returns the exit status."""
    from desktop.demo_data import showcase
    from desktop.ui.customer360 import TABS

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        engine = desktop.session.engine
        picks = _call(desktop, lambda: showcase(engine))
        log.info("showcase customers: %s", picks)
        window = desktop.window
        panel = window.search_panel
        view = window.customer_view
        written: list[Path] = []
        use_language(desktop, "zh_CN")
        window.resize(*SIZES[0])
        window.workspace.apply_split()
        view.close_customer()
        with rendering("search_empty"):
            panel.search_now("")
            written.extend(grab_looks(desktop, out_dir, "search_empty", MAIN_LOOKS))
        with rendering("search_nomatch"):
            panel.search_now(NO_MATCH_TEXT)
            written.extend(grab_looks(desktop, out_dir, "search_nomatch", MAIN_LOOKS))
        with rendering("search_results"):
            panel.search_now(picks["surname"])
            written.extend(grab_looks(desktop, out_dir, "search_results", MAIN_LOOKS))
            _select(desktop, panel, picks["rich"])
            view.open_customer(picks["rich"])
        for tab in TABS:
            with rendering(f"customer360_{tab}"):
                view.show_tab(tab)
                written.extend(grab_looks(desktop, out_dir, f"customer360_{tab}", MAIN_LOOKS))
        if picks.get("long") is not None:
            with rendering("customer360_longname"):
                panel.search_now(picks["long_name"])
                _select(desktop, panel, picks["long"])
                view.show_tab("overview")
                view.open_customer(picks["long"])
                written.extend(grab_looks(desktop, out_dir, "customer360_longname", MAIN_LOOKS))
        # A call popping at this desk, then its wrap-up (real calls through the simulator).
        with rendering("call_offered"):
            written.extend(_calls(desktop, out_dir, engine))
        # Sending from an approved template, and the supervisor's template editor.
        with rendering("compose"):
            written.extend(_messaging(desktop, out_dir, engine, picks["rich"]))
        # A complaint beside the customer it belongs to.
        with rendering("customer360_ticket"):
            written.extend(_ticket_beside_customer(desktop, out_dir, picks["rich"]))
        # The complaints workspace, as the supervisor of the busiest complaint desk sees it.
        with rendering("tickets"):
            written.extend(_tickets(desktop, out_dir, engine))
        # Sign-in and the idle lock.
        with rendering("signin"):
            dialog = desktop.access.dialog
            dialog.prepare("agent01")
            dialog.set_notice("")
            written.extend(grab_dialog(desktop, dialog, out_dir, "signin"))
        with rendering("locked"):
            window.lock()
            written.extend(grab_looks(desktop, out_dir, "locked"))
            window.unlock()
        # The supervisor's own window: the flow editor with a starter flow, its drop-off and its analytics.
        with rendering("flow_editor"):
            sign_in_as(desktop, SUPERVISOR)
            written.extend(_flows(desktop, out_dir))
        # The supervisor's wallboard, in the tab and full screen.
        from desktop.wallboard_screens import take_wallboard_screens

        with rendering("wallboard"):
            written.extend(take_wallboard_screens(desktop, out_dir, sys.modules[__name__]))
        # Every report in the supervisor's "Reports" tab.
        from desktop.ui.reports.screens import take_report_screens

        written.extend(take_report_screens(desktop, out_dir, sys.modules[__name__]))
        # The lobby manager's window: check-in with a VIP's card, the board, a counter, and the lobby display.
        from desktop.lobby_screens import take_lobby_screens

        written.extend(take_lobby_screens(desktop, out_dir, sys.modules[__name__]))
        window = desktop.window
        use_language(desktop, "zh_CN")
        window.resize(*SIZES[0])
        settle(desktop)
        print(f"contactdesk: wrote {len(written)} screenshots to {out_dir}", flush=True)
        return 0
    except ScreenNotRendered as exc:
        log.error("screenshot %s could not be rendered: %s", exc.screen, exc.reason, exc_info=exc)
        print(f"contactdesk: could not render the screen {exc.screen!r}: {exc.reason}", file=sys.stderr, flush=True)
        return 1
    except Exception as exc:
        log.exception("taking screenshots failed")
        print(f"contactdesk: taking screenshots failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
