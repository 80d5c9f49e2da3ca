"""The template editor (supervisors): versions, live problems with line numbers, SMS counter, preview, approval.

The list shows the newest version of every template; the form edits a draft (only its author can), and the
buttons follow the workflow of :mod:`services.messaging.templates`: save, submit, approve
(someone else), withdraw, retire, new version.  The form scrolls on its own and the buttons stay pinned below
it, so they are on screen at 1366×768 whatever the form's height.  Problems (syntax, unknown variables, size)
are checked as the supervisor types, on the GUI thread — the check needs no database; in a new template a
part's problems show once that part was edited, or all of them when the supervisor tries to save.  The preview
for a chosen customer (CIF number) runs on the database worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import (
    MessagingService,
    SegmentInfo,
    TemplateDraft,
    TemplateSource,
    count_segments,
)
from services.messaging.variables import CATALOG, TYPES
from services.permissions import Principal, allowed

from ..translate import QT_TRANSLATE_NOOP
from .common import FieldsForm, error_text, segments_text

CHECK_DELAY_MS = 300
STATUS = {
    "draft": QT_TRANSLATE_NOOP("TemplateEditor", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("TemplateEditor", "Submitted"),
    "approved": QT_TRANSLATE_NOOP("TemplateEditor", "Approved"),
    "retired": QT_TRANSLATE_NOOP("TemplateEditor", "Retired"),
}


def parse_variables(text: str) -> tuple[dict[str, str], list[int]]:
    """``name: type`` per line → declarations, and the numbers of lines that do not parse."""
    out: dict[str, str] = {}
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, kind = line.partition(":")
        if not sep or kind.strip() not in TYPES or not name.strip():
            bad.append(number)
            continue
        out[name.strip()] = kind.strip()
    return out, bad


class TemplateEditor(QWidget):
    """Author and approve message templates.

    Signals:
        changed(int): a template version was written (its id).
    """

    changed = Signal(int)

    def __init__(
        self, tasks: TaskManager, service: MessagingService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self.current: Any = None
        self._templates: list[Any] = []
        self._preview_customer: int | None = None
        self._loading = False  # the form is being filled by the program, not typed in
        self._touched: set[str] = set()  # parts edited in this form: "subject", "text", "html", "variables"
        self._show_all = False  # every problem shows: a stored template, or the supervisor tried to save
        self.list = QListWidget(self)
        self.list.setObjectName("templateList")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newTemplate")
        self.code = QLineEdit(self)
        self.code.setObjectName("templateCode")
        self.name = QLineEdit(self)
        self.name.setObjectName("templateName")
        self.channel = QComboBox(self)
        self.channel.setObjectName("templateChannel")
        self.channel.addItem("", "sms")
        self.channel.addItem("", "email")
        self.language = QComboBox(self)
        self.language.setObjectName("templateLocale")
        self.language.addItem("", "zh_CN")
        self.language.addItem("", "en")
        self.purpose = QComboBox(self)
        self.purpose.setObjectName("templatePurpose")
        self.purpose.addItem("", "service")
        self.purpose.addItem("", "marketing")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("templateBody")
        self.html = QPlainTextEdit(self)
        self.html.setObjectName("templateHtml")
        self.variables = QPlainTextEdit(self)
        self.variables.setObjectName("templateVariables")
        self.variables.setFixedHeight(90)
        self.status = QLabel(self)
        self.status.setObjectName("templateStatus")
        self.problems = QListWidget(self)
        self.problems.setObjectName("templateProblems")
        self.problems.setFixedHeight(80)
        self.counter = QLabel(self)
        self.counter.setObjectName("segmentCounter")
        self._segments: SegmentInfo | None = None  # what the counter shows
        self.customer = QLineEdit(self)
        self.customer.setObjectName("previewCustomer")
        self.fields = FieldsForm(self)
        self.fields.hide()
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons: dict[str, QPushButton] = {}
        for key in ("save", "submit", "approve", "withdraw", "retire", "version"):
            button = QPushButton(self)
            button.setObjectName(f"template_{key}")
            self.buttons[key] = button
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        for part, edit in (("text", self.body), ("html", self.html), ("variables", self.variables)):
            edit.textChanged.connect(lambda part=part: self._edited(part))
        self.subject.textChanged.connect(lambda: self._edited("subject"))
        self.fields.changed.connect(self._timer.start)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.language.currentIndexChanged.connect(self._timer.start)
        self.customer.editingFinished.connect(self._find_customer)
        self.list.currentRowChanged.connect(self._row_chosen)
        self.new_button.clicked.connect(self.new_template)
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["submit"].clicked.connect(lambda: self._act("submit"))
        self.buttons["approve"].clicked.connect(lambda: self._act("approve"))
        self.buttons["withdraw"].clicked.connect(lambda: self._act("withdraw"))
        self.buttons["retire"].clicked.connect(lambda: self._act("retire"))
        self.buttons["version"].clicked.connect(self.new_version)
        self.retranslate()
        self.new_template()
        self.reload()

    def _build(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)
        from ..csat.settings_dialog import add_survey_button  # the per-queue call surveys' settings

        self.survey_button = add_survey_button(left_layout, self._tasks, self._service, self._principal)
        left.setMinimumWidth(320)  # "存款到期提醒 · 短信 · 中文 · v1 · 已审批" whole at 1366 px
        right = QWidget(self)
        self.captions = {
            key: QLabel(self)
            for key in (
                "code",
                "name",
                "channel",
                "subject",
                "text",
                "html",
                "variables",
                "status",
                "problems",
                "preview_for",
                "preview",
            )
        }
        form = QFormLayout()
        form.addRow(self.captions["code"], self.code)
        form.addRow(self.captions["name"], self.name)
        row = QHBoxLayout()
        for widget in (self.channel, self.language, self.purpose):
            row.addWidget(widget)
        form.addRow(self.captions["channel"], row)
        form.addRow(self.captions["subject"], self.subject)
        form.addRow(self.captions["text"], self.body)
        form.addRow(self.captions["html"], self.html)
        form.addRow(self.captions["variables"], self.variables)
        form.addRow(self.captions["status"], self.status)
        form.addRow(self.captions["problems"], self.problems)
        form.addRow(self.captions["preview_for"], self.customer)
        form.addRow("", self.fields)
        form.addRow(self.captions["preview"], self.preview)
        form.addRow("", self.counter)
        named = {"code": self.code, "name": self.name, "channel": self.channel, "subject": self.subject}
        named |= {"text": self.body, "html": self.html, "variables": self.variables, "problems": self.problems}
        for key, field in (*named.items(), ("preview_for", self.customer), ("preview", self.preview)):
            self.captions[key].setBuddy(field)  # screen readers name each field by its caption
        for editor in (self.body, self.html, self.variables):
            editor.setTabChangesFocus(True)  # Tab moves on to the next field (no tab characters in a template)
        buttons = QHBoxLayout()
        for button in self.buttons.values():
            buttons.addWidget(button)
        self.body.setMinimumHeight(110)
        self.html.setMinimumHeight(80)
        self.preview.setMinimumHeight(90)
        # The form scrolls by itself; the error line and the buttons stay below it, always on screen.
        form_page = QWidget()
        form_page.setObjectName("templateFormPage")
        form_page.setLayout(form)
        self.form_area = QScrollArea(right)
        self.form_area.setObjectName("templateForm")
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the fields, not the frame
        self.form_area.setWidget(form_page)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.form_area, 1)
        right_layout.addWidget(self.error)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the page in the interface language; the form's content and the selection stay."""
        captions = {
            "code": self.tr("Code"),
            "name": self.tr("Name"),
            "channel": self.tr("Channel"),
            "subject": self.tr("Subject"),
            "text": self.tr("Text"),
            "html": self.tr("HTML"),
            "variables": self.tr("Variables"),
            "status": self.tr("Status"),
            "problems": self.tr("Problems"),
            "preview_for": self.tr("Preview for"),
            "preview": self.tr("Preview"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.new_button.setText(self.tr("New template"))
        self.list.setAccessibleName(self.tr("Templates"))
        self.channel.setItemText(self.channel.findData("sms"), self.tr("SMS"))
        self.channel.setItemText(self.channel.findData("email"), self.tr("E-mail"))
        self.language.setItemText(self.language.findData("zh_CN"), self.tr("Chinese"))
        self.language.setItemText(self.language.findData("en"), self.tr("English"))
        self.purpose.setItemText(self.purpose.findData("service"), self.tr("Service"))
        self.purpose.setItemText(self.purpose.findData("marketing"), self.tr("Marketing"))
        self.variables.setPlaceholderText(self.tr("one per line, e.g.  deposit_amount: money"))
        self.customer.setPlaceholderText(self.tr("CIF number"))
        buttons = {
            "save": self.tr("Save draft"),
            "submit": self.tr("Submit for approval"),
            "approve": self.tr("Approve"),
            "withdraw": self.tr("Withdraw"),
            "retire": self.tr("Retire"),
            "version": self.tr("New version"),
        }
        for key, text in buttons.items():
            self.buttons[key].setText(text)
        for i, t in enumerate(self._templates):
            item = self.list.item(i)
            if item is not None:
                self._label_item(item, t)
        self._show_status()
        self._show_problems(self.source())
        self._show_segments(self._segments)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the list -----------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self._tasks.run_db(
            self._service.templates,
            on_success=lambda rows: self._show_list(rows, select_id),
            on_failure=self._failed,
            key=f"templates-{id(self)}",
            owner=self,
            label="templates",
        )

    def _show_list(self, rows: list[Any], select_id: int | None) -> None:
        self._templates = rows
        self.list.blockSignals(True)
        self.list.clear()
        chosen = -1
        for i, t in enumerate(rows):
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self._label_item(item, t)
            if t.id == select_id:
                chosen = i
        self.list.blockSignals(False)
        if chosen >= 0:
            self.list.setCurrentRow(chosen)
        elif select_id is not None:
            self._load(select_id)

    def _label_item(self, item: QListWidgetItem, t: Any) -> None:
        """A row names the template, its channel and language; the code is in the tooltip (and the form)."""
        text = self._list_text(t)
        item.setText(text)
        item.setToolTip(f"{text}\n{t.code}")

    def _list_text(self, t: Any) -> str:
        channel = self.tr("SMS") if t.channel == "sms" else self.tr("E-mail")
        language = self.tr("Chinese") if t.locale == "zh_CN" else self.tr("English")
        status = self.tr(STATUS.get(t.status, t.status))
        return f"{t.name} · {channel} · {language} · v{t.version_no} · {status}"

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(self._templates):
            self._load(self._templates[row].id)

    def _load(self, template_id: int) -> None:
        self._tasks.run_db(
            lambda: self._service.template(template_id),
            on_success=self.show_template,
            on_failure=self._failed,
            key=f"template-{id(self)}",
            owner=self,
            label="template",
        )

    # -- the form -----------------------------------------------------------------------------------------
    def new_template(self) -> None:
        """An empty form for a new template (its problems show as its parts are edited, or on saving)."""
        self.current = None
        self._touched.clear()
        self._show_all = False
        self.error.hide()
        self.code.setEnabled(True)
        self._loading = True
        for edit in (self.code, self.name, self.subject):
            edit.clear()
        for text in (self.body, self.html, self.variables):
            text.clear()
        self.variables.setPlainText("customer_name: text\nhonorific: text\nbank_name: text")
        self._loading = False
        self._show_status()
        self._update_buttons()
        self.check()

    def show_template(self, template: Any) -> None:
        self.current = template
        self._show_all = True
        self._loading = True
        self.code.setText(template.code)
        self.code.setEnabled(False)
        self.name.setText(template.name)
        self.channel.setCurrentIndex(self.channel.findData(template.channel))
        self.language.setCurrentIndex(self.language.findData(template.locale))
        self.purpose.setCurrentIndex(self.purpose.findData(template.purpose))
        self.subject.setText(template.subject or "")
        self.body.setPlainText(template.body_text)
        self.html.setPlainText(template.body_html or "")
        self.variables.setPlainText("\n".join(f"{k}: {v}" for k, v in template.variables.items()))
        self._loading = False
        self._show_status()
        self._update_buttons()
        self.check()

    def _show_status(self) -> None:
        """The status line: "New", or the shown version's number and state."""
        template = self.current
        if template is None:
            self.status.setText(self.tr("New"))
            return
        self.status.setText(
            self.tr("Version {n}: {status}").format(
                n=template.version_no, status=self.tr(STATUS.get(template.status, ""))
            )
        )

    def _edited(self, part: str) -> None:
        """A part of the form changed: typed by the supervisor (its problems may show now), or filled in."""
        if not self._loading:
            self._touched.add(part)
        self._timer.start()

    def _shows(self, part: str) -> bool:
        """Whether the problems of ``part`` are shown yet."""
        return self._show_all or part in self._touched

    def _channel_changed(self) -> None:
        email = self.channel.currentData() == "email"
        self.subject.setEnabled(email)
        self.html.setEnabled(email)
        self._timer.start()

    def _editable(self) -> bool:
        return self.current is None or (
            self.current.status == "draft" and self.current.author_id == self._principal.user_id
        )

    def _update_buttons(self) -> None:
        author = allowed(self._principal.role, "template.author")
        approver = allowed(self._principal.role, "template.approve")
        status = self.current.status if self.current is not None else None
        mine = self.current is not None and self.current.author_id == self._principal.user_id
        editable = author and self._editable()
        for widget in (self.name, self.subject):
            widget.setReadOnly(not editable)
        for text in (self.body, self.html, self.variables):
            text.setReadOnly(not editable)
        self.channel.setEnabled(editable and self.current is None)
        self.language.setEnabled(editable and self.current is None)
        self.purpose.setEnabled(editable)
        self.buttons["save"].setEnabled(editable)
        self.buttons["submit"].setEnabled(author and status == "draft" and mine)
        self.buttons["approve"].setEnabled(approver and status == "submitted" and not mine)
        self.buttons["withdraw"].setEnabled(status == "submitted" and (mine or approver))
        self.buttons["retire"].setEnabled(approver and status == "approved")
        self.buttons["version"].setEnabled(author and status in ("approved", "retired"))
        self.new_button.setEnabled(author)

    def source(self) -> TemplateSource:
        declared, _ = parse_variables(self.variables.toPlainText())
        email = self.channel.currentData() == "email"
        return TemplateSource(
            self.channel.currentData(),
            self.language.currentData(),
            self.body.toPlainText(),
            self.subject.text() if email else None,
            (self.html.toPlainText() or None) if email else None,
            declared,
        )

    def draft(self) -> TemplateDraft:
        source = self.source()
        return TemplateDraft(
            code=self.code.text().strip(),
            channel=source.channel,
            locale=source.locale,
            name=self.name.text().strip(),
            purpose=self.purpose.currentData(),
            body_text=source.body_text,
            subject=source.subject,
            body_html=source.body_html,
            variables=dict(source.variables),
        )

    # -- live checks and preview --------------------------------------------------------------------------
    def check(self) -> None:
        """List the problems of the text as typed, count SMS segments, and refresh the preview."""
        source = self.source()
        clean = self._show_problems(source)
        if source.channel == "sms":
            self._show_segments(count_segments(source.body_text))
        else:
            self._show_segments(None)
        if clean and self._preview_customer is not None:
            customer, values = self._preview_customer, self.fields.values()
            self._tasks.run_db(
                lambda: self._service.editor_preview(source, customer, values),
                on_success=self._show_preview,
                on_failure=self._preview_failed,
                key=f"template-preview-{id(self)}",
                owner=self,
                label="template preview",
            )

    def _show_problems(self, source: TemplateSource) -> bool:
        """The problems of ``source`` as typed (no database): bad variable lines, then the service's checks —
        of the parts the supervisor edited (every part once they tried to save, and in a stored template)."""
        _, bad_lines = parse_variables(self.variables.toPlainText())
        self.problems.clear()
        if self._shows("variables"):
            for number in bad_lines:
                self.problems.addItem(self.tr("Variables, line {n}: write name: type").format(n=number))
        found = self._service.check_source(source)
        for problem in found:
            if self._shows(str(getattr(problem, "part", "text"))):
                self.problems.addItem(error_text(problem))
        return not bad_lines and not found

    def _show_preview(self, rendered: Any) -> None:
        text = rendered.text if rendered.subject is None else f"{rendered.subject}\n\n{rendered.text}"
        self.preview.setPlainText(text)
        if rendered.segments is not None:
            self._show_segments(rendered.segments)

    def _show_segments(self, info: SegmentInfo | None) -> None:
        self._segments = info
        self.counter.setText(segments_text(info))

    def _preview_failed(self, exc: BaseException) -> None:
        """Show why; for values the customer's record lacks, offer fields to type sample values in."""
        self.preview.setPlainText(error_text(exc))
        source = self.source()
        if self._service.check_source(source):
            return
        used = self._service.renderer.used_variables(source)
        fillable = [n for n in used if n not in CATALOG or CATALOG[n].source not in ("customer", "branch")]
        self.fields.set_fields(fillable, dict(source.variables))

    def _find_customer(self) -> None:
        text = self.customer.text()
        self._tasks.run_db(
            lambda: self._service.find_customer(text),
            on_success=self._customer_found,
            on_failure=self._failed,
            owner=self,
            label="preview customer",
        )

    def _customer_found(self, found: tuple[int, str] | None) -> None:
        self._preview_customer = found[0] if found else None
        self.customer.setToolTip(found[1] if found else "")
        if found is None:
            self.preview.setPlainText(self.tr("No customer with that CIF number."))
            return
        self.check()

    # -- actions ------------------------------------------------------------------------------------------
    def save(self) -> None:
        self._show_all = True  # trying to save: every problem shows now
        self._show_problems(self.source())
        draft = self.draft()
        current = self.current

        def create() -> int:
            return self._service.create_template(self._principal, draft)

        def edit() -> int:
            self._service.edit_draft(self._principal, current.id, current.version, draft)
            return int(current.id)

        self._run(create if current is None else edit)

    def new_version(self) -> None:
        current = self.current
        if current is not None:
            self._run(lambda: self._service.new_version(self._principal, current.id))

    def _act(self, action: str) -> None:
        current = self.current
        if current is None:
            return
        method = getattr(self._service, action)

        def act() -> int:
            method(self._principal, current.id, current.version)
            return int(current.id)

        self._run(act)

    def _run(self, work: Any) -> None:
        self.error.hide()
        self._tasks.run_db(
            work,
            on_success=self._written,
            on_failure=self._failed,
            owner=self,
            changes=("templates",),
            label="template write",
        )

    def _written(self, template_id: int) -> None:
        self.changed.emit(int(template_id))
        self.reload(select_id=int(template_id))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
