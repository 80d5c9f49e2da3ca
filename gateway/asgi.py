"""The gateway built from the environment — the factory uvicorn's worker processes call.

``contactdesk gateway`` sets these variables for its workers: CONTACTDESK_DATABASE_URL,
CONTACTDESK_PUBLIC_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, and optionally CONTACTDESK_TWILIO_API_URL
(send REST requests to the simulator instead of api.twilio.com), CONTACTDESK_GATEWAY_SPOOL (spool folder) and
CONTACTDESK_ESCALATION_SCAN_SECONDS (how often the complaint at-risk scan runs; 0: not in this gateway) and
CONTACTDESK_DB_LOGIN_HOURS (how long a desktop's database password from ``POST /auth/sign-in`` lasts).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

API_URL_ENV = "CONTACTDESK_TWILIO_API_URL"
SPOOL_ENV = "CONTACTDESK_GATEWAY_SPOOL"
POOL_ENV = "CONTACTDESK_GATEWAY_DB_POOL"


def app() -> Any:
    """A gateway ASGI app configured from the environment (see the module docstring)."""
    from db.engine import make_engine
    from services import logredact
    from services.config import load_settings

    from . import auth_http
    from .control import TwilioCallControl
    from .gateway import GatewayConfig, create_app
    from .outbox_sender import build_sender
    from .spool import Spool
    from .standard_jobs import build_scheduler
    from .twilio_rest import TwilioRest

    settings = load_settings()
    logging.basicConfig(level=settings.log_level)
    account_sid = os.environ.get("TWILIO_ACCOUNT_SID", "")
    auth_token = os.environ["TWILIO_AUTH_TOKEN"]
    engine = make_engine(
        settings.effective_database_url(), pool_size=int(os.environ.get(POOL_ENV, "8")), generic_plans=True
    )
    # Keep PII and the provider and database secrets out of the gateway's logs.
    redactor = logredact.install(logging.getLogger())
    redactor.add_secret(auth_token)
    redactor.add_secret(engine.url.password)
    control = rest = None
    if account_sid:
        rest = TwilioRest(account_sid, auth_token, base_url=os.environ.get(API_URL_ENV) or None)
        control = TwilioCallControl(rest, settings.public_url, settings.twilio_number)
    spool_dir = Path(os.environ.get(SPOOL_ENV) or settings.data_dir / "spool")
    config = GatewayConfig(
        public_url=settings.public_url, auth_token=auth_token, bank_timezone=settings.ticket_timezone
    )
    sender = build_sender(
        engine,
        settings,
        account_sid=account_sid,
        auth_token=auth_token,
        public_url=settings.public_url,
        api_url=os.environ.get(API_URL_ENV) or None,
    )
    # The recurring jobs (the escalation scan): each runs in one gateway process at a time (gateway.jobs).
    jobs = build_scheduler(engine, settings)
    # Desktops sign in here and get their database login's short-lived password (gateway.auth_http).
    sign_in = auth_http.routes(engine, settings, redactors=[redactor])
    return create_app(
        engine,
        config,
        spool=Spool(spool_dir),
        control=control,
        extra_routes=sign_in,
        sender=sender,
        rest=rest,
        jobs=jobs,
    )
