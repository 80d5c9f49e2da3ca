"""The customer manager's side of "notify manager": a status-bar notice that their customer is in the lobby.

The lobby manager's :meth:`FloorService.notify_manager` writes a ``lobby_notify`` change addressed to the
manager's user id.  With the change bridge's ``changes`` signal the notice names the customer, the number and
who asked; with only ``TaskManager.changed`` (the topic, no payload) it says so in general terms.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar

from desktop.tasks import TaskManager
from services.lobby.types import FEED_NOTIFY
from services.permissions import Principal

NOTICE_MS = 30_000  # long enough to be seen by someone with a customer


class ManagerNotices(QObject):
    """Shows on ``status_bar`` when the lobby manager says one of the signed-in manager's customers is here.

    Args:
        tasks: the desktop's task manager (its ``changed`` topics).
        principal: the signed-in user (the notices addressed to them).
        status_bar: where the notice goes.
        changes: optional ``ChangeBridge.changes`` signal (lists of changes with their payload): the notice then
            names the customer; without it only the topic is known.

    Signals:
        notified(object): the payload (a dict; empty when only the topic was known) of the notice just shown.
    """

    notified = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        principal: Principal,
        status_bar: QStatusBar,
        *,
        changes: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._status = status_bar
        self._user = principal.user_id
        self.topic = f"{FEED_NOTIFY}:{principal.user_id}"
        self.text = ""
        if changes is not None:
            changes.connect(self._changes)
        else:
            tasks.changed.connect(self._topics)

    def _topics(self, topics: frozenset[str]) -> None:
        if self.topic in topics:
            self.show_notice({})

    def _changes(self, changes: list[Any]) -> None:
        for change in changes:
            if change.entity == FEED_NOTIFY and str(change.entity_id) == str(self._user):
                self.show_notice(dict(change.payload or {}))

    def show_notice(self, payload: dict[str, Any]) -> None:
        """Say it on the status bar."""
        name, number = payload.get("customer_name"), payload.get("number")
        who = payload.get("lobby_manager")
        if name and number:
            text = self.tr("Your customer {name} (number {number}) is in the lobby.").format(name=name, number=number)
        else:
            text = self.tr("One of your customers is in the lobby.")
        if who:
            text += " " + self.tr("{who} asks you to come and greet them.").format(who=who)
        self.text = text
        self._status.showMessage(text, NOTICE_MS)
        self.notified.emit(payload)
