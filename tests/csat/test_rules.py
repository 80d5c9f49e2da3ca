"""The pure survey decisions: deterministic sampling at its rate, quiet hours, and reading a score."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from services.csat.rules import InvalidRules, SurveyRules, parse_score, quiet_until, sampled

ZONE = ZoneInfo("Asia/Shanghai")


def test_sampling_is_the_same_every_time_and_close_to_the_rate() -> None:
    first = [sampled(call_id, 20) for call_id in range(1, 10_001)]
    assert first == [sampled(call_id, 20) for call_id in range(1, 10_001)]
    assert 1_900 <= sum(first) <= 2_100
    assert not any(sampled(i, 0) for i in range(1, 1000)) and all(sampled(i, 100) for i in range(1, 1000))
    # A call in the 20 % sample is in every larger sample: raising the rate never drops a chosen call.
    assert all(sampled(i, 50) for i in range(1, 2000) if sampled(i, 20))


def local(hour: int, minute: int = 0, day: int = 7) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("at", "until"),
    [
        (local(20, 59), None),
        (local(21, 0), local(8, 0, day=8)),
        (local(23, 30), local(8, 0, day=8)),
        (local(3, 0), local(8, 0)),
        (local(8, 0), None),
        (local(12, 0), None),
    ],
)
def test_quiet_hours_across_midnight(at: dt.datetime, until: dt.datetime | None) -> None:
    found = quiet_until(SurveyRules(queue_id=1), at.astimezone(dt.UTC), ZONE)
    assert found == (until.astimezone(dt.UTC) if until else None)


def test_quiet_hours_within_a_day_and_none() -> None:
    lunch = SurveyRules(queue_id=1, quiet_start="12:00", quiet_end="13:30")
    assert quiet_until(lunch, local(12, 10), ZONE) == local(13, 30).astimezone(dt.UTC)
    assert quiet_until(lunch, local(14, 0), ZONE) is None
    assert quiet_until(SurveyRules(queue_id=1, quiet_start="00:00", quiet_end="00:00"), local(3), ZONE) is None


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("5", 5),
        (" 1 ", 1),
        ("３", 3),
        ("4分", 4),
        ("５星", 5),
        ("二", 2),
        ("五", 5),
        ("非常满意", 5),
        ("满意", 4),
        ("一般", 3),
        ("不满意", 2),
        ("非常不满意", 1),
        ("我很满意！", 5),
        ("good", 4),
        ("Very good", 5),
        ("BAD", 2),
        ("ok", 3),
        ("hello", None),
        ("3 or 4", None),
        ("0", None),
        ("6", None),
        ("10", None),
        ("请给我回电话", None),
        ("我的卡号是6222000011115678", None),
        ("5" + "很" * 50, None),
    ],
)
def test_reading_a_score(text: str, score: int | None) -> None:
    assert parse_score(text) == score


@pytest.mark.parametrize(
    ("field", "value"),
    [("sample_pct", 101), ("sample_pct", -1), ("quiet_start", "25:00"), ("quiet_end", "8:00"),
     ("min_gap_days", 400), ("low_score", 5), ("template_code", "")],
)  # fmt: skip
def test_rules_out_of_range_are_refused_in_both_languages(field: str, value: object) -> None:
    with pytest.raises(InvalidRules) as caught:
        SurveyRules(queue_id=1, **{field: value}).check()  # type: ignore[arg-type]
    assert caught.value.zh and caught.value.en
