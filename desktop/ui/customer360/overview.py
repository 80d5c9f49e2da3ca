"""The overview tab: asset trend, product mix, recent contact, maturing deposits and upcoming reminders.

The three columns of cards take widths after their contents (:meth:`OverviewTab.fit_columns`): when the
room is short (1366 px beside the call panel, or English), the products keep their one-line rows and the
texts of the other cards wrap, so nothing is cut that the agent cannot read without a mouse; a product
row that still does not fit elides with its whole text in the tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from .. import fmt, labels
from ..accessibility import tip_when_cut
from ..widgets import Card, ElidedLabel, clear_layout

MAX_LIST = 4
MAX_MATURING = 3  # two lines each
NBSP = "\u00a0"


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


class _Row(QWidget):
    """One line of a card: a text on the left, an optional value (amount, date) kept whole on the right.

    ``wrap``: the text goes on to further lines when the card is narrow; otherwise it elides (the whole
    text and ``tooltip`` in its tooltip).  ``optional``: a line the card's width is not made for.
    """

    def __init__(
        self,
        left: str,
        right: str = "",
        *,
        tooltip: str = "",
        right_color: str | None = None,
        muted: bool = False,
        wrap: bool = False,
        optional: bool = False,
    ) -> None:
        super().__init__()
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.text: QLabel
        if wrap:
            self.text = QLabel(left)
            self.text.setWordWrap(True)
            self.text.setToolTip(tooltip)
            tip_when_cut(self.text)  # lines the card has no height for are in the tooltip
        else:
            elided = ElidedLabel(left)
            elided.setFullText(left, tooltip)
            self.text = elided
        self.text.setObjectName("muted" if muted else "listText")
        layout.addWidget(self.text, 1)
        self.value: QLabel | None = None
        if right:
            self.value = QLabel(right)
            self.value.setObjectName("listValue")
            self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if right_color:
                self.value.setStyleSheet(f"color: {right_color};")
            layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignTop)

    def full_text(self) -> str:
        """The whole text on the left."""
        return self.text.fullText() if isinstance(self.text, ElidedLabel) else self.text.text()

    def natural_width(self) -> int:
        """Width of the row on one line, nothing cut."""
        width = QFontMetrics(self.text.font()).horizontalAdvance(self.full_text()) + 4
        if self.value is not None:
            width += 8 + self.value.sizeHint().width()
        return width


class OverviewTab(QWidget):
    """Six cards in a grid; fill with :meth:`set_overview`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewTab")
        self._overview: Any = None
        self._rows: list[_Row] = []
        self.trend_card = Card(self, expand=True)
        self.chart = TrendChart(self.trend_card)
        self.trend_card.body.addWidget(self.chart, 1)
        self.mix_card = Card(self)
        self.contact_card = Card(self)
        self.maturing_card = Card(self)
        self.reminders_card = Card(self)
        # The columns' widths come from fit_columns (stretch factors), not from the cards' size hints.
        for card in (self.trend_card, self.mix_card, self.contact_card, self.maturing_card, self.reminders_card):
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            card.installEventFilter(self)  # a card's new width may need another height (see fit_rows)
        self._grid = grid = QGridLayout(self)
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

    def rows(self, card: Card) -> list[_Row]:
        """The rows shown in ``card``."""
        return [w for w in self._rows if w.parentWidget() is card]

    def _add(self, card: Card, row: _Row) -> None:
        card.body.addWidget(row)
        self._rows.append(row)

    def fit_columns(self) -> None:
        """Share the width among the three columns after what their cards hold.

        With room to spare every column gets its contents' width and the rest is shared out evenly.
        Otherwise the products column gets its width first (its rows stay on one line, up to 45 % of the
        room), then the contact and maturing columns get their titles' width and share the rest in
        proportion to what their texts (which wrap) still need.
        """
        margins = self._grid.contentsMargins()
        room = self.width() - margins.left() - margins.right() - 2 * self._grid.horizontalSpacing()
        if room <= 0:
            return
        cards = (self.contact_card, self.maturing_card)
        natural = [self._natural(card) for card in cards]
        products = max(self._natural(self.mix_card), self._natural(self.reminders_card))
        spare = room - sum(natural) - products
        if spare >= 0:
            widths = [natural[0] + spare // 3, natural[1] + spare // 3, products + spare - 2 * (spare // 3)]
        else:
            products = min(products, room * 45 // 100)
            titles = (self._natural(self.mix_card, rows=False), self._natural(self.reminders_card, rows=False))
            products = max(products, *titles)
            rest = max(0, room - products)
            floors = [min(n, self._natural(card, rows=False)) for n, card in zip(natural, cards, strict=True)]
            if rest <= sum(floors):
                total = sum(floors) or 1
                widths = [rest * floors[0] // total, rest - rest * floors[0] // total]
            else:
                wants = [n - f for n, f in zip(natural, floors, strict=True)]
                extra = rest - sum(floors)
                share = extra * wants[0] // (sum(wants) or 1)
                widths = [floors[0] + share, rest - floors[0] - share]
            widths.append(products)
        for col, width in enumerate(widths):
            self._grid.setColumnStretch(col, max(1, width))

    def _natural(self, card: Card, *, rows: bool = True) -> int:
        """Width ``card`` needs for its title and (``rows``) every row on one line."""
        widths = [card.title.sizeHint().width()]
        if rows:
            widths += [r.natural_width() for r in self.rows(card) if not r.optional]
        layout = card.layout()
        margins = layout.contentsMargins().left() + layout.contentsMargins().right() if layout is not None else 0
        return max(widths) + 2 * card.frameWidth() + margins

    def fit_rows(self) -> None:
        """Keep each grid row at least as tall as its cards need at their present widths.

        Wrapped lines need more height as their card narrows, which a grid does not work out by itself: without
        this the card's lines were painted over one another.  A taller tab makes the 360° page scroll instead.
        """
        rows = (
            (0, (self.trend_card, self.mix_card)),
            (1, (self.contact_card, self.maturing_card, self.reminders_card)),
        )
        for row, cards in rows:
            need = 0
            for card in cards:
                layout = card.layout()
                if layout is None or card.width() <= 0:
                    continue
                if layout.hasHeightForWidth():
                    need = max(need, layout.totalHeightForWidth(card.width()))
                else:
                    need = max(need, layout.totalMinimumSize().height())
            if need and need != self._grid.rowMinimumHeight(row):
                self._grid.setRowMinimumHeight(row, need)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, Card):
            QTimer.singleShot(0, self, self.fit_rows)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        QTimer.singleShot(0, self, self.fit_rows)  # once the columns' new widths are laid out

    def _render(self) -> None:
        ov = self._overview
        if ov is None:
            return
        self.chart.set_points(ov.monthly)
        self._rows = []

        card = self.mix_card
        clear_layout(card.body)
        if not ov.holdings_by_kind:
            card.body.addWidget(self._muted(self.tr("No active products")))
        for kind, count, total in ov.holdings_by_kind[: MAX_LIST + 2]:
            name = labels.label(labels.PRODUCT_KINDS, kind)
            self._add(card, _Row(f"{name} ×{count}", fmt.money(total)))

        card = self.contact_card
        clear_layout(card.body)
        last = ov.last_contact
        if last is None:
            card.body.addWidget(self._muted(self.tr("No contact on record")))
        else:
            when = fmt.datetime(last.occurred_at).replace(" ", NBSP)  # wraps before the time, not inside it
            self._add(card, _Row(f"{labels.channel(last.channel)} · {when}", wrap=True))
            tooltip = f"{last.subject}\n{last.summary or ''}".strip()
            self._add(card, _Row(last.subject, tooltip=tooltip, wrap=True))
        if ov.contacts_12m_by_channel:  # the least needed line: one line, elided when narrow (all in the tooltip)
            ranked = sorted(ov.contacts_12m_by_channel.items(), key=lambda kv: -kv[1])
            counts = "  ".join(f"{labels.channel(c)} {n}" for c, n in ranked)
            tooltip = "\n".join(f"{labels.channel(c)}: {n}" for c, n in ranked)
            text = self.tr("Last 12 months: {counts}").format(counts=counts)
            self._add(card, _Row(text, tooltip=tooltip, muted=True, optional=True))

        card = self.maturing_card
        clear_layout(card.body)
        if not ov.maturing:
            card.body.addWidget(self._muted(self.tr("Nothing maturing in the next 90 days")))
        for h in ov.maturing[:MAX_MATURING]:
            soon = h.days_to_maturity is not None and h.days_to_maturity <= 30
            account = f"{h.product_name} {h.masked_account}"
            amount = fmt.money(h.balance, h.currency)
            color = "#b9770e" if soon else None
            self._add(card, _Row(fmt.date(h.maturity_date), amount, tooltip=account, right_color=color))
            detail = h.product_name
            if h.days_to_maturity is not None:
                detail = self.tr("{product} · matures in {days} d").format(
                    product=h.product_name, days=h.days_to_maturity
                )
            # One line, elided where narrow (the whole text and the account in the tooltip).
            self._add(card, _Row(detail, tooltip=account, muted=True))
        if len(ov.maturing) > MAX_MATURING:
            card.body.addWidget(self._muted(self.tr("and {n} more").format(n=len(ov.maturing) - MAX_MATURING)))

        card = self.reminders_card
        clear_layout(card.body)
        if not ov.upcoming_reminders:
            card.body.addWidget(self._muted(self.tr("No open reminders")))
        for r in ov.upcoming_reminders[:MAX_LIST]:
            color = "#c0392b" if r.overdue else None
            tooltip = f"{r.title}\n{r.body or ''}".strip()
            self._add(card, _Row(r.title, fmt.date(r.due_at), tooltip=tooltip, right_color=color, wrap=True))
        self.fit_columns()
        QTimer.singleShot(0, self, self.fit_rows)

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
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()
        super().changeEvent(event)
