"""Reading the search box: every identifier, and odd input never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.identifiers import id_check_char, parse_query, valid_resident_id
from services.masking import mask_account, mask_email, mask_id_number, mask_phone

VALID_ID = "11010519491231002X"


def test_check_digit() -> None:
    assert id_check_char(VALID_ID[:17]) == "X"
    assert valid_resident_id(VALID_ID)
    assert not valid_resident_id("110105194912310021")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("13800138000", "phone", "+8613800138000"),
        ("138 0013 8000", "phone", "+8613800138000"),
        ("+86 138-0013-8000", "phone", "+8613800138000"),
        ("１３８００１３８０００", "phone", "+8613800138000"),
        ("(010) 6552 1234", "phone", "+861065521234"),
        ("021-64381234", "phone", "+862164381234"),
        ("张伟", "name", "张伟"),
        ("王", "name", "王"),
        ("欧阳 娜娜", "name", "欧阳娜娜"),
        ("zhangwei", "pinyin", "zhangwei"),
        ("Zhang Wei", "pinyin", "zhangwei"),
        ("zw", "pinyin", "zw"),
        (VALID_ID, "id_number", VALID_ID),
        (VALID_ID.lower(), "id_number", VALID_ID),
        ("002X", "id_tail", "002X"),
        ("231002", "id_tail", "231002"),
        ("CIF000000012345", "cif", "CIF000000012345"),
        ("cif000000012345", "cif", "CIF000000012345"),
        ("6222021234567890123", "account", "6222021234567890123"),
        ("6222 0212 3456 7890", "account", "6222021234567890"),
        ("Li.Ming@Example.com", "email", "li.ming@example.com"),
        ("", "empty", ""),
        ("   ", "empty", ""),
        ("\u3000", "empty", ""),
    ],
)
def test_classification(text: str, kind: str, value: str) -> None:
    parsed = parse_query(text)
    assert (parsed.kind, parsed.value) == (kind, value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("110105194912310021", "id_check_digit"),
        ("11010519491231002Y", "unrecognised"),
        ("12345678", "bad_phone"),
        ("😀😀", "unrecognised"),
        ("'; DROP TABLE customer; --", "unrecognised"),
    ],
)
def test_unusable_input_is_explained(text: str, message: str) -> None:
    parsed = parse_query(text)
    assert parsed.kind == "invalid"
    assert parsed.message == message


def test_huge_input_is_cut_not_rejected() -> None:
    parsed = parse_query("张" * 10_000)
    assert parsed.kind == "name"
    assert len(parsed.value) <= 64


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.kind in {
        "phone",
        "name",
        "pinyin",
        "id_tail",
        "id_number",
        "cif",
        "account",
        "email",
        "empty",
        "invalid",
    }


def test_masks() -> None:
    assert mask_id_number("110105194912311234") == "110***********1234"
    assert mask_phone("+8613856785678") == "138****5678"
    assert mask_phone("+861065521234") == "010-****1234"
    assert mask_phone("+8657187651234") == "0571-****1234"
    assert mask_account("6222021234567890123") == "**** 0123"
    assert mask_account("6222021234567890123-001") == "**** 0123-001"
    assert mask_account("6225880137751234", card=True) == "622588******1234"
    assert mask_email("liming@example.com") == "l***@example.com"
