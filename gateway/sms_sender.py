"""Sending an outbox SMS through the twilio library, and finding out what became of one whose outcome is unknown.

``client.messages.create(to, from_, body, status_callback=<public URL>/twilio/messaging/status?outbox=<id>)``.
How each failure is read:

* 429 / 20429 (too many requests) and failures to *connect* → ``retry`` with backoff: nothing reached Twilio.
* a 5xx answer, a read timeout or a connection dropped after the request went out → ``unknown``: Twilio may
  have the message.  It is never resent blindly; :meth:`SmsSender.find` looks for it in Twilio's message list
  (and the status callback, which carries the outbox id, may tell first).
* any other 4xx (21211 invalid number, 21610 unsubscribed, 21614 not a mobile, ...) → ``failed`` with the code.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .outbox_store import TWILIO_STATES, Claimed, Outcome
from .twilio_rest import RebasedHttpClient

log = logging.getLogger(__name__)
STATUS_PATH = "/twilio/messaging/status"


@dataclass(frozen=True)
class Found:
    """A message in Twilio's list that matches an outbox row."""

    sid: str
    status: str  # Twilio's (queued, sent, delivered, ...)
    error_code: str | None


def _never_connected(exc: BaseException) -> bool:
    """True for connection failures that happened before the request was sent."""
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        name = type(seen).__name__
        if name in ("NewConnectionError", "ConnectionRefusedError", "NameResolutionError", "ConnectTimeoutError"):
            return True
        text = str(seen)
        if "NewConnectionError" in text or "Connection refused" in text or "Failed to establish" in text:
            return True
        seen = seen.__cause__ or seen.__context__ or getattr(seen, "reason", None)
    return False


class SmsSender:
    """One Twilio account's SMS sending; thread-safe (one twilio Client per thread).

    Args:
        account_sid, auth_token: the account.
        public_url: the gateway's public base URL, for the status callback.
        base_url: REST requests go here instead of api.twilio.com (the simulator).
        timeout: seconds per request.
    """

    def __init__(
        self, account_sid: str, auth_token: str, public_url: str, *, base_url: str | None = None, timeout: float = 10.0
    ) -> None:
        self.account_sid = account_sid
        self._token = auth_token
        self.public_url = public_url.rstrip("/")
        self.base_url = base_url
        self.timeout = timeout
        self._local = threading.local()

    @property
    def client(self) -> Client:
        client = getattr(self._local, "client", None)
        if client is None:
            http = (
                RebasedHttpClient(self.base_url, timeout=self.timeout)
                if self.base_url
                else TwilioHttpClient(timeout=self.timeout)
            )
            client = self._local.client = Client(self.account_sid, self._token, http_client=http)
        return client

    def callback_url(self, outbox_id: int) -> str:
        return f"{self.public_url}{STATUS_PATH}?outbox={outbox_id}"

    def send(self, item: Claimed, default_from: str) -> Outcome:
        """Hand one message to Twilio; the outcome says what to record."""
        try:
            message = self.client.messages.create(
                to=item.to_address or "",
                from_=item.sender or default_from,
                body=item.body_text,
                status_callback=self.callback_url(item.id),
            )
        except TwilioRestException as exc:
            code = str(exc.code) if exc.code else None
            if exc.status == 429 or code == "20429":
                return Outcome("retry", error_code=code or "429", error_message=str(exc.msg))
            if exc.status >= 500:
                return Outcome("unknown", error_code=code, error_message=f"Twilio answered {exc.status}")
            return Outcome("failed", error_code=code or str(exc.status), error_message=str(exc.msg))
        except Exception as exc:
            if not _is_network(exc):
                raise
            if _never_connected(exc):
                return Outcome("retry", error_code="connect", error_message=str(exc)[:200])
            return Outcome("unknown", error_code="timeout", error_message=str(exc)[:200])
        return Outcome(TWILIO_STATES.get(str(message.status), "queued"), provider_id=str(message.sid))

    def find(self, item: Claimed, default_from: str, taken: set[str]) -> Found | None:
        """The message Twilio holds for an ``unknown`` row: same To, From and body, created since the claim.

        ``taken``: SIDs already recorded on other rows (a second identical message must not match them).

        Raises:
            Exception: Twilio could not be asked (the row stays unknown).
        """
        since = item.claimed_at - dt.timedelta(minutes=5)
        for message in self.client.messages.stream(
            to=item.to_address or "", from_=item.sender or default_from, date_sent_after=since, page_size=100
        ):
            if message.body == item.body_text and message.sid not in taken and message.direction != "inbound":
                code = str(message.error_code) if message.error_code else None
                return Found(str(message.sid), str(message.status), code)
        return None


def _is_network(exc: BaseException) -> bool:
    module = type(exc).__module__
    return isinstance(exc, (OSError, TwilioException)) or module.startswith(("requests", "urllib3"))


def describe(exc: Any) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
