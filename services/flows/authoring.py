"""Authoring service flows: versions, drafts, submission, approval by a second person, publication, retirement.

Each flow ``code`` has numbered versions (``service_flow`` rows).  A version is a ``draft`` while supervisors
holding ``flow.author`` edit it (several may: every save is checked against the row's ``version`` like a
record's, and a save over a newer one is refused with :class:`~db.repositories.versioning.StaleVersion`
carrying the row as it is now).  It is ``submitted`` once :func:`~.validation.validate` finds nothing,
``approved`` by another person holding ``flow.author`` (nobody who wrote or submitted it), and ``published``:
the version agents run, at most one per code (publishing retires the one before; a partial unique index
keeps the database to that).  Publication checks again, so a template retired since approval stops it.
``retired`` versions are never run again, but runs that started on a version finish on it.

Every change is audited (``flow_create``, ``flow_edit``, ``flow_submit``, ``flow_withdraw``, ``flow_approve``,
``flow_publish``, ``flow_retire``) and appended to the change feed.  Reading needs no right beyond signing
in (agents run published versions); everything that writes, and exporting, needs ``flow.author``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select

from db import feed
from db.models import MessageTemplate, ServiceFlow
from db.models.base import as_utc, utcnow
from db.repositories.versioning import StaleVersion, guarded_update, load_row
from db.write import write_txn
from services.audit import AuditTrail
from services.messaging.rendering import Renderer
from services.permissions import Principal, authorize
from services.tickets.taxonomy import Taxonomy, load_taxonomy

from . import files
from .definition import FlowDefinition, Text, parse
from .dispositions import pickable_dispositions
from .errors import FlowInvalid, FlowNotAllowed, FlowNotFound
from .validation import Problem, validate

__all__ = ["Change", "FlowAuthoring", "FlowInfo", "FlowVersion", "compare_definitions", "template_statuses"]

_F: Table = ServiceFlow.__table__  # type: ignore[assignment]
_T: Table = MessageTemplate.__table__  # type: ignore[assignment]
OPEN_STATUSES = ("draft", "submitted", "approved")
# When a code has versions in several states, the one that decides whether a flow may use it.
_TEMPLATE_PRECEDENCE = ("approved", "submitted", "draft", "retired")
ENTITY = "service_flow"


@dataclass(frozen=True)
class FlowInfo:
    """A flow version as lists show it (the document is not parsed)."""

    id: int
    code: str
    version_no: int
    name: Text
    status: str
    author_id: int | None
    editor_ids: tuple[int, ...]
    submitted_by_id: int | None
    submitted_at: dt.datetime | None
    approver_id: int | None
    approved_at: dt.datetime | None
    published_by_id: int | None
    published_at: dt.datetime | None
    retired_at: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class FlowVersion:
    """A flow version with its document."""

    info: FlowInfo
    definition: FlowDefinition

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def version(self) -> int:
        return self.info.version

    @property
    def status(self) -> str:
        return self.info.status


@dataclass(frozen=True)
class Change:
    """A difference between two versions: a step ``added``, ``removed`` or ``changed`` (which fields).

    ``step_id`` None: the flow's own fields (name, description, start, variables, layout).
    """

    step_id: str | None
    kind: str
    fields: tuple[str, ...] = ()


def _info(row: Any) -> FlowInfo:
    return FlowInfo(
        id=int(row.id),
        code=row.code,
        version_no=int(row.version_no),
        name=Text(row.name, row.name_en or row.name),
        status=row.status,
        author_id=row.author_id,
        editor_ids=tuple(int(i) for i in (row.editor_ids or ())),
        submitted_by_id=row.submitted_by_id,
        submitted_at=as_utc(row.submitted_at),
        approver_id=row.approver_id,
        approved_at=as_utc(row.approved_at),
        published_by_id=row.published_by_id,
        published_at=as_utc(row.published_at),
        retired_at=as_utc(row.retired_at),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        version=int(row.version),
    )


_INFO_COLUMNS = [c for c in _F.c if c.name != "definition"]


def template_statuses(conn: Connection) -> Callable[[str], str | None]:
    """A message template's status by code, as validation wants it (one query for all codes)."""
    found: dict[str, str] = {}
    for code, status in conn.execute(select(_T.c.code, _T.c.status).distinct()).tuples():
        now = found.get(code)
        rank = _TEMPLATE_PRECEDENCE.index(status) if status in _TEMPLATE_PRECEDENCE else len(_TEMPLATE_PRECEDENCE)
        if now is None or rank < _TEMPLATE_PRECEDENCE.index(now):
            found[code] = status if status in _TEMPLATE_PRECEDENCE else "draft"
    return found.get


def compare_definitions(a: FlowDefinition, b: FlowDefinition) -> list[Change]:
    """What changed from ``a`` to ``b``: the flow's own fields first, then steps in ``b``'s order, then removed ones."""
    out: list[Change] = []
    da, db_ = a.to_data(), b.to_data()
    flow_fields = tuple(k for k in ("name", "description", "start", "variables", "layout") if da.get(k) != db_.get(k))
    if flow_fields:
        out.append(Change(None, "changed", flow_fields))
    before = {s.id: s.to_data() for s in a.steps}
    after = {s.id: s.to_data() for s in b.steps}
    for sid, data in after.items():
        old = before.get(sid)
        if old is None:
            out.append(Change(sid, "added"))
        elif old != data:
            keys = [k for k in data if old.get(k) != data[k]] + [k for k in old if k not in data]
            out.append(Change(sid, "changed", tuple(keys)))
    out.extend(Change(sid, "removed") for sid in before if sid not in after)
    return out


class FlowAuthoring:
    """The authoring workflow (each call is one transaction of its own).

    Args:
        engine: the database.
        audit: the audit trail every change is recorded in.
        clock: the time stamps of the workflow columns (injectable for tests).
        renderer: whose sandbox parses flow texts (default: a new :class:`Renderer`).
        taxonomy: complaint categories for register_complaint actions (default: the bank's).
    """

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        renderer: Renderer | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.renderer = renderer or Renderer()
        self._taxonomy = taxonomy

    # -- reading ----------------------------------------------------------------------------------------------
    def get(self, flow_id: int) -> FlowVersion:
        with self.engine.connect() as conn:
            return self._get(conn, flow_id)

    def versions(self, code: str) -> list[FlowInfo]:
        """Every version of ``code``, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(*_INFO_COLUMNS).where(_F.c.code == code).order_by(_F.c.version_no.desc()))
            return [_info(r) for r in rows]

    def published(self, code: str) -> FlowVersion | None:
        """The version of ``code`` agents run now, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(_F).where(_F.c.code == code, _F.c.status == "published")).first()
            return self._version(row) if row is not None else None

    def listing(self) -> list[FlowInfo]:
        """The newest version of every flow, by code."""
        newest = select(_F.c.code, func.max(_F.c.version_no).label("v")).group_by(_F.c.code).subquery()
        query = select(*_INFO_COLUMNS).join(newest, (newest.c.code == _F.c.code) & (newest.c.v == _F.c.version_no))
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(query.order_by(_F.c.code))]

    def compare(self, a_id: int, b_id: int) -> list[Change]:
        """What changed from version ``a_id`` to version ``b_id`` (see :func:`compare_definitions`)."""
        with self.engine.connect() as conn:
            a, b = self._get(conn, a_id), self._get(conn, b_id)
        return compare_definitions(a.definition, b.definition)

    def problems(self, defn: FlowDefinition) -> list[Problem]:
        """What validation finds in ``defn`` against this database's templates (the editor's problem list)."""
        with self.engine.connect() as conn:
            return self._validate(conn, defn)

    def export(self, who: Principal, flow_id: int, fmt: str = "yaml") -> str:
        """The file text of a version (for review, or to move it to another database)."""
        with self.engine.connect() as conn:
            authorize(conn, who, "flow.author", audit=self.audit, entity=ENTITY, entity_id=flow_id)
            found = self._get(conn, flow_id)
        return files.dump(found.definition, fmt)

    # -- writing ----------------------------------------------------------------------------------------------
    def create(self, who: Principal, defn: FlowDefinition) -> int:
        """A new flow: version 1, a draft.  Refused when the code exists (make a new version of it instead)."""
        with write_txn(self.engine) as conn:
            authorize(conn, who, "flow.author", audit=self.audit, entity=ENTITY)
            if self._exists(conn, defn.code):
                raise FlowNotAllowed(
                    f"流程代码“{defn.code}”已存在，请为它新建版本。",
                    f"Flow {defn.code!r} exists already; make a new version of it.",
                )
            return self._insert(conn, who, defn, 1, {"code": defn.code, "v": 1})

    def new_version(self, who: Principal, flow_id: int) -> int:
        """A draft copied from version ``flow_id``, numbered after the newest; one open version per code."""
        with write_txn(self.engine) as conn:
            authorize(conn, who, "flow.author", audit=self.audit, entity=ENTITY, entity_id=flow_id)
            base = self._get(conn, flow_id)
            number = self._next_number(conn, base.info.code)
            return self._insert(
                conn, who, base.definition, number, {"code": base.info.code, "v": number, "from": base.info.version_no}
            )

    def import_file(self, who: Principal, text: str, fmt: str = "yaml") -> int:
        """A flow from a YAML/JSON file: a new flow, or a new draft version of the flow with its code.

        Raises:
            FlowFormatError: the file is not a valid flow file (the message names the place).
            FlowNotAllowed: the flow has an open version (draft, submitted or approved) already.
        """
        defn = files.load(text, fmt)
        with write_txn(self.engine) as conn:
            authorize(conn, who, "flow.author", audit=self.audit, entity=ENTITY)
            number = self._next_number(conn, defn.code) if self._exists(conn, defn.code) else 1
            return self._insert(conn, who, defn, number, {"code": defn.code, "v": number, "imported": fmt})

    def save(self, who: Principal, flow_id: int, version: int, defn: FlowDefinition) -> int:
        """Store the draft's new document; returns the row's new ``version``.

        Problems are allowed until submission.

        Raises:
            StaleVersion: someone saved (or submitted) since ``version`` was loaded; ``current`` is the row now.
            FlowNotAllowed: the version is no draft, or ``defn`` names another code.
        """
        with write_txn(self.engine) as conn:
            current = self._version_in(
                conn, who, flow_id, version, ("draft",), ("只能修改草稿。", "Only a draft can be changed.")
            )
            if defn.code != current.info.code:
                raise FlowNotAllowed(
                    f"流程代码不能修改（仍须为“{current.info.code}”）。",
                    f"A version's code cannot change (it stays {current.info.code!r}).",
                )
            editors = list(current.info.editor_ids)
            if who.user_id not in editors:
                editors.append(who.user_id)
            new_version = guarded_update(
                conn,
                _F,
                flow_id,
                version,
                {
                    "definition": defn.to_data(),
                    "name": defn.name.zh_CN,
                    "name_en": defn.name.en,
                    "editor_ids": editors,
                    "updated_at": self.clock(),
                },
            )
            changes = compare_definitions(current.definition, defn)
            self._record(
                conn, who, "flow_edit", flow_id, "edited", {"v": current.info.version_no, "changes": len(changes)}
            )
            return new_version

    def submit(self, who: Principal, flow_id: int, version: int) -> int:
        """Draft -> submitted, once validation finds nothing."""
        with write_txn(self.engine) as conn:
            current = self._version_in(
                conn, who, flow_id, version, ("draft",), ("只能提交草稿。", "Only a draft can be submitted.")
            )
            self._require_valid(conn, current.definition, "提交", "submitted")
            at = self.clock()
            new_version = guarded_update(
                conn,
                _F,
                flow_id,
                version,
                {"status": "submitted", "submitted_by_id": who.user_id, "submitted_at": at, "updated_at": at},
            )
            self._record(conn, who, "flow_submit", flow_id, "submitted", {"v": current.info.version_no})
            return new_version

    def withdraw(self, who: Principal, flow_id: int, version: int) -> int:
        """Submitted or approved (not yet published) -> draft again, to be changed."""
        with write_txn(self.engine) as conn:
            current = self._version_in(
                conn,
                who,
                flow_id,
                version,
                ("submitted", "approved"),
                ("只能撤回已提交或已审批的版本。", "Only a submitted or approved version can be withdrawn."),
            )
            new_version = guarded_update(
                conn,
                _F,
                flow_id,
                version,
                {
                    "status": "draft",
                    "submitted_by_id": None,
                    "submitted_at": None,
                    "approver_id": None,
                    "approved_at": None,
                    "updated_at": self.clock(),
                },
            )
            self._record(conn, who, "flow_withdraw", flow_id, "withdrawn", {"v": current.info.version_no})
            return new_version

    def approve(self, who: Principal, flow_id: int, version: int) -> int:
        """Submitted -> approved, by a second person: not the author, not an editor, not the submitter."""
        with write_txn(self.engine) as conn:
            current = self._version_in(conn, who, flow_id, version)
            info = current.info
            if who.user_id in (info.author_id, info.submitted_by_id) or who.user_id in info.editor_ids:
                self.audit.record_committed(
                    conn,
                    who,
                    "permission_denied",
                    ENTITY,
                    flow_id,
                    {"permission": "flow.author", "role": who.role, "reason": "four_eyes"},
                )
                raise FlowNotAllowed(
                    "不能审批自己编写或提交的版本，须由另一位流程编写人审批。",
                    "You cannot approve a version you wrote or submitted; another flow author must.",
                )
            if current.status != "submitted":
                raise FlowNotAllowed("只能审批已提交的版本。", "Only a submitted version can be approved.")
            self._require_valid(conn, current.definition, "审批", "approved")
            at = self.clock()
            new_version = guarded_update(
                conn,
                _F,
                flow_id,
                version,
                {"status": "approved", "approver_id": who.user_id, "approved_at": at, "updated_at": at},
            )
            self._record(conn, who, "flow_approve", flow_id, "approved", {"v": info.version_no})
            return new_version

    def publish(self, who: Principal, flow_id: int, version: int) -> int:
        """Approved -> published; the version published before is retired.  Validation runs again first.

        Raises:
            FlowInvalid: something changed since approval (e.g. a template the flow sends was retired).
        """
        with write_txn(self.engine) as conn:
            current = self._version_in(
                conn,
                who,
                flow_id,
                version,
                ("approved",),
                ("只能发布已审批的版本。", "Only an approved version can be published."),
            )
            self._require_valid(conn, current.definition, "发布", "published")
            at = self.clock()
            previous = conn.execute(
                select(_F.c.id, _F.c.version).where(
                    _F.c.code == current.info.code, _F.c.status == "published", _F.c.id != flow_id
                )
            ).all()
            for prev_id, prev_version in previous:
                try:
                    guarded_update(
                        conn,
                        _F,
                        int(prev_id),
                        int(prev_version),
                        {"status": "retired", "retired_at": at, "updated_at": at},
                    )
                except StaleVersion:
                    raise FlowNotAllowed(
                        "另一版本刚刚发布或停用，请刷新后重试。",
                        "Another version was just published or retired; reload and try again.",
                    ) from None
                feed.append(conn, ENTITY, int(prev_id), "retired", actor_id=who.user_id)
                self.audit.record(conn, who, "flow_retire", ENTITY, int(prev_id), {"by_publish": flow_id})
            new_version = guarded_update(
                conn,
                _F,
                flow_id,
                version,
                {"status": "published", "published_by_id": who.user_id, "published_at": at, "updated_at": at},
            )
            self._record(
                conn,
                who,
                "flow_publish",
                flow_id,
                "published",
                {"v": current.info.version_no, "retired": [int(p) for p, _ in previous]},
            )
            return new_version

    def retire(self, who: Principal, flow_id: int, version: int) -> int:
        """Published or approved -> retired: no new run starts on it (runs under way finish on it)."""
        with write_txn(self.engine) as conn:
            current = self._version_in(
                conn,
                who,
                flow_id,
                version,
                ("published", "approved"),
                ("只能停用已发布或已审批的版本。", "Only a published or approved version can be retired."),
            )
            at = self.clock()
            new_version = guarded_update(
                conn, _F, flow_id, version, {"status": "retired", "retired_at": at, "updated_at": at}
            )
            self._record(conn, who, "flow_retire", flow_id, "retired", {"v": current.info.version_no})
            return new_version

    # -- helpers ----------------------------------------------------------------------------------------------
    def _get(self, conn: Connection, flow_id: int) -> FlowVersion:
        row = conn.execute(select(_F).where(_F.c.id == flow_id)).first()
        if row is None:
            raise FlowNotFound("流程版本不存在。", "The flow version does not exist.")
        return self._version(row)

    @staticmethod
    def _version(row: Any) -> FlowVersion:
        return FlowVersion(_info(row), parse(row.definition))

    @staticmethod
    def _exists(conn: Connection, code: str) -> bool:
        return conn.execute(select(_F.c.id).where(_F.c.code == code).limit(1)).first() is not None

    @staticmethod
    def _next_number(conn: Connection, code: str) -> int:
        rows = conn.execute(select(_F.c.version_no, _F.c.status).where(_F.c.code == code)).all()
        open_one = min((int(v) for v, s in rows if s in OPEN_STATUSES), default=None)
        if open_one is not None:
            raise FlowNotAllowed(
                f"该流程已有未发布的版本 {open_one}，请先完成、撤回或停用它。",
                f"Version {open_one} of this flow is still open; finish, withdraw or retire it first.",
            )
        return max((int(v) for v, _ in rows), default=0) + 1

    def _version_in(
        self,
        conn: Connection,
        who: Principal,
        flow_id: int,
        version: int,
        statuses: tuple[str, ...] | None = None,
        refusal: tuple[str, str] = ("", ""),
    ) -> FlowVersion:
        """The version ``flow_id`` for a change by ``who``: ``flow.author`` checked (and audited when refused),
        the row as loaded (``version``) still current, and its status one of ``statuses`` (else ``refusal``)."""
        authorize(conn, who, "flow.author", audit=self.audit, entity=ENTITY, entity_id=flow_id)
        current = self._get(conn, flow_id)
        self._check_version(conn, current, version)
        if statuses is not None and current.status not in statuses:
            raise FlowNotAllowed(*refusal)
        return current

    @staticmethod
    def _check_version(conn: Connection, current: FlowVersion, version: int) -> None:
        if current.version != version:
            raise StaleVersion(ENTITY, current.id, version, load_row(conn, _F, current.id))

    def _insert(
        self, conn: Connection, who: Principal, defn: FlowDefinition, number: int, detail: dict[str, Any]
    ) -> int:
        at = self.clock()
        new_id = conn.execute(
            insert(_F)
            .values(
                code=defn.code,
                version_no=number,
                name=defn.name.zh_CN,
                name_en=defn.name.en,
                definition=defn.to_data(),
                status="draft",
                author_id=who.user_id,
                editor_ids=[who.user_id],
                created_at=at,
                updated_at=at,
            )
            .returning(_F.c.id)
        ).scalar_one()
        self._record(conn, who, "flow_create", int(new_id), "created", detail)
        return int(new_id)

    def _record(
        self, conn: Connection, who: Principal, action: str, flow_id: int, event: str, detail: dict[str, Any]
    ) -> None:
        feed.append(conn, ENTITY, flow_id, event, actor_id=who.user_id)
        self.audit.record(conn, who, action, ENTITY, flow_id, detail)

    def _validate(self, conn: Connection, defn: FlowDefinition) -> list[Problem]:
        if self._taxonomy is None:
            self._taxonomy = load_taxonomy()
        taxonomy = self._taxonomy
        codes = pickable_dispositions(conn)
        return validate(
            defn,
            templates=template_statuses(conn),
            renderer=self.renderer,
            complaint_categories=lambda code: taxonomy.get(code) is not None,
            dispositions=codes.__contains__ if codes else None,  # a database without the tree: not checked
        )

    def _require_valid(self, conn: Connection, defn: FlowDefinition, what_zh: str, what_en: str) -> None:
        problems = self._validate(conn, defn)
        if problems:
            raise FlowInvalid(problems, what_zh=what_zh, what_en=what_en)
