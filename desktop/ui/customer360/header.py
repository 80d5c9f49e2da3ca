"""The header card of the 360° view: who the customer is and what needs attention now."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
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
from ..widgets import Badge, Chip, ElidedLabel, FlowLayout, clear_layout

LIFECYCLE_COLOR = "#3d6b8c"
CONSENT_CHANNELS = ("sms", "phone", "call", "email", "wechat", "app", "mail", "post")
# header field key -> the masked field a reveal asks for
REVEALABLE = {"id": "id_number", "phone": "phone"}
FIELD_ORDER = ("cif", "id", "phone", "manager", "value", "risk", "since", "channel")
TWO_COLUMNS_BELOW = 820  # px of card width under which the fields go two pairs to a row


class _ClickableChip(Chip):
    """A chip that acts as a link (mouse, or Enter/Space when focused)."""

    clicked = Signal()

    def __init__(self, text: str, level: str, parent: QWidget | None = None) -> None:
        super().__init__(text, level, parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

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
    message_requested = Signal()

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

        self.name = ElidedLabel(parent=self)
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
        self.aum_caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.aum = QLabel(self)
        self.aum.setObjectName("aumValue")
        self.aum.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addWidget(self.pinyin, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addWidget(self.gender_age, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addSpacing(4)
        for badge in (self.tier_badge, self.vip_badge, self.lifecycle_badge):
            top.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.edit_button = QToolButton(self)
        self.edit_button.setObjectName("revealButton")
        self.edit_button.setAutoRaise(True)
        self.edit_button.setVisible(False)
        self.edit_button.clicked.connect(self.edit_requested)
        self.complaint_button = QToolButton(self)
        self.complaint_button.setObjectName("revealButton")
        self.complaint_button.setAutoRaise(True)
        self.complaint_button.setVisible(False)
        self.complaint_button.clicked.connect(self.complaint_requested)
        self.message_button = QToolButton(self)
        self.message_button.setObjectName("revealButton")
        self.message_button.setAutoRaise(True)
        self.message_button.setVisible(False)
        self.message_button.clicked.connect(self.message_requested)
        self.call_button = QToolButton(self)
        self.call_button.setObjectName("revealButton")
        self.call_button.setAutoRaise(True)
        self.call_button.setVisible(False)
        self.call_button.clicked.connect(self.call_requested)
        top.addStretch(1)
        aum_box = QVBoxLayout()
        aum_box.setSpacing(0)
        aum_box.addWidget(self.aum_caption)
        aum_box.addWidget(self.aum)
        top.addLayout(aum_box)

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
            caption.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            value = ElidedLabel(parent=self)
            value.setObjectName("fieldValue")
            cell: Any = value
            if key in REVEALABLE:
                cell = QHBoxLayout()
                cell.setSpacing(4)
                cell.addWidget(value, 1)
                button = QToolButton(self)
                button.setObjectName("revealButton")
                button.setAutoRaise(True)
                button.setVisible(False)
                button.clicked.connect(lambda _c=False, f=REVEALABLE[key]: self.reveal_requested.emit(f))
                cell.addWidget(button)
                self.reveal_buttons[REVEALABLE[key]] = button
            self._cells.append((caption, cell))
            self._fields[key] = (caption, value)
        self._grid = grid
        self.columns = 0
        self._place_fields(4)

        self.chips = FlowLayout(spacing=6)
        chips_holder = QWidget(self)
        chips_holder.setObjectName("chipRow")
        chips_holder.setLayout(self.chips)
        # The actions (edit, complaint, message, call) live in a strip the 360° view places at the
        # right of its tab bar, so the name, AUM and chips keep their room at 1366 px.
        self.action_strip = QWidget()
        self.action_strip.setObjectName("customerActions")
        strip = QHBoxLayout(self.action_strip)
        strip.setContentsMargins(0, 0, 4, 0)
        strip.setSpacing(2)
        for button in (self.edit_button, self.complaint_button, self.message_button, self.call_button):
            button.setParent(self.action_strip)
            strip.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(grid)
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
        self._apply_metrics()
        # Apply the new grid now, not on the next LayoutRequest: otherwise the first frame after a resize
        # still shows the old column widths and elides the CIF until the event loop comes round.
        top = self.layout()
        if top is not None:
            top.activate()

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
        self._place_fields(2 if event.size().width() < TWO_COLUMNS_BELOW else 4)

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
                chip.set(text, "danger", self.tr("Open the most urgent complaint beside the customer"))
                chip.setObjectName("complaintsChip")
                chip.clicked.connect(self.complaints_requested)
                self.chips.addWidget(chip)
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
        self.edit_button.setText(self.tr("Edit"))
        self.complaint_button.setText(self.tr("New complaint"))
        self.message_button.setText(self.tr("Send message"))
        self.message_button.setToolTip(self.tr("SMS or e-mail from an approved template"))
        self.call_button.setText(self.tr("Call"))
        self.call_button.setToolTip(self.tr("Call the customer's primary number (your phone rings first)"))
        self.complaint_button.setToolTip(
            self.tr("Record a complaint from this customer (the regulator's clock starts)")
        )
        self.edit_button.setToolTip(self.tr("Correct this customer's details"))
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
