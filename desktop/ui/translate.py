"""``QT_TRANSLATE_NOOP`` with a precise type.

``pyside6-lupdate`` finds ``QT_TRANSLATE_NOOP("Context", "text")`` calls by name, wherever the
function comes from; this module only gives type checkers a ``str`` return type (the PySide6
stub says ``object``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, source_text: str) -> str:
        """Mark ``source_text`` for translation in ``context``; returns it unchanged."""
        ...

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP"]
