"""Fixtures of the messaging screens' UI tests: the messaging tests' small bank on SQLite and a task manager on
it (the same fixtures as tests/messaging; they replace the seeded-database ones of tests/ui)."""

from __future__ import annotations

from tests.messaging.conftest import sqlite_world, tasks

__all__ = ["sqlite_world", "tasks"]
