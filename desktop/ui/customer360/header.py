"""The header card of the 360° view: who the customer is and what needs attention now."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import fmt, labels
from ..accessibility import tip_when_cut
from ..widgets import Badge, Chip, ElidedLabel, FlowLayout, clear_layout
from .actions import CustomerActions, link_button

LIFECYCLE_COLOR = "#3d6b8c"
CONSENT_CHANNELS = ("sms", "phone", "call", "email", "wechat", "app", "mail", "post")
# header field key -> the masked field a reveal asks for
REVEALABLE = {"id": "id_number", "phone": "phone"}
FIELD_ORDER = ("cif", "id", "phone", "manager", "value", "risk", "since", "channel")
FOUR_COLUMNS_FROM = 788  # px the fields have beside the AUM column from which they go four pairs to a row
NAME_MAX_WIDTH = 300  # px: a name longer than this elides (the whole name in its tooltip)


class _NameLabel(ElidedLabel):
    """The customer's name: the layout gives it its whole width (up to NAME_MAX_WIDTH) before anything else."""

    def setFullText(self, text: str, tooltip: str = "") -> None:
        super().setFullText(text, tooltip)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        full = QFontMetrics(self.font()).horizontalAdvance(self.fullText()) + 2 * self.margin() + 4
        return QSize(min(full, NAME_MAX_WIDTH), super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()


class _ClickableChip(Chip):
    """A chip that acts as a link (mouse, or Enter/Space when focused)."""

    clicked = Signal()

    def __init__(self, text: str, level: str, parent: QWidget | None = None) -> None:
        super().__init__(text, level, parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set(self, text: str, level: str = "info", tooltip: str = "") -> None:
        super().set(text, level, tooltip)
        # The chip's own style sheet (colours by level) selects "#chip"; this chip has a name of its own, so
        # the rules are restated for it, with a focus ring (the application's ring loses to an own sheet).
        name = self.objectName()
        sheet = self.styleSheet().replace("QFrame#chip ", f"QFrame#{name} ")
        self.setStyleSheet(f"{sheet} QFrame#{name}:focus {{ border: 2px solid #1f5fa8; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class HeaderCard(QFrame):
    """Name, identity, tier and VIP, value, manager and branch, and alert chips.

    Fill with :meth:`set_header` (a ``CustomerHeader``); texts follow the language.  With
    :meth:`set_can_reveal`, the ID and phone carry a "Show" button (:attr:`reveal_requested`); a
    value given to :meth:`show_revealed` stays in full for its seconds, then is masked again.
    """

    reveal_requested = Signal(str)
    complaints_requested = Signal()  # the "Open complaints" chip was clicked (when made clickable)
    edit_requested = Signal()
    complaint_requested = Signal()
    call_requested = Signal()
    flow_requested = Signal()  # "Start service flow" (Ctrl+G)
    message_requested = Signal()
    referral_requested = Signal()  # "Refer to manager" (Ctrl+Shift+R; shown for referral.create)
    appointment_requested = Signal()  # "Book appointment" (Ctrl+Shift+Y; shown for appointment.book)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headerCard")
        self._header: Any = None
        self._revealed: dict[str, tuple[str, float]] = {}  # field -> (value, monotonic deadline)
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setInterval(1000)
        self._reveal_timer.timeout.connect(self._tick)
        self.reveal_buttons: dict[str, QToolButton] = {}
        self.complaints_clickable = False  # the 360° view sets it when it can show a ticket beside the customer

        self.name = _NameLabel(parent=self)
        self.name.setObjectName("customerName")
        self.pinyin = ElidedLabel(parent=self)
        self.pinyin.setObjectName("customerPinyin")
        self.pinyin.setMinimumWidth(40)
        self.gender_age = QLabel(self)
        self.gender_age.setObjectName("muted")
        self.tier_badge = Badge(parent=self)
        self.vip_badge = Badge(parent=self)
        self.lifecycle_badge = Badge(parent=self)
        self.aum_caption = QLabel(self)
        self.aum_caption.setObjectName("muted")
        tip_when_cut(self.aum_caption)
        self.aum_caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.aum = QLabel(self)
        self.aum.setObjectName("aumValue")
        self.aum.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # Pinyin, gender and age and the badges wrap under each other when the card is narrow; the name keeps
        # its whole width (in English at 1366 px beside the call panel it was cut to its first character).
        self.idents = QWidget(self)
        self.idents.setObjectName("customerIdents")
        idents = FlowLayout(self.idents, spacing=8)
        for widget in (self.pinyin, self.gender_age, self.tier_badge, self.vip_badge, self.lifecycle_badge):
            idents.addWidget(widget)
        self._top = QHBoxLayout()
        self._top.setSpacing(12)
        self._top.addWidget(self.name, 0, Qt.AlignmentFlag.AlignVCenter)
        self._top.addWidget(self.idents, 1, Qt.AlignmentFlag.AlignVCenter)

        # The actions (edit, complaint, message, call) sit under the AUM, one under the other beside the
        # fields (on a wide card: side by side at the end of the name's row), so the tab bar below keeps
        # the whole width for its five tabs.
        self.action_links = CustomerActions(self)
        self.edit_button = self.action_links.buttons["edit"]
        self.complaint_button = self.action_links.buttons["complaint"]
        self.message_button = self.action_links.buttons["message"]
        self.call_button = self.action_links.buttons["call"]
        self.edit_button.clicked.connect(self.edit_requested)
        self.complaint_button.clicked.connect(self.complaint_requested)
        self.message_button.clicked.connect(self.message_requested)
        self.call_button.clicked.connect(self.call_requested)
        self.flow_button = self.action_links.buttons["flow"]
        self.flow_button.clicked.connect(self.flow_requested)
        self.refer_button = self.action_links.buttons["refer"]
        self.book_button = self.action_links.buttons["book"]
        self.refer_button.clicked.connect(self.referral_requested)
        self.book_button.clicked.connect(self.appointment_requested)
        self._side = QVBoxLayout()
        self._side.setSpacing(2)
        self._side.addWidget(self.aum_caption)
        self._side.addWidget(self.aum)
        self._side.addSpacing(4)
        self._side.addWidget(self.action_links, 0, Qt.AlignmentFlag.AlignRight)
        self._side.addStretch(1)

        # Label/value pairs in four columns (two when the card is narrow: beside the ticket pane or the call
        # panel at 1366 px, four columns would elide the CIF, the manager and the preferences to nothing).
        self._fields: dict[str, tuple[QLabel, ElidedLabel]] = {}
        self._cells: list[tuple[QLabel, Any]] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        for key in FIELD_ORDER:
            caption = QLabel(self)
            caption.setObjectName("fieldCaption")
            tip_when_cut(caption)  # a caption the grid squeezes says itself in full in a tooltip
            caption.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            value = ElidedLabel(parent=self)
            value.setObjectName("fieldValue")
            cell: Any = value
            if key in REVEALABLE:
                cell = QHBoxLayout()
                cell.setSpacing(4)
                cell.addWidget(value, 1)
                button = link_button(self)
                button.setVisible(False)
                button.clicked.connect(lambda _c=False, f=REVEALABLE[key]: self.reveal_requested.emit(f))
                cell.addWidget(button)
                self.reveal_buttons[REVEALABLE[key]] = button
            self._cells.append((caption, cell))
            self._fields[key] = (caption, value)
        self._grid = grid
        self.columns = 0
        self._place_fields(2)  # the narrow layout until the first resize says there is room for four

        self.chips = FlowLayout(spacing=6)
        chips_holder = QWidget(self)
        chips_holder.setObjectName("chipRow")
        chips_holder.setLayout(self.chips)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(self._top)
        left.addLayout(grid)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(left, 1)
        body.addLayout(self._side, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(body)
        layout.addWidget(chips_holder)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.retranslate()

    def _place_fields(self, columns: int) -> None:
        """Lay the label/value pairs out in ``columns`` pairs per row."""
        if columns == self.columns:
            return
        grid = self._grid
        for caption, cell in self._cells:
            grid.removeWidget(caption)
            if isinstance(cell, QWidget):
                grid.removeWidget(cell)
            else:
                grid.removeItem(cell)
        for i, (caption, cell) in enumerate(self._cells):
            row, col = divmod(i, columns)
            grid.addWidget(caption, row, col * 2)
            if isinstance(cell, QWidget):
                grid.addWidget(cell, row, col * 2 + 1)
            else:
                grid.addLayout(cell, row, col * 2 + 1)
        for column in range(8):
            grid.setColumnStretch(column, 0)
            grid.setColumnMinimumWidth(column, 0)
        grid.setColumnStretch(columns * 2 - 1, 1)  # the last value column takes the rest
        self.columns = columns
        self._place_actions(beside_name=columns == 4)
        self._apply_metrics()
        # Apply the new grid now, not on the next LayoutRequest: otherwise the first frame after a resize
        # still shows the old column widths and elides the CIF until the event loop comes round.
        top = self.layout()
        if top is not None:
            top.activate()

    def _place_actions(self, *, beside_name: bool) -> None:
        """The actions side by side at the end of the name's row, or one under the other under the AUM."""
        self._top.removeWidget(self.action_links)
        self._side.removeWidget(self.action_links)
        self.action_links.set_vertical(not beside_name)
        if beside_name:
            self._top.addWidget(self.action_links, 0, Qt.AlignmentFlag.AlignVCenter)
        else:
            self._side.insertWidget(3, self.action_links, 0, Qt.AlignmentFlag.AlignRight)

    def _apply_metrics(self) -> None:
        # CIF, masked ID and dates keep their full width; the last column takes the rest (elided if need be).
        metrics = self.fontMetrics()
        cif = metrics.horizontalAdvance("CIF000000000000") + 6
        masked_id = metrics.horizontalAdvance("110***********1234") + 6
        date = metrics.horizontalAdvance("2024年12月31日") + 6
        if self.columns == 4:
            self._grid.setColumnMinimumWidth(1, cif)
            self._grid.setColumnMinimumWidth(3, masked_id)
            self._grid.setColumnMinimumWidth(5, date)
        else:
            self._grid.setColumnMinimumWidth(1, max(cif, date))
            self._grid.setColumnMinimumWidth(3, masked_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def _reflow(self, width: int | None = None) -> None:
        """Four pairs of fields to a row when they have the room beside the AUM column, else two."""
        width = self.width() if width is None else width
        margins = self.contentsMargins()
        layout = self.layout()
        if layout is not None:
            inner = layout.contentsMargins()
            width -= inner.left() + inner.right()
        side = max(self.aum_caption.sizeHint().width(), self.aum.sizeHint().width(), self.action_links.column_width())
        room = width - margins.left() - margins.right() - side - 12
        self._place_fields(4 if room >= FOUR_COLUMNS_FROM else 2)

    @property
    def header(self) -> Any:
        """The CustomerHeader shown."""
        return self._header

    def field_value(self, key: str) -> str:
        """Full text of one field (tests)."""
        return self._fields[key][1].fullText()

    def chip_texts(self) -> list[str]:
        """Texts of the alert chips (tests)."""
        out = []
        for i in range(self.chips.count()):
            item = self.chips.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, Chip):
                out.append(widget.text())
        return out

    def set_header(self, header: Any) -> None:
        """Show ``header`` (any value revealed for another customer is masked again)."""
        if self._header is None or header is None or header.id != self._header.id:
            self._revealed.clear()
        self._header = header
        self._render()

    def set_referral_visible(self, visible: bool) -> None:
        """Offer "Refer to manager" (roles with ``referral.create``); it emits :attr:`referral_requested`."""
        self.refer_button.setVisible(visible)

    def set_appointment_visible(self, visible: bool) -> None:
        """Offer "Book appointment" (roles with ``appointment.book``); it emits :attr:`appointment_requested`."""
        self.book_button.setVisible(visible)

    def set_can_reveal(self, allowed: bool) -> None:
        """Offer the "Show" buttons (only to roles the reveal service would serve)."""
        for button in self.reveal_buttons.values():
            button.setVisible(allowed)

    def show_revealed(self, field: str, value: str, seconds: float) -> None:
        """Show ``value`` in full in place of the masked ``field`` for ``seconds``."""
        self._revealed[field] = (value, time.monotonic() + seconds)
        self._reveal_timer.start()
        self._render()

    def clear_revealed(self) -> None:
        """Mask every revealed value now (e.g. when the screen locks)."""
        self._revealed.clear()
        self._reveal_timer.stop()
        self._render()

    def revealed_fields(self) -> list[str]:
        return sorted(self._revealed)

    def _tick(self) -> None:
        now = time.monotonic()
        for field in [f for f, (_v, until) in self._revealed.items() if until <= now]:
            del self._revealed[field]
        if not self._revealed:
            self._reveal_timer.stop()
        self._render()

    def _shown(self, field: str, masked: str) -> tuple[str, str]:
        """(text, tooltip suffix) for a field: the revealed value with its countdown, else the mask."""
        found = self._revealed.get(field)
        if found is None:
            return masked, ""
        value, until = found
        left = max(0, round(until - time.monotonic()))
        return value, self.tr("shown in full for {s} more seconds").format(s=left)

    def _render(self) -> None:
        h = self._header
        if h is None:
            return
        self.name.setFullText(h.name, h.name_pinyin)
        self.pinyin.setFullText(h.name_pinyin)
        parts = [labels.label(labels.GENDERS, h.gender)]
        if h.age is not None:
            parts.append(self.tr("{age} yrs").format(age=h.age))
        self.gender_age.setText(" · ".join(p for p in parts if p))
        self.tier_badge.setText(labels.tier(h.tier))
        self.tier_badge.setColor(labels.tier_color(h.tier))
        self.vip_badge.setText(f"VIP{h.vip_level}")
        self.vip_badge.setColor("#b8860b" if h.vip_level >= 3 else "#8a6d3b")
        self.vip_badge.setVisible(h.vip_level > 0)
        self.lifecycle_badge.setText(labels.lifecycle(h.lifecycle_stage))
        self.lifecycle_badge.setColor(LIFECYCLE_COLOR)
        self.aum.setText(fmt.money(h.aum))

        id_type = labels.label(labels.ID_TYPES, h.id_type)
        phones = list(h.masked_phones)
        id_text, id_note = self._shown("id_number", h.masked_id)
        phone_text, phone_note = self._shown("phone", phones[0] if phones else "—")
        self._set("cif", h.cif_no)
        self._set("id", id_text, "\n".join(t for t in (f"{id_type} {id_text}", id_note) if t))
        self._set("phone", phone_text, "\n".join([phone_text, *phones[1:], *h.masked_emails, phone_note]).strip())
        for field, key in (("id_number", "id"), ("phone", "phone")):
            self._fields[key][1].setProperty("revealed", field in self._revealed)
            self._fields[key][1].style().polish(self._fields[key][1])
        if "phone" in self.reveal_buttons:
            self.reveal_buttons["phone"].setEnabled(bool(phones))
        manager = h.manager_name or self.tr("none")
        self._set("manager", f"{manager} · {h.branch_name}")
        components = ", ".join(f"{k}: {v}" for k, v in (h.value_components or {}).items())
        self._set("value", str(h.value_score), components)
        self._set("risk", labels.label(labels.RISK_LEVELS, h.risk_level) if h.risk_level else "—")
        self._set("since", fmt.date(h.customer_since) if h.customer_since else "—")
        channel = labels.channel(h.preferred_channel)
        language = labels.label(labels.LANGUAGES, h.preferred_language)
        self._set("channel", f"{channel} · {language}")
        self._render_chips(h)

    def _set(self, key: str, text: str, tooltip: str = "") -> None:
        self._fields[key][1].setFullText(text, tooltip)

    def _render_chips(self, h: Any) -> None:
        clear_layout(self.chips)  # type: ignore[arg-type]
        add = self._add_chip
        if h.open_complaints:
            text = self.tr("Open complaints: {n}").format(n=h.open_complaints)
            if self.complaints_clickable:
                chip = _ClickableChip(text, "danger", self)
                chip.setObjectName("complaintsChip")
                chip.set(text, "danger", self.tr("Open the most urgent complaint beside the customer"))
                chip.clicked.connect(self.complaints_requested)
                self.chips.addWidget(chip)
                # Tab reaches it just before the actions (a new widget would come last in the window).
                before = self.edit_button.previousInFocusChain()
                if before is not None:
                    QWidget.setTabOrder(before, chip)
            else:
                add(text, "danger")
        if h.reminders_due:
            add(self.tr("Reminders due: {n}").format(n=h.reminders_due), "warning")
        if h.maturing_30d_count:
            add(
                self.tr("Maturing within 30 days: {n} · {amount}").format(
                    n=h.maturing_30d_count, amount=fmt.money(h.maturing_30d_amount)
                ),
                "info",
            )
        for flag in h.alert_flags:
            add(labels.label(labels.ALERT_FLAGS, flag), "danger")
        if h.consents:
            add(*self._consent_chip(h.consents))
        if h.data_completeness and h.data_completeness < 80:
            add(self.tr("Profile {pct}% complete").format(pct=h.data_completeness), "muted")
        if not self.chip_texts():
            add(self.tr("No alerts"), "ok")

    def _consent_chip(self, consents: dict[str, dict[str, bool]]) -> tuple[str, str, str]:
        order = sorted(consents, key=lambda c: CONSENT_CHANNELS.index(c) if c in CONSENT_CHANNELS else 99)
        marks = []
        details = []
        for channel in order:
            purposes = consents[channel]
            marketing = purposes.get("marketing")
            name = labels.channel(channel)
            if marketing is not None:
                marks.append(f"{name}{'✓' if marketing else '✗'}")
            for purpose, granted in sorted(purposes.items()):
                details.append(
                    f"{name} · {labels.label(labels.CONSENT_PURPOSES, purpose)}: "
                    + (self.tr("granted") if granted else self.tr("refused"))
                )
        any_refused = any(not g for p in consents.values() for g in p.values())
        text = self.tr("Marketing consent: {marks}").format(marks=" ".join(marks)) if marks else self.tr("Consents")
        return text, "warning" if any_refused else "ok", "\n".join(details)

    def _add_chip(self, text: str, level: str, tooltip: str = "") -> None:
        chip = Chip(text, level, self)
        chip.set(text, level, tooltip)
        self.chips.addWidget(chip)

    def retranslate(self) -> None:
        """Captions and every translated value."""
        captions = {
            "cif": self.tr("CIF"),
            "id": self.tr("ID"),
            "phone": self.tr("Phone"),
            "manager": self.tr("Manager"),
            "value": self.tr("Value"),
            "risk": self.tr("Risk"),
            "since": self.tr("Since"),
            "channel": self.tr("Prefers"),
        }
        for key, (caption, _value) in self._fields.items():
            caption.setText(captions[key])
        self.aum_caption.setText(self.tr("Assets under management"))
        for button in self.reveal_buttons.values():
            button.setText(self.tr("Show"))
            button.setToolTip(self.tr("Show in full (asks for a reason; recorded)"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._apply_metrics()
        super().changeEvent(event)
