"""Version-checked saves: a save over a newer version is refused with a per-field three-way comparison."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select

from db.models import ChangeFeed, Customer
from db.repositories.versioning import StaleVersion, guarded_update
from services.sync.conflicts import three_way
from services.sync.records import InvalidEdit, RecordEditor

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
