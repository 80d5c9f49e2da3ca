"""A copy of the project in an empty folder, with no ``shared/`` anywhere above it, runs the demo's phone line.

The copy holds exactly the files git tracks (what a clone gets).  Python imports the project from the copy
(``PYTHONPATH``), so nothing of this checkout, and nothing beside or above it, is read.  The demo renders the
call screens there through the real simulator; with the simulator's API facts removed from the copy, it fails
loudly, naming the screen it could not render.  ``.ci/run`` runs the whole suite in such a copy too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# What a checkout holds besides the tracked files: environments, caches, built catalogues, reports.
NOT_TRACKED = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}


def tracked_files() -> list[str]:
    """The files git tracks; in a copy that is no git checkout (CI runs in one), every file but the untracked."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode("utf-8").split("\0") if name]
    return [
        path.relative_to(ROOT).as_posix()
        for path in sorted(ROOT.rglob("*"))
        if path.is_file()
        and not NOT_TRACKED.intersection(path.relative_to(ROOT).parts)
        and path.suffix != ".qm"
        and path.relative_to(ROOT).as_posix() != ".ci/junit.xml"
    ]


def clone_into(target: Path) -> Path:
    for name in tracked_files():
        source = ROOT / name
        if source.is_file():  # a file deleted in the work tree but not yet in git is no part of a clone
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _env(clone: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTDESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", CONTACTDESK_DATA_DIR=str(data_dir), PYTHONPATH=str(clone))
    return env


def _run(clone: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=clone, env=env, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.mark.slow
def test_a_clone_with_nothing_above_it_runs_the_demo_line(tmp_path: Path) -> None:
    clone = clone_into(tmp_path / "clone")
    assert not any((parent / "shared").exists() for parent in clone.parents), "pick a folder with no shared/"
    env = _env(clone, tmp_path / "data")
    where = _run(clone, env, "-c", "import db, desktop, gateway, services; print(gateway.__file__, desktop.__file__)")
    assert where.returncode == 0, where.stderr
    assert all(Path(p).resolve().is_relative_to(clone) for p in where.stdout.split()), where.stdout

    shots = tmp_path / "shots"
    demo = _run(clone, env, "-m", "desktop", "demo", "--screenshot", str(shots), "--customers", "300")
    assert demo.returncode == 0, demo.stderr[-3000:]
    for name in (
        "call_offered_zh_CN_1366x768.png",
        "call_wrapup_en_1280x720.png",
        "search_results_zh_CN_1920x1080.png",
    ):
        assert (shots / name).is_file(), name

    # The same copy with the simulator's API facts gone: the phone line cannot start, and the run says so.
    (clone / "resources" / "twilio" / "api_v2010.json").unlink()
    broken = _run(clone, env, "-m", "desktop", "demo", "--screenshot", str(tmp_path / "broken"))
    assert broken.returncode != 0
    assert "could not render the screen 'call_offered'" in broken.stderr, broken.stderr[-3000:]
    assert "phone line" in broken.stderr and "api_v2010.json" in broken.stderr
    log = (tmp_path / "data" / "logs" / "contactdesk.log").read_text(encoding="utf-8")
    assert "the demo's phone line did not start" in log
