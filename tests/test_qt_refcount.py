"""The pinned PySide6 does not leak references to Python's ``True`` on every signal emission.

PySide6 6.12.0 does (each emission takes one reference too many), which aborts the interpreter at exit or,
in a long session, mid-run; the clean-exit test emits too few signals to see it.  This one counts.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    number = Signal(int)
    anything = Signal(object)


def test_three_hundred_emissions_leave_true_as_they_found_it() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.number.connect(received.append)
    emitter.anything.connect(received.append)
    emitter.plain.connect(lambda: received.append(None))
    for _ in range(50):  # warm-up: caches and lazily created wrappers settle
        emitter.plain.emit()
        emitter.number.emit(1)
        emitter.anything.emit(True)
    received.clear()
    before = sys.getrefcount(True)
    for i in range(100):
        emitter.plain.emit()
        emitter.number.emit(i)
        emitter.anything.emit(i % 2 == 0)
    received.clear()
    after = sys.getrefcount(True)
    assert abs(after - before) <= 5, f"True lost {before - after} references over 300 emissions"
