"""An end step's panel: its outcome (for the analytics) and the wrap-up disposition it prefills, both read back."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui.flows.step_panel import StepPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_an_end_step_edits_its_outcome_and_its_wrap_up_disposition(qtbot: Any, qapp: QApplication) -> None:
    panel = StepPanel()
    qtbot.addWidget(panel)
    panel.show()
    sent: list[dict[str, Any]] = []
    panel.changed.connect(sent.append)
    panel.show_step({"id": "refused", "kind": "end", "outcome": "card_refused", "disposition": "service.card_loss"}, [])
    assert panel.disposition.isVisible() and panel.disposition.text() == "service.card_loss"
    assert not panel.conditions.isVisible() and panel.outcome.text() == "card_refused"
    panel.disposition.setFocus()
    panel.disposition.selectAll()
    qtbot.keyClicks(panel.disposition, "inquiry.product")
    assert sent[-1]["disposition"] == "inquiry.product" and sent[-1]["outcome"] == "card_refused"
    panel.disposition.selectAll()
    qtbot.keyClick(panel.disposition, "a")  # then erase it: an end without its own disposition
    qtbot.keyClick(panel.disposition, "\b")
    assert "disposition" not in sent[-1]
    panel.show_step({"id": "greet", "kind": "say", "text": "你好"}, [])
    assert not panel.disposition.isVisible()
