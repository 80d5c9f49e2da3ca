"""Settings precedence and the console script's database commands."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from db.migrate import head_revision
from desktop.cli import build_parser, main
from services.config import load_settings


def test_environment_overrides_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "settings.json").write_text(
        json.dumps({"language": "en", "search_page_size": 50, "database_url": "sqlite:///from-file.db"}),
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert (settings.language, settings.search_page_size, settings.database_url) == ("en", 50, "sqlite:///from-file.db")
    monkeypatch.setenv("CONTACTDESK_DATABASE_URL", "postgresql://u@h/db")
    assert load_settings(tmp_path).effective_database_url() == "postgresql://u@h/db"


def test_damaged_settings_file_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.language == "zh_CN"
    assert (tmp_path / "settings.broken").exists()


def test_settings_round_trip(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    settings.language = "en"
    settings.save()
    assert load_settings(tmp_path).language == "en"


def test_default_database_is_the_embedded_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path).effective_database_url() == f"sqlite:///{(tmp_path / 'db').as_posix()}"


def test_every_fixed_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    text = parser.format_help()
    for name in ("demo", "app", "seed", "db", "bench"):
        assert name in text
    with pytest.raises(SystemExit) as exit_info:
        main(["db", "upgrade", "--help"])
    assert exit_info.value.code == 0
    assert "--database" in capsys.readouterr().out


def test_db_upgrade_migrates_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cd.db"
    assert main(["db", "upgrade", "--database", f"sqlite:///{path}"]) == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    conn.close()
    assert head_revision() in capsys.readouterr().out


def test_db_upgrade_refuses_a_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cd.db"
    path.write_text("hello", encoding="utf-8")
    assert main(["db", "upgrade", "--database", f"sqlite:///{path}"]) == 1
    assert "left untouched" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "hello"


@pytest.mark.postgres
def test_db_upgrade_on_postgres(pg_database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--database", pg_database_url]) == 0
    assert f"-> {head_revision()}" in capsys.readouterr().out
