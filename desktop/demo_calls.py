"""Putting the call centre into a given state from real calls — for ``contactdesk demo --screenshot`` and tests.

Nothing is faked: the call is placed through the Twilio simulator, routed by the gateway, popped by the
controller, accepted through Twilio's REST API and hung up the same way.  Use a telephony started without
robot agents and without background traffic (``start_inprocess(..., traffic=False)``), so that the call
rings at this desk and nowhere else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from sqlalchemy import Engine, func, select

from desktop.ui.calls.center import CallCenter
from services.calls import OfferInfo

PlaceCall = Callable[[str], object]
DEFAULT_TIMEOUT_S = 30.0
SUGGESTION_WAIT_S = 5.0  # the card asks for a suggestion as the call pops; none within this: no rule matched


def pump_until(predicate: Callable[[], Any], timeout_s: float = DEFAULT_TIMEOUT_S, what: str = "condition") -> Any:
    """Process Qt events until ``predicate()`` is truthy; returns its value.

    Raises:
        TimeoutError: not within ``timeout_s``.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout_s:.0f} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def placer(telephony: Any, digits: str = "1") -> PlaceCall:
    """A ``place_call(from_)`` for :func:`show_offered_call` on an in-process telephony: a patient caller
    who keeps talking (long enough for any screenshot)."""

    def place(from_: str) -> object:
        return telephony.place_call(
            from_,
            digits=digits,
            patience=3600.0 / telephony.simulator.config.speed,
            talk=3600.0 / telephony.simulator.config.speed,
        )

    return place


def showcase_caller(engine: Engine) -> tuple[int, str]:
    """A customer worth popping (the demo's showcase pick) and a number that is theirs alone.

    The number is the simulated caller's to dial, read from the demo's own embedded database (the desk itself
    only ever shows the masked form).
    """
    from db.models import CustomerPhone
    from desktop.demo_data import showcase

    customer = showcase(engine)["rich"]
    with engine.connect() as conn:
        shared = (
            select(CustomerPhone.e164_key)
            .group_by(CustomerPhone.e164_key)
            .having(func.count(func.distinct(CustomerPhone.customer_id)) > 1)
        )
        phone = conn.execute(
            select(CustomerPhone.e164)
            .where(CustomerPhone.customer_id == customer, CustomerPhone.e164_key.not_in(shared))
            .order_by(CustomerPhone.id)
            .limit(1)
        ).scalar()
    if phone is None:
        raise LookupError(f"customer {customer} has no number of their own")
    return int(customer), str(phone)


PENDING_DISPOSITION = "other.no_answer"


def finish_pending_wrapup(center: CallCenter, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """Record the wrap-up this desk still owes, as the agent would: the demo's database outlives its runs, and a
    call an earlier run left open (closed at start) leaves its agent in wrap-up."""
    controller = center.controller
    pump_until(
        lambda: center.wrapup.call_id is not None and not center.wrapup.loading, timeout_s, "the pending wrap-up"
    )
    if not center.wrapup.select_code(PENDING_DISPOSITION):  # a bank whose tree lacks it: its first code
        choices = center.wrapup.picker.choices()
        center.wrapup.select_code(choices[0].data(0, Qt.ItemDataRole.UserRole) if choices else None)
    center.wrapup.notes.setPlainText("（演示）上次运行留下的通话，已整理。")
    center.wrapup.submit_now()
    pump_until(
        lambda: controller.snapshot is not None and controller.snapshot.state != "wrap_up",
        timeout_s,
        "the pending wrap-up being recorded",
    )


def show_offered_call(
    center: CallCenter, place_call: PlaceCall, from_: str, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> OfferInfo:
    """Make the agent available, place a call from ``from_`` and wait until it rings here with its card shown.

    Returns:
        The offer ringing at this desk.
    """
    controller = center.controller
    snap = controller.snapshot
    if snap is not None and snap.state == "wrap_up":
        finish_pending_wrapup(center, timeout_s=timeout_s)
        snap = controller.snapshot
    if snap is None or snap.state != "available":
        center.actions.set_state("available")
        pump_until(
            lambda: controller.snapshot is not None and controller.snapshot.state == "available",
            timeout_s,
            "the agent becoming available",
        )
    place_call(from_)

    def ringing() -> OfferInfo | None:
        snap = controller.snapshot
        if snap is None or snap.offer is None or center.card.call_id != snap.offer.call_id:
            return None
        return snap.offer

    offer: OfferInfo = pump_until(ringing, timeout_s, "the call ringing at this desk")
    center.tasks.wait_idle(int(timeout_s * 1000))
    return offer


def accept_call(center: CallCenter, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Accept the ringing call and wait until it is connected. Returns the call's id."""
    controller = center.controller
    offer = pump_until(lambda: controller.snapshot and controller.snapshot.offer, timeout_s, "a ringing call")
    center.bar.accept()
    pump_until(
        lambda: (
            controller.snapshot is not None
            and controller.snapshot.call is not None
            and controller.snapshot.call.state == "connected"
        ),
        timeout_s,
        "the call being connected",
    )
    return int(offer.call_id)


def follow_suggested_flow(
    window: Any,
    center: CallCenter,
    steps: int = 1,
    *,
    fallback: str = "card_loss",
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> Any:
    """During the connected call, start the flow the caller card suggests (Ctrl+G) — or ``fallback`` when no
    rule suggests one for this caller — and take ``steps`` steps.

    Returns:
        The runner panel, showing the run.
    """
    call_id = center.card.call_id
    seat = window.flow_seat
    try:
        pump_until(
            lambda: center.card.flow_suggestion is not None and center.card.flow_suggestion[0] == call_id,
            SUGGESTION_WAIT_S,
            "a flow suggested for the call",
        )
        seat.start_flow()
    except TimeoutError:
        seat.start(fallback)
    panel = seat.panel
    pump_until(lambda: panel.view is not None and not panel.busy, timeout_s, "the flow's first step")
    for _ in range(steps):
        before = panel.view.step_id
        if panel.view.ended or panel.view.kind not in ("say", "read_aloud", "action"):  # no answer to type
            break
        panel.move_on()

        def moved(before: str = before) -> bool:
            return panel.view is not None and not panel.busy and panel.view.step_id != before

        pump_until(moved, timeout_s, "the flow's next step")
    return panel


def hang_up_into_wrapup(
    center: CallCenter,
    call_id: int,
    *,
    notes: str = "",
    disposition: str | None = None,
    wrapup_notes: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> None:
    """Type ``notes`` during the call, hang up, and wait for the wrap-up panel with its draft; ``disposition``
    and ``wrapup_notes`` are then entered into the panel (not submitted)."""
    if notes:
        center.notes.editor.setPlainText(notes)
    center.bar.hang_up()
    pump_until(
        lambda: center.wrapup.call_id == call_id and not center.wrapup.loading,
        timeout_s,
        "the wrap-up panel",
    )
    if disposition is not None:
        center.wrapup.select_code(disposition)
    if wrapup_notes is not None:
        center.wrapup.notes.setPlainText(wrapup_notes)
    center.tasks.wait_idle(int(timeout_s * 1000))


def enter_wrapup(
    center: CallCenter,
    *,
    notes: str = "",
    disposition: str | None = None,
    wrapup_notes: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> int:
    """Accept the ringing call, type ``notes`` during it, hang up, and wait for the wrap-up panel with its draft.

    ``disposition`` and ``wrapup_notes`` are then entered into the panel (not submitted).

    Returns:
        The call's id.
    """
    call_id = accept_call(center, timeout_s=timeout_s)
    hang_up_into_wrapup(
        center, call_id, notes=notes, disposition=disposition, wrapup_notes=wrapup_notes, timeout_s=timeout_s
    )
    return call_id
