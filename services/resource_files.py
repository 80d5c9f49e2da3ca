"""Where the data files shipped with ContactDesk are (style sheets, translations, icons), resolved in one place.

Works from a source checkout, an installed wheel and a PyInstaller bundle (``sys._MEIPASS``).
Importing this module has no side effects.
"""

from __future__ import annotations

import sys
from pathlib import Path

_FOLDER = "resources"


def resource_root() -> Path:
    """The folder holding the resources.

    In a PyInstaller bundle the installer spec copies ``resources`` to ``<_MEIPASS>/resources``;
    otherwise it is the ``resources`` folder beside the ``services`` package (a checkout or an install).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and getattr(sys, "frozen", False):
        return Path(bundle) / _FOLDER
    return Path(__file__).resolve().parent.parent / _FOLDER


def resource_path(*parts: str) -> Path:
    """Path of a resource, e.g. ``resource_path("qss", "contactdesk.qss")`` (it may not exist)."""
    return resource_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    """Text of a resource file (UTF-8)."""
    return resource_path(*parts).read_text(encoding="utf-8")
