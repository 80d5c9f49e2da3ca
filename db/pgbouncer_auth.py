"""What PgBouncer needs in PostgreSQL to let every member of staff in with their own login (docs/pgbouncer.md).

Desktops log in as ``cd_<username>`` with a short-lived password that changes at every sign-in, so PgBouncer
cannot keep a list of users and passwords: it asks PostgreSQL (``auth_query``) for the login's SCRAM verifier
as a dedicated role (``auth_user``), checks the client's SCRAM proof against it, and logs in to PostgreSQL with
the keys the client's proof gave it.  Only a superuser may read ``pg_shadow``, so the lookup is a
``SECURITY DEFINER`` function made by a superuser, executable by the ``auth_user`` alone, which answers only
for ContactDesk's desktop and gateway logins (never a superuser) and only while the password is valid:
PgBouncer does not look at ``VALID UNTIL`` itself, and would otherwise let an expired credential in on a
server connection it still holds open.

:func:`setup_sql` is idempotent; ``contactdesk db pgbouncer-setup`` prints it (or applies it, as a superuser).
"""

from __future__ import annotations

from sqlalchemy import Engine

AUTH_USER = "contactdesk_pgbouncer"
AUTH_QUERY = "SELECT usename, passwd FROM pgbouncer_auth.user_lookup($1)"


def setup_sql(auth_user: str = AUTH_USER) -> str:
    """The SQL a superuser runs once per database behind PgBouncer (safe to run again)."""
    if not auth_user.replace("_", "").isalnum() or not auth_user[0].isalpha():
        raise ValueError(f"not a plain role name: {auth_user!r}")
    return f"""-- PgBouncer's auth_query for ContactDesk (docs/pgbouncer.md); run as a superuser, once per database.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{auth_user}') THEN
        CREATE ROLE {auth_user} LOGIN;
    END IF;
END
$$;
CREATE SCHEMA IF NOT EXISTS pgbouncer_auth;
REVOKE ALL ON SCHEMA pgbouncer_auth FROM PUBLIC;
GRANT USAGE ON SCHEMA pgbouncer_auth TO {auth_user};
-- No row (rather than a row of NULLs, which PgBouncer takes for a configuration error) for anyone else.
CREATE OR REPLACE FUNCTION pgbouncer_auth.user_lookup(p_usename text)
RETURNS TABLE (usename name, passwd text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.usename, s.passwd::text
    FROM pg_catalog.pg_shadow s
    WHERE s.usename = p_usename
      AND NOT s.usesuper
      AND (s.valuntil IS NULL OR s.valuntil > now())
      AND (pg_has_role(s.usesysid, 'contactdesk_desktop', 'MEMBER')
           OR pg_has_role(s.usesysid, 'contactdesk_gateway', 'MEMBER'))
$$;
REVOKE ALL ON FUNCTION pgbouncer_auth.user_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgbouncer_auth.user_lookup(text) TO {auth_user};
"""


def apply(engine: Engine, auth_user: str = AUTH_USER) -> None:
    """Run :func:`setup_sql` on ``engine`` (a superuser's), in one transaction."""
    with engine.begin() as conn:
        conn.exec_driver_sql(setup_sql(auth_user))
