"""What PostgreSQL enforces for the supervisor's interventions (migration 0017; installed by
:func:`db.pg_security.install`).

A supervisor acts on other people's rows: another agent's state, a caller waiting in a queue, a message on
someone else's desk.  Each is a ``SECURITY DEFINER`` function that finds the caller from ``session_user``,
refuses anyone whose ContactDesk role is not a supervisor's (the rights ``agent.force_state``,
``call.requeue`` and ``agent.notify`` of :mod:`services.permissions`), takes the row lock, re-checks the row
(the call may have been answered meanwhile), writes the change, its change-feed row and its audit row in the
caller's transaction.  A refusal of the row's state is returned as a short code and writes nothing; the
Python service (:mod:`services.wallboard.interventions`) turns it into a bilingual message.

``agent_notice``: the addressee reads their own notices and may set only ``read_at`` on them; nobody inserts
except through ``cd_notify_agent``; supervisors read the notices they sent.

The grants on ``agent_status`` and ``call`` stay as broad as before: an agent's desk writes another agent's
row when it transfers a call to them (``services.calls.CallService.transfer``), so row security there would
break that path until it moves into a function of its own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .pg_policy import DESKTOP, GATEWAY, GROUP_ROLES, UID, _policy, drop_table_security, grant_functions

TABLE = "agent_notice"
SUPERVISOR = GROUP_ROLES["supervisor"]


def has_tables(bind: Any) -> bool:
    return bool(bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar_one())


def rls_sql() -> list[str]:
    return [
        f'ALTER TABLE "{TABLE}" ENABLE ROW LEVEL SECURITY',
        _policy(TABLE, "cd_gateway_all", GATEWAY, "true"),
        _policy(TABLE, "cd_notice_own", DESKTOP, f"to_user_id = {UID}", "SELECT"),
        _policy(TABLE, "cd_notice_read", DESKTOP, f"to_user_id = {UID}", "UPDATE"),
        _policy(TABLE, "cd_notice_sent", SUPERVISOR, f"from_user_id = {UID}", "SELECT"),
    ]


def grants_sql() -> list[str]:
    return [
        f'REVOKE INSERT, UPDATE, DELETE ON "{TABLE}" FROM {DESKTOP}',
        f'GRANT UPDATE (read_at) ON "{TABLE}" TO {DESKTOP}',
    ]


# The body of services.agent_states.transition, for a function that changes another agent's state.
_TRANSITION = """
    UPDATE agent_status SET state = p_state, reason = v_reason, call_id = NULL, state_since = v_at,
           wrapup_deadline = NULL, idle_since = CASE WHEN p_state = 'available' THEN v_at ELSE idle_since END,
           version = version + 1
     WHERE user_id = p_agent;
    UPDATE agent_state_log SET ended_at = v_at WHERE user_id = p_agent AND ended_at IS NULL;
    INSERT INTO agent_state_log (user_id, state, reason, call_id, started_at)
    VALUES (p_agent, p_state, v_reason, NULL, v_at);
    INSERT INTO change_feed (entity, entity_id, action, actor_id, at, txid, payload)
    VALUES ('agent', p_agent::text, p_state, me.user_id, v_at, pg_current_xact_id()::text::bigint, NULL);
"""


def functions_sql(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    guard = """
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NULL OR me.role_code <> 'supervisor' THEN
        RAISE EXCEPTION 'contactdesk: % may not intervene on the floor', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;"""
    return f"""
-- Force an agent's state from the wallboard.  Returns 'ok' or why not: no_agent, bad_state, same_state,
-- on_call (a live or ringing call), wrap_up_only (out of wrap-up only to available).
CREATE OR REPLACE FUNCTION cd_force_agent_state(p_agent bigint, p_state text, p_reason text, p_workstation text)
RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    cur record;
    v_at timestamptz := clock_timestamp();
    v_reason text := left(nullif(btrim(coalesce(p_reason, '')), ''), 64);
BEGIN{guard}
    IF p_state NOT IN ('available', 'break', 'offline') THEN
        RETURN 'bad_state';
    END IF;
    SELECT state, call_id INTO cur FROM agent_status WHERE user_id = p_agent FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'no_agent';
    END IF;
    IF cur.state IN ('on_call', 'offered') THEN
        RETURN 'on_call';
    END IF;
    IF cur.state = 'wrap_up' AND p_state <> 'available' THEN
        RETURN 'wrap_up_only';
    END IF;
    IF cur.state = p_state THEN
        RETURN 'same_state';
    END IF;
    v_reason := CASE WHEN p_state = 'break' THEN coalesce(v_reason, 'supervisor') ELSE 'supervisor' END;
{_TRANSITION}
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'agent_force_state', 'agent', p_agent::text,
        json_build_object('from', cur.state, 'to', p_state, 'reason', left(coalesce(p_reason, ''), 200),
                          'call_id', cur.call_id)::text);
    RETURN 'ok';
END
$$;

-- Move a waiting call to another queue and/or raise its priority.  Returns 'ok' or why not: no_call,
-- answered, ended, in_menu, answering, no_queue, same_queue, not_higher, nothing.  A pending offer is
-- withdrawn first (its agent is available again); a move also asks the gateway to carry the caller over
-- to the new queue at Twilio (a 'to_queue' call command), so the agent who takes it there can dequeue it.
CREATE OR REPLACE FUNCTION cd_requeue_call(p_call bigint, p_queue bigint, p_priority integer, p_workstation text)
RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    c record;
    o record;
    v_at timestamptz := clock_timestamp();
    v_queue text;
    v_withdrawn bigint;
BEGIN{guard}
    IF p_queue IS NULL AND p_priority IS NULL THEN
        RETURN 'nothing';
    END IF;
    SELECT id, call_sid, state, queue_id, priority, agent_id INTO c FROM call WHERE id = p_call FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'no_call';
    END IF;
    IF c.state IN ('connected', 'on_hold', 'wrap_up', 'completed') THEN
        RETURN 'answered';
    ELSIF c.state NOT IN ('received', 'queued', 'offered') THEN
        RETURN 'ended';
    ELSIF c.state = 'received' THEN
        RETURN 'in_menu';
    END IF;
    IF EXISTS (SELECT 1 FROM call_offer WHERE call_id = p_call AND status = 'accepting') THEN
        RETURN 'answering';
    END IF;
    IF p_queue IS NOT NULL THEN
        SELECT name INTO v_queue FROM call_queue WHERE id = p_queue;
        IF v_queue IS NULL THEN
            RETURN 'no_queue';
        ELSIF c.queue_id = p_queue THEN
            RETURN 'same_queue';
        END IF;
    END IF;
    IF p_priority IS NOT NULL AND p_priority <= c.priority THEN
        RETURN 'not_higher';
    END IF;
    IF c.state = 'offered' THEN
        FOR o IN SELECT id, agent_id FROM call_offer WHERE call_id = p_call AND status = 'pending' FOR UPDATE LOOP
            UPDATE call_offer SET status = 'cancelled', responded_at = v_at, message = 'withdrawn by a supervisor'
             WHERE id = o.id;
            v_withdrawn := o.agent_id;
            PERFORM 1 FROM agent_status WHERE user_id = o.agent_id FOR UPDATE;
            IF EXISTS (SELECT 1 FROM agent_status WHERE user_id = o.agent_id AND state = 'offered'
                       AND call_id = p_call) THEN
                DECLARE
                    p_agent bigint := o.agent_id;
                    p_state text := 'available';
                    v_reason text := NULL;
                BEGIN
{_TRANSITION}
                END;
            END IF;
        END LOOP;
    END IF;
    UPDATE call SET state = 'queued', agent_id = NULL, offered_at = NULL,
           queue_id = coalesce(p_queue, queue_id), priority = coalesce(p_priority, priority), version = version + 1
     WHERE id = p_call;
    INSERT INTO change_feed (entity, entity_id, action, actor_id, at, txid, payload)
    VALUES ('call', p_call::text, 'queued', me.user_id, v_at, pg_current_xact_id()::text::bigint, NULL);
    IF p_queue IS NOT NULL THEN
        INSERT INTO call_command (kind, call_id, args, status, created_at)
        VALUES ('to_queue', p_call, json_build_object('call_sid', c.call_sid, 'queue_name', v_queue), 'pending',
                v_at);
    END IF;
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'call_requeue', 'call', p_call::text,
        json_build_object('from_queue', c.queue_id, 'to_queue', coalesce(p_queue, c.queue_id),
                          'from_priority', c.priority, 'to_priority', coalesce(p_priority, c.priority),
                          'withdrawn_offer_agent', v_withdrawn)::text);
    RETURN 'ok';
END
$$;

-- A short message to one person's desk: stored, announced on their topic (agent_notice:<id>), audited.
-- Returns the notice's id, or NULL when the addressee is no active user.
CREATE OR REPLACE FUNCTION cd_notify_agent(p_to bigint, p_text text, p_workstation text)
RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    v_at timestamptz := clock_timestamp();
    v_text text := btrim(coalesce(p_text, ''));
    v_id bigint;
BEGIN{guard}
    IF char_length(v_text) < 1 OR char_length(v_text) > 200 THEN
        RAISE EXCEPTION 'contactdesk: a notice has 1 to 200 characters' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM app_user WHERE id = p_to AND is_active) THEN
        RETURN NULL;
    END IF;
    INSERT INTO agent_notice (to_user_id, from_user_id, text, created_at)
    VALUES (p_to, me.user_id, v_text, v_at) RETURNING id INTO v_id;
    INSERT INTO change_feed (entity, entity_id, action, actor_id, at, txid, payload)
    VALUES ('agent_notice', p_to::text, 'new', me.user_id, v_at, pg_current_xact_id()::text::bigint,
            json_build_object('notice_id', v_id));
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'agent_notify', 'user', p_to::text,
        json_build_object('notice_id', v_id, 'length', char_length(v_text))::text);
    RETURN v_id;
END
$$;
"""


FUNCTIONS = {
    "cd_force_agent_state(bigint, text, text, text)": (SUPERVISOR,),
    "cd_requeue_call(bigint, bigint, integer, text)": (SUPERVISOR,),
    "cd_notify_agent(bigint, text, text)": (SUPERVISOR,),
}


def install(bind: Any, schema: str) -> None:
    """Policies, grants and the three functions (idempotent); nothing before migration 0017."""
    if not has_tables(bind):
        return
    bind.execute(text(functions_sql(f'"{schema}"')))
    grant_functions(bind, FUNCTIONS)
    for statement in grants_sql() + rls_sql():
        bind.execute(text(statement))


def uninstall(bind: Any) -> None:
    """Remove what :func:`install` made (migration 0017's downgrade; idempotent)."""
    schema = bind.execute(text("SELECT current_schema()")).scalar_one()
    for signature in FUNCTIONS:
        bind.execute(text(f"DROP FUNCTION IF EXISTS {signature}"))
    if not has_tables(bind):
        return
    drop_table_security(bind, schema, TABLE)
