"""The "Service flows" workspace (supervisors): the flows, the graph editor of a version, and its analytics.

The editor keeps the version's document in its dict form and redraws the canvas from it after every edit;
the problems (:meth:`FlowAuthoring.problems`, on the database worker) follow as the author works.  Saving
writes the canvas places into ``layout``.  A save over someone else's newer save is refused (StaleVersion)
and merged as records are: what only one side changed is kept, steps both changed are chosen in the conflict
dialog (:mod:`.draft_merge`).  Every call to the service runs on the database worker.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from services.flows.definition import STEP_KINDS, parse
from services.flows.errors import FlowFormatError
from services.permissions import Principal, allowed

from ..translate import QT_TRANSLATE_NOOP
from . import doc_edits
from .canvas import FlowCanvas
from .editor_workflow import EditorWorkflow, error_text, language
from .problems import ProblemList
from .step_panel import StepPanel

CHECK_DELAY_MS = 300
KIND_NAMES = {
    "say": QT_TRANSLATE_NOOP("FlowEditor", "Say"),
    "ask": QT_TRANSLATE_NOOP("FlowEditor", "Ask"),
    "branch": QT_TRANSLATE_NOOP("FlowEditor", "Branch"),
    "identity_check": QT_TRANSLATE_NOOP("FlowEditor", "Identity check"),
    "read_aloud": QT_TRANSLATE_NOOP("FlowEditor", "Read aloud"),
    "action": QT_TRANSLATE_NOOP("FlowEditor", "Action"),
    "end": QT_TRANSLATE_NOOP("FlowEditor", "End"),
}
STATUS = {
    "draft": QT_TRANSLATE_NOOP("FlowEditor", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("FlowEditor", "Submitted"),
    "approved": QT_TRANSLATE_NOOP("FlowEditor", "Approved"),
    "published": QT_TRANSLATE_NOOP("FlowEditor", "Published"),
    "retired": QT_TRANSLATE_NOOP("FlowEditor", "Retired"),
}
BUTTONS: tuple[str, ...] = ("save", "submit", "withdraw", "approve", "publish", "retire", "version", "compare")
BUTTONS += ("import", "export", "preview", "add", "delete", "layout")
# Keys of the editor's buttons.  None may be a key of the window (Ctrl+Shift+A is "Available", Ctrl+Shift+L
# "Switch user", Ctrl+Shift+P the 360° view's call): Qt fires neither of two actions sharing a key.
KEYS = {
    "save": "Ctrl+S",
    "add": "Ctrl+Insert",
    "delete": "Ctrl+Shift+Delete",
    "layout": "Ctrl+Alt+L",
    "preview": "Ctrl+Alt+P",
}


class FormatProblem:
    """A document that does not parse, shown in the problem list like a validation problem."""

    def __init__(self, exc: FlowFormatError) -> None:
        self.step_id = None
        self.exc = exc

    def message(self, locale: str) -> str:
        return error_text(self.exc) if locale == language() else str(self.exc)


class FlowEditor(EditorWorkflow):
    """The flows and the editor of the chosen version (``flow.author``).

    Args:
        tasks: the task manager.
        authoring: the :class:`~services.flows.authoring.FlowAuthoring` service.
        principal: the supervisor.
        preview_start / preview_step: a preview run (see :class:`PreviewDialog`): ``(flow_id, cif)`` and
            ``(view, typed)``; None hides the preview.
        stats: ``(code, version_no | None) -> (FlowStats, steps)`` for the heat overlay and the analytics.

    Signals:
        changed(int): a version was written (its id).
        shown(str, int): a version is shown (its code and number).
    """

    changed = Signal(int)
    shown = Signal(str, int)

    def __init__(
        self,
        tasks: Any,
        authoring: Any,
        principal: Principal,
        *,
        preview_start: Callable[[int, str], Any] | None = None,
        preview_step: Callable[[Any, str], Any] | None = None,
        stats: Callable[[str, int | None], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flowEditor")
        self._tasks, self._service, self._principal = tasks, authoring, principal
        self._preview = (preview_start, preview_step)
        self._stats = stats
        self.flows: list[Any] = []
        self.versions: list[Any] = []
        self.current: Any = None  # the FlowVersion shown
        self.doc: dict[str, Any] = {}
        self.dirty = False
        self.list = QListWidget(self)
        self.list.setObjectName("flowList")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.version_box = QComboBox(self)
        self.version_box.setObjectName("flowVersion")
        self.compare_box = QComboBox(self)
        self.compare_box.setObjectName("flowCompareWith")
        self.status = QLabel(self)
        self.status.setObjectName("flowStatus")
        self.status.setWordWrap(True)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("flowNewStepKind")
        for kind in STEP_KINDS:
            self.kind_box.addItem(kind, kind)
        self.step_box = QComboBox(self)
        self.step_box.setObjectName("flowStepChooser")
        self.step_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.step_box.setMinimumContentsLength(10)
        self.heat_box = QCheckBox(self)
        self.heat_box.setObjectName("flowHeat")
        self.legend = QLabel(self)
        self.legend.setObjectName("flowHeatLegend")
        self.legend.hide()
        self.canvas = FlowCanvas(self)
        self.panel = StepPanel(self)
        self.problems = ProblemList(self)
        self.problems.setMinimumHeight(60)
        self.problems.setMaximumHeight(96)
        self.message = QLabel(self)
        self.message.setObjectName("dialogError")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = {key: QPushButton(self) for key in BUTTONS}
        for key, button in self.buttons.items():
            button.setObjectName(f"flow_{key}")
        self.captions = {key: QLabel(self) for key in ("flows", "version", "compare", "step", "problems", "kind")}
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self._connect()
        self.retranslate()
        self._update_buttons()
        self.reload()

    # -- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.captions["flows"])
        left_layout.addWidget(self.list, 1)
        for key in ("version", "compare"):
            row = QHBoxLayout()
            row.addWidget(self.captions[key])
            row.addWidget(self.version_box if key == "version" else self.compare_box, 1)
            left_layout.addLayout(row)
        left_layout.addWidget(self.buttons["compare"])
        files = QHBoxLayout()
        files.addWidget(self.buttons["import"])
        files.addWidget(self.buttons["export"])
        left_layout.addLayout(files)
        left_layout.addWidget(self.status)
        left.setMinimumWidth(190)
        self.captions["flows"].setBuddy(self.list)
        self.captions["version"].setBuddy(self.version_box)
        self.captions["compare"].setBuddy(self.compare_box)
        self.captions["step"].setBuddy(self.step_box)
        self.captions["problems"].setBuddy(self.problems)
        self.captions["kind"].setBuddy(self.kind_box)
        # Above the canvas: which step, the layout and the drop-off overlay; above the side panel: new and
        # deleted steps (the page stays narrow enough for 1280 px beside the call panel).
        tools = QHBoxLayout()
        tools.addWidget(self.captions["step"])
        tools.addWidget(self.step_box, 1)
        tools.addWidget(self.buttons["layout"])
        tools.addWidget(self.heat_box)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(tools)
        middle_layout.addWidget(self.legend)
        middle_layout.addWidget(self.canvas, 1)
        middle_layout.addWidget(self.captions["problems"])
        middle_layout.addWidget(self.problems)
        self.panel_area = QScrollArea(self)
        self.panel_area.setObjectName("flowStepArea")
        self.panel_area.setWidgetResizable(True)
        self.panel_area.setWidget(self.panel)
        self.panel_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.panel_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the fields narrow
        steps = QHBoxLayout()
        steps.addWidget(self.captions["kind"])
        steps.addWidget(self.kind_box, 1)
        steps.addWidget(self.buttons["add"])
        steps.addWidget(self.buttons["delete"])
        right = QWidget(self)
        right.setMinimumWidth(270)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(steps)
        right_layout.addWidget(self.panel_area, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640, 330])
        buttons = QHBoxLayout()
        for key in BUTTONS:
            if key not in ("add", "delete", "layout", "compare", "import", "export"):
                buttons.addWidget(self.buttons[key])
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.key_actions: dict[str, QAction] = {}
        for key, keys in KEYS.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(self.buttons[key].click)
            self.addAction(action)
            self.key_actions[key] = action
        zoom_in, zoom_out = QAction(self), QAction(self)
        zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        zoom_out.setShortcut(QKeySequence("Ctrl+-"))
        for action, factor in ((zoom_in, 1.2), (zoom_out, 1 / 1.2)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False, f=factor: self.canvas.zoom(f))
            self.addAction(action)

    def _connect(self) -> None:
        self.list.currentRowChanged.connect(self._flow_chosen)
        self.version_box.activated.connect(self._version_chosen)
        self.step_box.activated.connect(lambda _i: self.select_step(self.step_box.currentData()))
        self.step_box.currentTextChanged.connect(self.step_box.setToolTip)  # the whole name, if the box is narrow
        self.canvas.step_selected.connect(self.select_step)
        self.canvas.moved.connect(self._moved)
        self.problems.step_chosen.connect(self.select_step)
        self.panel.changed.connect(self._step_edited)
        self.heat_box.toggled.connect(self._heat_toggled)
        self.buttons["save"].clicked.connect(self.save)
        for key in ("submit", "withdraw", "approve", "publish", "retire"):
            self.buttons[key].clicked.connect(lambda _c=False, k=key: self._act(k))
        self.buttons["version"].clicked.connect(self.new_version)
        self.buttons["compare"].clicked.connect(self.compare)
        self.buttons["import"].clicked.connect(self.import_file)
        self.buttons["export"].clicked.connect(self.export_file)
        self.buttons["preview"].clicked.connect(self.preview)
        self.buttons["add"].clicked.connect(self.add_step)
        self.buttons["delete"].clicked.connect(self.delete_step)
        self.buttons["layout"].clicked.connect(self.auto_layout)

    # -- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        captions = {
            "flows": self.tr("Flows"),
            "version": self.tr("Version"),
            "compare": self.tr("Compare with"),
            "step": self.tr("Step"),
            "problems": self.tr("Problems"),
            "kind": self.tr("New step"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
            self.captions[key].setToolTip(text)  # narrow in a long language: the whole caption on hover
        texts = {
            "save": self.tr("Save"),
            "submit": self.tr("Submit"),
            "withdraw": self.tr("Withdraw"),
            "approve": self.tr("Approve"),
            "publish": self.tr("Publish"),
            "retire": self.tr("Retire"),
            "version": self.tr("New version"),
            "compare": self.tr("Compare"),
            "import": self.tr("Import…"),
            "export": self.tr("Export…"),
            "preview": self.tr("Preview…"),
            "add": self.tr("Add"),
            "delete": self.tr("Delete"),
            "layout": self.tr("Auto-layout"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
            self.buttons[key].setToolTip(text)
            if key in KEYS:
                self.buttons[key].setToolTip(
                    f"{text} ({QKeySequence(KEYS[key]).toString(QKeySequence.SequenceFormat.NativeText)})"
                )
        for i, kind in enumerate(STEP_KINDS):
            self.kind_box.setItemText(i, self.tr(KIND_NAMES[kind]))
        for box in (self.version_box, self.compare_box):
            for i in range(box.count()):
                box.setItemText(i, self._version_text(box.itemData(i)))
        self.heat_box.setText(self.tr("Drop-off heat"))
        self.legend.setText(self.tr("Drop-off: pale = few runs stopped at the step, red = the most"))
        self.legend.setStyleSheet(
            "QLabel#flowHeatLegend { padding: 2px 6px; border-radius: 3px;"
            " background: qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 #fff7ed, stop:1 #fca5a5); }"
        )
        self.list.setAccessibleName(self.tr("Flows"))
        self.canvas.setAccessibleName(self.tr("Flow graph"))
        self.problems.setAccessibleName(self.tr("Problems"))
        self.version_box.setAccessibleName(self.tr("Version"))
        self.compare_box.setAccessibleName(self.tr("Compare with"))
        self.step_box.setAccessibleName(self.tr("Step"))
        self.kind_box.setAccessibleName(self.tr("Kind of the new step"))
        for i, info in enumerate(self.flows):
            item = self.list.item(i)
            if item is not None:
                item.setText(self._flow_text(info))
        self._show_status()
        self.problems.retranslate()
        if self.doc:
            self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _flow_text(self, info: Any) -> str:
        status = self.tr(STATUS.get(info.status, info.status))
        return f"{info.name.get(language())}\n{info.code} · v{info.version_no} · {status}"

    def _version_text(self, flow_id: int) -> str:
        info = next((v for v in self.versions if v.id == flow_id), None)
        return "" if info is None else f"v{info.version_no} · {self.tr(STATUS.get(info.status, info.status))}"

    def _show_status(self) -> None:
        if self.current is None:
            self.status.setText(self.tr("No flow chosen"))
            return
        info = self.current.info
        text = self.tr("Version {n}: {status}").format(n=info.version_no, status=self.tr(STATUS.get(info.status, "")))
        published = next((v.version_no for v in self.versions if v.status == "published"), None)
        drafts = sum(1 for v in self.versions if v.status == "draft")
        text += "\n" + self.tr("Published: {p} · drafts: {d}").format(p=f"v{published}" if published else "—", d=drafts)
        if self.dirty:
            text += "\n" + self.tr("Unsaved changes")
        self.status.setText(text)
        self.status.setToolTip(text)

    # -- loading ------------------------------------------------------------------------------------------
    def reload(self, select_code: str | None = None, select_id: int | None = None) -> None:
        self._tasks.run_db(
            self._service.listing,
            on_success=lambda rows: self._show_list(rows, select_code, select_id),
            on_failure=self._failed,
            key=f"flows-{id(self)}",
            owner=self,
            label="flows",
        )

    def _show_list(self, rows: list[Any], select_code: str | None, select_id: int | None) -> None:
        self.flows = rows
        self.list.blockSignals(True)
        self.list.clear()
        chosen = -1
        for i, info in enumerate(rows):
            item = QListWidgetItem(self._flow_text(info), self.list)
            item.setData(Qt.ItemDataRole.UserRole, info.code)
            item.setToolTip(self._flow_text(info))
            if info.code == select_code:
                chosen = i
        self.list.blockSignals(False)
        if chosen >= 0:
            self.list.setCurrentRow(chosen)
            self._flow_chosen(chosen, select_id)

    def open_flow(self, code: str, flow_id: int | None = None) -> None:
        """Show ``code`` (its version ``flow_id``, else the newest)."""
        for i, info in enumerate(self.flows):
            if info.code == code:
                self.list.blockSignals(True)
                self.list.setCurrentRow(i)
                self.list.blockSignals(False)
                self._flow_chosen(i, flow_id)
                return
        self.reload(select_code=code, select_id=flow_id)

    def _flow_chosen(self, row: int, flow_id: int | None = None) -> None:
        if not 0 <= row < len(self.flows):
            return
        code = self.flows[row].code
        service = self._service

        def load() -> tuple[list[Any], Any]:
            versions = service.versions(code)
            chosen = flow_id if flow_id is not None else versions[0].id
            return versions, service.get(chosen)

        self._tasks.run_db(
            load,
            on_success=self._version_loaded,
            on_failure=self._failed,
            owner=self,
            key=f"flow-{id(self)}",
            label="flow version",
        )

    def _version_chosen(self, index: int) -> None:
        flow_id = self.version_box.itemData(index)
        if flow_id is not None:
            code = self.current.info.code if self.current is not None else None
            if code is not None:
                self.open_flow(code, int(flow_id))

    def _version_loaded(self, found: tuple[list[Any], Any]) -> None:
        self.versions, version = found
        self.show_version(version)

    def show_version(self, version: Any) -> None:
        """Show ``version`` (a FlowVersion) in the editor; unsaved edits of another version are dropped.

        The same version shown again (after a save) keeps the step selected and the canvas where they were.
        """
        again = self.current is not None and self.current.id == version.id
        selected = self.canvas.selected if again else None
        self.current = version
        self.doc = copy.deepcopy(version.definition.to_data())
        self.dirty = False
        self.message.hide()
        if self.note_after_save:  # a merged save went through: say what happened
            self._say(self.note_after_save)
            self.note_after_save = None
        for box in (self.version_box, self.compare_box):
            box.clear()
        for info in self.versions:
            label = self._version_text(info.id)
            self.version_box.addItem(label, info.id)
            if info.id != version.id:
                self.compare_box.addItem(label, info.id)
        self.version_box.setCurrentIndex(max(0, self.version_box.findData(version.id)))
        self._redraw(fit=not again)
        self.select_step(selected if selected in self.step_ids() else self.doc.get("start"))
        self._update_buttons()
        self._show_status()
        self.check()
        if self.heat_box.isChecked():
            self._load_heat()
        self.shown.emit(version.info.code, version.info.version_no)

    def _redraw(self, *, fit: bool = False, relayout: bool = False) -> None:
        names = {kind: self.tr(KIND_NAMES[kind]) for kind in STEP_KINDS}
        self.canvas.show_flow(self.doc, names, language(), relayout=relayout)
        if fit:
            self.canvas.fit()
            self.canvas.show_top()
        ids = self.step_ids()
        chosen = self.canvas.selected
        self.step_box.clear()
        for sid in ids:
            step = self._step(sid) or {}
            title = step.get("title")
            name = (title.get(language()) if isinstance(title, dict) else title) or ""
            self.step_box.addItem(f"{sid} · {name}" if name else sid, sid)
        self.step_box.setCurrentIndex(max(0, self.step_box.findData(chosen)))
        self.canvas.select_step(chosen, centre=False)

    def step_ids(self) -> list[str]:
        return doc_edits.step_ids(self.doc)

    def _step(self, step_id: str | None) -> dict[str, Any] | None:
        return doc_edits.find_step(self.doc, step_id)

    # -- selecting and editing ----------------------------------------------------------------------------
    def select_step(self, step_id: str | None) -> None:
        """Select a step: on the canvas, in the step chooser and in the side panel."""
        step = self._step(step_id)
        self.canvas.select_step(step_id if step is not None else None)
        self.step_box.setCurrentIndex(max(0, self.step_box.findData(step_id)))
        self.panel.show_step(step, self.step_ids())
        self.panel.setEnabled(step is not None and self._editable())

    def _editable(self) -> bool:
        return (
            self.current is not None and self.current.status == "draft" and allowed(self._principal.role, "flow.author")
        )

    def _step_edited(self, step: dict[str, Any]) -> None:
        steps = self.doc.get("steps") or []
        for i, old in enumerate(steps):
            if old.get("id") == step.get("id"):
                steps[i] = step
        self._touched()
        self._redraw()

    def _moved(self) -> None:
        self.doc["layout"] = self.canvas.positions()
        self._touched(check=False)

    def _touched(self, *, check: bool = True) -> None:
        self.dirty = True
        self._show_status()
        if check:
            self._timer.start()

    def add_step(self) -> None:
        """A new step of the chosen kind, linked after the selected step when that has no way on yet."""
        if not self._editable():
            return
        sid = doc_edits.add_step(
            self.doc,
            str(self.kind_box.currentData()),
            after=self.canvas.selected,
            positions=self.canvas.positions(),
        )
        self._touched()
        self._redraw()
        self.select_step(sid)

    def delete_step(self) -> None:
        """Delete the selected step; every way that led to it is cut (the problem list shows them)."""
        sid = self.canvas.selected
        if not self._editable() or sid is None or self._step(sid) is None:
            return
        doc_edits.delete_step(self.doc, sid)
        self._touched()
        self._redraw()
        self.select_step(self.doc.get("start"))

    def auto_layout(self) -> None:
        self.doc.pop("layout", None)
        self._redraw(fit=True, relayout=True)
        if self._editable():
            self.doc["layout"] = self.canvas.positions()
            self._touched(check=False)

    # -- problems -----------------------------------------------------------------------------------------
    def definition(self) -> Any:
        """The document as edited, parsed (raises FlowFormatError with the place)."""
        doc = copy.deepcopy(self.doc)
        if self.canvas.nodes:
            doc["layout"] = self.canvas.positions()
        return parse(doc)

    def check(self) -> None:
        """Validate the document as edited (on the database worker: the template statuses come from there)."""
        if not self.doc:
            return
        try:
            defn = self.definition()
        except FlowFormatError as exc:
            self.problems.show_problems([FormatProblem(exc)])
            return
        self._tasks.run_db(
            lambda: self._service.problems(defn),
            on_success=self.problems.show_problems,
            on_failure=self._failed,
            key=f"flow-check-{id(self)}",
            owner=self,
            busy=False,
            label="flow problems",
        )
