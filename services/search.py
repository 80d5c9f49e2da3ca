"""Customer search: one box, every identifier, results as ids with rows fetched on demand."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, func, select
from sqlalchemy.orm import aliased

from db.models import Branch, Customer, CustomerPhone, User
from db.repositories import customers as repo

from .identifiers import ParsedQuery, parse_query
from .mask_policy import MaskPolicy
from .permissions import CUSTOMER_SCOPE, Principal, customer_scope

DEFAULT_CAP = 5000
ROW_CHUNK = 500
SCOPE_WIDEN_MAX = 64


@dataclass(frozen=True)
class SearchResult:
    """The outcome of one search: matching ids (at most the cap) and how the input was read."""

    query: str
    kind: str
    ids: list[int]
    truncated: bool
    message: str | None = None


@dataclass(frozen=True)
class CustomerRow:
    """One line of the result table, already masked."""

    id: int
    cif_no: str
    name: str
    name_pinyin: str
    gender: str
    masked_id: str
    masked_phone: str
    tier: str
    vip_level: int
    lifecycle_stage: str
    value_score: int
    branch_name: str
    manager_name: str
    aum: Decimal
    alert_flags: list[str]


class CustomerSearch:
    """Runs searches for one screen. Safe to call from a worker thread; ``cancel`` from any thread.

    With a ``principal``, results are limited to the customers the principal may see (a lobby
    manager's branch, a customer manager's portfolio and branch) and identifiers are masked by
    ``policy`` for the principal's role.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        cap: int = DEFAULT_CAP,
        principal: Principal | None = None,
        policy: MaskPolicy | None = None,
    ) -> None:
        self._engine = engine
        self._cap = cap
        self._principal = principal
        self._policy = policy or MaskPolicy()
        self._scoped = principal is not None and CUSTOMER_SCOPE.get(principal.role) != "all"
        self._lock = threading.Lock()
        self._running: Any = None

    def search(self, text: str) -> SearchResult:
        """Find customers matching ``text``; never raises for odd input."""
        parsed = parse_query(text)
        if parsed.kind in ("empty", "invalid"):
            return SearchResult(text, parsed.kind, [], False, parsed.message)
        finder = self._finder(parsed)
        limit = self._cap + 1
        with self._engine.connect() as conn:
            self._track(conn)
            try:
                ids = self._scoped_ids(conn, finder, limit) if self._scoped else finder(conn, limit)
            finally:
                self._track(None)
        return SearchResult(text, parsed.kind, ids[: self._cap], len(ids) > self._cap, parsed.message)

    def _scoped_ids(self, conn: Connection, finder: Callable[[Connection, int], list[int]], limit: int) -> list[int]:
        """The finder's ids within the principal's scope, widening the finder until ``limit`` are found.

        The finders stop at their limit before the scope is applied, so a branch's matches may lie
        beyond the first ``limit`` of all matches; the finder is asked again for more until enough
        visible ids are found, it runs out, or :data:`SCOPE_WIDEN_MAX` times the limit was read.
        """
        assert self._principal is not None
        asked = limit
        while True:
            found = finder(conn, asked)
            visible = self._visible(conn, found)
            if len(visible) >= limit or len(found) < asked or asked >= limit * SCOPE_WIDEN_MAX:
                return visible[:limit]
            asked *= 4

    def _visible(self, conn: Connection, ids: Sequence[int]) -> list[int]:
        assert self._principal is not None
        scope = customer_scope(self._principal)
        keep: set[int] = set()
        for start in range(0, len(ids), ROW_CHUNK):
            chunk = list(ids[start : start + ROW_CHUNK])
            keep.update(conn.execute(select(Customer.id).where(Customer.id.in_(chunk), scope)).scalars())
        return [i for i in ids if i in keep]

    def _finder(self, parsed: ParsedQuery) -> Callable[[Connection, int], list[int]]:
        value = parsed.value
        finders: dict[str, Callable[[Connection, int], list[int]]] = {
            "phone": lambda conn, _limit: repo.find_by_phone(conn, value),
            "cif": lambda conn, _limit: repo.find_by_cif(conn, value),
            "id_number": lambda conn, limit: repo.find_by_id_number(conn, value, limit),
            "id_tail": lambda conn, limit: repo.find_by_id_tail(conn, value, limit),
            "account": lambda conn, limit: repo.find_by_account(conn, value, limit),
            "email": lambda conn, limit: repo.find_by_email(conn, value, limit),
            "name": lambda conn, limit: repo.find_by_name(conn, value, limit),
            "pinyin": lambda conn, limit: repo.find_by_pinyin(conn, value, limit),
        }
        return finders[parsed.kind]

    def _track(self, conn: Connection | None) -> None:
        with self._lock:
            self._running = conn

    def cancel(self) -> None:
        """Ask the database to abandon the statement in flight, if any (best effort)."""
        with self._lock:
            conn = self._running
        if conn is None:
            return
        try:
            raw = conn.connection.dbapi_connection
            if raw is None:
                return
            if conn.dialect.name == "sqlite":
                raw.interrupt()
            else:
                raw.cancel()
        except Exception:
            return

    def explain(self, text: str) -> str:
        """The database's plan for the name statement of ``text`` (to show it is an index lookup)."""
        parsed = parse_query(text)
        stmt = repo.name_query(parsed.value or text, self._cap + 1)
        with self._engine.connect() as conn:
            compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
                return "\n".join(str(r[-1]) for r in rows)
            rows = conn.exec_driver_sql(f"EXPLAIN {compiled}").all()
            return "\n".join(str(r[0]) for r in rows)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, CustomerRow]:
        """Display rows for ``ids`` (any order, unknown ids skipped)."""
        out: dict[int, CustomerRow] = {}
        role = self._principal.role if self._principal is not None else "*"
        scope = customer_scope(self._principal) if self._scoped and self._principal is not None else None
        with self._engine.connect() as conn:
            for start in range(0, len(ids), ROW_CHUNK):
                out.update(_rows(conn, list(ids[start : start + ROW_CHUNK]), self._policy, role, scope))
        return out


_manager = aliased(User)


def _rows(
    conn: Connection, ids: list[int], policy: MaskPolicy, role: str, scope: ColumnElement[bool] | None
) -> dict[int, CustomerRow]:
    # The stored masks (db.pii): desktops may not read the numbers themselves (migration 0011).
    primary_phone = (
        select(CustomerPhone.e164_masked)
        .where(CustomerPhone.customer_id == Customer.id)
        .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(
            Customer.id,
            Customer.cif_no,
            Customer.name,
            Customer.name_pinyin,
            Customer.gender,
            Customer.id_number_masked,
            primary_phone,
            Customer.tier,
            Customer.vip_level,
            Customer.lifecycle_stage,
            Customer.value_score,
            Branch.name,
            func.coalesce(_manager.display_name, ""),
            Customer.aum,
            Customer.alert_flags,
        )
        .join(Branch, Branch.id == Customer.branch_id)
        .outerjoin(_manager, _manager.id == Customer.manager_id)
        .where(Customer.id.in_(ids))
    )
    if scope is not None:
        stmt = stmt.where(scope)
    out: dict[int, CustomerRow] = {}
    for r in conn.execute(stmt):
        out[r[0]] = CustomerRow(
            id=r[0],
            cif_no=r[1],
            name=r[2],
            name_pinyin=r[3],
            gender=r[4],
            masked_id=policy.apply("id_number", r[5], role),
            masked_phone=policy.apply("phone", r[6], role),
            tier=r[7],
            vip_level=r[8],
            lifecycle_stage=r[9],
            value_score=r[10],
            branch_name=r[11],
            manager_name=r[12],
            aum=r[13],
            alert_flags=list(r[14] or []),
        )
    return out
