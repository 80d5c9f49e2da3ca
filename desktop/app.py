"""Application start-up: QApplication, logging, translations, style, the crash hook, and the first window.

Nothing here touches the database on the GUI thread: the engine is created, migrated and queried
on the database worker, and the main window is built when that has succeeded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import logging.handlers
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.demo_data import DEMO_USER
from desktop.wiring import Deferred, FlowDesk, WindowServices, deferred
from services.backoff import Backoff
from services.config import Settings

log = logging.getLogger(__name__)

FONT_FAMILIES = [
    "Noto Sans CJK SC",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Segoe UI",
    "sans-serif",
]
FONT_POINT_SIZE = 10 if sys.platform != "win32" else 9
LOG_BYTES = 2_000_000
LOG_BACKUPS = 5

WARM_UP_DELAY_MS = 300
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_DATABASE = 2
EXIT_NO_USER = 3
AUTOMATED_OPEN_PATIENCE_S = 60.0  # screenshots and probes give up on an unreachable database after this


@dataclass
class LaunchOptions:
    """What ``contactdesk app`` / ``contactdesk demo`` asked for."""

    database_url: str
    embedded: bool
    username: str | None = None
    language: str | None = None
    demo_customers: int | None = None  # set: prepare the demo database first
    demo_customers_explicit: bool = False
    demo_reset: bool = False
    screenshot_dir: Path | None = None
    probe: str | None = None


def setup_logging(settings: Settings) -> Path:
    """Log to ``<data_dir>/logs/contactdesk.log`` (rotating) and warnings to stderr.

    Returns:
        The log file's path.
    """
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    path = settings.log_dir / "contactdesk.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_contactdesk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"))
    file_handler._contactdesk = True  # type: ignore[attr-defined]
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("contactdesk: %(levelname)s %(message)s"))
    console._contactdesk = True  # type: ignore[attr-defined]
    from services import logredact

    # No ID number, phone, e-mail, card number or secret reaches a log file or the console.
    logredact.install(file_handler, logredact.shared())
    logredact.install(console, logredact.shared())
    root.addHandler(file_handler)
    root.addHandler(console)
    root.setLevel(getattr(logging, str(settings.log_level).upper(), logging.INFO))
    return path


def _qt_message_handler(mode: Any, context: Any, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    if "propagateSizeHints" in message:
        level = logging.DEBUG  # the offscreen platform (screenshots, probes) cannot pass size hints on
    logging.getLogger("qt").log(level, "%s", message)


def create_application(argv: list[str] | None = None) -> Any:
    """The QApplication with ContactDesk's name, font and style sheet (or the existing one)."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop import APP_NAME, __version__

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    apply_style(app)
    return app


def apply_style(app: Any) -> None:
    """Font (a readable CJK face, 9-10 pt) and the style sheet."""
    from PySide6.QtGui import QFont

    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(FONT_POINT_SIZE)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())


def style_sheet() -> str:
    """The application's style sheet (``resources/qss/contactdesk.qss``; "" when missing).

    Its images are named ``qss:<file>``: the prefix is registered here as that folder.
    """
    from PySide6.QtCore import QDir

    from services.resource_files import resource_path

    qss = resource_path("qss", "contactdesk.qss")
    if not qss.is_file():
        return ""
    QDir.setSearchPaths("qss", [str(qss.parent)])
    return qss.read_text(encoding="utf-8")


def _headless() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal"))


class Desktop:
    """One run of the desktop: owns the task manager, translations, the database handle and the window.

    Start-up order (see :func:`run`): the database work is queued on the worker first
    (:meth:`start_database`), before the QApplication and the widgets exist, so that opening and
    checking the database overlaps with building the window (:meth:`start_interface`).
    """

    def __init__(self, settings: Settings, options: LaunchOptions, log_path: Path) -> None:
        from desktop.session import DatabaseHandle
        from desktop.tasks import TaskManager
        from desktop.ui.crash import ExceptionHook

        self.app: Any = None
        self.settings = settings
        self.options = options
        self.started = time.monotonic()
        self.translations: Any = None
        self.hook = ExceptionHook(log_path=str(log_path))
        if _headless():
            self.hook.show_dialog = lambda _summary, _details: None  # no one could close a dialog: log only
        self.hook.install()
        self.handle = DatabaseHandle(options.database_url, embedded=options.embedded)
        self.tasks = TaskManager(self.handle)
        # The shared database: sign-in through the gateway, then the database as the user's own login.
        self.shared: Any = None
        if self.handle.shared:
            from desktop.session import SharedSignIn

            self.shared = SharedSignIn(self.handle, settings.gateway_url)
        self.services: WindowServices | None = None
        self.session: Any = None
        self.access: Any = None
        self.telephony: Any = None
        self.telephony_error: str | None = None  # why the demo's phone line did not start
        self._screenshots_started = False
        self._telephony_control: Any = None  # Deferred: the demo telephony's call control
        self.lobby_robots: Any = None  # the demo's lobby robots (gateway.lobby_robots), once started
        self.jobs: Any = None  # the recurring jobs run in-process on the embedded database (gateway.jobs)
        self.exit_code = EXIT_OK
        self._open_backoff = Backoff(initial=0.5, maximum=10.0)
        self._progress: Any = None

    @property
    def window(self) -> Any:
        """The signed-in user's main window (None before sign-in and after sign-out)."""
        return self.access.window if self.access is not None else None

    # -- start ------------------------------------------------------------------------------------

    def start_database(self) -> None:
        """Queue the database work: prepare the demo data if asked, then open the database.

        Runs before the QApplication exists; the results arrive once its event loop runs.
        """
        if self.options.demo_customers is not None:
            from desktop import demo_data as demo

            path = Path(self.handle.url.removeprefix("sqlite:///"))
            opts = self.options
            self.tasks.run_db(
                lambda: demo.needs_build(
                    path, opts.demo_customers or 0, reset=opts.demo_reset, explicit=opts.demo_customers_explicit
                ),
                on_success=lambda needed: self._build_demo(path) if needed else self._open(),
                on_failure=self._failed,
                busy=False,  # no QApplication yet: no cursor to change
                label="inspect demo database",
            )
        else:
            self._open(busy=False)

    def start_interface(self, app: Any) -> None:
        """Translations and the sign-in dialog (its button works once the database is open)."""
        from desktop.ui.access import AccessControl
        from desktop.ui.i18n import Translations

        self.app = app
        app.setQuitOnLastWindowClosed(False)  # switching user closes the window, not the application
        self.translations = Translations(self.settings.data_dir / "cache" / "translations")
        self.translations.switch(self.options.language or self.settings.language)
        app.aboutToQuit.connect(self._about_to_quit)
        username = self.options.username or (DEMO_USER if self.options.demo_customers is not None else "")
        self.access = AccessControl(
            self.tasks,
            self.settings,
            self._build_window,
            switch_language=self.switch_language,
            language=self.translations.language,
            username=username,
            shared=self.shared,
        )
        self.access.quit_requested.connect(lambda: self._finish(self.exit_code))
        self.access.signed_in.connect(self._signed_in)
        if not self._automated():
            self.access.show_dialog()

    def _build_demo(self, path: Path) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtWidgets import QProgressDialog

        from desktop import demo_data as demo

        customers = self.options.demo_customers or self.settings.demo_customers
        text = QCoreApplication.translate(
            "Desktop", "Preparing the demo data ({count} customers). This takes a while the first time…"
        ).format(count=f"{customers:,}")
        log.info("seeding the demo database with %s customers", customers)
        if not _headless():
            self._progress = QProgressDialog(text, "", 0, 0)
            self._progress.setWindowTitle("ContactDesk")
            self._progress.setCancelButton(None)
            self._progress.setWindowModality(Qt.WindowModality.ApplicationModal)
            self._progress.setMinimumDuration(0)
            self._progress.show()
        else:
            print(f"contactdesk: seeding the demo database ({customers} customers)…", file=sys.stderr, flush=True)
        self.tasks.run_db(
            lambda: demo.build(path, customers),
            on_success=lambda _none: self._open(),
            on_failure=self._failed,
            busy=False,
            label="seed demo database",
        )

    def _open(self, *, busy: bool = True) -> None:
        from desktop.session import open_session

        if self._progress is not None:
            self._progress.close()
            self._progress = None
        handle, gateway_url = self.handle, self.settings.gateway_url
        self.tasks.run_db(
            lambda: open_session(handle, gateway_url),
            on_success=self._opened,
            on_failure=self._open_failed,
            busy=busy,
            label="open database",
        )

    def _open_failed(self, exc: BaseException) -> None:
        """A database that does not answer yet (down, restarting, behind a waiting pooler) is tried again with
        growing pauses while the sign-in dialog says so; only an automated run gives up, after a while."""
        from PySide6.QtCore import QCoreApplication, QTimer

        from db.engine import DatabaseUnreachable

        waited = time.monotonic() - self.started
        if not isinstance(exc, DatabaseUnreachable) or (self._automated() and waited > AUTOMATED_OPEN_PATIENCE_S):
            self._failed(exc)
            return
        delay = self._open_backoff.next()
        log.warning("database unreachable (%s); trying again in %.1f s", exc, delay)
        if self.access is not None:
            self.access.dialog.set_notice(
                QCoreApplication.translate(
                    "Desktop", "The database does not answer yet; trying again in {seconds} s. ({error})"
                ).format(seconds=max(1, round(delay)), error=exc)
            )
        QTimer.singleShot(int(delay * 1000), lambda: self._open(busy=False))

    def _automated(self) -> bool:
        """Screenshots and probes sign in by themselves (as the demo user unless told otherwise)."""
        return self.options.screenshot_dir is not None or bool(self.options.probe)

    def _opened(self, session: Any) -> None:
        self.session = session
        log.info("database open after %.0f ms: %s", (time.monotonic() - self.started) * 1000, session.description)
        if session.backup:
            log.info("migrated %s (backup %s)", session.description, session.backup)
        self.access.database_ready(session.engine, session.description)
        if session.engine is not None:  # (the shared database opens at sign-in, and has a gateway anyway)
            self._start_jobs(session.engine)
        if self._automated():
            from services.demo_accounts import DEMO_PASSWORD

            password = os.environ.get("CONTACTDESK_PASSWORD") or DEMO_PASSWORD
            self.access.sign_in(self.options.username or DEMO_USER, password, on_failure=self._failed)

    def _start_jobs(self, engine: Any) -> None:
        """The embedded database has no gateway: its recurring jobs (the escalation scan) run in this process,
        on threads of their own.  Not for screenshots and probes, which show the data as it is."""
        if self.jobs is not None or not self.handle.embedded or self._automated():
            return
        from desktop.gateway_link import start_embedded_jobs

        try:
            self.jobs = start_embedded_jobs(engine, self.settings)
        except ValueError as exc:  # a bad CONTACTDESK_ESCALATION_SCAN_SECONDS
            log.error("recurring jobs not started: %s", exc)

    def _build_window(self, signed: Any) -> Any:
        """The main window for the signed-in user: every service acts for their principal."""
        from desktop.ui.main_window import MainWindow
        from services.permissions import allowed

        if self.shared is not None:  # opened at sign-in, as the signed-in user's own login
            self.session = self.shared.session
        engine, settings, principal = self.session.engine, self.settings, signed.user

        def policy() -> Any:
            from services.mask_policy import MaskPolicy

            return MaskPolicy(settings.mask_patterns)

        def audit() -> Any:
            from services.audit import AuditTrail

            return AuditTrail(workstation=principal.workstation)

        def search() -> Any:
            from services.search import CustomerSearch

            return CustomerSearch(engine, cap=settings.search_result_cap, principal=principal, policy=policy())

        def customer360() -> Any:
            from services.customer360 import Customer360Service

            return Customer360Service(engine, principal=principal, audit=audit(), policy=policy())

        def revealer() -> Any:
            from services.mask_policy import RevealService

            return RevealService(engine, audit(), seconds=settings.reveal_seconds)

        def tickets() -> Any:
            from services.tickets import TicketService
            from services.tickets.config import TicketConfig

            return TicketService.open(
                engine, config=TicketConfig.from_settings(settings), data_dir=settings.data_dir, audit=audit()
            )

        def messaging() -> Any:
            from services.messaging import MessagingService

            return MessagingService.from_settings(engine, settings, audit=audit())

        def flow_runner() -> Any:
            from services.flows.runner import FlowRunner

            services = self.services
            assert services is not None
            return FlowRunner(engine, audit(), messaging=services.messaging, tickets=services.tickets)

        self.services = WindowServices(
            search=deferred(search),
            customer360=deferred(customer360),
            tickets=deferred(tickets),
            messaging=deferred(messaging),
            flows=FlowDesk(engine, flow_runner, principal),
        )
        from desktop.ui.lobby.workspace import wants_lobby_services

        if wants_lobby_services(principal.role):
            from desktop.lobby_desk import make_lobby_desk

            services_now = self.services
            self.services = dataclasses.replace(
                services_now,
                lobby=make_lobby_desk(
                    engine,
                    settings,
                    audit,
                    lambda: services_now.messaging,
                    session_id=signed.session_id,
                    # The demo has no receipt printer: its queue tickets are printed to PDF files.
                    print_to_pdf=(
                        str(settings.data_dir / "printed-tickets") if self.options.demo_customers is not None else None
                    ),
                ),
            )
        reveal_service = deferred(revealer)
        reveal = None
        if allowed(principal.role, "customer.reveal"):

            def reveal(customer_id: int, field: str, code: str, text: str) -> Any:
                return reveal_service.reveal(principal, customer_id, field, code, text)

        window = MainWindow(
            self.tasks,
            self.services,
            user=principal,
            switch_language=self.switch_language,
            language=self.translations.language,
            timeline_page_size=settings.timeline_page_size,
            reveal=reveal,
            reveal_seconds=settings.reveal_seconds,
        )
        window.set_session(principal, self.session.description)
        if allowed(principal.role, "call.handle"):
            self._install_calls(window, principal)
            if window.lobby is not None:
                window.lobby.attach_wrapup(window.call_center)
        if allowed(principal.role, "flow.run") and self.services.flows is not None:
            from desktop.ui.flows.seat import attach_flow_runner  # the runner beside the 360° view

            window.flow_seat = attach_flow_runner(window, self.tasks, self.services.flows, principal)
        from desktop.ui.live import LiveDesk

        window.live = LiveDesk(
            self.tasks, engine, settings, principal, window, embedded=self.handle.embedded, session_id=signed.session_id
        )
        if window.lobby is not None:
            window.lobby.attach_live(window.live)
            self._start_lobby_robots(principal)
        if window.call_center is not None:  # a call offered to this agent pops as soon as the change arrives
            window.live.offered_to_me.connect(window.call_center.controller.look_for_offer)
        from desktop.ui.reports.seat import attach_reports  # the "Reports" tab, for report.view

        window.reports = attach_reports(window, self.tasks, engine, principal, timezone=settings.ticket_timezone)
        from desktop.ui.wallboard.desk_notice import attach_desk_notices  # a supervisor's message, on any desk

        attach_desk_notices(window, engine, principal)
        if not self._automated():  # screenshots and probes build their wallboard from fixed figures
            from desktop import wallboard_link
            from desktop.ui.wallboard.seat import attach_board_tools

            window.wallboard = wallboard_link.attach(window, engine, settings, principal, embedded=self.handle.embedded)
            attach_board_tools(window.wallboard and window.wallboard.page, self.tasks, engine, principal)
        return window

    def _install_calls(self, window: Any, principal: Any) -> None:
        """The call bar and call panel for roles that take calls.

        The demo runs the gateway and the Twilio simulator in this process (calls arrive every few
        seconds; robot agents answer for the other agents); elsewhere call control goes through the
        shared database to the gateway (``QueuedCallControl``), so desktops hold no Twilio secret.
        """
        from desktop.ui.calls import install_call_center
        from services.call_control import QueuedCallControl
        from services.calls import CallService

        engine = self.session.engine
        if self.options.demo_customers is not None:
            if self._telephony_control is None:
                # Started on the database worker (it reads the agents and starts the servers), never on
                # the GUI thread; the call service resolves the control there too, on first use.
                desk = principal.user_id
                self._telephony_control = Deferred(lambda: self._start_telephony(desk).control)
                self.tasks.run_db(
                    self._telephony_control.resolve,
                    on_failure=self._line_failed,
                    busy=False,
                    label="demo telephony",
                )
            control: Any = self._telephony_control
        else:
            control = QueuedCallControl(engine)
        service = CallService(engine, control)
        window.call_center = install_call_center(
            window, self.tasks, service, principal, window.customer_view.open_customer
        )
        if self.services is not None and self.services.messaging is not None:  # "Send message" on the call bar
            window.call_center.enable_messaging(self.services.messaging)
        window.customer_view.header_card.call_button.setVisible(True)
        window.customer_view.header_card.call_requested.connect(
            lambda: window.customer_view.call_primary_phone(window.call_center.call_customer)
        )

    def _start_lobby_robots(self, principal: Any) -> None:
        """The demo's lobby at work (colleagues at counters, customers taking numbers), for the lobby's people;
        started once, on the database worker.  Not for screenshots and probes, which show the data as it is."""
        from desktop.ui.lobby.workspace import wants_lobby

        if self.options.demo_customers is None or self.lobby_robots is not None or self._automated():
            return
        if not wants_lobby(principal.role):
            return
        from desktop.gateway_link import start_lobby_robots

        self.lobby_robots = False  # starting
        engine = self.session.engine

        def started(robots: Any) -> None:
            self.lobby_robots = robots

        self.tasks.run_db(
            lambda: start_lobby_robots(engine),
            on_success=started,
            on_failure=lambda exc: log.error("the demo's lobby robots did not start: %s", exc),
            busy=False,
            label="demo lobby robots",
        )

    def _start_telephony(self, desk_agent: int) -> Any:
        from desktop.gateway_link import start_demo_line
        from services.agent_states import other_agents
        from services.call_control import CallControlError

        if self.telephony_error is not None:  # started once and failed: say why again, start nothing twice
            raise CallControlError(self.telephony_error)
        engine = self.session.engine
        with engine.connect() as conn:
            agents = other_agents(conn, desk_agent)
        automated = self._automated()
        telephony = start_demo_line(
            engine,
            self.settings,
            robot_agents=() if automated else agents,
            traffic=not automated,  # screenshots place their own call, so that it rings at this desk
        )
        log.info("demo telephony: gateway %s, %s robot agents", telephony.gateway_url, len(agents))
        self.telephony = telephony
        return telephony

    def _line_failed(self, exc: BaseException) -> None:
        """The demo's phone line did not start: the log, the call bar and the status bar say why."""
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        self.telephony_error = reason
        log.error("the demo's phone line did not start: %s", reason, exc_info=exc)
        window = self.window
        if window is not None and window.call_center is not None:
            window.call_center.line_down(reason)
            self._offline_without_line(window.call_center)
        if window is not None:
            window.show_line_down(reason)

    def _offline_without_line(self, center: Any) -> None:
        """No line, no calls: the agent is set offline (routing offers them nothing; the chip says so)."""
        from services.agent_state import AgentStateService, StateChangeRefused

        engine, agent = self.session.engine, center.controller.agent_id

        def offline() -> None:
            with contextlib.suppress(StateChangeRefused):  # busy with a recorded call: its own end sets the state
                AgentStateService(engine).set_state(agent, "offline")

        self.tasks.run_db(offline, on_success=lambda _none: center.controller.poll_now(), busy=False, label="offline")

    def _signed_in(self, signed: Any) -> None:
        log.info("main window shown after %.0f ms", (time.monotonic() - self.started) * 1000)
        # Once the first paint is done, make the services (importing the ORM models) on the worker,
        # so that the first search does not pay for it.
        from PySide6.QtCore import QTimer

        services = self.services
        if services is not None:
            QTimer.singleShot(
                WARM_UP_DELAY_MS,
                lambda: self.tasks.run_db(services.warm_up, busy=False, label="warm-up"),
            )
        shots = self.options.screenshot_dir
        if shots is not None and not self._screenshots_started:  # (they sign in as others themselves)
            self._screenshots_started = True
            from desktop.screenshots import take_screenshots

            QTimer.singleShot(0, lambda: self._finish(take_screenshots(self, shots)))
        elif self.options.probe:
            from desktop import probe

            probe.attach(self, self.options.probe)

    def switch_language(self, language: str) -> None:
        """Switch at run time and remember the choice."""
        self.translations.switch(language)
        if self.settings.language != language:
            self.settings.language = language
            try:
                self.settings.save()
            except OSError as exc:
                log.warning("could not save settings: %s", exc)

    # -- failures and the end -----------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        from PySide6.QtCore import QCoreApplication

        from db.engine import DatabaseError
        from desktop.session import NoUserError

        if self._progress is not None:
            self._progress.close()
            self._progress = None
        if isinstance(exc, DatabaseError):
            title, code = QCoreApplication.translate("Desktop", "Cannot open the database"), EXIT_DATABASE
            message = str(exc)
        elif isinstance(exc, NoUserError):
            title, code = QCoreApplication.translate("Desktop", "No user to sign in"), EXIT_NO_USER
            message = QCoreApplication.translate(
                "Desktop",
                "No active user has a password in this database. An administrator can add one with "
                "`contactdesk user add`, or run `contactdesk seed` for the demo users, or try `contactdesk demo`.",
            )
        elif hasattr(exc, "zh") and hasattr(exc, "en"):  # sign-in refused (automated runs)
            from desktop.ui.i18n import error_text

            title, code = QCoreApplication.translate("Desktop", "Sign-in refused"), EXIT_NO_USER
            message = error_text(exc)
        else:
            title, code = QCoreApplication.translate("Desktop", "ContactDesk could not start"), EXIT_ERROR
            message = f"{type(exc).__name__}: {exc}"
            log.error("start-up failed", exc_info=exc)
        log.error("%s: %s", title, message)
        print(f"contactdesk: {title}: {message}", file=sys.stderr, flush=True)
        if not _headless():
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, title, message)
        self._finish(code)

    def _finish(self, code: int) -> None:
        self.exit_code = code
        if self.app is not None:
            self.app.exit(code)

    def _about_to_quit(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Stop the threads, record the sign-out, close the database."""
        self.tasks.shutdown()
        if self.jobs is not None:  # before the engine goes
            self.jobs.stop()
            self.jobs = None
        if self.access is not None:
            self.access.sign_out_now()
        if self.telephony is not None:
            self.telephony.stop()
            self.telephony = None
        if self.lobby_robots:
            self.lobby_robots.stop()
        self.lobby_robots = None
        self._telephony_control = None
        self.handle.dispose()
        self.hook.uninstall()


def run(options: LaunchOptions) -> int:
    """Run the desktop until the window closes.

    Returns:
        The process exit status (0 when all went well).
    """
    from services.config import load_settings
    from services.private_files import restrict_umask

    if options.screenshot_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    restrict_umask()  # logs, caches and databases this desktop creates are its user's alone (POSIX)
    settings = load_settings()
    log_path = setup_logging(settings)
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(_qt_message_handler)
    desktop = Desktop(settings, options, log_path)
    desktop.start_database()  # the worker opens the database while the interface is built
    app = create_application()
    desktop.start_interface(app)
    code = app.exec()
    desktop.shutdown()
    if desktop.window is not None:
        desktop.window.deleteLater()
    return int(code or desktop.exit_code)
