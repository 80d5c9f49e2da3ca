"""Version-checked saves: a save over a newer version is refused with a per-field three-way comparison."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select, text

from db.models import ChangeFeed, Customer, CustomerEmail, CustomerPhone
from db.pii import id_number_columns, phone_key, stored_columns, stored_key
from db.repositories.customers import find_by_email, find_by_id_number, find_by_phone
from db.repositories.versioning import StaleVersion, guarded_update
from services.identifiers import id_check_char
from services.sync.conflicts import three_way
from services.sync.records import InvalidEdit, RecordEditor, shown

from .world import World

ORIGINAL = {"name": "王芳", "occupation": "教师", "segment": "mass"}


def test_field_kinds_and_merge() -> None:
    comparison = three_way(
        "customer",
        1,
        original={"a": 1, "b": 1, "c": 1, "d": 1, "e": 1},
        mine={"a": 1, "b": 2, "c": 1, "d": 3, "e": 5},
        current={"a": 1, "b": 1, "c": 4, "d": 3, "e": 6, "version": 7},
        base_version=5,
    )
    assert [f.kind for f in comparison.fields] == ["same", "mine", "theirs", "both_same", "conflict"]
    assert comparison.current_version == 7
    assert [f.name for f in comparison.conflicts] == ["e"]
    with pytest.raises(ValueError, match="need a choice"):
        comparison.merged()
    assert comparison.merged({"e": "mine"}) == {"a": 1, "b": 2, "c": 4, "d": 3, "e": 5}
    assert comparison.merged({"e": "original", "c": "original"}) == {"a": 1, "b": 2, "c": 1, "d": 3, "e": 1}
    assert comparison.changes({"e": "theirs"}) == {"b": 2}
    with pytest.raises(ValueError, match="unknown"):
        comparison.merged({"e": "both"})  # type: ignore[dict-item]


def test_a_deleted_record_needs_a_choice() -> None:
    comparison = three_way("customer", 9, original={"a": 1}, mine={"a": 2}, current=None, base_version=1)
    assert comparison.deleted and comparison.needs_choice


def test_stale_save_is_refused_and_compared(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[0]
    loaded = editor.load(world.zhang, "customer", cid)
    original = {k: loaded[k] for k in ORIGINAL}
    base = loaded["version"]
    # 李娜 saves first: occupation and segment
    first = editor.save(
        world.li, "customer", cid, base, original, {**original, "occupation": "医生", "segment": "affluent"}
    )
    assert first.saved and first.version == base + 1
    # 张伟 saved over the old version: occupation (conflict) and name (only mine)
    second = editor.save(
        world.zhang, "customer", cid, base, original, {**original, "occupation": "律师", "name": "王芳芳"}
    )
    assert not second.saved and second.conflict is not None
    comparison = second.conflict
    assert {f.name: f.kind for f in comparison.fields} == {
        "name": "mine",
        "occupation": "conflict",
        "segment": "theirs",
    }
    occupation = comparison.field("occupation")
    assert (occupation.original, occupation.mine, occupation.theirs) == ("教师", "律师", "医生")
    with engine.connect() as conn:
        assert conn.execute(select(Customer.occupation, Customer.name).where(Customer.id == cid)).one() == (
            "医生",
            "王芳",
        )
    # 张伟 keeps his occupation, takes 李娜's segment
    resolved = editor.resolve(world.zhang, comparison, {"occupation": "mine"})
    assert resolved.saved and resolved.version == base + 2
    with engine.connect() as conn:
        row = conn.execute(select(Customer.name, Customer.occupation, Customer.segment).where(Customer.id == cid)).one()
        updates = conn.execute(select(ChangeFeed.entity_id).where(ChangeFeed.entity == "customer")).scalars().all()
    assert tuple(row) == ("王芳芳", "律师", "affluent")
    assert updates == [str(cid), str(cid)]


def test_auto_merge_applies_disjoint_changes(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[1]
    loaded = editor.load(world.zhang, "customer", cid)
    original = {k: loaded[k] for k in ORIGINAL}
    editor.save(world.li, "customer", cid, loaded["version"], original, {**original, "segment": "affluent"})
    outcome = editor.save(
        world.zhang, "customer", cid, loaded["version"], original, {**original, "occupation": "工程师"}, auto_merge=True
    )
    assert outcome.saved and outcome.merged and outcome.version == loaded["version"] + 2
    assert {k: editor.load(world.zhang, "customer", cid)[k] for k in ("occupation", "segment")} == {
        "occupation": "工程师",
        "segment": "affluent",
    }


def test_bad_edit_changes_nothing(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[2]
    loaded = editor.load(world.zhang, "customer", cid)
    original = {k: loaded[k] for k in ORIGINAL}
    with pytest.raises(InvalidEdit) as refused:
        editor.save(world.zhang, "customer", cid, loaded["version"], original, {**original, "name": "  "})
    assert "不能为空" in refused.value.zh and "cannot be empty" in refused.value.en
    assert editor.load(world.zhang, "customer", cid)["version"] == loaded["version"]


def test_two_desk_race_detects_every_conflict(world_engine: tuple[Engine, World]) -> None:
    """Two desks load the same version and both save, 10,000 times: exactly one wins each round."""
    engine, world = world_engine
    cid = world.customers[0]
    rounds = 10_000
    barrier = threading.Barrier(2)
    results: dict[str, list[bool]] = {"a": [], "b": []}
    version = [1]

    def desk(name: str) -> None:
        with engine.connect() as conn:
            for i in range(rounds):
                barrier.wait()
                base = version[0]
                barrier.wait()  # both hold the same base version before either saves
                try:
                    with conn.begin():
                        guarded_update(conn, Customer, cid, base, {"occupation": f"{name}{i}"})
                    results[name].append(True)
                except StaleVersion as stale:
                    assert stale.current is not None and stale.current["version"] == base + 1
                    results[name].append(False)
                barrier.wait()
                if name == "a":
                    version[0] = base + 1
                barrier.wait()

    threads = [threading.Thread(target=desk, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wins = [a + b for a, b in zip(results["a"], results["b"], strict=True)]
    assert len(wins) == rounds and set(wins) == {1}, "a conflicting save went undetected"
    with engine.connect() as conn:
        assert conn.execute(select(Customer.version).where(Customer.id == cid)).scalar_one() == 1 + rounds


# -- identifiers: edited without the raw values ever being read --------------------------------------------------
def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def same_mask_twins() -> tuple[str, str]:
    """Two valid resident IDs with the same mask (first 3 and last 4 alike, the middle not)."""
    first = resident_id("11010519900307451")
    for day in range(10, 29):
        other = resident_id(f"110105199003{day:02d}451")
        if other != first and other[-1] == first[-1]:
            return first, other
    raise AssertionError("no twin found")


def raw_of(engine: Engine, cid: int) -> tuple[str, str]:
    """(ID number, primary phone) as the owner reads them."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT c.id_number, p.e164 FROM customer c JOIN customer_phone p ON p.customer_id = c.id "
                "WHERE c.id = :c ORDER BY p.is_primary DESC, p.id LIMIT 1"
            ),
            {"c": cid},
        ).one()


def test_identifiers_load_masked_and_only_typed_ones_are_written(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[0]
    loaded = editor.load(world.zhang, "customer", cid)
    assert shown(loaded["id_number"]) == "110***********0001" and shown(loaded["phone"]) == "138****0001"
    assert loaded["email"] is None and "110101198001010001" not in str(loaded)
    original = dict(loaded)
    untouched = editor.save(world.zhang, "customer", cid, loaded["version"], original, {**original, "name": "王芳芳"})
    assert untouched.saved and raw_of(engine, cid) == ("110101198001010001", "+8613800000001")

    new_id = resident_id("11010519900307451")
    typed = {**original, "id_number": new_id.lower(), "phone": "139 1234 5678", "email": " Wang.Fang@Example.COM "}
    saved = editor.save(world.zhang, "customer", cid, untouched.version, original, typed)
    assert saved.saved
    assert raw_of(engine, cid) == (new_id, "+8613912345678")
    with engine.connect() as conn:
        row = conn.execute(select(Customer.id_number_masked, Customer.id_number_key, Customer.id_tail).where(
            Customer.id == cid)).one()  # fmt: skip
        expected = stored_columns(conn, id_number_columns(new_id))
        assert tuple(row) == tuple(expected[k] for k in ("id_number_masked", "id_number_key", "id_tail"))
        phone = conn.execute(select(CustomerPhone.e164_masked, CustomerPhone.e164_key, CustomerPhone.kind).where(
            CustomerPhone.customer_id == cid)).all()  # fmt: skip
        assert phone == [("139****5678", stored_key(conn, phone_key("+8613912345678")), "mobile")]
        assert conn.execute(select(CustomerEmail.address_masked).where(CustomerEmail.customer_id == cid)).all() == [
            ("w***@example.com",)
        ]
        assert find_by_id_number(conn, new_id, 5) == [cid] and find_by_email(conn, "wang.fang@example.com", 5) == [cid]
        assert find_by_phone(conn, "+8613912345678") == [cid]
    again = editor.load(world.zhang, "customer", cid)
    assert shown(again["id_number"]) == "110***********" + new_id[-4:] and shown(again["email"]) == "w***@example.com"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110101199003074570", "not valid"),  # wrong check character
        ("id_number", "11010119900307457X-", "not valid"),
        ("phone", "12345", "not valid"),
        ("email", "wang@@example", "invalid"),
        ("phone", "  ", "cannot be empty"),
    ],
)
def test_a_bad_identifier_changes_nothing(
    world_engine: tuple[Engine, World], field: str, value: str, message: str
) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[2]
    loaded = editor.load(world.zhang, "customer", cid)
    with pytest.raises(InvalidEdit) as refused:
        editor.save(world.zhang, "customer", cid, loaded["version"], dict(loaded), {**loaded, field: value})
    assert message in refused.value.en and refused.value.zh
    assert editor.load(world.zhang, "customer", cid) == loaded


def test_a_lost_update_of_an_identifier_is_refused_and_compared_by_key(world_engine: tuple[Engine, World]) -> None:
    """李娜 corrects the middle of the ID number (the mask stays the same); 张伟's older form cannot undo it."""
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[1]
    first, twin = same_mask_twins()
    loaded = editor.load(world.zhang, "customer", cid)
    start = editor.save(world.zhang, "customer", cid, loaded["version"], loaded, {**loaded, "id_number": first})
    assert start.saved
    base = editor.load(world.zhang, "customer", cid)
    assert editor.save(world.li, "customer", cid, base["version"], base, {**base, "id_number": twin}).saved
    theirs = editor.load(world.li, "customer", cid)
    assert shown(theirs["id_number"]) == shown(base["id_number"]) and theirs["id_number"] != base["id_number"]

    # 张伟 types the old number again over his stale form: refused, and the comparison sees their change
    stale = editor.save(world.zhang, "customer", cid, base["version"], base, {**base, "id_number": first})
    assert not stale.saved and stale.conflict is not None
    diff = stale.conflict.field("id_number")
    assert diff.kind == "conflict" and (diff.original, diff.theirs, diff.mine) == (
        base["id_number"],
        theirs["id_number"],
        first,
    )
    assert raw_of(engine, cid)[0] == twin
    # he only changed the occupation: merged on top, their ID number kept
    merged = editor.save(
        world.zhang, "customer", cid, base["version"], base, {**base, "occupation": "律师"}, auto_merge=True
    )
    assert merged.saved and merged.merged and raw_of(engine, cid)[0] == twin
    # "keep the original" cannot write a value known only by its mask
    again = editor.save(world.zhang, "customer", cid, base["version"], base, {**base, "id_number": first})
    assert again.conflict is not None
    with pytest.raises(InvalidEdit, match="only known masked"):
        editor.resolve(world.zhang, again.conflict, {"id_number": "original"})
    assert raw_of(engine, cid)[0] == twin
