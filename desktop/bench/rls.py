"""What row-level security and column privileges cost: the same figures without and with them, in one run.

``contactdesk bench search --compare-rls`` and ``contactdesk bench screenpop --compare-rls`` (PostgreSQL
``--database`` only, given as its owner or a superuser) measure twice over the same inputs:

* **without**: on the bench's own connection, the owner's, which bypasses row-level security;
* **with**: as a desktop role's own login (``app_user.db_login``, :mod:`db.pg_security`), which PostgreSQL
  holds to the role's policies and column privileges — for the search an agent (policy ``true``: the bare cost
  of having row-level security on) and a lobby manager (the branch policy, and the customer subqueries of the
  child tables), for the screen-pop every agent desktop.

Both sides run the same service code for the same principal (the role's person) on the same inputs, so the
only difference is what the server enforces.  The search's calls take turns one by one (owner, login, login,
owner, …), so that both sides meet the same load on the machine; the screen-pop's desktops cannot, so its
measurements alternate in rounds (owner, logins, logins, owner).  Figures: ``norls_<role>_<figure>``,
``rls_<role>_<figure>`` and ``rls_<role>_<figure>_ratio`` (with / without), and ``rls_worst_ratio`` over the
search and 360° figures.

The logins get a random password valid for :data:`PASSWORD_HOURS` hours, removed again at the end; their
users must be active.  The owner's role needs the right to alter those logins (a superuser, or CREATEROLE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from services.bench_harness import BenchError, percentile

PASSWORD_HOURS = 4
SEARCH_ROLES = ("agent", "lobby_manager")
ROUNDS = 2


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--compare-rls",
        action="store_true",
        help="PostgreSQL only: measure again as desktop roles' own logins (row-level security on) and report "
        "the ratios to the owner's figures (row-level security bypassed)",
    )


@dataclass(frozen=True)
class RoleLogin:
    """A member of staff whose own login the benchmark connects as."""

    role: str
    user_id: int
    username: str
    login: str
    url: str  # with the password
    principal: Any  # services.permissions.Principal


def require_owner(engine: Any) -> None:
    """Refuse unless ``engine`` is PostgreSQL and connects as a role that bypasses row-level security."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        raise BenchError("--compare-rls needs a PostgreSQL --database (SQLite has no row-level security)")
    with engine.connect() as conn:
        installed = conn.execute(text("SELECT to_regprocedure('cd_sync_login(bigint)') IS NOT NULL")).scalar()
        if not installed:
            raise BenchError("the database has no row-level security installed (migrate it to head first)")
        bypasses = conn.execute(
            text(
                "SELECT r.rolsuper OR r.rolbypassrls OR c.relowner = r.oid FROM pg_roles r, pg_class c "
                "WHERE r.rolname = current_user AND c.oid = 'customer'::regclass"
            )
        ).scalar()
    if not bypasses:
        raise BenchError("--compare-rls needs --database to connect as the tables' owner (or a superuser)")


def _pick_users(conn: Any, roles: Iterable[str]) -> list[tuple[str, int, str]]:
    """(role, user id, username): the first active user of each role, by id."""
    from sqlalchemy import text

    out = []
    for role in roles:
        row = conn.execute(
            text("SELECT id, username FROM app_user WHERE role_code = :r AND is_active ORDER BY id LIMIT 1"),
            {"r": role},
        ).first()
        if row is None:
            raise BenchError(f"the database has no active {role}")
        out.append((role, int(row[0]), str(row[1])))
    return out


@contextmanager
def role_logins(engine: Any, users: Iterable[tuple[str, int, str]]) -> Iterator[list[RoleLogin]]:
    """Give each user's login a fresh password for the run; take the passwords away again afterwards."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from services.permissions import Principal

    made: list[RoleLogin] = []
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=PASSWORD_HOURS)).isoformat()
    try:
        with engine.begin() as conn:
            for role, user_id, username in users:
                login = str(conn.execute(text("SELECT cd_sync_login(:u)"), {"u": user_id}).scalar_one())
                row = conn.execute(text("SELECT branch_id, team_id FROM app_user WHERE id = :u"), {"u": user_id}).one()
                password = secrets.token_urlsafe(24)  # nothing to quote in it
                conn.exec_driver_sql(f"ALTER ROLE \"{login}\" LOGIN PASSWORD '{password}' VALID UNTIL '{until}'")
                url = make_url(str(engine.url.render_as_string(hide_password=False)))
                principal = Principal(user_id=user_id, username=username, role=role, branch_id=row[0],
                                      team_id=row[1], workstation="bench")  # fmt: skip
                made.append(RoleLogin(role, user_id, username, login,
                                      url.set(username=login, password=password).render_as_string(hide_password=False),
                                      principal))  # fmt: skip
        yield made
    finally:
        with engine.begin() as conn:
            for item in made:
                conn.exec_driver_sql(f'ALTER ROLE "{item.login}" PASSWORD NULL')


def login_engine(item: RoleLogin) -> Any:
    """An engine connected as the role's login (proved with ``session_user``)."""
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(item.url)
    with engine.connect() as conn:
        who = conn.execute(text("SELECT session_user")).scalar()
    if who != item.login:
        engine.dispose()
        raise BenchError(f"connected as {who}, not {item.login}")
    return engine


def alternate(
    measure: Callable[[Any, int], dict[str, list[float]]], without: Any, with_: Any, calls: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run ``measure(side, calls)`` on both sides in :data:`ROUNDS` rounds of alternating order; pooled timings."""
    pooled: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    share = max(1, calls // ROUNDS)
    for n in range(ROUNDS):
        order = (0, 1) if n % 2 == 0 else (1, 0)
        for side in order:
            timings = measure((without, with_)[side], share)
            for name, values in timings.items():
                pooled[side].setdefault(name, []).extend(values)
    return pooled


def ratios(role: str, without: dict[str, float], with_: dict[str, float]) -> dict[str, Any]:
    """``norls_<role>_<figure>``, ``rls_<role>_<figure>`` and ``rls_<role>_<figure>_ratio`` for each figure."""
    out: dict[str, Any] = {}
    for name, base in without.items():
        value = with_[name]
        out[f"norls_{role}_{name}"] = round(base, 3)
        out[f"rls_{role}_{name}"] = round(value, 3)
        out[f"rls_{role}_{name.removesuffix('_ms')}_ratio"] = round(value / base, 3) if base > 0 else None
    return out


def summarise(timings: dict[str, list[float]], figures: dict[str, tuple[str, float]]) -> dict[str, float]:
    """Figure name -> percentile, from ``figures`` = name -> (timing series, percentile)."""
    return {name: percentile(timings[series], p) for name, (series, p) in figures.items() if series in timings}


# -- the search benchmark ----------------------------------------------------------------------------------------
Work = tuple[Callable[[Any], object], list[Any]]  # a call to time, and its inputs


def interleave(
    without: dict[str, Work], with_: dict[str, Work], warmup: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Time both sides call by call, taking turns (one first, then the other first), on the same inputs.

    Neighbouring calls meet the same load on the machine, so a ratio holds even while that load changes.
    """
    timed: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    clock = time.perf_counter_ns
    for name, (first, values) in without.items():
        second = with_[name][0]
        for value in values[:warmup]:
            first(value)
            second(value)
        series: tuple[list[float], list[float]] = ([], [])
        for i, value in enumerate(values[warmup:]):
            for side in (0, 1) if i % 2 == 0 else (1, 0):
                fn = (first, second)[side]
                started = clock()
                fn(value)
                series[side].append((clock() - started) / 1e6)
        timed[0][name], timed[1][name] = series
    return timed


def compare_search(
    engine: Any,
    sample: Callable[[Any, list[int] | None], Any],
    workload: Callable[[Any, Any, int, Any], AbstractContextManager[dict[str, Work]]],
    figures: dict[str, tuple[str, float]],
    calls: int,
    warmup: int,
) -> dict[str, Any]:
    """The search and 360° figures without and with row-level security, for each of :data:`SEARCH_ROLES`.

    ``sample(engine, among)`` draws inputs (``among``: the customer ids to draw from, None for all);
    ``workload(engine, inputs, n, principal)`` gives, per timing series, the call and its ``n`` inputs;
    ``figures`` names the figures made of the series.  Both sides run the role's principal on the same inputs,
    call by call in turns (:func:`interleave`).
    """
    from sqlalchemy import select, text

    from db.models import Customer
    from services.permissions import customer_scope

    require_owner(engine)
    out: dict[str, Any] = {}
    worst: list[float] = []
    with engine.connect() as conn:
        users = _pick_users(conn, SEARCH_ROLES)
    with role_logins(engine, users) as logins:
        for item in logins:
            among: list[int] | None = None
            if item.role != "agent":  # inputs the role may see: a lobby manager looks up their branch's customers
                with engine.connect() as conn:
                    among = list(conn.execute(select(Customer.id).where(customer_scope(item.principal))).scalars())
                if not among:
                    raise BenchError(f"{item.username} sees no customers")
            inputs = sample(engine, among)
            role_engine = login_engine(item)
            try:
                with (
                    workload(engine, inputs, calls + warmup, item.principal) as owner_work,
                    workload(role_engine, inputs, calls + warmup, item.principal) as login_work,
                ):
                    without, with_ = interleave(owner_work, login_work, warmup)
            finally:
                role_engine.dispose()
            base, secured = summarise(without, figures), summarise(with_, figures)
            out[f"rls_{item.role}_login"] = item.login
            out.update(ratios(item.role, base, secured))
            worst.extend(secured[n] / base[n] for n in base if not n.startswith("phone") and base[n] > 0)
            if item.principal.branch_id is not None:
                with engine.connect() as conn:
                    out[f"rls_{item.role}_branch_customers"] = conn.execute(
                        text("SELECT count(*) FROM customer WHERE branch_id = :b"), {"b": item.principal.branch_id}
                    ).scalar()
    out["rls_worst_ratio"] = round(max(worst), 3) if worst else None
    return out


# -- the screen-pop benchmark ------------------------------------------------------------------------------------
SCREENPOP_FIGURES: dict[str, tuple[str, float]] = {
    "screenpop_p50_ms": ("pop", 50),
    "screenpop_p95_ms": ("pop", 95),
    "screenpop_p99_ms": ("pop", 99),
}


def compare_screenpop(
    engine: Any, agents: list[int], measure: Callable[[Any, int], list[float]], calls: int
) -> dict[str, Any]:
    """The screen-pop latency with the agents' desktops on the owner's connection, then on their own logins.

    ``measure(database, calls)`` runs one measurement of ``calls`` calls with the desktops connected to
    ``database`` (a URL, or agent id -> URL) and returns the latencies in milliseconds.
    """
    from sqlalchemy import bindparam, text

    require_owner(engine)
    with engine.connect() as conn:
        users = [
            ("agent", int(r[0]), str(r[1]))
            for r in conn.execute(
                text("SELECT id, username FROM app_user WHERE id IN :ids ORDER BY id").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": agents},
            )
        ]
    owner_url = engine.url.render_as_string(hide_password=False)
    with role_logins(engine, users) as logins:
        urls = {item.user_id: item.url for item in logins}
        without, with_ = alternate(lambda side, n: {"pop": measure(side, n)}, owner_url, urls, calls)
    out: dict[str, Any] = {"rls_screenpop_logins": len(urls)}
    out.update(ratios("agent", summarise(without, SCREENPOP_FIGURES), summarise(with_, SCREENPOP_FIGURES)))
    out["rls_screenpop_popped"] = len(with_.get("pop", []))
    out["norls_screenpop_popped"] = len(without.get("pop", []))
    return out
