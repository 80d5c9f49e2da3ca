"""Mask patterns per field and role, and the permission-gated, reasoned, audited, 60-second reveal."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from db.models import (
    AuditLog,
    Branch,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
    Holding,
    Product,
)
from db.pii import (
    account_columns,
    email_columns,
    id_number_columns,
    mask_account,
    mask_email,
    mask_id_number,
    mask_phone,
    phone_columns,
)
from services.audit import AuditTrail, verify
from services.mask_policy import (
    REVEAL_REASONS,
    MaskPolicy,
    RevealRefused,
    RevealService,
    mask_address,
)
from services.permissions import PermissionDenied, Principal

ID = "110101199003074573"
NOW = dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC)


# -- patterns ---------------------------------------------------------------------------------------
ADDRESS = {"province": "北京市", "city": "北京市", "district": "朝阳区"}
# What the database stores beside each raw value (db.pii): the policy only ever sees these.
STORED = {
    "id_number": mask_id_number(ID),
    "phone": mask_phone("+8613812345678"),
    "email": mask_email("zhang.wei@example.com"),
    "account": mask_account("6217000010012345678"),
    "card": mask_account("6222021234567890", card=True),
}


@pytest.mark.parametrize("role", ["agent", "lobby_manager", "customer_manager", "supervisor", "admin"])
def test_defaults_for_every_role(role: str) -> None:
    policy = MaskPolicy()
    assert policy.apply("id_number", STORED["id_number"], role) == "110***********4573"
    assert policy.apply("phone", STORED["phone"], role) == "138****5678"
    assert policy.apply("account", STORED["account"], role) == "**** 5678"
    assert policy.apply("card", STORED["card"], role) == "**** 7890"  # the stored BIN + last 4, shown as last 4
    assert policy.apply("email", STORED["email"], role) == "z***@example.com"
    assert policy.apply("address", ADDRESS, role) == "北京市朝阳区****"
    assert policy.apply("card", mask_account("6222021234567890-001", card=True), role) == "**** 7890-001"
    assert policy.apply("id_number", None, role) == ""


def test_patterns_configurable_per_field_and_role() -> None:
    policy = MaskPolicy({"card": {"supervisor": "bin_last4"}, "id_number": {"customer_manager": "keep:3:0"}})
    assert policy.apply("card", STORED["card"], "supervisor") == "622202******7890"
    assert policy.apply("card", STORED["card"], "agent") == "**** 7890"
    assert policy.apply("id_number", STORED["id_number"], "customer_manager") == "110" + "*" * 15
    assert policy.apply("id_number", STORED["id_number"], "agent") == "110***********4573"
    assert MaskPolicy({"phone": {"*": "hidden"}}).apply("phone", STORED["phone"], "agent") == "******"
    assert MaskPolicy({"phone": {"*": "last4"}}).apply("phone", STORED["phone"], "agent") == "**** 5678"
    assert MaskPolicy({"address": {"*": "hidden"}}).apply("address", ADDRESS, "agent") == "******"


def test_a_pattern_cannot_show_more_than_the_stored_mask() -> None:
    """``keep:A:B`` works on the stored mask: asking for more characters than it has shows no more of them."""
    wide = MaskPolicy({"id_number": {"*": "keep:6:4"}, "card": {"*": "keep:8:4"}, "phone": {"*": "keep:5:4"}})
    assert wide.apply("id_number", STORED["id_number"], "agent") == "110***********4573"
    assert wide.apply("card", STORED["card"], "agent") == "622202******7890"
    assert wide.apply("phone", STORED["phone"], "agent") == "138****5678"


@pytest.mark.parametrize(
    "pattern", ["hidden", "last4", "first3_last4", "keep:0:4", "keep:6:6", "keep:12:12", "keep:1:0"]
)
@pytest.mark.parametrize("field", ["id_number", "phone", "email", "account", "card"])
def test_every_generic_pattern_only_hides_more(field: str, pattern: str) -> None:
    stored = STORED[field]
    shown = MaskPolicy({field: {"*": pattern}}).apply(field, stored, "agent")
    visible = Counter(c for c in shown if c not in "* ")
    assert visible <= Counter(c for c in stored if c not in "* "), (field, pattern, stored, shown)


@pytest.mark.parametrize(
    "overrides",
    [
        {"card": {"*": "full"}},
        {"id_number": {"supervisor": "full"}},
        {"account": {"*": "bin_last4"}},  # the stored account mask has no BIN to show
        {"id_number": {"*": "email"}},  # another field's pattern
        {"ssn": {"*": "hidden"}},
        {"phone": {"*": "nonsense"}},
    ],
)
def test_bad_configuration_is_refused(overrides: dict[str, dict[str, str]]) -> None:
    with pytest.raises(ValueError):
        MaskPolicy(overrides)


def test_a_pattern_needing_the_raw_value_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match=r"'full' for address would show more than the stored mask.*reveal"):
        MaskPolicy({"address": {"*": "full"}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京市朝阳区建国路88号院3号楼", "北京市朝阳区****"),
        ("广东省深圳市南山区科技园南区", "广东省深圳市南山区****"),
        ("上海市浦东新区张江路88号", "上海市浦东新区****"),
        ("江苏省苏州市昆山市前进中路1号", "江苏省苏州市昆山市****"),
        ("somewhere unknown", "****"),
    ],
)
def test_address_strings_to_district(text: str, expected: str) -> None:
    assert mask_address(text) == expected


# -- reveal -----------------------------------------------------------------------------------------
def _seed(engine: Engine) -> dict[str, Any]:
    with engine.begin() as conn:
        for bid in (1, 2):
            conn.execute(insert(Branch).values(id=bid, code=f"B{bid}", name="x", city="x", district="x", address="x"))
        conn.execute(
            insert(Customer).values(
                id=1,
                cif_no="CIF0001",
                name="王芳",
                name_pinyin="wangfang",
                gender="F",
                id_type="resident",
                **id_number_columns(ID),
                branch_id=1,
                segment="mass",
                tier="normal",
                lifecycle_stage="active",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(
            insert(CustomerPhone).values(
                id=5, customer_id=1, **phone_columns("+8613812345678"), kind="mobile", is_primary=True
            )
        )
        conn.execute(insert(CustomerEmail).values(id=6, customer_id=1, **email_columns("wang.fang@example.com")))
        conn.execute(
            insert(CustomerAddress).values(
                id=7,
                customer_id=1,
                kind="home",
                province="北京市",
                city="北京市",
                district="朝阳区",
                street="建国路88号",
            )
        )
        conn.execute(insert(Product).values(id=1, code="CARD", kind="debit_card", name="借记卡"))
        conn.execute(
            insert(Holding).values(
                id=8,
                customer_id=1,
                product_id=1,
                kind="debit_card",
                **account_columns("6222021234567890", "debit_card"),
                balance=0,
                opened_on=dt.date(2020, 1, 1),
                status="active",
            )
        )
    return {
        "agent": Principal(user_id=None, username="agent01", role="agent", workstation="WS"),  # type: ignore[arg-type]
        "lobby": Principal(user_id=None, username="lobby01", role="lobby_manager", branch_id=1, workstation="WS"),  # type: ignore[arg-type]
        "lobby_b": Principal(user_id=None, username="lobby02", role="lobby_manager", branch_id=2, workstation="WS"),  # type: ignore[arg-type]
    }


def _audit(engine: Engine, action: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


@pytest.fixture
def reveal(migrated_engine: Engine) -> RevealService:
    return RevealService(migrated_engine, AuditTrail(clock=lambda: NOW), clock=lambda: NOW)


def test_reveal_is_audited_and_expires(migrated_engine: Engine, reveal: RevealService) -> None:
    who = _seed(migrated_engine)
    shown = reveal.reveal(who["lobby"], 1, "id_number", "identity_check", "客户来柜台办理挂失")
    assert shown.value == ID
    assert shown.expires_at == NOW + dt.timedelta(seconds=60)
    assert (
        shown.seconds_left(NOW + dt.timedelta(seconds=45)) == 15
        and shown.seconds_left(NOW + dt.timedelta(hours=1)) == 0
    )
    [row] = _audit(migrated_engine, "reveal")
    detail = json.loads(row.detail)
    assert (row.id, row.username, row.entity, row.entity_id) == (shown.audit_id, "lobby01", "customer", "1")
    assert detail == {
        "field": "id_number",
        "item_id": None,
        "reason": "identity_check",
        "reason_text": "客户来柜台办理挂失",
        "seconds": 60,
    }
    assert ID not in row.detail  # the value itself is never audited
    assert verify(migrated_engine).ok


def test_each_field(migrated_engine: Engine, reveal: RevealService) -> None:
    who = _seed(migrated_engine)["lobby"]
    assert reveal.reveal(who, 1, "phone", "customer_request").value == "+8613812345678"
    assert reveal.reveal(who, 1, "email", "transaction", item_id=6).value == "wang.fang@example.com"
    assert reveal.reveal(who, 1, "address", "complaint").value == "北京市朝阳区建国路88号"
    assert reveal.reveal(who, 1, "card", "transaction").value == "622202******7890"  # never the full PAN
    with pytest.raises(RevealRefused):
        reveal.reveal(who, 1, "account", "transaction")  # holds no account
    with pytest.raises(RevealRefused):
        reveal.reveal(who, 1, "phone", "transaction", item_id=999)


def test_reveal_needs_a_reason(migrated_engine: Engine, reveal: RevealService) -> None:
    who = _seed(migrated_engine)["lobby"]
    for code, text in (("", None), ("curiosity", "just looking"), ("other", None), ("other", "  嗯 ")):
        with pytest.raises(RevealRefused) as refused:
            reveal.reveal(who, 1, "id_number", code, text)
        assert refused.value.zh and refused.value.en
    assert reveal.reveal(who, 1, "id_number", "other", "法院协查函 2026-17").value == ID
    assert set(REVEAL_REASONS) >= {"identity_check", "other"} and all(len(v) == 2 for v in REVEAL_REASONS.values())


def test_reveal_refused_for_roles_without_the_permission(migrated_engine: Engine, reveal: RevealService) -> None:
    who = _seed(migrated_engine)
    with pytest.raises(PermissionDenied) as refused:
        reveal.reveal(who["agent"], 1, "id_number", "identity_check")
    assert refused.value.permission == "customer.reveal"
    with pytest.raises(PermissionDenied) as out_of_scope:
        reveal.reveal(who["lobby_b"], 1, "id_number", "identity_check")
    assert out_of_scope.value.reason == "scope"
    denied = [json.loads(r.detail) for r in _audit(migrated_engine, "permission_denied")]
    assert [(d["permission"], d["reason"]) for d in denied] == [("customer.reveal", "role"), ("customer.view", "scope")]
    assert _audit(migrated_engine, "reveal") == []


def test_reveal_duration_is_configurable(migrated_engine: Engine) -> None:
    who = _seed(migrated_engine)["lobby"]
    service = RevealService(migrated_engine, AuditTrail(), seconds=15, clock=lambda: NOW)
    assert service.reveal(who, 1, "phone", "customer_request").expires_at == NOW + dt.timedelta(seconds=15)
