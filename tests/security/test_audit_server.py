"""The audit trail on PostgreSQL: rows are stamped by the server, whoever the caller claims to be.

Every statement here runs as a member of staff's own login (``cd_<username>``), as a desktop runs it; the
owner only reads the result.  The issue's probe: agent01 appends a row in the administrator's name saying
that 20,000 customers were exported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from db.write import write_txn
from desktop.commands import audit as audit_command
from services.audit import AuditTrail, row_hash, row_payload, verify
from services.audit_actors import check_actors

pytestmark = pytest.mark.postgres

APPEND = text(
    "SELECT cd_audit_append(CAST(:username AS text), CAST(:user_id AS bigint), CAST(:ws AS text), "
    "CAST(:action AS text), CAST(:entity AS text), CAST(:entity_id AS text), CAST(:detail AS text))"
)


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="contactdesk")
    audit_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def stored(owner: Engine, row_id: int) -> Any:
    with owner.connect() as conn:
        return conn.execute(text("SELECT * FROM audit_log WHERE id = :id"), {"id": row_id}).one()


def rehash(row: Any) -> str:
    """The row's hash computed here, in Python, from its stored fields (services.audit's format)."""
    at = row.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return row_hash(
        row_payload(
            row.prev_hash,
            row.id,
            at,
            row.user_id,
            row.username,
            row.workstation,
            row.action,
            row.entity,
            row.entity_id,
            row.detail,
        )
    )


def test_forged_export_is_stamped_with_the_real_actor_and_reported(secured: Any, capsys: Any) -> None:
    agent = secured.login_engine("agent01")
    agent_id, admin_id = secured.user_id("agent01"), secured.user_id("admin")
    before = {v.id for v in check_actors(secured.owner).violations}
    with write_txn(agent) as conn:
        started = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        row_id = conn.execute(
            APPEND,
            {
                "username": "admin",
                "user_id": admin_id,
                "ws": "ADMIN-PC",
                "action": "export",
                "entity": "customer",
                "entity_id": None,
                "detail": json.dumps({"rows": 20_000, "what": "customers"}),
            },
        ).scalar_one()
        ended = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
    row = stored(secured.owner, row_id)
    # The actor is the login's user and the time the server's, whatever the caller said.
    assert (row.username, row.user_id) == ("agent01", agent_id)
    assert started <= row.at <= ended
    assert row.workstation == "ADMIN-PC" and json.loads(row.detail)["rows"] == 20_000
    assert rehash(row) == row.row_hash
    assert verify(secured.owner).ok

    report = check_actors(secured.owner)
    found = [v for v in report.violations if v.id not in before]
    assert [(v.id, v.username, v.user_id, v.role, v.action) for v in found] == [
        (row_id, "agent01", agent_id, "agent", "export")
    ]
    assert run_cli(["audit", "verify", "--database", secured.url]) == 1
    out = capsys.readouterr().out
    assert "OK — chain intact" in out and "the chain is intact, but" in out
    assert f"id {row_id}: agent01 (user {agent_id}, role agent) export: needs customer.export" in out


def test_python_verifier_checks_rows_the_server_wrote(secured: Any) -> None:
    lobby = secured.login_engine("lobby01")
    who = secured.principal("lobby01")
    ids: list[int] = []
    trail = AuditTrail(workstation="工作站\x1f\n\x00-7")
    # Through the service: text fields cleaned here, detail canonical JSON (control characters escaped).
    ids.append(
        trail.append(
            lobby, "ignored", "customer_view", "customer", "客户\x1f42", {"备注": "第一行\n第二行\x1f\x00", "n": 1}
        )
    )
    ids.append(trail.append(lobby, who, "reveal", "customer", 7, {"field": "phone", "reason": "客户来电核实"}))
    # Straight to the function with raw control characters everywhere: the server cleans the text fields
    # and hashes the detail exactly as it stores it.
    with write_txn(lobby) as conn:
        ids.append(
            conn.execute(
                APPEND,
                {
                    "username": "x",
                    "user_id": None,
                    "ws": "WS\x01\x1f\x7fEND",
                    "action": "edit\x1f",
                    "entity": "",
                    "entity_id": "",
                    "detail": '{"t":"a\x1fb\x19c","z":"é"}',
                },
            ).scalar_one()
        )
    rows = [stored(secured.owner, i) for i in ids]
    for row in rows:
        assert row.username == "lobby01" and row.user_id == who.user_id
        assert not any(ch in row.username + row.workstation + row.action for ch in "\x00\x01\x1f\x7f")
        assert rehash(row) == row.row_hash
    assert rows[0].workstation == "工作站\ufffd\ufffd\ufffd-7" and rows[0].entity_id == "客户\ufffd42"
    assert json.loads(rows[0].detail) == {"备注": "第一行\n第二行\x1f\x00", "n": 1}
    assert (rows[2].workstation, rows[2].action, rows[2].entity, rows[2].entity_id) == (
        "WS\ufffd\ufffd\ufffdEND",
        "edit\ufffd",
        None,
        None,
    )
    assert rows[2].detail == '{"t":"a\x1fb\x19c","z":"é"}'
    report = verify(secured.owner, batch=2)
    assert report.ok, report
    assert report.head_id == ids[-1]


def test_a_refusal_recorded_after_an_append_survives_the_rollback(secured: Any) -> None:
    """The function takes the chain lock: record_committed must not wait for it on a second connection."""
    cm = secured.login_engine("cm01")
    who = secured.principal("cm01")
    trail = AuditTrail(workstation="CM-PC")
    with pytest.raises(RuntimeError), write_txn(cm) as conn:
        viewed = trail.record(conn, who, "customer_view", "customer", 1)
        trail.record_committed(conn, who, "permission_denied", "customer", 2, {"permission": "customer.view"})
        raise RuntimeError("the service's transaction fails")
    with secured.owner.connect() as conn:
        rows = conn.execute(
            text("SELECT id, action, username FROM audit_log WHERE id >= :id ORDER BY id"), {"id": viewed}
        ).all()
    assert [(r.action, r.username) for r in rows] == [("permission_denied", "cm01")]
    assert verify(secured.owner).ok


def test_a_desktop_login_that_is_no_active_user_cannot_append(secured: Any) -> None:
    login = "desk_nobody_c1"
    with secured.owner.begin() as conn:
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")
        conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD 'nobody-pw-1' IN ROLE contactdesk_agent")
    engine = secured.engine_for(login, "nobody-pw-1")
    try:
        with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
            AuditTrail(workstation="X").record(conn, "admin", "export", "customer", None, {"rows": 1})
        assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    finally:
        engine.dispose()
        with secured.owner.begin() as conn:
            conn.exec_driver_sql(f"DROP ROLE {login}")
