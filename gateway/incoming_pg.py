"""The incoming-call write on PostgreSQL as one statement: caller match, call row and feed row together.

This is the busiest write in a contact centre (every call that arrives), so on PostgreSQL it travels as a
single statement instead of a lookup, an insert and a feed append, handed to the driver as written (no
compilation or bind processing per call).  psycopg prepares it after a few calls and the gateway's engine
(``make_engine(..., generic_plans=True)``) lets PostgreSQL reuse its plan.  It records exactly what the portable path in
:func:`gateway.events.apply_incoming` records (tests compare the two row by row):

* the caller's customers are the first :data:`~.callerid.MATCH_LIMIT` phone rows with that number's key; one
  distinct customer is a match ('one'), more are 'several' (no customer set), none is 'none'; a withheld
  number is never looked up;
* the call's priority is the highest VIP level among them;
* the numbers are stored with their masks and the caller's key (:mod:`db.pii`), which desktops read instead;
* a CallSid already recorded inserts nothing and appends no feed row (webhooks are retried).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from db.models import Call, ChangeFeed
from db.models.base import as_utc, utcnow
from db.pii import mask_phone
from db.repositories.customers import phone_owners_sql
from services.callerid import CallerNumber

# In psycopg's own placeholders: it goes to the driver as it is (exec_driver_sql), with no compilation or
# bind processing per call; the values passed are already what the columns hold.
_SQL = f"""
WITH phones AS (
    {phone_owners_sql("%(key)s", peppered=True)}
), matched AS (
    SELECT count(DISTINCT customer_id) AS n, min(customer_id) AS first_id,
           coalesce(max(coalesce(vip_level, 0)), 0) AS vip
    FROM phones
), call AS (
    INSERT INTO {Call.__tablename__}
        (call_sid, direction, from_e164, from_masked, from_key, to_e164, to_masked, customer_id, match_result,
         priority, state, received_at, version)
    SELECT %(call_sid)s, 'inbound', %(e164)s, %(masked)s, %(key)s, %(to_e164)s, %(to_masked)s,
           CASE WHEN n = 1 THEN first_id END,
           coalesce(%(fixed_result)s, CASE WHEN n = 0 THEN 'none' WHEN n = 1 THEN 'one' ELSE 'several' END),
           vip, 'received', %(received_at)s, 1
    FROM matched
    ON CONFLICT (call_sid) DO NOTHING
    RETURNING id, customer_id
)
INSERT INTO {ChangeFeed.__tablename__} (entity, entity_id, action, actor_id, at, payload, txid)
SELECT 'call', call.id::text, 'received', NULL, %(feed_at)s, json_build_object('customer_id', call.customer_id),
       pg_current_xact_id()::text::bigint
FROM call
"""


def record_incoming(conn: Connection, number: CallerNumber, call_sid: str, to: str, at: dt.datetime) -> None:
    """Record an inbound call and its feed row (nothing when the CallSid is already known)."""
    to_e164 = to[:24] or None
    values: dict[str, Any] = {
        "e164": number.e164,
        "masked": number.masked,
        # The match goes by the number's key (db.pii.phone_key), as every phone lookup does; the server peppers
        # it, in the match and in the stored call row alike (db.pg_security).
        "key": number.key,
        "call_sid": call_sid,
        "to_e164": to_e164,
        "to_masked": mask_phone(to_e164) or None,
        # A withheld number is not looked up; an unparseable one matches nobody (its key is NULL).
        "fixed_result": "withheld" if number.withheld else None,
        "received_at": as_utc(at),
        "feed_at": utcnow(),
    }
    conn.exec_driver_sql(_SQL, values)
