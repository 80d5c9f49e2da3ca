"""What the compose dialog needs to know about its recipient before any template is chosen.

For each channel: whether the customer can be reached on it (a mobile for SMS, an e-mail address) and what
they agreed to (service and marketing consent, or an opt-out); and the language messages should be written
in.  The dialog shows this at the top as soon as it opens, picks a channel the customer accepts messages on,
and offers templates in the customer's language first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from db.models import Customer

from . import addresses, policy

CHANNELS = ("sms", "email")


def message_locale(preferred_language: str | None) -> str:
    """The template locale for a customer's preferred language: English for ``en*``, else Chinese."""
    return "en" if (preferred_language or "").lower().startswith("en") else "zh_CN"


@dataclass(frozen=True)
class ChannelConsent:
    """One channel of one customer: the address messages would go to (masked) and the consent rows in force.

    ``address`` is the stored mask of the phone or e-mail row messages would go to (None: no usable one);
    ``service`` / ``marketing`` are the recorded consents (None: nothing recorded).
    """

    channel: str
    address: str | None
    service: bool | None
    marketing: bool | None

    @property
    def state(self) -> str:
        """``no_address``, ``opt_out`` (service messages refused), ``service_only`` (no marketing) or ``all``."""
        if self.address is None:
            return "no_address"
        if not policy.permits(self.service, "service"):
            return "opt_out"
        if not policy.permits(self.marketing, "marketing"):
            return "service_only"
        return "all"

    @property
    def usable(self) -> bool:
        """Service messages can go on this channel."""
        return self.state in ("service_only", "all")

    def permits(self, purpose: str) -> bool:
        """Whether a message of ``purpose`` may go on this channel (address and consent)."""
        if purpose == "marketing":
            return self.state == "all"
        return self.usable


@dataclass(frozen=True)
class Recipient:
    """A customer as the compose dialog sees them."""

    customer_id: int
    locale: str  # the template locale of their preferred language ("zh_CN" or "en")
    preferred_channel: str
    channels: dict[str, ChannelConsent]

    def default_channel(self, wanted: str | None = None) -> str:
        """``wanted`` when the customer accepts messages there, else their preferred channel, else any channel
        they accept messages on; ``wanted`` (or SMS) when there is none."""
        order = [c for c in (wanted, self.preferred_channel, *CHANNELS) if c in self.channels]
        for channel in order:
            if self.channels[channel].usable:
                return channel
        return wanted if wanted in CHANNELS else "sms"


def recipient(conn: Connection, customer_id: int) -> Recipient:
    """The customer's addresses (masked), consents and message language.

    Raises:
        LookupError: no such customer.
    """
    row = conn.execute(
        select(Customer.preferred_language, Customer.preferred_channel).where(Customer.id == customer_id)
    ).first()
    if row is None:
        raise LookupError(customer_id)
    channels: dict[str, ChannelConsent] = {}
    for channel in CHANNELS:
        found = addresses.addresses(conn, channel, [customer_id]).get(customer_id)
        address = found.masked if found is not None else None
        service = policy.consents(conn, [customer_id], channel, "service").get(customer_id)
        marketing = policy.consents(conn, [customer_id], channel, "marketing").get(customer_id)
        channels[channel] = ChannelConsent(channel, address, service, marketing)
    return Recipient(customer_id, message_locale(row.preferred_language), str(row.preferred_channel or "sms"), channels)
