"""Branches, teams, roles, users and their sign-in sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Timestamps, Versioned, str_col


class Branch(IdPk, Versioned, Base):
    """A retail branch (网点); customers and lobby managers belong to one."""

    __tablename__ = "branch"

    code: Mapped[str] = str_col(16, unique=True)
    name: Mapped[str] = str_col(64)
    city: Mapped[str] = str_col(32)
    district: Mapped[str] = str_col(32)
    address: Mapped[str] = str_col(200)
    phone: Mapped[str | None] = mapped_column(String(20))
    counters: Mapped[int] = mapped_column(Integer, default=4, server_default="4")
    timezone: Mapped[str] = str_col(40, default="Asia/Shanghai", server_default="Asia/Shanghai")
    # The lobby's service level: a customer called within this many minutes of taking a number.
    serve_target_min: Mapped[int] = mapped_column(Integer, default=15, server_default="15")


class Role(Base):
    """A role code with display names; the permission matrix itself is data in the services."""

    __tablename__ = "role"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = str_col(32)
    name_en: Mapped[str] = str_col(32)


class Team(IdPk, Versioned, Base):
    """A team of users: a call-center group, a branch lobby team, a complaint desk."""

    __tablename__ = "team"

    name: Mapped[str] = str_col(64, unique=True)
    kind: Mapped[str] = str_col(24)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", use_alter=True, name="fk_team_supervisor_id_app_user")
    )


class User(IdPk, Versioned, Timestamps, Base):
    """A member of staff who signs in to ContactDesk."""

    __tablename__ = "app_user"

    username: Mapped[str] = str_col(64, unique=True)
    display_name: Mapped[str] = str_col(64)
    employee_no: Mapped[str | None] = mapped_column(String(16), unique=True)
    # Read only by the sign-in service (the gateway's login on PostgreSQL, migration 0011).
    password_hash: Mapped[str | None] = mapped_column(String(200), deferred=True, deferred_raiseload=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"), nullable=False)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    reports_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    skills: Mapped[list[str]] = mapped_column(default=list)
    client_identity: Mapped[str | None] = mapped_column(String(64))
    desk_phone: Mapped[str | None] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(8), default="zh_CN", server_default="zh_CN")
    # PostgreSQL: the user's own database login (migration 0011); None on SQLite and for users without one.
    db_login: Mapped[str | None] = mapped_column(String(63), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime | None]


class UserSession(IdPk, Base):
    """One signed-in desktop; a newer session for the same user ends the older one."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_user_open", "user_id", "ended_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    workstation: Mapped[str] = str_col(64)
    started_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any] | None]


__all__ = ["BigId", "Branch", "Role", "Team", "User", "UserSession"]
