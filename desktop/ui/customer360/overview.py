"""The overview tab: asset trend, product mix, recent contact, maturing deposits and upcoming reminders."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from .. import fmt, labels
from ..widgets import Card, ElidedLabel, clear_layout

MAX_LIST = 4
MAX_MATURING = 3  # two lines each


class TrendChart(QWidget):
    """Bars of monthly average assets, with month labels and the latest figure."""

    BAR = QColor("#5b8dc9")
    LATEST = QColor("#1f5fa8")
    AXIS = QColor("#c9d1db")
    TEXT = QColor("#5b6675")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self._points: list[tuple[Any, float, int]] = []
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_points(self, points: list[tuple[Any, Any, int]]) -> None:
        """``(month, avg_aum, txn_count)`` oldest first."""
        self._points = [(m, float(a or 0), int(n or 0)) for m, a, n in points]
        self._update_tooltip()
        self.update()

    def _update_tooltip(self) -> None:
        self.setToolTip("\n".join(f"{fmt.month(m)}  {fmt.money(a)}  ({n})" for m, a, n in self._points))

    def sizeHint(self) -> QSize:
        return QSize(360, 150)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if not self._points:
            painter.setPen(self.TEXT)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.tr("No monthly figures yet"))
            return
        label_h = metrics.height() + 4
        top_h = metrics.height() + 4
        plot = rect.adjusted(0, top_h, 0, -label_h)
        top = max(a for _, a, _ in self._points) or 1.0
        n = len(self._points)
        slot = plot.width() / n
        bar_w = max(4.0, min(28.0, slot * 0.62))
        painter.setPen(QPen(self.AXIS, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        every = 1 if slot >= metrics.horizontalAdvance("12月") + 6 else 2
        for i, (month, amount, _count) in enumerate(self._points):
            h = plot.height() * (amount / top)
            x = plot.left() + slot * i + (slot - bar_w) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.LATEST if i == n - 1 else self.BAR)
            painter.drawRoundedRect(QRectF(x, plot.bottom() - h, bar_w, h), 2, 2)
            if (n - 1 - i) % every == 0:
                painter.setPen(self.TEXT)
                painter.drawText(
                    QRectF(plot.left() + slot * i, plot.bottom() + 2, slot, label_h),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    fmt.short_month(month),
                )
        painter.setPen(self.TEXT)
        latest = self._points[-1]
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), top_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.tr("Peak {peak} · latest {latest}").format(
                peak=fmt.money_short(top), latest=fmt.money_short(latest[1])
            ),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._update_tooltip()
            self.update()
        super().changeEvent(event)


def _row(
    left: str, right: str = "", *, tooltip: str = "", right_color: str | None = None, muted: bool = False
) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    text = ElidedLabel(left)
    text.setObjectName("muted" if muted else "listText")
    if tooltip:
        text.setFullText(left, tooltip)
    layout.addWidget(text, 1)
    if right:
        value = QLabel(right)
        value.setObjectName("listValue")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if right_color:
            value.setStyleSheet(f"color: {right_color};")
        layout.addWidget(value, 0)
    return holder


class OverviewTab(QWidget):
    """Six cards in a grid; fill with :meth:`set_overview`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewTab")
        self._overview: Any = None
        self.trend_card = Card(self, expand=True)
        self.chart = TrendChart(self.trend_card)
        self.trend_card.body.addWidget(self.chart, 1)
        self.mix_card = Card(self)
        self.contact_card = Card(self)
        self.maturing_card = Card(self)
        self.reminders_card = Card(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 10, 10, 10)
        grid.setSpacing(10)
        grid.addWidget(self.trend_card, 0, 0, 1, 2)
        grid.addWidget(self.mix_card, 0, 2)
        grid.addWidget(self.contact_card, 1, 0)
        grid.addWidget(self.maturing_card, 1, 1)
        grid.addWidget(self.reminders_card, 1, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.retranslate()

    @property
    def overview(self) -> Any:
        """The Overview shown."""
        return self._overview

    def set_overview(self, overview: Any) -> None:
        """Show an ``Overview``."""
        self._overview = overview
        self._render()

    def _render(self) -> None:
        ov = self._overview
        if ov is None:
            return
        self.chart.set_points(ov.monthly)

        body = self.mix_card.body
        clear_layout(body)
        if not ov.holdings_by_kind:
            body.addWidget(self._muted(self.tr("No active products")))
        for kind, count, total in ov.holdings_by_kind[: MAX_LIST + 2]:
            name = labels.label(labels.PRODUCT_KINDS, kind)
            body.addWidget(_row(f"{name} ×{count}", fmt.money(total)))

        body = self.contact_card.body
        clear_layout(body)
        last = ov.last_contact
        if last is None:
            body.addWidget(self._muted(self.tr("No contact on record")))
        else:
            when = fmt.datetime(last.occurred_at)
            body.addWidget(_row(f"{labels.channel(last.channel)} · {when}"))
            body.addWidget(_row(last.subject, tooltip=f"{last.subject}\n{last.summary or ''}".strip()))
        if ov.contacts_12m_by_channel:
            caption = self._muted(self.tr("Last 12 months"))
            body.addWidget(caption)
            ranked = sorted(ov.contacts_12m_by_channel.items(), key=lambda kv: -kv[1])
            text = "  ".join(f"{labels.channel(c)} {n}" for c, n in ranked)
            body.addWidget(_row(text, tooltip="\n".join(f"{labels.channel(c)}: {n}" for c, n in ranked)))

        body = self.maturing_card.body
        clear_layout(body)
        if not ov.maturing:
            body.addWidget(self._muted(self.tr("Nothing maturing in the next 90 days")))
        for h in ov.maturing[:MAX_MATURING]:
            soon = h.days_to_maturity is not None and h.days_to_maturity <= 30
            body.addWidget(
                _row(
                    fmt.date(h.maturity_date),
                    fmt.money(h.balance, h.currency),
                    tooltip=f"{h.product_name} {h.masked_account}",
                    right_color="#b9770e" if soon else None,
                )
            )
            detail = h.product_name
            if h.days_to_maturity is not None:
                detail = self.tr("{product} · matures in {days} d").format(
                    product=h.product_name, days=h.days_to_maturity
                )
            body.addWidget(_row(detail, tooltip=f"{h.product_name} {h.masked_account}", muted=True))
        if len(ov.maturing) > MAX_MATURING:
            body.addWidget(self._muted(self.tr("and {n} more").format(n=len(ov.maturing) - MAX_MATURING)))

        body = self.reminders_card.body
        clear_layout(body)
        if not ov.upcoming_reminders:
            body.addWidget(self._muted(self.tr("No open reminders")))
        for r in ov.upcoming_reminders[:MAX_LIST]:
            color = "#c0392b" if r.overdue else None
            body.addWidget(
                _row(r.title, fmt.date(r.due_at), tooltip=f"{r.title}\n{r.body or ''}".strip(), right_color=color)
            )

    @staticmethod
    def _muted(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("muted")
        label.setWordWrap(True)
        return label

    def retranslate(self) -> None:
        """Card titles and contents."""
        self.trend_card.title.setText(self.tr("Average assets, last 12 months"))
        self.mix_card.title.setText(self.tr("Products held"))
        self.contact_card.title.setText(self.tr("Last contact"))
        self.maturing_card.title.setText(self.tr("Maturing deposits"))
        self.reminders_card.title.setText(self.tr("Upcoming reminders"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
