"""Changing a queue's survey settings: supervisors only, checked values, no silent overwrite, audited."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from db.models import AuditLog
from services.audit import AuditTrail
from services.csat.rules import InvalidRules
from services.csat.settings import CsatSettingsService, StaleRules, install_demo_settings
from services.permissions import PermissionDenied

from .world import CsatWorld


def test_a_supervisor_changes_a_queues_rules_and_it_is_audited(cw: CsatWorld) -> None:
    service = CsatSettingsService(cw.engine, AuditTrail())
    queues, codes = service.queues(cw.bank.author_p)
    assert "call_survey_sms" in codes
    (general,) = queues
    assert general.rules.enabled and general.rules.version == 1
    saved = service.save(cw.bank.author_p, dataclasses.replace(general.rules, sample_pct=15, low_score=3))
    assert (saved.sample_pct, saved.low_score, saved.version) == (15, 3, 2)
    with pytest.raises(StaleRules):  # saved from the old version: someone else's change would be lost
        service.save(cw.bank.approver_p, dataclasses.replace(general.rules, sample_pct=90))
    with cw.engine.connect() as conn:
        actions = conn.execute(select(AuditLog.action).where(AuditLog.action == "csat_configure")).scalars().all()
    assert actions == ["csat_configure"]


def test_an_agent_is_refused_and_bad_values_change_nothing(cw: CsatWorld) -> None:
    service = CsatSettingsService(cw.engine, AuditTrail())
    with pytest.raises(PermissionDenied):
        service.queues(cw.bank.agent_p)
    rules = service.queues(cw.bank.author_p)[0][0].rules
    with pytest.raises(PermissionDenied):
        service.save(cw.bank.agent_p, dataclasses.replace(rules, sample_pct=100))
    with pytest.raises(InvalidRules):
        service.save(cw.bank.author_p, dataclasses.replace(rules, quiet_end="8h"))
    with pytest.raises(InvalidRules):
        service.save(cw.bank.author_p, dataclasses.replace(rules, template_code="marketing_offer_sms"))
    assert service.queues(cw.bank.author_p)[0][0].rules == rules


def test_the_demo_turns_surveys_on_for_queues_without_settings(cw: CsatWorld) -> None:
    from sqlalchemy import insert

    from db.models import CallQueue

    with cw.engine.begin() as conn:
        conn.execute(insert(CallQueue).values(name="vip", label_zh="贵宾", label_en="VIP", skills=[]))
    assert install_demo_settings(cw.engine) == 1
    assert install_demo_settings(cw.engine) == 0
