"""The messaging webhooks of the gateway: ``POST /twilio/messaging/status`` and ``/twilio/messaging/incoming``.

Both go through the gateway's checks (size, form, X-Twilio-Signature over the public URL: 403 and nothing
written when it is missing or wrong) and its database budget (spooled when the database is away).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from db.write import utcnow

from . import events, messaging_events, validation
from .core import Answer, Gateway, signed
from .signature import Params

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


async def message_status(gw: Gateway, params: Params, query: str) -> Answer:
    messaging_events.validate_status(params)
    outbox = validation.query_value(query, "outbox")
    messaging_events.outbox_hint(outbox)
    at = utcnow()
    record = events.event("sms_status", params, at, outbox=outbox)
    await gw.write(gw.txn(messaging_events.apply_status, params, at, outbox), record)
    return 204, "", None


async def message_incoming(gw: Gateway, params: Params, query: str) -> Answer:
    messaging_events.validate_incoming(params)
    at = utcnow()
    record = events.event("sms_incoming", params, at)
    await gw.write(gw.txn(messaging_events.apply_incoming, params, at), record)
    return 200, EMPTY_TWIML, "application/xml"


def routes(gw: Gateway) -> list[Route]:
    """The messaging routes, signature-checked like the voice webhooks."""

    def endpoint(fn: object) -> object:
        handler = signed(gw, fn)  # type: ignore[arg-type]

        async def run(request: Request) -> Response:
            return await handler(request)  # type: ignore[no-any-return]

        return run

    return [
        Route("/twilio/messaging/status", endpoint(message_status), methods=["POST"]),  # type: ignore[arg-type]
        Route("/twilio/messaging/incoming", endpoint(message_incoming), methods=["POST"]),  # type: ignore[arg-type]
    ]
