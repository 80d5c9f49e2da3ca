"""The service memo (服务备忘录): notes on a customer and personal to-dos, written wherever the customer is served.

Both are ``reminder`` rows so they sit beside the rest of a customer's follow-ups: a note is kind ``memo``
(due when written), a to-do kind ``todo`` with its own due date, assigned to its author.  The row's branch is
the customer's (or, for a to-do about no customer, the author's), which is what lets the customer's manager
and the branch see it: on PostgreSQL the reminder policies scope rows by who wrote or holds them and by the
customer one may see; on SQLite :func:`_may_touch` applies the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, case, insert, or_, select
from sqlalchemy.orm import aliased

from db import feed
from db.models import Customer, Reminder, User
from db.models.base import utcnow
from db.models.lobby import MEMO_KINDS
from db.repositories.versioning import StaleVersion, guarded_update
from db.write import aware, write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize, can_see_customer, require_customer

from .types import FEED_MEMO, LobbyError, MemoItem

TITLE_MAX = 120
BODY_MAX = 2000
LIST_LIMIT = 100
PERMISSION = "reminder.manage"

_author = aliased(User)
MEMO_COLUMNS = (
    Reminder.id,
    Reminder.customer_id,
    Reminder.kind,
    Reminder.title,
    Reminder.body,
    Reminder.due_at,
    Reminder.done_at,
    Reminder.created_at,
    Reminder.version,
    _author.display_name.label("author_name"),
)


def memo_query(*criteria: ColumnElement[bool]) -> Any:
    """Memo rows (with their author's name) matching ``criteria``: open to-dos by due date, then notes, newest first."""
    done_last = case((Reminder.done_at.is_(None), 0), else_=1)
    todo_first = case((Reminder.kind == "todo", 0), else_=1)
    return (
        select(*MEMO_COLUMNS)
        .outerjoin(_author, _author.id == Reminder.created_by_id)
        .where(Reminder.kind.in_(MEMO_KINDS), *criteria)
        .order_by(done_last, todo_first, case((Reminder.kind == "todo", Reminder.due_at)), Reminder.id.desc())
    )


def memo_item(r: Any) -> MemoItem:
    """A :class:`MemoItem` from a row of :func:`memo_query` (or any row with its columns)."""
    return MemoItem(
        id=int(r.id),
        customer_id=r.customer_id,
        kind=r.kind,
        title=r.title,
        body=r.body,
        due_at=aware(r.due_at) if r.kind == "todo" else None,
        done_at=aware(r.done_at),
        created_by_name=r.author_name,
        created_at=aware(r.created_at),  # type: ignore[arg-type]
        version=int(r.version),
    )


def _text(value: str | None, limit: int, what: tuple[str, str], *, required: bool) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise LobbyError("empty", f"请填写{what[0]}。", f"Please enter the {what[1]}.")
        return None
    if len(cleaned) > limit:
        raise LobbyError(
            "too_long",
            f"{what[0]}最多 {limit} 个字（现有 {len(cleaned)} 个）。",
            f"The {what[1]} may be at most {limit} characters (it has {len(cleaned)}).",
        )
    return cleaned


def split_note(text: str) -> tuple[str, str | None]:
    """A note's title (its first line, cut to :data:`TITLE_MAX`) and body (the whole text when it says more)."""
    first = text.splitlines()[0].strip()
    title = first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1] + "…"
    return title, (None if title == text else text)


class MemoService:
    """Notes and to-dos for check-in, the counter and the 360° view (see the module)."""

    def __init__(self, engine: Engine, audit: AuditTrail, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._engine = engine
        self._audit = audit
        self._clock = clock

    # -- reading ---------------------------------------------------------------------------------------------
    def for_customer(self, principal: Principal, customer_id: int, *, include_done: bool = False) -> list[MemoItem]:
        """The customer's notes and to-dos (whoever wrote them), open ones first."""
        with self._engine.connect() as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit, entity="customer", entity_id=customer_id)
            require_customer(conn, principal, customer_id, audit=self._audit)
            criteria = [Reminder.customer_id == customer_id]
            if not include_done:
                criteria.append(Reminder.done_at.is_(None))
            return [memo_item(r) for r in conn.execute(memo_query(*criteria).limit(LIST_LIMIT))]

    def my_todos(self, principal: Principal, *, include_done: bool = False) -> list[MemoItem]:
        """The principal's own to-dos (about a customer or not), by due date."""
        with self._engine.connect() as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit)
            criteria = [Reminder.kind == "todo", Reminder.assigned_to_id == principal.user_id]
            if not include_done:
                criteria.append(Reminder.done_at.is_(None))
            return [memo_item(r) for r in conn.execute(memo_query(*criteria).limit(LIST_LIMIT))]

    # -- writing ---------------------------------------------------------------------------------------------
    def add_note(self, principal: Principal, customer_id: int, text: str) -> MemoItem:
        """A note on the customer, shown at check-in and in the pop until someone marks it done."""
        cleaned = _text(text, BODY_MAX, ("备忘内容", "note"), required=True)
        assert cleaned is not None
        title, body = split_note(cleaned)
        return self._add(principal, customer_id=customer_id, kind="memo", title=title, body=body, due_at=None)

    def add_todo(
        self,
        principal: Principal,
        title: str,
        due_at: dt.datetime,
        *,
        customer_id: int | None = None,
        body: str | None = None,
    ) -> MemoItem:
        """A to-do of the principal's own, due at ``due_at`` (aware; naive is read as UTC), maybe about a customer."""
        cleaned = _text(title, TITLE_MAX, ("待办标题", "to-do's title"), required=True)
        assert cleaned is not None
        if not isinstance(due_at, dt.datetime):
            raise LobbyError("bad_due", "请填写待办的到期时间。", "Please give the to-do a due date and time.")
        details = _text(body, BODY_MAX, ("待办说明", "to-do's details"), required=False)
        return self._add(
            principal, customer_id=customer_id, kind="todo", title=cleaned, body=details, due_at=aware(due_at)
        )

    def _add(
        self,
        principal: Principal,
        *,
        customer_id: int | None,
        kind: str,
        title: str,
        body: str | None,
        due_at: dt.datetime | None,
    ) -> MemoItem:
        now = self._clock()
        with write_txn(self._engine) as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit, entity="customer", entity_id=customer_id)
            if customer_id is not None:
                require_customer(conn, principal, customer_id, audit=self._audit)
                branch_id = conn.execute(select(Customer.branch_id).where(Customer.id == customer_id)).scalar()
            else:
                branch_id = principal.branch_id
            memo_id = conn.execute(
                insert(Reminder)
                .values(
                    customer_id=customer_id,
                    kind=kind,
                    title=title,
                    body=body,
                    due_at=due_at or now,
                    created_by_id=principal.user_id,
                    assigned_to_id=principal.user_id if kind == "todo" else None,
                    branch_id=branch_id,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(Reminder.id)
            ).scalar_one()
            self._audit.record(
                conn, principal, "memo_add", "reminder", memo_id, {"kind": kind, "customer": customer_id}
            )
            self._feed(conn, principal, customer_id, "added", memo_id, kind)
            return self._load(conn, memo_id)

    def mark_done(self, principal: Principal, memo_id: int, version: int) -> MemoItem:
        """Mark a note or to-do done (it leaves the check-in card and the pop)."""
        return self._set_done(principal, memo_id, version, done=True)

    def reopen(self, principal: Principal, memo_id: int, version: int) -> MemoItem:
        """Undo :meth:`mark_done`."""
        return self._set_done(principal, memo_id, version, done=False)

    def _set_done(self, principal: Principal, memo_id: int, version: int, *, done: bool) -> MemoItem:
        now = self._clock()
        with write_txn(self._engine) as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit, entity="reminder", entity_id=memo_id)
            row = conn.execute(
                select(Reminder.kind, Reminder.customer_id, Reminder.assigned_to_id, Reminder.done_at).where(
                    Reminder.id == memo_id, Reminder.kind.in_(MEMO_KINDS)
                )
            ).first()
            if row is None or not _may_touch(conn, principal, memo_id, row.customer_id):
                raise LobbyError("no_memo", "该备忘不存在或已删除。", "There is no such note or to-do.")
            values = (
                {"done_at": now, "done_by_id": principal.user_id} if done else {"done_at": None, "done_by_id": None}
            )
            try:
                guarded_update(conn, Reminder, memo_id, version, {**values, "updated_at": now})
            except StaleVersion as exc:
                raise LobbyError(
                    "stale",
                    "该备忘已被他人修改，请刷新后再试。",
                    "Someone else changed this note first; refresh and try again.",
                ) from exc
            action = "memo_done" if done else "memo_reopen"
            self._audit.record(conn, principal, action, "reminder", memo_id, {"kind": row.kind})
            entity_id: int | str = row.customer_id if row.customer_id is not None else f"u{row.assigned_to_id}"
            feed.append(
                conn,
                FEED_MEMO,
                entity_id,
                "done" if done else "reopened",
                actor_id=principal.user_id,
                payload={"memo_id": memo_id, "kind": row.kind},
            )
            return self._load(conn, memo_id)

    # -- helpers ---------------------------------------------------------------------------------------------
    @staticmethod
    def _feed(
        conn: Connection, principal: Principal, customer_id: int | None, action: str, memo_id: int, kind: str
    ) -> None:
        entity_id: int | str = customer_id if customer_id is not None else f"u{principal.user_id}"
        feed.append(
            conn, FEED_MEMO, entity_id, action, actor_id=principal.user_id, payload={"memo_id": memo_id, "kind": kind}
        )

    @staticmethod
    def _load(conn: Connection, memo_id: int) -> MemoItem:
        return memo_item(conn.execute(memo_query(Reminder.id == memo_id)).one())


def _may_touch(conn: Connection, principal: Principal, memo_id: int, customer_id: int | None) -> bool:
    """The reminder policy of PostgreSQL, for SQLite (and the owner's login): one's own, or a visible customer's,
    or the branch's to-dos about no customer."""
    own = conn.execute(
        select(Reminder.id).where(
            Reminder.id == memo_id,
            or_(
                Reminder.created_by_id == principal.user_id,
                Reminder.assigned_to_id == principal.user_id,
                and_(Reminder.customer_id.is_(None), Reminder.branch_id == principal.branch_id),
            ),
        )
    ).first()
    if own is not None:
        return True
    return customer_id is not None and can_see_customer(conn, principal, customer_id)


__all__ = ["BODY_MAX", "TITLE_MAX", "MemoService", "memo_item", "memo_query", "split_note"]
