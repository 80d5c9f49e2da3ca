"""No silent half-start: when the demo's phone line cannot start, the desk says so, and why.

The demo desktop (``LaunchOptions.demo_customers`` set) starts the gateway and the Twilio simulator in-process
after sign-in.  Here that start fails as it would on a broken install; the call bar, the status bar and the log
must name the reason, no state that takes calls may be offered, and the screenshot run must name the screen it
could not render.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.engine import make_engine
from db.models import User
from desktop import gateway_link
from desktop.app import Desktop, LaunchOptions
from desktop.screenshots import ScreenNotRendered, _line_started
from services.agent_state import AgentStateService
from services.call_control import CallControlError
from services.config import Settings
from tests.conftest import SMALL_SEED_CUSTOMERS
from tests.ui.test_access import signed_in

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

REASON = "the simulator's API facts are missing"


@pytest.fixture
def demo_desktop(
    qapp: QApplication, qtbot: Any, seeded_sqlite_url: str, tmp_path: Path, translations: Any, monkeypatch: Any
) -> Iterator[Desktop]:
    source = Path(seeded_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path / "demo.db"
    shutil.copy(source, target)
    starts: list[int] = []

    def broken_line(*_args: Any, **_kwargs: Any) -> Any:
        starts.append(1)
        raise FileNotFoundError(REASON)

    monkeypatch.setattr(gateway_link, "start_demo_line", broken_line)
    options = LaunchOptions(
        database_url=f"sqlite:///{target.as_posix()}",
        embedded=True,
        language="zh_CN",
        demo_customers=SMALL_SEED_CUSTOMERS,
    )
    engine = make_engine(options.database_url)
    with engine.connect() as conn:  # agent01 was available when the demo last ran
        agent01 = conn.execute(select(User.id).where(User.username == "agent01")).scalar_one()
    AgentStateService(engine).set_state(agent01, "available")
    engine.dispose()
    desktop = Desktop(Settings(data_dir=tmp_path / "data"), options, tmp_path / "x.log")
    desktop.starts = starts  # type: ignore[attr-defined]
    desktop.start_database()
    desktop.start_interface(qapp)
    qtbot.waitUntil(lambda: desktop.access.engine is not None, timeout=20_000)
    yield desktop
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


def test_a_phone_line_that_does_not_start_is_named_on_the_desk(
    qtbot: Any, demo_desktop: Desktop, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    window = signed_in(qtbot, demo_desktop, "agent01")
    bar = window.call_center.bar
    qtbot.waitUntil(lambda: bar.line_down is not None, timeout=20_000)

    assert REASON in bar.line_down
    assert REASON in bar.message_text() and "电话线路" in bar.message_text()
    assert not bar.message_close.isVisible(), "the agent cannot dismiss it"
    assert not bar.state_menu.isEnabled(), "no state that takes calls is offered"
    bar.clear_message()  # what other actions do: the line-down notice stays
    assert REASON in bar.message_text()
    assert window.problem_label is not None and REASON in window.problem_label.fullText()
    assert "电话线路" in window.problem_label.fullText()
    assert any("phone line did not start" in r.getMessage() and REASON in r.getMessage() for r in caplog.records)
    assert demo_desktop.telephony is None and demo_desktop.telephony_error is not None
    # No line, no calls: the agent went offline, and the chip says so (routing offers nothing).
    qtbot.waitUntil(lambda: bar.state_button.property("state") == "offline", timeout=10_000)

    demo_desktop.translations.switch("en")
    qtbot.waitUntil(lambda: "phone line" in bar.message_text().lower(), timeout=5_000)
    assert REASON in bar.message_text() and "Phone line down" in window.problem_label.fullText()

    # The screenshot run names the screen it cannot render, with the reason.
    with pytest.raises(ScreenNotRendered) as failure:
        _line_started(demo_desktop)
    assert failure.value.screen == "call_offered" and REASON in failure.value.reason

    # Asking the line for call control again starts nothing twice: it says why there is none.
    with pytest.raises(CallControlError, match=REASON):
        demo_desktop._telephony_control.resolve()
    assert demo_desktop.starts == [1]  # type: ignore[attr-defined]
