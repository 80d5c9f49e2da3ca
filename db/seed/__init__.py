"""Deterministic demo and benchmark data: ``seed_database(engine, customers, seed)``.

The package is split by subject: :mod:`.geo` and :mod:`.catalog` (reference data), :mod:`.names` and
:mod:`.identity` (people and their identifiers), :mod:`.people`, :mod:`.contacts`, :mod:`.holdings`,
:mod:`.tickets`, :mod:`.activity` (generation, vectorised with numpy), :mod:`.columns` (rows held
column-wise and their rendering), :mod:`.writer_sqlite` and :mod:`.writer_postgres` (bulk loading) and
:mod:`.runner` (orchestration).  Importing this package is cheap; numpy, Faker and pypinyin load when
seeding starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .digest import table_digest
    from .runner import SeedError, SeedReport, seed_database

__all__ = ["SeedError", "SeedReport", "seed_database", "table_digest"]


def __getattr__(name: str) -> Any:
    if name in ("SeedError", "SeedReport", "seed_database"):
        from . import runner

        return getattr(runner, name)
    if name == "table_digest":
        from .digest import table_digest

        return table_digest
    raise AttributeError(name)
