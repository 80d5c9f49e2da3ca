"""The real desktop on the shared PostgreSQL database: it signs in through the gateway, opens the database as the
signed-in user's own login with the credential the gateway issued (held in memory only), renews it at the lock
screen when it runs out, and gives another person a login of their own after "Switch user".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text

from db.engine import make_engine
from db.migrate import upgrade
from db.models import UserSession
from db.seed import seed_database
from desktop.app import EXIT_DATABASE, Desktop, LaunchOptions
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD, set_demo_passwords
from tests.pgserver import ExternalPostgres, ThrowawayPostgres, unique_db_name
from tests.signin_gateway import SignInGateway, session_user

pytestmark = [pytest.mark.postgres, pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]


@pytest.fixture(scope="module")
def shared_url(pg_server: ThrowawayPostgres | ExternalPostgres) -> Iterator[str]:
    """A small seeded database with the demo users (their own logins are made at sign-in)."""
    name = unique_db_name()
    url = pg_server.create_database(name)
    engine = make_engine(url)
    try:
        upgrade(engine)
        seed_database(engine, 20, seed=3)
        set_demo_passwords(engine)
    finally:
        engine.dispose()
    yield url
    pg_server.drop_database(name)


@pytest.fixture
def start(
    qapp: QApplication, qtbot: Any, tmp_path: Path, translations: Any, shared_url: str
) -> Iterator[Callable[..., Desktop]]:
    """``start(gateway_url, workstation=..., **settings)``: a desktop on the shared database."""
    started: list[Desktop] = []

    def make(gateway_url: str, workstation: str = "WS-1", url: str = shared_url, **overrides: Any) -> Desktop:
        settings = Settings(
            data_dir=tmp_path / workstation, workstation_name=workstation, gateway_url=gateway_url, **overrides
        )
        desktop = Desktop(
            settings, LaunchOptions(database_url=url, embedded=False, language="zh_CN"), tmp_path / "x.log"
        )
        desktop.finished: list[int] = []  # type: ignore[attr-defined,misc]
        desktop._finish = desktop.finished.append  # type: ignore[attr-defined,method-assign]
        desktop.start_database()
        desktop.start_interface(qapp)
        started.append(desktop)
        return desktop

    yield make
    for desktop in started:
        window = desktop.window
        if window is not None:
            window.end_session()
            window.deleteLater()
            desktop.access.window = None
        desktop.access.dialog.hide()
        desktop.access.dialog.deleteLater()
        desktop.shutdown()
        desktop.translations.switch("en")
    qapp.setQuitOnLastWindowClosed(True)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


def signed_in(qtbot: Any, desktop: Desktop, username: str, password: str = DEMO_PASSWORD) -> Any:
    qtbot.waitUntil(lambda: desktop.access.ready, timeout=20_000)
    dialog = desktop.access.dialog
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window.isVisible(), timeout=30_000)
    return desktop.window


def files_containing(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_the_desktop_signs_in_through_the_gateway_and_works_as_its_users_login(
    qtbot: Any, start: Callable[..., Desktop], shared_url: str, tmp_path: Path
) -> None:
    with SignInGateway(shared_url) as gateway:
        desktop = start(gateway.url)
        qtbot.waitUntil(lambda: desktop.access.ready, timeout=20_000)
        assert desktop.handle.engine is None, "nothing is opened before someone signs in"
        dialog = desktop.access.dialog
        dialog.username.setText("agent01")
        dialog.password.setText("not-the-password")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=20_000)
        assert dialog.error_text() == "用户名或密码错误。" and desktop.window is None

        window = signed_in(qtbot, desktop, "agent01")
        engine = desktop.handle.engine
        assert desktop.access.engine is engine and desktop.session.engine is engine
        assert session_user(engine) == "cd_agent01"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT cd_role()")).scalar_one() == "agent"
        assert "agent01" in window.user_label.text() or "王晓燕" in window.user_label.text()
        password = desktop.handle.credential.password
        desktop.switch_language("en")  # writes the settings file
        desktop.settings.save()
        assert files_containing(desktop.settings.data_dir, password) == [], "never written to disk"
        assert password not in desktop.settings.settings_path.read_text(encoding="utf-8")

        # "Switch user": the session ends and the next person connects as their own login.
        window.lock_requested.emit()
        qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: desktop.window is None and desktop.access.dialog.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: desktop.handle.engine is None, timeout=10_000)
        signed_in(qtbot, desktop, "super01")
        assert session_user(desktop.handle.engine) == "cd_super01"
    owner = make_engine(shared_url)
    try:
        with owner.connect() as conn:
            rows = conn.execute(
                select(UserSession.workstation, UserSession.ended_reason).order_by(UserSession.id.desc()).limit(2)
            ).all()
    finally:
        owner.dispose()
    assert [tuple(r) for r in rows] == [("WS-1", None), ("WS-1", "switch_user")]


def test_a_credential_running_out_locks_the_window_and_the_password_renews_it(
    qtbot: Any, start: Callable[..., Desktop], shared_url: str
) -> None:
    with SignInGateway(shared_url, hours=100 / 3600) as gateway:  # within the lock's two-minute margin at once
        desktop = start(gateway.url, workstation="WS-2")
        window = signed_in(qtbot, desktop, "lobby01")
        first = desktop.handle.credential
        desktop.access.check_credential()  # what its timer does every 30 s
        assert window.locked
        lock = window.lock_screen
        assert lock.notice.isVisible() and lock.notice.text() != ""
        lock.password.setText("wrong-password")
        qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: lock.error_text() != "", timeout=20_000)
        assert window.locked and desktop.handle.credential is first
        lock.password.setText(DEMO_PASSWORD)
        qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
        second = desktop.handle.credential
        assert second.login == first.login == "cd_lobby01" and second.password != first.password
        assert not lock.notice.isVisible()
        desktop.handle.engine.dispose()  # new connections use the renewed password
        assert session_user(desktop.handle.engine) == "cd_lobby01"


def test_a_shared_database_without_a_gateway_is_refused_plainly(
    qtbot: Any, start: Callable[..., Desktop], caplog: pytest.LogCaptureFixture
) -> None:
    desktop = start("")
    qtbot.waitUntil(lambda: bool(desktop.finished), timeout=20_000)  # type: ignore[attr-defined]
    assert desktop.finished == [EXIT_DATABASE]  # type: ignore[attr-defined]
    assert "gateway" in caplog.text and "网关" in caplog.text
    assert desktop.window is None and desktop.handle.engine is None
