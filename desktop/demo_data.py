"""The demo database: built once (seeded off the GUI thread), and showcase customers for screenshots.

Every function here runs on the database worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEMO_SEED = 20240601
DEMO_USER = "agent01"


def _sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def needs_build(path: Path, customers: int, *, reset: bool, explicit: bool) -> bool:
    """True when the demo database must be (re)built.

    It is rebuilt when missing, empty, when ``reset`` is asked, or when an explicit
    ``--customers`` differs from what it holds.  A file that is not ours raises DatabaseError
    and is left untouched.
    """
    from sqlalchemy import func, select

    from db.engine import make_engine
    from db.migrate import check_ours
    from db.models import Customer

    if reset:
        for file in _sidecars(path):
            file.unlink(missing_ok=True)
        return True
    if not path.exists() or path.stat().st_size == 0:
        return True
    engine = make_engine(_url(path))
    try:
        check_ours(engine)
        with engine.connect() as conn:
            from sqlalchemy import inspect

            if "customer" not in inspect(conn).get_table_names():
                return True
            count = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
    finally:
        engine.dispose()
    if count == 0:
        return True
    if explicit and count != customers:
        return True
    bring_up_to_date(path)
    return False


def bring_up_to_date(path: Path) -> None:
    """A demo database made by an earlier ContactDesk gets what a new one has: the schema (migrated, with a
    backup), the demo users' password, and the starter templates and flows it is missing (with their demo
    runs).  Each step finds what is already there and leaves it alone."""
    from db.engine import make_engine
    from db.migrate import current_revision, head_revision, upgrade
    from desktop.demo_lobby import install_lobby_demo
    from desktop.session import count_sign_in_users
    from services.demo_accounts import set_demo_passwords
    from services.flows.starters import install_starter_flows
    from services.messaging import install_starter_templates

    engine = make_engine(_url(path))
    try:
        if current_revision(engine) != head_revision():
            backup = upgrade(engine, backup=True)
            log.info("demo database migrated; backup at %s", backup)
        if count_sign_in_users(engine) == 0:
            set_demo_passwords(engine)
        templates, flows = install_starter_templates(engine), install_starter_flows(engine)
        if templates or flows:
            log.info("demo database: %s starter template(s) and %s starter flow(s) added", templates, flows)
        lobby = install_lobby_demo(engine)  # a queue is one day's: today's is added on the first start of a day
        from services.csat.settings import install_demo_settings

        if install_demo_settings(engine):  # every demo queue surveys some of its calls (the CSAT report)
            log.info("demo database: satisfaction surveys turned on for the demo queues")
        if any(lobby.values()):
            log.info("demo database: lobby data added %s", lobby)
        from services.reports.demo_history import install_call_history

        if history := install_call_history(engine):  # four weeks of calls, so the call reports have a history
            log.info("demo database: %s calls of history added for the reports", history)
    finally:
        engine.dispose()


def build(path: Path, customers: int) -> None:
    """Build a fresh demo database next to ``path`` and move it into place when complete."""
    from db.engine import make_engine
    from db.migrate import upgrade
    from db.seed import seed_database
    from desktop.demo_lobby import install_lobby_demo
    from services.demo_accounts import set_demo_passwords
    from services.flows.starters import install_starter_flows
    from services.messaging import install_starter_templates

    partial = path.with_name(path.name + ".partial")
    for file in _sidecars(partial):
        file.unlink(missing_ok=True)
    engine = make_engine(_url(partial))
    try:
        upgrade(engine)
        seed_database(engine, customers, seed=DEMO_SEED)
        install_starter_templates(engine)
        install_starter_flows(engine)
        install_lobby_demo(engine)
        from services.csat.settings import install_demo_settings

        install_demo_settings(engine)
        from services.reports.demo_history import install_call_history

        install_call_history(engine)
        set_demo_passwords(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for file in _sidecars(path):
        file.unlink(missing_ok=True)
    os.replace(partial, path)
    for file in _sidecars(partial)[1:]:
        file.unlink(missing_ok=True)
    log.info("demo database ready: %s (%s customers)", path, customers)


def showcase(engine: Any) -> dict[str, Any]:
    """Customers worth showing: a rich VIP (holdings, open complaint, reminders) and the longest name.

    Returns:
        ``{"rich": id, "rich_name": str, "long": id | None, "long_name": str | None, "surname": str}``
    """
    from sqlalchemy import case, exists, func, select

    from db.models import Customer, Holding, Interaction, Reminder, Ticket
    from db.models.ticket import OPEN_TICKET_STATES

    today = dt.date.today()

    def flag(condition: Any) -> Any:
        return case((condition, 1), else_=0)

    # Named columns: SELECT * would need the privilege on the account number too (a desktop's login has none).
    has_holding = exists(select(Holding.id).where(Holding.customer_id == Customer.id))
    has_complaint = exists().where(
        Ticket.customer_id == Customer.id, Ticket.kind == "complaint", Ticket.status.in_(OPEN_TICKET_STATES)
    )
    has_reminder = exists().where(Reminder.customer_id == Customer.id, Reminder.done_at.is_(None))
    has_contacts = exists().where(Interaction.customer_id == Customer.id)
    has_maturing = exists(
        select(Holding.id).where(
            Holding.customer_id == Customer.id,
            Holding.kind == "term_deposit",
            Holding.status == "active",
            Holding.maturity_date >= today,
            Holding.maturity_date <= today + dt.timedelta(days=30),
        )
    )
    vip = Customer.vip_level > 0
    richest = (
        select(Customer.id, Customer.name)
        .where(has_holding)
        .order_by(
            flag(has_complaint).desc(),
            (flag(has_reminder) + flag(vip) + flag(has_contacts) + flag(has_maturing)).desc(),
            Customer.vip_level.desc(),
            Customer.aum.desc(),
        )
        .limit(1)
    )
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        rich = conn.execute(richest).first() or conn.execute(select(Customer.id, Customer.name).limit(1)).first()
        if rich is None:
            raise LookupError("the demo database has no customers")
        out["rich"], out["rich_name"] = rich
        longest = conn.execute(
            select(Customer.id, Customer.name).order_by(func.length(Customer.name).desc(), Customer.id).limit(1)
        ).first()
        out["long"], out["long_name"] = longest if longest is not None and len(longest[1]) >= 5 else (None, None)
        out["surname"] = rich[1][:1]
    return out
