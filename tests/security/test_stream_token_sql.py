"""Stream tokens from a desktop's own login: only through the database's functions, only for oneself."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError

from services import stream_tokens
from services.audit import database_user_id

pytestmark = pytest.mark.postgres


def open_session(owner: Engine, user_id: int, workstation: str) -> int:
    with owner.begin() as conn:
        return int(
            conn.execute(
                text(
                    "INSERT INTO user_session (user_id, workstation, started_at, last_seen_at) "
                    "VALUES (:u, :ws, now(), now()) RETURNING id"
                ),
                {"u": user_id, "ws": workstation},
            ).scalar_one()
        )


def refused_state(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> str:
    with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
        conn.execute(text(sql), params or {})
    return str(refused.value.orig.sqlstate)  # type: ignore[union-attr]


def test_a_desktop_issues_and_revokes_its_own_token_through_the_functions(secured: Any) -> None:
    agent = secured.login_engine("agent01")
    agent_id = secured.user_id("agent01")
    session = open_session(secured.owner, agent_id, "AGENT-PC")
    assert database_user_id(agent) == agent_id and database_user_id(secured.owner) is None

    token = stream_tokens.issue(agent, agent_id, session_id=session, workstation="AGENT-PC", hours=2)
    grant = stream_tokens.lookup(secured.owner, token)  # the gateway's look-up (direct read)
    assert grant is not None and (grant.user_id, grant.session_id) == (agent_id, session)
    with secured.owner.connect() as conn:
        row = conn.execute(
            text("SELECT workstation, expires_at - issued_at AS lasts FROM stream_token WHERE token_hash = :h"),
            {"h": stream_tokens.token_hash(token)},
        ).one()
    assert row.workstation == "AGENT-PC" and row.lasts.total_seconds() == 7200

    stream_tokens.revoke(agent, token)
    assert stream_tokens.lookup(secured.owner, token) is None


def test_the_desktop_cannot_touch_the_table_or_anyone_elses_tokens(secured: Any) -> None:
    agent = secured.login_engine("agent01")
    agent_id, super_id = secured.user_id("agent01"), secured.user_id("super01")
    for sql in (
        "SELECT count(*) FROM stream_token",
        "INSERT INTO stream_token (token_hash, user_id, workstation, issued_at, expires_at) "
        "VALUES (repeat('a', 64), 1, 'x', now(), now() + interval '1 hour')",
        "DELETE FROM stream_token",
    ):
        assert refused_state(agent, sql) == "42501", sql

    # Another person's token: not the agent's to revoke.
    theirs = stream_tokens.issue(secured.owner, super_id, workstation="SUPER-PC")
    stream_tokens.revoke(agent, theirs)
    assert stream_tokens.check(secured.owner, theirs) == super_id
    # Nor can the agent take a token on someone else's session, or in someone else's name.
    their_session = open_session(secured.owner, super_id, "SUPER-PC")
    state = refused_state(
        agent,
        "SELECT cd_stream_token_issue(repeat('b', 64), CAST(:s AS bigint), 'X', 1.0)",
        {"s": their_session},
    )
    assert state == "42501"
    with pytest.raises(ValueError, match="belongs to user"):
        stream_tokens.issue(agent, super_id)
    # A token without a session is still the login's own.
    own = stream_tokens.issue(agent, agent_id)
    assert stream_tokens.check(secured.owner, own) == agent_id


def test_the_login_is_asked_once_per_engine(secured: Any) -> None:
    engine = secured.engine_for(secured.login_of("cm01"), secured.set_password(secured.login_of("cm01")))
    asked: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "cd_uid()" in statement:
            asked.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        session = open_session(secured.owner, secured.user_id("cm01"), "CM-PC")
        for _ in range(3):
            token = stream_tokens.issue(engine, secured.user_id("cm01"), session_id=session)
            stream_tokens.revoke(engine, token)
        assert len(asked) == 1
    finally:
        engine.dispose()


def test_a_disabled_users_login_cannot_issue(secured: Any) -> None:
    """cd_stream_token_issue asks the database, not the cache: a user disabled meanwhile is refused."""
    with secured.owner.begin() as conn:
        uid = conn.execute(
            text(
                "INSERT INTO app_user (username, display_name, role_code, skills, locale, is_active, failed_logins, "
                "created_at, updated_at, version) VALUES ('c1_stream_gone', 'x', 'agent', '[]', 'zh_CN', true, 0, "
                "now(), now(), 1) RETURNING id"
            )
        ).scalar_one()
        login = conn.execute(text("SELECT cd_sync_login(:id)"), {"id": uid}).scalar_one()
    engine = secured.engine_for(login, secured.set_password(login))
    try:
        assert database_user_id(engine) == uid
        with secured.owner.begin() as conn:  # not through cd_sync_login: the open connection stays
            conn.execute(text("UPDATE app_user SET is_active = false WHERE id = :id"), {"id": uid})
        with pytest.raises(DBAPIError) as refused:
            stream_tokens.issue(engine, uid)
        assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    finally:
        engine.dispose()
        with secured.owner.begin() as conn:
            conn.execute(text("SELECT cd_sync_login(:id)"), {"id": uid})
