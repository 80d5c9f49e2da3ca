"""What the messaging webhooks write, as functions of (connection, parameters, time) — live and on replay.

* Status callbacks (``POST /twilio/messaging/status?outbox=<id>``) move the outbox row and its timeline entry
  forward, never back; a late or repeated callback changes nothing.
* Incoming messages (``POST /twilio/messaging/incoming``): the reply goes on the timeline of every customer
  with that number; STOP / TD / 退订 (any case, spacing or width) also records their opt-out of SMS.  A score
  ("1"–"5", full-width digits, "5分", "非常满意" ...) from a customer whose closed complaint awaits its
  satisfaction survey is recorded on that ticket (ticket event and change-feed row) in the same transaction.
  Otherwise a score from a customer with a call survey sent in the last 48 hours answers that survey
  (:mod:`services.csat.replies`: the survey, the call, the timeline entry with the call, a low score's follow-up).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import Connection, select

from db import feed
from db.models import Interaction
from db.repositories.customers import find_by_phone
from db.write import insert_ignore_returning
from services.csat.replies import pending_survey as pending_call_survey
from services.csat.replies import record_answer
from services.csat.rules import parse_score
from services.messaging.policy import record_opt_out
from services.tickets.context import TicketEnv
from services.tickets.resolution import parse_survey_reply, pending_survey, record_survey_reply
from services.tickets.rights import SYSTEM

from . import validation
from .errors import BadWebhook
from .outbox_store import TWILIO_STATES, apply_provider_status
from .signature import Params

STOP_WORDS = frozenset({"stop", "td", "退订", "stopall", "unsubscribe", "cancel", "end", "quit"})
_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
_NUMBER = re.compile(r"^\+[1-9]\d{6,15}$")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
MAX_BODY = 1600
MAX_SURVEY_REPLY = 40  # a longer message is a message, not a score


def is_stop(body: str) -> bool:
    """Whether a reply asks to stop: STOP, TD, 退订 ... ignoring case, spaces, width and punctuation."""
    folded = _NOISE.sub("", unicodedata.normalize("NFKC", body)).casefold()
    return folded in STOP_WORDS


def validate_status(params: Params) -> None:
    validation.require(params, "MessageSid", validation.MESSAGE_SID)
    if params.first("MessageStatus") not in TWILIO_STATES:
        raise BadWebhook("MessageStatus missing or unknown")
    validation.optional(params, "ErrorCode", validation.ERROR_CODE)


def outbox_hint(query_value: str) -> int | None:
    """Our outbox row id from a status callback's ``?outbox=`` (None when absent; 400 when malformed)."""
    return validation.database_id(query_value, "outbox id")


def apply_status(conn: Connection, params: Params, at: dt.datetime, outbox: str) -> str:
    """Apply a status callback; returns "applied", "stale" or "unknown"."""
    return apply_provider_status(
        conn,
        outbox_hint(outbox),
        params.first("MessageSid"),
        params.first("MessageStatus"),
        params.first("ErrorCode") or None,
        at,
    )


def validate_incoming(params: Params) -> None:
    validation.require(params, "MessageSid", validation.MESSAGE_SID)
    if not _NUMBER.match(params.first("From")):
        raise BadWebhook("From missing or malformed")
    if len(params.first("Body")) > MAX_BODY:
        raise BadWebhook("Body too long")


def apply_incoming(conn: Connection, params: Params, at: dt.datetime) -> list[int]:
    """Record a reply on the timeline of every customer with the sender's number (and an opt-out for STOP).

    Returns the customers it was recorded for.  The message is recorded once per customer by its MessageSid: the
    same message delivered again (the provider retries, the spool replays) records nothing, opts out nobody
    twice and survey-scores nothing twice.
    """
    sid = params.first("MessageSid")
    number = params.first("From")
    body = params.first("Body")
    stop = is_stop(body)
    customers = sorted(find_by_phone(conn, number))
    score = None if stop or len(body.strip()) > MAX_SURVEY_REPLY else parse_survey_reply(body)
    call_score = None if stop else parse_score(body)  # a call survey's answer (services.csat)
    done: list[int] = []
    for customer_id in customers:
        seen = conn.execute(
            select(Interaction.id).where(Interaction.message_sid == sid, Interaction.customer_id == customer_id)
        ).first()
        if seen is not None:
            continue
        ticket_id = pending_survey(conn, customer_id) if score is not None else None
        call_survey = None
        if ticket_id is None and call_score is not None:
            call_survey = pending_call_survey(conn, customer_id, at)
        subject = "客户短信回复退订（STOP）" if stop else "客户短信回复"
        if ticket_id is not None:
            subject = f"客户满意度评价：{score} 分"
        elif call_survey is not None:
            subject = f"来电满意度评价：{call_score} 分"
        interaction_id = insert_ignore_returning(
            conn,
            Interaction.__table__,  # type: ignore[arg-type]
            {
                "customer_id": customer_id,
                "channel": "sms",
                "direction": "in",
                "occurred_at": at,
                "subject": subject,
                "summary": body,
                "disposition": "opt_out"
                if stop
                else ("survey_reply" if ticket_id is not None else ("csat_reply" if call_survey else "reply")),
                "ticket_id": ticket_id,
                "call_id": call_survey[1] if call_survey is not None else None,
                "message_sid": sid,
            },
            ["message_sid", "customer_id"],
        )
        if interaction_id is None:
            continue  # recorded by another gateway process at the same moment
        if ticket_id is not None:
            record_survey_reply(conn, TicketEnv.load(conn, clock=lambda: at), SYSTEM, ticket_id, score=score, text=body)
        if call_survey is not None and call_score is not None:
            record_answer(conn, call_survey[0], call_score, body, at)
        if stop:
            record_opt_out(conn, customer_id, "sms", "sms_reply", at)
        feed.append(conn, "customer", customer_id, "sms_opt_out" if stop else "sms_reply")
        done.append(customer_id)
    return done
