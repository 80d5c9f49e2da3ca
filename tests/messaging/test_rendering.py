"""Template rendering: filters, errors with line numbers, the sandbox, sizes; the SMS segment counter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.messaging import (
    InvalidInput,
    Renderer,
    TemplateProblem,
    TemplateSource,
    count_segments,
)
from services.messaging.starters import starter_drafts, starter_files

R = Renderer("Asia/Shanghai")
DEPOSIT = {"customer_name": "text", "honorific": "text", "deposit_amount": "money", "maturity_date": "date"}


def sms(body: str, locale: str = "zh_CN", **variables: str) -> TemplateSource:
    return TemplateSource("sms", locale, body, variables=variables or DEPOSIT)


def problem(source: TemplateSource, values: dict[str, object] | None = None) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        R.render(source, values or {})
    return caught.value


def test_chinese_and_english_filters() -> None:
    body = (
        "尊敬的{{ customer_name }}{{ honorific }}：您的存款{{ deposit_amount|cny }}"
        "将于{{ maturity_date|date }}（{{ maturity_date|weekday }}）到期。"
    )
    values = {
        "customer_name": "张伟",
        "honorific": "先生",
        "deposit_amount": "1234567.5",
        "maturity_date": "2026-03-05",
    }
    assert R.render(sms(body), values).text == "尊敬的张伟先生：您的存款1,234,567.50元将于2026年3月5日（星期四）到期。"
    english = sms("{{ deposit_amount|cny }} on {{ maturity_date|date }} ({{ maturity_date|weekday }})", "en")
    assert R.render(english, values).text == "CNY 1,234,567.50 on 5 March 2026 (Thursday)"


def test_datetimes_are_shown_in_the_bank_zone() -> None:
    source = sms("{{ t|datetime }} / {{ t|en_datetime }} / {{ t|time }}", t="datetime")
    utc = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)  # 07:30 on the 6th in Shanghai
    assert R.render(source, {"t": utc}).text == "2026年3月6日 07:30 / 6 March 2026, 07:30 / 07:30"
    typed = R.render(source, {"t": "2026-03-06 14:05"})  # typed by a person: local time
    assert typed.text == "2026年3月6日 14:05 / 6 March 2026, 14:05 / 14:05"


def test_syntax_error_names_the_line() -> None:
    found = problem(sms("第一行\n第二行 {{ customer_name \n第三行"))
    assert found.kind == "syntax" and found.line in (2, 3)
    assert "行" in found.zh and "line" in found.en


def test_unknown_variable_names_the_line() -> None:
    found = problem(sms("尊敬的客户：\n\n您好 {{ customer_nmae }}"), {"customer_name": "张伟"})
    assert (found.kind, found.line) == ("unknown", 3)
    assert "customer_nmae" in found.zh and "customer_nmae" in found.en


def test_missing_value_names_the_variable_and_line() -> None:
    found = problem(sms("{{ customer_name }}\n您的存款{{ deposit_amount|cny }}"), {"customer_name": "张伟"})
    assert (found.kind, found.line) == ("missing", 2)
    assert "deposit_amount" in found.en


def test_values_of_the_wrong_type_are_refused_with_the_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        R.render(sms("{{ deposit_amount|cny }}"), {"deposit_amount": "五万元"})
    assert "存款金额" in caught.value.zh and "deposit amount" in caught.value.en


@pytest.mark.parametrize(
    "payload",
    [
        "{{ customer_name.__class__.__mro__[1].__subclasses__() }}",
        "{{ customer_name.__class__ }}",
        "{{ ''.__class__.__base__ }}",
        "{{ customer_name.format.__globals__ }}",
        "{{ range.__globals__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__ }}",
        "{{ config }}",
        "{{ request }}",
        "{{ 'a' * 100000000 }}",
        "{{ 9 ** 9999999 }}",
        "{% for i in range(10000000) %}x{% endfor %}",
        "{% for i in range(999) %}{% for j in range(999) %}{{ 'xxxxxxxxxx' }}{% endfor %}{% endfor %}",
        "{{ customer_name.mro() }}",
    ],
)
def test_templates_cannot_reach_python_internals(payload: str) -> None:
    source = sms(f"第一行\n{payload}", customer_name="text")
    found = problem(source, {"customer_name": "张伟"})
    assert found.kind in ("security", "unknown", "size", "missing", "render"), found
    assert found.line == 2 or found.kind == "size"


def test_templates_cannot_change_their_values() -> None:
    source = sms("{{ items.append(1) }}{{ items }}", items="text")
    found = problem(source, {"items": "x"})
    assert found.kind in ("security", "render", "missing")  # a declared value is text: nothing to mutate


def test_a_50_kb_body_is_refused_before_rendering() -> None:
    source = TemplateSource("email", "zh_CN", "正文", subject="主题", body_html="<p>" + "长" * 50_000 + "</p>")
    found = R.problems(source)
    assert [(p.part, p.kind) for p in found] == [("html", "size")]


def test_html_part_escapes_values_and_text_part_does_not() -> None:
    source = TemplateSource(
        "email",
        "en",
        "Hi {{ name }}",
        subject="For {{ name }}",
        body_html="<p>Hi {{ name }}</p>",
        variables={"name": "text"},
    )
    out = R.render(source, {"name": "<b>Tom & Jerry</b>"})
    assert out.html == "<p>Hi &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</p>"
    assert out.text == "Hi <b>Tom & Jerry</b>" and out.subject == "For <b>Tom & Jerry</b>"


def test_an_sms_over_ten_segments_is_refused() -> None:
    found = problem(sms("{{ customer_name }}" + "长" * 700, customer_name="text"), {"customer_name": "张"})
    assert found.kind == "size" and "segments" in found.en


SAMPLES_BY_TYPE: dict[str, object] = {
    "text": "示例",
    "money": Decimal("200"),
    "int": 30,
    "date": dt.date(2026, 4, 9),
    "datetime": dt.datetime(2026, 3, 25, 9, 30, tzinfo=dt.UTC),
}


def test_every_starter_template_renders_in_both_languages() -> None:
    values = {
        "customer_name": "张伟",
        "honorific": "先生",
        "surname": "张",
        "bank_name": "示范银行",
        "deposit_amount": Decimal("50000"),
        "maturity_date": dt.date(2026, 3, 25),
        "account_tail": "5678",
        "branch_name": "徐汇支行",
        "branch_address": "漕溪北路8号",
        "ticket_number": "TS1",
        "resolution": "已退还年费",
        "deadline": dt.datetime(2026, 3, 25, 9, 30, tzinfo=dt.UTC),
        "holiday_name": "春节",
        "appointment_time": "2026-03-12 10:00",
        "card_tail": "6222000012345678",
        "offer_title": "新春理财",
        "offer_rate": "2.35%",
        "offer_end": "2026-04-30",
    }
    drafts = list(starter_drafts())
    assert len(drafts) == len(starter_files()) * 2 * 2  # SMS and e-mail, Chinese and English
    assert {d.code.rsplit("_", 1)[0] for d in drafts} >= {
        "deposit_maturity",
        "birthday_greeting",
        "holiday_care",
        "complaint_acknowledgement",
        "complaint_resolution",
        "appointment_confirmation",
        "card_loss_confirmation",
        "marketing_offer",
        "queue_number",
        "queue_near_turn",
    }
    for d in drafts:
        source = TemplateSource(d.channel, d.locale, d.body_text, d.subject, d.body_html, d.variables)
        assert R.problems(source) == [], d.code
        filled = {name: values.get(name, SAMPLES_BY_TYPE[kind]) for name, kind in d.variables.items()}
        out = R.render(source, filled)
        assert "{" not in out.text and out.text.strip()
        if d.channel == "sms":
            assert out.segments is not None and out.segments.segments >= 1, (d.code, d.locale)
            if d.purpose == "marketing":
                assert "TD" in out.text or "STOP" in out.text
        else:
            assert out.subject and out.html and "<p>" in out.html


@pytest.mark.parametrize(
    ("text", "encoding", "length", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters take two septets
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 164, 2),
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3),  # the escape pair is not split: 152 + (2 + 151) + 1
        ("中" * 70, "UCS-2", 70, 1),
        ("中" * 71, "UCS-2", 71, 2),
        ("中" * 134, "UCS-2", 134, 2),
        ("中" * 135, "UCS-2", 135, 3),
        ("a" * 159 + "中", "UCS-2", 160, 3),  # one Chinese character makes the whole message UCS-2
        ("😀" * 35, "UCS-2", 70, 1),  # outside the BMP: two UTF-16 units each
        ("😀" * 34 + "a", "UCS-2", 69, 1),
        ("a" + "😀" * 34, "UCS-2", 69, 1),
        ("a" * 66 + "😀" + "a" * 5, "UCS-2", 73, 2),
    ],
)
def test_segment_counter(text: str, encoding: str, length: int, segments: int) -> None:
    info = count_segments(text)
    assert (info.encoding, info.length, info.segments) == (encoding, length, segments)
    if segments > 1:
        assert info.per_segment == (153 if encoding == "GSM-7" else 67)
