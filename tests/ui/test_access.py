"""Sign-in, one session per user, the idle lock, switch user and reveal — through the real desktop.

Each test runs :class:`desktop.app.Desktop` (the object ``contactdesk app`` runs) on a
private copy of the seeded database, so sign-ins, sessions and audit rows are real and independent.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import create_engine, select

from db.models import AuditLog, Customer, UserSession
from desktop.app import Desktop, LaunchOptions
from services.audit import verify
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def db_url(seeded_sqlite_url: str, tmp_path: Path) -> str:
    source = Path(seeded_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path / "desk.db"
    shutil.copy(source, target)
    return f"sqlite:///{target.as_posix()}"


@pytest.fixture
def start(
    qapp: QApplication, qtbot: Any, db_url: str, tmp_path: Path, translations: Any
) -> Iterator[Callable[..., Desktop]]:
    """Start desktops on the copied database: ``start(workstation="WS-1", **settings)``."""
    started: list[Desktop] = []

    def make(workstation: str = "WS-1", **overrides: Any) -> Desktop:
        settings = Settings(data_dir=tmp_path / workstation, workstation_name=workstation, **overrides)
        desktop = Desktop(
            settings, LaunchOptions(database_url=db_url, embedded=True, language="zh_CN"), tmp_path / "x.log"
        )
        desktop.start_database()
        desktop.start_interface(qapp)
        started.append(desktop)
        qtbot.waitUntil(lambda: desktop.access.engine is not None, timeout=20_000)
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
        desktop.translations.switch("en")  # remove this desktop's translators: later tests expect English
    qapp.setQuitOnLastWindowClosed(True)
    # Let the closed windows be deleted now, inside this test (their layout warnings belong to it).
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


def sign_in(qtbot: Any, desktop: Desktop, username: str, password: str = DEMO_PASSWORD) -> None:
    dialog = desktop.access.dialog
    dialog.username.setText(username)
    dialog.password.setText(password)
    assert dialog.sign_in_button.isEnabled()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def signed_in(qtbot: Any, desktop: Desktop, username: str, password: str = DEMO_PASSWORD) -> Any:
    sign_in(qtbot, desktop, username, password)
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window.isVisible(), timeout=20_000)
    return desktop.window


def audit_actions(db_url: str) -> list[tuple[str, str]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(AuditLog.action, AuditLog.username).order_by(AuditLog.id))]
    finally:
        engine.dispose()


def test_wrong_password_then_right_one(qtbot: Any, start: Callable[..., Desktop], db_url: str) -> None:
    desktop = start()
    dialog = desktop.access.dialog
    assert dialog.isVisible() and desktop.window is None
    assert not dialog.sign_in_button.isEnabled(), "nothing typed yet"
    sign_in(qtbot, desktop, "agent01", "not-the-password")
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=20_000)
    assert dialog.error_text() == "用户名或密码错误。"
    assert dialog.password.text() == "" and dialog.username.text() == "agent01"
    assert desktop.window is None
    window = signed_in(qtbot, desktop, "agent01")
    assert not dialog.isVisible()
    assert "王晓燕" in window.user_label.text() or "agent01" in window.user_label.text()
    assert window.customer_view.header_card.reveal_buttons["id_number"].isHidden(), "agents may not reveal"
    actions = audit_actions(db_url)
    assert ("sign_in_failed", "agent01") in actions and actions[-1] == ("sign_in", "agent01")


@pytest.mark.parametrize(
    "username",
    ["' OR '1'='1' --", "admin'; DROP TABLE app_user; --", "x" * 10_000, "agent01\x00", "  "],
    ids=["or-true", "drop-table", "10kb", "nul", "blank"],
)
def test_hostile_usernames_are_refused_plainly(
    qtbot: Any, start: Callable[..., Desktop], db_url: str, username: str
) -> None:
    desktop = start()
    dialog = desktop.access.dialog
    dialog.username.setText(username)
    dialog.password.setText("whatever")
    if not username.strip():
        assert not dialog.sign_in_button.isEnabled(), "a blank username cannot be submitted"
        return
    assert len(dialog.username.text()) <= 64, "the field itself stops at 64 characters"
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text() != "", timeout=20_000)
    assert dialog.error_text() == "用户名或密码错误。"
    assert desktop.window is None
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(Customer.id).limit(1)).first() is not None, "tables intact"
    engine.dispose()


def test_lockout_message_after_five_failures(qtbot: Any, start: Callable[..., Desktop]) -> None:
    desktop = start()
    dialog = desktop.access.dialog
    for attempt in range(5):
        sign_in(qtbot, desktop, "lobby01", f"wrong-{attempt}")
        qtbot.waitUntil(lambda: dialog.error_text() != "" and dialog.password.isEnabled(), timeout=20_000)
    assert "锁定" in dialog.error_text()
    sign_in(qtbot, desktop, "lobby01")  # even the right password is refused now
    qtbot.waitUntil(lambda: dialog.error_text() != "" and dialog.password.isEnabled(), timeout=20_000)
    assert "锁定" in dialog.error_text() and desktop.window is None


def test_second_desktop_ends_the_first_with_a_message_on_both(
    qtbot: Any, start: Callable[..., Desktop], db_url: str
) -> None:
    first = start("WS-A", session_check_seconds=0.2)
    signed_in(qtbot, first, "agent01")
    second = start("WS-B", session_check_seconds=0.2)
    signed_in(qtbot, second, "agent01")
    qtbot.waitUntil(lambda: second.access.notice_box is not None, timeout=10_000)
    assert "WS-A" in second.access.notice_box.text()
    # The first desktop notices at its next check: window gone, dialog back with the reason.
    qtbot.waitUntil(lambda: first.window is None, timeout=10_000)
    dialog = first.access.dialog
    assert dialog.isVisible() and "WS-B" in dialog.notice.text()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(select(UserSession.workstation, UserSession.ended_reason).order_by(UserSession.id)).all()
    engine.dispose()
    assert [tuple(r) for r in rows[-2:]] == [("WS-A", "superseded"), ("WS-B", None)]


def test_idle_lock_hides_data_until_the_password(
    qtbot: Any, start: Callable[..., Desktop], db_url: str, showcase: dict[str, Any]
) -> None:
    desktop = start(idle_lock_minutes=0.01)  # 0.6 s
    window = signed_in(qtbot, desktop, "super01")
    view = window.customer_view
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_card.header is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    assert window.pages.currentWidget() is window.lock_screen
    assert not window.workspace.isVisible(), "no customer data on screen"
    assert not window.menuBar().isEnabled()
    lock = window.lock_screen
    lock.password.setText("wrong-password")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.error_text() != "", timeout=20_000)
    assert window.locked
    lock.password.setText(DEMO_PASSWORD)
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
    assert window.workspace.isVisible() and window.menuBar().isEnabled()
    assert ("unlock_failed", "super01") in audit_actions(db_url)
    assert audit_actions(db_url)[-1] == ("unlock", "super01")


def test_input_keeps_the_desktop_unlocked(qtbot: Any, start: Callable[..., Desktop]) -> None:
    desktop = start(idle_lock_minutes=0.02)  # 1.2 s
    window = signed_in(qtbot, desktop, "agent01")
    for _ in range(8):  # 2 s of activity
        qtbot.wait(250)
        QApplication.sendEvent(
            window.search_panel,
            QMouseEvent(
                QEvent.Type.MouseMove,
                QPoint(5, 5).toPointF(),
                QPoint(5, 5).toPointF(),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)


def test_switch_user_signs_out_cleanly(qtbot: Any, start: Callable[..., Desktop], db_url: str) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "agent01")
    window.lock_requested.emit()
    assert window.locked
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.access.dialog.isVisible() and desktop.window is None, timeout=10_000)
    assert desktop.access.dialog.username.text() == ""
    qtbot.waitUntil(lambda: audit_actions(db_url)[-1] == ("sign_out", "agent01"), timeout=10_000)
    window = signed_in(qtbot, desktop, "lobby01")
    assert "lobby01" in window.user_label.text()


def test_reveal_asks_a_reason_shows_for_a_while_and_is_audited(
    qtbot: Any, start: Callable[..., Desktop], db_url: str, showcase: dict[str, Any]
) -> None:
    desktop = start(reveal_seconds=2)
    window = signed_in(qtbot, desktop, "super01")
    view = window.customer_view
    card = view.header_card
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: card.header is not None, timeout=10_000)
    masked = card.field_value("id")
    assert "*" in masked
    button = card.reveal_buttons["id_number"]
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.reveal_dialog
    assert dialog is not None
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled(), "no reason chosen yet"
    dialog.reasons.setCurrentIndex(dialog.reasons.findData("other"))
    dialog.text.setText("ab")
    assert not ok.isEnabled(), "'Other' needs an explanation"
    dialog.reasons.setCurrentIndex(dialog.reasons.findData("identity_check"))
    assert ok.isEnabled()
    dialog.accept()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        full = conn.execute(select(Customer.id_number).where(Customer.id == showcase["rich"])).scalar_one()
    engine.dispose()
    qtbot.waitUntil(lambda: card.field_value("id") == full, timeout=10_000)
    assert any(a == ("reveal", "super01") for a in audit_actions(db_url))
    qtbot.waitUntil(lambda: card.field_value("id") == masked, timeout=5_000)
    engine = create_engine(db_url)
    assert verify(engine).ok
    engine.dispose()


def test_locking_masks_a_revealed_value(qtbot: Any, start: Callable[..., Desktop], showcase: dict[str, Any]) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "super01")
    card = window.customer_view.header_card
    window.customer_view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: card.header is not None, timeout=10_000)
    masked = card.field_value("id")
    card.show_revealed("id_number", "110101199001011234", 60)
    assert card.field_value("id") == "110101199001011234"
    window.lock_requested.emit()
    assert card.field_value("id") == masked


def test_refused_reveal_says_why(
    qtbot: Any, start: Callable[..., Desktop], showcase: dict[str, Any], db_url: str
) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "super01")
    view = window.customer_view
    # The service refuses an unknown reason even if a widget let one through.
    view._reveal_chosen(showcase["rich"], "id_number", "curiosity", "")
    qtbot.waitUntil(lambda: view.reveal_message is not None, timeout=10_000)
    assert isinstance(view.reveal_message, QMessageBox)
    assert view.reveal_message.text() == "请选择查看原因。"
    assert ("reveal", "super01") not in audit_actions(db_url)


def test_two_desktops_live_edit_presence_and_conflict(
    qtbot: Any, start: Callable[..., Desktop], showcase: dict[str, Any]
) -> None:
    """A and B on one database: B sees A on the customer, A's saved edit appears on B, and B's save
    over A's newer version is refused and resolved field by field."""
    from desktop.ui.customer360.edit import CustomerEditDialog

    a = start("WS-A")
    window_a = signed_in(qtbot, a, "agent01")
    b = start("WS-B")
    window_b = signed_in(qtbot, b, "super01")
    cid = showcase["rich"]
    for window in (window_a, window_b):
        window.customer_view.open_customer(cid)
        qtbot.waitUntil(lambda w=window: w.customer_view.header_card.header is not None, timeout=10_000)
    window_b.live.presence.refresh()
    qtbot.waitUntil(lambda: "王晓燕" in window_b.customer_view.presence_banner.text, timeout=10_000)

    # B starts editing; A changes the occupation and saves.
    window_b.customer_view.edit_customer()
    edit_b: CustomerEditDialog = window_b.customer_view.edit_dialog
    qtbot.waitUntil(lambda: edit_b.original is not None, timeout=10_000)
    window_a.customer_view.edit_customer()
    edit_a: CustomerEditDialog = window_a.customer_view.edit_dialog
    qtbot.waitUntil(lambda: edit_a.original is not None, timeout=10_000)
    original_name = edit_a.original["name"]
    edit_a.inputs["occupation"].setText("工程师A")
    edit_a.inputs["name"].setText(original_name + "甲")
    edit_a._typed()
    edit_a.save()
    qtbot.waitUntil(lambda: edit_a.saved_version is not None, timeout=10_000)
    # B's header shows A's name without anyone reloading, and B's open dialog says it changed.
    card_b = window_b.customer_view.header_card
    qtbot.waitUntil(lambda: card_b.header.name == original_name + "甲", timeout=10_000)
    qtbot.waitUntil(lambda: edit_b.notice.isVisible(), timeout=10_000)

    # B changes the occupation too (a real conflict) and the segment (no conflict); saving is refused.
    edit_b.inputs["occupation"].setText("教师B")
    segment = edit_b.inputs["segment"]
    segment.setCurrentIndex((segment.currentIndex() + 1) % segment.count())
    new_segment = segment.currentData()
    edit_b._typed()
    edit_b.save()
    qtbot.waitUntil(lambda: edit_b.conflict_dialog is not None, timeout=10_000)
    conflict = edit_b.conflict_dialog
    shown = {f.name for f in conflict.shown}
    assert "occupation" in shown
    conflict.set_choice("occupation", "theirs")  # keep A's occupation
    conflict.accept()
    qtbot.waitUntil(lambda: edit_b.saved_version is not None, timeout=10_000)
    qtbot.waitUntil(lambda: card_b.header.segment == new_segment, timeout=10_000)
    row = b.access.window.live.editor.load(b.access.signed.user, "customer", cid)
    assert (row["name"], row["occupation"], row["segment"]) == (original_name + "甲", "工程师A", new_segment)


def test_tickets_workspace_and_new_complaint_follow_the_role(
    qtbot: Any, start: Callable[..., Desktop], showcase: dict[str, Any]
) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "agent01")
    assert window.tabs.count() == 2 and window.tickets is not None
    window.show_tickets()
    qtbot.waitUntil(lambda: window.tickets.list.model.rowCount() >= 0 and window.tickets._started, timeout=10_000)
    window.tabs.setCurrentIndex(0)
    view = window.customer_view
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_card.header is not None, timeout=10_000)
    assert view.header_card.complaint_button.isVisible(), "agents take complaints"
    # A ticket double-clicked on the 360° view opens beside it; from there, in the tickets workspace.
    view.show_tab("tickets")
    qtbot.waitUntil(lambda: view.tickets_model.rowCount() > 0, timeout=10_000)
    first = view.tickets_model.record(0)
    view.tickets_table.activated.emit(view.tickets_model.index(0, 0))
    assert window.tabs.currentIndex() == 0 and view.ticket_dock.ticket_id == first.id
    qtbot.waitUntil(lambda: view.ticket_dock.panel.view is not None, timeout=10_000)
    view.ticket_dock.workspace_button.click()
    assert window.tabs.currentWidget() is window.tickets and view.ticket_dock.isHidden()
    qtbot.waitUntil(lambda: window.tickets.panel.ticket_id == first.id, timeout=10_000)
    window.tabs.setCurrentIndex(0)
    assert view.header_card.edit_button.isVisible(), "agents correct customer details"
    window.customer_view.header_card.complaint_button.click()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "intakeDialog") is not None, timeout=10_000)
    desktop.access.switch_user()
    qtbot.waitUntil(lambda: desktop.window is None, timeout=10_000)
    admin = signed_in(qtbot, desktop, "admin")
    admin.customer_view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: admin.customer_view.header_card.header is not None, timeout=10_000)
    card = admin.customer_view.header_card
    assert not card.complaint_button.isVisible() and not card.edit_button.isVisible()
    assert not card.reveal_buttons["id_number"].isVisible(), "administrators see customers masked only"


def test_messaging_pieces_follow_the_role(qtbot: Any, start: Callable[..., Desktop], showcase: dict[str, Any]) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "agent01")
    assert window.templates is None and window.campaigns is None, "agents neither author nor run campaigns"
    assert window.reports is None, "agents have no report.view"
    assert window.outbox_issues is None, "agents do not settle messages"
    view = window.customer_view
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_card.header is not None, timeout=10_000)
    assert view.header_card.message_button.isVisible()
    view.header_card.message_button.click()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "composeDialog") is not None, timeout=10_000)
    desktop.access.switch_user()
    qtbot.waitUntil(lambda: desktop.window is None, timeout=10_000)
    boss = signed_in(qtbot, desktop, "super01")
    assert boss.templates is not None and boss.campaigns is not None
    titles = [boss.tabs.tabText(i) for i in range(boss.tabs.count())]
    assert titles[:2] == ["客户", "投诉与工单"] and titles[2].startswith("升级提醒")  # with the count, if any
    assert titles[3:6] == ["消息模板", "营销活动", "发送异常"]
    assert len(titles) == 10 and titles[6].startswith("网关异常")  # with the count of open dead letters, if any
    assert boss.flows is not None and boss.tabs.indexOf(boss.flows) == 7, "supervisors author service flows"
    assert boss.reports is not None and boss.tabs.indexOf(boss.reports) == 8 and titles[8] == "报表"
    assert boss.wallboard is not None and boss.tabs.indexOf(boss.wallboard.page) == 9 and titles[9] == "实时看板"
    boss.tabs.setCurrentWidget(boss.outbox_issues)
    qtbot.waitUntil(lambda: boss.outbox_issues.status.text() != "", timeout=10_000)
