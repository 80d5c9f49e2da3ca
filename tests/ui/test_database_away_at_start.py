"""A desktop started while its shared database does not answer waits for it instead of exiting.

The database comes up on the same address a little later (a restart, or PgBouncer's ``server_login_retry`` while
the server is away): the sign-in dialog says what is happening, the desktop keeps asking the gateway it signs in
through with growing pauses, and lets its user sign in as soon as the database answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from db.engine import DatabaseUnreachable, make_engine
from db.errors import is_transient
from db.migrate import upgrade
from db.seed import seed_database
from desktop.app import Desktop, LaunchOptions
from gateway.auth_http import SignInDesk
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD, set_demo_passwords
from tests.pgserver import ThrowawayPostgres, free_port
from tests.signin_gateway import session_user

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def later_server() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server on a fixed port, initialised but not started yet."""
    server = ThrowawayPostgres(port=free_port(), start=False)
    try:
        yield server
    finally:
        server.stop()


def test_the_desktop_waits_for_a_database_that_is_not_up_yet(
    qapp: QApplication, qtbot: Any, tmp_path: Path, translations: Any, later_server: ThrowawayPostgres
) -> None:
    url = later_server.url("contactdesk")
    # The gateway the desktop signs in through is up; the database behind it is not (yet).
    gateway_engine = make_engine(url)
    desk = SignInDesk(gateway_engine, Settings())
    config = GatewayConfig(
        public_url="http://127.0.0.1:1", auth_token="away_at_start_token_0123456789", run_worker=False
    )
    gateway = ServerThread(create_app(gateway_engine, config, extra_routes=desk.routes()), name="away-gateway").start()
    options = LaunchOptions(database_url=url, embedded=False, language="zh_CN")
    desktop = Desktop(Settings(data_dir=tmp_path / "data", gateway_url=gateway.url), options, tmp_path / "x.log")
    desktop._open_backoff.initial = desktop._open_backoff._next = 0.2  # quick retries for the test
    finished: list[int] = []
    desktop._finish = finished.append  # type: ignore[method-assign]
    try:
        desktop.start_database()
        desktop.start_interface(qapp)
        dialog = desktop.access.dialog
        qtbot.waitUntil(lambda: "数据库" in dialog._notice or "database" in dialog._notice.lower(), timeout=20_000)
        qtbot.wait(1500)  # several more attempts, all refused
        assert finished == [], "an unreachable database does not end the desktop"
        assert desktop.access.engine is None and not desktop.access.ready

        later_server.start()
        later_server.create_database("contactdesk")
        engine = make_engine(url)
        upgrade(engine)
        seed_database(engine, 20, seed=3)
        set_demo_passwords(engine)
        engine.dispose()
        qtbot.waitUntil(lambda: desktop.access.ready, timeout=30_000)
        assert finished == []
        dialog.username.setText("agent01")
        dialog.password.setText(DEMO_PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: desktop.window is not None, timeout=30_000)
        assert session_user(desktop.access.engine) == "cd_agent01"
    finally:
        window = desktop.window
        if window is not None:
            window.end_session()
            window.deleteLater()
        desktop.access.dialog.hide()
        desktop.access.dialog.deleteLater()
        desktop.shutdown()
        gateway.stop()
        gateway_engine.dispose()
        desktop.translations.switch("en")
        qapp.setQuitOnLastWindowClosed(True)
        for _ in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            qapp.processEvents()


def test_pooler_and_network_refusals_are_transient_and_bad_data_is_not() -> None:
    class PoolerRefusal(Exception):
        pass

    import psycopg
    import sqlalchemy.exc as sa_exc

    login_retry = psycopg.OperationalError("server login has been failing, try again later (server_login_retry)")
    wrapped = sa_exc.OperationalError("SELECT 1", {}, login_retry)
    assert is_transient(wrapped)
    assert is_transient(ConnectionRefusedError())
    assert isinstance(DatabaseUnreachable("x"), Exception)
    bad = sa_exc.DataError("INSERT", {}, psycopg.errors.CharacterNotInRepertoire("invalid byte sequence"))
    assert not is_transient(bad)
    assert not is_transient(ValueError("²"))
    assert not is_transient(PoolerRefusal("no sqlstate, not a database error"))
