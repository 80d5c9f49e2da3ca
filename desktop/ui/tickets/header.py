"""The ticket panel's header: number, status and people, and the regulator's clock in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from services.tickets import numbers

from .. import fmt
from ..accessibility import tip_when_cut
from ..widgets import Badge, ElidedLabel
from . import codes
from .deadline import badge


class TicketHeader(QFrame):
    """Shows a :class:`~services.tickets.desk.TicketView`.

    The clock block says which period runs (15 days, 30 for a complex case, 30 + 30 after an approved
    extension), the deadline, the time and working days left, the extension state, and after a decision
    the last day on which the customer may ask for a review.
    """

    def __init__(self, taxonomy: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketHeader")
        self._taxonomy = taxonomy
        self._view: Any = None
        self.number = QLabel(self)
        self.number.setObjectName("ticketNumber")
        self.status = Badge(parent=self)
        self.severity = Badge(parent=self)
        self.summary = ElidedLabel(parent=self)
        self.summary.setObjectName("ticketSummary")
        self.people = ElidedLabel(parent=self)
        self.people.setObjectName("ticketPeople")
        self.deadline = QLabel(self)
        self.deadline.setObjectName("ticketDeadline")
        self.remaining = Badge(parent=self)
        self.working_days = QLabel(self)
        self.working_days.setObjectName("workingDays")
        self.period = QLabel(self)
        self.period.setObjectName("ticketPeriod")
        self.period.setWordWrap(True)
        self.extension = QLabel(self)
        self.extension.setObjectName("extensionState")
        self.review = QLabel(self)
        self.review.setObjectName("reviewWindow")
        self.review.setWordWrap(True)
        # The clock's lines, squeezed in a narrow pane on a low screen, say themselves in full in a tooltip.
        tip_when_cut(self.deadline, self.working_days, self.period, self.extension, self.review)
        # The time left counts down by the minute: a text a little wider than the one the clock was fitted to
        # says itself in full in a tooltip until the next fit.
        tip_when_cut(self.remaining)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.number)
        top.addWidget(self.status)
        top.addWidget(self.severity)
        top.addStretch(1)
        clock = QGridLayout()
        clock.setHorizontalSpacing(10)
        clock.setVerticalSpacing(2)
        clock.addWidget(self.deadline, 0, 0)
        clock.addWidget(self.remaining, 0, 1)
        clock.addWidget(self.working_days, 0, 2)  # on a line of its own when the card is narrow (_fit_clock)
        clock.setColumnStretch(3, 1)
        clock.addWidget(self.period, 2, 0, 1, 4)
        clock.addWidget(self.extension, 3, 0, 1, 4)
        clock.addWidget(self.review, 4, 0, 1, 4)
        self._clock_grid = clock
        self._clock_mode = "line"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.people)
        layout.addLayout(clock)

    @property
    def view(self) -> Any:
        return self._view

    def _fit_clock(self, *, texts_changed: bool = False) -> None:
        """Deadline, time left and working days on one line when they fit; else the working days go under the
        deadline; and when even the deadline and the time left do not fit side by side (a long date in the docked
        pane), the time left goes under the deadline too, beside the working days."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        room = self.width() - (margins.left() + margins.right() if margins is not None else 0)
        spacing = self._clock_grid.horizontalSpacing()
        deadline, remaining, days = (w.sizeHint().width() for w in (self.deadline, self.remaining, self.working_days))
        # The grid has a fourth, stretching column (the spanning rows below reach into it): one more spacing.
        if deadline + remaining + days + 3 * spacing <= room:
            mode = "line"
        elif deadline + remaining + 2 * spacing <= room:
            mode = "days_below"
        else:
            mode = "stacked"
        if mode == self._clock_mode:
            if texts_changed and layout is not None:
                layout.activate()  # the new texts' widths, now rather than at the next layout request
            return
        grid = self._clock_grid
        for widget in (self.deadline, self.remaining, self.working_days):
            grid.removeWidget(widget)
        if mode == "line":
            grid.addWidget(self.deadline, 0, 0)
            grid.addWidget(self.remaining, 0, 1)
            grid.addWidget(self.working_days, 0, 2)
        elif mode == "days_below":
            grid.addWidget(self.deadline, 0, 0)
            grid.addWidget(self.remaining, 0, 1)
            grid.addWidget(self.working_days, 1, 0, 1, 4)
        else:
            grid.addWidget(self.deadline, 0, 0, 1, 4)
            grid.addWidget(self.remaining, 1, 0)
            grid.addWidget(self.working_days, 1, 1, 1, 3)
        self._clock_mode = mode
        if layout is not None:
            layout.activate()  # in place within this resize, so no frame shows the line cut

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_clock()

    def set_view(self, view: Any) -> None:
        """Show a ticket."""
        self._view = view
        self.retranslate()

    def remaining_text(self) -> str:
        return self.remaining.text()

    def retranslate(self) -> None:
        v = self._view
        if v is None:
            return
        row = v.detail.row
        self.number.setText(row.number)
        spoken = numbers.read_aloud(row.number, codes.language())
        self.number.setToolTip(self.tr("Read out: {spoken}").format(spoken=spoken))
        self.status.setText(codes.status(row.status))
        self.status.setColor(codes.STATUS_COLORS.get(row.status, "#5b6675"))
        self.severity.setText(codes.label(codes.SEVERITIES, row.severity))
        self.severity.setColor({"critical": "#c0392b", "major": "#d35400"}.get(row.severity, "#7b8794"))
        self.severity.setVisible(row.severity != "normal")
        self.summary.setFullText(f"{codes.category(self._taxonomy, row.category)} · {row.summary}")
        customer = v.customer_name or self.tr("No customer")
        if v.customer_cif:
            customer = f"{customer} ({v.customer_cif})"
        handler = row.assignee_name or self.tr("unassigned")
        team = f" · {v.team_name}" if v.team_name else ""
        text = self.tr("Customer: {customer} · Handler: {handler}").format(customer=customer, handler=handler)
        self.people.setFullText(text + team)
        self._clock(v)

    def _clock(self, v: Any) -> None:
        d, row = v.detail, v.detail.row
        if v.due_at is None:
            self.deadline.setText(self.tr("No regulatory deadline"))
            self.remaining.hide()
            self.working_days.hide()
            self.period.hide()
            self.extension.hide()
        else:
            open_clock = row.remaining_s is not None
            b = badge(v.due_at, v.as_of, open_clock=open_clock, warn_level=row.warn_level)
            self.deadline.setText(self.tr("Deadline {due}").format(due=fmt.datetime(v.due_at)))
            self.remaining.setText(b.text)
            self.remaining.setColor(b.color)
            self.remaining.setToolTip(b.tooltip)
            self.remaining.setProperty("level", b.level)
            self.remaining.show()
            if v.working_days_left is not None:
                self.working_days.setText(self.tr("{count} working days left").format(count=v.working_days_left))
                self.working_days.setToolTip(self.tr("Working days from today to the deadline, both counted"))
            self.working_days.setVisible(v.working_days_left is not None)
            self.period.setText(self._period_text(v))
            self.period.show()
            self.extension.setText(self._extension_text(v))
            self.extension.setVisible(bool(self.extension.text()))
        if v.review_by is not None:
            self.review.setText(
                self.tr("Decided {day}. The customer may ask for a review until {until} ({days} days).").format(
                    day=fmt.date(d.decided_at), until=fmt.date(v.review_by), days=v.review_window_days
                )
            )
        elif row.status == "merged":
            self.review.setText(self.tr("Merged into another complaint; its deadline governs."))
        else:
            self.review.setText("")
        self.review.setVisible(bool(self.review.text()))
        self._fit_clock(texts_changed=True)

    def _period_text(self, v: Any) -> str:
        unit = self.tr("working days") if v.working_day_basis else self.tr("calendar days")
        if v.basis == "extended":
            text = self.tr("Extended period: {days} {unit} from receipt (complex case, extension approved)")
        elif v.basis == "complex":
            text = self.tr("Complex case: {days} {unit} from receipt")
        else:
            text = self.tr("Standard period: {days} {unit} from receipt")
        return text.format(days=v.period_days, unit=unit)

    def _extension_text(self, v: Any) -> str:
        state = v.detail.extension_state
        if state is None:
            return ""
        return codes.label(codes.EXTENSION_STATES, state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
