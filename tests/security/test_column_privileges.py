"""Column privileges: desktops read masks and keys, never raw identifiers; they may write a raw value, not read it.

The catalog check covers every column of every table, so a raw identifier added later without a privilege
rule fails here.  The lookups the desktop's search uses (db.repositories.customers) then run under each
role's own login: they find customers by key, within the role's row-level scope.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from db import pg_report_security, pg_security
from db.pii import phone_columns
from db.repositories.customers import find_by_account, find_by_email, find_by_id_number, find_by_id_tail, find_by_phone

from .conftest import INSUFFICIENT_PRIVILEGE, STAFF, SecuredDatabase, run_refused, run_rolled_back

pytestmark = pytest.mark.postgres

# What a raw identifier is called, in any table (customer_email.address is listed in RAW_COLUMNS by table).
RAW_NAME = re.compile(r"(^|_)e164$|^id_number$|^account_no$|^street$|^password_hash$|^to_address$|^token_hash$")


def _select_privileges(secured: SecuredDatabase, role: str) -> dict[tuple[str, str], bool]:
    """(table, column) -> whether ``role`` may SELECT it, for every column of every table of the schema."""
    with secured.owner.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.table_name, c.column_name, "
                "has_column_privilege(:role, format('%I.%I', c.table_schema, c.table_name), c.column_name, 'SELECT') "
                "FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name) "
                "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
            ),
            {"role": role},
        ).tuples()
        return {(str(t), str(c)): bool(may) for t, c, may in rows}


def test_every_raw_identifier_is_listed(secured: SecuredDatabase) -> None:
    named_raw = {(t, c) for t, c in _select_privileges(secured, pg_security.GATEWAY) if RAW_NAME.search(c)}
    listed = {(t, c) for t, cols in pg_security.RAW_COLUMNS.items() for c in cols}
    hidden = {(t, c) for t, c in named_raw if t in pg_security.HIDDEN_TABLES}
    assert named_raw - hidden <= listed
    assert len(listed) >= 9


@pytest.mark.parametrize("group", [pg_security.DESKTOP, *pg_security.GROUP_ROLES.values()])
def test_desktop_groups_read_every_column_but_the_raw_ones(secured: SecuredDatabase, group: str) -> None:
    raw = {(t, c) for t, cols in pg_security.RAW_COLUMNS.items() for c in cols}
    privileges = _select_privileges(secured, group)
    assert len(privileges) > 300
    supervising = group in pg_security.SUPERVISING_GROUPS

    reports = group in {pg_security.GROUP_ROLES[role] for role in pg_report_security.READERS}

    def readable(table: str, column: str) -> bool:
        if table in pg_security.SUPERVISED_TABLES:  # dead letters: only for those who settle them
            return supervising
        if table in pg_report_security.REPORT_TABLES:  # the reports' aggregates: only for those who view reports
            return reports
        return table not in pg_security.HIDDEN_TABLES and (table, column) not in raw

    wrong = {(table, column): may for (table, column), may in privileges.items() if may != readable(table, column)}
    assert wrong == {}


def test_the_gateway_reads_every_column(secured: SecuredDatabase) -> None:
    privileges = _select_privileges(secured, pg_security.GATEWAY)
    assert [key for key, may in privileges.items() if not may] == []


@pytest.mark.parametrize("role", ["agent", "lobby_manager", "customer_manager", "supervisor"])
def test_raw_values_are_written_never_read_back(secured: SecuredDatabase, role: str) -> None:
    engine = secured.login_engine(STAFF[role])
    mine = run_rolled_back(engine, "SELECT min(id) FROM customer")[0][0]
    phone = {"c": mine, **phone_columns("+8613912345678")}
    insert = (
        "INSERT INTO customer_phone (customer_id, e164, e164_masked, e164_key, kind, is_primary, verified) "
        "VALUES (:c, :e164, :e164_masked, :e164_key, 'mobile', false, false) RETURNING "
    )
    assert [tuple(r) for r in run_rolled_back(engine, insert + "e164_masked", phone)] == [("139****5678",)]
    assert run_refused(engine, insert + "e164", phone) == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, insert + "*", phone) == INSUFFICIENT_PRIVILEGE
    update = "UPDATE customer SET id_number = '110101199001011234' WHERE id = :c"
    assert run_rolled_back(engine, update, {"c": mine}) == 1
    assert run_refused(engine, update + " RETURNING id_number", {"c": mine}) == INSUFFICIENT_PRIVILEGE
    # Nor can a WHERE on the raw value serve as an oracle ("is this the number?").
    oracle = "UPDATE customer SET occupation = occupation WHERE id = :c AND id_number LIKE '1%'"
    assert run_refused(engine, oracle, {"c": mine}) == INSUFFICIENT_PRIVILEGE
    # An outgoing message names the customer's phone row; only the gateway's sender writes the address.
    assert run_refused(engine, "UPDATE outbox_message SET to_address = '+8613900000000'") == INSUFFICIENT_PRIVILEGE


def test_the_administrator_writes_no_raw_value(secured: SecuredDatabase) -> None:
    engine = secured.login_engine("admin")
    update = "UPDATE customer SET id_number = '110101199001011234' WHERE id = 1"
    assert run_refused(engine, update) == INSUFFICIENT_PRIVILEGE
    phone = "UPDATE customer_phone SET e164 = '+8613900000000' WHERE id = 1"
    assert run_refused(engine, phone) == INSUFFICIENT_PRIVILEGE


@pytest.mark.parametrize("role", sorted(STAFF))
def test_searches_by_key_work_within_the_scope(secured: SecuredDatabase, role: str) -> None:
    """The desktop's lookups, under the role's own login: by key, and only customers the role may see."""
    me = secured.principal(STAFF[role])
    with secured.owner.connect() as conn:
        own_branch = me.branch_id or 1
        people = {}
        for where, label in (("c.branch_id = :b", "in"), ("c.branch_id <> :b AND c.manager_id IS NULL", "out")):
            people[label] = conn.execute(
                text(
                    "SELECT c.id, c.id_number, p.e164, e.address, h.account_no FROM customer c "
                    "JOIN customer_phone p ON p.customer_id = c.id JOIN customer_email e ON e.customer_id = c.id "
                    "JOIN product_holding h ON h.customer_id = c.id "
                    f"WHERE {where} ORDER BY c.id LIMIT 1"
                ),
                {"b": own_branch},
            ).one()
    everyone = pg_security.GROUP_ROLES[role] not in ("contactdesk_lobby_manager", "contactdesk_customer_manager")
    with secured.login_engine(STAFF[role]).connect() as conn:
        for label, person in people.items():
            visible = label == "in" or everyone
            for found in (
                find_by_phone(conn, person.e164),
                find_by_id_number(conn, person.id_number, 10),
                find_by_id_tail(conn, person.id_number[-6:], 50),
                find_by_email(conn, person.address, 10),
                find_by_account(conn, person.account_no, 10),
            ):
                assert (person.id in found) is visible, (role, label)
        conn.rollback()
