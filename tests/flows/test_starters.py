"""The seven starter flows: what the issue asks of each, valid, renderable, installed published by the seed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import FlowRule, ServiceFlow, User
from services.flows.choose import rules
from services.flows.conditions import TEXT_VARIABLES, compares, parse_condition
from services.flows.definition import FlowDefinition, Text
from services.flows.errors import FlowInvalid
from services.flows.starters import STARTER_RULES, install_starter_flows, starter_flows
from services.flows.validation import validate
from services.messaging.rendering import Renderer
from services.messaging.starters import starter_drafts
from services.tickets.taxonomy import load_taxonomy

from .test_authoring import bank_on

CODES = {
    "card_loss",
    "deposit_renewal",
    "complaint_intake",
    "wealth_suitability",
    "contact_change",
    "prospect_referral",
    "maturity_reminder_outbound",
}
TEMPLATE_CODES = {draft.code for draft in starter_drafts() if draft.locale == "zh_CN"} & {
    draft.code for draft in starter_drafts() if draft.locale == "en"
}


@pytest.fixture(scope="module")
def flows() -> dict[str, FlowDefinition]:
    return {d.code: d for d in starter_flows()}


def test_there_are_seven_and_every_one_validates_against_the_starter_templates(
    flows: dict[str, FlowDefinition],
) -> None:
    assert set(flows) == CODES
    taxonomy = load_taxonomy()
    for defn in flows.values():
        problems = validate(
            defn,
            templates=lambda code: "approved" if code in TEMPLATE_CODES else None,
            complaint_categories=lambda code: taxonomy.get(code) is not None,
        )
        assert problems == [], (defn.code, problems)
        assert defn.description is not None and defn.name.zh_CN != defn.name.en
        for text in _texts(defn):
            assert text.zh_CN.strip() and text.en.strip()
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh_CN) or "{{" in text.zh_CN, (defn.code, text)


def _texts(defn: FlowDefinition) -> Iterator[Text]:
    yield defn.name
    for step in defn.steps:
        if step.title is not None:
            yield step.title
        if step.text is not None:
            yield step.text
        if step.action is not None:
            yield from (text for _, text in step.action.texts())
        if step.answer is not None:
            yield from (o.label for o in step.answer.options)


def _kinds(defn: FlowDefinition) -> set[str]:
    return {s.kind for s in defn.steps}


def _actions(defn: FlowDefinition) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for step in defn.steps:
        if step.action is not None:
            out.setdefault(step.action.type, []).append(step.action)
    return out


def test_each_does_what_the_issue_asks(flows: dict[str, FlowDefinition]) -> None:
    card = flows["card_loss"]
    assert "identity_check" in _kinds(card) and card.step("verify").fail == "not_verified"
    assert [a.template for a in _actions(card)["send_template"]] == ["card_loss_confirmation_sms"]
    renewal = flows["deposit_renewal"]
    choice = renewal.step("choice")
    assert choice.answer is not None and choice.answer.type == "choice" and len(choice.answer.options) == 4
    assert [a.template for a in _actions(renewal)["send_template"]] == ["deposit_renewal_confirmation_sms"]
    assert "service_request" in _actions(renewal)  # the choice is recorded
    complaint = flows["complaint_intake"]
    categories = {a.category for a in _actions(complaint)["register_complaint"]}
    assert categories == {"fee_dispute", "service_quality", "transaction_dispute", "wealth_misselling", "other"}
    wealth = flows["wealth_suitability"]
    match = wealth.step("match")
    leaves = {c.var for case in match.cases for c in compares(case.when)}
    assert leaves == {"customer.risk_level", "answers.product_risk"} and match.default == "disclosure"
    assert wealth.step("disclosure").kind == "read_aloud" and "理财非存款" in wealth.step("disclosure").text.zh_CN  # type: ignore[union-attr]
    assert wealth.step("mismatch").next == "want_advice"  # a mismatch is refused: it never reaches the disclosure
    contact = flows["contact_change"]
    assert contact.step("verify").required == 3 and {a.field for a in _actions(contact)["update_customer"]} == {
        "phone",
        "email",
    }
    assert contact.step("new_phone").pii and contact.step("new_email").pii
    assert "refer_to_manager" in _actions(flows["prospect_referral"])
    outbound = flows["maturity_reminder_outbound"]
    assert [a.template for a in _actions(outbound)["send_template"]] == ["deposit_maturity_sms"]
    assert "schedule_callback" in _actions(outbound)


def _sample(kind: str, options: tuple[Any, ...]) -> Any:
    return {
        "choice": options[0].value if options else "x",
        "yes_no": True,
        "text": "1234",
        "number": 3,
        "amount": Decimal("50000.00"),
        "date": dt.date(2026, 3, 5),
    }[kind]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_text_renders_in_the_messaging_sandbox(flows: dict[str, FlowDefinition], locale: str) -> None:
    """With every answer given, and with the declared variables still unanswered (their default)."""
    env = Renderer().environment(locale)
    customer: dict[str, Any] = {name: "示例" for name in TEXT_VARIABLES["customer"]}
    customer.update(aum=Decimal("800000"), vip_level=3, open_complaints=1, products=["term_deposit"], risk_level="C3")
    scope = {
        "customer": customer,
        "call": {"queue": "general", "ivr_choice": "1", "direction": "inbound"},
        "agent": {"name": "王敏"},
        "product": {"name": "稳健理财1号", "risk_rating": "R2"},
    }
    for defn in flows.values():
        options = {s.var: s.answer.options for s in defn.steps if s.var and s.answer is not None}
        full = {name: _sample(kind, options.get(name, ())) for name, kind in defn.answer_vars().items()}
        for choice_var in (n for n, k in defn.answer_vars().items() if k == "choice"):
            for option in options.get(choice_var, ()):
                partial = {**full, choice_var: option.value, **{v.name: v.default for v in defn.variables}}
                for answers in (full, partial):
                    for step in defn.steps:
                        texts = [step.text] if step.text is not None else []
                        texts += [t for _, t in step.action.texts()] if step.action is not None else []
                        for text in texts:
                            out = env.from_string(text.get(locale)).render({**scope, "answers": answers})
                            assert out.strip() and "{{" not in out, (defn.code, step.id)


def test_every_template_a_starter_sends_is_a_starter_template(flows: dict[str, FlowDefinition]) -> None:
    named = {a.template for d in flows.values() for a in _actions(d).get("send_template", [])}
    assert named and named <= TEMPLATE_CODES


def test_install_publishes_them_approved_by_the_seed_supervisor_once(migrated_engine: Engine) -> None:
    engine = migrated_engine
    bank = bank_on(engine)  # staff and the starter message templates
    with engine.begin() as conn:
        super01 = conn.execute(
            insert(User).values(username="super01", display_name="主管", role_code="supervisor").returning(User.id)
        ).scalar_one()
    assert install_starter_flows(engine) == 7
    assert install_starter_flows(engine) == 0
    with engine.connect() as conn:
        rows = conn.execute(select(ServiceFlow)).all()
        assert {r.code for r in rows} == CODES
        for row in rows:
            assert (row.status, row.version_no, row.author_id) == ("published", 1, None)
            assert row.approver_id == super01 and row.published_by_id == super01 and row.published_at is not None
            assert row.name_en and row.name != row.name_en
        installed = rules(conn)
        assert len(installed) == len(STARTER_RULES)
        assert {r.flow_code for r in installed} <= CODES
        for rule in installed:
            if rule.condition is not None:
                parse_condition(rule.condition)
        assert conn.execute(select(func.count()).select_from(FlowRule)).scalar_one() == len(STARTER_RULES)
    published = bank.authoring.published("card_loss")
    assert published is not None and published.definition == next(d for d in starter_flows() if d.code == "card_loss")
    assert bank.authoring.problems(published.definition) == []


def test_install_refuses_when_the_templates_are_missing(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        with pytest.raises(FlowInvalid) as caught:
            install_starter_flows(engine)
        assert {p.code for p in caught.value.problems} == {"template_unknown"}
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(ServiceFlow)).scalar_one() == 0
    finally:
        engine.dispose()
