"""People and places the ticket screens offer to pick: handlers, the employee or branch complained about.

* :func:`assignees` — whom the principal may give a ticket to: with ``ticket.assign``, the active members
  of the teams they supervise and of their own team who handle tickets; otherwise only themselves (taking
  a ticket).  The services still enforce the right and the conflict-of-interest rule on the save.
* :func:`find_staff` — staff by name, username or employee number (the "employee complained about" box).
* :func:`branches` — every branch, for "the branch complained about".
* :func:`names` — display names of a few users, for the ticket panel.
* :func:`customer_brief` — the name and CIF number of the customer a complaint is taken from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from db.models import Branch, Customer, Team, User
from services.permissions import MATRIX, Principal, allowed

HANDLER_ROLES = tuple(role for role, rights in MATRIX.items() if "ticket.create" in rights)
MAX_STAFF = 50


@dataclass(frozen=True)
class Person:
    """A member of staff as a picker shows them."""

    id: int
    name: str
    username: str
    role: str
    team_id: int | None
    team_name: str | None


@dataclass(frozen=True)
class Place:
    """A branch as a picker shows it."""

    id: int
    name: str


def _people(conn: Connection, where: object, limit: int) -> list[Person]:
    query = (
        select(User.id, User.display_name, User.username, User.role_code, User.team_id, Team.name)
        .outerjoin(Team, Team.id == User.team_id)
        .where(User.is_active.is_(True), where)  # type: ignore[arg-type]
        .order_by(Team.name, User.display_name, User.id)
        .limit(limit)
    )
    return [Person(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in conn.execute(query)]


def supervised_teams(conn: Connection, principal: Principal) -> list[int]:
    """The teams whose work the principal oversees (supervised ones and their own), as ``ticket_scope`` has it."""
    teams = set(conn.execute(select(Team.id).where(Team.supervisor_id == principal.user_id)).scalars())
    if principal.team_id is not None:
        teams.add(principal.team_id)
    return sorted(int(t) for t in teams)


def assignees(conn: Connection, principal: Principal) -> list[Person]:
    """Whom ``principal`` may assign a ticket to (themselves first)."""
    me = _people(conn, User.id == principal.user_id, 1)
    if not allowed(principal.role, "ticket.assign"):
        return me
    teams = supervised_teams(conn, principal)
    if not teams:
        return me
    others = _people(
        conn,
        (User.team_id.in_(teams)) & (User.role_code.in_(HANDLER_ROLES)) & (User.id != principal.user_id),
        1000,
    )
    return me + others


def find_staff(conn: Connection, text: str, *, limit: int = 20) -> list[Person]:
    """Active staff whose name, username or employee number contains ``text`` (at most ``limit``)."""
    text = text.strip()
    if not text:
        return []
    pattern = f"%{text}%"
    where = or_(User.display_name.like(pattern), User.username.like(pattern), User.employee_no.like(pattern))
    return _people(conn, where, max(1, min(limit, MAX_STAFF)))


def branches(conn: Connection) -> list[Place]:
    """Every branch, by name."""
    return [Place(int(r[0]), r[1]) for r in conn.execute(select(Branch.id, Branch.name).order_by(Branch.name))]


def names(conn: Connection, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of the given users (unknown ids are left out)."""
    wanted = sorted({int(u) for u in user_ids if u is not None})
    if not wanted:
        return {}
    rows = conn.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {int(r[0]): r[1] for r in rows}


@dataclass(frozen=True)
class CustomerBrief:
    """Who a complaint is from, as the intake form names them."""

    id: int
    name: str
    cif_no: str


def customer_brief(conn: Connection, customer_id: int) -> CustomerBrief | None:
    """The customer's name and CIF number (None when there is no such customer)."""
    row = conn.execute(select(Customer.name, Customer.cif_no).where(Customer.id == customer_id)).first()
    return CustomerBrief(customer_id, row[0], row[1]) if row is not None else None
