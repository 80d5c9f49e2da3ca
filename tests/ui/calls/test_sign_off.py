"""Switching user (File menu, lock screen) and quitting set the agent offline in the database, before anyone else
signs in — through the real desktop (``contactdesk app``) on a copy of the seeded database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, select

from db.models import AgentStateLog, User, UserSession
from desktop.app import Desktop, LaunchOptions
from services.agent_state import AgentStateService
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def db_url(seeded_sqlite_url: str, tmp_path: Path) -> str:
    target = tmp_path / "desk.db"
    shutil.copy(Path(seeded_sqlite_url.removeprefix("sqlite:///")), target)
    return f"sqlite:///{target.as_posix()}"


@pytest.fixture
def desktop(qapp: QApplication, qtbot: Any, db_url: str, tmp_path: Path, translations: Any) -> Iterator[Desktop]:
    settings = Settings(data_dir=tmp_path / "WS-1", workstation_name="WS-1")
    made = Desktop(settings, LaunchOptions(database_url=db_url, embedded=True, language="zh_CN"), tmp_path / "x.log")
    made.start_database()
    made.start_interface(qapp)
    qtbot.waitUntil(lambda: made.access.engine is not None, timeout=20_000)
    yield made
    window = made.window
    if window is not None:
        window.end_session()
        window.deleteLater()
        made.access.window = None
    made.access.dialog.hide()
    made.access.dialog.deleteLater()
    made.shutdown()
    made.translations.switch("en")
    qapp.setQuitOnLastWindowClosed(True)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


def sign_in(qtbot: Any, desktop: Desktop, username: str) -> Any:
    dialog = desktop.access.dialog
    dialog.username.setText(username)
    dialog.password.setText(DEMO_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window.isVisible(), timeout=20_000)
    return desktop.window


def on_a_break(qtbot: Any, window: Any) -> None:
    center = window.call_center
    qtbot.waitUntil(lambda: center.controller.snapshot is not None, timeout=10_000)
    center.bar.break_actions["lunch"].trigger()
    qtbot.waitUntil(lambda: center.controller.snapshot.state == "break", timeout=10_000)


def agent_state(db_url: str, username: str) -> tuple[str, list[tuple[str, Any]]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            user = conn.execute(select(User.id).where(User.username == username)).scalar_one()
            log = conn.execute(
                select(AgentStateLog.state, AgentStateLog.started_at)
                .where(AgentStateLog.user_id == user)
                .order_by(AgentStateLog.id)
            ).all()
        return AgentStateService(engine).state(user).state, [tuple(r) for r in log]
    finally:
        engine.dispose()


def session_started(db_url: str, username: str) -> Any:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                select(UserSession.started_at)
                .join(User, User.id == UserSession.user_id)
                .where(User.username == username)
                .order_by(UserSession.id.desc())
            ).scalar()
    finally:
        engine.dispose()


def test_switch_user_from_the_lock_screen_sets_the_agent_offline_before_the_next_sign_in(
    qtbot: Any, desktop: Desktop, db_url: str
) -> None:
    window = sign_in(qtbot, desktop, "agent01")
    on_a_break(qtbot, window)
    assert agent_state(db_url, "agent01")[0] == "break"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # lock
    qtbot.waitUntil(lambda: window.locked)
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.access.dialog.isVisible() and desktop.window is None, timeout=10_000)
    sign_in(qtbot, desktop, "super01")  # the next person at the desk
    state, log = agent_state(db_url, "agent01")
    assert state == "offline"
    offline_at = next(at for s, at in reversed(log) if s == "offline")
    assert offline_at <= session_started(db_url, "super01")  # before the new sign-in


def test_switch_user_from_the_file_menu_and_quitting_set_the_agent_offline(
    qtbot: Any, desktop: Desktop, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = sign_in(qtbot, desktop, "agent01")
    on_a_break(qtbot, window)
    window.switch_user_action.trigger()  # File → Switch user
    qtbot.waitUntil(lambda: desktop.access.dialog.isVisible() and desktop.window is None, timeout=10_000)
    qtbot.waitUntil(lambda: agent_state(db_url, "agent01")[0] == "offline", timeout=10_000)

    window = sign_in(qtbot, desktop, "agent01")
    on_a_break(qtbot, window)
    # Quitting ends the application's event loop; the tests' own loops must go on after this test.
    monkeypatch.setattr(desktop, "app", None)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # File → Quit
    assert not window.isVisible()
    assert agent_state(db_url, "agent01")[0] == "offline"  # written before the application let go of the database
