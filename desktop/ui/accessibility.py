"""What no single widget can give: the focused control is always on screen, a cut-off text is in a tooltip.

A ``QScrollArea`` scrolls a control into view when Tab moves *within* it, but not when the focus arrives from
outside (Tab from the control before the area, Shift+Tab from the one after it, a shortcut): the focused
field may then sit below the fold with its focus ring unseen.  :func:`keep_focus_in_view` fixes that for the
whole application: whenever the focus moves into a scroll area's content, every scroll area around the
focused control scrolls just enough to show it.

A label the layout squeezes (a caption, a card's title, a wrapped line given too little height) shows only
part of its text; :func:`tip_when_cut` keeps such a label's tooltip carrying the whole text while it does not
fit (a one-line text that may be elided from the start is better an ``ElidedLabel``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

MARGIN = 8  # px of room kept round the focused control (small: a mouse click on a visible field moves nothing)
_PROPERTY = "contactdeskKeepsFocusInView"


def keep_focus_in_view(app: QApplication | None = None) -> None:
    """Scroll every focused control into view from now on (once per application; later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication) or app.property(_PROPERTY):
        return
    app.setProperty(_PROPERTY, True)
    app.focusChanged.connect(_focus_changed)


def _focus_changed(_old: QWidget | None, now: QWidget | None) -> None:
    if now is not None:
        show_in_scroll_areas(now)


def show_in_scroll_areas(widget: QWidget) -> None:
    """Scroll each ``QScrollArea`` holding ``widget`` (innermost first) so that ``widget`` shows."""
    parent = None if widget.isWindow() else widget.parentWidget()
    while parent is not None and not parent.isWindow():  # the scroll areas of its own window only
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) and parent is area.viewport() and area.widget() is not None:
            area.ensureWidgetVisible(widget, MARGIN, MARGIN)
        parent = area


# -- labels too small for their text ----------------------------------------------------------------------

_OWN_TIP = "contactdeskOwnTip"  # the tooltip the label's owner gave it
_SHOWN_TIP = "contactdeskShownTip"  # the tooltip set here last


class _CutTextTips(QObject):
    """Keeps the tooltip of the labels it watches carrying their whole text while it does not fit."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Resize) and isinstance(watched, QLabel):
            update_cut_text_tip(watched)
        elif event.type() == QEvent.Type.LanguageChange and isinstance(watched, QLabel):
            # The owner sets the new text in its own LanguageChange, which may come after this one; a label
            # scrolled out of view gets no paint to look again at, and the same width no resize.
            QTimer.singleShot(0, watched, lambda: update_cut_text_tip(watched))
        return False


def tip_when_cut(*labels: QLabel) -> None:
    """Give each label a tooltip with its whole text whenever the text does not fit (cut off on the right, or
    wrapped onto more lines than the label has room for); the tooltip the label's owner sets is kept after it.

    For labels whose width the layout may squeeze (captions, card titles, wrapped lines): ``ElidedLabel`` is
    the choice for a one-line text that may be elided from the start.
    """
    for label in labels:
        watcher = _CutTextTips(label)
        label.installEventFilter(watcher)
        update_cut_text_tip(label)


def text_is_cut(label: QLabel) -> bool:
    """True when ``label`` shows less than its whole text."""
    text = label.text()
    if not text or not label.isVisible():
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + 2
    room = label.contentsRect().width() - 2 * label.margin() - max(0, label.indent())
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        return document.idealWidth() > room + 1
    metrics = QFontMetrics(label.font())
    return max(metrics.horizontalAdvance(line) for line in text.split("\n")) > room + 1


def update_cut_text_tip(label: QLabel) -> None:
    """Set ``label``'s tooltip after whether its text fits now (see :func:`tip_when_cut`)."""
    current = label.toolTip()
    shown = label.property(_SHOWN_TIP)
    own = label.property(_OWN_TIP) if shown is not None and current == shown else current
    tip = "\n".join(part for part in (label.text(), own) if part) if text_is_cut(label) else own
    label.setProperty(_OWN_TIP, own or "")
    label.setProperty(_SHOWN_TIP, tip or "")
    if tip != current:
        label.setToolTip(tip or "")
