"""``contactdesk bench outbox``: queueing a campaign, rendering a template, and the sender's throughput.

Figures:

* ``campaign_queue_seconds``: :meth:`MessagingService.start_campaign` for one SMS campaign to every customer
  (``--customers``, default 100,000; ``--quick`` 3,000): segment query, catalogue values, rendering, consent
  and address checks, and the outbox rows written batch by batch, commits included.  ``campaign_queued``
  says how many rows became ``pending`` (customers without a mobile or who refused SMS are ``skipped``);
  ``campaign_rows_per_s`` is rows written per second.
* ``template_render_p99_ms`` (and ``_p50_``): one render of the deposit-maturity SMS with a customer's values
  (compiled once and cached, as in production).
* ``sender_msgs_per_s``: the outbox sender draining ``--messages`` SMS (default 2,000; ``--quick`` 300)
  through the twilio library to the Twilio simulator on loopback, with pacing set high enough not to be
  the limit: claims, REST requests (checked against Twilio's spec) and recorded outcomes.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time
from typing import Any

from services.bench_harness import percentile, seeded_database, time_calls

DEFAULT_CUSTOMERS = 100_000
QUICK_CUSTOMERS = 3_000
DEFAULT_MESSAGES = 2_000
QUICK_MESSAGES = 300
RENDER_SAMPLES = 5_000
QUICK_RENDER_SAMPLES = 1_000
DESCRIPTION = "campaign queueing, template rendering and outbox sending throughput"
BENCH_TEMPLATE = "bench_notice_sms"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--messages", type=int, help=f"SMS for the sender figure (default {DEFAULT_MESSAGES:,})")


def _log(message: str) -> None:
    print(f"[bench outbox] {message}", file=sys.stderr, flush=True)


def _setup(engine: Any) -> tuple[Any, int]:
    """A supervisor to act as, the starter templates and an approved service SMS for every customer."""
    from sqlalchemy import insert, select

    from db.models import Branch, MessageTemplate, User
    from db.models.base import utcnow
    from services.messaging import install_starter_templates
    from services.permissions import Principal, ensure_roles

    install_starter_templates(engine)
    table: Any = MessageTemplate.__table__
    with engine.begin() as conn:
        ensure_roles(conn)
        user = conn.execute(select(User.id).where(User.username == "bench_outbox")).scalar()
        if user is None:
            branch = conn.execute(select(Branch.id).order_by(Branch.id).limit(1)).scalar()
            user = conn.execute(
                insert(User)
                .values(username="bench_outbox", display_name="基准主管", role_code="supervisor", branch_id=branch)
                .returning(User.id)
            ).scalar_one()
        template = conn.execute(select(table.c.id).where(table.c.code == BENCH_TEMPLATE)).scalar()
        if template is None:
            at = utcnow()
            template = conn.execute(
                insert(table)
                .values(
                    code=BENCH_TEMPLATE,
                    channel="sms",
                    locale="zh_CN",
                    version_no=1,
                    name="基准通知",
                    purpose="service",
                    status="approved",
                    approved_at=at,
                    created_at=at,
                    updated_at=at,
                    body_text="【{{ bank_name }}】尊敬的{{ customer_name }}{{ honorific }}，您在{{ branch_name }}的"
                    "账户服务信息已更新，详情请咨询网点。",
                    variables={
                        "bank_name": "text",
                        "customer_name": "text",
                        "honorific": "text",
                        "branch_name": "text",
                    },
                )
                .returning(table.c.id)
            ).scalar_one()
    return Principal(user_id=int(user), username="bench_outbox", role="supervisor", workstation="bench"), int(template)


def _render_figures(samples: int) -> dict[str, float]:
    from decimal import Decimal

    from services.messaging import Renderer, TemplateSource
    from services.messaging.starters import starter_drafts

    draft = next(d for d in starter_drafts() if d.code == "deposit_maturity_sms" and d.locale == "zh_CN")
    source = TemplateSource(
        draft.channel, draft.locale, draft.body_text, draft.subject, draft.body_html, draft.variables
    )
    renderer = Renderer()
    names = ["张伟", "李娜", "欧阳晓明", "王芳", "陈静"]
    inputs = [
        {
            "customer_name": names[i % len(names)],
            "honorific": "先生" if i % 2 else "女士",
            "surname": "张",
            "bank_name": "示范银行",
            "deposit_amount": Decimal(10_000 + i * 37),
            "account_tail": f"{i % 10_000:04d}",
            "maturity_date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
            "branch_name": "上海徐汇支行",
        }
        for i in range(samples)
    ]
    times = time_calls(lambda v: renderer.render(source, v), inputs, warmup=inputs[:200])
    return {"template_render_p50_ms": percentile(times, 50), "template_render_p99_ms": percentile(times, 99)}


def _sender_figure(engine: Any, messages: int) -> dict[str, Any]:
    from gateway.outbox_sender import OutboxSender
    from gateway.serve import ServerThread
    from gateway.simulator.population import Population
    from gateway.simulator.simulator import Simulator, SimulatorConfig
    from gateway.sms_sender import SmsSender
    from services.messaging import MessagingConfig
    from services.messaging.outbox import Outgoing, enqueue_many

    account, token = "AC" + "b" * 32, "bench-token-0123456789abcdef0123"
    simulator = Simulator(
        SimulatorConfig(gateway_url="http://127.0.0.1:9", account_sid=account, auth_token=token, calls_per_minute=0.0),
        Population(),
    )
    simulator.messages.callbacks = False  # no gateway here: the figure is the sending side
    rest = ServerThread(simulator.rest_app(), name="bench-twilio").start()
    stamp = int(time.time())
    try:
        now = dt.datetime.now(dt.UTC)
        rows = [
            Outgoing(
                idem_key=f"bench:{stamp}:{i}",
                channel="sms",
                purpose="service",
                customer_id=None,
                to_address=f"+86139{(stamp + i) % 10**8:08d}",
                body_text=f"【示范银行】基准短信 {i}",
                sender="+862160000000",
            )
            for i in range(messages)
        ]
        with engine.begin() as conn:
            enqueue_many(conn, rows, now)
        config = dataclasses.replace(MessagingConfig(), sms_per_second=100_000.0, public_url="https://bank.example")
        sms = SmsSender(account, token, config.public_url, base_url=rest.url)
        sender = OutboxSender(engine, config, sms=sms, batch=100, threads=8, maintenance_every=3600.0)
        started = time.perf_counter()
        sent = sender.drain(timeout=600)
        seconds = time.perf_counter() - started
        sender.stop()
        outcomes = dict(sender.stats.by_outcome or {})
        return {
            "sender_msgs_per_s": sent / seconds if seconds else 0.0,
            "sender_messages": sent,
            "sender_outcomes": outcomes,
            "sender_rest_rejected": len(simulator.state.rejected),
        }
    finally:
        rest.run_coroutine(simulator.close())
        rest.stop()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from services.messaging import MessagingConfig, MessagingService

    quick = bool(args.quick)
    customers = args.customers or (QUICK_CUSTOMERS if quick else DEFAULT_CUSTOMERS)
    messages = args.messages or (QUICK_MESSAGES if quick else DEFAULT_MESSAGES)
    figures: dict[str, Any] = {}
    with seeded_database(args, customers) as db:
        who, template = _setup(db.engine)
        noon = dt.datetime.now(dt.UTC).replace(hour=4, minute=0)  # 12:00 in Shanghai: no quiet hours
        service = MessagingService(db.engine, MessagingConfig(), clock=lambda: noon)
        campaign = service.create_campaign(who, f"基准活动 {int(time.time())}", template, {})
        _log(f"queueing a campaign to {db.customers:,} customers ({db.backend})")
        started = time.perf_counter()
        report = service.start_campaign(who, campaign, 1)
        seconds = time.perf_counter() - started
        service.cancel_campaign(who, campaign, report.version)  # the sender figure uses rows of its own
        figures.update(
            backend=db.backend,
            customers=db.customers,
            campaign_queue_seconds=seconds,
            campaign_rows=report.total,
            campaign_queued=report.by_status.get("pending", 0),
            campaign_rows_per_s=report.total / seconds if seconds else 0.0,
        )
        _log("rendering")
        figures.update(_render_figures(QUICK_RENDER_SAMPLES if quick else RENDER_SAMPLES))
        _log(f"sending {messages:,} SMS to the simulator")
        figures.update(_sender_figure(db.engine, messages))
    return figures
