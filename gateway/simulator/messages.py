"""Twilio's Messages resource as the simulator plays it: create, list, fetch, status callbacks, replies.

What Twilio would refuse is refused with its error codes: 21211 (To is not a phone number), 21614 (To is not
a mobile number — mainland landlines), 21610 (the recipient replied STOP to this sender).  After a message is
created, signed status callbacks follow (``sent``, then ``delivered``, or ``undelivered`` with 30003 for
numbers in ``unreachable``).  Faults for the tests: :meth:`MessageBox.fail_after_create` makes the next
creates store the message and *then* answer 500 or stall past the client's timeout — the cases where the
sender cannot know whether the message went out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .state import new_sid, rfc2822

_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_CN_LANDLINE = re.compile(r"^\+86(?!1)\d{9,11}$")
STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "td", "退订"})


@dataclass
class SimMessage:
    """One message the simulated account holds."""

    sid: str
    to: str
    from_: str
    body: str
    direction: str
    status: str
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    error_code: int | None = None
    status_callback: str | None = None
    segments: int = 1


@dataclass
class AfterCreate:
    """Store the message, then answer ``status`` (500...) or, with ``stall`` seconds, answer that late."""

    status: int = 500
    stall: float = 0.0
    times: int = 1


class MessageBox:
    """The account's messages, opt-outs and message faults."""

    def __init__(self) -> None:
        self.messages: dict[str, SimMessage] = {}
        self.opted_out: set[tuple[str, str]] = set()  # (customer number, our number)
        self.unreachable: set[str] = set()
        self.after_create: list[AfterCreate] = []
        self.callbacks = True
        self.callback_delay = 0.05
        self.callbacks_sent: list[dict[str, str]] = []

    def fail_after_create(self, status: int = 500, *, stall: float = 0.0, times: int = 1) -> None:
        """The next ``times`` creates store the message and then fail (see the module docstring)."""
        self.after_create.append(AfterCreate(status, stall, times))

    def take_after_create(self) -> AfterCreate | None:
        for fault in self.after_create:
            if fault.times != 0:
                if fault.times > 0:
                    fault.times -= 1
                return fault
        return None

    def outbound(self, to: str | None = None) -> list[SimMessage]:
        """Messages created through the API (to ``to``), oldest first."""
        return [m for m in self.messages.values() if m.direction == "outbound-api" and (to is None or m.to == to)]

    def refusal(self, to: str, from_: str) -> tuple[int, str] | None:
        """Twilio's error for a message that cannot be sent, or None."""
        if not _PHONE.match(to):
            return 21211, f"The 'To' number {to} is not a valid phone number."
        if _CN_LANDLINE.match(to):
            return 21614, f"'To' number {to} is not a valid mobile number"
        if (to, from_) in self.opted_out:
            return 21610, "Attempt to send to unsubscribed recipient"
        return None


def message_json(account_sid: str, message: SimMessage) -> dict[str, Any]:
    """The message as Twilio's JSON shapes it."""
    uri = f"/2010-04-01/Accounts/{account_sid}/Messages/{message.sid}.json"
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": message.body,
        "date_created": rfc2822(message.created),
        "date_sent": rfc2822(message.created),
        "date_updated": rfc2822(),
        "direction": message.direction,
        "error_code": message.error_code,
        "error_message": None,
        "from": message.from_,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": str(message.segments),
        "price": None,
        "price_unit": "USD",
        "sid": message.sid,
        "status": message.status,
        "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
        "to": message.to,
        "uri": uri,
    }


def parse_filter_time(value: str) -> dt.datetime | None:
    """A DateSent filter value: ISO 8601 date or date-time (GMT)."""
    if not value:
        return None
    text = value.strip().rstrip("Z")
    try:
        moment = (
            dt.datetime.fromisoformat(text)
            if "T" in text
            else dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        )
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


async def run_callbacks(
    box: MessageBox,
    message: SimMessage,
    account_sid: str,
    post: Callable[[str, dict[str, str]], Any],
    delay: float,
) -> None:
    """Send ``sent`` then ``delivered`` (or ``undelivered`` 30003) to the message's StatusCallback."""
    if not message.status_callback:
        return
    outcome = "undelivered" if message.to in box.unreachable else "delivered"
    for status in ("sent", outcome):
        await asyncio.sleep(delay)
        message.status = status
        message.error_code = 30003 if status == "undelivered" else None
        params = {
            "AccountSid": account_sid,
            "ApiVersion": "2010-04-01",
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "From": message.from_,
            "To": message.to,
        }
        if message.error_code:
            params["ErrorCode"] = str(message.error_code)
        box.callbacks_sent.append(params)
        await post(message.status_callback, params)


def new_message(to: str, from_: str, body: str, direction: str, status: str, callback: str | None) -> SimMessage:
    unicode = any(ord(c) > 127 for c in body)
    per_part = (67 if unicode else 153) if len(body) > (70 if unicode else 160) else len(body) or 1
    return SimMessage(
        new_sid("SM"),
        to,
        from_,
        body,
        direction,
        status,
        status_callback=callback,
        segments=max(1, -(-len(body) // per_part)),
    )
