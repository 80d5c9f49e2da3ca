"""The outbox as the gateway's sender sees it: claim, record, defer, expire, reconcile, status callbacks.

Claiming moves rows ``pending`` → ``sending`` (with ``claimed_at`` and one more attempt) in one statement; on
PostgreSQL the rows are picked ``FOR UPDATE SKIP LOCKED`` so that several gateway processes never claim the
same row, on SQLite the write transaction holds the database's single writer lock.  A row is sent only after
its claim has committed, so a crash at any point leaves it ``sending`` (or later) — never ``pending`` with a
message already out.  Claims older than the lease become ``unknown`` and are reconciled, never resent blindly.

Every change of state also moves the customer's timeline entry and appends a change-feed row, in the same
transaction.  States only move forward (:func:`~services.messaging.timeline.advances`).

A desktop cannot read a customer's full number or address (migration 0011): it names the customer's phone or
e-mail row instead (``to_phone_id`` / ``to_email_id``) and leaves ``to_address`` empty.  The claim looks the
address up (the gateway may read it) and records it on the row; a row that is gone, or is another customer's,
fails the message for good (:data:`ADDRESS_PROBLEMS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, or_, select, update

from db import feed
from db.models import CustomerEmail, CustomerPhone, OutboxMessage
from db.pii import mask_email, mask_phone
from services.messaging import timeline
from services.messaging.policy import record_opt_out
from services.messaging.settle import sent_again

OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
CLAIM_COLUMNS = (
    OUTBOX.c.id,
    OUTBOX.c.channel,
    OUTBOX.c.purpose,
    OUTBOX.c.customer_id,
    OUTBOX.c.to_address,
    OUTBOX.c.to_masked,
    OUTBOX.c.to_phone_id,
    OUTBOX.c.to_email_id,
    OUTBOX.c.subject,
    OUTBOX.c.body_text,
    OUTBOX.c.body_html,
    OUTBOX.c.sender,
    OUTBOX.c.created_by_id,
    OUTBOX.c.attempts,
    OUTBOX.c.claimed_at,
    OUTBOX.c.campaign_id,
)
# Twilio's message statuses → ours.
TWILIO_STATES = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "queued",
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "cancelled",
}


@dataclass(frozen=True)
class Claimed:
    """A row claimed for sending (the columns a transport needs)."""

    id: int
    channel: str
    purpose: str
    customer_id: int | None
    to_address: str | None
    to_masked: str
    to_phone_id: int | None
    to_email_id: int | None
    subject: str | None
    body_text: str
    body_html: str | None
    sender: str | None
    created_by_id: int | None
    attempts: int
    claimed_at: dt.datetime
    campaign_id: int | None
    # Why the address could not be found (a key of ADDRESS_PROBLEMS); such a message fails, never retried.
    problem: str | None = None

    def as_mapping(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one send: ``status`` is a final or provider state, ``retry`` / ``unknown`` otherwise."""

    status: str  # queued | sent | failed | retry | unknown | skipped | deferred
    provider_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    not_before: dt.datetime | None = None


def claim(conn: Connection, now: dt.datetime, limit: int, channels: Iterable[str] = ("sms", "email")) -> list[Claimed]:
    """Claim up to ``limit`` due rows of ``channels`` (oldest first) in the caller's write transaction."""
    due = (
        select(OUTBOX.c.id)
        .where(
            OUTBOX.c.status == "pending",
            OUTBOX.c.channel.in_(list(channels)),
            or_(OUTBOX.c.not_before.is_(None), OUTBOX.c.not_before <= now),
        )
        .order_by(OUTBOX.c.id)
        .limit(limit)
    )
    picked: Any = due.scalar_subquery()
    if conn.dialect.name == "postgresql":
        # A materialised CTE: PostgreSQL may otherwise run a LIMIT ... SKIP LOCKED subquery more than once
        # and claim more than ``limit`` rows.
        cte = due.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        picked = select(cte.c.id).scalar_subquery()
    rows = conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id.in_(picked), OUTBOX.c.status == "pending")
        .values(status="sending", claimed_at=now, attempts=OUTBOX.c.attempts + 1, version=OUTBOX.c.version + 1)
        .returning(*CLAIM_COLUMNS)
    ).all()
    claimed = resolve_addresses(conn, sorted((Claimed(**row._mapping) for row in rows), key=lambda c: c.id))
    for item in claimed:
        timeline.write_entry(conn, item.as_mapping(), "sending", now)
    return claimed


# error_code -> error_message of a message whose recipient could not be found when it was sent.
ADDRESS_PROBLEMS = {
    "address_gone": "the customer's phone number or e-mail address it was meant for has been removed",
    "address_mismatch": "the phone number or e-mail address it names belongs to another customer",
    "address_channel": "it names no phone number for an SMS, or no e-mail address for an e-mail",
}
_SET_ADDRESS = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"))
    .values(to_address=bindparam("b_address"), to_masked=bindparam("b_masked"))
)


def resolve_addresses(conn: Connection, claimed: list[Claimed]) -> list[Claimed]:
    """Claimed rows with their addresses: a missing ``to_address`` is read from the phone or e-mail row the
    message names and recorded on the message (with its mask); a row that cannot give it gets a ``problem``."""
    phone_ids = [c.to_phone_id for c in claimed if not c.to_address and c.channel == "sms" and c.to_phone_id]
    email_ids = [c.to_email_id for c in claimed if not c.to_address and c.channel == "email" and c.to_email_id]
    phones: dict[int, tuple[str, int]] = {}
    emails: dict[int, tuple[str, int]] = {}
    if phone_ids:
        rows = conn.execute(
            select(CustomerPhone.id, CustomerPhone.e164, CustomerPhone.customer_id).where(
                CustomerPhone.id.in_(phone_ids)
            )
        )
        phones = {int(r[0]): (str(r[1]), int(r[2])) for r in rows}
    if email_ids:
        rows = conn.execute(
            select(CustomerEmail.id, CustomerEmail.address, CustomerEmail.customer_id).where(
                CustomerEmail.id.in_(email_ids)
            )
        )
        emails = {int(r[0]): (str(r[1]), int(r[2])) for r in rows}
    out: list[Claimed] = []
    found: list[dict[str, Any]] = []
    for item in claimed:
        if item.to_address:
            out.append(item)
            continue
        named = item.to_phone_id if item.channel == "sms" else item.to_email_id
        if named is None:  # named nothing (no_address), the other kind, or a row since removed (SET NULL)
            other = item.to_email_id if item.channel == "sms" else item.to_phone_id
            problem = "address_channel" if other else "address_gone" if item.to_masked else None
            out.append(dataclasses.replace(item, problem=problem))
            continue
        row = (phones if item.channel == "sms" else emails).get(named)
        if row is None:
            out.append(dataclasses.replace(item, problem="address_gone"))
        elif row[1] != item.customer_id:
            out.append(dataclasses.replace(item, problem="address_mismatch"))
        else:
            address = row[0]
            masked = item.to_masked or (mask_phone(address) if item.channel == "sms" else mask_email(address))
            found.append({"b_id": item.id, "b_address": address, "b_masked": masked})
            out.append(dataclasses.replace(item, to_address=address, to_masked=masked))
    if found:
        conn.execute(_SET_ADDRESS, found)
    return out


_RECORD = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"), OUTBOX.c.status.in_(("sending", "unknown")))
    .values(
        status=bindparam("b_status"),
        provider_id=bindparam("b_provider"),
        error_code=bindparam("b_code"),
        error_message=bindparam("b_message"),
        not_before=bindparam("b_not_before"),
        sent_at=bindparam("b_sent_at"),
        version=OUTBOX.c.version + 1,
    )
)


def record(conn: Connection, results: list[tuple[Claimed, Outcome]], now: dt.datetime) -> None:
    """Write the outcomes of sends (in the caller's transaction): provider state, retry, unknown or failure."""
    for item, outcome in results:
        status = {"retry": "pending", "deferred": "pending"}.get(outcome.status, outcome.status)
        accepted = status in ("queued", "sent")
        params = {
            "b_id": item.id,
            "b_status": status,
            "b_provider": outcome.provider_id,
            "b_code": outcome.error_code,
            "b_message": (outcome.error_message or "")[:400] or None,
            "b_not_before": outcome.not_before,
            "b_sent_at": now if accepted else None,
        }
        if not conn.execute(_RECORD, params).rowcount:
            continue  # a status callback or reconciliation got there first
        shown = "pending" if status == "pending" else status
        timeline.write_entry(conn, item.as_mapping(), shown, now, outcome.error_code)
        if outcome.error_code == "21610" and item.customer_id is not None:
            record_opt_out(conn, item.customer_id, "sms", "provider_21610", now)
        feed.append(conn, "outbox_message", item.id, status, payload={"customer_id": item.customer_id})


def expire_claims(conn: Connection, now: dt.datetime, lease: dt.timedelta) -> list[int]:
    """Claims older than ``lease`` (their sender died): ``unknown``, to be reconciled. Returns their ids."""
    rows = conn.execute(
        update(OUTBOX)
        .where(OUTBOX.c.status == "sending", OUTBOX.c.claimed_at < now - lease)
        .values(
            status="unknown",
            error_message="the sender stopped while sending; outcome unknown",
            version=OUTBOX.c.version + 1,
        )
        .returning(*CLAIM_COLUMNS)
    ).all()
    for row in rows:
        timeline.write_entry(conn, dict(row._mapping), "unknown", now)
        feed.append(conn, "outbox_message", row.id, "unknown", payload={"customer_id": row.customer_id})
    return [int(r.id) for r in rows]


def unknown_rows(conn: Connection, channel: str, limit: int = 100) -> list[Claimed]:
    """Rows whose outcome is unknown, oldest claim first — except those staff already sent again (settled by
    a person; a late status callback still applies to them)."""
    rows = conn.execute(
        select(*CLAIM_COLUMNS)
        .where(
            OUTBOX.c.status == "unknown",
            OUTBOX.c.channel == channel,
            ~sent_again(),
        )
        .order_by(OUTBOX.c.claimed_at, OUTBOX.c.id)
        .limit(limit)
    ).all()
    return [Claimed(**r._mapping) for r in rows]


def provider_ids_in_use(conn: Connection, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    if not wanted:
        return set()
    return set(conn.execute(select(OUTBOX.c.provider_id).where(OUTBOX.c.provider_id.in_(wanted))).scalars())


def requeue_unknown(conn: Connection, item: Claimed, now: dt.datetime) -> bool:
    """An ``unknown`` row the provider confirms it never accepted goes back to ``pending`` (unless staff sent it
    again already)."""
    changed = conn.execute(
        update(OUTBOX)
        .where(
            OUTBOX.c.id == item.id,
            OUTBOX.c.status == "unknown",
            OUTBOX.c.provider_id.is_(None),
            ~sent_again(),  # staff sent it again: never a third copy
        )
        .values(
            status="pending", error_message="not accepted by the provider; queued again", version=OUTBOX.c.version + 1
        )
    ).rowcount
    if changed:
        timeline.write_entry(conn, item.as_mapping(), "pending", now)
    return bool(changed)


def apply_provider_status(
    conn: Connection,
    outbox_id: int | None,
    provider_id: str,
    provider_status: str,
    error_code: str | None,
    at: dt.datetime,
) -> str:
    """A delivery report (status callback or reconciliation): move the row forward, never back.

    The row is found by ``outbox_id`` (the callback URL carries it) and must then carry ``provider_id`` or
    none yet (an ``unknown`` row learns its SID this way); without an id, by ``provider_id``.

    Returns:
        "applied", "stale" (older or equal state), or "unknown" (no such row).
    """
    status = TWILIO_STATES.get(provider_status)
    if status is None:
        return "stale"
    query = select(OUTBOX).with_for_update() if conn.dialect.name == "postgresql" else select(OUTBOX)
    if outbox_id is not None:
        query = query.where(
            OUTBOX.c.id == outbox_id, or_(OUTBOX.c.provider_id.is_(None), OUTBOX.c.provider_id == provider_id)
        )
    else:
        query = query.where(OUTBOX.c.provider_id == provider_id)
    row = conn.execute(query).first()
    if row is None:
        return "unknown"
    if not timeline.advances(row.status, status):
        if row.provider_id is None and status in timeline.RANK:
            conn.execute(
                update(OUTBOX)
                .where(OUTBOX.c.id == row.id)
                .values(provider_id=provider_id, version=OUTBOX.c.version + 1)
            )
        return "stale"
    values: dict[str, Any] = {"status": status, "provider_id": provider_id, "version": OUTBOX.c.version + 1}
    if status in ("failed", "undelivered"):
        values["error_code"] = error_code
    if status in ("queued", "sent") and row.sent_at is None:
        values["sent_at"] = at
    if status == "delivered":
        values["delivered_at"] = at
        values.setdefault("sent_at", row.sent_at or at)
    changed = conn.execute(
        update(OUTBOX).where(and_(OUTBOX.c.id == row.id, OUTBOX.c.status == row.status)).values(**values)
    ).rowcount
    if not changed:
        return "stale"
    mapping: Any = row._mapping
    timeline.write_entry(conn, mapping, status, at, error_code if status in ("failed", "undelivered") else None)
    if error_code == "21610" and row.customer_id is not None:
        record_opt_out(conn, int(row.customer_id), "sms", "provider_21610", at)
    feed.append(conn, "outbox_message", row.id, status, payload={"customer_id": row.customer_id})
    return "applied"
