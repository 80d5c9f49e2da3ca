"""What the agent can do for the customer shown: links with keyboard shortcuts, in the header card.

Each action is a flat, focusable tool button marked as a link (``link`` property: the style sheet draws
the focus ring on it), so Tab reaches it and the focus is visible, and its shortcut is named in its
tooltip.  A button the role does not have stays hidden, and so does its shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QBoxLayout, QToolButton, QWidget

# Action -> shortcut ("P" for phone).  Taken elsewhere in the window: F7/F8/F9/F12 and Ctrl+Shift+A/B/O/N/D
# (calls, desktop/ui/calls/keys.py), Ctrl+L (lock), Ctrl+F/F3 (find), Ctrl+1…Ctrl+5 (the 360° tabs).
SHORTCUTS = {
    "edit": "Ctrl+E",
    "complaint": "Ctrl+Shift+C",
    "message": "Ctrl+Shift+M",
    "call": "Ctrl+Shift+P",
    "flow": "Ctrl+G",
    "refer": "Ctrl+Shift+R",
    "book": "Ctrl+Shift+Y",
}


def link_button(parent: QWidget) -> QToolButton:
    """A flat tool button that reads as a link and takes the keyboard focus (Tab or click)."""
    button = QToolButton(parent)
    button.setObjectName("revealButton")  # the link look of the header's buttons
    button.setProperty("link", True)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def shortcut_text(key: str) -> str:
    """A shortcut as the platform writes it (``Ctrl+Shift+C``; ``⇧⌘C`` on a Mac)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class CustomerActions(QWidget):
    """Edit, New complaint, Send message, Call, Start service flow, Refer to manager and Book appointment, one
    under the other (or side by side).

    The buttons start hidden; whoever wires an action shows its button (:attr:`buttons`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerActions")
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.buttons: dict[str, QToolButton] = {}
        for name in SHORTCUTS:
            button = link_button(self)
            button.setVisible(False)
            self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
            self.buttons[name] = button
        self.retranslate()

    def set_vertical(self, vertical: bool) -> None:
        """One under the other (narrow card) or side by side."""
        self._layout.setDirection(QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight)

    def column_width(self) -> int:
        """Width of the buttons one under the other (the widest shown)."""
        return max((b.sizeHint().width() for b in self.buttons.values() if not b.isHidden()), default=0)

    def retranslate(self) -> None:
        texts = {
            "edit": (self.tr("Edit"), self.tr("Correct this customer's details")),
            "complaint": (
                self.tr("New complaint"),
                self.tr("Record a complaint from this customer (the regulator's clock starts)"),
            ),
            "message": (self.tr("Send message"), self.tr("SMS or e-mail from an approved template")),
            "call": (self.tr("Call"), self.tr("Call the customer's primary number (your phone rings first)")),
            "flow": (self.tr("Start service flow"), self.tr("Guide this conversation with a service flow")),
            "refer": (self.tr("Refer to manager"), self.tr("Refer the customer to a customer manager")),
            "book": (self.tr("Book appointment"), self.tr("Book the customer a time at a branch")),
        }
        for name, (text, tip) in texts.items():
            button = self.buttons[name]
            button.setText(text)
            button.setShortcut(QKeySequence(SHORTCUTS[name]))  # after the text: setText resets the shortcut
            button.setToolTip(f"{tip} ({shortcut_text(SHORTCUTS[name])})")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
