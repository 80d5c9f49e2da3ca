"""Twilio's REST API as far as the gateway uses it: Calls, Queues and queue Members, Messages.

Every request is authenticated (HTTP Basic with the account SID and auth token) and checked against the
operation in Twilio's OpenAPI description before it is served; anything that does not fit is answered the way
Twilio answers, with a JSON error carrying Twilio's error code (21211 for an invalid To, 20404 for an unknown
resource, 20003 for bad credentials, ...).
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import logging
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .messages import MessageBox, SimMessage, message_json, new_message, parse_filter_time
from .spec import CheckedRequest, SpecError, SpecValidator
from .state import AccountState, Command, SimCall, new_sid, rfc2822, wall_clock

log = logging.getLogger(__name__)
_TO = re.compile(r"^(\+[1-9]\d{6,15}|client:[A-Za-z0-9_.@-]{1,256}|sip:.+)$")
BASE = "/2010-04-01/Accounts/{AccountSid}"


def twilio_error(status: int, code: int, message: str) -> JSONResponse:
    """A Twilio-shaped error body."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return JSONResponse(body, status_code=status)


class RestApi:
    """The simulated REST endpoints; ``start_call`` places an outbound call (wired by the simulator)."""

    def __init__(
        self,
        state: AccountState,
        auth_token: str,
        spec: SpecValidator,
        start_call: Callable[[SimCall, str, str | None], None],
        messages: MessageBox | None = None,
        on_message: Callable[[SimMessage], None] | None = None,
    ) -> None:
        self.state = state
        self.auth_token = auth_token
        self.spec = spec
        self.start_call = start_call
        self.messages = messages if messages is not None else MessageBox()
        self.on_message = on_message
        self.handlers: dict[tuple[str, str], Callable[[CheckedRequest], Any]] = {
            ("POST", f"{BASE}/Calls.json"): self.create_call,
            ("GET", f"{BASE}/Calls/{{Sid}}.json"): self.fetch_call,
            ("POST", f"{BASE}/Calls/{{Sid}}.json"): self.update_call,
            ("GET", f"{BASE}/Queues.json"): self.list_queues,
            ("POST", f"{BASE}/Queues.json"): self.create_queue,
            ("GET", f"{BASE}/Queues/{{Sid}}.json"): self.fetch_queue,
            ("GET", f"{BASE}/Queues/{{QueueSid}}/Members.json"): self.list_members,
            ("POST", f"{BASE}/Queues/{{QueueSid}}/Members/{{CallSid}}.json"): self.dequeue_member,
            ("POST", f"{BASE}/Messages.json"): self.create_message,
            ("GET", f"{BASE}/Messages.json"): self.list_messages,
            ("GET", f"{BASE}/Messages/{{Sid}}.json"): self.fetch_message,
        }

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self.endpoint, methods=["GET", "POST", "DELETE", "PUT"])])

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return user == self.state.account_sid and password == self.auth_token

    async def endpoint(self, request: Request) -> Response:
        body = (await request.body()).decode("utf-8", "replace")
        entry = {"method": request.method, "path": request.url.path, "body": body}
        if not self._authorised(request):
            self.state.rejected.append({**entry, "code": 20003})
            return twilio_error(401, 20003, "Authentication Error - invalid username")
        try:
            checked = self.spec.check(
                request.method,
                request.url.path,
                parse_qs(request.url.query, keep_blank_values=True),
                parse_qs(body, keep_blank_values=True),
                request.headers.get("content-type", ""),
            )
        except SpecError as exc:
            self.state.rejected.append({**entry, "code": exc.code, "message": exc.message})
            log.warning("simulator refused %s %s: %s", request.method, request.url.path, exc.message)
            return twilio_error(exc.status, exc.code, exc.message)
        if checked.path.get("AccountSid") != self.state.account_sid:
            return twilio_error(404, 20404, "The requested resource was not found")
        self.state.requests.append({**entry, "operation": checked.operation.template, "form": checked.form})
        fault = self.state.take_fault(request.method, request.url.path)
        if fault is not None:
            return twilio_error(fault.status, fault.code, fault.message)
        handler = self.handlers.get((request.method, checked.operation.template))
        if handler is None:
            return twilio_error(404, 20404, f"{checked.operation.template} is not simulated")
        answer = handler(checked)
        if inspect.isawaitable(answer):
            answer = await answer
        return answer  # type: ignore[no-any-return]

    # -- resources as Twilio shapes them ------------------------------------------------------------------------
    def _uri(self, tail: str) -> str:
        return f"/2010-04-01/Accounts/{self.state.account_sid}/{tail}"

    def _call_json(self, checked: CheckedRequest, call: SimCall, status: int = 200) -> JSONResponse:
        body = self.spec.example(checked.operation)
        body.update(
            sid=call.sid,
            account_sid=self.state.account_sid,
            to=call.to,
            to_formatted=call.to,
            **{"from": call.from_, "from_formatted": call.from_},
            status=call.status,
            direction=call.direction,
            date_created=rfc2822(wall_clock(call.created)),
            date_updated=rfc2822(wall_clock(call.ended) if call.ended is not None else None),
            start_time=rfc2822(wall_clock(call.answered)) if call.answered is not None else None,
            end_time=rfc2822(wall_clock(call.ended)) if call.ended is not None else None,
            duration=str(call.duration()) if call.ended else None,
            # Not simulated: the example's values would describe some other call.
            parent_call_sid=None,
            answered_by=None,
            forwarded_from=None,
            caller_name=None,
            group_sid=None,
            trunk_sid=None,
            price=None,
            queue_time="0",
            uri=self._uri(f"Calls/{call.sid}.json"),
        )
        return JSONResponse(body, status_code=status)

    def _queue_json(self, checked: CheckedRequest, queue_sid: str) -> dict[str, Any]:
        queue = self.state.queues[queue_sid]
        return {
            "account_sid": self.state.account_sid,
            "average_wait_time": queue.average_wait(),
            "current_size": len(queue.members),
            "date_created": rfc2822(queue.created),
            "date_updated": rfc2822(),
            "friendly_name": queue.friendly_name,
            "max_size": 1000,
            "sid": queue.sid,
            "uri": self._uri(f"Queues/{queue.sid}.json"),
        }

    def create_call(self, checked: CheckedRequest) -> Response:
        form = checked.form
        if not _TO.match(form["To"]):
            return twilio_error(400, 21211, f"Invalid 'To' Phone Number: {form['To']}")
        url = form.get("Url")
        if not url and not form.get("Twiml") and not form.get("ApplicationSid"):
            return twilio_error(400, 21205, "Url parameter is required.")
        call = SimCall(new_sid("CA"), form["From"], form["To"], "outbound-api", kind="agent")
        self.state.calls[call.sid] = call
        self.start_call(call, url or "", form.get("StatusCallback"))
        return self._call_json(checked, call, 201)

    def fetch_call(self, checked: CheckedRequest) -> Response:
        call = self.state.calls.get(checked.path["Sid"])
        if call is None:
            return twilio_error(404, 20404, f"The requested resource Calls/{checked.path['Sid']} was not found")
        return self._call_json(checked, call)

    def update_call(self, checked: CheckedRequest) -> Response:
        call = self.state.calls.get(checked.path["Sid"])
        if call is None:
            return twilio_error(404, 20404, f"The requested resource Calls/{checked.path['Sid']} was not found")
        if call.ended is not None:
            return twilio_error(400, 21220, "Call is not in-progress. Cannot redirect.")
        form = checked.form
        if form.get("Status") in ("completed", "canceled"):
            call.commands.put_nowait(Command("hangup"))
        elif form.get("Url"):
            call.commands.put_nowait(Command("redirect", form["Url"]))
        else:
            return twilio_error(400, 21205, "Url parameter is required.")
        return self._call_json(checked, call)

    def list_queues(self, checked: CheckedRequest) -> Response:
        size = int(checked.query.get("PageSize", 50))
        queues = [self._queue_json(checked, sid) for sid in list(self.state.queues)[:size]]
        uri = self._uri("Queues.json")
        return JSONResponse(
            {
                "queues": queues,
                "first_page_uri": f"{uri}?PageSize={size}&Page=0",
                "next_page_uri": None,
                "previous_page_uri": None,
                "page": 0,
                "page_size": size,
                "start": 0,
                "end": max(0, len(queues) - 1),
                "uri": f"{uri}?PageSize={size}&Page=0",
            }
        )

    def create_queue(self, checked: CheckedRequest) -> Response:
        queue = self.state.queue_named(checked.form["FriendlyName"])
        assert queue is not None
        return JSONResponse(self._queue_json(checked, queue.sid), status_code=201)

    def fetch_queue(self, checked: CheckedRequest) -> Response:
        if checked.path["Sid"] not in self.state.queues:
            return twilio_error(404, 20404, "The requested resource Queues was not found")
        return JSONResponse(self._queue_json(checked, checked.path["Sid"]))

    def _member_json(self, queue_sid: str, call: SimCall, position: int) -> dict[str, Any]:
        return {
            "call_sid": call.sid,
            "date_enqueued": rfc2822(),
            "position": position,
            "queue_sid": queue_sid,
            "uri": self._uri(f"Queues/{queue_sid}/Members/{call.sid}.json"),
            "wait_time": 0 if call.enqueued is None else int(time.monotonic() - call.enqueued),
        }

    def list_members(self, checked: CheckedRequest) -> Response:
        queue = self.state.queues.get(checked.path["QueueSid"])
        if queue is None:
            return twilio_error(404, 20404, "The requested resource Queues was not found")
        members = [self._member_json(queue.sid, c, i + 1) for i, c in enumerate(queue.members.values())]
        uri = self._uri(f"Queues/{queue.sid}/Members.json")
        return JSONResponse(
            {
                "queue_members": members,
                "first_page_uri": uri,
                "next_page_uri": None,
                "previous_page_uri": None,
                "page": 0,
                "page_size": 50,
                "start": 0,
                "end": max(0, len(members) - 1),
                "uri": uri,
            }
        )

    def dequeue_member(self, checked: CheckedRequest) -> Response:
        queue = self.state.queues.get(checked.path["QueueSid"])
        if queue is None:
            return twilio_error(404, 20404, "The requested resource Queues was not found")
        sid = checked.path["CallSid"]
        if sid == "Front":
            sid = next(iter(queue.members), "")
        call = queue.members.get(sid)
        if call is None:
            return twilio_error(404, 20404, f"The requested resource Members/{sid} was not found")
        position = list(queue.members).index(sid) + 1
        call.commands.put_nowait(Command("dequeue", checked.form["Url"]))
        queue.members.pop(sid, None)
        return JSONResponse(self._member_json(queue.sid, call, position))

    # -- messages -----------------------------------------------------------------------------------------------
    async def create_message(self, checked: CheckedRequest) -> Response:
        form = checked.form
        to, from_, body = form["To"], form.get("From", ""), form.get("Body", "")
        if not from_ and not form.get("MessagingServiceSid"):
            return twilio_error(400, 21603, "The 'From' phone number is required.")
        if not body and not form.get("MediaUrl") and not form.get("ContentSid"):
            return twilio_error(400, 21602, "Message body is required.")
        if len(body) > 1600:
            return twilio_error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        refusal = self.messages.refusal(to, from_)
        if refusal is not None:
            return twilio_error(400, refusal[0], refusal[1])
        message = new_message(to, from_, body, "outbound-api", "queued", form.get("StatusCallback"))
        self.messages.messages[message.sid] = message
        if self.on_message is not None:
            self.on_message(message)
        fault = self.messages.take_after_create()
        if fault is not None:
            if fault.stall:
                await asyncio.sleep(fault.stall)
            return twilio_error(fault.status, 20500, "Internal Server Error")
        return JSONResponse(message_json(self.state.account_sid, message), status_code=201)

    def fetch_message(self, checked: CheckedRequest) -> Response:
        message = self.messages.messages.get(checked.path["Sid"])
        if message is None:
            return twilio_error(404, 20404, f"The requested resource Messages/{checked.path['Sid']} was not found")
        return JSONResponse(message_json(self.state.account_sid, message))

    def list_messages(self, checked: CheckedRequest) -> Response:
        query = checked.query
        size = max(1, min(int(query.get("PageSize", 50)), 1000))
        page = int(query.get("Page", 0))
        after = parse_filter_time(str(query.get("DateSent>", "")))
        before = parse_filter_time(str(query.get("DateSent<", "")))
        found = [
            m
            for m in reversed(list(self.messages.messages.values()))  # newest first, as Twilio lists them
            if (not query.get("To") or m.to == query["To"])
            and (not query.get("From") or m.from_ == query["From"])
            and (after is None or m.created >= after)
            and (before is None or m.created <= before)
        ]
        chunk = found[page * size : (page + 1) * size]
        uri = self._uri("Messages.json")
        more = (page + 1) * size < len(found)
        filters = {k: str(v) for k, v in query.items() if k in ("To", "From", "DateSent>", "DateSent<")}

        def page_uri(n: int) -> str:
            return f"{uri}?{urlencode({**filters, 'PageSize': size, 'Page': n})}"

        return JSONResponse(
            {
                "messages": [message_json(self.state.account_sid, m) for m in chunk],
                "first_page_uri": page_uri(0),
                "next_page_uri": page_uri(page + 1) if more else None,
                "previous_page_uri": page_uri(page - 1) if page else None,
                "page": page,
                "page_size": size,
                "start": page * size,
                "end": page * size + max(0, len(chunk) - 1),
                "uri": page_uri(page),
            }
        )
