"""The screen-pop: a call offered here pops the caller card, raises the window without taking the keyboard."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select

from db.models import Call, Customer
from desktop.tasks import TaskManager
from desktop.ui.calls import CallCenter, DeskServices, ScreenPopController
from desktop.ui.calls.focus import bring_forward, is_text_input
from tests.telephony.world import HOUSEHOLD_PHONE, SINGLE_PHONE, UNKNOWN_PHONE, World

from .conftest import QT_NOISE, Agent01Window, make_available, ring

pytestmark = QT_NOISE


class PaintSpy(QObject):
    """Times of the caller card's paint events."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: list[tuple[float, int | None]] = []

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append((time.monotonic(), watched.call_id))
        return False


def _popped(center: CallCenter, call_id: int) -> bool:
    snap = center.controller.snapshot
    return (
        snap is not None and snap.offer is not None and snap.offer.call_id == call_id and center.card.call_id == call_id
    )


def test_offer_pops_the_card_which_is_painted_and_opens_the_customer(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    spy = PaintSpy()
    center.card.installEventFilter(spy)
    make_available(engine, w.agents["agent01"])
    qtbot.waitUntil(lambda: center.controller.snapshot is not None and center.controller.snapshot.state == "available")
    call_id = ring(engine, SINGLE_PHONE, "1")
    qtbot.waitUntil(lambda: _popped(center, call_id), timeout=5000)
    # A real paint of the card after its content changed.
    qtbot.waitUntil(lambda: any(t >= center.card.shown_at and c == call_id for t, c in spy.paints), timeout=3000)
    card = center.card
    assert card.name.fullText() == "张伟"
    hints = " | ".join(card.hint_texts())
    assert "TS0001" in hints and "年费争议" in hints  # the open complaint, with its deadline
    assert "2222" in hints  # the deposit maturing in 15 days (masked account)
    assert "1" in card.meta.text() and "138****0001" in card.meta.text()  # number and IVR choice
    assert window.opened == [w.single]  # the integrator is asked to open the 360° view
    bar = center.bar
    assert bar.accept_button.isVisible() and bar.decline_button.isVisible()
    assert "张伟" in bar.caller.fullText()
    assert center.dock.isVisible()


def test_offer_does_not_steal_the_keyboard_from_a_field_being_typed_in(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any, monkeypatch: Any
) -> None:
    engine, w = world
    raised: list[str] = []
    alerts: list[Any] = []
    monkeypatch.setattr(window, "raise_", lambda: raised.append("raise"))
    monkeypatch.setattr(window, "activateWindow", lambda: raised.append("activate"))
    monkeypatch.setattr(QApplication, "alert", staticmethod(lambda widget, ms=0: alerts.append(widget)))
    window.field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.field)
    qtbot.keyClicks(window.field, "zhang 138")
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, SINGLE_PHONE)
    qtbot.waitUntil(lambda: _popped(center, call_id), timeout=5000)
    assert raised == ["raise"]  # raised, never activated
    assert alerts == [window]  # the task bar flashes
    assert QApplication.focusWidget() is window.field
    qtbot.keyClicks(window.field, "0 0001")
    assert window.field.text() == "zhang 1380 0001"  # typing went on into the same field


def test_bring_forward_activates_only_when_nothing_is_typed(qtbot: Any, monkeypatch: Any) -> None:
    window = Agent01Window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    calls: list[str] = []
    monkeypatch.setattr(window, "activateWindow", lambda: calls.append("activate"))
    monkeypatch.setattr(QApplication, "focusWidget", staticmethod(lambda: window.field))
    assert is_text_input(window.field)
    assert bring_forward(window) is False and calls == []
    monkeypatch.setattr(QApplication, "focusWidget", staticmethod(lambda: None))
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    assert bring_forward(window) is False and calls == []  # another application has the keyboard


def test_household_line_lists_candidates_and_links_only_the_one_picked(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, HOUSEHOLD_PHONE)
    qtbot.waitUntil(lambda: _popped(center, call_id), timeout=5000)
    card = center.card
    assert card.candidates.isVisible() and card.candidates.count() == 2
    assert window.opened == []  # nobody is opened, nobody linked
    with engine.connect() as conn:
        assert conn.execute(select(Call.customer_id).where(Call.id == call_id)).scalar() is None
    for row in range(card.candidates.count()):
        if card.candidates.item(row).data(256) == w.household[1]:
            card.candidates.setCurrentRow(row)
    card.pick.click()
    qtbot.waitUntil(lambda: window.opened == [w.household[1]], timeout=5000)
    with engine.connect() as conn:
        assert conn.execute(select(Call.customer_id).where(Call.id == call_id)).scalar() == w.household[1]
    qtbot.waitUntil(lambda: card.name.fullText() == "王强")


def test_unknown_caller_quick_create_checks_duplicates_first(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, UNKNOWN_PHONE)
    qtbot.waitUntil(lambda: _popped(center, call_id), timeout=5000)
    form = center.card.quick_create
    assert form.isVisible() and form.phone.text() == "137****0009"  # prefilled with the caller's number
    form.name.setText("张伟")  # (QTest cannot type CJK characters)
    qtbot.keyClicks(form.id_number, "110101198001010001")  # the ID number of an existing customer
    form.create_button.click()
    qtbot.waitUntil(lambda: form.duplicates.count() == 1, timeout=5000)
    assert form.duplicates.item(0).data(256) == w.single
    with engine.connect() as conn:
        before = len(conn.execute(select(Customer.id)).all())
    form.force.click()  # never past a customer with the same ID number
    qtbot.waitUntil(lambda: "ID" in form.message.text() or "证件" in form.message.text(), timeout=5000)
    form.id_number.clear()
    qtbot.keyClicks(form.id_number, "11010119900202999X")
    form.create_button.click()
    qtbot.waitUntil(lambda: len(window.opened) == 1, timeout=5000)
    with engine.connect() as conn:
        made = conn.execute(select(Call.customer_id).where(Call.id == call_id)).scalar()
        assert len(conn.execute(select(Customer.id)).all()) == before + 1
    assert window.opened == [made]
    try:
        qtbot.waitUntil(lambda: center.card.name.fullText() == "张伟" and not form.isVisible(), timeout=5000)
    except Exception:
        raise AssertionError(f"{center.card.describe()} {form.isVisible()} {center.card.pop}") from None
    assert center.card.pop is not None and center.card.pop.customer_id == made


def test_withheld_number_offers_no_quick_create(world: tuple[Engine, World], center: CallCenter, qtbot: Any) -> None:
    engine, w = world
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, "anonymous")
    qtbot.waitUntil(lambda: _popped(center, call_id), timeout=5000)
    card = center.card
    assert not card.quick_create.isVisible() and not card.candidates.isVisible()
    assert card.advice.isVisible() and card.pop is not None and card.pop.withheld


def test_polls_never_pile_up_on_a_slow_database(world: tuple[Engine, World], tasks: TaskManager, qtbot: Any) -> None:
    engine, w = world
    services = DeskServices.create(__import__("services.calls", fromlist=["x"]).CallService(engine))
    running = threading.Semaphore(1)
    overlaps: list[int] = []
    calls: list[float] = []
    real = services.calls.pending_offer

    def slow(agent_id: int) -> Any:
        if not running.acquire(blocking=False):
            overlaps.append(1)
        try:
            calls.append(time.monotonic())
            time.sleep(0.25)
            return real(agent_id)
        finally:
            running.release()

    services.calls.pending_offer = slow  # type: ignore[method-assign]
    controller = ScreenPopController(tasks, services, w.agents["agent01"], available_poll_ms=20, poll_ms=20)
    controller.start()
    qtbot.wait(1200)
    controller.stop()
    assert overlaps == []
    assert 2 <= len(calls) <= 6  # one at a time, each after the previous one returned
    assert tasks.pending <= 2
