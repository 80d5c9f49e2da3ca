"""The flow graph canvas: one node per step (coloured by kind), arrows for every way out, zoom, pan, layout.

The canvas draws a flow document in its dict form (``FlowDefinition.to_data()``, as the editor keeps it while
it is edited).  Nodes can be dragged; :meth:`FlowCanvas.positions` gives their places back so that saving
writes them into the document's ``layout``.  Where the document has no place for a step, a layered top-down
layout is made (each step one layer below the first step that leads to it).  A heat overlay tints each node
by the share of runs that stopped there (flow analytics).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainterPath, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

NODE_W, NODE_H = 170.0, 52.0
GAP_X, GAP_Y = 40.0, 60.0
KIND_COLOURS = {
    "say": "#dbeafe",
    "ask": "#dcfce7",
    "branch": "#fef3c7",
    "identity_check": "#ede9fe",
    "read_aloud": "#fce7f3",
    "action": "#ffedd5",
    "end": "#e5e7eb",
}
EDGE_COLOURS = {"next": "#475569", "fail": "#b91c1c", "on_error": "#b45309", "default": "#1d4ed8"}
HEAT_LOW, HEAT_HIGH = QColor("#fff7ed"), QColor("#dc2626")
ZOOM_STEP = 1.2
ZOOM_RANGE = (0.2, 4.0)
FIT_FLOOR = 0.7  # the fitted zoom stays readable; a wide graph scrolls


def targets(step: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every way out of a step in its dict form: (label, target id)."""
    out: list[tuple[str, str]] = []
    for number, case in enumerate(step.get("cases") or (), start=1):
        if case.get("next"):
            out.append((f"case {number}", str(case["next"])))
    for key in ("next", "fail", "on_error", "default"):
        if step.get(key):
            out.append((key, str(step[key])))
    return out


def layered_layout(doc: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Top-down layers: breadth first from the start step; steps no path reaches go in a last layer."""
    steps = [s for s in doc.get("steps") or () if s.get("id")]
    by_id = {s["id"]: s for s in steps}
    depth: dict[str, int] = {}
    start = str(doc.get("start") or "")
    queue = [start] if start in by_id else []
    if queue:
        depth[start] = 0
    while queue:
        current = queue.pop(0)
        for _label, target in targets(by_id[current]):
            if target in by_id and target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)
    last = max(depth.values(), default=-1) + 1
    layers: dict[int, list[str]] = {}
    for step in steps:
        layers.setdefault(depth.get(step["id"], last), []).append(step["id"])
    places: dict[str, tuple[float, float]] = {}
    for level, ids in layers.items():
        width = len(ids) * NODE_W + (len(ids) - 1) * GAP_X
        for index, sid in enumerate(ids):
            places[sid] = (index * (NODE_W + GAP_X) - width / 2, level * (NODE_H + GAP_Y))
    return places


def heat_colour(share: float) -> QColor:
    """The tint of a node where ``share`` (0..1) of the runs stopped."""
    t = max(0.0, min(1.0, share))
    return QColor(
        round(HEAT_LOW.red() + (HEAT_HIGH.red() - HEAT_LOW.red()) * t),
        round(HEAT_LOW.green() + (HEAT_HIGH.green() - HEAT_LOW.green()) * t),
        round(HEAT_LOW.blue() + (HEAT_HIGH.blue() - HEAT_LOW.blue()) * t),
    )


class StepNode(QGraphicsRectItem):
    """A step: its title (or id) over its kind; movable; tells the canvas when it moves."""

    def __init__(self, canvas: FlowCanvas, step_id: str, kind: str, title: str, kind_name: str) -> None:
        super().__init__(0, 0, NODE_W, NODE_H)
        self.canvas = canvas
        self.step_id = step_id
        self.kind = kind
        self.setBrush(QBrush(QColor(KIND_COLOURS.get(kind, "#ffffff"))))
        self.setPen(QPen(QColor("#334155"), 1.2))
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setToolTip(f"{title}\n{step_id} · {kind_name}")
        self.title = QGraphicsSimpleTextItem(self._fit(title, 150), self)
        self.title.setPos(8, 6)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setText(self._fit(title, NODE_W - 16))
        self._sub = f"{kind_name} · {step_id}"
        self.sub = QGraphicsSimpleTextItem(self._fit(self._sub, NODE_W - 16), self)
        self.sub.setBrush(QBrush(QColor("#475569")))
        self.sub.setPos(8, 28)

    def _fit(self, text: str, width: float) -> str:
        from PySide6.QtGui import QFontMetricsF

        item = getattr(self, "title", None)
        font = item.font() if item is not None else self.canvas.font()
        return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.canvas.node_moved(self.step_id)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged and value:
            self.canvas.node_selected(self.step_id)
        return super().itemChange(change, value)

    def set_tint(self, colour: QColor | None, note: str = "") -> None:
        """The node's fill (None: its kind's colour); a dark fill gets light text. ``note``: e.g. the share."""
        fill = colour if colour is not None else QColor(KIND_COLOURS.get(self.kind, "#ffffff"))
        self.setBrush(QBrush(fill))
        dark = fill.lightnessF() < 0.6
        self.title.setBrush(QBrush(QColor("#ffffff" if dark else "#111827")))
        self.sub.setBrush(QBrush(QColor("#ffffff" if dark else "#475569")))
        self.sub.setText(self._fit(f"{note} · {self._sub}" if note else self._sub, NODE_W - 16))

    def set_marked(self, marked: bool) -> None:
        self.setPen(QPen(QColor("#2563eb") if marked else QColor("#334155"), 3.0 if marked else 1.2))


class Edge(QGraphicsPathItem):
    """An arrow from one node to another, with its label near the middle."""

    def __init__(self, source: StepNode, target: StepNode, label: str) -> None:
        super().__init__()
        self.source, self.target, self.kind = source, target, label
        colour = QColor(EDGE_COLOURS.get(label, "#7c3aed"))
        self.setPen(QPen(colour, 1.6))
        self.setZValue(-1)
        self.head = QGraphicsPathItem(self)
        self.head.setBrush(QBrush(colour))
        self.head.setPen(QPen(colour))
        self.label = QGraphicsSimpleTextItem(label, self)
        self.label.setBrush(QBrush(colour))
        self.update_path()

    def update_path(self) -> None:
        a = self.source.sceneBoundingRect()
        b = self.target.sceneBoundingRect()
        start = QPointF(a.center().x(), a.bottom())
        end = QPointF(b.center().x(), b.top())
        path = QPainterPath(start)
        if self.source is self.target:  # a step that leads to itself: a loop on its right
            start, end = QPointF(a.right(), a.center().y() - 10), QPointF(a.right(), a.center().y() + 10)
            path = QPainterPath(start)
            path.cubicTo(start + QPointF(50, -30), end + QPointF(50, 30), end)
        elif end.y() <= start.y():  # upwards: go round on the right so the arrow does not cross the nodes
            start, end = QPointF(a.right(), a.center().y()), QPointF(b.right(), b.center().y())
            path = QPainterPath(start)
            bend = max(a.right(), b.right()) + 40
            path.cubicTo(QPointF(bend, start.y()), QPointF(bend, end.y()), end)
        else:
            mid = (start.y() + end.y()) / 2
            path.cubicTo(QPointF(start.x(), mid), QPointF(end.x(), mid), end)
        self.setPath(path)
        tip = path.pointAtPercent(1.0)
        before = path.pointAtPercent(0.95)
        angle = math.atan2(tip.y() - before.y(), tip.x() - before.x())
        size = 9.0
        left = tip - QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size)
        right = tip - QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size)
        head = QPainterPath()
        head.addPolygon(QPolygonF([tip, left, right, tip]))
        self.head.setPath(head)
        if self.kind == "next":
            self.label.setVisible(False)  # the usual way on needs no word
        else:
            middle = path.pointAtPercent(0.5)
            self.label.setPos(middle + QPointF(4, -14))


class FlowCanvas(QGraphicsView):
    """Draws a flow document; Ctrl+wheel / Ctrl+= / Ctrl+- zoom, drag the background or arrow keys pan.

    Signals:
        step_selected(str): a node was clicked (or selected with :meth:`select_step`).
        moved(): a node was dragged (the layout changed).
    """

    step_selected = Signal(str)
    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowCanvas")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(self.renderHints())
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(QBrush(QColor("#f8fafc")))
        # The application's focus ring (resources/qss/contactdesk.qss): 2 px of the brand accent; 1 px of border
        # and 1 px of padding without the focus, so the ring moves nothing.
        self.setStyleSheet(
            "QGraphicsView#flowCanvas { border: 1px solid #b9c3cf; padding: 1px; }"
            " QGraphicsView#flowCanvas:focus { border: 2px solid #1f5fa8; padding: 0px; }"
        )
        self.nodes: dict[str, StepNode] = {}
        self.edges: list[Edge] = []
        self.heat: dict[str, float] = {}
        self._selected: str | None = None
        self._quiet = False

    # -- drawing ------------------------------------------------------------------------------------------
    def show_flow(
        self, doc: Mapping[str, Any], kind_names: Mapping[str, str], locale: str, *, relayout: bool = False
    ) -> None:
        """Draw ``doc``; places from its ``layout`` unless ``relayout`` (then the layered layout)."""
        self._quiet = True
        self.scene().clear()
        self.nodes, self.edges = {}, []
        layout = {} if relayout else dict(doc.get("layout") or {})
        auto = layered_layout(doc)
        for step in doc.get("steps") or ():
            sid = str(step.get("id") or "")
            if not sid:
                continue
            title = _text(step.get("title"), locale) or sid
            kind = str(step.get("kind") or "")
            node = StepNode(self, sid, kind, title, kind_names.get(kind, kind))
            x, y = layout.get(sid) or auto.get(sid, (0.0, 0.0))
            node.setPos(float(x), float(y))
            self.scene().addItem(node)
            self.nodes[sid] = node
        for step in doc.get("steps") or ():
            source = self.nodes.get(str(step.get("id") or ""))
            if source is None:
                continue
            for label, target in targets(step):
                if target in self.nodes:
                    edge = Edge(source, self.nodes[target], label)
                    self.scene().addItem(edge)
                    self.edges.append(edge)
        self._apply_heat()
        if self._selected in self.nodes:
            self.nodes[self._selected].set_marked(True)
        bounds = self.scene().itemsBoundingRect().adjusted(-80, -60, 120, 80)
        self.setSceneRect(bounds)
        self._quiet = False

    def positions(self) -> dict[str, list[float]]:
        """Every node's place (for the document's ``layout``)."""
        return {sid: [round(n.pos().x(), 1), round(n.pos().y(), 1)] for sid, n in self.nodes.items()}

    def node_moved(self, step_id: str) -> None:
        for edge in self.edges:
            if edge.source.step_id == step_id or edge.target.step_id == step_id:
                edge.update_path()
        if not self._quiet:
            self.moved.emit()

    def node_selected(self, step_id: str) -> None:
        if not self._quiet and step_id != self._selected:
            self.select_step(step_id)
            self.step_selected.emit(step_id)

    def select_step(self, step_id: str | None, *, centre: bool = True) -> None:
        """Mark ``step_id``'s node (and bring it into view)."""
        if self._selected in self.nodes:
            self.nodes[self._selected].set_marked(False)
        self._selected = step_id
        node = self.nodes.get(step_id or "")
        if node is not None:
            node.set_marked(True)
            if centre:
                self.ensureVisible(node, 40, 40)

    @property
    def selected(self) -> str | None:
        return self._selected

    # -- heat overlay -------------------------------------------------------------------------------------
    def set_heat(self, shares: Mapping[str, float] | None) -> None:
        """Tint each node by the share of runs that stopped there (None: the kind colours again)."""
        self.heat = dict(shares or {})
        self._apply_heat()

    def _apply_heat(self) -> None:
        top = max(self.heat.values(), default=0.0)
        for sid, node in self.nodes.items():
            if not self.heat:
                node.set_tint(None)
            else:
                share = self.heat.get(sid, 0.0)
                node.set_tint(heat_colour(share / top if top else 0.0), f"{share * 100:.0f}%")

    # -- zoom and pan -------------------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if ZOOM_RANGE[0] <= scale <= ZOOM_RANGE[1]:
            self.scale(factor, factor)

    def zoom_level(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Zoom so that the graph's width fits the view (never below a readable ``FIT_FLOOR``, never above 1)."""
        self.resetTransform()
        width = self.scene().itemsBoundingRect().width() + 40
        room = max(1, self.viewport().width())
        scale = max(FIT_FLOOR, min(1.0, room / width)) if width > 0 else 1.0
        self.scale(scale, scale)

    def show_top(self) -> None:
        """Scroll to the first layer (the start step at the top)."""
        rect = self.scene().itemsBoundingRect()
        self.centerOn(rect.center().x(), rect.top() + self.visible_rect().height() / 2 - 20)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
            self.zoom(ZOOM_STEP)
            return
        if control and event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
            return
        steps = {
            Qt.Key.Key_Left: (-40, 0),
            Qt.Key.Key_Right: (40, 0),
            Qt.Key.Key_Up: (0, -40),
            Qt.Key.Key_Down: (0, 40),
        }
        if event.key() in steps:
            dx, dy = steps[Qt.Key(event.key())]
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)
            return
        super().keyPressEvent(event)

    def visible_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


def _text(value: Any, locale: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get("en" if locale.startswith("en") else "zh_CN") or "")
    return str(value or "")
