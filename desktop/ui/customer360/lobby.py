"""The lobby's part of the 360° view: the customer's service memo (notes and to-dos) under the overview, and
"Refer to manager" / "Book appointment" on the header card for the roles that may."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from services.permissions import allowed

from ..lobby.appointment_dialog import AppointmentDialog
from ..lobby.memo_panel import MemoPanel
from ..lobby.referral_dialog import ReferralDialog


class CustomerLobby(QObject):
    """Attached to a :class:`~.view.Customer360View` (``view``) by its ``attach_lobby``.

    The header's ``referral_requested`` / ``appointment_requested`` open the dialogs here when ``dialogs`` is
    true; otherwise whoever attached connects them (e.g. to open the dialogs elsewhere).
    """

    def __init__(
        self,
        view: Any,
        desk: Any,
        principal: Any,
        *,
        referral_source: str = "counter",
        dialogs: bool = True,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._desk = desk
        self._principal = principal
        self.referral_source = referral_source
        self.memo_panel: MemoPanel | None = None
        self.dialog: Any = None  # the referral or appointment dialog open now
        if allowed(principal.role, "reminder.manage"):
            self.memo_panel = self._add_memo()
        card = view.header_card
        # People who take calls refer from the call's wrap-up and from flows (the header stays short for them).
        card.set_referral_visible(
            allowed(principal.role, "referral.create") and not allowed(principal.role, "call.handle")
        )
        card.set_appointment_visible(allowed(principal.role, "appointment.book"))
        if dialogs:
            card.referral_requested.connect(self.refer)
            card.appointment_requested.connect(self.book)

    def _add_memo(self) -> MemoPanel:
        view = self._view
        panel = MemoPanel(view._tasks, self._desk, self._principal)
        panel.setObjectName("customerMemo")
        holder = QWidget()
        holder.setObjectName("overviewHolder")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(view.overview_area.takeWidget())
        frame = QFrame()
        frame.setObjectName("card")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(panel)
        column.addWidget(frame)
        column.addStretch(1)
        view.overview_area.setWidget(holder)
        view.customer_shown.connect(panel.set_customer)
        if view.customer_id is not None:
            panel.set_customer(view.customer_id)
        return panel

    def _shown(self) -> tuple[int | None, Any]:
        view = self._view
        header = view.header_card.header
        cid = view.customer_id
        return cid, header if header is not None and header.id == cid else None

    def refer(self) -> None:
        """The referral dialog for the customer shown."""
        cid, header = self._shown()
        if cid is None:
            return
        name = header.name if header is not None else ""
        self._open(
            ReferralDialog(
                self._view._tasks,
                self._desk,
                self._principal,
                cid,
                source=self.referral_source,
                customer_name=name,
                parent=self._view,
            )
        )

    def book(self) -> None:
        """The appointment dialog for the customer shown (at the principal's branch by default)."""
        cid, header = self._shown()
        if cid is None:
            return
        self._open(
            AppointmentDialog(
                self._view._tasks,
                self._desk,
                self._principal,
                cid,
                branch_id=getattr(header, "branch_id", None),
                customer_name=header.name if header is not None else "",
                parent=self._view,
            )
        )

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
