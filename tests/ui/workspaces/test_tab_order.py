"""Tab goes round every workspace: no trap, every control reached, every stop visible with a focus ring.

The walk presses Tab (a real key press on the focused widget) from the first stop of the window until the
focus comes back to it; see :func:`.checks.walk_tab_order` for what counts as a trap or an invisible stop.
"""

from __future__ import annotations

import pytest

from .common import summary
from .desks import SIZES, WORKSPACES, Desks
from .tab_walk import walk_tab_order

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_tab_walks_round_every_workspace(desks: Desks, size: tuple[int, int]) -> None:
    desks.use("zh_CN")
    problems: list[tuple[str, str]] = []
    walked = 0
    for workspace in WORKSPACES:
        desks.size(workspace.role, size)
        workspace.show(desks)
        found = walk_tab_order(desks.window(workspace.role))
        problems.extend((workspace.name, problem) for problem in found)
        walked += 1
    assert walked == len(WORKSPACES)
    assert not problems, f"{len(problems)} tab-order problems at {size[0]}×{size[1]}:\n" + summary(problems)
