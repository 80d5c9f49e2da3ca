"""Settings, declared once with their types and defaults.

Precedence: environment variables > the settings file in the data folder > defaults.
Secrets never live here: they come from the OS keyring (or, for servers, the environment).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from services.private_files import create_private, private_dir, tighten_tree

SETTINGS_VERSION = 1
SETTINGS_FILE = "settings.json"
EMBEDDED_DB_FILE = "db"
DEMO_DB_FILE = "demo.db"
LANGUAGES = ("zh_CN", "en")

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The user data folder, overridable by CONTACTDESK_DATA_DIR."""
    override = os.environ.get("CONTACTDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ContactDesk", appauthor=False))


# What ContactDesk keeps in the data folder (glob patterns): made private by prepare_data_dir.  Whatever
# else someone put in the folder is left alone (the folder itself is private all the same).
DATA_DIR_ENTRIES = ("settings.*", "db", "db[-.]*", "demo.db*", "journal", "spool", "logs", "cache")


def prepare_data_dir(data_dir: Path) -> Path:
    """Create the data folder private to this OS account (POSIX: 0700), or make an existing one so.

    A folder an older version left 0755 with 0644 files (database, its -wal/-shm and backups, the
    journal, the spool, logs, caches) loses group and other access, the folder and everything
    ContactDesk keeps in it.  Never fatal: a folder that cannot be created or changed is logged.
    On Windows nothing changes (see :mod:`services.private_files`).
    """
    try:
        where = data_dir.resolve()
        if where == where.parent or where == Path.home().resolve():
            log.warning("the data folder %s is a home or root folder: its permissions are left as they are", data_dir)
            return data_dir
        private_dir(data_dir)
        for pattern in DATA_DIR_ENTRIES:
            for entry in data_dir.glob(pattern):
                tighten_tree(entry)
    except OSError as exc:
        log.warning("could not prepare the data folder %s: %s", data_dir, exc)
    return data_dir


@dataclass
class Settings:
    """Every user-adjustable setting of ContactDesk."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str | None = None
    public_url: str = "http://127.0.0.1:8765"
    # Where desktops reach a gateway's change-event stream; empty: read the change feed directly
    # (the embedded database, or a small site without a gateway).
    gateway_url: str = ""
    # The bank's Twilio number: the caller ID of click-to-call and the number the simulator calls.
    twilio_number: str = "+862160000000"
    language: str = "zh_CN"
    search_page_size: int = 100
    search_result_cap: int = 5000
    timeline_page_size: int = 50
    idle_lock_minutes: float = 5.0  # minutes without input before the desktop locks; 0 = never
    session_check_seconds: float = 15.0  # how often a desktop checks its session was not ended elsewhere
    lockout_attempts: int = 5  # failed sign-ins in a row before the account is locked
    lockout_minutes: int = 15  # how long a locked account stays locked
    # Masks per field and role over the bank's defaults, e.g. {"card": {"supervisor": "bin_last4"}}
    # (see services.mask_policy for the patterns).
    mask_patterns: dict[str, dict[str, str]] = field(default_factory=dict)
    reveal_seconds: int = 60  # how long a revealed (unmasked) value stays visible
    # Seconds of wrap-up after a call before it shows (and is recorded) as overdue; a wrap-up never closes by
    # itself, since a call is written only with the disposition the agent chose.
    wrapup_seconds: int = 120
    # Minutes a customer manager has to accept a referral before it escalates to the branch's next manager
    # (services.lobby.referrals).
    referral_accept_minutes: int = 120
    workstation_name: str = ""  # recorded in the audit trail; empty = this computer's host name
    log_level: str = "INFO"
    demo_customers: int = 20_000
    # Complaint tickets (services.tickets.config explains each one).
    ticket_timezone: str = "Asia/Shanghai"
    ticket_work_hours: str = "09:00-12:00,13:30-17:30"
    ticket_regulatory_basis: str = "calendar"
    ticket_roll_to_working_day: bool = False
    ticket_warn_points: str = "50%,80%"
    ticket_complaint_owner: str = ""
    ticket_repeat_window_days: int = 30
    ticket_attachment_max_mb: int = 20
    # Outbound SMS and e-mail (services.messaging.config explains each one).
    message_timezone: str = "Asia/Shanghai"
    message_quiet_hours: str = "21:00-08:00"
    bank_name_zh: str = "示范银行"
    bank_name_en: str = "Demo Bank"
    sms_per_second: int = 30
    email_per_second: int = 10
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_from_address: str = ""
    smtp_from_name: str = ""
    smtp_timeout_seconds: int = 30
    outbox_lease_seconds: int = 120
    sms_reconcile_grace_seconds: int = 120
    settings_version: int = SETTINGS_VERSION

    ENV: ClassVar[dict[str, str]] = {
        "database_url": "CONTACTDESK_DATABASE_URL",
        "public_url": "CONTACTDESK_PUBLIC_URL",
        "gateway_url": "CONTACTDESK_GATEWAY_URL",
        "twilio_number": "CONTACTDESK_TWILIO_NUMBER",
        "language": "CONTACTDESK_LANGUAGE",
        "log_level": "CONTACTDESK_LOG_LEVEL",
        "smtp_host": "CONTACTDESK_SMTP_HOST",
        "smtp_from_address": "CONTACTDESK_SMTP_FROM",
    }

    @property
    def settings_path(self) -> Path:
        return self.data_dir / SETTINGS_FILE

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def embedded_url(self, filename: str = EMBEDDED_DB_FILE) -> str:
        """SQLAlchemy URL of an embedded SQLite file in the data folder."""
        return f"sqlite:///{(self.data_dir / filename).as_posix()}"

    def effective_database_url(self) -> str:
        """The configured shared database, or the embedded SQLite file."""
        return self.database_url or self.embedded_url()

    def save(self) -> None:
        """Write the non-environment settings to the settings file."""
        data = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("data_dir",) and not os.environ.get(self.ENV.get(f.name, "\0"))
        }
        private_dir(self.data_dir)
        tmp = create_private(self.settings_path.with_suffix(".tmp"))
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.settings_path)


# The declared defaults, read by the narrower configurations (messaging, tickets) so that each default is
# written once, here.  Not loaded from anywhere: no file, no environment.
DEFAULTS = Settings(data_dir=Path("."))


def _coerce(value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(value)
    return value


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings file up to SETTINGS_VERSION (one step per version)."""
    data.setdefault("settings_version", SETTINGS_VERSION)
    return data


def load_settings(data_dir: Path | None = None) -> Settings:
    """Read settings: defaults, then the settings file, then the environment.

    A damaged settings file is renamed aside and defaults are used; it is never fatal.  The data folder
    is created, or made private, on the way (:func:`prepare_data_dir`).
    """
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    prepare_data_dir(settings.data_dir)
    path = settings.settings_path
    if path.exists():
        try:
            stored = _upgrade(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            path.replace(path.with_suffix(".broken"))
            stored = {}
        defaults = Settings(data_dir=settings.data_dir)
        for f in fields(settings):
            if f.name in stored and f.name != "data_dir":
                try:
                    setattr(settings, f.name, _coerce(stored[f.name], getattr(defaults, f.name)))
                except (TypeError, ValueError):
                    log.warning("ignoring bad setting %s=%r", f.name, stored[f.name])
    for name, env in Settings.ENV.items():
        if os.environ.get(env):
            setattr(settings, name, os.environ[env])
    if settings.language not in LANGUAGES:
        settings.language = "zh_CN"
    return dataclasses.replace(settings)
