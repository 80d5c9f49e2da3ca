"""The real application exits with status 0 after many background tasks signalled the GUI thread.

PySide6 6.12.0 aborts at interpreter exit (status 134) in exactly this situation
(see the PySide6 pin in pyproject.toml and tests/test_qt_refcount.py).  The browse probe
runs well over 50 database tasks whose results cross threads through queued signals.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_app_exits_cleanly_after_browsing(tmp_path: Path, seeded_sqlite_url: str) -> None:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CONTACTDESK_DATA_DIR=str(tmp_path / "data"),
        CONTACTDESK_DATABASE_URL=seeded_sqlite_url,
        CONTACTDESK_PROBE="browse",
        PYTHONPATH=str(ROOT),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr[-3000:]}"
    line = next(line for line in proc.stdout.splitlines() if line.startswith("PROBE rss_mb="))
    figures = dict(part.split("=", 1) for part in line.split()[1:])
    assert int(figures["tasks"]) >= 50
    assert int(figures["customers"]) >= 3
    assert "Traceback" not in proc.stderr
