"""A call offered to this agent pops as soon as the change arrives, without waiting for the next desk poll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.ui.live import offered_to
from services.sync.changes import Change

from .test_access import Desktop, db_url, signed_in, start  # noqa: F401 - fixtures of the signed-in desktop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_offered_to_names_only_offers() -> None:
    assert offered_to(Change(1, "call", "7", "offered", None, {"agent_id": 12})) == 12
    assert offered_to(Change(2, "call", "7", "queued", None, None)) is None
    assert offered_to(Change(3, "call", "7", "offered", None, None)) is None
    assert offered_to(Change(4, "ticket", "7", "offered", None, {"agent_id": 12})) is None


def test_an_offer_to_this_agent_makes_the_desk_look_at_once(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
) -> None:
    window = signed_in(qtbot, start(), "agent01")
    live, controller = window.live, window.call_center.controller
    me = live.principal.user_id
    # Polls far apart, so that any poll within the test comes from a change arriving.
    controller.poll_ms = controller.available_poll_ms = 60_000
    before = controller.polls
    controller.poll_now()
    qtbot.waitUntil(lambda: controller.polls > before, timeout=10_000)
    qtbot.wait(200)
    settled = controller.polls

    live.bridge.changes.emit([Change(90_001, "call", "41", "offered", None, {"agent_id": me + 1000})])
    live.bridge.changes.emit([Change(90_002, "ticket", "41", "updated", None, None)])
    qtbot.wait(500)
    assert controller.polls == settled, "another agent's offer and other changes do not poll"

    live.bridge.changes.emit([Change(90_003, "call", "42", "offered", None, {"agent_id": me})])
    qtbot.waitUntil(lambda: controller.polls == settled + 1, timeout=5_000)
