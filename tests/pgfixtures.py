"""pytest plugin: PostgreSQL fixtures.

Registered through ``pytest_plugins = ["tests.pgfixtures"]`` (tests/conftest.py) or
``-p tests.pgfixtures``.

* ``pg_server`` (session): a running ``ThrowawayPostgres`` shared by the whole run,
  or, when ``CONTACTDESK_TEST_PG_URL`` is set, an ``ExternalPostgres`` adapter around
  that existing server.  Both offer ``url(db)``, ``create_database()``,
  ``drop_database()``, ``connect()``; only the throwaway one can ``kill()`` /
  ``restart()`` (see ``supports_restart``).  Tests that kill or restart the server
  should start their own ``ThrowawayPostgres`` rather than disturb the shared one.
* ``pg_database_url`` (function): SQLAlchemy URL of a fresh, empty database, dropped
  (``WITH (FORCE)``) after the test.  Dispose of your engines anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pgserver import ExternalPostgres, ThrowawayPostgres, external_pg_url, unique_db_name


def pytest_configure(config: pytest.Config) -> None:
    registered = config.getini("markers")
    if not any(str(line).split(":")[0].strip() == "postgres" for line in registered):
        config.addinivalue_line("markers", "postgres: needs a PostgreSQL server")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayPostgres | ExternalPostgres]:
    url = external_pg_url()
    server: ThrowawayPostgres | ExternalPostgres
    server = ExternalPostgres(url) if url else ThrowawayPostgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_database_url(pg_server: ThrowawayPostgres | ExternalPostgres) -> Iterator[str]:
    if not pg_server.running:
        # An earlier test killed the shared server and did not bring it back.
        pg_server.start()  # type: ignore[union-attr]
    name = unique_db_name()
    url = pg_server.create_database(name)
    try:
        yield url
    finally:
        if pg_server.running:
            pg_server.drop_database(name)
