"""Every control of every workspace has an accessible name (what a screen reader says), in the interface
language: in the pseudo-locale each name carries the pseudo markers, which proves it goes through translation.

Names that are data rather than interface text are listed in ``DATA_NAMES`` with the reason.
"""

from __future__ import annotations

import pytest

from services.flows.starters import starter_flows
from services.lobby.setup import STANDARD_SERVICES
from services.messaging import audiences

from .common import summary
from .desks import LANGUAGES, SIZES, WORKSPACES, Desks
from .names import name_problems

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# name -> why it carries no pseudo markers
DATA_NAMES: dict[str, str] = {
    # A combo box is named by the item it shows. The fields of a campaign's custom filter are named by
    # services.messaging.audiences (Chinese and English side by side, picked by the interface language),
    # not by the Qt catalog, so the pseudo-locale shows their English names.
    **{en: "custom-filter field, named in services.messaging.audiences" for *_rest, en in audiences.FIELDS.values()},
    # The flow editor's step chooser and next-step boxes show the flow's own step ids and titles (the document
    # is data): those of the card_loss starter, the flow the supervisor's page shows.
    **{
        name: "a step of the card_loss starter flow"
        for step in next(f for f in starter_flows() if f.code == "card_loss").steps
        for name in (step.id, f"{step.id} · {step.title.en}" if step.title else step.id)
    },
    # The issue panel's buttons are the branch's service types: its own names (data), with their number prefix.
    **{f"{svc.prefix}  {svc.name_en}": "a service type of the branch (lobby_service)" for svc in STANDARD_SERVICES},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_has_a_name_in_the_interface_language(desks: Desks, language: str) -> None:
    desks.use(language)
    problems: list[tuple[str, str]] = []
    for workspace in WORKSPACES:
        desks.size(workspace.role, SIZES[0])
        workspace.show(desks)
        found = name_problems(desks.window(workspace.role), language, DATA_NAMES)
        problems.extend((workspace.name, problem) for problem in found)
    assert not problems, f"{len(problems)} controls without a proper name ({language}):\n" + summary(problems)
