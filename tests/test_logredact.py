"""Log lines never carry ID numbers, phone numbers, card/account numbers, e-mail addresses or secrets."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from services.logredact import RedactingFilter, install, redact_pii

ID18 = "11010519491231002X"  # valid check character
ID18_DIGITS = "110101199003074573"  # valid check character


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"id {ID18} ok", "id 110***********002X ok"),
        (f"id {ID18_DIGITS}", "id 110***********4573"),
        ("old id 110101900307457", "old id 110********7457"),
        ("call from 13812345678.", "call from 138****5678."),
        ("call from +8613812345678", "call from 138****5678"),
        ("call from 8613812345678", "call from 138****5678"),
        ("uk +442071838750 rang", "uk +442*****8750 rang"),
        ("card 6222021234567890 used", "card ****7890 used"),
        ("card 6222 0212 3456 7890 used", "card ****7890 used"),
        ("card 6222-0212-3456-7890-123 used", "card ****0123 used"),
        ("account 6217000010012345678", "account ****5678"),
        ("acct 123456789012345678", "acct ****5678"),  # 18 digits, not a valid ID
        ("mail zhang.wei@example.com.cn now", "mail z***@example.com.cn now"),
        ("order 12345 at 2026-01-01 12:00:00.123456, 3 items", "order 12345 at 2026-01-01 12:00:00.123456, 3 items"),
        ("customer id=4711 cif CIF00012345", "customer id=4711 cif CIF00012345"),
    ],
)
def test_pii_patterns(text: str, expected: str) -> None:
    assert redact_pii(text) == expected


@pytest.fixture
def logger() -> Iterator[tuple[logging.Logger, io.StringIO, RedactingFilter]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = logging.getLogger("contactdesk.test.redact")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    log.addHandler(handler)
    redactor = install(log)
    try:
        yield log, stream, redactor
    finally:
        log.removeHandler(handler)
        log.propagate = True


def test_message_and_arguments_are_redacted(logger: tuple[logging.Logger, io.StringIO, RedactingFilter]) -> None:
    log, stream, _ = logger
    log.info("open customer %s phone %s", ID18_DIGITS, "+8613912345678")
    log.info("numbers %d and %r", 6222021234567890, {"email": "li.na@bank.cn"})
    out = stream.getvalue()
    assert ID18_DIGITS not in out and "13912345678" not in out and "6222021234567890" not in out
    assert "li.na@" not in out
    assert "110***********4573" in out and "139****5678" in out and "****7890" in out and "l***@bank.cn" in out


def test_exception_text_is_redacted(logger: tuple[logging.Logger, io.StringIO, RedactingFilter]) -> None:
    log, stream, _ = logger
    try:
        raise ValueError(f"bad customer {ID18_DIGITS}")
    except ValueError:
        log.exception("lookup failed for %s", "13812345678")
    out = stream.getvalue()
    assert ID18_DIGITS not in out and "13812345678" not in out
    assert "Traceback" in out and "ValueError: bad customer 110***********4573" in out


def test_registered_secrets_are_removed(logger: tuple[logging.Logger, io.StringIO, RedactingFilter]) -> None:
    log, stream, redactor = logger
    redactor.add_secret("hunter2-Twilio-Token")
    redactor.add_secret("abc")  # too short to be a secret; ignored
    log.warning("token=%s smtp=%s", "hunter2-Twilio-Token", "abc")
    out = stream.getvalue()
    assert "hunter2-Twilio-Token" not in out and "token=[secret] smtp=abc" in out


def test_child_loggers_are_covered_through_the_handler() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    parent = logging.getLogger("contactdesk.test.parent")
    parent.addHandler(handler)
    parent.setLevel(logging.INFO)
    install(handler)
    try:
        logging.getLogger("contactdesk.test.parent.child").info("caller %s", "13812345678")
    finally:
        parent.removeHandler(handler)
    assert "13812345678" not in stream.getvalue() and "138****5678" in stream.getvalue()


def test_filter_is_idempotent_on_two_handlers() -> None:
    redactor = RedactingFilter()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", (ID18_DIGITS,), None)
    assert redactor.filter(record) and redactor.filter(record)
    assert record.getMessage() == "id 110***********4573"


def test_broken_format_string_does_not_leak_or_raise() -> None:
    redactor = RedactingFilter()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s %s", (ID18_DIGITS,), None)
    assert redactor.filter(record)
    assert ID18_DIGITS not in record.getMessage()
