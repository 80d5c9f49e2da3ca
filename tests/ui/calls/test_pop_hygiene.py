"""Pop hygiene: every pop clears or replaces the main area's 360° view and starts on its overview; a caller nobody
has identified gets a view of their own in the main area, never the previous customer's record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QSplitter, QWidget
from sqlalchemy import Engine

from desktop.tasks import TaskManager
from desktop.ui.calls import CallCenter, install_call_center
from desktop.ui.customer360.view import Customer360View
from services.call_control import QueuedCallControl
from services.calls import CallService
from services.customer360 import Customer360Service
from tests.telephony.world import SINGLE_PHONE, UNKNOWN_PHONE, VIP_PHONE, World

from .conftest import QT_NOISE, caller_hangs_up, make_available, principal, ring

pytestmark = QT_NOISE


class SearchStandIn(QLineEdit):
    def focus_box(self) -> None:
        self.setFocus()


class WorkspaceWindow(QMainWindow):
    """The agent's window as far as pops go: a search box and the real 360° view side by side."""

    def __init__(self, tasks: TaskManager, engine: Engine) -> None:
        super().__init__()
        split = QSplitter(self)
        self.search_panel = SearchStandIn(split)
        self.customer_view = Customer360View(tasks, Customer360Service(engine), parent=split)
        self.setCentralWidget(split)
        self.help_menu = self.menuBar().addMenu("Help")


@pytest.fixture
def desk(
    world: tuple[Engine, World], tasks: TaskManager, translations: Any, qtbot: Any
) -> Iterator[tuple[WorkspaceWindow, CallCenter]]:
    engine, w = world
    window = WorkspaceWindow(tasks, engine)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    calls = CallService(engine, QueuedCallControl(engine, wait_seconds=10))
    center = install_call_center(
        window, tasks, calls, principal(w), window.customer_view.open_customer, available_poll_ms=50
    )
    yield window, center
    center.shutdown()


def visible_texts(root: QWidget) -> str:
    """Every text on the screen inside ``root`` (labels, and the header card's fields)."""
    return " | ".join(label.text() for label in root.findChildren(QLabel) if label.isVisible() and label.text())


def _offered(center: CallCenter, call_id: int) -> bool:
    snap = center.controller.snapshot
    return snap is not None and snap.offer is not None and snap.offer.call_id == call_id


def _shown_customer(window: WorkspaceWindow, name: str) -> bool:
    view = window.customer_view
    return view.header_pane.state == "content" and name in visible_texts(view)


def test_an_unknown_caller_never_pops_over_the_previous_customer(
    world: tuple[Engine, World], desk: tuple[WorkspaceWindow, CallCenter], qtbot: Any
) -> None:
    engine, w = world
    window, center = desk
    view = window.customer_view
    make_available(engine, w.agents["agent01"])
    first = ring(engine, SINGLE_PHONE)
    qtbot.waitUntil(lambda: view.customer_id == w.single and _shown_customer(window, "张伟"), timeout=10_000)
    # The agent looks at the reminders; the caller hangs up.
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(4).center())
    assert view.current_tab() == "reminders"
    caller_hangs_up(engine, first)
    qtbot.waitUntil(lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is None)

    unknown = ring(engine, UNKNOWN_PHONE)
    qtbot.waitUntil(lambda: _offered(center, unknown) and center.unknown_page is not None, timeout=10_000)
    page = center.unknown_page
    assert page is not None
    qtbot.waitUntil(lambda: page.isVisible(), timeout=3000)
    assert view.customer_id is None
    shown = visible_texts(view)
    assert "张伟" not in shown and "TS0001" not in shown  # nothing of the previous customer, nor their complaint
    assert not view.header_card.isVisible() and not view.tabs.isVisible()
    assert "137****0009" in page.number.text()  # masked as everywhere else
    assert "general" in page.meta.text()  # the queue
    assert page.search_button.isVisible() and page.create_button.isVisible()
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is window.search_panel
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is center.card.quick_create.name

    # A known caller next: the 360° view comes back for them, on the overview (the reminders tab was in use).
    caller_hangs_up(engine, unknown)
    qtbot.waitUntil(lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is None)
    again = ring(engine, VIP_PHONE)
    qtbot.waitUntil(lambda: _offered(center, again), timeout=10_000)
    qtbot.waitUntil(lambda: view.customer_id == w.vip and _shown_customer(window, "李娜"), timeout=10_000)
    assert view.current_tab() == "overview"
    assert not page.isVisible()


def test_a_withheld_number_says_so_and_offers_no_quick_create(
    world: tuple[Engine, World], desk: tuple[WorkspaceWindow, CallCenter], qtbot: Any
) -> None:
    engine, w = world
    window, center = desk
    window.customer_view.open_customer(w.single)  # the agent was looking at a customer
    qtbot.waitUntil(lambda: _shown_customer(window, "张伟"), timeout=10_000)
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, "anonymous")
    qtbot.waitUntil(lambda: _offered(center, call_id) and center.unknown_page is not None, timeout=10_000)
    page = center.unknown_page
    assert page is not None
    qtbot.waitUntil(lambda: page.isVisible(), timeout=3000)
    assert "张伟" not in visible_texts(window.customer_view)
    assert page.kind.text() == "号码已隐藏"
    assert page.search_button.isVisible() and not page.create_button.isVisible()


def test_every_pop_clears_the_view_before_the_next_customer_loads(
    world: tuple[Engine, World], desk: tuple[WorkspaceWindow, CallCenter], qtbot: Any
) -> None:
    engine, w = world
    window, center = desk
    view = window.customer_view
    view.open_customer(w.single)
    qtbot.waitUntil(lambda: _shown_customer(window, "张伟"), timeout=10_000)
    view.show_tab("products")
    make_available(engine, w.agents["agent01"])
    call_id = ring(engine, VIP_PHONE)
    # The pop itself, before the new customer's data arrives: nothing of the old one is on the screen.
    qtbot.waitUntil(lambda: view.customer_id == w.vip, timeout=10_000)
    assert "张伟" not in visible_texts(view)
    assert view.current_tab() == "overview"
    qtbot.waitUntil(lambda: _shown_customer(window, "李娜"), timeout=10_000)
    assert _offered(center, call_id)
