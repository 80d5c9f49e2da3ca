"""Replaying a spooled webhook: voice and messaging events went to the same spool file, each as a record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from . import events, messaging_events
from .signature import Params


def apply_event(conn: Connection, record: dict[str, Any], region: str = "CN") -> None:
    """Apply a spooled record (see :func:`.events.event`)."""
    params = Params({k: list(v) for k, v in record["params"].items()})
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
