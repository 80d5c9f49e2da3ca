"""The demo's sign-in passwords: one shared password for the five demo users (listed in the README)."""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from db.models import User
from db.models.base import utcnow
from db.write import write_txn

from .audit import AuditTrail
from .passwords import PasswordHasher, check_policy
from .user_admin import sync_login

DEMO_PASSWORD = "Demo@2026!"
DEMO_USERNAMES = ("agent01", "lobby01", "cm01", "super01", "admin")


def set_demo_passwords(
    engine: Engine, *, hasher: PasswordHasher | None = None, audit: AuditTrail | None = None
) -> list[str]:
    """Give the demo users :data:`DEMO_PASSWORD` (hashed once) and clear any lock-out.

    On PostgreSQL every demo user also gets their own database login (``cd_sync_login``), which the
    sign-in service gives a password at each sign-in.

    Returns:
        The demo usernames that exist in the database and were updated.
    """
    assert not check_policy(DEMO_PASSWORD, "agent01"), "the demo password must meet the policy"
    password_hash = (hasher or PasswordHasher()).hash(DEMO_PASSWORD)
    audit = audit or AuditTrail()
    now = utcnow()
    with write_txn(engine) as conn:
        found = conn.execute(
            select(User.id, User.username).where(User.username.in_(DEMO_USERNAMES)).order_by(User.id)
        ).all()
        if not found:
            return []
        present = [str(username) for _, username in found]
        conn.execute(
            update(User)
            .where(User.username.in_(present))
            .values(
                password_hash=password_hash,
                password_changed_at=now,
                failed_logins=0,
                locked_until=None,
                is_active=True,
                version=User.version + 1,
            )
        )
        for user_id, _ in found:
            sync_login(conn, int(user_id))
        audit.record(conn, "demo", "password_set", "user", None, {"users": present, "demo": True})
    return present
