"""Checking Twilio's ``X-Twilio-Signature`` with the twilio library's RequestValidator.

Twilio signs the URL *it* requested — the public URL (``CONTACTDESK_PUBLIC_URL``) plus path and query — never the
internal address a reverse proxy forwards to.  Form webhooks are signed over every parameter, repeated keys
included; JSON webhooks carry ``bodySHA256`` in the query and are checked against the raw body.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from twilio.request_validator import RequestValidator, get_signature_algorithm

SIGNATURE_HEADER = "x-twilio-signature"
SETTINGS_HEADER = "x-twilio-webhooks-signature-settings"


class Params(dict[str, list[str]]):
    """Received parameters, every value of every key kept in order (a multidict the validator understands)."""

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Params:
        params = cls()
        for key, value in pairs:
            params.setdefault(key, []).append(value)
        return params

    def getlist(self, key: str) -> list[str]:
        """All values of ``key`` (RequestValidator calls this for repeated keys)."""
        return list(self.get(key, ()))

    def first(self, key: str, default: str = "") -> str:
        """The first value of ``key``."""
        values = self.get(key)
        return values[0] if values else default


def _shared_key_id(settings_header: str) -> str | None:
    for part in settings_header.split(","):
        name, sep, value = part.partition("=")
        if sep and name.strip() == "key":
            return value.strip()
    return None


class SignatureChecker:
    """Validates webhook signatures against the public base URL.

    Args:
        auth_token: the account Auth Token that signs webhooks by default.
        public_url: the gateway's public base URL as configured in Twilio (scheme, host, optional path prefix).
        shared_keys: optional Webhook SharedKey secrets by key id, for requests that carry
            ``X-Twilio-Webhooks-Signature-Settings``; such a request naming an unknown key is refused.
    """

    def __init__(self, auth_token: str, public_url: str, shared_keys: Mapping[str, str] | None = None) -> None:
        if not auth_token:
            raise ValueError("a Twilio auth token is needed to check webhook signatures")
        self._validator = RequestValidator(auth_token)
        self._shared = {k: RequestValidator(v) for k, v in (shared_keys or {}).items()}
        self.public_url = public_url.rstrip("/")

    def public_uri(self, path: str, query: str = "") -> str:
        """The URL Twilio signed for a request that reached us at ``path`` with ``query``."""
        return f"{self.public_url}{path}?{query}" if query else f"{self.public_url}{path}"

    def check(
        self,
        path: str,
        query: str,
        params: Params | str,
        signature: str | None,
        settings_header: str | None = None,
    ) -> bool:
        """True when ``signature`` is Twilio's over the public URL and ``params`` (or the raw JSON body).

        Args:
            path: the request path as received (percent-encoding kept).
            query: the raw query string as received.
            params: every form parameter, or the raw body text of a JSON webhook.
            signature: the X-Twilio-Signature header; missing means invalid.
            settings_header: the X-Twilio-Webhooks-Signature-Settings header, if any.
        """
        if not signature:
            return False
        uri = self.public_uri(path, query)
        if isinstance(params, str) and "bodySHA256=" not in query:
            return False  # a JSON body must be covered by bodySHA256
        validator = self._validator
        algorithm = None
        if settings_header:
            key = _shared_key_id(settings_header)
            if key is not None:
                found = self._shared.get(key)
                if found is None:
                    return False
                validator = found
            algorithm = get_signature_algorithm(settings_header)
        try:
            return bool(validator.validate(uri, params, signature, algorithm))
        except (ValueError, TypeError, UnicodeError):
            return False

    def sign(self, path: str, query: str, params: Params | Mapping[str, str]) -> str:
        """The signature Twilio would send (used by the simulator and the tests)."""
        return str(self._validator.compute_signature(self.public_uri(path, query), params))
