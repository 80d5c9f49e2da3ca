"""Two thin banners: "张伟 is editing" above a record, and "Offline" above the workspace."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.sync.connectivity import Connectivity
from services.sync.presence import Present

from .. import fmt

_PRESENCE_STYLE = (
    "QFrame#presenceBanner { background: #e8f0fb; border: 1px solid #b7cdea; border-radius: 4px; }"
    ' QFrame#presenceBanner[editing="true"] { background: #fff6e0; border-color: #e9c46a; }'
    " QLabel { color: #1f2933; padding: 4px 8px; }"
)
_OFFLINE_STYLE = (
    "QFrame#offlineBanner { background: #fdecea; border: 1px solid #e6a39d; border-radius: 4px; }"
    " QLabel { color: #7a1c14; padding: 4px 8px; }"
)


class PresenceBanner(QFrame):
    """Who else has the record open; hidden when nobody does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceBanner")
        self.setStyleSheet(_PRESENCE_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        self.people: list[Present] = []
        self.setVisible(False)

    def set_people(self, people: list[Present]) -> None:
        """The other desktops at this record (from ``PresenceService.others``)."""
        self.people = list(people)
        self._render()

    @property
    def text(self) -> str:
        return self.label.text()

    def _names(self, people: list[Present]) -> str:
        names = list(dict.fromkeys(p.display_name for p in people))
        return ("、" if fmt.is_chinese() else ", ").join(names)

    def wording(self, editing: bool, one: bool) -> str:
        """The sentence for the people editing (or viewing); ``%1`` stands for their names."""
        if editing:
            return self.tr("%1 is editing this record") if one else self.tr("%1 are editing this record")
        return self.tr("%1 is viewing") if one else self.tr("%1 are viewing")

    def warning(self) -> str:
        """Said after the names while someone else is editing."""
        return self.tr("your changes may conflict")

    def _render(self) -> None:
        editors = [p for p in self.people if p.editing]
        viewers = [p for p in self.people if not p.editing and p.user_id not in {e.user_id for e in editors}]
        parts = []
        for group, editing in ((editors, True), (viewers, False)):
            if group:
                one = len({p.user_id for p in group}) == 1
                parts.append(self.wording(editing, one).replace("%1", self._names(group)))
        if editors:
            parts.append(self.warning())
        self.label.setText(QCoreApplication.translate("PresenceBanner", "; ").join(parts))
        self.label.setToolTip("\n".join(f"{p.display_name} · {p.workstation}" for p in self.people))
        self.setProperty("editing", bool(editors))
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(parts))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


class OfflineBanner(QFrame):
    """Shown while the database or the gateway stream is away; says that nothing typed is lost."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setStyleSheet(_OFFLINE_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.retry = QPushButton()
        self.retry.clicked.connect(self.retry_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry)
        self.state: Connectivity | None = None
        self.pending = 0
        self.stale_since: dt.datetime | None = None  # when the data shown was last known to be current
        self.retranslate()
        self.setVisible(False)

    @property
    def stale(self) -> bool:
        """True while the data shown may be out of date."""
        return self.stale_since is not None

    def set_connectivity(self, state: Connectivity) -> None:
        if state.online:
            self.stale_since = None
        elif self.stale_since is None:
            self.stale_since = dt.datetime.now(dt.UTC)
        self.state = state
        self._render()

    def set_pending(self, count: int) -> None:
        """How many unsaved edits and drafts the local journal holds."""
        self.pending = count
        self._render()

    @property
    def text(self) -> str:
        return self.label.text()

    def _render(self) -> None:
        state = self.state
        offline = state is not None and not state.online
        if not offline:
            self.setVisible(False)
            return
        assert state is not None
        if not state.database:
            parts = [self.tr("Offline: the database cannot be reached.")]
        else:
            parts = [self.tr("Live updates paused: the gateway cannot be reached.")]
        if self.stale_since is not None:
            parts.append(
                self.tr("Data shown as of %1 may be out of date.").replace("%1", fmt.datetime(self.stale_since))
            )
        parts.append(self.tr("Everything you type is kept on this computer and saved when the connection returns."))
        if self.pending:
            parts.append(self.tr("Unsaved changes kept: %1").replace("%1", str(self.pending)))
        self.label.setText(" ".join(parts))
        self.setVisible(True)

    def retranslate(self) -> None:
        self.retry.setText(self.tr("Retry now"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
