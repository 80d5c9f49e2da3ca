"""SMS to a customer holding a number: the number when it is issued, and "your turn is near" later.

Both are service messages worded by the approved ``queue_number_sms`` / ``queue_near_turn_sms`` templates in
the customer's language and queued through the messaging outbox with its consent rules (a customer who
refused service SMS, or has no mobile, gets none).  Each ticket's message has a fixed ``idem_key``, so a
retried issue or a job run on two gateways at once queues it once.

:func:`send_near_turn_notices` is the recurring job: a waiting number with SMS consent and at most
:data:`NEAR_AHEAD` people before it gets its reminder once (``near_notice_sent`` is set in the same
transaction).  On PostgreSQL it claims the tickets with ``FOR UPDATE SKIP LOCKED``, so gateways running it
together never send one twice and never wait on each other.  A counter calling next at the very moment the
job holds a ticket skips it for that call (``SKIP LOCKED``); the ticket stays first in line and is called
next, so it is never lost — the job's transactions are kept short for that reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select, update

from db import feed
from db.models import Branch, Customer, LobbyService
from db.write import write_txn
from services.messaging import templates as tpl
from services.messaging import timeline
from services.messaging.compose import Composer
from services.messaging.config import MessagingConfig
from services.messaging.outbox import enqueue_one
from services.messaging.rendering import Renderer

from .estimates import ahead_of
from .ticket_rows import TICKETS, announce

log = logging.getLogger(__name__)
NEAR_AHEAD = 3
BATCH = 200


def composer_for(messaging: Any | None, clock: Any = None) -> Composer:
    """The composer of an injected ``MessagingService``, or one with the default settings (jobs)."""
    if messaging is not None:
        return messaging.composer  # type: ignore[no-any-return]
    config = MessagingConfig()
    return Composer(config, Renderer(config.timezone), clock or (lambda: dt.datetime.now(dt.UTC)))


def queue_sms(
    conn: Connection,
    composer: Composer,
    kind: str,
    ticket: Any,
    fields: dict[str, Any],
    *,
    actor_id: int | None,
    at: dt.datetime,
) -> bool:
    """Queue the ticket's ``kind`` SMS (``queue_number`` / ``queue_near_turn``) in the caller's transaction.

    Returns True when a message is (or already was) in the outbox for it; False when there is no approved
    template, or the customer refused service SMS or has no mobile.
    """
    if ticket.customer_id is None:
        return False
    language = conn.execute(select(Customer.preferred_language).where(Customer.id == ticket.customer_id)).scalar()
    locale = "en" if (language or "").startswith("en") else "zh_CN"
    template = tpl.approved(conn, f"{kind}_sms", locale) or tpl.approved(conn, f"{kind}_sms", "zh_CN")
    if template is None:
        log.warning("no approved %s_sms template: number %s gets no SMS", kind, ticket.number)
        return False
    item = composer.prepare(conn, template, {int(ticket.customer_id): None}, fields, at=at, follow_language=False)[0]
    if item.blocked:
        return False
    message = item.outgoing(f"lobby:{kind}:{ticket.id}", sender=composer.sender_for("sms"), created_by=actor_id)
    outbox_id, created = enqueue_one(conn, message, at)
    if created:
        timeline.write_entry(conn, {**message.row(at), "id": outbox_id}, "pending", at)
        feed.append(
            conn, "outbox_message", outbox_id, "queued", actor_id=actor_id, payload={"customer_id": ticket.customer_id}
        )
    return True


def sms_fields(conn: Connection, ticket: Any, ahead: int) -> dict[str, Any]:
    """The template's open fields: the number, the service, the branch issuing it, people ahead."""
    branch = conn.execute(select(Branch.name).where(Branch.id == ticket.branch_id)).scalar()
    names = conn.execute(
        select(LobbyService.name_zh, LobbyService.name_en).where(
            LobbyService.branch_id == ticket.branch_id, LobbyService.code == ticket.service_type
        )
    ).first()
    return {
        "queue_number": ticket.number,
        "service_name": names[0] if names else ticket.service_type,
        "branch_name": branch or "",
        "people_ahead": ahead,
    }


def _candidates(conn: Connection, since: dt.date) -> list[tuple[int, int]]:
    """(ticket id, people ahead) of waiting, consenting, not yet reminded tickets with few ahead."""
    t = TICKETS
    other = TICKETS.alias("other")
    ahead = select(func.count()).select_from(other).where(ahead_of(t.c, other)).correlate(t).scalar_subquery()
    rows = conn.execute(
        select(t.c.id, ahead.label("ahead"))
        .where(
            t.c.service_day >= since,
            t.c.status == "waiting",
            t.c.sms_consent.is_(True),
            t.c.near_notice_sent.is_(False),
            t.c.customer_id.is_not(None),
        )
        .order_by(t.c.id)
    ).all()
    return [(int(r.id), int(r.ahead)) for r in rows if int(r.ahead) <= NEAR_AHEAD]


def send_near_turn_notices(engine: Engine, now: dt.datetime, *, messaging: Any | None = None) -> int:
    """Queue the "your turn is near" SMS of every number now at most three from the counter; returns how many.

    Idempotent and safe on several gateways at once (see the module).  Runs as the system: the messages
    have no author.
    """
    composer = composer_for(messaging)
    since = (now - dt.timedelta(days=1)).date()
    with engine.connect() as conn:
        found = _candidates(conn, since)
    sent = 0
    for start in range(0, len(found), BATCH):
        chunk = dict(found[start : start + BATCH])
        with write_txn(engine) as conn:
            claimed = conn.execute(
                select(TICKETS)
                .where(
                    TICKETS.c.id.in_(list(chunk)), TICKETS.c.near_notice_sent.is_(False), TICKETS.c.status == "waiting"
                )
                .order_by(TICKETS.c.id)
                .with_for_update(skip_locked=True)
            ).all()
            for row in claimed:
                queued = queue_sms(
                    conn,
                    composer,
                    "queue_near_turn",
                    row,
                    sms_fields(conn, row, chunk[int(row.id)]),
                    actor_id=None,
                    at=now,
                )
                conn.execute(
                    update(TICKETS)
                    .where(and_(TICKETS.c.id == row.id))
                    .values(near_notice_sent=True, version=TICKETS.c.version + 1)
                )
                announce(conn, int(row.branch_id), int(row.id), row.number, None, "near_notice", None)
                sent += int(queued)
    return sent
