"""Who is at the desk: sign-in, the session's life, the idle lock, switch user and sign-out.

The sign-in dialog comes up at once; the Sign in button works once the database is open.  After
sign-in the main window is built for that user (its services act for the user's principal).  Every
``session_check_seconds`` the session is checked: when the same user signs in on another desktop,
this one closes its window and says so.  After ``idle_lock_minutes`` without input the window locks
until the same user re-enters the password; "Switch user" signs out and shows the dialog again.
Every password check runs on the database worker, never on the GUI thread.

On the shared database (``shared``, a :class:`desktop.session.SharedSignIn`) the password goes to the gateway,
which checks it and issues the user's database login a short-lived password; the database opens with it at
sign-in.  Unlocking asks the gateway again and renews the credential; shortly before the credential runs out
the window locks and asks for the password (:data:`CREDENTIAL_MARGIN_SECONDS`).
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from desktop.tasks import TaskManager
from services.config import Settings

from .i18n import current_language, error_text
from .lock import IdleWatcher
from .signin import SignInDialog

log = logging.getLogger(__name__)

SESSION_CHECK_SECONDS = 15
CREDENTIAL_CHECK_MS = 30_000  # how often a shared desktop looks at its database credential's time left
CREDENTIAL_MARGIN_SECONDS = 120  # the window locks this long before the credential runs out


def workstation_name(settings: Settings) -> str:
    """The name this desk is recorded under in sessions and the audit trail."""
    return (settings.workstation_name or socket.gethostname() or "workstation")[:64]


class AccessControl(QObject):
    """Drives the sign-in dialog and the signed-in window's session.

    Args:
        tasks: the task manager (its default engine is the database).
        settings: idle-lock minutes, lock-out, workstation name.
        build_window: makes the main window for a ``SignedIn`` (not yet shown).
        switch_language: called when a language is picked in the dialog.
        language: the language in force.
        shared: the shared database's sign-in (:class:`desktop.session.SharedSignIn`), None for the
            embedded database.

    Signals:
        signed_in(object): a ``SignedIn``; the window is shown.
        quit_requested(): the person closed the dialog or the window.
    """

    signed_in = Signal(object)
    quit_requested = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        settings: Settings,
        build_window: Callable[[Any], Any],
        *,
        switch_language: Callable[[str], None],
        language: str,
        username: str = "",
        shared: Any = None,
    ) -> None:
        super().__init__()
        self.tasks = tasks
        self.shared = shared
        self.ready = False  # the sign-in button works (database open, or the shared database's gateway up)
        self.settings = settings
        self.workstation = workstation_name(settings)
        self._build_window = build_window
        self._auth: Any = None
        self.engine: Any = None
        self.signed: Any = None
        self.window: Any = None
        self.notice_box: QMessageBox | None = None
        self.dialog = SignInDialog(language)
        self.dialog.submitted.connect(self.sign_in)
        self.dialog.language_chosen.connect(switch_language)
        self.dialog.quit_requested.connect(self.quit_requested)
        self.dialog.prepare(username)
        self.idle = IdleWatcher(settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.check_timer = QTimer(self)
        self.check_timer.setInterval(int(max(1.0, settings.session_check_seconds) * 1000))
        self.check_timer.timeout.connect(self.check_session)
        self.credential_timer = QTimer(self)
        self.credential_timer.setInterval(CREDENTIAL_CHECK_MS)
        self.credential_timer.timeout.connect(self.check_credential)

    # -- the database -------------------------------------------------------------------------------

    def database_ready(self, engine: Any, description: str) -> None:
        """The database is open (the shared one: its gateway answers): sign-in can be pressed."""
        self.engine = engine
        self.ready = True
        self.dialog.set_ready(description)

    def auth(self) -> Any:
        """The sign-in service (made on the worker, on first use: it imports the ORM models)."""
        if self._auth is None:
            from services.auth import AuthService

            self._auth = AuthService(self.engine, self.settings)
        return self._auth

    # -- sign-in ----------------------------------------------------------------------------------

    def show_dialog(self) -> None:
        self.dialog.show()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # those cannot raise windows
            self.dialog.raise_()
            self.dialog.activateWindow()

    def sign_in(
        self, username: str, password: str, *, on_failure: Callable[[BaseException], None] | None = None
    ) -> None:
        """Check the password on the worker; on success build and show the window."""
        workstation = self.workstation
        self.dialog.set_busy(True)
        shared = self.shared
        self.tasks.run_db(
            (lambda: shared.sign_in(username, password, workstation))
            if shared is not None
            else (lambda: self.auth().sign_in(username, password, workstation)),
            on_success=self._signed_in,
            on_failure=on_failure or self._sign_in_failed,
            label="sign in",
        )

    def _sign_in_failed(self, exc: BaseException) -> None:
        from db.engine import DatabaseError
        from services.auth_errors import BilingualError

        if isinstance(exc, BilingualError):  # refused, or the gateway could not be asked
            self.dialog.show_error(error_text(exc))
            return
        if isinstance(exc, DatabaseError):  # signed in, but the database did not open
            log.warning("sign-in: the database did not open: %s", exc)
            self.dialog.show_error(str(exc))
            return
        log.warning("sign-in failed: %r", exc)
        self.dialog.show_error(
            QCoreApplication.translate(
                "AccessControl", "Cannot reach the database ({error}). Check the connection and try again."
            ).format(error=type(exc).__name__)
        )

    def _signed_in(self, signed: Any) -> None:
        if self.shared is not None:  # a new engine, as this user's own login
            self.engine = self.shared.handle.engine
            self._auth = None
            self.credential_timer.start()
        self.signed = signed
        self.dialog.set_busy(False)
        self.dialog.set_notice("")
        self.window = self._build_window(signed)
        self.window.lock_requested.connect(self.lock)
        self.window.unlock_requested.connect(self.unlock)
        self.window.switch_user_requested.connect(self.switch_user)
        self.window.closing.connect(self._window_closing)
        self.window.show_for_work()  # maximized on a real screen
        self.dialog.hide()
        self.dialog.prepare("")
        self.idle.start()
        self.check_timer.start()
        notice = signed.notice(current_language())
        if notice:
            self._inform(notice)
        log.info("signed in as %s (%s) on %s", signed.user.username, signed.user.role, self.workstation)
        self.signed_in.emit(signed)

    def _inform(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "ContactDesk", text, parent=self.window)
        self.notice_box = box
        box.finished.connect(box.deleteLater)
        box.open()

    # -- while signed in --------------------------------------------------------------------------

    def check_session(self) -> None:
        """Ask whether this session was ended elsewhere (signed in on another desk, disabled)."""
        signed = self.signed
        if signed is None:
            return
        self.tasks.run_db(
            lambda: self.auth().session_state(signed.session_id, touch=True),
            on_success=lambda state: self._session_state(signed, state),
            on_failure=lambda exc: log.warning("session check failed: %r", exc),
            key="session-check",
            busy=False,
            label="session check",
        )

    def _session_state(self, signed: Any, state: Any) -> None:
        if signed is not self.signed or state.active:
            return
        log.info("session %s ended elsewhere: %s", signed.session_id, state.ended_reason)
        self.end(state.message(current_language()) or "")
        self._close_shared()

    def lock(self, *, expired: bool = False) -> None:
        """Hide customer data until the same user re-enters the password (``expired``: the database
        credential is running out, and the lock screen says so)."""
        if self.window is None or self.window.locked:
            return
        self.idle.stop()
        self.window.lock()
        if expired:
            self.window.lock_screen.show_expired()
        log.info("desktop locked%s", " (database credential running out)" if expired else "")

    def check_credential(self) -> None:
        """Shared database: lock before the credential runs out, so that the password renews it."""
        if self.shared is None or self.signed is None or self.window is None or self.window.locked:
            return
        until = self.shared.valid_until()
        now = dt.datetime.now(dt.UTC)
        if until is not None and now + dt.timedelta(seconds=CREDENTIAL_MARGIN_SECONDS) >= until:
            self.lock(expired=True)

    def unlock(self, password: str) -> None:
        signed = self.signed
        if signed is None or self.window is None:
            return
        shared = self.shared
        self.tasks.run_db(
            (lambda: shared.unlock(signed, password))
            if shared is not None
            else (lambda: self.auth().verify_password_for_unlock(signed.user, password, session_id=signed.session_id)),
            on_success=lambda _none: self._unlocked(signed),
            on_failure=lambda exc: self._unlock_failed(signed, exc),
            label="unlock",
        )

    def _unlocked(self, signed: Any) -> None:
        if signed is self.signed and self.window is not None:
            self.window.unlock()
            self.idle.start()

    def _unlock_failed(self, signed: Any, exc: BaseException) -> None:
        from services.auth_errors import AuthError, BilingualError, SessionEnded

        if signed is not self.signed or self.window is None:
            return
        if isinstance(exc, SessionEnded):
            self.end(error_text(exc))
            self._close_shared()
        elif isinstance(exc, AuthError | BilingualError):
            self.window.lock_screen.show_error(error_text(exc))
        else:
            log.warning("unlock failed: %r", exc)
            self.window.lock_screen.show_error(
                QCoreApplication.translate("AccessControl", "Cannot reach the database ({error}).").format(
                    error=type(exc).__name__
                )
            )

    def switch_user(self) -> None:
        """Sign out cleanly, close the window, and let someone else sign in."""
        signed = self.signed
        if signed is None:
            return
        self.end("")
        shared = self.shared

        def sign_out() -> None:
            try:
                self.auth().sign_out(signed.session_id, reason="switch_user")
            finally:
                if shared is not None:  # the next person signs in with a login of their own
                    shared.close()

        self.tasks.run_db(
            sign_out,
            on_failure=lambda exc: log.warning("sign-out failed: %r", exc),
            label="sign out",
        )

    def _close_shared(self) -> None:
        """The session ended elsewhere: this desktop's database credential goes too."""
        if self.shared is not None:
            self.tasks.run_db(self.shared.close, busy=False, label="close the database")

    def end(self, message: str) -> None:
        """Close the window (its data with it) and show the sign-in dialog with ``message``."""
        self.check_timer.stop()
        self.credential_timer.stop()
        self.idle.stop()
        window, self.window, self.signed = self.window, None, None
        if window is not None:
            window.end_session()
            window.deleteLater()
        self.dialog.prepare("")
        self.dialog.set_notice(message)
        self.show_dialog()

    def _window_closing(self) -> None:
        self.quit_requested.emit()

    def sign_out_now(self) -> None:
        """At exit, after the worker stopped: end the session directly (a last short UPDATE)."""
        signed, self.signed = self.signed, None
        self.check_timer.stop()
        self.credential_timer.stop()
        self.idle.stop()
        if signed is None or self._auth is None:
            return
        try:
            self._auth.sign_out(signed.session_id, reason="signed_out")
        except Exception as exc:  # the database may be gone; the session then ends by time-out
            log.warning("could not record the sign-out: %r", exc)
