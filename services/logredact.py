"""A logging filter that keeps PII and secrets out of log files.

It formats each record's message with its arguments, then masks: registered secret values (whole),
e-mail local parts, E.164 and mainland mobile numbers, resident ID numbers (15/18 characters) and
card/account numbers (13 or more digits, also grouped by spaces or dashes); exception and stack
texts too.  Install it on the handlers that write logs::

    redactor = logredact.install(file_handler)
    secret_store = SecretStore(on_secret=redactor.add_secret)
"""

from __future__ import annotations

import logging
import re
import threading

from services.identifiers import valid_resident_id
from services.masking import mask_email, mask_id_number, mask_phone

SECRET_MIN_LENGTH = 4
SECRET_MARK = "[secret]"

_PII = re.compile(
    r"""
      (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})
    | (?P<e164>(?<![\w+])\+\d{7,15}(?!\d))
    | (?P<mobile>(?<!\d)(?:86)?1[3-9]\d{9}(?!\d))
    | (?P<id18>(?<!\d)\d{17}[\dXx](?![\dA-Za-z]))
    | (?P<id15>(?<!\d)\d{15}(?!\d))
    | (?P<grouped>(?<!\d)\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?(?!\d))
    | (?P<digits>(?<!\d)\d{13,}(?!\d))
    """,
    re.VERBOSE,
)


def _last4(digits: str) -> str:
    return "*" * 4 + digits[-4:]


def _mask_match(found: re.Match[str]) -> str:
    kind = found.lastgroup
    text = found.group(0)
    if kind == "email":
        return mask_email(text)
    if kind == "e164":
        return mask_phone(text)
    if kind == "mobile":
        return mask_phone("+" + text if text.startswith("86") else "+86" + text)
    if kind == "id18":
        upper = text.upper()
        return mask_id_number(upper) if upper.endswith("X") or valid_resident_id(upper) else _last4(text)
    if kind == "id15":
        return mask_id_number(text)
    return _last4(re.sub(r"\D", "", text))


def redact_pii(text: str) -> str:
    """``text`` with ID, phone, card/account numbers and e-mail local parts masked."""
    return _PII.sub(_mask_match, text)


class RedactingFilter(logging.Filter):
    """Masks PII and registered secrets in every record it sees (and lets the record through)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._secret_re: re.Pattern[str] | None = None

    def add_secret(self, value: str | None) -> None:
        """Never log ``value`` (values shorter than 4 characters are ignored: they are not secret)."""
        if not value or len(value) < SECRET_MIN_LENGTH:
            return
        with self._lock:
            if value in self._secrets:
                return
            self._secrets.add(value)
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._secret_re = re.compile("|".join(re.escape(s) for s in ordered))

    def discard_secret(self, value: str | None) -> None:
        """Stop looking for ``value`` (a short-lived secret that has expired); unknown values are ignored."""
        with self._lock:
            if not value or value not in self._secrets:
                return
            self._secrets.discard(value)
            ordered = sorted(self._secrets, key=len, reverse=True)
            self._secret_re = re.compile("|".join(re.escape(s) for s in ordered)) if ordered else None

    def redact(self, text: str) -> str:
        """``text`` with secrets replaced by ``[secret]`` and PII masked."""
        pattern = self._secret_re
        if pattern is not None:
            text = pattern.sub(SECRET_MARK, text)
        return redact_pii(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is, still redacted
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install(target: logging.Handler | logging.Logger, redactor: RedactingFilter | None = None) -> RedactingFilter:
    """Add the filter to a handler, or to a logger and each of its handlers; returns the filter.

    Filters on a logger do not see records propagated from child loggers, so install it on the
    handlers that write (a logger's handlers are covered when a logger is passed).
    """
    redactor = redactor or RedactingFilter()
    if isinstance(target, logging.Logger):
        for handler in target.handlers:
            if redactor not in handler.filters:
                handler.addFilter(redactor)
    if redactor not in target.filters:
        target.addFilter(redactor)
    return redactor


_SHARED = RedactingFilter()


def shared() -> RedactingFilter:
    """The process-wide redactor: the desktop installs it on its log handlers, and whoever learns a
    secret (the database password from the keyring, a provider token) registers it here."""
    return _SHARED
