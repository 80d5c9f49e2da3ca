"""Fixtures for the desktop UI tests: a task manager on the seeded database, the services, Chinese UI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, func, select

from desktop.tasks import TaskManager


@pytest.fixture
def tasks(qapp: QApplication, seeded_engine: Engine) -> Iterator[TaskManager]:
    """A real (threaded) task manager whose default engine is the seeded database."""
    manager = TaskManager(seeded_engine)
    yield manager
    assert manager.shutdown()


@pytest.fixture
def search_service(seeded_engine: Engine) -> Any:
    from services.search import CustomerSearch

    return CustomerSearch(seeded_engine)


@pytest.fixture
def c360_service(seeded_engine: Engine) -> Any:
    from services.customer360 import Customer360Service

    return Customer360Service(seeded_engine)


@pytest.fixture
def translations(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chinese interface (the default); switched back to Chinese after the test."""
    from desktop.ui.i18n import Translations

    cache = tmp_path_factory.mktemp("qm-cache")
    translations = Translations(cache)
    translations.switch("zh_CN")
    qapp.processEvents()
    yield translations
    translations.switch("en")
    qapp.processEvents()


@pytest.fixture(scope="session")
def showcase(seeded_sqlite_url: str) -> dict[str, Any]:
    """Interesting customers of the seeded data set.

    ``rich``: the demo's showcase pick (prefers an open complaint); ``full``: has products, tickets,
    reminders and contacts; ``busiest``: most contacts; a phone number and a CIF to type; the most
    common surname.
    """
    from sqlalchemy import exists

    from db.engine import make_engine
    from db.models import Customer, CustomerPhone, Holding, Interaction, Reminder, Ticket
    from desktop.demo_data import showcase as pick

    engine = make_engine(seeded_sqlite_url)
    try:
        picks = pick(engine)
        with engine.connect() as conn:
            phone_row = conn.execute(
                select(CustomerPhone.customer_id, CustomerPhone.e164)
                .where(CustomerPhone.e164.like("+861%"))
                .order_by(CustomerPhone.id)
                .limit(1)
            ).first()
            busiest = conn.execute(
                select(Interaction.customer_id, func.count())
                .where(Interaction.customer_id.is_not(None))
                .group_by(Interaction.customer_id)
                .order_by(func.count().desc())
                .limit(1)
            ).first()
            name_row = conn.execute(
                select(Customer.id, Customer.name, Customer.cif_no).order_by(Customer.id).limit(1)
            ).first()
            full = conn.execute(
                select(Customer.id, Customer.name)
                .where(
                    exists().where(Holding.customer_id == Customer.id),
                    exists().where(Ticket.customer_id == Customer.id),
                    exists().where(Reminder.customer_id == Customer.id),
                    exists().where(Interaction.customer_id == Customer.id),
                )
                .order_by(Customer.vip_level.desc(), Customer.id)
                .limit(1)
            ).first()
            surname = conn.execute(
                select(func.substr(Customer.name, 1, 1))
                .group_by(func.substr(Customer.name, 1, 1))
                .order_by(func.count().desc())
                .limit(1)
            ).scalar_one()
    finally:
        engine.dispose()
    picks["common_surname"] = surname
    assert full is not None, "the seeded data has no customer with products, tickets, reminders and contacts"
    picks["full"], picks["full_name"] = full
    assert phone_row is not None and busiest is not None and name_row is not None
    picks["phone_customer"], picks["phone_e164"] = phone_row
    picks["phone_national"] = phone_row[1].removeprefix("+86")
    picks["busiest"], picks["busiest_count"] = busiest
    picks["name_customer"], picks["name"], picks["cif_no"] = name_row
    picks["cif_customer"] = name_row[0]
    return picks
