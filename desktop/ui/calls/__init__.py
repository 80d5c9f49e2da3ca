"""The agent's telephony UI: the call bar, the screen-pop, the caller card, call notes and wrap-up.

Integration is one call::

    center = install_call_center(window, tasks, CallService(engine, QueuedCallControl(engine)), principal,
                                 open_customer=window.customer_view.open_customer)
    center.call_customer(customer_id, "+8613800000001")   # click-to-call from the 360° view
    center.shutdown()                                     # before the task manager shuts down

:mod:`.demo` puts the UI into the "offered call" and "wrap-up" states from real calls, for screenshots.
"""

from __future__ import annotations

from services.agent_desk import DeskServices, DeskSnapshot, poll_desk

from .actions import CallActions
from .bar import CallBar
from .card import CallerCard
from .center import CallCenter, CallPanel, install_call_center
from .controller import AVAILABLE_POLL_MS, POLL_MS, ScreenPopController
from .notes import CallNotes
from .quickcreate import QuickCreateForm
from .wrapup import WrapupPanel

__all__ = [
    "AVAILABLE_POLL_MS",
    "POLL_MS",
    "CallActions",
    "CallBar",
    "CallCenter",
    "CallNotes",
    "CallPanel",
    "CallerCard",
    "DeskServices",
    "DeskSnapshot",
    "QuickCreateForm",
    "ScreenPopController",
    "WrapupPanel",
    "install_call_center",
    "poll_desk",
]
