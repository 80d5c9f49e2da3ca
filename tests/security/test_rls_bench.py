"""The row-level security comparison of ``contactdesk bench search`` / ``screenpop`` (desktop/bench/rls.py).

The measurement itself runs here on the module's small database with few calls: both sides, both roles,
really connected as the roles' logins.  The command line's ``--compare-rls`` is checked where it must refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text

from desktop.bench import rls, search
from desktop.cli import main
from services.bench_harness import BenchError

from .conftest import SecuredDatabase

pytestmark = pytest.mark.postgres


def test_compare_search_measures_both_sides_as_the_roles_logins(secured: SecuredDatabase) -> None:
    sessions: list[str] = []
    calls, warmup = 12, 2

    def sample(engine: Any, among: list[int] | None) -> search.Inputs:
        return search.sample_inputs(engine, np.random.default_rng([1, 8]), calls + warmup, among=among)

    @contextmanager
    def workload(engine: Any, inputs: search.Inputs, n: int, principal: Any) -> Iterator[dict[str, search.Work]]:
        with engine.connect() as conn:
            sessions.append(str(conn.execute(text("SELECT session_user")).scalar()))
        if principal.role == "lobby_manager":  # every input is one of the branch's customers
            with secured.owner.connect() as conn:
                branches = set(
                    conn.execute(
                        text("SELECT branch_id FROM customer WHERE id = ANY(:ids)"), {"ids": inputs.customers}
                    ).scalars()
                )
            assert branches == {principal.branch_id}
        with search.workload(engine, inputs, n, principal) as work:
            assert {len(values) for _fn, values in work.values()} == {n}
            yield work

    figures = rls.compare_search(secured.owner, sample, workload, search.FIGURES, calls, warmup)
    assert sessions == ["postgres", "cd_agent01", "postgres", "cd_lobby01"]
    assert figures["rls_agent_login"] == "cd_agent01" and figures["rls_lobby_manager_login"] == "cd_lobby01"
    for role in ("agent", "lobby_manager"):
        for name in search.FIGURES:
            base, secured_ms = figures[f"norls_{role}_{name}"], figures[f"rls_{role}_{name}"]
            assert base > 0 and secured_ms > 0
            assert figures[f"rls_{role}_{name.removesuffix('_ms')}_ratio"] == pytest.approx(secured_ms / base, rel=0.01)
    assert figures["rls_worst_ratio"] >= figures["rls_agent_customer360_p95_ratio"]
    # The passwords given for the run are gone again.
    with secured.owner.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM pg_authid WHERE rolname = ANY(:l) AND rolpassword IS NOT NULL"),
            {"l": ["cd_agent01", "cd_lobby01"]},
        ).scalar()
    assert left == 0


def test_interleave_takes_turns_on_the_same_inputs() -> None:
    order: list[tuple[str, int]] = []
    a = {"x": (lambda v: order.append(("a", v)), [0, 1, 2, 3])}
    b = {"x": (lambda v: order.append(("b", v)), [0, 1, 2, 3])}
    without, with_ = rls.interleave(a, b, warmup=1)
    assert order == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("b", 2), ("a", 2), ("a", 3), ("b", 3)]
    assert len(without["x"]) == len(with_["x"]) == 3


def test_only_the_owner_may_compare(secured: SecuredDatabase) -> None:
    with pytest.raises(BenchError, match="owner"):
        rls.require_owner(secured.login_engine("super01"))
    rls.require_owner(secured.owner)


def test_the_command_refuses_sqlite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "search", "--quick", "--compare-rls", "--customers", "50"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err
