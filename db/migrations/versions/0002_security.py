"""security: audit_log append-only, detail as canonical JSON text, desktop role

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00

* ``audit_log.detail`` becomes TEXT: the canonical JSON is stored exactly as it was hashed, so the
  verifier never re-serialises it.  The unique index on ``row_hash`` goes: the primary key on the
  contiguous ids already prevents a fork, and a random 64-character key made every append slower
  and the table half as large again.
* PostgreSQL: ``audit_chain_head()`` takes the chain's advisory lock and returns the head in one
  round trip (see :mod:`services.audit`).
* PostgreSQL: triggers refuse UPDATE and DELETE of any audit row and TRUNCATE of the table, for
  every role including the owner (a superuser can still disable triggers; the hash chain is what
  exposes that).
* PostgreSQL: the NOLOGIN group role ``contactdesk_desktop``.  Every desktop signs in to the database
  with a login role that is a member of it, for example::

      CREATE ROLE desk_sh01 LOGIN PASSWORD '...' IN ROLE contactdesk_desktop;

  It may SELECT, INSERT, UPDATE and DELETE every table and use every sequence, but on
  ``audit_log`` only SELECT and INSERT, and on ``alembic_version`` only SELECT.  Tables created later
  by the migrating role are granted the same way (default privileges).  The role is created only if
  missing; when the migrating role lacks CREATEROLE the step is skipped with a NOTICE — then have a
  superuser run ``CREATE ROLE contactdesk_desktop NOLOGIN`` and the GRANT/REVOKE statements of
  ``PG_ROLE`` below (or create the role before the first ``contactdesk db upgrade``).
* SQLite: triggers refuse UPDATE and DELETE of audit rows (protection against mistakes only: anyone
  who can write the file can drop them).  A future batch ALTER of ``audit_log`` on SQLite recreates
  the table and must create these triggers again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DESKTOP_ROLE = "contactdesk_desktop"

# One round trip for "take the chain lock, then read the head": a VOLATILE function takes a fresh snapshot
# for each statement, so the SELECT sees every append committed while it waited for the lock.  The key
# is services.audit.CHAIN_LOCK_KEY ("CDAUDIT1").
PG_CHAIN_HEAD = """
CREATE OR REPLACE FUNCTION audit_chain_head(OUT head_id bigint, OUT head_hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4847070933431178289);
    SELECT id, row_hash INTO head_id, head_hash FROM audit_log ORDER BY id DESC LIMIT 1;
END
$$;
"""

PG_TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows can only be added. contactdesk audit verify checks the chain.';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""

PG_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{DESKTOP_ROLE}') THEN
        BEGIN
            CREATE ROLE {DESKTOP_ROLE} NOLOGIN;
        EXCEPTION
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'contactdesk: role {DESKTOP_ROLE} not created: % (needs CREATEROLE); '
                             'create it as a superuser and grant it as migration 0002 describes', SQLERRM;
                RETURN;
            WHEN duplicate_object THEN
                NULL;  -- created meanwhile by a migration of another database on this server
        END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {DESKTOP_ROLE}', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {DESKTOP_ROLE}',
                   current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO {DESKTOP_ROLE}', current_schema());
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {DESKTOP_ROLE};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {DESKTOP_ROLE};
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {DESKTOP_ROLE}',
                   current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO {DESKTOP_ROLE}',
                   current_schema());
END
$$;
"""

PG_UNDO = f"""
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only();
DROP FUNCTION IF EXISTS audit_chain_head();
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{DESKTOP_ROLE}') THEN
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM {DESKTOP_ROLE}', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM {DESKTOP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM {DESKTOP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM {DESKTOP_ROLE}', current_schema());
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM {DESKTOP_ROLE}', current_schema());
    END IF;
END
$$;
"""

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint("uq_audit_log_row_hash", type_="unique")
        batch_op.alter_column(
            "detail",
            existing_type=sa.JSON(),
            type_=sa.Text(),
            existing_nullable=True,
            postgresql_using="detail::text",
        )
    if dialect == "postgresql":
        op.execute(PG_CHAIN_HEAD)
        op.execute(PG_TRIGGERS)
        op.execute(PG_ROLE)
    elif dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_UNDO)
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column(
            "detail",
            existing_type=sa.Text(),
            type_=sa.JSON(),
            existing_nullable=True,
            postgresql_using="detail::json",
        )
        batch_op.create_unique_constraint("uq_audit_log_row_hash", ["row_hash"])
