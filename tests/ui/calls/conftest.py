"""Fixtures for the call centre UI: a small telephony world, the in-process gateway + Twilio simulator, a window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade
from desktop.tasks import TaskManager
from desktop.ui.calls import CallCenter, install_call_center
from gateway.inprocess import InProcessTelephony, start_inprocess
from gateway.simulator.runner import Chaos
from services.call_control import QueuedCallControl
from services.calls import CallService
from services.config import Settings
from services.permissions import Principal
from tests.telephony.world import World, build_world

# The offscreen platform cannot pass window size hints on and says so whenever a shown top-level
# widget's layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def world(sqlite_url: str) -> Iterator[tuple[Engine, World]]:
    """(engine, world): agents, queues, dispositions and customers on a fresh SQLite database."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield engine, build_world(engine)
    engine.dispose()


@pytest.fixture
def engine(world: tuple[Engine, World]) -> Engine:
    return world[0]


@pytest.fixture
def tasks(qapp: QApplication, engine: Engine) -> Iterator[TaskManager]:
    manager = TaskManager(engine)
    yield manager
    assert manager.shutdown()


@pytest.fixture
def telephony(engine: Engine, tmp_path: Path) -> Iterator[InProcessTelephony]:
    """The gateway and the Twilio simulator on loopback; calls only when a test places them."""
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=3,
        chaos=Chaos(0.0, 0.0),
        worker_interval=0.05,
    )
    try:
        yield tel
    finally:
        tel.stop()


class Agent01Window(QMainWindow):
    """A stand-in for the main window: a text field in the middle to type into, a Help menu, a status bar."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit(self)
        self.field.setObjectName("typingField")
        self.setCentralWidget(self.field)
        self.opened: list[int] = []
        self.help_menu = self.menuBar().addMenu("Help")
        self.statusBar().showMessage("ready")


@pytest.fixture
def window(qtbot: Any) -> Agent01Window:
    win = Agent01Window()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def principal(world: World, username: str = "agent01") -> Principal:
    return Principal(user_id=world.agents[username], username=username, role="agent", branch_id=1)


@pytest.fixture
def center(
    world: tuple[Engine, World], tasks: TaskManager, window: Agent01Window, translations: Any
) -> Iterator[CallCenter]:
    engine, w = world
    calls = CallService(engine, QueuedCallControl(engine, wait_seconds=10))
    made = install_call_center(window, tasks, calls, principal(w), window.opened.append, available_poll_ms=50)
    yield made
    made.shutdown()


QT_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def ring(engine: Engine, from_: str, digits: str = "1") -> int:
    """A call from ``from_`` through the IVR into its queue, and one routing pass (no Twilio): its id."""
    import secrets

    from sqlalchemy import select

    from db.models import Call
    from db.write import utcnow, write_txn
    from gateway import events, routing
    from gateway.signature import Params

    sid = "CA" + secrets.token_hex(16)
    params = Params({"CallSid": [sid], "From": [from_], "To": ["+862160000000"], "Digits": [digits]})
    with write_txn(engine) as conn:
        events.apply_incoming(conn, params, utcnow())
        events.apply_menu(conn, params, utcnow())
    routing.route(engine)
    with engine.connect() as conn:
        return int(conn.execute(select(Call.id).where(Call.call_sid == sid)).scalar_one())


def make_available(engine: Engine, *agents: int) -> None:
    from services.agent_state import AgentStateService

    for agent in agents:
        AgentStateService(engine).set_state(agent, "available")


def caller_hangs_up(engine: Engine, call_id: int) -> None:
    """The caller hangs up (what Twilio's status callback does to the call)."""
    from db.write import utcnow, write_txn
    from services import call_states

    with write_txn(engine) as conn:
        call = call_states.load(conn, call_id=call_id, lock=True)
        assert call is not None
        call_states.end_call(conn, call, utcnow())


def use_catalog_dispositions(engine: Engine) -> None:
    """Replace the small world's disposition tree by the one the bank configures (db.seed.catalog)."""
    from sqlalchemy import delete, insert

    from db.models import DispositionCode
    from db.seed.catalog import DISPOSITIONS
    from db.write import write_txn

    ids = {code: 100 + i for i, (code, *_rest) in enumerate(DISPOSITIONS)}
    with write_txn(engine) as conn:
        conn.execute(delete(DispositionCode).where(DispositionCode.parent_id.is_not(None)))
        conn.execute(delete(DispositionCode))
        for i, (code, parent, zh, en) in enumerate(DISPOSITIONS):
            conn.execute(
                insert(DispositionCode).values(
                    id=ids[code],
                    code=code,
                    parent_id=ids[parent] if parent else None,
                    label_zh=zh,
                    label_en=en,
                    sort_order=1000 + i,
                )
            )
