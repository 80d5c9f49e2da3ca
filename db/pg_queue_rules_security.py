"""What PostgreSQL enforces for a queue's wallboard rules (migration 0019; installed by :func:`db.pg_security.install`).

Desktops only read ``call_queue``.  ``cd_queue_rules_set`` is the one way a supervisor changes the rules the
wallboard counts by (services.wallboard.queue_settings): it checks the caller is an active supervisor, that the
rules are sane, and that the row is still at the version the supervisor read; it then updates the row and writes
the audit row itself.  It returns the new version, or NULL when the queue changed meanwhile (the desktop says
so, nothing is written).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from .pg_policy import GROUP_ROLES

SIGNATURE = "cd_queue_rules_set(bigint, int, int, int, int, text, text, int, int, int, int, text)"


def functions_sql(schema: str) -> str:
    path = f"SET search_path = {schema}, pg_temp"
    return f"""
CREATE OR REPLACE FUNCTION cd_queue_rules_set(
    p_queue bigint, p_version int, p_sl int, p_target int, p_short int, p_rule text, p_reset text,
    p_warn_waiting int, p_crit_waiting int, p_warn_wait int, p_crit_wait int, p_workstation text) RETURNS int
LANGUAGE plpgsql VOLATILE SECURITY DEFINER {path} AS $$
DECLARE
    me record;
    v_new int;
BEGIN
    SELECT * INTO me FROM cd_me();
    IF me.user_id IS NULL OR me.role_code <> 'supervisor' THEN
        RAISE EXCEPTION 'contactdesk: % may not change queue rules', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_sl NOT BETWEEN 1 AND 600 OR p_target NOT BETWEEN 1 AND 100 OR p_short NOT BETWEEN 0 AND 120
       OR p_rule NOT IN ('exclude_short', 'count_all', 'exclude_all') OR p_reset !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
       OR p_warn_waiting NOT BETWEEN 1 AND 1000 OR p_crit_waiting NOT BETWEEN p_warn_waiting AND 1000
       OR p_warn_wait NOT BETWEEN 1 AND 7200 OR p_crit_wait NOT BETWEEN p_warn_wait AND 7200 THEN
        RAISE EXCEPTION 'contactdesk: queue rules out of range' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE call_queue SET service_level_seconds = p_sl, sl_target_pct = p_target, short_abandon_seconds = p_short,
           abandon_rule = p_rule, day_reset = p_reset, warn_waiting = p_warn_waiting, crit_waiting = p_crit_waiting,
           warn_wait_s = p_warn_wait, crit_wait_s = p_crit_wait, version = version + 1
     WHERE id = p_queue AND version = p_version
    RETURNING version INTO v_new;
    IF v_new IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM cd_audit_append(NULL, NULL, p_workstation, 'queue_rules', 'call_queue', p_queue::text,
        jsonb_build_object('sl_threshold_s', p_sl, 'sl_target_pct', p_target, 'short_abandon_s', p_short,
                           'abandon_rule', p_rule, 'day_reset', p_reset, 'warn_waiting', p_warn_waiting,
                           'crit_waiting', p_crit_waiting, 'warn_wait_s', p_warn_wait,
                           'crit_wait_s', p_crit_wait)::text);
    RETURN v_new;
END
$$;
"""


def _installed_columns(bind: Any) -> bool:
    query = text(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = 'call_queue' AND column_name IN ('sl_target_pct', 'crit_wait_s')"
    )
    return bool(bind.execute(query).scalar_one() == 2)


def install(bind: Any, schema: str) -> None:
    """The function and who may run it (idempotent); nothing before the wallboard's columns exist."""
    if not _installed_columns(bind):
        return
    bind.execute(text(functions_sql(f'"{schema}"')))
    bind.execute(text(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC"))
    bind.execute(text(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {GROUP_ROLES['supervisor']}"))


def uninstall(bind: Any) -> None:
    bind.execute(text(f"DROP FUNCTION IF EXISTS {SIGNATURE}"))
