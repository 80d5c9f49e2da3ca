"""The pinned PySide6 does not leak references to Python's ``True`` on every signal emission.

PySide6 6.12.0 does (each emission takes one reference too many), which aborts the interpreter at exit or,
in a long session, mid-run; the clean-exit test emits too few signals to see it.  This one counts — in a fresh
interpreter of its own: ``True``'s count is global, and threads left running by other tests in the same worker
process (a gateway's sender retrying, a stream reader) move it while the emissions are counted.
"""

from __future__ import annotations

import subprocess
import sys

COUNT = """
import sys
from PySide6.QtCore import QObject, Signal

class Emitter(QObject):
    plain = Signal()
    number = Signal(int)
    anything = Signal(object)

emitter = Emitter()
received = []
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
print(before - sys.getrefcount(True))
"""


def test_three_hundred_emissions_leave_true_as_they_found_it() -> None:
    done = subprocess.run([sys.executable, "-c", COUNT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lost = int(done.stdout.strip().splitlines()[-1])
    assert abs(lost) <= 5, f"True lost {lost} references over 300 emissions"
