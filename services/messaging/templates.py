"""Template authoring: versions, drafts, submission, approval by a second person, retirement.

Each (code, locale) has numbered versions.  A version is written as a ``draft`` by its author (only the author
edits it), ``submitted`` once it renders cleanly, and ``approved`` by a *different* person holding
``template.approve`` — the four-eyes rule; approving retires the version approved before it.  Only the
approved version is used to send, and every message records the version row it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from db import feed
from db.models import MessageTemplate
from services.audit import AuditTrail
from services.permissions import Principal, authorize

from .errors import Conflict, InvalidInput, NotAllowed, NotFound
from .rendering import Renderer, TemplateSource
from .variables import check_declarations

CODE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
CHANNELS = ("sms", "email")
LOCALES = ("zh_CN", "en")
PURPOSES = ("service", "marketing")
STATUSES = ("draft", "submitted", "approved", "retired")
_T: Table = MessageTemplate.__table__  # type: ignore[assignment]


@dataclass
class TemplateDraft:
    """The editable fields of a template version."""

    code: str
    channel: str
    locale: str
    name: str
    purpose: str
    body_text: str
    subject: str | None = None
    body_html: str | None = None
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateInfo:
    """A template version as lists and the editor show it."""

    id: int
    code: str
    channel: str
    locale: str
    version_no: int
    name: str
    purpose: str
    status: str
    subject: str | None
    body_text: str
    body_html: str | None
    variables: dict[str, str]
    author_id: int | None
    approver_id: int | None
    approved_at: dt.datetime | None
    version: int

    @property
    def source(self) -> TemplateSource:
        return TemplateSource.of(self)


def _info(row: Any) -> TemplateInfo:
    return TemplateInfo(
        int(row.id),
        row.code,
        row.channel,
        row.locale,
        int(row.version_no),
        row.name,
        row.purpose,
        row.status,
        row.subject,
        row.body_text,
        row.body_html,
        dict(row.variables or {}),
        row.author_id,
        row.approver_id,
        row.approved_at,
        int(row.version),
    )


def _check(draft: TemplateDraft) -> dict[str, Any]:
    if not CODE.match(draft.code or ""):
        raise InvalidInput(
            "模板代码只能用小写字母、数字和下划线（2–48 个字符）。",
            "A template code is 2-48 lower-case letters, digits and underscores.",
        )
    if draft.channel not in CHANNELS:
        raise InvalidInput("渠道须为短信或邮件。", "The channel must be sms or email.")
    if draft.locale not in LOCALES:
        raise InvalidInput("语言须为中文或英文。", "The language must be zh_CN or en.")
    if draft.purpose not in PURPOSES:
        raise InvalidInput("用途须为服务或营销。", "The purpose must be service or marketing.")
    name = (draft.name or "").strip()
    if not name or len(name) > 64:
        raise InvalidInput("请填写模板名称（最多 64 字）。", "Enter a template name (at most 64 characters).")
    if draft.subject is not None and len(draft.subject) > 200:
        raise InvalidInput("主题最多 200 字符。", "The subject is limited to 200 characters.")
    return {
        "code": draft.code,
        "channel": draft.channel,
        "locale": draft.locale,
        "name": name,
        "purpose": draft.purpose,
        "subject": draft.subject if draft.channel == "email" else None,
        "body_text": draft.body_text or "",
        "body_html": (draft.body_html or None) if draft.channel == "email" else None,
        "variables": check_declarations(draft.variables or {}),
    }


def get(conn: Connection, template_id: int) -> TemplateInfo:
    row = conn.execute(select(_T).where(_T.c.id == template_id)).first()
    if row is None:
        raise NotFound("模板不存在。", "The template does not exist.")
    return _info(row)


def versions(conn: Connection, code: str, locale: str) -> list[TemplateInfo]:
    """Every version of (code, locale), newest first."""
    rows = conn.execute(select(_T).where(_T.c.code == code, _T.c.locale == locale).order_by(_T.c.version_no.desc()))
    return [_info(r) for r in rows]


def listing(conn: Connection, *, channel: str | None = None, status: str | None = None) -> list[TemplateInfo]:
    """The newest version of every (code, locale), optionally only those of a channel or status."""
    newest = (
        select(_T.c.code, _T.c.locale, func.max(_T.c.version_no).label("v")).group_by(_T.c.code, _T.c.locale).subquery()
    )
    query = select(_T).join(
        newest, (newest.c.code == _T.c.code) & (newest.c.locale == _T.c.locale) & (newest.c.v == _T.c.version_no)
    )
    if channel:
        query = query.where(_T.c.channel == channel)
    if status:
        query = query.where(_T.c.status == status)
    return [_info(r) for r in conn.execute(query.order_by(_T.c.code, _T.c.locale))]


def approved(conn: Connection, code: str, locale: str) -> TemplateInfo | None:
    """The version of (code, locale) in force, or None."""
    row = conn.execute(
        select(_T)
        .where(_T.c.code == code, _T.c.locale == locale, _T.c.status == "approved")
        .order_by(_T.c.version_no.desc())
        .limit(1)
    ).first()
    return _info(row) if row is not None else None


def usable(conn: Connection, *, channel: str | None = None, purpose: str | None = None) -> list[TemplateInfo]:
    """Every approved version (what compose offers)."""
    query = select(_T).where(_T.c.status == "approved")
    if channel:
        query = query.where(_T.c.channel == channel)
    if purpose:
        query = query.where(_T.c.purpose == purpose)
    return [_info(r) for r in conn.execute(query.order_by(_T.c.code, _T.c.locale))]


def _guarded(conn: Connection, template_id: int, version: int, **values: Any) -> int:
    changed = conn.execute(
        update(_T)
        .where(_T.c.id == template_id, _T.c.version == version)
        .values(version=_T.c.version + 1, updated_at=values.pop("at"), **values)
    ).rowcount
    if not changed:
        raise Conflict()
    return version + 1


class TemplateAuthoring:
    """The authoring workflow for one database connection at a time (functions take the connection)."""

    def __init__(self, renderer: Renderer, audit: AuditTrail, clock: Any) -> None:
        self.renderer = renderer
        self.audit = audit
        self.clock = clock

    def create(self, conn: Connection, who: Principal, draft: TemplateDraft) -> int:
        """A new template (version 1, a draft). Refused when (code, locale) exists."""
        authorize(conn, who, "template.author", audit=self.audit, entity="message_template")
        values = _check(draft)
        exists = conn.execute(
            select(_T.c.id).where(_T.c.code == values["code"], _T.c.locale == values["locale"]).limit(1)
        ).first()
        if exists is not None:
            raise InvalidInput(
                f"模板代码“{draft.code}”（{draft.locale}）已存在，请新建版本。",
                f"Template {draft.code!r} ({draft.locale}) exists already; make a new version of it.",
            )
        return self._insert(conn, who, values, 1)

    def _insert(self, conn: Connection, who: Principal, values: dict[str, Any], number: int) -> int:
        at = self.clock()
        new_id = conn.execute(
            insert(_T)
            .values(**values, version_no=number, status="draft", author_id=who.user_id, created_at=at, updated_at=at)
            .returning(_T.c.id)
        ).scalar_one()
        feed.append(conn, "message_template", new_id, "created", actor_id=who.user_id)
        self.audit.record(
            conn, who, "template_create", "message_template", new_id, {"code": values["code"], "v": number}
        )
        return int(new_id)

    def new_version(self, conn: Connection, who: Principal, template_id: int) -> int:
        """A draft copied from version ``template_id``, numbered after the newest. One open draft at a time."""
        authorize(conn, who, "template.author", audit=self.audit, entity="message_template", entity_id=template_id)
        base = get(conn, template_id)
        all_versions = versions(conn, base.code, base.locale)
        open_one = next((v for v in all_versions if v.status in ("draft", "submitted")), None)
        if open_one is not None:
            raise NotAllowed(
                f"该模板已有未审批的版本 {open_one.version_no}，请先完成或撤回它。",
                f"Version {open_one.version_no} of this template is still open; finish or withdraw it first.",
            )
        values = {
            "code": base.code,
            "channel": base.channel,
            "locale": base.locale,
            "name": base.name,
            "purpose": base.purpose,
            "subject": base.subject,
            "body_text": base.body_text,
            "body_html": base.body_html,
            "variables": base.variables,
        }
        return self._insert(conn, who, values, all_versions[0].version_no + 1)

    def edit(self, conn: Connection, who: Principal, template_id: int, version: int, draft: TemplateDraft) -> int:
        """Change a draft (author only); returns the new row version. Problems are allowed until submission."""
        authorize(conn, who, "template.author", audit=self.audit, entity="message_template", entity_id=template_id)
        current = get(conn, template_id)
        if current.status != "draft":
            raise NotAllowed("只能修改草稿。", "Only a draft can be changed.")
        if current.author_id != who.user_id:
            raise NotAllowed("只有作者可以修改此草稿。", "Only the draft's author may change it.")
        values = _check(draft)
        if (values["code"], values["locale"], values["channel"]) != (current.code, current.locale, current.channel):
            raise InvalidInput(
                "模板代码、语言和渠道不能修改。", "A version's code, language and channel cannot change."
            )
        new_version = _guarded(conn, template_id, version, at=self.clock(), **values)
        feed.append(conn, "message_template", template_id, "edited", actor_id=who.user_id)
        self.audit.record(conn, who, "template_edit", "message_template", template_id, {"v": current.version_no})
        return new_version

    def submit(self, conn: Connection, who: Principal, template_id: int, version: int) -> int:
        """Draft → submitted, once it has no problems."""
        authorize(conn, who, "template.author", audit=self.audit, entity="message_template", entity_id=template_id)
        current = get(conn, template_id)
        if current.status != "draft":
            raise NotAllowed("只能提交草稿。", "Only a draft can be submitted.")
        self.renderer.validate(current.source)
        return self._move(conn, who, current, version, "submitted", "template_submit")

    def withdraw(self, conn: Connection, who: Principal, template_id: int, version: int) -> int:
        """Submitted → draft (the author takes it back, or an approver sends it back)."""
        current = get(conn, template_id)
        if current.author_id != who.user_id:
            authorize(conn, who, "template.approve", audit=self.audit, entity="message_template", entity_id=template_id)
        if current.status != "submitted":
            raise NotAllowed("只能撤回已提交的版本。", "Only a submitted version can be withdrawn.")
        return self._move(conn, who, current, version, "draft", "template_withdraw")

    def approve(self, conn: Connection, who: Principal, template_id: int, version: int) -> int:
        """Submitted → approved by a second person; the version approved before is retired."""
        authorize(conn, who, "template.approve", audit=self.audit, entity="message_template", entity_id=template_id)
        current = get(conn, template_id)
        if current.author_id == who.user_id:
            self.audit.record_committed(
                conn,
                who,
                "permission_denied",
                "message_template",
                template_id,
                {"permission": "template.approve", "role": who.role, "reason": "four_eyes"},
            )
            raise NotAllowed(
                "不能审批自己编写的版本，须由另一位有审批权限的人审批。",
                "You cannot approve a version you wrote; another approver must.",
            )
        if current.status != "submitted":
            raise NotAllowed("只能审批已提交的版本。", "Only a submitted version can be approved.")
        self.renderer.validate(current.source)
        at = self.clock()
        previous = conn.execute(
            select(_T.c.id, _T.c.version).where(
                _T.c.code == current.code, _T.c.locale == current.locale, _T.c.status == "approved"
            )
        ).all()
        for prev_id, prev_version in previous:
            _guarded(conn, int(prev_id), int(prev_version), at=at, status="retired")
            feed.append(conn, "message_template", int(prev_id), "retired", actor_id=who.user_id)
        new_version = _guarded(
            conn, template_id, version, at=at, status="approved", approver_id=who.user_id, approved_at=at
        )
        feed.append(conn, "message_template", template_id, "approved", actor_id=who.user_id)
        self.audit.record(conn, who, "template_approve", "message_template", template_id, {"v": current.version_no})
        return new_version

    def retire(self, conn: Connection, who: Principal, template_id: int, version: int) -> int:
        """Approved → retired: no longer usable (queued messages already rendered still go)."""
        authorize(conn, who, "template.approve", audit=self.audit, entity="message_template", entity_id=template_id)
        current = get(conn, template_id)
        if current.status != "approved":
            raise NotAllowed("只能停用已审批的版本。", "Only an approved version can be retired.")
        return self._move(conn, who, current, version, "retired", "template_retire")

    def _move(
        self, conn: Connection, who: Principal, current: TemplateInfo, version: int, status: str, action: str
    ) -> int:
        new_version = _guarded(conn, current.id, version, at=self.clock(), status=status)
        feed.append(conn, "message_template", current.id, status, actor_id=who.user_id)
        self.audit.record(conn, who, action, "message_template", current.id, {"v": current.version_no})
        return new_version
