"""The flow editor's workflow and tools: save (optimistic: a save that lost the race is merged as records are,
see the draft_merge module), submit, withdraw, approve, publish, retire, new version; compare two versions;
import and export files; the preview run; the drop-off overlay.

:class:`EditorWorkflow` is the base of :class:`~.editor.FlowEditor` (which builds the widgets named below);
every service call runs on the database worker.  Its texts are translated in the ``EditorWorkflow`` context
(PySide6 takes the context from the class that defines the method calling ``tr``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QPushButton, QWidget

from db.repositories.versioning import StaleVersion
from services.flows.errors import FlowFormatError
from services.permissions import Principal, allowed

from .. import fmt
from .canvas import FlowCanvas
from .draft_merge import DraftMerge
from .problems import ProblemList
from .step_panel import StepPanel
from .versions import CompareDialog, PreviewDialog


def language() -> str:
    return "zh_CN" if fmt.is_chinese() else "en"


def error_text(exc: BaseException) -> str:
    """A service refusal in the interface language (other errors by their text)."""
    message = getattr(exc, "message", None)
    return str(message(language())) if callable(message) else str(exc)


class EditorWorkflow(QWidget):
    """The workflow buttons and the tools of the flow editor (the widgets are made by the subclass)."""

    _tasks: Any
    _service: Any
    _principal: Principal
    _preview: tuple[Callable[[int, str], Any] | None, Callable[[Any, str], Any] | None]
    _stats: Callable[[str, int | None], Any] | None
    current: Any
    versions: list[Any]
    dirty: bool
    dialog: Any
    buttons: dict[str, QPushButton]
    message: QLabel
    problems: ProblemList
    panel: StepPanel
    canvas: FlowCanvas
    heat_box: QCheckBox
    legend: QLabel
    compare_box: QComboBox
    changed: Any
    doc: Any
    _saving: Any = None  # (the draft as opened, the document sent) while a save is under way
    merge: Any = None  # the DraftMerge settling a refused save
    note_after_save: Any = None  # shown once the version is shown again after the save

    # Provided by the editor (desktop.ui.flows.editor.FlowEditor), which this part belongs to.
    _editable: Callable[[], bool]
    definition: Callable[[], Any]
    reload: Callable[..., None]
    _touched: Callable[..., None]
    _redraw: Callable[..., None]

    # -- the workflow -------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        author = allowed(self._principal.role, "flow.author")
        info = self.current.info if self.current is not None else None
        status = info.status if info is not None else None
        me = self._principal.user_id
        wrote = info is not None and (me == info.author_id or me in info.editor_ids or me == info.submitted_by_id)
        enabled = {
            "save": author and status == "draft",
            "submit": author and status == "draft",
            "withdraw": author and status in ("submitted", "approved"),
            "approve": author and status == "submitted" and not wrote,
            "publish": author and status == "approved",
            "retire": author and status in ("published", "approved"),
            "version": author and status in ("published", "retired", "approved"),
            "compare": info is not None and len(self.versions) > 1,
            "import": author,
            "export": author and info is not None,
            "preview": author and info is not None and self._preview[0] is not None,
            "add": author and status == "draft",
            "delete": author and status == "draft",
            "layout": info is not None,
        }
        for key, on in enabled.items():
            self.buttons[key].setEnabled(bool(on))
        self.buttons["preview"].setVisible(self._preview[0] is not None)
        self.panel.setEnabled(self._editable() and bool(self.panel.step))

    def save(self) -> None:
        """Save the draft; a newer save by someone else is refused and the edits stay here."""
        current = self.current
        if current is None or not self._editable():
            return
        try:
            defn = self.definition()
        except FlowFormatError as exc:
            self._say(error_text(exc))
            return
        service, who = self._service, self._principal
        self._saving = (current, defn.to_data())

        def work() -> int:
            service.save(who, current.id, current.version, defn)
            return int(current.id)

        self._run(work)

    def _merge_stale_save(self, saving: tuple[Any, dict[str, Any]]) -> None:
        """Our save lost the race: read the draft now and merge (:mod:`.draft_merge`)."""
        opened, mine = saving
        merge = DraftMerge(
            self,
            original=opened.definition.to_data(),
            mine=mine,
            base_version=opened.version,
            apply=self._apply_merge,
            say=self._say,
        )
        self.merge = merge
        service = self._service
        self._tasks.run_db(
            lambda: service.get(opened.id),
            on_success=merge.settle,
            on_failure=self._failed,
            owner=self,
            label="flow draft now",
        )

    def _apply_merge(self, now: Any, doc: dict[str, Any], note: str) -> None:
        """Put the merged document into the editor as an edit of the draft as it is now, and save it."""
        self.current = now
        self.doc = doc
        self.note_after_save = note
        self._touched()
        self._redraw()
        self.save()

    def _act(self, action: str) -> None:
        current = self.current
        if current is None:
            return
        method, who = getattr(self._service, action), self._principal

        def work() -> int:
            method(who, current.id, current.version)
            return int(current.id)

        self._run(work)

    def new_version(self) -> None:
        current, who = self.current, self._principal
        if current is not None:
            self._run(lambda: self._service.new_version(who, current.id))

    def _run(self, work: Callable[[], int]) -> None:
        self.message.hide()
        self._tasks.run_db(
            work,
            on_success=self._written,
            on_failure=self._failed,
            owner=self,
            changes=("service_flow",),
            label="flow write",
        )

    def _written(self, flow_id: int) -> None:
        self._saving = None
        self.changed.emit(int(flow_id))
        code = self.current.info.code if self.current is not None else None
        self.dirty = False
        self.reload(select_code=code, select_id=int(flow_id))

    def _failed(self, exc: BaseException) -> None:
        saving, self._saving = self._saving, None
        if isinstance(exc, StaleVersion):
            if saving is not None:  # our save lost the race: merge as records do
                self._merge_stale_save(saving)
            else:
                self._say(self.tr("Someone else changed this version after you opened it: open it again to go on."))
            return
        found = getattr(exc, "problems", None)
        if found:
            self.problems.show_problems(found)
        self._say(error_text(exc))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- comparing, files, preview, heat ------------------------------------------------------------------
    def compare(self) -> None:
        current, other = self.current, self.compare_box.currentData()
        if current is None or other is None:
            return
        title = self.tr("Changes from {a} to {b}").format(
            a=self.compare_box.currentText(), b=f"v{current.info.version_no}"
        )
        self._tasks.run_db(
            lambda: self._service.compare(int(other), current.id),
            on_success=lambda changes: self._show_dialog(CompareDialog(title, changes, self)),
            on_failure=self._failed,
            owner=self,
            label="flow compare",
        )

    def _show_dialog(self, dialog: Any) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a flow"), "", self.tr("Flow files (*.yaml *.yml *.json)")
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        """Import a YAML/JSON flow file: a new flow, or a new draft of the flow with its code."""
        fmt_name = "json" if path.suffix.lower() == ".json" else "yaml"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._say(str(exc))
            return
        who = self._principal

        def work() -> tuple[int, str]:
            flow_id = self._service.import_file(who, text, fmt_name)
            return flow_id, self._service.get(flow_id).info.code

        def done(found: tuple[int, str]) -> None:
            self.reload(select_code=found[1], select_id=found[0])

        self.message.hide()
        self._tasks.run_db(
            work, on_success=done, on_failure=self._failed, owner=self, changes=("service_flow",), label="flow import"
        )

    def export_file(self) -> None:
        current = self.current
        if current is None:
            return
        name = f"{current.info.code}_v{current.info.version_no}.yaml"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the flow"), name, self.tr("Flow files (*.yaml *.yml *.json)")
        )
        if path:
            self.export_path(Path(path))

    def export_path(self, path: Path) -> None:
        current, who = self.current, self._principal
        if current is None:
            return
        fmt_name = "json" if path.suffix.lower() == ".json" else "yaml"

        def work() -> str:
            text = self._service.export(who, current.id, fmt_name)
            path.write_text(text, encoding="utf-8")
            return str(path)

        self._tasks.run_db(
            work,
            on_success=lambda p: self._say(self.tr("Exported to {path}").format(path=p)),
            on_failure=self._failed,
            owner=self,
            label="flow export",
        )

    def preview(self) -> None:
        start, step = self._preview
        current = self.current
        if current is None or start is None or step is None:
            return
        flow_id = current.id
        self._show_dialog(PreviewDialog(self._tasks, lambda cif: start(flow_id, cif), step, self))

    def _heat_toggled(self, on: bool) -> None:
        self.legend.setVisible(on)
        if on:
            self._load_heat()
        else:
            self.canvas.set_heat(None)

    def _load_heat(self) -> None:
        current, stats = self.current, self._stats
        if current is None or stats is None:
            return
        code, number = current.info.code, current.info.version_no
        self._tasks.run_db(
            lambda: stats(code, number)[0],
            on_success=lambda s: self.canvas.set_heat({d.step_id: s.drop_rate(d.step_id) for d in s.drop_off}),
            on_failure=self._failed,
            owner=self,
            label="flow heat",
        )
