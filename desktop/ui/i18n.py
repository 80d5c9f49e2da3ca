"""Loading translations: ContactDesk's own (.ts compiled to .qm) and Qt's ``qtbase_*`` for standard dialogs.

Source strings in the code are English.  ``.qm`` files are built, never committed: the installer
build compiles them into the bundle; from a source checkout a missing or stale ``.qm`` is compiled
with ``pyside6-lrelease`` into the data folder's cache on first use.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from services.resource_files import resource_path

log = logging.getLogger(__name__)

APP_CATALOG = "contactdesk"
LANGUAGES = ("zh_CN", "en")
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def find_qt_tool(name: str) -> Path | None:
    """Locate a Qt tool shipped with PySide6 (``lrelease``, ``lupdate``) or on PATH.

    Looks in the PySide6 package folder first (the binaries ship there in PySide6-Essentials),
    then next to the interpreter (``pyside6-<name>`` wrapper scripts), then on PATH.
    """
    exe = ".exe" if sys.platform == "win32" else ""
    candidates: list[Path] = []
    try:
        import PySide6

        pkg = Path(PySide6.__file__).resolve().parent
        candidates += [pkg / f"{name}{exe}", pkg / "Qt" / "bin" / f"{name}{exe}"]
    except ImportError:  # pragma: no cover - PySide6 is a hard dependency
        pass
    scripts = Path(sys.executable).parent
    candidates += [scripts / f"pyside6-{name}{exe}", scripts / f"pyside6-{name}"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    return Path(found) if found else None


def compile_catalog(ts: Path, qm: Path) -> bool:
    """Compile one Linguist source to a binary catalog with lrelease.

    Returns:
        True when ``qm`` was written.
    """
    tool = find_qt_tool("lrelease")
    if tool is None:
        log.warning("lrelease not found; cannot compile %s", ts)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(".qm.tmp")
    try:
        proc = subprocess.run(
            [str(tool), "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed for %s: %s", ts, exc)
        return False
    if proc.returncode != 0 or not tmp.exists():
        log.warning("lrelease failed for %s: %s", ts, proc.stderr.strip())
        tmp.unlink(missing_ok=True)
        return False
    tmp.replace(qm)
    return True


def catalog_path(language: str, cache_dir: Path | None) -> Path | None:
    """The ``.qm`` to load for ``language``: shipped, else cached (compiled now if missing or stale)."""
    name = f"{APP_CATALOG}_{language}"
    shipped = resource_path("translations", f"{name}.qm")
    source = resource_path("translations", f"{name}.ts")
    if shipped.is_file() and (not source.is_file() or shipped.stat().st_mtime >= source.stat().st_mtime):
        return shipped
    if not source.is_file() or cache_dir is None:
        return shipped if shipped.is_file() else None
    cached = cache_dir / f"{name}.qm"
    if cached.is_file() and cached.stat().st_mtime >= source.stat().st_mtime:
        return cached
    if compile_catalog(source, cached):
        log.info("compiled %s into %s", source.name, cached)
        return cached
    return cached if cached.is_file() else None


def qt_locale(language: str) -> QLocale:
    """The QLocale used for numbers and dates in ``language``."""
    if language == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


class Translations(QObject):
    """Owns the installed translators and switches language at run time.

    Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, whose
    ``changeEvent`` then calls its ``retranslate()``.
    """

    def __init__(self, cache_dir: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._installed: list[QTranslator] = []
        self._language = ""

    @property
    def language(self) -> str:
        """The language now in force (``zh_CN`` or ``en``)."""
        return self._language

    def switch(self, language: str) -> None:
        """Load ``language`` (unknown values fall back to zh_CN) and retranslate every widget."""
        if language not in LANGUAGES:
            language = "zh_CN"
        if language == self._language:
            return
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication first"
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        QLocale.setDefault(qt_locale(language))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_catalog = QTranslator(self)
        if language != "en" and qt_catalog.load(f"qtbase_{language}", qt_dir):
            self._installed.append(qt_catalog)
        path = catalog_path(language, self._cache_dir)
        own = QTranslator(self)
        if path is not None and own.load(str(path)):
            self._installed.append(own)
        elif language != "en":
            log.warning("no translation catalog for %s; showing English", language)
        self._language = language
        for translator in self._installed:
            app.installTranslator(translator)
        if not self._installed:
            # Nothing installed means Qt sends no LanguageChange; send one so English shows.
            from PySide6.QtCore import QEvent

            QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))


def current_language() -> str:
    """The interface language in force (``zh_CN`` or ``en``), from the default locale it set."""
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


def error_text(exc: BaseException) -> str:
    """A refusal's message in the interface language (bilingual service errors), else its text."""
    message = getattr(exc, "message", None)
    if callable(message) and hasattr(exc, "zh") and hasattr(exc, "en"):
        return str(message(current_language()))
    return str(exc)
