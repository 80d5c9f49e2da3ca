"""A supervisor's message on the desk it was sent to: a banner across the top of the main window.

Any signed-in role may get one.  The banner is not modal (the agent may be on a call); it stays until it is
dismissed ("Got it", which marks it read), and then shows the next unread message, if any.  Messages arrive
as a change on the person's topic (:func:`services.wallboard.notices.topic`) through the task manager's
``changed`` signal, which the desktop's live sync feeds; unread messages from before sign-in show at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.tasks import TaskManager
from services.permissions import Principal
from services.wallboard import notices
from services.wallboard.notices import Notice

from .. import fmt

BANNER_STYLE = (
    "QFrame#deskNoticeBanner { background: #1e3a8a; border-radius: 4px; }"
    "QFrame#deskNoticeBanner QLabel { color: #ffffff; }"
)
WIDTH_SHARE = 0.6  # of the window's width; the text wraps inside it


class DeskNotices(QObject):
    """The banner of one signed-in person's messages (see the module docstring).

    Args:
        window: the main window (the banner floats over its top edge, under the menu bar).
        tasks: the desktop's task manager.
        engine: the database.
        principal: the signed-in person.
    """

    def __init__(self, window: QWidget, tasks: TaskManager, engine: Any, principal: Principal) -> None:
        super().__init__(window)
        self.window, self.tasks, self.engine = window, tasks, engine
        self.user_id = principal.user_id
        self.topic = notices.topic(principal.user_id)
        self.pending: list[Notice] = []
        self.current: Notice | None = None
        self.banner = QFrame(window)
        self.banner.setObjectName("deskNoticeBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.title = QLabel(self.banner)
        self.title.setStyleSheet("font-weight: 700;")
        self.text = QLabel(self.banner)
        self.text.setObjectName("deskNoticeText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QPushButton(self.banner)
        self.dismiss.setObjectName("deskNoticeDismiss")
        self.dismiss.clicked.connect(self.dismiss_current)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.title)
        row.addWidget(self.text, 1)
        row.addWidget(self.dismiss)
        self.banner.hide()
        window.installEventFilter(self)
        tasks.changed.connect(self._changed)
        self.retranslate()
        self.check()

    def retranslate(self) -> None:
        self.dismiss.setText(self.tr("Got it"))
        self.dismiss.setToolTip(self.tr("Mark the message read and close it"))
        self._show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Resize and self.banner.isVisible():
                self._place()
            elif event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
        return False

    def _changed(self, topics: frozenset[str]) -> None:
        if self.topic in topics:
            self.check()

    def check(self) -> None:
        """Read the unread messages (on the database worker) and show the oldest."""
        engine, me = self.engine, self.user_id
        self.tasks.run_db(
            lambda: notices.unread(engine, me),
            on_success=self._loaded,
            on_failure=lambda _exc: None,  # the next change (or the next sign-in) reads them again
            key=f"desk-notices.{id(self)}",
            owner=self,
            busy=False,
            label="desk notices",
        )

    def _loaded(self, unread: list[Notice]) -> None:
        self.pending = list(unread)
        if self.current is None or all(n.id != self.current.id for n in unread):
            self.current = self.pending[0] if self.pending else None
        self._show()

    def _show(self) -> None:
        notice = self.current
        if notice is None:
            self.banner.hide()
            return
        time = fmt.local(notice.created_at).strftime("%H:%M")
        self.title.setText(self.tr("Message from {sender} ({time}):").format(sender=notice.sender, time=time))
        self.text.setText(notice.text)
        self.banner.show()
        self.banner.raise_()
        self._place()

    def _place(self) -> None:
        window = self.window
        top = 0
        menu_bar = getattr(window, "menuBar", None)
        if callable(menu_bar) and menu_bar().isVisible():
            top = menu_bar().geometry().bottom() + 1
        width = max(360, int(window.width() * WIDTH_SHARE))
        width = min(width, window.width() - 16)
        self.banner.setFixedWidth(width)
        self.banner.adjustSize()
        self.banner.move((window.width() - width) // 2, top + 4)

    def dismiss_current(self) -> None:
        """Mark the shown message read and move on to the next."""
        notice = self.current
        if notice is None:
            return
        self.pending = [n for n in self.pending if n.id != notice.id]
        self.current = self.pending[0] if self.pending else None
        self._show()
        engine, me = self.engine, self.user_id
        self.tasks.run_db(
            lambda: notices.mark_read(engine, me, notice.id),
            on_success=lambda _changed: None,
            on_failure=lambda _exc: None,  # still unread: it shows again at the next check
            owner=self,
            busy=False,
            changes=[self.topic],
            label="notice read",
        )


def attach_desk_notices(window: Any, engine: Any, principal: Principal) -> DeskNotices:
    """The message banner of ``window`` (its ``tasks``), for any signed-in role; kept as ``window.desk_notices``."""
    window.desk_notices = DeskNotices(window, window.tasks, engine, principal)
    return window.desk_notices
