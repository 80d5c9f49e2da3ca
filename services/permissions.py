"""Roles and permissions: the matrix as data, enforced here, and which customers each role sees.

The services call :func:`authorize` before they act; the UI asks :func:`allowed` only to hide what
the service would refuse anyway.  Every refusal is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Connection, and_, false, insert, or_, select, true

from db.models import Customer, Role, Team, Ticket, User

from .auth_errors import BilingualError

if TYPE_CHECKING:
    from .audit import AuditTrail

# role code -> (Chinese name, English name); the ``role`` table holds the same rows.
ROLES: Mapping[str, tuple[str, str]] = {
    "agent": ("坐席", "Agent"),
    "lobby_manager": ("大堂经理", "Lobby manager"),
    "customer_manager": ("客户经理", "Customer manager"),
    "supervisor": ("班组长", "Supervisor"),
    "admin": ("管理员", "Administrator"),
}

# permission code -> (Chinese label, English label)
PERMISSIONS: Mapping[str, tuple[str, str]] = {
    "customer.view": ("查看客户", "view customers"),
    "customer.reveal": ("查看完整敏感信息", "reveal masked customer data"),
    "customer.edit": ("修改客户资料", "edit customer data"),
    "customer.export": ("导出客户数据", "export customer data"),
    "call.handle": ("接听与外呼", "handle calls"),
    "message.send": ("发送短信与邮件", "send SMS and e-mail"),
    "message.settle": ("处理发送异常的消息", "settle messages with an unknown or failed outcome"),
    "flow.run": ("执行服务流程", "run service flows"),
    "flow.author": ("编写服务流程", "author service flows"),
    "template.author": ("编写消息模板", "author message templates"),
    "template.approve": ("审批消息模板", "approve message templates"),
    "ticket.create": ("创建工单", "create tickets"),
    "ticket.view_team": ("查看团队工单", "view the team's tickets"),
    "ticket.assign": ("分派工单", "assign tickets"),
    "ticket.extend_deadline": ("延长工单时限", "extend ticket deadlines"),
    "ticket.reopen": ("重新打开已结工单", "reopen decided or closed tickets"),
    "reminder.manage": ("管理提醒与备忘", "manage reminders and memos"),
    "queue_ticket.issue": ("发放排队号", "issue queue numbers"),
    "referral.create": ("转介客户", "refer customers"),
    "referral.accept": ("接收转介", "accept referrals"),
    "counter.serve": ("窗口叫号与服务", "call and serve customers at a counter"),
    "appointment.book": ("预约网点服务", "book branch appointments"),
    "campaign.run": ("执行营销活动", "run campaigns"),
    "wallboard.view": ("查看实时看板", "view the wallboard"),
    "queue.configure": ("配置队列规则", "configure queue rules"),
    "agent.force_state": ("强制调整坐席状态", "force an agent's state"),
    "call.requeue": ("调整排队来电", "move waiting calls or raise their priority"),
    "agent.notify": ("向坐席发送消息", "send messages to agents' desks"),
    "csat.configure": ("配置满意度回访", "configure satisfaction surveys"),
    "report.view": ("查看报表", "view reports"),
    "user.admin": ("用户管理", "administer users"),
    "audit.view": ("查看审计日志", "view the audit trail"),
    "audit.verify": ("校验审计日志", "verify the audit trail"),
    "settings.admin": ("系统设置", "change system settings"),
}

_WORK = frozenset({"customer.view", "customer.edit", "message.send", "flow.run", "ticket.create", "reminder.manage"})

# THE matrix.  Administrators run the system and see customers masked only; nobody but the roles
# that serve customers in person or own complaints may reveal.
MATRIX: Mapping[str, frozenset[str]] = {
    "agent": _WORK | {"call.handle", "referral.create", "appointment.book"},
    "lobby_manager": _WORK
    | {"customer.reveal", "queue_ticket.issue", "referral.create", "counter.serve", "appointment.book", "report.view"},
    "customer_manager": _WORK
    | {
        "customer.reveal",
        "customer.export",
        "referral.create",
        "referral.accept",
        "counter.serve",
        "appointment.book",
        "campaign.run",
        "report.view",
    },
    "supervisor": _WORK
    | {
        "customer.reveal",
        "customer.export",
        "call.handle",
        "flow.author",
        "template.author",
        "template.approve",
        "message.settle",
        "ticket.view_team",
        "ticket.assign",
        "ticket.extend_deadline",
        "ticket.reopen",
        "campaign.run",
        "wallboard.view",
        "agent.force_state",
        "call.requeue",
        "agent.notify",
        "csat.configure",
        "queue.configure",
        "report.view",
        "referral.create",
        "appointment.book",
    },
    "admin": frozenset(
        {"customer.view", "message.settle", "user.admin", "audit.view", "audit.verify", "settings.admin"}
    ),
}

# Which customers a role sees: everyone (masked), its branch, or its portfolio plus its branch.
CUSTOMER_SCOPE: Mapping[str, str] = {
    "agent": "all",
    "lobby_manager": "branch",
    "customer_manager": "portfolio_or_branch",
    "supervisor": "all",
    "admin": "all",
}


@dataclass(frozen=True)
class Principal:
    """The signed-in person a service acts for."""

    user_id: int
    username: str
    role: str
    branch_id: int | None = None
    team_id: int | None = None
    workstation: str = ""
    display_name: str = ""
    locale: str = "zh_CN"


class PermissionDenied(BilingualError):
    """The principal's role does not allow the action (already recorded in the audit trail)."""

    code = "permission_denied"

    def __init__(self, permission: str, role: str, *, reason: str = "role") -> None:
        zh_label, en_label = PERMISSIONS.get(permission, (permission, permission))
        role_zh, role_en = ROLES.get(role, (role, role))
        if reason == "scope":
            super().__init__("您无权查看该客户。", "This customer is outside what you may see.")
        else:
            super().__init__(f"“{role_zh}”无权{zh_label}。", f"The {role_en.lower()} role may not {en_label}.")
        self.permission = permission
        self.role = role
        self.reason = reason


def allowed(role: str, permission: str) -> bool:
    """Whether ``role`` holds ``permission`` (for hiding UI; the services enforce)."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return permission in MATRIX.get(role, frozenset())


def permissions_of(role: str) -> frozenset[str]:
    """Every permission of ``role`` (empty for an unknown role)."""
    return MATRIX.get(role, frozenset())


def authorize(
    conn: Connection,
    principal: Principal,
    permission: str,
    *,
    audit: AuditTrail,
    entity: str | None = None,
    entity_id: object = None,
) -> None:
    """Refuse, audited, unless the principal's role holds ``permission``.

    Call it before the transaction writes anything: the refusal is recorded in a transaction of
    its own, so it stays in the audit trail when the caller's transaction rolls back.

    Raises:
        PermissionDenied: the role lacks the permission.
        ValueError: ``permission`` is not a known permission code (a programming error).
    """
    if allowed(principal.role, permission):
        return
    deny(conn, principal, permission, audit=audit, entity=entity, entity_id=entity_id)


def deny(
    conn: Connection,
    principal: Principal,
    permission: str,
    *,
    audit: AuditTrail,
    entity: str | None = None,
    entity_id: object = None,
    reason: str = "role",
) -> None:
    """Record a refusal in the audit trail and raise :class:`PermissionDenied`."""
    audit.record_committed(
        conn,
        principal,
        "permission_denied",
        entity,
        entity_id,
        {"permission": permission, "role": principal.role, "reason": reason},
    )
    raise PermissionDenied(permission, principal.role, reason=reason)


def customer_scope(principal: Principal) -> ColumnElement[bool]:
    """A criterion on :class:`Customer` limiting rows to those the principal may see."""
    kind = CUSTOMER_SCOPE.get(principal.role)
    if kind == "all":
        return true()
    if kind == "branch":
        return Customer.branch_id == principal.branch_id if principal.branch_id is not None else false()
    if kind == "portfolio_or_branch":
        mine = Customer.manager_id == principal.user_id
        return or_(mine, Customer.branch_id == principal.branch_id) if principal.branch_id is not None else mine
    return false()


def can_see_customer(conn: Connection, principal: Principal, customer_id: int) -> bool:
    """True when the customer exists and lies within the principal's scope."""
    found = conn.execute(select(Customer.id).where(and_(Customer.id == customer_id, customer_scope(principal)))).first()
    return found is not None


def require_customer(conn: Connection, principal: Principal, customer_id: int, *, audit: AuditTrail) -> None:
    """Refuse, audited, a customer outside the principal's scope (or one that does not exist)."""
    if not can_see_customer(conn, principal, customer_id):
        deny(conn, principal, "customer.view", audit=audit, entity="customer", entity_id=customer_id, reason="scope")


def ticket_scope(principal: Principal) -> ColumnElement[bool]:
    """A criterion on :class:`Ticket`: supervisors see their teams' work, others their own tickets.

    A person's own tickets are those assigned to them and those they registered: under the first-contact
    rule (首问负责制) the agent who takes a complaint answers to the customer for it until it is decided,
    even while it waits in the team queue for a handler.
    A supervisor's teams are the teams they supervise (``team.supervisor_id``) and their own team;
    their work is every ticket of those teams or assigned to one of their members, and their own tickets.
    """
    own = or_(Ticket.assignee_id == principal.user_id, Ticket.created_by_id == principal.user_id)
    if principal.role == "supervisor":
        teams = select(Team.id).where(or_(Team.supervisor_id == principal.user_id, Team.id == principal.team_id))
        members = select(User.id).where(User.team_id.in_(teams))
        return or_(Ticket.team_id.in_(teams), Ticket.assignee_id.in_(members), own)
    if principal.role in MATRIX and "ticket.create" in MATRIX[principal.role]:
        return own
    return false()


def ensure_roles(conn: Connection) -> None:
    """Insert any missing role rows (codes and names from :data:`ROLES`)."""
    present = set(conn.execute(select(Role.code)).scalars())
    missing = [{"code": code, "name_zh": zh, "name_en": en} for code, (zh, en) in ROLES.items() if code not in present]
    if missing:
        conn.execute(insert(Role), missing)
