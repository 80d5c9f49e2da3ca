"""An exception in a slot is logged and shown in a dialog; the application keeps running."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QObject, Signal

from desktop.ui.crash import ExceptionHook


class Emitter(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
def test_exception_in_slot_is_logged_and_shown(qtbot, caplog) -> None:
    shown: list[tuple[str, str]] = []
    hook = ExceptionHook(show_dialog=lambda summary, details: shown.append((summary, details)), log_path="/x.log")
    hook.install()
    try:
        emitter = Emitter()

        def broken_slot() -> None:
            raise ValueError("boom in a slot")

        emitter.fire.connect(broken_slot)
        with caplog.at_level(logging.CRITICAL, logger="contactdesk.crash"):
            emitter.fire.emit()
            qtbot.waitUntil(lambda: bool(shown))
    finally:
        hook.uninstall()
    assert sys.excepthook is not hook
    summary, details = shown[0]
    assert "boom in a slot" in summary
    assert "/x.log" in summary
    assert "broken_slot" in details
    assert any("boom in a slot" in r.getMessage() for r in caplog.records)
    assert hook.count == 1


@pytest.mark.qt_no_exception_capture
def test_hook_survives_a_failing_dialog(qtbot, caplog) -> None:
    def bad_dialog(_summary: str, _details: str) -> None:
        raise RuntimeError("dialog broke")

    hook = ExceptionHook(show_dialog=bad_dialog)
    with caplog.at_level(logging.ERROR, logger="contactdesk.crash"):
        try:
            raise KeyError("x")
        except KeyError:
            hook(*sys.exc_info())  # type: ignore[arg-type]
    assert hook.count == 1
    assert any("could not show" in r.getMessage() for r in caplog.records)


def test_log_file_is_written(tmp_path, monkeypatch) -> None:
    from desktop.app import setup_logging
    from services.config import Settings

    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = setup_logging(Settings(data_dir=tmp_path, log_level="INFO"))
        logging.getLogger("contactdesk.test").info("hello log")
        for handler in root.handlers:
            handler.flush()
        assert path == tmp_path / "logs" / "contactdesk.log"
        assert "hello log" in path.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
