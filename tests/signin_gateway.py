"""A real gateway that desktops sign in through, for the tests of the shared PostgreSQL database.

The gateway runs as a gateway login (a member of ``contactdesk_gateway``, with a password, over SCRAM), not as
the superuser, so that it holds exactly the privileges a production gateway holds: it may read password hashes
and run ``cd_issue_login``; a desktop's login may not.  Desktops sign in with ``POST /auth/sign-in`` and connect
as their user's own login with the short-lived password it returns (:class:`desktop.session.SharedSignIn`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, text, update
from sqlalchemy.engine import make_url

from db.engine import make_engine
from db.models import User
from desktop.session import DatabaseHandle, GatewayClient, SharedSignIn
from gateway.auth_http import SignInDesk
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from services.config import Settings
from services.passwords import PasswordHasher, fast_hasher_for_tests

GATEWAY_LOGIN = "contactdesk_test_gateway"
GATEWAY_PASSWORD = "Gw-Test-2026!secret"
AUTH_TOKEN = "sign_in_test_auth_token_0123456789"
PASSWORD = "Kf7#mQ2v!xL9"


def gateway_url_for(owner_url: str) -> str:
    """The URL of a gateway login for the database of ``owner_url`` (created or given its password again;
    roles belong to the whole server, so every test database shares it)."""
    owner = make_engine(owner_url)
    try:
        with owner.begin() as conn:
            conn.execute(
                text(
                    f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{GATEWAY_LOGIN}') THEN "
                    f"CREATE ROLE {GATEWAY_LOGIN} LOGIN; END IF; END $$"
                )
            )
            conn.execute(text(f"GRANT contactdesk_gateway TO {GATEWAY_LOGIN}"))
            conn.execute(text(f"ALTER ROLE {GATEWAY_LOGIN} LOGIN PASSWORD '{GATEWAY_PASSWORD}'"))
    finally:
        owner.dispose()
    url = make_url(owner_url).set(username=GATEWAY_LOGIN, password=GATEWAY_PASSWORD)
    return url.render_as_string(hide_password=False)


def set_passwords(engine: Engine, usernames: Sequence[str], password: str = PASSWORD) -> None:
    """Give users a password (cheap argon2 parameters; the gateway verifies with the parameters in the hash)."""
    hashed = fast_hasher_for_tests().hash(password)
    with engine.begin() as conn:
        conn.execute(
            update(User)
            .where(User.username.in_(list(usernames)))
            .values(password_hash=hashed, failed_logins=0, locked_until=None)
        )


class SignInGateway:
    """The gateway application with the sign-in routes, on a loopback port, as the gateway login."""

    def __init__(
        self,
        owner_url: str,
        settings: Settings | None = None,
        *,
        hasher: PasswordHasher | None = None,
        hours: float = 1.0,
        stream_auth: bool = True,
        redactors: Sequence[Any] = (),
    ) -> None:
        self.engine = make_engine(gateway_url_for(owner_url), pool_size=8, generic_plans=True)
        self.desk = SignInDesk(
            self.engine,
            settings or Settings(lockout_attempts=5),
            hasher=hasher or fast_hasher_for_tests(),
            hours=hours,
            redactors=redactors,
        )
        config = GatewayConfig(
            public_url="http://127.0.0.1:1", auth_token=AUTH_TOKEN, run_worker=False, stream_auth=stream_auth
        )
        self.app = create_app(self.engine, config, extra_routes=self.desk.routes())
        self.server = ServerThread(self.app, name="sign-in-gateway").start()
        self.url = self.server.url

    def client(self) -> GatewayClient:
        return GatewayClient(self.url)

    def stop(self) -> None:
        self.server.stop()
        self.engine.dispose()

    def __enter__(self) -> SignInGateway:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def desktop_sign_in(
    gateway_url: str, database_url: str, username: str, password: str = PASSWORD, workstation: str = "WS-T"
) -> tuple[SharedSignIn, Any]:
    """A desktop's sign-in without a window: (its :class:`SharedSignIn`, the ``SignedIn``).

    ``database_url`` gives host, port and database; any login and password in it are ignored.  The engine is
    ``shared.handle.engine``, connected as the user's own login; ``shared.close()`` ends it.
    """
    shared = SharedSignIn(DatabaseHandle(database_url, embedded=False), gateway_url)
    shared.prepare()
    signed = shared.sign_in(username, password, workstation)
    return shared, signed


def session_user(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT session_user")).scalar_one())
