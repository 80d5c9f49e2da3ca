"""Who may be sent what, and when: consent per channel and purpose, opt-outs, quiet hours.

* Consent: the ``customer_consent`` row of (customer, channel, purpose) is in force.  Service messages go
  unless the customer refused them; marketing needs an explicit grant (no row = no marketing).
* Opt-out: a reply STOP / TD / 退订 refuses both purposes on that channel (Twilio itself blocks every later
  message to the number with error 21610, so pretending otherwise would only fail later).
* Quiet hours (21:00–08:00 in the bank's zone by default): marketing is held until they end; service
  messages go at any hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from db.models import CustomerConsent

from .config import MessagingConfig

PURPOSES = ("service", "marketing")
CHANNELS = ("sms", "email")
_CONSENT: Table = CustomerConsent.__table__  # type: ignore[assignment]


def consents(conn: Connection, customer_ids: Iterable[int], channel: str, purpose: str) -> dict[int, bool]:
    """The consent rows in force for (channel, purpose), by customer (absent: no row)."""
    ids = list(customer_ids)
    out: dict[int, bool] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        rows = conn.execute(
            select(CustomerConsent.customer_id, CustomerConsent.granted).where(
                CustomerConsent.customer_id.in_(chunk),
                CustomerConsent.channel == channel,
                CustomerConsent.purpose == purpose,
            )
        )
        out.update({int(cid): bool(granted) for cid, granted in rows})
    return out


def permits(granted: bool | None, purpose: str) -> bool:
    """Service: unless refused; marketing: only when granted."""
    if purpose == "marketing":
        return granted is True
    return granted is not False


def may_send(conn: Connection, customer_id: int, channel: str, purpose: str) -> bool:
    """Whether one customer may be sent a message of ``purpose`` on ``channel`` now (consent only)."""
    return permits(consents(conn, [customer_id], channel, purpose).get(customer_id), purpose)


def record_consent(
    conn: Connection, customer_id: int, channel: str, purpose: str, granted: bool, source: str, at: dt.datetime
) -> None:
    """Set the consent of (customer, channel, purpose), replacing the row in force."""
    values: dict[str, Any] = {
        "customer_id": customer_id,
        "channel": channel,
        "purpose": purpose,
        "granted": granted,
        "source": source[:24],
        "updated_at": at,
    }
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_CONSENT).values(**values)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["customer_id", "channel", "purpose"],
            set_={"granted": granted, "source": values["source"], "updated_at": at},
        )
    )


def record_opt_out(conn: Connection, customer_id: int, channel: str, source: str, at: dt.datetime) -> None:
    """Refuse every purpose on ``channel`` for the customer."""
    for purpose in PURPOSES:
        record_consent(conn, customer_id, channel, purpose, False, source, at)


def in_quiet_hours(config: MessagingConfig, at: dt.datetime) -> bool:
    """Whether ``at`` (aware) falls in the quiet hours of the bank's zone."""
    local = at.astimezone(config.tz).time()
    start, end = config.quiet_start, config.quiet_end
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_hours_end(config: MessagingConfig, at: dt.datetime) -> dt.datetime | None:
    """When the quiet hours around ``at`` end (aware UTC), or None when ``at`` is not in quiet hours."""
    if not in_quiet_hours(config, at):
        return None
    local = at.astimezone(config.tz)
    end = dt.datetime.combine(local.date(), config.quiet_end, tzinfo=config.tz)
    if end <= local:
        end = dt.datetime.combine(local.date() + dt.timedelta(days=1), config.quiet_end, tzinfo=config.tz)
    return end.astimezone(dt.UTC)


def earliest_send(config: MessagingConfig, purpose: str, at: dt.datetime) -> dt.datetime | None:
    """``not_before`` for a message of ``purpose`` wanted at ``at``: None = as soon as possible."""
    if purpose != "marketing":
        return None
    return quiet_hours_end(config, at)
