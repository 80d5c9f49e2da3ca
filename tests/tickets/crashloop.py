"""kill -9 harness: a desktop-like worker creates and updates complaints until it is SIGKILLed.

Run as ``python -m tests.tickets.crashloop URL USER_ID CUSTOMER_ID KILLS SEED``.  This process imports
everything once, then for each round forks a worker (a fresh process image for the database: the parent
never opens a connection), lets it run for a random 5–250 ms and kills it with SIGKILL wherever it is —
between statements, inside a transaction, during COMMIT.  After the last round one more worker runs
without being killed: it reopens the drafts left open (as the desktop does on start) and submits them.

The worker does what the intake form and the ticket panel do: save a draft, submit it (ticket, clock,
``created`` event, feed row, draft marked submitted — one transaction), create complaints directly, move
open complaints through the state machine and comment on them, each through ``TicketService``.

Prints one JSON line: rounds, seconds, and how many workers were killed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time

from db.engine import make_engine
from services.tickets import (
    ComplaintInput,
    StaticActor,
    TicketConfig,
    TicketError,
    TicketService,
)
from services.tickets.workflow import allowed_targets

TARGETS = ("acknowledged", "in_progress", "pending_customer", "pending_internal")
CATEGORIES = ("fee_dispute", "service_quality", "app_issue", "card_service", "collection")


def complaint(rng: random.Random, customer_id: int, n: int) -> ComplaintInput:
    return ComplaintInput(
        customer_id=customer_id,
        intake_channel=rng.choice(("call_in", "branch_visit", "email")),
        category=rng.choice(CATEGORIES),
        summary=f"崩溃测试投诉 {n}",
        customer_request="要求说明",
        identity_verified=True,
        identity_method="phone_verification",
        send_receipt=rng.random() < 0.5,
    )


def worker(url: str, user_id: int, customer_id: int, seed: int, *, recover_only: bool = False) -> None:
    engine = make_engine(url)
    service = TicketService.open(engine, config=TicketConfig())
    actor = StaticActor(user_id, frozenset({"ticket.create"}))
    for draft in service.open_drafts(user_id):  # what the desktop reopens on start
        try:
            service.submit_draft(actor, draft.id)
        except TicketError:
            service.discard_draft(actor, draft.id)
    if recover_only:
        engine.dispose()
        return
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        op = rng.random()
        if op < 0.45:
            data = complaint(rng, customer_id, n)
            draft_id = service.save_draft(actor, ComplaintInput(customer_id=customer_id, category=data.category))
            service.save_draft(actor, data, draft_id)
            service.submit_draft(actor, draft_id)
        elif op < 0.6:
            service.create_complaint(actor, complaint(rng, customer_id, n))
        else:
            mine = service.customer_tickets(customer_id)
            open_ = [t for t in mine if t.status in TARGETS or t.status == "new"]
            if not open_:
                continue
            row = rng.choice(open_)
            detail = service.ticket_detail(row.id)
            choices = [t for t in allowed_targets(detail.row.status) if t in TARGETS]
            try:
                if choices and rng.random() < 0.7:
                    service.transition(actor, row.id, detail.version, rng.choice(choices))
                else:
                    service.comment(actor, row.id, f"跟进 {n}", customer_contact=rng.random() < 0.3)
            except TicketError:
                pass


def main(argv: list[str]) -> int:
    url, user_id, customer_id, kills, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
    rng = random.Random(seed)
    # Warm what a running desktop has warmed (keyring backend discovery for a PostgreSQL URL, lazy imports)
    # without opening a connection: every forked worker then starts working within milliseconds.
    make_engine(url).dispose()
    started = time.monotonic()
    killed = 0
    for round_no in range(kills):
        pid = os.fork()
        if pid == 0:  # the "desktop"
            code = 0
            try:
                worker(url, user_id, customer_id, seed * 100_003 + round_no)
            except BaseException:  # pragma: no cover - a real failure: report it
                import traceback

                traceback.print_exc()
                code = 3
            os._exit(code)
        time.sleep(rng.uniform(0.005, 0.25))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed += 1
        elif os.WEXITSTATUS(status) != 0:
            print(json.dumps({"error": f"worker exited with {os.WEXITSTATUS(status)}"}))
            return 1
    worker(url, user_id, customer_id, seed, recover_only=True)
    print(json.dumps({"rounds": kills, "killed": killed, "seconds": round(time.monotonic() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
