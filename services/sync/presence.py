"""Who else is viewing or editing a customer or a ticket: "张伟 is viewing / editing".

Each desktop keeps one row per record it shows (:class:`~db.models.sync.Presence`), refreshed by
:meth:`PresenceService.heartbeat` every :data:`HEARTBEAT_SECONDS`; a row not refreshed for
:data:`TTL_SECONDS` (a crashed desktop, a pulled cable) no longer counts.  Arriving, leaving and switching
between viewing and editing append a ``presence`` change-feed row, so the other desktops' banners change
within the live-sync latency; heartbeats write no feed rows (they only move ``expires_at``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, and_, delete, select, update

from db import feed
from db.models.base import as_utc, utcnow
from db.models.sync import Presence
from db.write import upsert, write_txn
from services.permissions import Principal

HEARTBEAT_SECONDS = 10.0
TTL_SECONDS = 30.0
MODES = ("viewing", "editing")
ENTITIES = ("customer", "ticket")


def topic(entity: str, entity_id: int | str) -> str:
    """The feed's ``entity_id`` of presence rows for one record, e.g. ``customer:42``."""
    return f"{entity}:{entity_id}"


@dataclass(frozen=True)
class Present:
    """Someone else at a record."""

    user_id: int
    display_name: str
    workstation: str
    mode: str
    since: dt.datetime

    @property
    def editing(self) -> bool:
        return self.mode == "editing"


class PresenceService:
    """This desktop's presence (synchronous; call it on a worker thread).

    Args:
        engine: the shared database.
        principal: who sits at this desktop.
        desk: tells this running desktop from others (default: random per instance).
        ttl: seconds a row stays valid without a heartbeat.
        clock: current time (aware).
    """

    def __init__(
        self,
        engine: Engine,
        principal: Principal,
        *,
        desk: str | None = None,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._engine = engine
        self._principal = principal
        self.desk = desk or secrets.token_hex(8)
        self._ttl = dt.timedelta(seconds=ttl)
        self._clock = clock
        self._here: dict[tuple[str, str], str] = {}  # (entity, id) -> mode, as last written

    def enter(self, entity: str, entity_id: int | str, mode: str = "viewing") -> None:
        """This desktop shows (``viewing``) or edits (``editing``) a record."""
        if entity not in ENTITIES or mode not in MODES:
            raise ValueError(f"presence: unknown entity or mode {entity!r}/{mode!r}")
        key = (entity, str(entity_id))
        now = self._clock()
        p = self._principal
        with write_txn(self._engine) as conn:
            upsert(
                conn,
                Presence.__table__,  # type: ignore[arg-type]
                {
                    "entity": entity,
                    "entity_id": key[1],
                    "desk": self.desk,
                    "user_id": p.user_id,
                    "display_name": (p.display_name or p.username)[:64],
                    "workstation": (p.workstation or "")[:64],
                    "mode": mode,
                    "since": now,
                    "expires_at": now + self._ttl,
                },
                ["entity", "entity_id", "desk"],
            )
            if self._here.get(key) != mode:
                feed.append(conn, "presence", topic(*key), mode, actor_id=p.user_id)
        self._here[key] = mode

    def leave(self, entity: str, entity_id: int | str) -> None:
        """This desktop no longer shows the record."""
        key = (entity, str(entity_id))
        with write_txn(self._engine) as conn:
            gone = conn.execute(
                delete(Presence).where(
                    Presence.entity == entity, Presence.entity_id == key[1], Presence.desk == self.desk
                )
            ).rowcount
            if gone:
                feed.append(conn, "presence", topic(*key), "leave", actor_id=self._principal.user_id)
        self._here.pop(key, None)

    def leave_all(self) -> None:
        """Sign-out or closing: leave every record at once."""
        for entity, entity_id in list(self._here):
            self.leave(entity, entity_id)

    def heartbeat(self) -> int:
        """Keep this desktop's rows alive; returns how many rows it has.

        A row that vanished (swept while this desktop was offline) is written again.
        """
        if not self._here:
            return 0
        now = self._clock()
        with write_txn(self._engine) as conn:
            refreshed = conn.execute(
                update(Presence).where(Presence.desk == self.desk).values(expires_at=now + self._ttl)
            ).rowcount
        if refreshed < len(self._here):
            for (entity, entity_id), mode in list(self._here.items()):
                self._here.pop((entity, entity_id))
                self.enter(entity, entity_id, mode)
        return len(self._here)

    def others(self, entity: str, entity_id: int | str) -> list[Present]:
        """Other desktops at the record now (editing first, then by arrival)."""
        now = self._clock()
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(Presence.user_id, Presence.display_name, Presence.workstation, Presence.mode, Presence.since)
                .where(
                    and_(
                        Presence.entity == entity,
                        Presence.entity_id == str(entity_id),
                        Presence.expires_at > now,
                        Presence.desk != self.desk,
                        # One open session per user: a row of this user on another desk is a stale one
                        # (a desktop that ended without leaving), not a colleague.
                        Presence.user_id != self._principal.user_id,
                    )
                )
                .order_by(Presence.since)
            ).all()
        people = [Present(r.user_id, r.display_name, r.workstation, r.mode, as_utc(r.since) or now) for r in rows]
        return sorted(people, key=lambda one: (not one.editing, one.since))

    def sweep(self) -> int:
        """Delete rows that expired (any desktop may do it now and then); returns how many."""
        with write_txn(self._engine) as conn:
            return int(conn.execute(delete(Presence).where(Presence.expires_at <= self._clock())).rowcount)
