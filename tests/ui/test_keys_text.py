"""How keys are written in menus and the shortcuts list."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.ui.window_menus import keys_text


def test_keys_written_alike_are_listed_once(qapp: QApplication) -> None:
    # In Chinese both the main and the keypad's Enter read "Ctrl+回车": the list must not say it twice.
    same = [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Return"), QKeySequence("F3")]
    assert keys_text(same) == f"{QKeySequence('Ctrl+Return').toString(QKeySequence.SequenceFormat.NativeText)}, F3"
    assert keys_text([QKeySequence(), QKeySequence("F1")]) == "F1"
