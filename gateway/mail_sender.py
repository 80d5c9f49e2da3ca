"""Sending outbox e-mail over SMTP: multipart text + HTML, Chinese headers encoded, Message-ID recorded.

The message is an :class:`email.message.EmailMessage` (UTF-8 bodies; a Chinese subject or display name
becomes an RFC 2047 encoded word), serialised with the SMTP policy.  The SMTP dialogue is driven step by step
so that a failure is read by *when* it happened:

* before the message text was handed over (connect, TLS, login, MAIL, RCPT, the ``DATA`` command itself):
  a 4xx reply or a dropped / refused connection → ``retry`` with backoff; a 5xx reply → ``failed``;
* after the text was sent but before the server's final reply (connection dropped, timeout) → ``unknown``:
  the server may have accepted it, so it is not resent automatically;
* the final reply: 250 → ``sent`` (the Message-ID is the provider id); 4xx → ``retry``; 5xx → ``failed``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import logging
import re
import smtplib
import ssl
from collections.abc import Callable
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .outbox_store import Claimed, Outcome

log = logging.getLogger(__name__)
_LEADING_DOT = re.compile(rb"(?m)^\.")


class _Uncertain(Exception):
    """The connection failed after the message text went out."""


class MailSender:
    """SMTP delivery for one From address.

    Args:
        host, port: the SMTP server.
        security: ``starttls`` (upgrade a plain connection, usually port 587), ``ssl`` (TLS from the start,
            usually 465) or ``none`` (a relay on the same host or the tests' loopback server).
        username: for AUTH (empty: no login); the password comes from ``password()`` (the keyring).
        from_address, from_name: the sender (the display name may be Chinese).
        timeout: seconds per SMTP operation.
        ssl_context: for STARTTLS / SSL (default: the system's, verifying certificates).
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: str = "starttls",
        username: str = "",
        password: Callable[[], str | None] = lambda: None,
        from_address: str,
        from_name: str = "",
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in ("starttls", "ssl", "none"):
            raise ValueError(f"unknown SMTP security {security!r}")
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self._password = password
        self.from_address = from_address
        self.from_name = from_name
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None

    # -- the message --------------------------------------------------------------------------------------
    def build(self, item: Claimed, at: dt.datetime | None = None) -> EmailMessage:
        """The e-mail for an outbox row."""
        message = EmailMessage(policy=policy.SMTP)
        local, _, domain = self.from_address.rpartition("@")
        message["From"] = Address(display_name=self.from_name, username=local, domain=domain)
        message["To"] = item.to_address or ""
        message["Subject"] = item.subject or ""
        message["Date"] = format_datetime(at or dt.datetime.now(dt.UTC))
        message["Message-ID"] = make_msgid(idstring=f"outbox.{item.id}", domain=domain or None)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(item.body_text, charset="utf-8")
        if item.body_html:
            message.add_alternative(item.body_html, subtype="html", charset="utf-8")
        return message

    # -- the dialogue -------------------------------------------------------------------------------------
    def _connect(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.ssl_context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
            if self.username:
                _login(smtp, self.username, self._password() or "")
        except BaseException:
            _close(smtp)
            raise
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        """End the kept connection (QUIT)."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                _close(smtp)

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            _close(smtp)

    def send(self, item: Claimed) -> Outcome:
        """Send one message over the kept connection (opened on first use)."""
        message = self.build(item)
        message_id = str(message["Message-ID"])
        data = message.as_bytes(policy=policy.SMTP)
        try:
            smtp = self._connect()
            to = item.to_address or ""
            utf8 = not (to.isascii() and self.from_address.isascii())
            if utf8 and not smtp.has_extn("smtputf8"):
                return Outcome("failed", error_code="smtputf8", error_message="the server cannot take this address")
            code, reply = smtp.mail(self.from_address, ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else [])
            if code != 250:
                return self._refused(smtp, code, reply)
            code, reply = smtp.rcpt(to)
            if code not in (250, 251):
                return self._refused(smtp, code, reply)
            code, reply = smtp.docmd("DATA")
            if code != 354:
                return self._refused(smtp, code, reply)
            try:
                payload = _LEADING_DOT.sub(b"..", data)
                if not payload.endswith(b"\r\n"):
                    payload += b"\r\n"
                smtp.send(payload + b".\r\n")
                code, reply = smtp.getreply()
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                raise _Uncertain(str(exc)) from exc
        except _Uncertain as exc:
            self._drop()
            return Outcome("unknown", provider_id=message_id, error_code="smtp_lost", error_message=str(exc)[:200])
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            return Outcome("retry", error_code=str(exc.smtp_code), error_message="SMTP login refused")
        except smtplib.SMTPResponseException as exc:
            self._drop()
            kind = "failed" if 500 <= exc.smtp_code < 600 else "retry"
            return Outcome(kind, error_code=str(exc.smtp_code), error_message=_text(exc.smtp_error))
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            return Outcome("retry", error_code="smtp_connect", error_message=f"{type(exc).__name__}: {exc}"[:200])
        if code == 250:
            return Outcome("sent", provider_id=message_id)
        return self._refused(smtp, code, reply)

    def _refused(self, smtp: smtplib.SMTP, code: int, reply: bytes) -> Outcome:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()
        kind = "failed" if 500 <= code < 600 else "retry"
        return Outcome(kind, error_code=str(code), error_message=_text(reply))


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH; a non-ASCII user name or password goes as UTF-8 in AUTH PLAIN (RFC 4616), which smtplib cannot."""
    if username.isascii() and password.isascii():
        smtp.login(username, password)
        return
    if not smtp.has_extn("auth") or "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPAuthenticationError(535, b"the server offers no AUTH PLAIN for a non-ASCII password")
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply))[:200]


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()
