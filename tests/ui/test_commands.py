"""``contactdesk demo --screenshot`` and ``contactdesk app`` as real subprocesses (offscreen)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = [
    "search_empty",
    "search_nomatch",
    "search_results",
    "customer360_overview",
    "customer360_products",
    "customer360_timeline",
    "customer360_tickets",
    "customer360_reminders",
    "flow_runner",  # mid-call, beside the caller's 360° view
    "flow_editor",  # in the supervisor's own window
    "flow_analytics",
    "wallboard",  # the supervisor's wallboard tab, from a snapshot of the demo floor
    "lobby_checkin",  # in the lobby manager's own window: a VIP's recognition card
    "lobby_board",
    "lobby_counter",
]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CONTACTDESK_DATABASE_URL", None)
    env.pop("CONTACTDESK_PROBE", None)
    env.update(QT_QPA_PLATFORM="offscreen", CONTACTDESK_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **extra)
    return env


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _not_blank(path: Path) -> bool:
    image = QImage(str(path))
    colors = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    return len(colors) > 8


@pytest.mark.slow
def test_demo_screenshots(tmp_path: Path, qapp) -> None:
    data_dir = tmp_path / "data"
    shots = tmp_path / "shots"
    proc = _run(
        ["demo", "--screenshot", str(shots), "--customers", "300"], _env(data_dir, CONTACTDESK_LOG_LEVEL="INFO")
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (data_dir / "demo.db").is_file()
    assert not (data_dir / "demo.db.partial").exists()
    # Every main screen in Chinese and English at 1366×768 and 1280×720, and in Chinese at 1920×1080.
    looks = [("zh_CN", 1366, 768), ("zh_CN", 1280, 720), ("zh_CN", 1920, 1080), ("en", 1366, 768), ("en", 1280, 720)]
    for language, width, height in looks:
        for name in EXPECTED:
            path = shots / f"{name}_{language}_{width}x{height}.png"
            assert path.is_file(), path
            image = QImage(str(path))
            assert (image.width(), image.height()) == (width, height), path
            assert _not_blank(path), path
    # The other screens (the call, the supervisor's pages, the lock) in both languages at both agent sizes.
    for name in ("call_offered", "call_wrapup", "call_unknown", "templates", "locked"):
        for language, width, height in looks:
            path = shots / f"{name}_{language}_{width}x{height}.png"
            assert path.is_file() == ((width, height) != (1920, 1080)), path
    for width, height in ((1366, 768), (1920, 1080)):  # the lobby display and the wallboard on a TV: windows
        for name in ("lobby_display", "wallboard_fullscreen"):
            path = shots / f"{name}_zh_CN_{width}x{height}.png"
            assert path.is_file() and _not_blank(path), path
            assert (QImage(str(path)).width(), QImage(str(path)).height()) == (width, height), path
    for name in ("signin", "compose"):
        assert all((shots / f"{name}_{language}.png").is_file() for language in ("zh_CN", "en")), name
    from services.reports.catalogue import REPORTS  # every report in the supervisor's Reports tab

    for info in REPORTS:
        for language, width, height in (
            ("zh_CN", 1366, 768),
            ("zh_CN", 1920, 1080),
            ("en", 1366, 768),
            ("en", 1920, 1080),
        ):
            path = shots / f"report_{info.name}_{language}_{width}x{height}.png"
            assert path.is_file() and _not_blank(path), path
            assert (QImage(str(path)).width(), QImage(str(path)).height()) == (width, height), path
    unnamed = [p.name for p in shots.glob("*.png") if not re.search(r"_(zh_CN|en)(_\d+x\d+)?\.png$", p.name)]
    assert not unnamed, "every file says its language (and a window's its size)"
    # Chinese was compiled into the data folder's cache or shipped next to the .ts files.
    log = (data_dir / "logs" / "contactdesk.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "main window shown" in log

    # A second run reuses the demo database (no reseeding) and still works.
    again = _run(["demo", "--screenshot", str(tmp_path / "again")], _env(data_dir))
    assert again.returncode == 0, again.stderr[-3000:]
    assert "seeding" not in again.stderr


def test_app_refuses_a_foreign_file_without_touching_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    foreign = data_dir / "db"
    content = b"this is somebody's spreadsheet, not a database" * 10
    foreign.write_bytes(content)
    proc = _run(["app"], _env(data_dir), timeout=120)
    assert proc.returncode == 2
    assert "not a ContactDesk database" in proc.stderr
    assert foreign.read_bytes() == content
    assert not list(data_dir.glob("db.*.bak"))


def test_app_on_an_empty_database_suggests_seeding(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc = _run(["app"], _env(data_dir), timeout=120)
    assert proc.returncode == 3
    assert "contactdesk seed" in proc.stderr
    assert "contactdesk demo" in proc.stderr
    assert (data_dir / "db").is_file()  # the embedded file was created and migrated


def test_app_unknown_user(tmp_path: Path, seeded_sqlite_url: str) -> None:
    data_dir = tmp_path / "data"
    copy = tmp_path / "copy.db"
    shutil.copy(seeded_sqlite_url.removeprefix("sqlite:///"), copy)
    # An automated run (a probe) signs in by itself; an unknown user is refused like a wrong password.
    env = _env(data_dir, CONTACTDESK_DATABASE_URL=f"sqlite:///{copy.as_posix()}", CONTACTDESK_PROBE="startup")
    proc = _run(["app", "--user", "nobody"], env, timeout=120)
    assert proc.returncode == 3
    assert "用户名或密码错误" in proc.stderr


def test_app_starts_and_reports_ready(tmp_path: Path, seeded_sqlite_url: str) -> None:
    env = _env(tmp_path / "data", CONTACTDESK_DATABASE_URL=seeded_sqlite_url, CONTACTDESK_PROBE="startup")
    proc = _run(["app", "--language", "en"], env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "PROBE ready_ms=" in proc.stdout
