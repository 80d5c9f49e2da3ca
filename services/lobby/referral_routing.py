"""Who a referral goes to, and the jobs that move referrals nobody is answering.

A referral goes to the customer's own manager while that manager is an active customer manager; otherwise
(a prospect, a manager who has left) to the branch's *pool*: the active customer managers of the customer's
branch, the one with the fewest open referrals first, ties to the lower user id (so two desks routing at the
same moment agree, and tests can predict it).  A manager's load counts the open referrals *of that branch*
assigned to them: exactly the rows a lobby manager or a customer manager of the branch sees under row-level
security, so routing from a desktop login and from the gateway's jobs agree without a privileged function.

The jobs run on the gateway (and the embedded desktop) with its own login; several gateways may run them at
once: PostgreSQL hands each overdue row to one of them (``FOR UPDATE SKIP LOCKED``), SQLite has one writer.
Both are idempotent: a second run at the same ``now`` finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select, update

from db import feed
from db.models import Customer, Referral, User
from db.write import write_txn
from services.audit import AuditTrail
from services.config import DEFAULTS

from .types import FEED_REFERRAL

OPEN_STATES = ("new", "accepted", "contacted", "appointment")
CLOSED_STATES = ("won", "lost")
DEFAULT_ACCEPT_MINUTES = DEFAULTS.referral_accept_minutes
JOB_ACTOR = "system"  # the audit trail's name for the jobs (no person acted)
BATCH = 500  # rows one job run takes at most; the next run takes the rest


@dataclass(frozen=True)
class Route:
    """Where a new referral goes: ``to_user_id`` None when the branch has no active customer manager."""

    to_user_id: int | None
    branch_id: int
    by: str  # manager / pool / none


def active_manager(conn: Connection, user_id: int | None) -> bool:
    """Whether ``user_id`` is an active customer manager (someone who can accept a referral)."""
    if user_id is None:
        return False
    found = conn.execute(
        select(User.id).where(User.id == user_id, User.is_active.is_(True), User.role_code == "customer_manager")
    ).first()
    return found is not None


def managers_by_load(conn: Connection, branch_id: int, *, exclude: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """(user id, open referrals of the branch) of the branch's active customer managers, least loaded first."""
    load = func.count(Referral.id)
    query = (
        select(User.id, load.label("load"))
        .outerjoin(
            Referral,
            and_(
                Referral.to_user_id == User.id,
                Referral.branch_id == branch_id,
                Referral.status.in_(OPEN_STATES),
            ),
        )
        .where(User.branch_id == branch_id, User.role_code == "customer_manager", User.is_active.is_(True))
        .group_by(User.id)
        .order_by(load, User.id)
    )
    if exclude:
        query = query.where(User.id.not_in(exclude))
    return [(int(r.id), int(r.load)) for r in conn.execute(query).all()]


def least_loaded(conn: Connection, branch_id: int, *, exclude: tuple[int, ...] = ()) -> int | None:
    """The branch's pool manager who gets the next referral (None: the branch has none)."""
    ranked = managers_by_load(conn, branch_id, exclude=exclude)
    return ranked[0][0] if ranked else None


def route(conn: Connection, customer_id: int) -> Route:
    """The customer's active manager, else the least loaded manager of the customer's branch."""
    row = conn.execute(select(Customer.manager_id, Customer.branch_id).where(Customer.id == customer_id)).one()
    branch_id = int(row.branch_id)
    if active_manager(conn, row.manager_id):
        return Route(int(row.manager_id), branch_id, "manager")
    pooled = least_loaded(conn, branch_id)
    return Route(pooled, branch_id, "pool" if pooled is not None else "none")


def notify(conn: Connection, referral_id: int, action: str, actor_id: int | None, **payload: Any) -> None:
    """The referral's change on the feed: inboxes (``to_user_id``) and senders (``from_user_id``) listen."""
    feed.append(conn, FEED_REFERRAL, referral_id, action, actor_id=actor_id, payload=payload)


def _claim(conn: Connection, criterion: Any) -> list[Any]:
    """Open referrals matching ``criterion``, locked for this run (PostgreSQL skips rows another run holds)."""
    query = (
        select(Referral.id, Referral.to_user_id, Referral.from_user_id, Referral.branch_id, Referral.status)
        .where(criterion)
        .order_by(Referral.id)
        .limit(BATCH)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(conn.execute(query).all())


def escalate_overdue_referrals(
    engine: Engine, audit: AuditTrail, now: dt.datetime, *, accept_minutes: int = DEFAULT_ACCEPT_MINUTES
) -> int:
    """Pass referrals still new after their ``accept_by`` to the branch's next least loaded manager.

    With no other manager the referral stays where it is, flagged (``escalated_at``).  Either way it gets a
    fresh acceptance time, so a second run at the same ``now`` changes nothing, and the new manager, the
    previous one and the referrer are told on the feed.  Returns how many referrals escalated.
    """
    done = 0
    with write_txn(engine) as conn:
        rows = _claim(conn, and_(Referral.status == "new", Referral.accept_by < now))
        for r in rows:
            previous = r.to_user_id
            exclude = (int(previous),) if previous is not None else ()
            to_user = least_loaded(conn, int(r.branch_id), exclude=exclude)
            if to_user is None:
                to_user = previous if active_manager(conn, previous) else None
            conn.execute(
                update(Referral)
                .where(Referral.id == r.id)
                .values(
                    to_user_id=to_user,
                    escalated_at=now,
                    accept_by=now + dt.timedelta(minutes=accept_minutes),
                    updated_at=now,
                    version=Referral.version + 1,
                )
            )
            notify(
                conn,
                int(r.id),
                "escalated",
                None,
                to_user_id=to_user,
                from_user_id=int(r.from_user_id),
                previous_user_id=previous,
                status="new",
            )
            detail = {"from": previous, "to": to_user, "kept": to_user == previous}
            audit.record(conn, JOB_ACTOR, "referral_escalate", "referral", int(r.id), detail)
            done += 1
    return done


def return_referrals_of_leavers(
    engine: Engine, audit: AuditTrail, now: dt.datetime, *, accept_minutes: int = DEFAULT_ACCEPT_MINUTES
) -> int:
    """Open referrals of managers who have left (``is_active`` false) go back to the branch's pool.

    Each goes to the least loaded active manager of its branch (``returned_count`` + 1) and keeps its state:
    what was agreed with the customer still holds.  A new one gets a fresh acceptance time.  When the branch
    has no manager left it waits unassigned, and a later run assigns it (as it does referrals created while
    the branch had none).  Returns how many referrals moved.
    """
    leavers = select(User.id).where(User.is_active.is_(False))
    done = 0
    with write_txn(engine) as conn:
        rows = _claim(
            conn,
            and_(
                Referral.status.in_(OPEN_STATES),
                or_(Referral.to_user_id.is_(None), Referral.to_user_id.in_(leavers)),
            ),
        )
        for r in rows:
            previous = r.to_user_id
            to_user = least_loaded(conn, int(r.branch_id))
            if to_user is None and previous is None:
                continue  # still nobody to give it to
            values: dict[str, Any] = {"to_user_id": to_user, "updated_at": now, "version": Referral.version + 1}
            if previous is not None:
                values["returned_count"] = Referral.returned_count + 1
            if r.status == "new":
                values["accept_by"] = now + dt.timedelta(minutes=accept_minutes)
            conn.execute(update(Referral).where(Referral.id == r.id).values(**values))
            notify(
                conn,
                int(r.id),
                "returned",
                None,
                to_user_id=to_user,
                from_user_id=int(r.from_user_id),
                previous_user_id=previous,
                status=r.status,
            )
            audit.record(conn, JOB_ACTOR, "referral_return", "referral", int(r.id), {"from": previous, "to": to_user})
            done += 1
    return done
