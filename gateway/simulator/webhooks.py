"""Sending webhooks the way Twilio does: form-encoded, signed over the public URL, retried on failure."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)
RETRIES = 2


@dataclass
class WebhookStats:
    """Counts of what the gateway answered."""

    sent: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    failures: int = 0


class WebhookSender:
    """Signs with the account's auth token over ``public_url`` and delivers to ``gateway_url``.

    Args:
        gateway_url: where the gateway listens (e.g. http://127.0.0.1:8765).
        public_url: the base URL the gateway is configured with and Twilio signs (behind a proxy, they differ).
        auth_token: the account Auth Token.
    """

    def __init__(self, gateway_url: str, public_url: str, auth_token: str, *, timeout: float = 15.0) -> None:
        self.gateway_url = gateway_url.rstrip("/")
        self.public_url = public_url.rstrip("/")
        self.validator = RequestValidator(auth_token)
        self.client = httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=64))
        self.stats = WebhookStats()

    def absolute(self, url: str, base: str | None = None) -> str:
        """A TwiML URL made absolute against the document it came from (or the public base)."""
        return urljoin(base or self.public_url + "/", url)

    def _target(self, public: str) -> str:
        if public.startswith(self.public_url):
            return self.gateway_url + public[len(self.public_url) :]
        return public

    async def post(self, url: str, params: dict[str, str], *, retry: bool = True) -> httpx.Response | None:
        """POST a signed webhook; retried (as Twilio does) on connection errors and 5xx answers."""
        public = self.absolute(url)
        headers = {"X-Twilio-Signature": self.validator.compute_signature(public, params)}
        attempts = 1 + (RETRIES if retry else 0)
        for attempt in range(attempts):
            self.stats.sent += 1
            try:
                response = await self.client.post(self._target(public), data=params, headers=headers)
            except httpx.HTTPError as exc:
                log.debug("webhook %s failed: %s", public, exc)
                self.stats.failures += 1
                if attempt + 1 < attempts:
                    await asyncio.sleep(0.2 * (attempt + 1))
                continue
            self.stats.by_status[response.status_code] = self.stats.by_status.get(response.status_code, 0) + 1
            if response.status_code < 500 or attempt + 1 == attempts:
                return response
            await asyncio.sleep(0.2 * (attempt + 1))
        return None

    async def close(self) -> None:
        await self.client.aclose()
