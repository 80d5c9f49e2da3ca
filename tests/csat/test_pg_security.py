"""On PostgreSQL the database itself keeps agents from changing survey settings or writing surveys."""

from __future__ import annotations

import pytest

from tests.security.conftest import INSUFFICIENT_PRIVILEGE, SecuredDatabase, run_refused, run_rolled_back, secured

pytestmark = pytest.mark.postgres
__all__ = ["secured"]  # the security tests' seeded database, with a login per role


def test_an_agent_cannot_change_or_add_survey_settings(secured: SecuredDatabase) -> None:
    agent = secured.login_engine("agent01")
    assert run_rolled_back(agent, "SELECT count(*) FROM csat_setting")  # reading is allowed
    assert run_refused(agent, "UPDATE csat_setting SET sample_pct = 100") == INSUFFICIENT_PRIVILEGE
    queue = "(SELECT min(id) FROM call_queue)"
    assert run_refused(agent, f"INSERT INTO csat_setting (queue_id) VALUES ({queue})") == INSUFFICIENT_PRIVILEGE


def test_a_supervisor_can_and_nobody_at_a_desk_writes_surveys(secured: SecuredDatabase) -> None:
    supervisor = secured.login_engine("super01")
    queue = "(SELECT min(id) FROM call_queue)"
    sql = f"INSERT INTO csat_setting (queue_id, enabled) VALUES ({queue}, true) ON CONFLICT (queue_id) DO NOTHING"
    assert run_rolled_back(supervisor, sql) in (0, 1)
    for username in ("agent01", "super01"):
        engine = secured.login_engine(username)
        assert run_refused(engine, "UPDATE csat_survey SET score = 5") == INSUFFICIENT_PRIVILEGE
