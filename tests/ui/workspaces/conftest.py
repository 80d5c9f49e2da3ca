"""One agent desktop and one supervisor desktop for every check of this package (built once, stopped after)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from .desks import Desks, start_desks


@pytest.fixture(scope="package")
def desks(qapp: QApplication, seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desks]:
    yield from start_desks(qapp, seeded_sqlite_url, tmp_path_factory.mktemp("desks"))
