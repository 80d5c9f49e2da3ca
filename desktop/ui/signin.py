"""The sign-in dialog: username and password, the interface language, and why sign-in failed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .i18n import LANGUAGE_NAMES, LANGUAGES

USERNAME_MAX = 64
PASSWORD_MAX = 1024  # the service refuses longer input; the field stops there too


class SignInDialog(QDialog):
    """Asks who is at this desk.  Emits :attr:`submitted` (username, password); the caller signs in
    off the GUI thread and answers with :meth:`show_error` or closes the dialog.

    Signals:
        submitted(str, str): the person pressed Sign in.
        language_chosen(str): ``zh_CN`` or ``en`` picked in the dialog.
        quit_requested(): the person closed the dialog or pressed Quit.
    """

    submitted = Signal(str, str)
    language_chosen = Signal(str)
    quit_requested = Signal()

    def __init__(self, language: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._ready = False
        self._busy = False
        self._status_key = "connecting"
        self._status_arg = ""
        self._notice = ""

        self.heading = QLabel("ContactDesk", self)
        self.heading.setObjectName("signInHeading")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("muted")
        self.username = QLineEdit(self)
        self.username.setObjectName("signInUsername")
        self.username.setMaxLength(USERNAME_MAX)
        self.username.setClearButtonEnabled(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(PASSWORD_MAX)
        self.caps = QLabel(self)
        self.caps.setObjectName("warningText")
        self.caps.setVisible(False)
        self.language = QComboBox(self)
        self.language.setObjectName("signInLanguage")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        self.notice = QLabel(self)
        self.notice.setObjectName("noticeText")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setObjectName("primaryButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._submit)
        self.quit_button = QPushButton(self)
        self.quit_button.clicked.connect(self.reject)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(8)
        self.username_label = QLabel(self)
        self.password_label = QLabel(self)
        self.language_label = QLabel(self)
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.password_label, self.password)
        self.form.addRow("", self.caps)
        self.form.addRow(self.language_label, self.language)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.notice)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.username.textChanged.connect(self._update_button)
        self.password.textChanged.connect(self._update_button)
        self.username.textEdited.connect(lambda _t: self.error.setVisible(False))
        self.password.textEdited.connect(lambda _t: self.error.setVisible(False))
        self.password.installEventFilter(self)
        self.retranslate()

    # -- what the caller drives ------------------------------------------------------------------

    def set_ready(self, database: str) -> None:
        """The database is open: sign-in may be pressed."""
        self._ready = True
        self._status_key, self._status_arg = "database", database
        self._update_status()
        self._update_button()

    def set_busy(self, busy: bool) -> None:
        """While the password is checked: fields and button disabled."""
        self._busy = busy
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self._status_key = "checking" if busy else ("database" if self._ready else "connecting")
        self._update_status()
        self._update_button()

    def show_error(self, text: str) -> None:
        """Sign-in refused: say why, clear the password, put the cursor back in it."""
        self.set_busy(False)
        self.error.setText(text)
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()

    def set_notice(self, text: str) -> None:
        """A message above the form (e.g. why the previous session ended); empty hides it."""
        self._notice = text
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def prepare(self, username: str = "") -> None:
        """Ready for the next person: username prefilled (or empty), password and error cleared."""
        self.set_busy(False)
        self.username.setText(username)
        self.password.clear()
        self.error.setVisible(False)
        (self.password if username else self.username).setFocus()

    def error_text(self) -> str:
        """The refusal shown, or "" (tests)."""
        return self.error.text() if self.error.isVisible() else ""

    # -- internals --------------------------------------------------------------------------------

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(
            self._ready and not self._busy and bool(self.username.text().strip()) and bool(self.password.text())
        )

    def _submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        self.error.setVisible(False)
        self.set_busy(True)
        self.submitted.emit(self.username.text().strip(), self.password.text())

    def _update_status(self) -> None:
        if self._status_key == "checking":
            text = self.tr("Checking…")
        elif self._status_key == "database":
            text = self.tr("Database: {db}").format(db=self._status_arg)
        else:
            text = self.tr("Connecting to the database…")
        self.status.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.password and event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key_event = event if isinstance(event, QKeyEvent) else None
            if key_event is not None and key_event.text():
                text = key_event.text()
                shifted = bool(key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                # A capital letter typed without Shift (or a small one with it) means Caps Lock is on.
                self.caps.setVisible(text.isalpha() and text.isupper() != shifted)
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in — ContactDesk"))
        self.subtitle.setText(self.tr("Customer service desktop for retail banking"))
        self.username.setPlaceholderText(self.tr("Username"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.username_label.setText(self.tr("Username"))
        self.password_label.setText(self.tr("Password"))
        self.language_label.setText(self.tr("Language"))
        self.caps.setText(self.tr("Caps Lock is on."))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.quit_button.setText(self.tr("Quit"))
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        self.quit_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.quit_requested.emit()
