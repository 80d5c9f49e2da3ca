"""Replaying a spooled webhook: voice and messaging events went to the same spool file, each as a record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from . import events, messaging_events, validation
from .errors import BadWebhook
from .signature import Params

KINDS = frozenset({"incoming", "menu", "status", "sms_status", "sms_incoming"})


def params_of(record: dict[str, Any]) -> Params:
    """The webhook parameters of a spooled record (raises BadWebhook when they are not a form's)."""
    raw = record.get("params")
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in raw.items()
    ):
        raise BadWebhook("spooled parameters are not a form")
    return Params({k: list(v) for k, v in raw.items()})


def validate(record: dict[str, Any]) -> None:
    """The edge checks again, for a record spooled by any version of the gateway (older ones checked less).

    Raises:
        BadWebhook: the record could never be applied (it goes to the dead letters).
    """
    kind = record.get("kind")
    if kind not in KINDS:
        raise BadWebhook(f"unknown spooled event kind {str(kind)[:24]!r}")
    try:
        dt.datetime.fromisoformat(str(record.get("at")))
    except ValueError:
        raise BadWebhook("spooled time malformed") from None
    params = params_of(record)
    validation.check_params(params)
    if kind == "incoming":
        events.validate_incoming(params)
    elif kind == "menu":
        events.validate_menu(params)
    elif kind == "status":
        events.validate_status(params, "call=" + str(record.get("call", ""))[:40] if record.get("call") else "")
    elif kind == "sms_status":
        messaging_events.validate_status(params)
        messaging_events.outbox_hint(str(record.get("outbox", "")))
    else:
        messaging_events.validate_incoming(params)


def apply_event(conn: Connection, record: dict[str, Any], region: str = "CN") -> None:
    """Apply a spooled record (see :func:`.events.event`)."""
    params = params_of(record)
    at = dt.datetime.fromisoformat(record["at"])
    kind = record["kind"]
    if kind == "incoming":
        events.apply_incoming(conn, params, at, region)
    elif kind == "menu":
        events.apply_menu(conn, params, at)
    elif kind == "status":
        events.apply_status(conn, params, at, record.get("call", ""))
    elif kind in ("sms_status", "sms_incoming"):
        if kind == "sms_status":
            messaging_events.apply_status(conn, params, at, record.get("outbox", ""))
        else:
            messaging_events.apply_incoming(conn, params, at)
