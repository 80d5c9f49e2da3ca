"""Each queue's survey settings: read by everyone who configures or reports, changed with ``csat.configure``.

A queue without a row has surveys off (the defaults of :class:`~.rules.SurveyRules`).  Saving is guarded by
the row's version, so two supervisors editing one queue cannot silently overwrite each other; it is audited.
On PostgreSQL only the supervisors' and administrators' logins may write the table at all
(:mod:`db.pg_csat_security`), whatever a desktop does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from db.models import CallQueue, CsatSetting, MessageTemplate
from db.models.base import utcnow
from db.write import write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize

from .rules import InvalidRules, SurveyRules

PERMISSION = "csat.configure"
_SETTING: Table = CsatSetting.__table__  # type: ignore[assignment]
DEMO_RULES = {"enabled": True, "sample_pct": 30, "min_gap_days": 7}


class StaleRules(InvalidRules):
    """Someone else saved the queue's settings since they were read."""


@dataclass(frozen=True)
class QueueSurvey:
    """A queue's name and its survey rules, as the settings dialog lists them."""

    queue_id: int
    label_zh: str
    label_en: str
    rules: SurveyRules


def _rules(row: Any, queue_id: int) -> SurveyRules:
    if row is None or row.queue_id is None:
        return SurveyRules(queue_id=queue_id)
    return SurveyRules(
        queue_id=int(row.queue_id),
        enabled=bool(row.enabled),
        sample_pct=int(row.sample_pct),
        template_code=str(row.template_code),
        quiet_start=str(row.quiet_start),
        quiet_end=str(row.quiet_end),
        min_gap_days=int(row.min_gap_days),
        low_score=int(row.low_score),
        version=int(row.version),
    )


def enabled_rules(conn: Connection) -> dict[int, SurveyRules]:
    """The rules of every queue with surveys on, by queue id."""
    rows = conn.execute(select(_SETTING).where(_SETTING.c.enabled.is_(True))).all()
    return {int(r.queue_id): _rules(r, int(r.queue_id)) for r in rows}


def rules_for(conn: Connection, queue_id: int) -> SurveyRules:
    return _rules(conn.execute(select(_SETTING).where(_SETTING.c.queue_id == queue_id)).first(), queue_id)


def sms_template_codes(conn: Connection) -> list[str]:
    """Codes of the approved SMS service templates a survey may use."""
    rows = conn.execute(
        select(MessageTemplate.code)
        .where(
            MessageTemplate.channel == "sms",
            MessageTemplate.status == "approved",
            MessageTemplate.purpose == "service",
        )
        .distinct()
        .order_by(MessageTemplate.code)
    )
    return [str(code) for (code,) in rows]


class CsatSettingsService:
    """The settings dialog's reads and its one write."""

    def __init__(self, engine: Engine, audit: AuditTrail, *, clock: Callable[[], Any] = utcnow) -> None:
        self._engine = engine
        self._audit = audit
        self._clock = clock

    def queues(self, principal: Principal) -> tuple[list[QueueSurvey], list[str]]:
        """Every queue with its rules, and the SMS template codes to choose from."""
        with self._engine.connect() as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit)
            rows = conn.execute(
                select(CallQueue.id, CallQueue.label_zh, CallQueue.label_en, _SETTING)
                .outerjoin(_SETTING, _SETTING.c.queue_id == CallQueue.id)
                .order_by(CallQueue.id)
            ).all()
            out = [QueueSurvey(int(r.id), r.label_zh, r.label_en, _rules(r, int(r.id))) for r in rows]
            return out, sms_template_codes(conn)

    def save(self, principal: Principal, rules: SurveyRules) -> SurveyRules:
        """Save one queue's rules (``rules.version``: the version read; 0 for a queue without a row).

        Raises:
            PermissionDenied: the role lacks ``csat.configure``.
            InvalidRules: a value out of range, an unknown template, or (StaleRules) a newer save exists.
        """
        rules.check()
        with self._engine.connect() as conn:
            authorize(conn, principal, PERMISSION, audit=self._audit, entity="call_queue", entity_id=rules.queue_id)
        values = {k: v for k, v in asdict(rules).items() if k not in ("queue_id", "version")}
        now = self._clock()
        with write_txn(self._engine) as conn:
            if rules.template_code not in sms_template_codes(conn):
                raise InvalidRules(
                    f"模板“{rules.template_code}”不是已审批的短信服务模板。",
                    f"{rules.template_code!r} is not an approved SMS service template.",
                )
            stamp = {**values, "updated_at": now, "updated_by_id": principal.user_id}
            if rules.version == 0:
                exists = conn.execute(select(_SETTING.c.queue_id).where(_SETTING.c.queue_id == rules.queue_id)).first()
                if exists is not None:
                    raise StaleRules(_STALE_ZH, _STALE_EN)
                conn.execute(insert(_SETTING).values(queue_id=rules.queue_id, version=1, **stamp))
            else:
                changed = conn.execute(
                    update(_SETTING)
                    .where(_SETTING.c.queue_id == rules.queue_id, _SETTING.c.version == rules.version)
                    .values(version=rules.version + 1, **stamp)
                ).rowcount
                if changed != 1:
                    raise StaleRules(_STALE_ZH, _STALE_EN)
            self._audit.record(conn, principal, "csat_configure", "call_queue", rules.queue_id, values)
            return rules_for(conn, rules.queue_id)


_STALE_ZH = "该队列的回访设置已被他人修改，请重新打开后再保存。"
_STALE_EN = "Someone else changed this queue's survey settings; reopen them and save again."


def install_demo_settings(engine: Engine) -> int:
    """Turn surveys on for every queue without settings (the demo's defaults); returns how many were added."""
    with write_txn(engine) as conn:
        have = {int(q) for (q,) in conn.execute(select(_SETTING.c.queue_id))}
        missing = [int(q) for (q,) in conn.execute(select(CallQueue.id)) if int(q) not in have]
        for queue_id in missing:
            conn.execute(insert(_SETTING).values(queue_id=queue_id, version=1, **DEMO_RULES))
    return len(missing)
