"""The survey job as the gateway and the embedded desktop run it (one of the standard jobs)."""

from __future__ import annotations

import datetime as dt

from db.write import utcnow
from gateway.standard_jobs import CSAT_SURVEYS, standard_jobs
from services.config import Settings

from .world import CsatWorld


def test_the_survey_job_is_a_standard_job_and_surveys_a_call_just_ended(cw: CsatWorld) -> None:
    jobs = {job.name: job for job in standard_jobs(cw.engine, Settings(), escalation_scan=0)}
    job = jobs[CSAT_SURVEYS]
    assert job.claim  # one gateway at a time; the unique survey per call makes a second run harmless anyway
    cw.set_rules(quiet_start="00:00", quiet_end="00:00")  # whatever the hour of the run
    call = cw.call(cw.bank.zhang, ended=utcnow() - dt.timedelta(minutes=1))
    assert job.run() == {"surveys": 1, "skipped": 0, "sent": 1, "expired": 0}
    assert job.run() == {"surveys": 0, "skipped": 0, "sent": 0, "expired": 0}
    assert cw.survey(call).status == "sent"
