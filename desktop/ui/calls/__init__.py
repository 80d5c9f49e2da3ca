"""The agent's telephony UI: the call bar, the screen-pop, the caller card, call notes and wrap-up, the transfer
picker, the main area's view of an unidentified caller, and the Call menu with every call key.

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
from .dispositions import DispositionPicker
from .menu import CallMenu
from .notes import CallNotes
from .quickcreate import QuickCreateForm
from .transfer import TransferPicker
from .unknown import UnknownCallerPage
from .wrapup import WrapupPanel

__all__ = [
    "AVAILABLE_POLL_MS",
    "POLL_MS",
    "CallActions",
    "CallBar",
    "CallCenter",
    "CallMenu",
    "CallNotes",
    "CallPanel",
    "CallerCard",
    "DeskServices",
    "DeskSnapshot",
    "DispositionPicker",
    "QuickCreateForm",
    "ScreenPopController",
    "TransferPicker",
    "UnknownCallerPage",
    "WrapupPanel",
    "install_call_center",
    "poll_desk",
]
