"""The "Service flows" tab: the flow editor (``flow.author``) and flow analytics (``report.view``), and the
glue that gives them the flow services (authoring, analytics, a preview run) from the window's flow desk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QTabWidget, QWidget

from services.permissions import Principal, allowed

from .analytics import AnalyticsPanel
from .editor import FlowEditor, language


class FlowServices:
    """The flow services the workspace calls (each method runs on the database worker).

    Args:
        engine: the database.
        audit: the audit trail (the runner's).
        runner: the window's FlowRunner (preview runs of drafts), or None.
        find_customer: ``cif -> (customer id, name) | None``, or None (no preview).
        principal: the supervisor.
    """

    def __init__(
        self,
        engine: Any,
        audit: Any,
        principal: Principal,
        *,
        runner: Any = None,
        find_customer: Callable[[str], tuple[int, str] | None] | None = None,
    ) -> None:
        from services.flows.authoring import FlowAuthoring

        self.engine = engine
        self.authoring = FlowAuthoring(engine, audit)
        self.runner = runner
        self.find_customer = find_customer
        self.principal = principal

    def stats(self, code: str, version_no: int | None) -> tuple[Any, list[dict[str, Any]]]:
        """The analytics of ``code`` (one version or all) and the steps to chart (of that version, else the
        published one, else the newest)."""
        from services.flows import analytics

        with self.engine.connect() as conn:
            stats = analytics.summary(conn, code, version_no)
        versions = self.authoring.versions(code)
        chosen = next((v for v in versions if v.version_no == version_no), None)
        chosen = chosen or next((v for v in versions if v.status == "published"), None) or versions[0]
        return stats, list(self.authoring.get(chosen.id).definition.to_data().get("steps") or [])

    def preview_start(self, flow_id: int, cif: str) -> Any:
        """A preview run of version ``flow_id`` for the customer with CIF number ``cif`` (None: no such customer)."""
        if self.find_customer is None or self.runner is None:
            return None
        found = self.find_customer(cif)
        if found is None:
            return None
        return self.runner.start(self.principal, flow_id, found[0])

    def preview_step(self, view: Any, typed: str) -> Any:
        """Answer or confirm the preview's current step with what the author typed."""
        runner, who = self.runner, self.principal
        if view.kind in ("read_aloud", "action"):
            return runner.confirm(who, view.run_id, step_id=view.step_id)
        if view.kind == "ask":
            return runner.answer(who, view.run_id, typed_answer(view, typed), step_id=view.step_id)
        if view.kind == "identity_check":
            answers = dict.fromkeys((c.name for c in view.checks), typed)
            return runner.answer(who, view.run_id, answers, step_id=view.step_id)
        return runner.answer(who, view.run_id, None, step_id=view.step_id)


def typed_answer(view: Any, typed: str) -> Any:
    """What the author typed as the answer the step wants: a digit picks a choice, y/n a yes/no."""
    if view.answer_type == "choice":
        match = next((c for c in view.choices if c.key == typed), None)
        return match.value if match is not None else typed
    if view.answer_type == "yes_no":
        return typed.strip().lower() in ("y", "yes", "1", "是", "true")
    if view.answer_type in ("number", "amount"):
        try:
            return float(typed) if "." in typed else int(typed)
        except ValueError:
            return typed
    return typed


class FlowsWorkspace(QTabWidget):
    """The "Service flows" tab: the editor (``flow.author``) and the analytics (``report.view``)."""

    def __init__(
        self,
        tasks: Any,
        services: FlowServices,
        principal: Principal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        authoring, stats = services.authoring, services.stats
        previews = services.runner is not None and services.find_customer is not None
        preview_start = services.preview_start if previews else None
        preview_step = services.preview_step if previews else None
        self.setObjectName("flowsWorkspace")
        self.setDocumentMode(True)
        self.editor: FlowEditor | None = None
        if allowed(principal.role, "flow.author"):
            self.editor = FlowEditor(
                tasks, authoring, principal, preview_start=preview_start, preview_step=preview_step, stats=stats
            )
            self.addTab(self.editor, "")
        self.analytics = AnalyticsPanel(tasks, stats, authoring.versions)
        self.analytics_list = QListWidget()  # the flows to choose from, when there is no editor to choose in
        self.analytics_list.setObjectName("flowAnalyticsList")
        if self.editor is not None:
            self.editor.shown.connect(self.analytics.show_flow)
            self.addTab(self.analytics, "")
        else:
            page = QWidget(self)
            row = QHBoxLayout(page)
            self.analytics_list.setMaximumWidth(260)
            row.addWidget(self.analytics_list)
            row.addWidget(self.analytics, 1)
            self.analytics_list.currentRowChanged.connect(self._listed_flow)
            self.addTab(page, "")
            self._flows: list[Any] = []
            tasks.run_db(authoring.listing, on_success=self._listed, owner=self, label="flows")
        self.retranslate()

    def _listed(self, rows: list[Any]) -> None:
        self._flows = rows
        for info in rows:
            self.analytics_list.addItem(f"{info.name.get(language())} · {info.code}")
        if rows:
            self.analytics_list.setCurrentRow(0)

    def _listed_flow(self, row: int) -> None:
        if 0 <= row < len(self._flows):
            self.analytics.show_flow(self._flows[row].code)

    def retranslate(self) -> None:
        index = 0
        if self.editor is not None:
            self.setTabText(0, self.tr("Editor"))
            index = 1
        self.setTabText(index, self.tr("Analytics"))
        self.analytics_list.setAccessibleName(self.tr("Flows"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
