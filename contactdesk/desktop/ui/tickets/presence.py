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

    def _render(self) -> None:
        editors = [p for p in self.people if p.editing]
        editing_ids = {p.user_id for p in editors}
        viewers = [p for p in self.people if not p.editing and p.user_id not in editing_ids]
        parts = []
        if editors:
            one = len(editing_ids) == 1
            text = self.tr("%1 is editing this ticket") if one else self.tr("%1 are editing this ticket")
            parts.append(text.replace("%1", self._names(editors)))
        if viewers:
            one = len({p.user_id for p in viewers}) == 1
            text = self.tr("%1 is viewing this ticket") if one else self.tr("%1 are viewing this ticket")
            parts.append(text.replace("%1", self._names(viewers)))
        if editors:
            parts.append(self.tr("a note or decision of yours may cross theirs"))
        self.label.setText(self.tr("; ").join(parts))
        self.label.setToolTip("\n".join(f"{p.display_name} · {p.workstation}" for p in self.people))
        self.setProperty("editing", bool(editors))
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(parts))
