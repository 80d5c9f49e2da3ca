"""The report's chart (pyqtgraph): line, bar and area series on a left and a right axis, a dashed target line,
category labels on x that thin out so they never overlap, a legend and a tooltip with the values under the mouse.

Colours come from one palette in series order, so a report looks the same every time it is opened, and the grid
is kept light so the data carries the eye.  Fonts are a CJK face Qt has, so Chinese labels render everywhere.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from services.reports.types import ReportResult, Series

from .cells import cell_text, report_text

PALETTE = ("#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#db2777", "#65a30d")
TARGET_COLOUR = "#b91c1c"
TEXT_COLOUR = "#1f2937"
AXIS_COLOUR = "#64748b"
CJK_FAMILIES = ("Noto Sans CJK SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC",
                "WenQuanYi Micro Hei")  # fmt: skip
LABEL_GAP_PX = 14  # room between two x labels
HEADROOM = 1.12  # space above the highest value (and the target line with its label)
LEGEND_COLUMNS = 5
WHOLE_TICKS_BELOW = 10  # counts this small get a tick per whole number
LEGEND_ROW_PX = 22  # the legend sits in a band above the plot, never over the data


def chart_font(point_size: int = 9) -> QFont:
    """A font with Chinese glyphs: the first CJK family Qt knows, else the application's font."""
    font = QFont()
    known = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in known]
    if families:
        font.setFamilies(families)
    font.setPointSize(point_size)
    return font


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def label_step(labels: tuple[str, ...], width_px: float, text_width: Any) -> int:
    """Show every ``step``-th x label so that none overlaps the next (48 half-hours fit on any width)."""
    if not labels or width_px <= 0:
        return 1
    widest = max(text_width(label) for label in labels) + LABEL_GAP_PX
    fit = max(1, int(width_px // widest))
    return max(1, math.ceil(len(labels) / fit))


class ReportChart(QWidget):
    """Draws one :class:`ReportResult`.  ``items`` maps series keys to their plot items (tests look at them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.result: ReportResult | None = None
        self.items: dict[str, Any] = {}
        self.target_line: pg.InfiniteLine | None = None
        self.shown_labels: list[str] = []  # the x labels drawn (after thinning)
        self.font_ = chart_font()
        self.widget = pg.PlotWidget(self, background="w")
        self.widget.setMenuEnabled(False)
        self.widget.setMouseEnabled(x=False, y=False)
        self.widget.hideButtons()
        self.widget.setMinimumHeight(180)
        self.plot = self.widget.getPlotItem()
        self.right = pg.ViewBox()
        self.right.setMouseEnabled(x=False, y=False)
        self.plot.scene().addItem(self.right)
        self.right.setZValue(self.plot.vb.zValue() - 1)  # bars on the right axis stay behind the lines
        self.plot.getAxis("right").linkToView(self.right)
        self.right.setXLink(self.plot.vb)
        self.plot.vb.sigResized.connect(self._plot_resized)
        self.legend = pg.LegendItem(
            offset=None, labelTextColor=TEXT_COLOUR, labelTextSize="9pt", colCount=LEGEND_COLUMNS, frame=False
        )
        self.legend.setParentItem(self.plot)
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(56, 2))
        self.widget.scene().sigMouseMoved.connect(self._hovered)
        for name in ("left", "bottom", "right"):
            axis = self.plot.getAxis(name)
            axis.setTickFont(self.font_)
            axis.setTextPen(pg.mkPen(QColor(TEXT_COLOUR)))
            axis.setPen(pg.mkPen(QColor(AXIS_COLOUR)))
            axis.enableAutoSIPrefix(False)  # categories and percentages: never "(x0.001)" after a title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)

    # -- drawing --------------------------------------------------------------------------------------------
    def show_result(self, result: ReportResult | None) -> None:
        self.result = result
        self._draw()

    def _clear(self) -> None:
        self.plot.clear()
        self.right.clear()
        self.legend.clear()
        self.items = {}
        self.target_line = None

    def _draw(self) -> None:
        self._clear()
        result = self.result
        if result is None:
            return
        bars = [s for s in result.series if s.kind == "bar"]
        has_right = any(s.axis == "right" for s in result.series)
        for index, series in enumerate(result.series):
            item = self._series_item(series, index, bars)
            (self.right if series.axis == "right" else self.plot).addItem(item)
            self.items[series.key] = item
            self.legend.addItem(item, report_text(series.label))
        rows = math.ceil(len(result.series) / LEGEND_COLUMNS)
        self.plot.layout.setRowFixedHeight(0, rows * LEGEND_ROW_PX + 6)  # row 0 is the (unused) title's band
        if result.target is not None:
            pen = pg.mkPen(QColor(TARGET_COLOUR), width=1.5, style=Qt.PenStyle.DashLine)
            label = report_text(result.target_label)
            self.target_line = pg.InfiniteLine(
                pos=result.target,
                angle=0,
                pen=pen,
                label=label or None,
                labelOpts={"position": 0.02, "color": TARGET_COLOUR, "anchors": [(0, 0), (0, 0)]},  # under the line
            )
            if self.target_line.label is not None:
                self.target_line.label.setFont(self.font_)
            self.plot.addItem(self.target_line)
        self._axis_titles()
        self.plot.showAxis("right", has_right)  # (after the titles: setting a label shows its axis)
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        count = len(result.x_labels)
        self.plot.setXRange(-0.6, max(0, count - 0.4), padding=0)
        self._fit_y(has_right)
        self._x_ticks()
        self._sync_right()

    def _series_item(self, series: Series, index: int, bars: list[Series]) -> Any:
        tint = colour(index)
        xs = list(range(len(series.values)))
        ys = [math.nan if v is None else float(v) for v in series.values]
        if series.kind == "bar":
            width = 0.8 / max(1, len(bars))
            slot = bars.index(series)
            shift = -0.4 + width * (slot + 0.5)
            heights = [0.0 if math.isnan(y) else y for y in ys]
            brush = QColor(tint)
            return pg.BarGraphItem(
                x=[x + shift for x in xs],
                height=heights,
                width=width * 0.92,
                brush=brush,
                pen=pg.mkPen(tint.darker(115)),
            )
        pen = pg.mkPen(tint, width=2)
        if series.kind == "area":
            fill = QColor(tint)
            fill.setAlpha(60)
            return pg.PlotDataItem(xs, ys, pen=pen, fillLevel=0, brush=fill, connect="finite")
        return pg.PlotDataItem(
            xs, ys, pen=pen, symbol="o", symbolSize=4 if len(xs) > 40 else 6, symbolBrush=tint, symbolPen=tint,
            connect="finite",
        )  # fmt: skip

    def _axis_titles(self) -> None:
        result = self.result
        assert result is not None
        families = ", ".join(f"'{f}'" for f in self.font_.families()) or "sans-serif"
        style = {"color": TEXT_COLOUR, "font-size": "9pt", "font-family": families}
        self.plot.setLabel("left", report_text(result.y_title), **style)
        self.plot.setLabel("bottom", report_text(result.x_title), **style)
        self.plot.setLabel("right", report_text(result.y2_title), **style)

    def _fit_y(self, has_right: bool) -> None:
        result = self.result
        assert result is not None

        def top(axis: str) -> float:
            values = [v for s in result.series if s.axis == axis for v in s.values if v is not None]
            if axis == "left" and result.target is not None:
                values.append(result.target)
            return max([float(v) for v in values], default=1.0)

        def bottom(axis: str) -> float:
            values = [float(v) for s in result.series if s.axis == axis for v in s.values if v is not None]
            return min(0.0, min(values, default=0.0))

        self.plot.setYRange(bottom("left"), max(1.0, top("left")) * HEADROOM, padding=0)
        if has_right:
            self.right.setYRange(bottom("right"), max(1.0, top("right")) * HEADROOM, padding=0)
        for axis in ("left", "right"):  # a few calls or complaints: whole ticks, never "0.5 calls"
            values = [float(v) for s in result.series if s.axis == axis for v in s.values if v is not None]
            whole = bool(values) and all(v.is_integer() for v in values) and max(values) < WHOLE_TICKS_BELOW
            item = self.plot.getAxis(axis)
            if whole:
                item.setTickSpacing(1, 1)
            else:
                item.setTickSpacing()

    def _x_ticks(self) -> None:
        result = self.result
        if result is None:
            return
        axis = self.plot.getAxis("bottom")
        labels = tuple(report_text(label) for label in result.x_labels)  # stages, tiers: English sources
        metrics = axis.fontMetrics() if hasattr(axis, "fontMetrics") else self.widget.fontMetrics()
        width = self.plot.vb.width() or self.width() * 0.85
        step = label_step(labels, width, lambda text: metrics.horizontalAdvance(text))
        ticks = [(i, labels[i]) for i in range(0, len(labels), step)]
        self.shown_labels = [text for _i, text in ticks]
        axis.setTicks([ticks, []])

    def _sync_right(self) -> None:
        self.right.setGeometry(self.plot.vb.sceneBoundingRect())
        self.right.linkedViewChanged(self.plot.vb, self.right.XAxis)
        self.plot.getAxis("right").linkedViewChanged(self.right)

    def _plot_resized(self) -> None:
        """The plot area changed size: the right axis follows, and the x labels thin out again for the new width."""
        self._sync_right()
        self._x_ticks()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._draw()
        super().changeEvent(event)

    # -- hover ----------------------------------------------------------------------------------------------
    def index_at(self, scene_pos: QPointF) -> int | None:
        """The x category under a scene position, or None outside the plot."""
        if self.result is None or not self.result.x_labels:
            return None
        if not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            return None
        x = self.plot.vb.mapSceneToView(scene_pos).x()
        index = round(x)
        return index if 0 <= index < len(self.result.x_labels) else None

    def hover_text(self, index: int) -> str:
        """The tooltip of category ``index``: its label and every series' value there."""
        result = self.result
        if result is None:
            return ""
        kinds = {c.key: c.kind for c in result.columns}
        lines = [report_text(result.x_labels[index])]
        for series in result.series:
            value = series.values[index] if index < len(series.values) else None
            kind = kinds.get(series.key, "decimal")
            if kind == "text":
                kind = "decimal"
            lines.append(f"{report_text(series.label)}: {cell_text(value, kind)}")
        if result.target is not None:
            left = [kinds.get(s.key) for s in result.series if s.axis == "left"]
            kind = next((k for k in left if k is not None and k != "text"), "decimal")
            lines.append(f"{report_text(result.target_label)}: {cell_text(result.target, kind)}")
        return "\n".join(lines)

    def _hovered(self, scene_pos: QPointF) -> None:
        index = self.index_at(scene_pos)
        if index is None:
            QToolTip.hideText()
            return
        view_pos = self.widget.mapFromScene(scene_pos)
        QToolTip.showText(self.widget.mapToGlobal(view_pos), self.hover_text(index), self.widget)

    # -- export ---------------------------------------------------------------------------------------------
    def image(self, width: int | None = None, height: int | None = None) -> QImage:
        """The chart as an image, at the given size (default: as it is on screen)."""
        if width and height and (self.width(), self.height()) != (width, height):
            self.resize(width, height)
            self._x_ticks()
            self._sync_right()
        return self.grab().toImage()


def pen_is_dashed(pen: QPen) -> bool:
    return pen.style() == Qt.PenStyle.DashLine


def render_chart(result: ReportResult, width: int, height: int) -> QImage:
    """``result``'s chart drawn at a fixed size off screen (the exports' picture, whatever the window's size)."""
    chart = ReportChart()
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    chart.resize(width, height)
    chart.show()
    try:
        chart.show_result(result)
        layout = chart.layout()
        if layout is not None:
            layout.activate()
        for _ in range(3):  # the scene lays its axes out in posted events: let it, then draw
            QCoreApplication.sendPostedEvents()
            QCoreApplication.processEvents()
            chart._x_ticks()
            chart._sync_right()
        return chart.grab().toImage()
    finally:
        chart.close()
        chart.deleteLater()
