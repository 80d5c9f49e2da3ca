"""Compile the Qt Linguist translations (.ts -> .qm), or refresh the .ts files from the sources.

    python build/translations.py [compile] [--quiet] [--out DIR]   # .qm next to the .ts (default)
    python build/translations.py update [--quiet]                  # pyside6-lupdate over the sources

``.qm`` files are built, never committed (``.gitignore`` has ``*.qm``).  The tools ship with
PySide6-Essentials (``pyside6-lrelease`` / ``pyside6-lupdate``); they are looked up in the PySide6
package folder, next to the interpreter, then on PATH.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
# Where translatable strings live: the desktop (the services, the gateway and the database layer hold none).
SOURCE_DIRS = (ROOT / "desktop",)
LANGUAGES = ("zh_CN", "en")


def _tool(name: str) -> Path:
    sys.path.insert(0, str(ROOT))
    from desktop.ui.i18n import find_qt_tool

    tool = find_qt_tool(name)
    if tool is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials (it ships pyside6-{name})")
    return tool


def ts_files() -> list[Path]:
    """The Linguist sources, one per language."""
    return [TRANSLATIONS / f"contactdesk_{lang}.ts" for lang in LANGUAGES]


def compile_all(out_dir: Path | None = None, *, quiet: bool = False) -> int:
    """Run lrelease on every .ts; returns the number of catalogs written."""
    tool = _tool("lrelease")
    written = 0
    for ts in ts_files():
        if not ts.is_file():
            print(f"missing {ts}", file=sys.stderr)
            continue
        qm = (out_dir or ts.parent) / ts.with_suffix(".qm").name
        qm.parent.mkdir(parents=True, exist_ok=True)
        cmd = [str(tool), str(ts), "-qm", str(qm)]
        if quiet:
            cmd.insert(1, "-silent")
        subprocess.run(cmd, check=True)
        written += 1
    return written


def sources() -> list[Path]:
    """Python files with translatable strings."""
    files: list[Path] = []
    for folder in SOURCE_DIRS:
        files += sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return files


def update_all(*, quiet: bool = False) -> None:
    """Merge new source strings into every .ts (existing translations are kept)."""
    tool = _tool("lupdate")
    files = [str(p.relative_to(ROOT)) for p in sources()]
    targets = [str(p.relative_to(ROOT)) for p in ts_files()]
    cmd = [str(tool), "-locations", "none", "-no-obsolete", *files, "-ts", *targets]
    if quiet:
        cmd.insert(1, "-silent")
    subprocess.run(cmd, check=True, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=("compile", "update"), default="compile")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    parser.add_argument("--out", type=Path, help="write the .qm files here (default: next to the .ts)")
    args = parser.parse_args(argv)
    if args.action == "update":
        update_all(quiet=args.quiet)
        return 0
    count = compile_all(args.out, quiet=args.quiet)
    if not args.quiet:
        print(f"compiled {count} catalog(s)")
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main())
