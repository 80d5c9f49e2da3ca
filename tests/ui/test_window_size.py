"""On a real screen the window opens maximized inside the screen's free area, down to a 1280×720 screen.

The offscreen platform can be told the size of its screen (a JSON ``configfile``), so this runs a small
program in a process of its own: the main window of the agent, on the seeded data, with a customer open, is
shown the way the application shows it on a real screen, and reports where it landed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json, sys
from desktop.app import create_application
app = create_application()
from PySide6.QtCore import QCoreApplication, QRect
from db.engine import make_engine
from desktop.session import SignedInUser
from desktop.tasks import TaskManager
from desktop.ui.main_window import MainWindow
from desktop.wiring import WindowServices
from services.customer360 import Customer360Service
from services.search import CustomerSearch

engine = make_engine(sys.argv[1])
tasks = TaskManager(engine)
window = MainWindow(
    tasks,
    WindowServices(search=CustomerSearch(engine), customer360=Customer360Service(engine)),
    user=SignedInUser(1, "agent01", "王晓燕", "agent"),
)
window.customer_view.open_customer(int(sys.argv[2]))
tasks.wait_idle(20_000)
QCoreApplication.processEvents()
window.show_for_work(maximize=True)
for _ in range(20):
    QCoreApplication.processEvents()
tasks.wait_idle(20_000)
QCoreApplication.processEvents()
screen = window.screen()
hint = window.minimumSizeHint()
print(json.dumps({
    "available": screen.availableGeometry().getRect(),
    "frame": window.frameGeometry().getRect(),
    "maximized": window.isMaximized(),
    "minimum": [hint.width(), hint.height()],
    "normal": window.normalGeometry().getRect(),
}))
window.close()
tasks.shutdown()
"""


def _show_on_screen(tmp_path: Path, url: str, customer: int, width: int, height: int) -> dict[str, Any]:
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", PYTHONPATH=str(ROOT))
    env["CONTACTDESK_DATA_DIR"] = str(tmp_path / "data")
    proc = subprocess.run(
        [sys.executable, "-c", PROGRAM, url, str(customer)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)], ids=["1280x720", "1366x768"])
def test_the_window_opens_maximized_inside_the_screen(
    tmp_path: Path, seeded_sqlite_url: str, showcase: dict[str, Any], size: tuple[int, int]
) -> None:
    shown = _show_on_screen(tmp_path, seeded_sqlite_url, showcase["rich"], *size)
    ax, ay, aw, ah = shown["available"]
    fx, fy, fw, fh = shown["frame"]
    assert shown["maximized"]
    assert ax <= fx and ay <= fy and fx + fw <= ax + aw and fy + fh <= ay + ah, shown
    assert (fw, fh) == (aw, ah), "maximized: the whole free area, nothing beyond it"
    assert shown["minimum"][0] <= 1280 and shown["minimum"][1] <= 720, shown
    # Un-maximized it would still fit the screen.
    normal_width, normal_height = shown["normal"][2:]
    assert normal_width <= aw and normal_height <= ah
