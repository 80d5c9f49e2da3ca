"""Campaigns: a segment, an approved template and a time; queued, paced, pausable, reported.

Life of a campaign: ``draft`` → :meth:`Campaigns.start` queues one outbox row per customer of the segment
(``campaign:<id>:<customer>`` keys, in batches of :data:`BATCH`, each batch its own transaction, so a start
interrupted half way is simply started again) and moves it to ``running`` → ``paused`` ⇄ ``running`` →
``cancelled``; it is finished when nothing is left to send.  Customers who refused the channel, gave no
marketing consent or have no usable address get a ``skipped`` row with the reason, for the report.  Marketing
rows carry ``not_before`` (the scheduled time, moved past the quiet hours); the sender paces them and checks
the quiet hours again when it sends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, update

from db import feed
from db.models import Campaign, OutboxMessage
from db.write import write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize, customer_scope

from . import audiences, policy
from . import templates as tpl
from .compose import Composer, Prepared
from .errors import Conflict, InvalidInput, NotAllowed, NotFound
from .outbox import enqueue_many

BATCH = 5000
SAMPLES = 3
_C: Table = Campaign.__table__  # type: ignore[assignment]
_O: Table = OutboxMessage.__table__  # type: ignore[assignment]
LEFT = ("pending", "paused", "sending", "unknown")


@dataclass(frozen=True)
class CampaignPreview:
    """How many customers the segment holds, how many would be sent to, and sample renderings."""

    matched: int
    sendable: int
    skipped: dict[str, int]
    samples: list[Prepared]
    not_before: dt.datetime | None


@dataclass(frozen=True)
class CampaignReport:
    """Progress and outcome: counts by state, skips by reason."""

    id: int
    name: str
    status: str
    version: int
    total: int
    by_status: dict[str, int]
    skipped: dict[str, int] = field(default_factory=dict)

    def count(self, *states: str) -> int:
        return sum(self.by_status.get(s, 0) for s in states)

    @property
    def sent(self) -> int:
        """Accepted by the provider (sent, delivered or not delivered later)."""
        return self.count("queued", "sent", "delivered", "undelivered")

    @property
    def delivered(self) -> int:
        return self.count("delivered")

    @property
    def failed(self) -> int:
        return self.count("failed", "undelivered")

    @property
    def skipped_opt_out(self) -> int:
        return self.skipped.get("opt_out", 0) + self.skipped.get("no_consent", 0)

    @property
    def remaining(self) -> int:
        return self.count(*LEFT)

    @property
    def finished(self) -> bool:
        return self.status in ("running", "cancelled") and self.remaining == 0 and self.total > 0


class Campaigns:
    """Campaign operations; each method takes a connection (or the engine, for :meth:`start`)."""

    def __init__(self, composer: Composer, audit: AuditTrail, clock: Callable[[], dt.datetime]) -> None:
        self.composer = composer
        self.audit = audit
        self.clock = clock

    def _today(self) -> dt.date:
        return self.clock().astimezone(self.composer.config.tz).date()

    def create(
        self,
        conn: Connection,
        who: Principal,
        name: str,
        template_id: int,
        segment_filter: Mapping[str, Any],
        scheduled_at: dt.datetime | None = None,
    ) -> int:
        """A campaign in ``draft``; the segment is checked now."""
        authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign")
        name = (name or "").strip()
        if not name or len(name) > 100:
            raise InvalidInput("请填写活动名称（最多 100 字）。", "Enter a campaign name (at most 100 characters).")
        template = tpl.get(conn, template_id)
        if template.status != "approved":
            raise NotAllowed("只能使用已审批的模板。", "Only an approved template can be used.")
        audiences.criteria(segment_filter, self._today())
        if scheduled_at is not None and scheduled_at.tzinfo is None:
            raise InvalidInput("发送时间须带时区。", "The scheduled time needs a time zone.")
        at = self.clock()
        new_id = conn.execute(
            insert(_C)
            .values(
                name=name,
                segment_filter=dict(segment_filter),
                template_id=template_id,
                scheduled_at=scheduled_at,
                status="draft",
                created_by_id=who.user_id,
                counts={},
                created_at=at,
                updated_at=at,
            )
            .returning(_C.c.id)
        ).scalar_one()
        feed.append(conn, "campaign", new_id, "created", actor_id=who.user_id)
        self.audit.record(conn, who, "campaign_create", "campaign", new_id, {"template_id": template_id})
        return int(new_id)

    def get(self, conn: Connection, campaign_id: int) -> Any:
        row = conn.execute(select(_C).where(_C.c.id == campaign_id)).first()
        if row is None:
            raise NotFound("营销活动不存在。", "The campaign does not exist.")
        return row

    def _members(self, conn: Connection, who: Principal, segment_filter: Mapping[str, Any]) -> list[tuple[int, str]]:
        query = audiences.members(segment_filter, self._today(), customer_scope(who))
        return [(int(cid), lang) for cid, lang in conn.execute(query)]

    def size(self, conn: Connection, who: Principal, segment_filter: Mapping[str, Any]) -> int:
        """How many customers (of those ``who`` may see) the segment holds: one count, nothing rendered."""
        authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign")
        query = audiences.members(segment_filter, self._today(), customer_scope(who)).order_by(None).subquery()
        return int(conn.execute(select(func.count()).select_from(query)).scalar_one())

    def preview(
        self,
        conn: Connection,
        who: Principal,
        template_id: int,
        segment_filter: Mapping[str, Any],
        fields: Mapping[str, Any] | None = None,
        scheduled_at: dt.datetime | None = None,
    ) -> CampaignPreview:
        """Count the segment and what would be skipped; render a few samples. Writes nothing."""
        authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign")
        template = tpl.get(conn, template_id)
        members = self._members(conn, who, segment_filter)
        at = max(scheduled_at or self.clock(), self.clock())
        skipped: dict[str, int] = {}
        samples: list[Prepared] = []
        for start in range(0, len(members), BATCH):
            chunk = dict(members[start : start + BATCH])
            for item in self.composer.prepare(conn, template, chunk, fields, at=at):
                if item.blocked:
                    skipped[item.blocked] = skipped.get(item.blocked, 0) + 1
                elif len(samples) < SAMPLES:
                    samples.append(item)
        sendable = len(members) - sum(skipped.values())
        return CampaignPreview(
            len(members),
            sendable,
            skipped,
            samples,
            policy.earliest_send(self.composer.config, template.purpose, at)
            or (scheduled_at if scheduled_at and scheduled_at > self.clock() else None),
        )

    def start(
        self,
        engine: Engine,
        who: Principal,
        campaign_id: int,
        version: int,
        fields: Mapping[str, Any] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> CampaignReport:
        """Queue the campaign's messages (batch by batch) and set it running; returns the report.

        ``version`` is the campaign row's version the supervisor saw.  A campaign left half-queued (status
        ``queuing``) by a crash can be started again with its current version: existing rows are kept.
        """
        with write_txn(engine) as conn:
            authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign", entity_id=campaign_id)
            row = self.get(conn, campaign_id)
            if row.status not in ("draft", "queuing"):
                raise NotAllowed("该活动已开始。", "This campaign has already started.")
            self._move(conn, campaign_id, version, "queuing")
            template = tpl.get(conn, row.template_id)
            members = self._members(conn, who, row.segment_filter)
        now = self.clock()
        at = max(row.scheduled_at or now, now)
        sender = self.composer.sender_for(template.channel)
        for start in range(0, len(members), BATCH):
            chunk = dict(members[start : start + BATCH])
            with write_txn(engine) as conn:
                if self.get(conn, campaign_id).status != "queuing":
                    break  # cancelled meanwhile
                prepared = self.composer.prepare(conn, template, chunk, fields, at=at)
                rows = []
                for item in prepared:
                    message = item.outgoing(
                        f"campaign:{campaign_id}:{item.customer_id}",
                        sender=sender,
                        created_by=who.user_id,
                        campaign_id=campaign_id,
                    )
                    if message.not_before is None and row.scheduled_at is not None and row.scheduled_at > now:
                        message.not_before = row.scheduled_at
                    rows.append(message)
                enqueue_many(conn, rows, now)
            if progress is not None:
                progress(min(start + BATCH, len(members)), len(members))
        with write_txn(engine) as conn:
            current = self.get(conn, campaign_id)
            if current.status != "queuing":
                return self.report(conn, campaign_id)
            self._move(conn, campaign_id, int(current.version), "running")
            feed.append(conn, "campaign", campaign_id, "started", actor_id=who.user_id, payload={"count": len(members)})
            self.audit.record(conn, who, "campaign_start", "campaign", campaign_id, {"count": len(members)})
        with engine.connect() as conn:
            return self.report(conn, campaign_id)

    def _move(self, conn: Connection, campaign_id: int, version: int, status: str) -> int:
        changed = conn.execute(
            update(_C)
            .where(_C.c.id == campaign_id, _C.c.version == version)
            .values(status=status, version=_C.c.version + 1, updated_at=self.clock())
        ).rowcount
        if not changed:
            raise Conflict()
        return version + 1

    def pause(self, conn: Connection, who: Principal, campaign_id: int, version: int) -> int:
        """Stop sending: rows still pending wait as ``paused``."""
        return self._switch(conn, who, campaign_id, version, ("running",), "paused", {"pending": "paused"})

    def resume(self, conn: Connection, who: Principal, campaign_id: int, version: int) -> int:
        return self._switch(conn, who, campaign_id, version, ("paused",), "running", {"paused": "pending"})

    def cancel(self, conn: Connection, who: Principal, campaign_id: int, version: int) -> int:
        """Withdraw everything not yet sent (messages already with the provider go on)."""
        return self._switch(
            conn,
            who,
            campaign_id,
            version,
            ("draft", "queuing", "running", "paused"),
            "cancelled",
            {"pending": "cancelled", "paused": "cancelled"},
        )

    def _switch(
        self,
        conn: Connection,
        who: Principal,
        campaign_id: int,
        version: int,
        allowed_from: tuple[str, ...],
        status: str,
        rows: dict[str, str],
    ) -> int:
        authorize(conn, who, "campaign.run", audit=self.audit, entity="campaign", entity_id=campaign_id)
        current = self.get(conn, campaign_id)
        if current.status not in allowed_from:
            raise NotAllowed(
                f"活动当前状态（{current.status}）不能执行此操作。",
                f"This cannot be done to a campaign that is {current.status}.",
            )
        new_version = self._move(conn, campaign_id, version, status)
        for old, new in rows.items():
            conn.execute(
                update(_O)
                .where(_O.c.campaign_id == campaign_id, _O.c.status == old)
                .values(status=new, version=_O.c.version + 1)
            )
        feed.append(conn, "campaign", campaign_id, status, actor_id=who.user_id)
        self.audit.record(conn, who, f"campaign_{status}"[:32], "campaign", campaign_id, None)
        return new_version

    def report(self, conn: Connection, campaign_id: int) -> CampaignReport:
        """Counts by state now (live progress while running, the report once finished)."""
        row = self.get(conn, campaign_id)
        by_status = {
            s: int(n)
            for s, n in conn.execute(
                select(_O.c.status, func.count()).where(_O.c.campaign_id == campaign_id).group_by(_O.c.status)
            )
        }
        skipped = {
            str(code): int(n)
            for code, n in conn.execute(
                select(_O.c.error_code, func.count())
                .where(_O.c.campaign_id == campaign_id, _O.c.status == "skipped")
                .group_by(_O.c.error_code)
            )
        }
        return CampaignReport(
            int(row.id), row.name, row.status, int(row.version), sum(by_status.values()), by_status, skipped
        )
