"""Who else has the ticket open: "张伟 正在编辑此工单；李娜 正在查看此工单", above the ticket panel."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..sync import PresenceBanner


class TicketPresenceBanner(PresenceBanner):
    """The presence banner worded for a ticket; filled by a ``PresenceTracker`` like the 360° view's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceBanner")  # the banner's style applies
        self.setAccessibleName(self.tr("Others on this ticket"))

    def wording(self, editing: bool, one: bool) -> str:
        if editing:
            return self.tr("%1 is editing this ticket") if one else self.tr("%1 are editing this ticket")
        return self.tr("%1 is viewing this ticket") if one else self.tr("%1 are viewing this ticket")

    def warning(self) -> str:
        return self.tr("a note or decision of yours may cross theirs")
