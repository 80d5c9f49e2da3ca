"""Every workspace in Chinese, English and a pseudo-locale 40 % longer than English, at 1366×768 and 1280×720:
no text elided or cut off without a tooltip carrying it, no widget outside the window."""

from __future__ import annotations

import pytest

from .common import summary
from .desks import LANGUAGES, SIZES, WORKSPACES, Desks
from .text_fit import fit_problems

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_fits_or_has_a_tooltip(desks: Desks, language: str) -> None:
    desks.use(language)
    problems: list[tuple[str, str]] = []
    for size in SIZES:
        for workspace in WORKSPACES:
            desks.size(workspace.role, size)
            workspace.show(desks)
            found = fit_problems(desks.window(workspace.role), size)
            problems.extend((f"{workspace.name} {size[0]}×{size[1]}", problem) for problem in found)
    assert not problems, f"{len(problems)} texts or widgets that do not fit ({language}):\n" + summary(problems)
