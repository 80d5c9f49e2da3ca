"""the branch lobby: service types and number series, counters, queue tickets that are called and served,
appointments, referrals with their way to won or lost, the service memo, the display's notice

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:00:00

Both databases
  ``branch`` gets its time zone (numbers restart at the branch's local midnight) and its service level target.
  New ``lobby_service`` (per branch: code, names, the number prefix, VIP only, usual minutes, appointment slot
  capacity), ``lobby_series`` (the last number per branch, day and prefix: numbers are gapless),
  ``lobby_counter`` (work profile, status, who holds it and when it was last seen), ``appointment`` and
  ``lobby_notice``.
  ``branch_queue_ticket`` gets its sequence, priority, counter, appointment, SMS consent, recalls, outcome and
  who issued it; one number per branch and day.  ``referral`` gets source, amount band, urgency, consent, the
  acceptance deadline and the times of each state, the amount won or why it was lost.  ``reminder`` gets who
  marked it done (memos and to-dos are reminders of kind ``memo`` / ``todo``).

PostgreSQL only
  :func:`db.pg_security.install` again: grants and row-level security for the new tables (a branch's lobby
  rows are its branch's), and ``cd_lobby_recognize`` (the audited minimal card of another branch's customer).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db import pg_lobby_security, pg_security

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id() -> sa.Column:
    return sa.Column("id", BigId, autoincrement=True, nullable=False)


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer(), server_default="1", nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("branch") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=40), server_default="Asia/Shanghai", nullable=False))
        batch.add_column(sa.Column("serve_target_min", sa.Integer(), server_default="15", nullable=False))

    op.create_table(
        "lobby_service",
        sa.Column("branch_id", BigId, nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=32), nullable=False),
        sa.Column("name_en", sa.String(length=32), nullable=False),
        sa.Column("prefix", sa.String(length=2), nullable=False),
        sa.Column("vip_only", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("sort", sa.Integer(), server_default="0", nullable=False),
        sa.Column("default_minutes", sa.Integer(), server_default="8", nullable=False),
        sa.Column("slot_capacity", sa.Integer(), server_default="2", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        _id(),
        _version(),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_lobby_service_branch_id_branch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lobby_service")),
        sa.UniqueConstraint("branch_id", "code", name=op.f("uq_lobby_service_branch_id_code")),
        sa.UniqueConstraint("branch_id", "prefix", name=op.f("uq_lobby_service_branch_id_prefix")),
    )
    op.create_table(
        "lobby_series",
        sa.Column("branch_id", BigId, nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("prefix", sa.String(length=2), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_lobby_series_branch_id_branch")),
        sa.PrimaryKeyConstraint("branch_id", "service_day", "prefix", name=op.f("pk_lobby_series")),
    )
    op.create_table(
        "lobby_counter",
        sa.Column("branch_id", BigId, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("serves_vip", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("status", sa.String(length=8), server_default="closed", nullable=False),
        sa.Column("user_id", BigId, nullable=True),
        sa.Column("session_id", BigId, nullable=True),
        sa.Column("held_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        _id(),
        _version(),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_lobby_counter_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["user_session.id"],
            name=op.f("fk_lobby_counter_session_id_user_session"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_lobby_counter_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lobby_counter")),
        sa.UniqueConstraint("branch_id", "number", name=op.f("uq_lobby_counter_branch_id_number")),
    )
    op.create_table(
        "lobby_notice",
        sa.Column("branch_id", BigId, nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("updated_by_id", BigId, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_lobby_notice_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["app_user.id"], name=op.f("fk_lobby_notice_updated_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("branch_id", name=op.f("pk_lobby_notice")),
    )

    with op.batch_alter_table("branch_queue_ticket") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("priority", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("priority_reason", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("counter_id", BigId, nullable=True))
        batch.add_column(sa.Column("appointment_id", BigId, nullable=True))
        batch.add_column(sa.Column("sms_consent", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("near_notice_sent", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("recalls", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("transferred_from_id", BigId, nullable=True))
        batch.add_column(sa.Column("issued_by_id", BigId, nullable=True))
        batch.create_index("ix_branch_queue_ticket_customer", ["customer_id", "issued_at"])
        batch.create_unique_constraint(
            "uq_branch_queue_ticket_branch_id_service_day_number", ["branch_id", "service_day", "number"]
        )
        batch.create_foreign_key(
            "fk_branch_queue_ticket_counter_id_lobby_counter",
            "lobby_counter",
            ["counter_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key("fk_branch_queue_ticket_issued_by_id_app_user", "app_user", ["issued_by_id"], ["id"])

    op.create_table(
        "appointment",
        sa.Column("customer_id", BigId, nullable=False),
        sa.Column("branch_id", BigId, nullable=False),
        sa.Column("service_code", sa.String(length=16), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booked_by_id", BigId, nullable=True),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=True),
        sa.Column("ticket_id", BigId, nullable=True),
        sa.Column("referral_id", BigId, nullable=True),
        _id(),
        _version(),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.ForeignKeyConstraint(["booked_by_id"], ["app_user.id"], name=op.f("fk_appointment_booked_by_id_app_user")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_appointment_branch_id_branch")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_appointment_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referral.id"], name=op.f("fk_appointment_referral_id_referral"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["branch_queue_ticket.id"],
            name=op.f("fk_appointment_ticket_id_branch_queue_ticket"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    op.create_index("ix_appointment_branch_slot", "appointment", ["branch_id", "slot_start", "service_code"])
    op.create_index("ix_appointment_customer_slot", "appointment", ["customer_id", "slot_start"])

    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("source", sa.String(length=12), server_default="checkin", nullable=False))
        batch.add_column(sa.Column("amount_band", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("urgency", sa.String(length=8), server_default="normal", nullable=False))
        batch.add_column(sa.Column("consent_contact", sa.Boolean(), server_default="0", nullable=False))
        for name in ("accept_by", "accepted_at", "contacted_at", "appointment_at", "closed_at"):
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=True))
        batch.add_column(sa.Column("lost_reason", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("returned_count", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_referral_from_user_id_token", ["from_user_id", "token"])
        batch.create_index("ix_referral_branch_created", ["branch_id", "created_at"])
        batch.create_index("ix_referral_status_accept_by", ["status", "accept_by"])
        batch.create_index("ix_referral_to_status", ["to_user_id", "status"])

    with op.batch_alter_table("reminder") as batch:
        batch.add_column(sa.Column("done_by_id", BigId, nullable=True))
        batch.create_foreign_key("fk_reminder_done_by_id_app_user", "app_user", ["done_by_id"], ["id"])

    if op.get_bind().dialect.name == "postgresql":
        pg_security.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_lobby_security.uninstall(bind)
    with op.batch_alter_table("reminder") as batch:
        batch.drop_constraint("fk_reminder_done_by_id_app_user", type_="foreignkey")
        batch.drop_column("done_by_id")
    with op.batch_alter_table("referral") as batch:
        batch.drop_constraint("uq_referral_from_user_id_token", type_="unique")
        batch.drop_index("ix_referral_to_status")
        batch.drop_index("ix_referral_status_accept_by")
        batch.drop_index("ix_referral_branch_created")
        for name in (
            "token",
            "returned_count",
            "escalated_at",
            "lost_reason",
            "amount",
            "closed_at",
            "appointment_at",
            "contacted_at",
            "accepted_at",
            "accept_by",
            "consent_contact",
            "urgency",
            "amount_band",
            "source",
        ):
            batch.drop_column(name)
    op.drop_index("ix_appointment_customer_slot", table_name="appointment")
    op.drop_index("ix_appointment_branch_slot", table_name="appointment")
    op.drop_table("appointment")
    with op.batch_alter_table("branch_queue_ticket") as batch:
        batch.drop_constraint("fk_branch_queue_ticket_issued_by_id_app_user", type_="foreignkey")
        batch.drop_constraint("fk_branch_queue_ticket_counter_id_lobby_counter", type_="foreignkey")
        batch.drop_constraint("uq_branch_queue_ticket_branch_id_service_day_number", type_="unique")
        batch.drop_index("ix_branch_queue_ticket_customer")
        for name in (
            "issued_by_id",
            "transferred_from_id",
            "outcome",
            "finished_at",
            "recalls",
            "near_notice_sent",
            "sms_consent",
            "appointment_id",
            "counter_id",
            "priority_reason",
            "priority",
            "seq",
        ):
            batch.drop_column(name)
    op.drop_table("lobby_notice")
    op.drop_table("lobby_counter")
    op.drop_table("lobby_series")
    op.drop_table("lobby_service")
    with op.batch_alter_table("branch") as batch:
        batch.drop_column("serve_target_min")
        batch.drop_column("timezone")
