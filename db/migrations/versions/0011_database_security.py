"""database security: masked columns and search keys; per-user logins, row-level security, column privileges

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 12:00:00

Both databases
  Beside every raw identifier a masked form and a search key (:mod:`db.pii`): ``customer.id_number_masked``,
  ``id_number_key`` and ``id_tail`` (the reversed full number ``id_number_rev`` goes: it *was* the number),
  ``customer_phone.e164_masked``/``e164_key``, ``customer_email.address_masked``/``address_key``,
  ``product_holding.account_masked``/``account_key``, ``call.from_masked``/``to_masked`` and
  ``outbox_message.to_masked`` (whose full address may now be left to the sender, found from
  ``to_phone_id``/``to_email_id``).  ``app_user.db_login`` names a user's own PostgreSQL login.
  Existing rows are filled in here.

PostgreSQL only (the statements are in :mod:`db.pg_security`)
  Group roles per ContactDesk role, column privileges that leave raw values to the gateway, row-level
  security with the services' scope, and the ``SECURITY DEFINER`` functions through which desktops
  append audit rows, reveal a value, take a stream token and administer users.  docs/database-security.md
  tells the whole design.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_security
from db.pii import account_columns, email_columns, id_number_columns, mask_phone, phone_columns

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _add_columns() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("id_number_masked", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("id_number_key", sa.String(32), nullable=False, server_default=""))
        batch.add_column(
            sa.Column(
                "id_tail",
                sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql"),
                nullable=False,
                server_default="",
            )
        )
    with op.batch_alter_table("customer_phone") as batch:
        batch.add_column(sa.Column("e164_masked", sa.String(24), nullable=False, server_default=""))
        batch.add_column(sa.Column("e164_key", sa.String(32), nullable=False, server_default=""))
    with op.batch_alter_table("customer_email") as batch:
        batch.add_column(sa.Column("address_masked", sa.String(254), nullable=False, server_default=""))
        batch.add_column(sa.Column("address_key", sa.String(32), nullable=False, server_default=""))
    with op.batch_alter_table("product_holding") as batch:
        batch.add_column(sa.Column("account_masked", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("account_key", sa.String(32), nullable=False, server_default=""))
    with op.batch_alter_table("call") as batch:
        batch.add_column(sa.Column("from_masked", sa.String(24)))
        batch.add_column(sa.Column("to_masked", sa.String(24)))
        batch.add_column(sa.Column("from_key", sa.String(32)))
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("to_masked", sa.String(254), nullable=False, server_default=""))
        batch.add_column(sa.Column("to_phone_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch.add_column(sa.Column("to_email_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch.alter_column("to_address", existing_type=sa.String(254), nullable=True)
        batch.create_foreign_key(
            "fk_outbox_message_to_phone_id_customer_phone",
            "customer_phone",
            ["to_phone_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_outbox_message_to_email_id_customer_email",
            "customer_email",
            ["to_email_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("db_login", sa.String(63)))
        batch.create_unique_constraint("uq_app_user_db_login", ["db_login"])


def _fill(table: str, select_sql: str, compute: object) -> None:
    """Fill the new columns of existing rows in batches (``compute(row) -> dict`` of the new values)."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.text(select_sql), {"last": last, "n": BATCH}).all()
        if not rows:
            return
        updates = [{"row_id": r[0], **compute(r)} for r in rows]  # type: ignore[operator]
        names = [k for k in updates[0] if k != "row_id"]
        sets = ", ".join(f"{name} = :{name}" for name in names)
        bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE id = :row_id"), updates)
        last = rows[-1][0]


def _backfill() -> None:
    def customer(r: sa.Row) -> dict[str, object]:
        cols = id_number_columns(r[1] or "")
        return {k: cols[k] for k in ("id_number_masked", "id_number_key", "id_tail")}

    def phone(r: sa.Row) -> dict[str, object]:
        cols = phone_columns(r[1] or "")
        return {"e164_masked": cols["e164_masked"], "e164_key": cols["e164_key"]}

    def email(r: sa.Row) -> dict[str, object]:
        cols = email_columns(r[1] or "")
        return {"address_masked": cols["address_masked"], "address_key": cols["address_key"]}

    def holding(r: sa.Row) -> dict[str, object]:
        cols = account_columns(r[1] or "", r[2])
        return {"account_masked": cols["account_masked"], "account_key": cols["account_key"]}

    def call(r: sa.Row) -> dict[str, object]:
        return {
            "from_masked": mask_phone(r[1]) or None,
            "to_masked": mask_phone(r[2]) or None,
            "from_key": phone_columns(r[1])["e164_key"] if r[1] else None,
        }

    def outbox(r: sa.Row) -> dict[str, object]:
        address = r[1] or ""
        masked = email_columns(address)["address_masked"] if "@" in address else mask_phone(address)
        return {"to_masked": masked}

    page = "WHERE id > :last ORDER BY id LIMIT :n"
    _fill("customer", f"SELECT id, id_number FROM customer {page}", customer)
    _fill("customer_phone", f"SELECT id, e164 FROM customer_phone {page}", phone)
    _fill("customer_email", f"SELECT id, address FROM customer_email {page}", email)
    _fill("product_holding", f"SELECT id, account_no, kind FROM product_holding {page}", holding)
    _fill("call", f"SELECT id, from_e164, to_e164 FROM call {page}", call)
    _fill("outbox_message", f"SELECT id, to_address FROM outbox_message {page}", outbox)


def _reversed_id(r: sa.Row) -> dict[str, object]:
    """Migration 0001's tail key: the whole ID number, upper-cased and reversed."""
    return {"id_number_rev": (r[1] or "").upper()[::-1]}


def _indexes() -> None:
    op.drop_index("ix_customer_id_number", table_name="customer")
    op.drop_index("ix_customer_id_number_rev", table_name="customer")
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("id_number_rev")
    op.create_index("ix_customer_id_number_key", "customer", ["id_number_key"])
    op.create_index("ix_customer_id_tail", "customer", ["id_tail"])
    op.drop_index("ix_customer_phone_e164", table_name="customer_phone")
    op.create_index("ix_customer_phone_e164_key", "customer_phone", ["e164_key", "customer_id"])
    op.drop_index("ix_customer_email_address", table_name="customer_email")
    op.create_index("ix_customer_email_address_key", "customer_email", ["address_key"])
    op.drop_index("ix_product_holding_account_no", table_name="product_holding")
    op.create_index("ix_product_holding_account_key", "product_holding", ["account_key"])


def upgrade() -> None:
    _add_columns()
    _backfill()
    _indexes()
    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_security.uninstall(bind)
    op.drop_index("ix_product_holding_account_key", table_name="product_holding")
    op.create_index("ix_product_holding_account_no", "product_holding", ["account_no"])
    op.drop_index("ix_customer_email_address_key", table_name="customer_email")
    op.create_index("ix_customer_email_address", "customer_email", ["address"])
    op.drop_index("ix_customer_phone_e164_key", table_name="customer_phone")
    op.create_index("ix_customer_phone_e164", "customer_phone", ["e164", "customer_id"])
    op.drop_index("ix_customer_id_tail", table_name="customer")
    op.drop_index("ix_customer_id_number_key", table_name="customer")
    with op.batch_alter_table("customer") as batch:
        batch.add_column(
            sa.Column(
                "id_number_rev",
                sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql"),
                nullable=False,
                server_default="",
            )
        )
    _fill("customer", "SELECT id, id_number FROM customer WHERE id > :last ORDER BY id LIMIT :n", _reversed_id)
    op.create_index("ix_customer_id_number_rev", "customer", ["id_number_rev"])
    op.create_index("ix_customer_id_number", "customer", ["id_number"])
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("uq_app_user_db_login", type_="unique")
        batch.drop_column("db_login")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_constraint("fk_outbox_message_to_email_id_customer_email", type_="foreignkey")
        batch.drop_constraint("fk_outbox_message_to_phone_id_customer_phone", type_="foreignkey")
        batch.drop_column("to_email_id")
        batch.drop_column("to_phone_id")
        batch.drop_column("to_masked")
    with op.batch_alter_table("call") as batch:
        batch.drop_column("from_key")
        batch.drop_column("to_masked")
        batch.drop_column("from_masked")
    for table, cols in (
        ("product_holding", ("account_key", "account_masked")),
        ("customer_email", ("address_key", "address_masked")),
        ("customer_phone", ("e164_key", "e164_masked")),
        ("customer", ("id_tail", "id_number_key", "id_number_masked")),
    ):
        with op.batch_alter_table(table) as batch:
            for col in cols:
                batch.drop_column(col)
