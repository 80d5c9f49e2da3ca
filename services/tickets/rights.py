"""Who is acting, and the rights the complaint process checks.

The desktop passes the signed-in :class:`~services.permissions.Principal`; its rights are
checked with ``permissions.authorize`` and every refusal lands in the audit trail.  Background callers (the
escalation scan, the gateway recording a survey reply) and tests may pass a :class:`StaticActor` instead.

Rights used here:

* ``ticket.create`` — take a complaint (intake), and take a ticket from the team queue;
* ``ticket.assign`` — give a ticket to someone else or to another team;
* ``ticket.extend_deadline`` — approve a further 30-day extension (the superior office's consent);
* ``ticket.reopen`` — reopen a decided or closed complaint;
* ``customer.export`` — export ticket lists (masked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection

from services import permissions
from services.audit import AuditTrail
from services.permissions import Principal

from .errors import PermissionDenied

PERM_CREATE = "ticket.create"
PERM_ASSIGN = "ticket.assign"
PERM_APPROVE_EXTENSION = "ticket.extend_deadline"
PERM_REOPEN = "ticket.reopen"
PERM_EXPORT = "customer.export"
LABELS = {
    PERM_CREATE: ("创建工单", "create tickets"),
    PERM_ASSIGN: ("分派工单", "assign tickets"),
    PERM_APPROVE_EXTENSION: ("批准投诉延期", "approve a complaint extension"),
    PERM_REOPEN: ("重新打开已关闭的投诉", "reopen a closed complaint"),
    PERM_EXPORT: ("导出工单", "export tickets"),
}


class Actor(Protocol):
    """The signed-in user (a ``Principal``) or the system, on whose behalf a service call runs."""

    @property
    def user_id(self) -> int | None: ...


@dataclass(frozen=True)
class StaticActor:
    """An actor with a fixed set of rights: the escalation scan, the gateway, tests."""

    user_id: int | None
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions


SYSTEM = StaticActor(None)


def has_right(actor: Actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` (for hiding buttons; :func:`require` enforces)."""
    if isinstance(actor, Principal):
        return permissions.allowed(actor.role, permission)
    can = getattr(actor, "can", None)
    return bool(can and can(permission))


def require(
    conn: Connection,
    actor: Actor,
    permission: str,
    *,
    audit: AuditTrail | None,
    entity: str = "ticket",
    entity_id: Any = None,
) -> None:
    """Refuse unless ``actor`` holds ``permission``; call it before the transaction writes anything.

    Raises:
        permissions.PermissionDenied: a principal lacks the right (the refusal is in the audit trail).
        PermissionDenied: a static actor lacks it.
    """
    if isinstance(actor, Principal):
        trail = audit or AuditTrail()
        permissions.authorize(conn, actor, permission, audit=trail, entity=entity, entity_id=entity_id)
        return
    if not has_right(actor, permission):
        zh, en = LABELS.get(permission, (permission, permission))
        raise PermissionDenied(f"您没有“{zh}”的权限。", f"You do not have the right to {en}.", permission=permission)
