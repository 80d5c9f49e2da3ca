"""Webhook dead letters: what the gateway could not apply for a permanent reason, kept for a person to settle.

The gateway records one (:func:`record`) instead of retrying for ever; each new one is a change-feed event, so
supervisors' desks show it at once.  A supervisor lists the open ones (:func:`open_letters`) and settles each with
a note (:func:`settle`); the note and who wrote it stay with the row.  The desktop goes through
:class:`DeadLetterDesk`, which checks the supervisor's right first, and shows a request only as
:func:`shown_request` gives it: phone numbers masked, message bodies withheld (staff without the right to
reveal customer data settle these too).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, insert, select, update

from db import feed
from db.errors import describe
from db.models import User, WebhookDeadLetter
from db.write import utcnow, write_txn

from .masking import MASK, mask_phone
from .permissions import Principal, authorize

if TYPE_CHECKING:
    from .audit import AuditTrail

log = logging.getLogger(__name__)
FEED_ENTITY = "webhook_dead_letter"
MAX_REQUEST_CHARS = 20_000


@dataclass(frozen=True)
class DeadLetter:
    """One dead letter as a supervisor's list shows it."""

    id: int
    kind: str
    received_at: dt.datetime | None
    failed_at: dt.datetime
    source: str
    error_class: str
    error: str
    request: dict[str, Any]
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None


def _received(record: dict[str, Any]) -> dt.datetime | None:
    try:
        at = dt.datetime.fromisoformat(str(record.get("at", "")))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _bounded(record: dict[str, Any]) -> dict[str, Any]:
    """The request as stored: JSON-safe, and cut when a hostile request is huge (the error says what it was)."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    if len(text) <= MAX_REQUEST_CHARS:
        return dict(json.loads(text))
    return {"kind": record.get("kind"), "truncated": text[:MAX_REQUEST_CHARS]}


def record(engine: Engine, request: dict[str, Any], error: BaseException, *, source: str) -> int:
    """Keep ``request`` (a spool record: kind, params, at, hints) with why it failed; returns the row id.

    ``source`` is ``live`` (it failed as it arrived) or ``replay`` (it failed when the spool was replayed).
    """
    now = utcnow()
    kind = str(request.get("kind") or "unknown")[:24]
    text = describe(error)
    with write_txn(engine) as conn:
        letter_id = int(
            conn.execute(
                insert(WebhookDeadLetter)
                .values(
                    kind=kind,
                    received_at=_received(request) or now,
                    failed_at=now,
                    source=source,
                    request=_bounded(request),
                    error_class=type(error).__name__[:80],
                    error=text,
                )
                .returning(WebhookDeadLetter.id)
            ).scalar_one()
        )
        feed.append(conn, FEED_ENTITY, letter_id, "created", payload={"kind": kind})
    # The alert in the log; numbers and message text masked as on screen (the row keeps the full error).
    log.error("webhook %s set aside as dead letter %d (%s): %s", kind, letter_id, source, masked_error(request, text))
    return letter_id


def open_count(engine: Engine, *, since: dt.datetime | None = None) -> int:
    """How many dead letters nobody has settled yet (failed after ``since``, when given)."""
    query = select(func.count()).select_from(WebhookDeadLetter).where(WebhookDeadLetter.resolved_at.is_(None))
    if since is not None:
        query = query.where(WebhookDeadLetter.failed_at >= since)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def open_letters(engine: Engine, *, limit: int = 200) -> list[DeadLetter]:
    """The unsettled dead letters, newest first."""
    table = WebhookDeadLetter.__table__
    query = (
        select(table)
        .where(WebhookDeadLetter.resolved_at.is_(None))
        .order_by(WebhookDeadLetter.failed_at.desc(), WebhookDeadLetter.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        DeadLetter(
            id=int(r["id"]),
            kind=r["kind"],
            received_at=r["received_at"],
            failed_at=r["failed_at"],
            source=r["source"],
            error_class=r["error_class"],
            error=r["error"],
            request=dict(r["request"] or {}),
        )
        for r in rows
    ]


class AlreadySettled(Exception):
    """Someone else settled this dead letter first (``by``: their display name, when known)."""

    def __init__(self, letter_id: int, by: str | None = None) -> None:
        super().__init__(letter_id)
        self.letter_id = letter_id
        self.by = by


def settle(engine: Engine, letter_id: int, user_id: int, note: str) -> None:
    """Mark a dead letter as dealt with, with what was done (kept with it, and on the change feed).

    Raises:
        ValueError: an empty note.
        AlreadySettled: it was settled meanwhile (by another supervisor).
    """
    note = " ".join(note.split())
    if not note:
        raise ValueError("say what was done about it")
    with write_txn(engine) as conn:
        changed = conn.execute(
            update(WebhookDeadLetter)
            .where(WebhookDeadLetter.id == letter_id, WebhookDeadLetter.resolved_at.is_(None))
            .values(resolved_at=utcnow(), resolved_by=user_id, resolution=note[:400])
        ).rowcount
        if not changed:
            raise AlreadySettled(letter_id)
        feed.append(conn, FEED_ENTITY, letter_id, "settled", actor_id=user_id)


def settled_by(engine: Engine, letter_id: int) -> str | None:
    """The display name of whoever settled a dead letter (None while it is open)."""
    query = (
        select(User.display_name)
        .join(WebhookDeadLetter, WebhookDeadLetter.resolved_by == User.id)
        .where(WebhookDeadLetter.id == letter_id)
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar_one_or_none()


# -- the supervisors' desk --------------------------------------------------------------------------------------

# Settling what the gateway could not apply is the same duty as settling messages with an unknown outcome:
# the supervisors' and administrators' ``message.settle``.
PERMISSION = "message.settle"


@dataclass(frozen=True)
class Listing:
    """The open dead letters shown (newest first, at most the limit) and how many are open in all."""

    letters: list[DeadLetter]
    total: int


class DeadLetterDesk:
    """Listing and settling dead letters for a signed-in person, their right checked (and refusals audited).

    Args:
        engine: the shared database.
        audit: the trail refusals are written to.
    """

    def __init__(self, engine: Engine, *, audit: AuditTrail) -> None:
        self.engine = engine
        self.audit = audit

    def _authorize(self, who: Principal, letter_id: int | None = None) -> None:
        with self.engine.connect() as conn:
            authorize(conn, who, PERMISSION, audit=self.audit, entity=FEED_ENTITY, entity_id=letter_id)

    def listing(self, who: Principal, *, limit: int = 200) -> Listing:
        """The open dead letters, newest first, and their total.

        Raises:
            PermissionDenied: ``who`` may not settle them.
        """
        self._authorize(who)
        letters = open_letters(self.engine, limit=limit)
        total = len(letters) if len(letters) < limit else open_count(self.engine)
        return Listing(letters, total)

    def settle(self, who: Principal, letter_id: int, note: str) -> None:
        """Settle one dead letter as ``who`` with what was done.

        Raises:
            PermissionDenied: ``who`` may not settle it.
            ValueError: an empty note.
            AlreadySettled: someone settled it first (``by`` names them).
        """
        self._authorize(who, letter_id)
        try:
            settle(self.engine, letter_id, who.user_id, note)
        except AlreadySettled:
            raise AlreadySettled(letter_id, settled_by(self.engine, letter_id)) from None


# -- what a person may see of a request --------------------------------------------------------------------------

PHONE_PARAMS = frozenset({"From", "To", "Caller", "Called", "ForwardedFrom", "CalledVia"})
# Free text a customer wrote or that names them: only the length is shown.
WITHHELD_PARAMS = frozenset({"Body", "CallerName"})
WITHHELD_PREFIXES = ("MediaUrl",)  # an MMS's pictures
# Fields of the spool record itself (not Twilio parameters): our own ids and the time, shown as they are;
# ``raw`` (a line that was not JSON) and ``truncated`` (a huge request, cut) may hold anything: withheld.
PLAIN_FIELDS = frozenset({"at", "call", "outbox"})
WITHHELD_FIELDS = frozenset({"raw", "truncated"})
MAX_SHOWN_CHARS = 300
# A run of 7 or more digits standing alone (a phone, card, account or ID number), or one after a "+".
_NUMBER = re.compile(r"\+\d{6,}|(?<![0-9A-Za-z])\d{7,}(?![0-9A-Za-z])")


@dataclass(frozen=True)
class ShownField:
    """One line of a request as a person sees it.

    ``value`` is already masked; when the value is withheld altogether it is empty and ``withheld`` is its
    length in characters.  ``part`` is ``param`` (a webhook parameter) or ``record`` (a field of the spool
    record: its time, our hints, an unreadable line).
    """

    name: str
    value: str
    withheld: int | None = None
    part: str = "param"


def mask_address(value: str) -> str:
    """A From/To-like value masked: numbers as :func:`~services.masking.mask_phone`, short values entirely."""
    if len(value) <= 8:  # mask_phone keeps 4 + 4 characters: a short value would show in full
        return MASK * len(value)
    if value[:1] == "+" or value[:1].isdigit():
        digits = value if value[:1] == "+" else ("+86" + value if len(value) == 11 and value[0] == "1" else value)
        return mask_phone(digits)
    return mask_phone(value)


def mask_numbers(text: str) -> str:
    """``text`` with every long run of digits masked (phone, card or ID numbers in free text)."""

    def masked(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith("+") or (len(found) == 11 and found[0] == "1"):
            return mask_address(found)
        return MASK * (len(found) - 4) + found[-4:]

    return _NUMBER.sub(masked, text)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _withheld(name: str) -> bool:
    return name in WITHHELD_PARAMS or name.startswith(WITHHELD_PREFIXES)


def _param(name: str, value: Any) -> ShownField:
    text = _text(value)
    if _withheld(name):
        return ShownField(name, "", withheld=len(text))
    if name in PHONE_PARAMS:
        return ShownField(name, mask_address(text))
    return ShownField(name, mask_numbers(text)[:MAX_SHOWN_CHARS])


def shown_request(request: dict[str, Any]) -> list[ShownField]:
    """A stored request as a list a person may read: the webhook's parameters (by name, each value of a repeated
    one on its own line), then the record's own fields.  Phone numbers are masked, message bodies and anything
    unreadable withheld (only their length is given), long digit runs elsewhere masked."""
    shown: list[ShownField] = []
    params = request.get("params")
    if isinstance(params, dict):
        for name in sorted(params, key=lambda n: (str(n).lower(), str(n))):
            values = params[name]
            for value in values if isinstance(values, list) else [values]:
                shown.append(_param(str(name), value))
    elif params is not None:  # not a form: nothing is known of what it holds
        shown.append(ShownField("params", "", withheld=len(_text(params)), part="record"))
    for name in sorted(str(n) for n in request if n not in ("kind", "params")):
        text = _text(request[name])
        if name in PLAIN_FIELDS:
            shown.append(ShownField(name, mask_numbers(text)[:MAX_SHOWN_CHARS], part="record"))
        else:
            shown.append(ShownField(name, "", withheld=len(text), part="record"))
    return shown


def _secrets(request: dict[str, Any]) -> list[tuple[str, str]]:
    """Values of ``request`` an error text may quote, each with what to show instead (longest first)."""
    found: list[tuple[str, str]] = []
    params = request.get("params")
    if isinstance(params, dict):
        for name, values in params.items():
            for value in values if isinstance(values, list) else [values]:
                text = _text(value)
                if _withheld(str(name)):
                    found.append((text, "…"))
                elif name in PHONE_PARAMS:
                    found.append((text, mask_address(text)))
    for name in WITHHELD_FIELDS:
        if name in request:
            found.append((_text(request[name]), "…"))
    return sorted((pair for pair in found if len(pair[0]) >= 3), key=lambda pair: -len(pair[0]))


def masked_error(request: dict[str, Any], error: str) -> str:
    """``error`` with whatever it quotes of ``request`` masked as :func:`shown_request` does."""
    for secret, instead in _secrets(request):
        error = error.replace(secret, instead)
    return mask_numbers(error)


def shown_error(letter: DeadLetter) -> str:
    """The error of a dead letter as a person may see it (see :func:`masked_error`)."""
    return masked_error(letter.request, letter.error)
