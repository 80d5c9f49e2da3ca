"""Labels of the complaint codes the ticket screens show, and how a refusal from the services reads.

Ticket statuses and severities come from :mod:`..labels` (context ``Codes``); the codes only complaints
have are here (context ``TicketCodes``).  Complaint category labels come from the complaint taxonomy itself,
which carries Chinese and English names; service-request categories from :mod:`..labels`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from services.auth_errors import BilingualError
from services.tickets.taxonomy import Taxonomy

from .. import fmt, labels
from ..translate import QT_TRANSLATE_NOOP

CONTEXT = "TicketCodes"

INTAKE_CHANNELS = {
    "call_in": QT_TRANSLATE_NOOP("TicketCodes", "Phone call"),
    "branch_visit": QT_TRANSLATE_NOOP("TicketCodes", "Branch visit"),
    "email": QT_TRANSLATE_NOOP("TicketCodes", "E-mail"),
    "regulator": QT_TRANSLATE_NOOP("TicketCodes", "Regulator referral"),
    "wechat": QT_TRANSLATE_NOOP("TicketCodes", "WeChat"),
}
SEVERITIES = {
    "normal": QT_TRANSLATE_NOOP("TicketCodes", "Normal"),
    "major": QT_TRANSLATE_NOOP("TicketCodes", "Major"),
    "critical": QT_TRANSLATE_NOOP("TicketCodes", "Critical"),
}
OUTCOMES = {
    "upheld": QT_TRANSLATE_NOOP("TicketCodes", "Upheld"),
    "partially_upheld": QT_TRANSLATE_NOOP("TicketCodes", "Partly upheld"),
    "rejected": QT_TRANSLATE_NOOP("TicketCodes", "Not upheld"),
    "withdrawn": QT_TRANSLATE_NOOP("TicketCodes", "Withdrawn by the customer"),
}
IDENTITY_METHODS = {
    "id_document": QT_TRANSLATE_NOOP("TicketCodes", "ID document checked"),
    "phone_verification": QT_TRANSLATE_NOOP("TicketCodes", "Verified by phone"),
    "otp": QT_TRANSLATE_NOOP("TicketCodes", "One-time code"),
    "counter_check": QT_TRANSLATE_NOOP("TicketCodes", "Checked at the counter"),
    "regulator_provided": QT_TRANSLATE_NOOP("TicketCodes", "Provided by the regulator"),
    "none": QT_TRANSLATE_NOOP("TicketCodes", "Not verified"),
}
EXTENSION_STATES = {
    "requested": QT_TRANSLATE_NOOP("TicketCodes", "Extension requested"),
    "approved": QT_TRANSLATE_NOOP("TicketCodes", "Extension approved"),
    "rejected": QT_TRANSLATE_NOOP("TicketCodes", "Extension rejected"),
}
SCAN_STATES = {
    "clean": QT_TRANSLATE_NOOP("TicketCodes", "Scanned, clean"),
    "pending": QT_TRANSLATE_NOOP("TicketCodes", "Scan pending"),
    "unscanned": QT_TRANSLATE_NOOP("TicketCodes", "Not scanned"),
    "infected": QT_TRANSLATE_NOOP("TicketCodes", "Infected"),
}
STATUS_COLORS = {
    "new": "#1f6fb2",
    "acknowledged": "#1f6fb2",
    "in_progress": "#1f5fa8",
    "pending_customer": "#8a6d3b",
    "pending_internal": "#8a6d3b",
    "reopened": "#6a3d9a",
    "decided": "#2e7d32",
    "closed": "#5b6675",
    "merged": "#7b8794",
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code``; the code itself when unknown."""
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code


def language() -> str:
    """``zh_CN`` or ``en``: the interface language, for texts the services word in both."""
    return "zh_CN" if fmt.is_chinese() else "en"


def status(code: str | None) -> str:
    """Translated ticket status."""
    return labels.label(labels.TICKET_STATUS, code)


def category(taxonomy: Taxonomy, code: str | None) -> str:
    """The category's label in the interface language.

    Complaint categories come from the taxonomy; service requests (``card_replacement``, ``limit_change``…)
    are not complaints and have their labels in :data:`..labels.TICKET_CATEGORIES`.  A code neither knows
    is shown as it is.
    """
    if code is None:
        return ""
    if taxonomy.get(code) is not None:
        return taxonomy.label(code, language())
    return labels.label(labels.TICKET_CATEGORIES, code)


def error_text(exc: BaseException) -> str:
    """What to tell the person about a failed action: the service's own words, or a generic line."""
    if isinstance(exc, BilingualError):
        return exc.message(language())
    return QCoreApplication.translate(
        "TicketCodes", "The action failed ({error}). Check the connection and try again."
    ).format(error=type(exc).__name__)


def size_text(size: int) -> str:
    """``1.2 MB`` / ``340 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def data_value(data: Any, key: str) -> Any:
    """A value from an event's JSON data (None when the data is missing or not a mapping)."""
    return data.get(key) if isinstance(data, dict) else None
