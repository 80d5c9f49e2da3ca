"""Resources resolve from source and from a PyInstaller bundle; missing catalogs are compiled on demand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.ui import i18n
from services import resource_files as resources


def test_resource_path_from_source() -> None:
    assert resources.resource_path("qss", "contactdesk.qss").is_file()
    assert resources.resource_path("translations", "contactdesk_zh_CN.ts").is_file()


def test_resource_path_in_a_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.resource_path("qss", "a.qss") == tmp_path / "resources" / "qss" / "a.qss"


def test_lrelease_is_found() -> None:
    assert i18n.find_qt_tool("lrelease") is not None


def test_missing_catalog_is_compiled_into_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = tmp_path / "res"
    (source / "translations").mkdir(parents=True)
    ts = resources.resource_path("translations", "contactdesk_zh_CN.ts")
    (source / "translations" / ts.name).write_bytes(ts.read_bytes())
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: source.joinpath(*parts))
    cache = tmp_path / "cache"
    path = i18n.catalog_path("zh_CN", cache)
    assert path == cache / "contactdesk_zh_CN.qm"
    assert path.stat().st_size > 1000
    # Up to date now: not compiled again.
    mtime = path.stat().st_mtime_ns
    assert i18n.catalog_path("zh_CN", cache) == path
    assert path.stat().st_mtime_ns == mtime


def test_every_source_string_has_a_chinese_translation() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(resources.resource_path("translations", "contactdesk_zh_CN.ts")).getroot()
    untranslated = [
        msg.findtext("source")
        for msg in root.iter("message")
        if not (msg.findtext("translation") or "").strip()
        or (msg.find("translation") is not None and msg.find("translation").get("type") == "unfinished")
    ]
    assert untranslated == []


def test_translations_switch_loads_chinese(qapp, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    translations = i18n.Translations(tmp_path)
    try:
        translations.switch("zh_CN")
        assert QCoreApplication.translate("SearchPanel", "Find a customer") == "查找客户"
        translations.switch("en")
        assert QCoreApplication.translate("SearchPanel", "Find a customer") == "Find a customer"
    finally:
        translations.switch("en")
