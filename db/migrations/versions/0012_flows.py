"""guided service flows: versions with approval and publication, runs step by step, rules that pick a flow

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00

Both databases
  ``service_flow`` gets what its authoring needs: the English name, who saved a version (none of them may
  approve it), who submitted, approved and published it and when, when it was retired; a partial unique
  index allows one published version per code and finds it.
  ``flow_run`` gets its status, the path taken, its duration, the timeline row it became and the time of its
  last step, with indexes for a customer's history, per-version analytics and an agent's open runs.
  New ``flow_run_step`` (one row per answer, confirmation or action, written at once) and ``flow_rule``
  (default flows per queue, per IVR choice and by condition).

PostgreSQL only
  :func:`db.pg_security.install` again: the new tables get the desktop grants, the flow tables the
  row-level security of the customer's interactions, and service flows and rules are written by
  supervisors only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_security

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    with op.batch_alter_table("service_flow") as batch:
        batch.add_column(sa.Column("name_en", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("editor_ids", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("submitted_by_id", BigId, nullable=True))
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("published_by_id", BigId, nullable=True))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_service_flow_submitted_by_id_app_user", "app_user", ["submitted_by_id"], ["id"])
        batch.create_foreign_key("fk_service_flow_published_by_id_app_user", "app_user", ["published_by_id"], ["id"])
    op.create_index(
        "ix_service_flow_published",
        "service_flow",
        ["code"],
        unique=True,
        sqlite_where=PUBLISHED,
        postgresql_where=PUBLISHED,
    )

    with op.batch_alter_table("flow_run") as batch:
        batch.add_column(sa.Column("status", sa.String(length=12), nullable=False, server_default="active"))
        batch.add_column(sa.Column("path", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("duration_s", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("interaction_id", BigId, nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_flow_run_interaction_id_interaction", "interaction", ["interaction_id"], ["id"], ondelete="SET NULL"
        )
        batch.drop_index("ix_flow_run_customer_id")
        batch.create_index("ix_flow_run_customer_started", ["customer_id", "started_at"])
        batch.create_index(
            "ix_flow_run_flow_status",
            ["flow_id", "status", "current_step"],
            postgresql_include=["outcome", "duration_s"],
        )
        batch.create_index("ix_flow_run_user_status", ["user_id", "status"])
    # Runs that had already ended are finished ones.
    op.execute("UPDATE flow_run SET status = 'finished' WHERE finished_at IS NOT NULL")

    op.create_table(
        "flow_run_step",
        sa.Column("run_id", BigId, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("answer_masked", sa.String(length=200), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("action_result", sa.JSON(), nullable=True),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("user_id", BigId, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["flow_run.id"], name=op.f("fk_flow_run_step_run_id_flow_run"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_flow_run_step_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_run_step")),
        sa.UniqueConstraint("run_id", "seq", name=op.f("uq_flow_run_step_run_id_seq")),
        sa.UniqueConstraint("run_id", "client_key", name=op.f("uq_flow_run_step_run_id_client_key")),
    )
    op.create_index("ix_flow_run_step_run_step", "flow_run_step", ["run_id", "step_id"])

    op.create_table(
        "flow_rule",
        sa.Column("priority", sa.Integer(), nullable=False, server_default="100"),
        sa.Column("queue", sa.String(length=32), nullable=True),
        sa.Column("ivr_choice", sa.String(length=16), nullable=True),
        sa.Column("condition", sa.JSON(), nullable=True),
        sa.Column("flow_code", sa.String(length=48), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_rule")),
    )
    op.create_index("ix_flow_rule_active_priority", "flow_rule", ["active", "priority"])

    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_security.uninstall_flow_rls(bind)
    op.drop_index("ix_flow_rule_active_priority", table_name="flow_rule")
    op.drop_table("flow_rule")
    op.drop_index("ix_flow_run_step_run_step", table_name="flow_run_step")
    op.drop_table("flow_run_step")
    with op.batch_alter_table("flow_run") as batch:
        batch.drop_index("ix_flow_run_user_status")
        batch.drop_index("ix_flow_run_flow_status")
        batch.drop_index("ix_flow_run_customer_started")
        batch.create_index("ix_flow_run_customer_id", ["customer_id"])
        batch.drop_constraint("fk_flow_run_interaction_id_interaction", type_="foreignkey")
        batch.drop_column("updated_at")
        batch.drop_column("interaction_id")
        batch.drop_column("duration_s")
        batch.drop_column("path")
        batch.drop_column("status")
    op.drop_index("ix_service_flow_published", table_name="service_flow")
    with op.batch_alter_table("service_flow") as batch:
        batch.drop_constraint("fk_service_flow_published_by_id_app_user", type_="foreignkey")
        batch.drop_constraint("fk_service_flow_submitted_by_id_app_user", type_="foreignkey")
        for column in (
            "retired_at",
            "published_at",
            "published_by_id",
            "approved_at",
            "submitted_at",
            "submitted_by_id",
            "editor_ids",
            "name_en",
        ):
            batch.drop_column(column)
