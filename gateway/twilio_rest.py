"""The product's only way to Twilio's REST API: the real ``twilio.rest.Client``.

For the simulator (and tests) the library's own ``TwilioHttpClient`` is used with its base URL rewritten from
``https://api.twilio.com`` to a loopback address; the requests, their encoding and the error handling remain
the twilio library's.  Errors come out as :class:`CallControlError` with a message an agent can act on.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from services.call_control import CallControlError

log = logging.getLogger(__name__)
_TWILIO_HOST = re.compile(r"^https://[A-Za-z0-9.-]*twilio\.com")

# Twilio error codes an agent may meet, with what to tell them (Chinese / English).
USER_MESSAGES = {
    20003: "Twilio 认证失败，请联系管理员。 / Twilio rejected our credentials; call the administrator.",
    20404: "来电已不在队列中（客户可能已挂机）。 / The call is no longer waiting (the caller may have hung up).",
    20429: "Twilio 请求过多，请稍后重试。 / Twilio is busy; try again in a moment.",
    21205: "回调地址无效，请联系管理员。 / The callback URL is invalid; call the administrator.",
    21210: "主叫号码未验证。 / The caller ID number is not verified.",
    21211: "号码无效，无法接通。 / The phone number is not valid; the call cannot be connected.",
    21212: "主叫号码无效。 / The caller ID number is not valid.",
    21215: "该号码所在地区未开通呼叫权限。 / Calls to that region are not enabled.",
    21220: "通话状态已变化，无法操作。 / The call has changed state; it cannot be changed now.",
}
GENERIC_MESSAGE = (
    "电话系统暂时无法完成操作，来电已退回队列。 / The phone system could not do that; the call went back to the queue."
)
UNREACHABLE_MESSAGE = "无法连接电话系统（Twilio）。 / The phone system (Twilio) cannot be reached."


def refused(exc: TwilioRestException) -> CallControlError:
    """The agent-facing error for a request Twilio refused."""
    code = int(exc.code) if exc.code else None
    message = USER_MESSAGES.get(code or 0, GENERIC_MESSAGE)
    return CallControlError(message, code=code, status=exc.status, detail=str(exc.msg))


class RebasedHttpClient(TwilioHttpClient):
    """The twilio library's HTTP client, sending what it would send to api.twilio.com to ``base_url`` instead."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:  # type: ignore[override]
        return super().request(method, _TWILIO_HOST.sub(self.base_url, url), *args, **kwargs)


class TwilioRest:
    """Call control through ``twilio.rest.Client``.

    Args:
        account_sid: the Twilio account.
        auth_token: its Auth Token (from the keyring or, on a server, the environment).
        base_url: send requests here instead of https://api.twilio.com (the simulator); None for Twilio.
        timeout: seconds per request.
    """

    def __init__(
        self, account_sid: str, auth_token: str, *, base_url: str | None = None, timeout: float = 10.0
    ) -> None:
        http = RebasedHttpClient(base_url, timeout=timeout) if base_url else TwilioHttpClient(timeout=timeout)
        self.client = Client(account_sid, auth_token, http_client=http)
        self.account_sid = account_sid
        self._queues: dict[str, str] = {}
        self._lock = threading.Lock()

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TwilioRestException as exc:
            log.warning("Twilio refused %s: %s %s", what, exc.code, exc.msg)
            raise refused(exc) from exc
        except (TwilioException, OSError) as exc:
            log.warning("Twilio unreachable for %s: %s", what, exc)
            raise CallControlError(UNREACHABLE_MESSAGE, detail=str(exc)) from exc
        except Exception as exc:  # requests' exceptions (ConnectionError, Timeout) are not OSError
            if exc.__class__.__module__.startswith(("requests", "urllib3")):
                log.warning("Twilio unreachable for %s: %s", what, exc)
                raise CallControlError(UNREACHABLE_MESSAGE, detail=str(exc)) from exc
            raise

    def queue_sid(self, name: str) -> str:
        """The SID of the Twilio queue named ``name`` (found, or created, once per process)."""
        with self._lock:
            if name in self._queues:
                return self._queues[name]
        found = None
        for queue in self._call("list queues", self.client.queues.list, page_size=100):
            if queue.friendly_name == name:
                found = queue.sid
                break
        if found is None:
            found = self._call("create queue", self.client.queues.create, friendly_name=name).sid
        with self._lock:
            self._queues[name] = str(found)
        return str(found)

    def dequeue(self, queue_name: str, call_sid: str, url: str) -> None:
        """Take a waiting caller out of the queue and run the TwiML at ``url`` on their call."""
        queue_sid = self.queue_sid(queue_name)
        self._call("dequeue", self.client.queues(queue_sid).members(call_sid).update, url=url, method="POST")

    def redirect(self, call_sid: str, url: str) -> None:
        """Run the TwiML at ``url`` on a live call (hold, resume, transfer)."""
        self._call("redirect", self.client.calls(call_sid).update, url=url, method="POST")

    def hangup(self, call_sid: str) -> None:
        """End a live call."""
        self._call("hang up", self.client.calls(call_sid).update, status="completed")

    def create_call(self, to: str, from_: str, url: str, status_callback: str) -> str:
        """Place a call to ``to``; when answered it runs the TwiML at ``url``. Returns the new CallSid."""
        call = self._call(
            "create call",
            self.client.calls.create,
            to=to,
            from_=from_,
            url=url,
            method="POST",
            status_callback=status_callback,
            status_callback_method="POST",
            status_callback_event=["initiated", "ringing", "answered", "completed"],
        )
        return str(call.sid)

    def fetch_call(self, call_sid: str) -> CallFacts:
        """What Twilio knows of a call now. Raises :class:`CallControlError` (status 404 for an unknown CallSid)."""
        call = self._call("fetch call", self.client.calls(call_sid).fetch)
        return CallFacts(
            sid=str(call.sid),
            status=str(call.status or ""),
            start_time=call.start_time,
            end_time=call.end_time,
            updated=call.date_updated,
        )


@dataclass(frozen=True)
class CallFacts:
    """A call as Twilio's REST API describes it (times are aware UTC, None when Twilio gives none)."""

    sid: str
    status: str  # queued, ringing, in-progress, completed, busy, no-answer, canceled, failed
    start_time: dt.datetime | None
    end_time: dt.datetime | None
    updated: dt.datetime | None
