"""No two actions of a window answer the same key: Qt fires neither of them ("ambiguous shortcut"), so a key
shared by, say, the call bar and the flow editor would do nothing at all.  Checked on the agent's and the
supervisor's real windows (every workspace built), over every QAction with a shortcut."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtGui import QAction, QKeySequence

from .desks import Desks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_no_two_actions_of_a_window_share_a_key(desks: Desks, role: str) -> None:
    window = desks.window(role)
    owners: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if sequence.isEmpty():
                continue
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            parent = action.parent()
            owners[key].add(f"{type(parent).__name__}:{action.text() or action.objectName() or id(action)}")
    shared = {key: sorted(names) for key, names in owners.items() if len(names) > 1}
    assert len(owners) > 10, "the window's actions were found"
    assert not shared, f"keys with more than one action in the {role}'s window: {shared}"
