"""A supervisor changes a queue's wallboard rules: checked, versioned and audited on both databases, and on
PostgreSQL only through the database's own function (the supervisor's login cannot update the row itself)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine, select, text

from db.models import AuditLog, CallQueue
from services.permissions import PermissionDenied, Principal
from services.wallboard.queue_settings import QueueRulesError, QueueRulesStale, QueueSettingsService
from services.wallboard.snapshot import read_queues
from services.wallboard.types import QueueRules
from tests.security.conftest import INSUFFICIENT_PRIVILEGE, SecuredDatabase, run_refused, secured  # noqa: F401

from .world import Floor

SUPERVISOR = Principal(user_id=4, username="dai", role="supervisor", team_id=2, workstation="ws-dai")
AGENT = Principal(user_id=1, username="ann", role="agent", team_id=1, workstation="ws-ann")
NEW = QueueRules(sl_threshold_s=30, sl_target_pct=90, short_abandon_s=8, abandon_rule="count_all", day_reset="06:30",
                 warn_waiting=3, crit_waiting=6, warn_wait_s=45, crit_wait_s=120)  # fmt: skip


def _row(service: QueueSettingsService, queue_id: int) -> tuple[int, QueueRules]:
    row = next(r for r in service.queues() if r.queue_id == queue_id)
    return row.version, row.rules


def test_a_supervisor_saves_rules_the_aggregator_reads_and_the_audit_names(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    service = QueueSettingsService(engine, SUPERVISOR)
    queue = world.queues["general"]
    version, before = _row(service, queue)
    assert before == QueueRules()  # the defaults of migration 0015
    new_version = service.save(queue, version, NEW)
    assert new_version == version + 1
    assert _row(service, queue) == (new_version, NEW)
    with engine.connect() as conn:
        assert next(q for q in read_queues(conn) if q[0] == queue)[5] == NEW
        audit = conn.execute(select(AuditLog).where(AuditLog.action == "queue_rules")).one()
    assert audit.entity_id == str(queue)
    assert '"abandon_rule":"count_all"' in audit.detail and '"day_reset":"06:30"' in audit.detail


def test_the_second_of_two_saves_from_one_reading_is_refused_and_changes_nothing(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    service = QueueSettingsService(engine, SUPERVISOR)
    queue = world.queues["vip"]
    version, _ = _row(service, queue)
    service.save(queue, version, NEW)
    with pytest.raises(QueueRulesStale):
        service.save(queue, version, dataclasses.replace(NEW, sl_target_pct=50))
    assert _row(service, queue) == (version + 1, NEW)


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"sl_threshold_s": 0}, "sl_threshold_s"),
        ({"sl_target_pct": 101}, "sl_target_pct"),
        ({"abandon_rule": "sometimes"}, "abandon"),
        ({"day_reset": "25:00"}, "HH:MM"),
        ({"day_reset": "6:30"}, "HH:MM"),
        ({"warn_waiting": 8, "crit_waiting": 4}, "waiting"),
        ({"warn_wait_s": 200, "crit_wait_s": 100}, "longest wait"),
        ({"short_abandon_s": 30, "sl_threshold_s": 30, "abandon_rule": "exclude_short"}, "short-abandon"),
    ],
)
def test_rules_that_make_no_sense_are_refused_with_a_reason_and_change_nothing(
    floor: tuple[Engine, Floor], change: dict[str, object], word: str
) -> None:
    engine, world = floor
    service = QueueSettingsService(engine, SUPERVISOR)
    queue = world.queues["general"]
    version, before = _row(service, queue)
    with pytest.raises(QueueRulesError) as refused:
        service.save(queue, version, dataclasses.replace(NEW, **change))  # type: ignore[arg-type]
    assert word in refused.value.en and refused.value.zh
    assert _row(service, queue) == (version, before)


def test_an_agent_may_not_change_rules_and_the_refusal_is_audited(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    queue = world.queues["general"]
    version, _ = _row(QueueSettingsService(engine, SUPERVISOR), queue)
    with pytest.raises(PermissionDenied):
        QueueSettingsService(engine, AGENT).save(queue, version, NEW)
    with engine.connect() as conn:
        denied = conn.execute(select(AuditLog.detail).where(AuditLog.action == "permission_denied")).scalars().all()
        assert any("queue.configure" in d for d in denied)
        assert conn.execute(select(CallQueue.sl_target_pct).where(CallQueue.id == queue)).scalar_one() == 80


@pytest.mark.postgres
def test_on_postgresql_only_the_function_changes_rules_and_only_for_supervisors(secured: SecuredDatabase) -> None:  # noqa: F811
    supervisor = secured.principal("super01")
    engine = secured.login_engine("super01")
    service = QueueSettingsService(engine, dataclasses.replace(supervisor, workstation="ws-super"))
    row = service.queues()[0]
    service.save(row.queue_id, row.version, NEW)
    with secured.owner.connect() as conn:
        saved = conn.execute(
            text("SELECT sl_target_pct, abandon_rule, day_reset, version FROM call_queue WHERE id = :q"),
            {"q": row.queue_id},
        ).one()
        audit = conn.execute(
            text("SELECT username, workstation FROM audit_log WHERE action = 'queue_rules' ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(saved) == (90, "count_all", "06:30", row.version + 1)
    assert tuple(audit) == ("super01", "ws-super")
    # The supervisor's own login cannot write the row around the function, nor bypass its checks.
    assert run_refused(engine, "UPDATE call_queue SET sl_target_pct = 10 WHERE id = :q", {"q": row.queue_id}) == (
        INSUFFICIENT_PRIVILEGE
    )
    bad = "SELECT cd_queue_rules_set(CAST(:q AS bigint), :v, 0, 80, 5, 'exclude_short', '00:00', 5, 10, 60, 180, 'x')"
    assert run_refused(engine, bad, {"q": row.queue_id, "v": row.version + 1}) == "22023"
    # An agent's login may not run it at all.
    call = "SELECT cd_queue_rules_set(CAST(:q AS bigint), :v, 20, 80, 5, 'exclude_short', '00:00', 5, 10, 60, 180, 'x')"
    agent = secured.login_engine("agent01")
    assert run_refused(agent, call, {"q": row.queue_id, "v": row.version + 1}) == INSUFFICIENT_PRIVILEGE
