"""A small seeded database for the flow runner's tests (SQLite or PostgreSQL), built once per test module.

``world(backend, request, tmp)`` migrates and seeds 300 customers, installs the starter message templates and
gives helpers: principals of the seeded staff, customers with given traits, publishing a flow document as it
stands (the runner does not care how a version got published: authoring has its own tests), a runner with
the real messaging and ticket services, and per-user login engines on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.migrate import upgrade
from db.models import Customer, Holding, MonthlyAggregate, ServiceFlow, User
from db.models.base import utcnow
from services.audit import AuditTrail
from services.messaging import install_starter_templates
from services.messaging.service import MessagingService
from services.permissions import Principal
from services.tickets import TicketService

SEED_CUSTOMERS = 300
SEED = 7

CHOICE_CARD = {
    "type": "choice",
    "options": [
        {"value": "debit", "label": {"zh_CN": "借记卡", "en": "Debit card"}},
        {"value": "credit", "label": {"zh_CN": "信用卡", "en": "Credit card"}},
    ],
}


def card_flow(code: str = "t_card", *, template: str = "card_loss_confirmation_sms") -> dict[str, Any]:
    """A flow with every step kind: say, identity check, ask, branch, read aloud, action, end."""
    return {
        "schema": "contactdesk.flow/1",
        "code": code,
        "name": {"zh_CN": "挂失测试", "en": "Card loss test"},
        "start": "greet",
        "steps": [
            {
                "id": "greet",
                "kind": "say",
                "title": {"zh_CN": "问候", "en": "Greeting"},
                "text": {
                    "zh_CN": "您好，{{ customer.name }}{{ customer.title }}。证件 {{ customer.id_masked }}，"
                    "手机 {{ customer.phone_masked }}。我是{{ agent.name }}。",
                    "en": "Hello {{ customer.title }} {{ customer.surname }}, ID {{ customer.id_masked }}.",
                },
                "next": "verify",
            },
            {
                "id": "verify",
                "kind": "identity_check",
                "checks": ["id_tail4", "birth_date", "recent_transaction"],
                "required": 2,
                "next": "which",
                "fail": "refused",
            },
            {
                "id": "which",
                "kind": "ask",
                "title": {"zh_CN": "卡种", "en": "Card kind"},
                "var": "card_kind",
                "answer": CHOICE_CARD,
                "next": "tail",
            },
            {
                "id": "tail",
                "kind": "ask",
                "title": "卡号后四位",
                "var": "card_tail",
                "answer": {"type": "text", "max_length": 4},
                "next": "route",
            },
            {
                "id": "route",
                "kind": "branch",
                "cases": [{"when": {"var": "answers.card_kind", "op": "eq", "value": "credit"}, "next": "disclose"}],
                "default": "notify",
            },
            {
                "id": "disclose",
                "kind": "read_aloud",
                "title": "信用卡提示",
                "text": "挂失后，{{ answers.card_tail }} 号卡将立即停用。",
                "next": "notify",
            },
            {
                "id": "notify",
                "kind": "action",
                "action": {
                    "type": "send_template",
                    "template": template,
                    "channel": "sms",
                    "values": {"card_tail": "answers.card_tail"},
                },
                "next": "done",
            },
            {"id": "done", "kind": "end", "title": "完成", "outcome": "service.card_loss"},
            {"id": "refused", "kind": "end", "outcome": "other"},
        ],
    }


def say_chain(code: str, steps: int, *, loop: bool = False) -> dict[str, Any]:
    """``steps`` say/ask steps in a line (or in a ring with no end when ``loop``), then an end."""
    out: list[dict[str, Any]] = []
    for i in range(steps):
        nxt = f"s{i + 1}" if i + 1 < steps else ("s0" if loop else "done")
        if i % 2:
            out.append({"id": f"s{i}", "kind": "ask", "var": f"a{i}", "answer": {"type": "number"}, "next": nxt})
        else:
            out.append({"id": f"s{i}", "kind": "say", "text": f"第 {i} 步 {{{{ customer.name }}}}", "next": nxt})
    out.append({"id": "done", "kind": "end", "outcome": "other"})
    return {"schema": "contactdesk.flow/1", "code": code, "name": code, "start": "s0", "steps": out}


@dataclass
class World:
    url: str
    engine: Engine
    backend: str
    audit: AuditTrail = field(default_factory=AuditTrail)
    _logins: dict[str, Engine] = field(default_factory=dict)

    def principal(self, username: str, *, locale: str = "zh_CN") -> Principal:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(User.id, User.username, User.role_code, User.branch_id, User.team_id, User.display_name).where(
                    User.username == username
                )
            ).one()
        return Principal(row[0], row[1], row[2], row[3], row[4], "test-ws", row[5], locale)

    def customer(self, *, with_birth_date: bool = True, offset: int = 0, **traits: Any) -> int:
        """A customer (by ``Customer`` column values) with a birth date and a month with transactions."""
        active = select(MonthlyAggregate.customer_id).where(MonthlyAggregate.txn_count > 0)
        query = select(Customer.id).where(Customer.id.in_(active)).order_by(Customer.id)
        if with_birth_date:
            query = query.where(Customer.birth_date.is_not(None))
        for name, value in traits.items():
            query = query.where(getattr(Customer, name) == value)
        with self.engine.connect() as conn:
            found = conn.execute(query.offset(offset).limit(1)).scalar()
        assert found is not None, f"no seeded customer with {traits}"
        return int(found)

    def customer_with_deposit(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(Holding.customer_id).where(Holding.kind == "term_deposit").order_by(Holding.id).limit(1)
                ).scalar_one()
            )

    def facts(self, customer_id: int) -> dict[str, Any]:
        """What the record says (read as the owner: tests compare the service against it)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(Customer.id_number, Customer.birth_date, Customer.branch_id).where(Customer.id == customer_id)
            ).one()
            month = conn.execute(
                select(MonthlyAggregate.txn_in, MonthlyAggregate.txn_out)
                .where(MonthlyAggregate.customer_id == customer_id, MonthlyAggregate.txn_count > 0)
                .order_by(MonthlyAggregate.month.desc())
                .limit(1)
            ).first()
        return {
            "id_tail4": row.id_number[-4:],
            "birth_date": row.birth_date.isoformat() if row.birth_date else None,
            "txn_in": month.txn_in if month else None,
            "txn_out": month.txn_out if month else None,
            "branch_id": row.branch_id,
        }

    def publish(self, doc: dict[str, Any], *, status: str = "published", version_no: int | None = None) -> int:
        """Store ``doc`` as a version of its code with ``status`` (an earlier published version is retired)."""
        now = utcnow()
        with self.engine.begin() as conn:
            if version_no is None:
                version_no = int(
                    conn.execute(
                        select(func.coalesce(func.max(ServiceFlow.version_no), 0)).where(
                            ServiceFlow.code == doc["code"]
                        )
                    ).scalar_one()
                    + 1
                )
            if status == "published":
                conn.execute(
                    update(ServiceFlow)
                    .where(ServiceFlow.code == doc["code"], ServiceFlow.status == "published")
                    .values(status="retired", version=ServiceFlow.version + 1)
                )
            name = doc["name"] if isinstance(doc["name"], str) else doc["name"]["zh_CN"]
            return int(
                conn.execute(
                    insert(ServiceFlow)
                    .values(
                        code=doc["code"],
                        version_no=version_no,
                        name=name,
                        name_en=name,
                        definition=doc,
                        status=status,
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(ServiceFlow.id)
                ).scalar_one()
            )

    def services(self, engine: Engine | None = None) -> dict[str, Any]:
        engine = engine or self.engine
        return {"messaging": MessagingService(engine, audit=self.audit), "tickets": TicketService.open(engine)}

    def runner(self, engine: Engine | None = None, **kwargs: Any) -> Any:
        from services.flows.runner import FlowRunner

        engine = engine or self.engine
        return FlowRunner(engine, self.audit, **{**self.services(engine), **kwargs})

    def login(self, username: str) -> Engine:
        """PostgreSQL: an engine connected as the user's own login (as a desktop connects)."""
        assert self.backend == "postgresql"
        found = self._logins.get(username)
        if found is None:
            password = secrets.token_urlsafe(18)
            with self.engine.begin() as conn:
                login = conn.execute(
                    text("SELECT cd_sync_login(id) FROM app_user WHERE username = :u"), {"u": username}
                ).scalar_one()
                conn.exec_driver_sql(f"ALTER ROLE \"{login}\" LOGIN PASSWORD '{password}'")
            found = make_engine(make_url(self.url).set(username=login, password=password), pool_size=2)
            with found.connect() as conn:
                assert conn.execute(text("SELECT session_user")).scalar() == login
            self._logins[username] = found
        return found

    def close(self) -> None:
        for engine in self._logins.values():
            engine.dispose()
        self.engine.dispose()


def build(url: str, backend: str) -> World:
    from db.seed import seed_database

    engine = make_engine(url)
    upgrade(engine)
    seed_database(engine, SEED_CUSTOMERS, seed=SEED)
    install_starter_templates(engine)
    return World(url, engine, backend)


def world(backend: str, request: pytest.FixtureRequest, tmp: Any) -> Iterator[World]:
    """The module's world on ``backend`` ("sqlite" or "postgres")."""
    if backend == "sqlite":
        path = tmp.mktemp("flows") / "flows.db"
        built = build(f"sqlite:///{path.as_posix()}", "sqlite")
        try:
            yield built
        finally:
            built.close()
        return
    from tests.pgserver import unique_db_name

    server = request.getfixturevalue("pg_server")
    if not server.running:
        server.start()
    name = unique_db_name("cd_flows")
    built = build(server.create_database(name), "postgresql")
    try:
        yield built
    finally:
        built.close()
        if server.running:
            server.drop_database(name)


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
