"""The idle lock: a watcher of keyboard and mouse input, and the screen that hides customer data."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits :attr:`idle` after ``minutes`` without keyboard, mouse or touch input in the application.

    Installed as an event filter on the QApplication; it only restarts a timer per input event, so
    it costs nothing noticeable.  ``minutes`` ≤ 0 turns the lock off.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._enabled = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._interval = int(minutes * 60_000)
        if self._interval > 0:
            self._timer.setInterval(self._interval)

    def start(self) -> None:
        """Watch from now on (after sign-in or unlock)."""
        app = QApplication.instance()
        if self._interval <= 0 or app is None:
            return
        if not self._enabled:
            app.installEventFilter(self)
            self._enabled = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked, or signed out)."""
        app = QApplication.instance()
        if self._enabled and app is not None:
            app.removeEventFilter(self)
        self._enabled = False
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._enabled and self._timer.isActive()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self.active else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


class LockScreen(QWidget):
    """Shown instead of the workspace while the desktop is locked.

    Signals:
        unlock_requested(str): the password typed.
        switch_user_requested(): sign this user out and let another sign in.
    """

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._name = ""
        self._username = ""
        self.product = QLabel("ContactDesk", self)
        self.product.setObjectName("signInHeading")
        self.product.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self)
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(self)
        self.detail.setObjectName("muted")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.notice = QLabel(self)  # why it locked, when that is not the idle time (see show_expired)
        self.notice.setObjectName("noticeText")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self._expired = False
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(1024)
        self.password.setFixedWidth(280)
        self.password.returnPressed.connect(self._submit)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("primaryButton")
        self.unlock_button.clicked.connect(self._submit)
        self.switch_button = QPushButton(self)
        self.switch_button.clicked.connect(self.switch_user_requested)
        self.password.textChanged.connect(lambda t: self.unlock_button.setEnabled(bool(t)))
        self.unlock_button.setEnabled(False)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        switch_row = QHBoxLayout()
        switch_row.addStretch(1)
        switch_row.addWidget(self.switch_button)
        switch_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.product)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.notice)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addLayout(switch_row)
        layout.addStretch(3)
        self.retranslate()

    def set_user(self, display_name: str, username: str) -> None:
        self._name, self._username = display_name, username
        self.retranslate()

    def reset(self) -> None:
        """Empty password, no error, no notice, cursor in the field."""
        self.set_busy(False)
        self.password.clear()
        self.error.setVisible(False)
        self._expired = False
        self.notice.setVisible(False)

    def show_expired(self) -> None:
        """Say that the database sign-in is running out (the password renews it)."""
        self._expired = True
        self.retranslate()
        self.notice.setVisible(True)

    def set_busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and bool(self.password.text()))
        self.switch_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def _submit(self) -> None:
        if self.password.text() and self.password.isEnabled():
            self.error.setVisible(False)
            self.set_busy(True)
            self.unlock_requested.emit(self.password.text())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Locked — {name} ({username})").format(name=self._name, username=self._username))
        self.detail.setText(
            self.tr("Customer data is hidden. Enter your password to continue, or switch user to sign out.")
        )
        self.notice.setText(
            self.tr("Your sign-in to the database is running out. Enter your password to renew it.")
            if self._expired
            else ""
        )
        self.password.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.switch_button.setText(self.tr("Switch user"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
