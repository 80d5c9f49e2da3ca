"""Customer search through the product's query layer, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, insert, select

from db.models import Branch, Customer, CustomerEmail, Holding, Product
from db.pii import account_columns, email_columns
from db.repositories.customer_write import add_customer
from db.repositories.customers import find_by_phone
from services.identifiers import id_check_char
from services.search import CustomerSearch


def make_id(birth: str, seq: str) -> str:
    first17 = "110105" + birth + seq
    return first17 + id_check_char(first17)


PEOPLE = [
    # name, birth, phones
    ("张伟", "19800101", [("+8613800138000", "mobile")]),
    ("张伟明", "19850202", [("+8613900139000", "mobile"), ("+861065521234", "landline")]),
    ("王小明", "19900303", [("+861065521234", "landline")]),  # shares the household landline
    ("欧阳娜娜", "20000404", [("+8615000150000", "mobile")]),
    ("单雄信", "19700505", [("+8618600186000", "mobile")]),
    ("买买提·艾力", "19660606", [("+8613199990000", "mobile")]),
    ("李娜", "19750707", []),
]


@pytest.fixture
def people(migrated_engine: Engine) -> dict[str, int]:
    return insert_people(migrated_engine)


def insert_people(engine: Engine) -> dict[str, int]:
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        branch = conn.execute(
            insert(Branch)
            .values(code="BJ01", name="北京朝阳支行", city="北京", district="朝阳区", address="建国路1号")
            .returning(Branch.id)
        ).scalar_one()
        product = conn.execute(
            insert(Product).values(code="CUR", kind="current", name="活期储蓄").returning(Product.id)
        ).scalar_one()
        for i, (name, birth, phones) in enumerate(PEOPLE):
            cid = add_customer(
                conn,
                phones=phones,
                cif_no=f"CIF{i + 1:012d}",
                name=name,
                gender="M" if i % 2 == 0 else "F",
                id_type="resident_id",
                id_number=make_id(birth, f"{i + 1:03d}"),
                branch_id=branch,
                segment="retail",
                tier="mass",
                lifecycle_stage="active",
            )
            ids[name] = cid
        conn.execute(
            insert(Holding).values(
                customer_id=ids["张伟"],
                product_id=product,
                kind="current",
                **account_columns("6222021234567890123", "current"),
                balance=Decimal("1000.00"),
                opened_on=dt.date(2020, 1, 1),
                status="active",
            )
        )
        conn.execute(insert(CustomerEmail).values(customer_id=ids["李娜"], **email_columns("li.na@example.com")))
    return ids


def search(engine: Engine, text: str, cap: int = 5000) -> tuple[str, list[int], bool, str | None]:
    result = CustomerSearch(engine, cap=cap).search(text)
    return result.kind, result.ids, result.truncated, result.message


def test_phone_in_any_format(migrated_engine: Engine, people: dict[str, int]) -> None:
    for text in ("13800138000", "138 0013 8000", "+86 138-0013-8000", "１３８００１３８０００", "0086 13800138000"):
        kind, ids, _, _ = search(migrated_engine, text)
        assert (kind, ids) == ("phone", [people["张伟"]]), text


def test_shared_household_line_finds_everyone(migrated_engine: Engine, people: dict[str, int]) -> None:
    kind, ids, _, _ = search(migrated_engine, "(010) 6552-1234")
    assert kind == "phone"
    assert sorted(ids) == sorted([people["张伟明"], people["王小明"]])
    with migrated_engine.connect() as conn:
        assert sorted(find_by_phone(conn, "+861065521234")) == sorted(ids)


def test_name_full_partial_and_single_character(migrated_engine: Engine, people: dict[str, int]) -> None:
    kind, ids, _, _ = search(migrated_engine, "张伟")
    assert kind == "name"
    assert ids[0] == people["张伟"], "exact name comes first"
    assert set(ids) == {people["张伟"], people["张伟明"]}
    assert search(migrated_engine, "伟")[1] == sorted([people["张伟"], people["张伟明"]])
    assert search(migrated_engine, "小明")[1] == [people["王小明"]]
    assert search(migrated_engine, "娜")[1] == sorted([people["欧阳娜娜"], people["李娜"]])
    assert search(migrated_engine, "欧阳娜娜")[1] == [people["欧阳娜娜"]]
    assert search(migrated_engine, "买买提艾力")[1] == [people["买买提·艾力"]]  # longer than a stored fragment
    assert search(migrated_engine, "买买提·艾力")[1] == [people["买买提·艾力"]]


def test_pinyin_full_and_initials(migrated_engine: Engine, people: dict[str, int]) -> None:
    kind, ids, _, _ = search(migrated_engine, "zhangwei")
    assert kind == "pinyin"
    assert set(ids) == {people["张伟"], people["张伟明"]}
    assert search(migrated_engine, "Zhang Wei Ming")[1] == [people["张伟明"]]
    assert search(migrated_engine, "shanxiongxin")[1] == [people["单雄信"]], "surname 单 reads shan"
    assert search(migrated_engine, "oynn")[1] == [people["欧阳娜娜"]]
    assert set(search(migrated_engine, "zw")[1]) == {people["张伟"], people["张伟明"]}


def test_id_number_and_tail(migrated_engine: Engine, people: dict[str, int]) -> None:
    with migrated_engine.connect() as conn:
        id_number = conn.execute(select(Customer.id_number).where(Customer.id == people["单雄信"])).scalar_one()
    assert search(migrated_engine, id_number)[:2] == ("id_number", [people["单雄信"]])
    assert search(migrated_engine, id_number.lower())[1] == [people["单雄信"]]
    for n in (4, 5, 6):
        kind, ids, _, _ = search(migrated_engine, id_number[-n:])
        assert kind == "id_tail"
        assert people["单雄信"] in ids


def test_wrong_check_digit_is_explained(migrated_engine: Engine, people: dict[str, int]) -> None:
    with migrated_engine.connect() as conn:
        id_number = conn.execute(select(Customer.id_number).where(Customer.id == people["张伟"])).scalar_one()
    wrong = id_number[:17] + ("1" if id_number[17] != "1" else "2")
    assert search(migrated_engine, wrong) == ("invalid", [], False, "id_check_digit")


def test_cif_account_and_email(migrated_engine: Engine, people: dict[str, int]) -> None:
    assert search(migrated_engine, "CIF000000000003")[:2] == ("cif", [people["王小明"]])
    assert search(migrated_engine, "6222 0212 3456 7890 123")[:2] == ("account", [people["张伟"]])
    assert search(migrated_engine, "Li.Na@Example.com")[:2] == ("email", [people["李娜"]])


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE customer; --", "张" * 10_000, "x" * 10_240, "😀🙈", "   ", "%", "_", "\\", "1' OR '1'='1"],
)
def test_hostile_input_gives_a_result_or_no_match(migrated_engine: Engine, people: dict[str, int], text: str) -> None:
    kind, ids, _, _ = search(migrated_engine, text)
    assert kind in {"invalid", "empty", "name", "pinyin"}
    assert ids == []
    with migrated_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Customer)).scalar_one() == len(PEOPLE)


def test_wildcards_are_not_wildcards(migrated_engine: Engine, people: dict[str, int]) -> None:
    # "%" and "_" are dropped from a name, never passed to LIKE as patterns
    assert search(migrated_engine, "王%")[1] == search(migrated_engine, "王")[1] == [people["王小明"]]
    assert search(migrated_engine, "买买提_艾力")[1] == [people["买买提·艾力"]]


def test_cap_marks_truncation(migrated_engine: Engine, people: dict[str, int]) -> None:
    kind, ids, truncated, _ = search(migrated_engine, "娜", cap=1)
    assert (kind, len(ids), truncated) == ("name", 1, True)


def test_single_character_plan_uses_an_index(migrated_engine: Engine, people: dict[str, int]) -> None:
    plan = CustomerSearch(migrated_engine).explain("王")
    if migrated_engine.dialect.name == "sqlite":
        assert "SEARCH search_token" in plan, plan
        assert "SCAN search_token" not in plan and "SCAN customer" not in plan, plan
    else:
        assert "Index" in plan and "Seq Scan" not in plan, plan


def test_rows_are_masked(migrated_engine: Engine, people: dict[str, int]) -> None:
    rows = CustomerSearch(migrated_engine).fetch_rows([people["张伟"], 999_999])
    assert list(rows) == [people["张伟"]]
    row = rows[people["张伟"]]
    assert row.masked_phone == "138****8000"
    assert row.masked_id.startswith("110") and "*" * 11 in row.masked_id
    assert row.branch_name == "北京朝阳支行"


@pytest.mark.postgres
def test_a_desktop_login_searches_by_keys_and_reads_only_masks(pg_database_url: str) -> None:
    """An agent's own PostgreSQL login may not read a raw identifier; every kind of search still finds by key."""
    from sqlalchemy.exc import ProgrammingError

    from db.engine import make_engine
    from db.migrate import upgrade
    from db.models import Role, User
    from tests.telephony.helpers import desktop_login

    owner = make_engine(pg_database_url)
    upgrade(owner)
    agent = None
    try:
        ids = insert_people(owner)
        with owner.begin() as conn:
            conn.execute(insert(Role).values(code="agent", name_zh="坐席", name_en="Agent"))
            user = conn.execute(
                insert(User).values(username="searcher", display_name="坐席", role_code="agent").returning(User.id)
            ).scalar_one()
        agent = desktop_login(owner, user)
        with pytest.raises(ProgrammingError, match="permission denied"), agent.connect() as conn:
            conn.execute(select(Customer.id_number))
        id_number = make_id("19700505", "005")
        for text, kind, expected in (
            ("138 0013 8000", "phone", [ids["张伟"]]),
            (id_number, "id_number", [ids["单雄信"]]),
            (id_number[-6:], "id_tail", [ids["单雄信"]]),
            ("6222 0212 3456 7890 123", "account", [ids["张伟"]]),
            ("Li.Na@Example.com", "email", [ids["李娜"]]),
            ("欧阳娜娜", "name", [ids["欧阳娜娜"]]),
        ):
            assert search(agent, text)[:2] == (kind, expected), text
        rows = CustomerSearch(agent).fetch_rows([ids["张伟"], ids["张伟明"]])
        assert rows[ids["张伟"]].masked_phone == "138****8000"
        assert rows[ids["张伟明"]].masked_phone == "139****9000"  # the primary of two
        assert (
            rows[ids["张伟"]].masked_id == make_id("19800101", "001")[:3] + "*" * 11 + make_id("19800101", "001")[-4:]
        )
    finally:
        if agent is not None:
            agent.dispose()
        owner.dispose()
