"""Set up a virtual environment and run ContactDesk or its tests — the README's two commands.

    python3 build/bootstrap.py demo [demo options]     # the demo, from a fresh checkout
    python3 build/bootstrap.py test [-- pytest args]   # every check: ruff (lint, format), mypy, then pytest

Standard library only: it runs before anything is installed. The environment lives in
``.venv`` beside this checkout and is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".contactdesk-install"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(extras: str) -> Path:
    """Create ``.venv`` and install the project (editable) with ``extras`` when needed."""
    python = venv_python()
    if not python.exists():
        print(f"==> creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != digest:
        print("==> installing ContactDesk and its dependencies", flush=True)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "install", "-e", f"{ROOT}[{extras}]"], check=True, cwd=ROOT)
        STAMP.write_text(digest, encoding="utf-8")
    subprocess.run([str(python), str(ROOT / "build" / "translations.py"), "--quiet"], check=True, cwd=ROOT)
    return python


EXTRAS = "test,dev"
# The static checks, each run from the checkout; pytest follows (with the arguments given after ``--``).
STATIC_CHECKS = (
    ("ruff lint", ["-m", "ruff", "check", "."]),
    ("ruff format", ["-m", "ruff", "format", "--check", "."]),
    ("mypy", ["-m", "mypy", "db", "services", "gateway", "desktop"]),
)


def run_checks(python: Path, pytest_args: list[str]) -> int:
    """Every check of the project, locally and in CI: the static ones, then the tests.  All run; any failure fails."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    failed = []
    for name, args in STATIC_CHECKS:
        print(f"==> {name}", flush=True)
        if subprocess.call([str(python), *args], cwd=ROOT, env=env) != 0:
            failed.append(name)
    print("==> pytest", flush=True)
    # By default the tests run in two processes (pytest-xdist), whole files to each, so that a module's shared
    # database is built once: much of the suite waits on servers, and two workers keep both cores busy.
    chosen = any(a == "-n" or a.startswith("-n") for a in pytest_args)
    args = [*([] if chosen else ["-n", "2", "--dist", "loadfile"]), *pytest_args]
    status = subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)
    if failed:
        print(f"==> failed: {', '.join(failed)}", flush=True)
        return status or 1
    return status


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "app"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command == "test":
        python = ensure_environment(EXTRAS)
        return run_checks(python, rest)
    python = ensure_environment(EXTRAS)
    return subprocess.call([str(python), "-m", "desktop", command, *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
