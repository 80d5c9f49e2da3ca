"""Data files shipped with ContactDesk (style sheets, translations, icons), resolved in one place.

Works from a source checkout, an installed wheel and a PyInstaller bundle (``sys._MEIPASS``).
Importing this module has no side effects.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = "contactdesk"
_FOLDER = "resources"


def resource_root() -> Path:
    """The folder holding the resources.

    In a PyInstaller bundle the installer spec copies ``contactdesk/resources`` to
    ``<_MEIPASS>/contactdesk/resources``; otherwise it is this package's folder.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and getattr(sys, "frozen", False):
        return Path(bundle) / _PACKAGE / _FOLDER
    return Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a resource, e.g. ``resource_path("qss", "contactdesk.qss")`` (it may not exist)."""
    return resource_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    """Text of a resource file (UTF-8)."""
    return resource_path(*parts).read_text(encoding="utf-8")
