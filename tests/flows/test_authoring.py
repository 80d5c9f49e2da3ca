"""Authoring service flows on both databases: versions, four eyes, conflicts, publication, comparison, files.

The module builds one small bank per backend (migrated, staff, the starter message templates); every test
works on flow codes of its own.  The last tests run on PostgreSQL as the staff's own logins (the database
enforces who writes flows and which runs each role sees) and take migration 0012 down and up again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from db.engine import make_engine
from db.migrate import alembic_config, head_revision, upgrade
from db.models import AuditLog, Branch, FlowRun, FlowRunStep, ServiceFlow, User
from db.models.base import utcnow
from db.repositories.customer_write import add_customer
from db.repositories.versioning import StaleVersion
from services.audit import AuditTrail
from services.flows.authoring import Change, FlowAuthoring
from services.flows.definition import parse
from services.flows.errors import FlowFormatError, FlowInvalid, FlowNotAllowed, FlowNotFound
from services.messaging import install_starter_templates
from services.messaging.rendering import Renderer
from services.messaging.templates import TemplateAuthoring, TemplateDraft
from services.permissions import PermissionDenied, Principal, ensure_roles
from tests.pgserver import unique_db_name
from tests.security.conftest import INSUFFICIENT_PRIVILEGE, SecuredDatabase, run_refused, run_rolled_back, secured

__all__ = ["Bank", "bank_on", "flow_doc", "secured"]


@dataclass
class Bank:
    engine: Engine
    authoring: FlowAuthoring
    audit: AuditTrail
    agent: Principal
    author: Principal
    approver: Principal
    third: Principal
    customer: int


def bank_on(engine: Engine) -> Bank:
    """Staff (an agent and three supervisors), one customer and the starter templates in a migrated database."""
    with engine.begin() as conn:
        ensure_roles(conn)
        branch = conn.execute(
            insert(Branch)
            .values(
                code="SH01", name="上海徐汇支行", city="上海", district="徐汇区", address="漕溪北路8号", phone="021-1"
            )
            .returning(Branch.id)
        ).scalar_one()

        def user(name: str, role: str) -> Principal:
            uid = conn.execute(
                insert(User)
                .values(username=name, display_name=name, role_code=role, branch_id=branch)
                .returning(User.id)
            ).scalar_one()
            return Principal(user_id=int(uid), username=name, role=role, branch_id=branch, workstation="test")

        staff = [
            user("agent", "agent"),
            user("author", "supervisor"),
            user("approver", "supervisor"),
            user("third", "supervisor"),
        ]
        customer = add_customer(
            conn,
            cif_no="CIF00000001",
            name="张伟",
            gender="M",
            id_number="310104198001010011",
            id_type="resident_id",
            branch_id=branch,
            segment="mass",
            lifecycle_stage="active",
            tier="gold",
        )
    install_starter_templates(engine)
    audit = AuditTrail()
    agent, author, approver, third = staff
    return Bank(engine, FlowAuthoring(engine, audit), audit, agent, author, approver, third, customer)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def bank(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bank]:
    server = None
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp_path_factory.mktemp('flows') / 'authoring.db').as_posix()}"
    else:
        server = request.getfixturevalue("pg_server")
        if not server.running:
            server.start()
        name = unique_db_name("cd_flows")
        url = server.create_database(name)
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield bank_on(engine)
    finally:
        engine.dispose()
        if server is not None and server.running:
            server.drop_database(name)


def flow_doc(code: str, *, template: str = "card_loss_confirmation_sms", extra: str = "") -> dict[str, Any]:
    return {
        "schema": "contactdesk.flow/1",
        "code": code,
        "name": {"zh_CN": "挂失", "en": "Card loss"},
        "start": "greet",
        "steps": [
            {"id": "greet", "kind": "say", "text": f"您好，{{{{ customer.name }}}}{extra}", "next": "kind"},
            {
                "id": "kind",
                "kind": "ask",
                "text": "哪种卡？",
                "var": "card_kind",
                "answer": {
                    "type": "choice",
                    "options": [{"value": "debit", "label": "借记卡"}, {"value": "credit", "label": "信用卡"}],
                },
                "next": "send",
            },
            {
                "id": "send",
                "kind": "action",
                "action": {"type": "send_template", "template": template, "channel": "sms"},
                "next": "done",
                "on_error": "done",
            },
            {"id": "done", "kind": "end", "outcome": "service.card_loss"},
        ],
    }


def published_flow(bank: Bank, code: str, doc: dict[str, Any] | None = None) -> int:
    """A version taken through the whole workflow by the author and the approver; returns its id."""
    a = bank.authoring
    flow_id = a.create(bank.author, parse(doc or flow_doc(code)))
    version = a.submit(bank.author, flow_id, 1)
    version = a.approve(bank.approver, flow_id, version)
    a.publish(bank.author, flow_id, version)
    return flow_id


def test_a_version_goes_draft_submitted_approved_published_retired(bank: Bank) -> None:
    a = bank.authoring
    flow_id = a.create(bank.author, parse(flow_doc("life_cycle")))
    found = a.get(flow_id)
    assert (found.status, found.info.version_no, found.version, found.info.author_id) == (
        "draft",
        1,
        1,
        bank.author.user_id,
    )
    assert (
        found.info.name.zh_CN == "挂失" and found.info.name.en == "Card loss" and found.definition.code == "life_cycle"
    )
    assert a.published("life_cycle") is None
    version = a.save(bank.author, flow_id, 1, parse(flow_doc("life_cycle", extra="，欢迎致电")))
    assert version == 2
    version = a.submit(bank.author, flow_id, version)
    info = a.get(flow_id).info
    assert info.status == "submitted" and info.submitted_by_id == bank.author.user_id and info.submitted_at is not None
    version = a.withdraw(bank.author, flow_id, version)
    assert a.get(flow_id).status == "draft" and a.get(flow_id).info.submitted_at is None
    version = a.submit(bank.author, flow_id, version)
    version = a.approve(bank.approver, flow_id, version)
    info = a.get(flow_id).info
    assert info.status == "approved" and info.approver_id == bank.approver.user_id and info.approved_at is not None
    assert a.published("life_cycle") is None  # approved is not yet in force
    version = a.publish(bank.author, flow_id, version)
    live = a.published("life_cycle")
    assert live is not None and live.id == flow_id and live.info.published_by_id == bank.author.user_id
    greeting = live.definition.step("greet").text
    assert greeting is not None and "欢迎致电" in greeting.zh_CN
    with pytest.raises(FlowNotAllowed):
        a.save(bank.author, flow_id, version, live.definition)  # a published version is never edited
    a.retire(bank.author, flow_id, version)
    assert a.get(flow_id).status == "retired" and a.get(flow_id).info.retired_at is not None
    assert a.published("life_cycle") is None
    with pytest.raises(FlowNotFound):
        a.get(10**9)


def test_publishing_a_new_version_retires_the_old_one_and_runs_keep_their_version(bank: Bank) -> None:
    a = bank.authoring
    v1 = published_flow(bank, "renewal_v")
    with bank.engine.begin() as conn:
        run = conn.execute(
            insert(FlowRun)
            .values(
                flow_id=v1,
                customer_id=bank.customer,
                user_id=bank.agent.user_id,
                started_at=utcnow(),
                current_step="kind",
                answers={},
                path=["greet", "kind"],
            )
            .returning(FlowRun.id)
        ).scalar_one()
    with pytest.raises(FlowNotAllowed):
        a.create(bank.author, parse(flow_doc("renewal_v")))  # the code exists: make a version instead
    v2 = a.new_version(bank.third, v1)
    assert (
        a.get(v2).info.version_no == 2
        and a.get(v2).status == "draft"
        and a.get(v2).info.author_id == bank.third.user_id
    )
    with pytest.raises(FlowNotAllowed):
        a.new_version(bank.author, v1)  # one open version at a time
    version = a.save(bank.third, v2, 1, parse(flow_doc("renewal_v", extra="！")))
    version = a.submit(bank.third, v2, version)
    version = a.approve(bank.author, v2, version)
    live = a.published("renewal_v")
    assert live is not None and live.id == v1  # approval alone changes nothing for agents
    a.publish(bank.approver, v2, version)
    live = a.published("renewal_v")
    assert live is not None and live.id == v2
    assert [(i.version_no, i.status) for i in a.versions("renewal_v")] == [(2, "published"), (1, "retired")]
    assert a.get(v1).info.retired_at is not None
    with bank.engine.connect() as conn:
        assert conn.execute(select(FlowRun.flow_id).where(FlowRun.id == run)).scalar_one() == v1
    assert a.get(v1).definition == parse(flow_doc("renewal_v"))  # the run's version is kept as it was
    assert {i.code for i in a.listing()} >= {"renewal_v"}
    assert next(i for i in a.listing() if i.code == "renewal_v").version_no == 2


def test_nobody_who_wrote_a_version_may_approve_it(bank: Bank) -> None:
    a = bank.authoring
    flow_id = a.create(bank.author, parse(flow_doc("four_eyes")))
    version = a.save(bank.approver, flow_id, 1, parse(flow_doc("four_eyes", extra="。")))  # the approver edits too
    version = a.submit(bank.author, flow_id, version)
    for who in (bank.author, bank.approver):
        with pytest.raises(FlowNotAllowed) as caught:
            a.approve(who, flow_id, version)
        assert "another flow author" in caught.value.en
    with bank.engine.connect() as conn:
        refusals = conn.execute(
            select(AuditLog.user_id, AuditLog.detail).where(
                AuditLog.action == "permission_denied",
                AuditLog.entity == "service_flow",
                AuditLog.entity_id == str(flow_id),
            )
        ).all()
    assert sorted(r.user_id for r in refusals) == sorted([bank.author.user_id, bank.approver.user_id])
    assert all('"four_eyes"' in r.detail for r in refusals)
    assert a.get(flow_id).status == "submitted"
    a.approve(bank.third, flow_id, version)
    assert a.get(flow_id).status == "approved" and a.get(flow_id).info.editor_ids == (
        bank.author.user_id,
        bank.approver.user_id,
    )


def test_flow_author_is_required_and_refusals_are_audited(bank: Bank) -> None:
    a = bank.authoring
    with pytest.raises(PermissionDenied):
        a.create(bank.agent, parse(flow_doc("agent_flow")))
    flow_id = a.create(bank.author, parse(flow_doc("agent_touch")))
    for attempt in (
        lambda: a.save(bank.agent, flow_id, 1, parse(flow_doc("agent_touch"))),
        lambda: a.submit(bank.agent, flow_id, 1),
        lambda: a.new_version(bank.agent, flow_id),
        lambda: a.export(bank.agent, flow_id),
        lambda: a.import_file(bank.agent, a.export(bank.author, flow_id)),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with bank.engine.connect() as conn:
        denied = (
            conn.execute(
                select(AuditLog.detail).where(
                    AuditLog.action == "permission_denied", AuditLog.user_id == bank.agent.user_id
                )
            )
            .scalars()
            .all()
        )
    assert len(denied) == 6 and all('"flow.author"' in (d or "") for d in denied)
    assert a.get(flow_id).version == 1  # nothing was written
    assert a.versions("agent_flow") == []


def test_two_supervisors_saving_one_draft_the_later_save_is_refused_with_the_current_version(bank: Bank) -> None:
    a = bank.authoring
    flow_id = a.create(bank.author, parse(flow_doc("shared_draft")))
    loaded_by_author = a.get(flow_id)
    loaded_by_third = a.get(flow_id)
    first = parse(flow_doc("shared_draft", extra="（作者修改）"))
    assert a.save(bank.author, flow_id, loaded_by_author.version, first) == 2
    with pytest.raises(StaleVersion) as caught:
        a.save(bank.third, flow_id, loaded_by_third.version, parse(flow_doc("shared_draft", extra="（第三人修改）")))
    stale = caught.value
    assert stale.expected == 1 and stale.current is not None and stale.current["version"] == 2
    assert parse(stale.current["definition"]) == first
    assert a.get(flow_id).definition == first  # the later save wrote nothing
    assert a.save(bank.third, flow_id, 2, parse(flow_doc("shared_draft", extra="（合并）"))) == 3
    with pytest.raises(StaleVersion):
        a.submit(bank.author, flow_id, 2)
    with pytest.raises(FlowNotAllowed):
        a.save(bank.author, flow_id, 3, parse(flow_doc("another_code")))


def test_submission_and_approval_refuse_a_flow_with_problems(bank: Bank) -> None:
    a = bank.authoring
    doc = flow_doc("broken_one", template="no_such_template_sms")
    doc["steps"][0]["next"] = "missing"
    flow_id = a.create(bank.author, parse(doc))  # a draft may have problems
    assert {(p.step_id, p.code) for p in a.problems(a.get(flow_id).definition)} == {
        ("greet", "unknown_target"),
        ("greet", "no_end"),
        ("kind", "unreachable"),
        ("send", "unreachable"),
        ("send", "template_unknown"),
        ("done", "unreachable"),
    }
    with pytest.raises(FlowInvalid) as caught:
        a.submit(bank.author, flow_id, 1)
    assert len(caught.value.problems) == 6 and "cannot be submitted" in caught.value.en
    assert a.get(flow_id).status == "draft"


def test_publishing_refuses_when_a_template_was_retired_after_approval(bank: Bank) -> None:
    renderer, clock = Renderer(), utcnow
    templates = TemplateAuthoring(renderer, bank.audit, clock)
    draft = TemplateDraft(
        code="flow_notice_sms",
        channel="sms",
        locale="zh_CN",
        name="流程通知",
        purpose="service",
        body_text="【{{ bank_name }}】您的业务已办理。",
        variables={"bank_name": "text"},
    )
    with bank.engine.begin() as conn:
        template_id = templates.create(conn, bank.author, draft)
        version = templates.submit(conn, bank.author, template_id, 1)
        version = templates.approve(conn, bank.approver, template_id, version)
    a = bank.authoring
    v1 = published_flow(bank, "notice_flow", flow_doc("notice_flow", template="flow_notice_sms"))
    v2 = a.new_version(bank.author, v1)
    version2 = a.submit(bank.author, v2, 1)
    version2 = a.approve(bank.approver, v2, version2)
    with bank.engine.begin() as conn:
        templates.retire(conn, bank.approver, template_id, version)
    with pytest.raises(FlowInvalid) as caught:
        a.publish(bank.author, v2, version2)
    assert [(p.step_id, p.code) for p in caught.value.problems] == [("send", "template_retired")]
    assert "flow_notice_sms" in caught.value.en and "cannot be published" in caught.value.en
    live = a.published("notice_flow")
    assert live is not None and live.id == v1 and a.get(v2).status == "approved"
    # the way out: a version that sends a template in use
    version2 = a.withdraw(bank.author, v2, version2)
    version2 = a.save(bank.author, v2, version2, parse(flow_doc("notice_flow")))
    version2 = a.submit(bank.author, v2, version2)
    version2 = a.approve(bank.third, v2, version2)
    a.publish(bank.author, v2, version2)
    assert a.published("notice_flow").id == v2  # type: ignore[union-attr]


def test_compare_lists_added_removed_and_changed_steps_and_fields(bank: Bank) -> None:
    a = bank.authoring
    v1 = published_flow(bank, "compared")
    v2 = a.new_version(bank.author, v1)
    doc = flow_doc("compared")
    doc["name"] = {"zh_CN": "挂失（新）", "en": "Card loss (new)"}
    doc["steps"][0]["text"] = "新的问候"
    doc["steps"][1]["pii"] = True
    doc["steps"][2] = {"id": "terms", "kind": "read_aloud", "text": "条款", "next": "done"}
    doc["steps"][1]["next"] = "terms"
    a.save(bank.author, v2, 1, parse(doc))
    assert a.compare(v1, v2) == [
        Change(None, "changed", ("name",)),
        Change("greet", "changed", ("text",)),
        Change("kind", "changed", ("pii", "next")),
        Change("terms", "added"),
        Change("send", "removed"),
    ]
    assert a.compare(v2, v2) == []


def test_export_and_import_move_a_flow_between_databases(bank: Bank, tmp_path: Path) -> None:
    a = bank.authoring
    v1 = published_flow(bank, "moved_flow")
    yaml_text = a.export(bank.author, v1)
    json_text = a.export(bank.author, v1, "json")
    assert (
        yaml_text.startswith("schema: contactdesk.flow/1\ncode: moved_flow\n") and '"code": "moved_flow"' in json_text
    )
    # into "another database": a fresh SQLite bank
    other = make_engine(f"sqlite:///{(tmp_path / 'prod.db').as_posix()}")
    try:
        upgrade(other)
        prod = bank_on(other)
        imported = prod.authoring.import_file(prod.author, yaml_text)
        assert prod.authoring.get(imported).definition == a.get(v1).definition
        assert prod.authoring.get(imported).status == "draft" and prod.authoring.get(imported).info.version_no == 1
    finally:
        other.dispose()
    # back into this one: a new draft version of the code, once nothing is open
    again = a.import_file(bank.third, json_text, "json")
    assert a.get(again).info.version_no == 2 and a.get(again).info.author_id == bank.third.user_id
    with pytest.raises(FlowNotAllowed):
        a.import_file(bank.third, yaml_text)
    with pytest.raises(FlowFormatError) as caught:
        a.import_file(bank.third, yaml_text.replace("kind: ask", "kind: interrogate"))
    assert caught.value.path == "steps[1].kind"


def test_every_change_is_audited(bank: Bank) -> None:
    v1 = published_flow(bank, "audited_flow")
    a = bank.authoring
    v2 = a.new_version(bank.author, v1)
    version = a.save(bank.author, v2, 1, parse(flow_doc("audited_flow", extra="。")))
    version = a.submit(bank.author, v2, version)
    version = a.withdraw(bank.author, v2, version)
    version = a.submit(bank.author, v2, version)
    version = a.approve(bank.approver, v2, version)
    a.publish(bank.author, v2, version)
    with bank.engine.connect() as conn:
        rows = conn.execute(
            select(AuditLog.entity_id, AuditLog.action, AuditLog.user_id)
            .where(AuditLog.entity == "service_flow", AuditLog.entity_id.in_([str(v1), str(v2)]))
            .order_by(AuditLog.id)
        ).all()
    assert [(int(e), act) for e, act, _ in rows] == [
        (v1, "flow_create"),
        (v1, "flow_submit"),
        (v1, "flow_approve"),
        (v1, "flow_publish"),
        (v2, "flow_create"),
        (v2, "flow_edit"),
        (v2, "flow_submit"),
        (v2, "flow_withdraw"),
        (v2, "flow_submit"),
        (v2, "flow_approve"),
        (v1, "flow_retire"),
        (v2, "flow_publish"),
    ]
    assert rows[-3][2] == bank.approver.user_id and rows[-1][2] == bank.author.user_id


def test_the_database_allows_one_published_version_per_code(bank: Bank) -> None:
    published_flow(bank, "only_one")
    row = {"code": "only_one", "name": "x", "definition": flow_doc("only_one"), "status": "published"}
    with pytest.raises(IntegrityError), bank.engine.begin() as conn:
        conn.execute(insert(ServiceFlow).values(version_no=9, **row))
    with bank.engine.begin() as conn:  # any number of retired ones
        conn.execute(insert(ServiceFlow).values(version_no=8, **{**row, "status": "retired"}))
        conn.execute(insert(ServiceFlow).values(version_no=9, **{**row, "status": "retired"}))
    plan_index = {i["name"] for i in inspect(bank.engine).get_indexes("service_flow")}
    assert "ix_service_flow_published" in plan_index


def test_migration_0012_goes_down_and_up_again(any_url: str) -> None:
    engine = make_engine(any_url)
    try:
        upgrade(engine)
        cfg = alembic_config()
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
                conn.commit()
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "0011")
        tables = set(inspect(engine).get_table_names())
        assert "flow_run_step" not in tables and "flow_rule" not in tables
        assert "status" not in {c["name"] for c in inspect(engine).get_columns("flow_run")}
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                assert not conn.execute(text("SELECT relrowsecurity FROM pg_class WHERE relname = 'flow_run'")).scalar()
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            if engine.dialect.name == "postgresql":
                secured_tables = (
                    conn.execute(
                        text(
                            "SELECT relname FROM pg_class WHERE relrowsecurity AND relname LIKE 'flow_run%' ORDER BY 1"
                        )
                    )
                    .scalars()
                    .all()
                )
                assert secured_tables == ["flow_run", "flow_run_step"]
                definition = conn.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_flow_run_flow_status'")
                ).scalar_one()
                assert definition.endswith("(flow_id, status, current_step) INCLUDE (outcome, duration_s)")
    finally:
        engine.dispose()


# -- PostgreSQL as the staff's own logins ------------------------------------------------------------------------
@pytest.mark.postgres
def test_supervisors_author_flows_with_their_own_logins_and_agents_cannot_write_them(secured: SecuredDatabase) -> None:
    with secured.owner.connect() as conn:
        supervisors = (
            conn.execute(
                text("SELECT username FROM app_user WHERE role_code = 'supervisor' AND is_active ORDER BY id LIMIT 2")
            )
            .scalars()
            .all()
        )
    assert len(supervisors) == 2
    install_starter_templates(secured.owner)
    first, second = (secured.principal(name) for name in supervisors)
    audit = AuditTrail()
    mine = FlowAuthoring(secured.login_engine(supervisors[0]), audit)
    theirs = FlowAuthoring(secured.login_engine(supervisors[1]), audit)
    flow_id = mine.create(first, parse(flow_doc("own_login")))
    version = mine.submit(first, flow_id, 1)
    version = theirs.approve(second, flow_id, version)
    theirs.publish(second, flow_id, version)
    assert mine.published("own_login").id == flow_id  # type: ignore[union-attr]
    with secured.owner.connect() as conn:
        actors = conn.execute(
            text(
                "SELECT action, username FROM audit_log WHERE entity = 'service_flow' AND entity_id = :id ORDER BY id"
            ),
            {"id": str(flow_id)},
        ).all()
    assert [tuple(r) for r in actors] == [
        ("flow_create", supervisors[0]),
        ("flow_submit", supervisors[0]),
        ("flow_approve", supervisors[1]),
        ("flow_publish", supervisors[1]),
    ]
    agent = secured.login_engine("agent01")
    assert run_rolled_back(agent, "SELECT count(*) FROM service_flow WHERE code = 'own_login'") == [(1,)]
    update_sql = "UPDATE service_flow SET status = 'retired' WHERE id = :id"
    assert run_refused(agent, update_sql, {"id": flow_id}) == INSUFFICIENT_PRIVILEGE
    assert (
        run_refused(agent, "INSERT INTO flow_rule (flow_code, created_at) VALUES ('own_login', now())")
        == INSUFFICIENT_PRIVILEGE
    )
    with pytest.raises(DBAPIError):
        FlowAuthoring(agent, audit).create(
            Principal(user_id=first.user_id, username="agent01", role="supervisor"), parse(flow_doc("forged"))
        )  # a desktop that lies about its role still cannot write: the database refuses the login


@pytest.mark.postgres
def test_flow_runs_are_seen_as_their_customers_are(secured: SecuredDatabase) -> None:
    lobby = secured.principal("lobby01")
    with secured.owner.begin() as conn:
        home, away = (
            conn.execute(
                text(f"SELECT min(id) FROM customer WHERE branch_id {op} :b"), {"b": lobby.branch_id}
            ).scalar_one()
            for op in ("=", "<>")
        )
        flow_id = conn.execute(
            insert(ServiceFlow)
            .values(code="rls_probe", version_no=1, name="探测", definition=flow_doc("rls_probe"), status="retired")
            .returning(ServiceFlow.id)
        ).scalar_one()
        agent_id = secured.user_id("agent01")
        runs = {}
        for label, customer in (("home", home), ("away", away), ("none_mine", None), ("none_agent", None)):
            user = lobby.user_id if label == "none_mine" else agent_id
            runs[label] = conn.execute(
                insert(FlowRun)
                .values(
                    flow_id=flow_id,
                    customer_id=customer,
                    user_id=user,
                    started_at=dt.datetime.now(dt.UTC),
                    answers={},
                    path=[],
                )
                .returning(FlowRun.id)
            ).scalar_one()
            conn.execute(
                insert(FlowRunStep).values(
                    run_id=runs[label], seq=1, step_id="greet", kind="say", at=dt.datetime.now(dt.UTC)
                )
            )
    ids = {"ids": list(runs.values())}
    seen = "SELECT id FROM flow_run WHERE id = ANY(:ids) ORDER BY id"
    steps = "SELECT run_id FROM flow_run_step WHERE run_id = ANY(:ids) ORDER BY run_id"
    everyone = sorted(runs.values())
    for username, expected in (
        ("agent01", everyone),
        ("super01", everyone),
        ("admin", everyone),
        ("lobby01", sorted([runs["home"], runs["none_mine"]])),
    ):
        engine = secured.login_engine(username)
        assert [r[0] for r in run_rolled_back(engine, seen, ids)] == expected, username
        assert [r[0] for r in run_rolled_back(engine, steps, ids)] == expected, username
    admin = secured.login_engine("admin")
    assert run_rolled_back(admin, "UPDATE flow_run SET outcome = 'x' WHERE id = ANY(:ids)", ids) == 0  # reads only
    lobby_engine = secured.login_engine("lobby01")
    assert run_rolled_back(lobby_engine, "UPDATE flow_run SET outcome = 'x' WHERE id = ANY(:ids)", ids) == 2
    with secured.owner.begin() as conn:
        conn.execute(update(FlowRun).where(FlowRun.flow_id == flow_id).values(status="abandoned"))
