"""The gateway's outbox sender: claims due rows, paces them per sender, sends, records, reconciles.

One :class:`OutboxSender` runs on a thread of each gateway process (and of the in-process demo gateway);
several processes may run side by side (claims never overlap, see :mod:`.outbox_store`).  Each round:

1. now and then: claims whose sender died become ``unknown``; ``unknown`` SMS are looked up in Twilio's
   message list — found: the row takes the SID and state; confirmed absent after the grace period: it goes
   back to ``pending``.  ``unknown`` e-mail stays for a person to check (SMTP has no such list);
2. claim up to ``batch`` due rows (only of the channels this process can send);
3. check each again as it is sent: consent withdrawn since it was queued → ``skipped``; marketing inside the
   quiet hours → held back to their end; too many attempts → ``failed``;
4. send — SMS on a few threads, e-mail over one kept SMTP connection — each after its sender's pacing slot;
5. record every outcome in one transaction (a crash before that leaves the rows ``sending``: step 1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from db.models import OutboxMessage
from db.write import utcnow, write_txn
from services.config import Settings
from services.messaging import policy
from services.messaging.config import MessagingConfig

from . import outbox_store as store
from .mail_sender import MailSender
from .outbox_store import Claimed, Outcome
from .pacing import Pacer, SharedPacer, make_pacer, wait_for
from .sms_sender import SmsSender

log = logging.getLogger(__name__)


@dataclass
class SenderStats:
    """Counts since start (for the health check and the benchmark)."""

    rounds: int = 0
    claimed: int = 0
    by_outcome: dict[str, int] | None = None
    reconciled: int = 0
    requeued: int = 0

    def add(self, outcome: str) -> None:
        if self.by_outcome is None:
            self.by_outcome = {}
        self.by_outcome[outcome] = self.by_outcome.get(outcome, 0) + 1


class OutboxSender:
    """Drains the outbox (see the module docstring).

    Args:
        engine: the shared database.
        config: pacing, quiet hours, lease and grace, the SMS From number.
        sms: the Twilio SMS sender (None: this process sends no SMS).
        mail: makes the SMTP sender (None: no e-mail); called once, the connection is kept between messages.
        batch: rows claimed per round.
        threads: parallel SMS requests.
        interval: seconds between rounds when idle.
        maintenance_every: seconds between expiry / reconciliation passes.
        max_attempts: a row retried this often is failed.
        pacer: the pacing (default: :func:`~.pacing.make_pacer` — across processes on PostgreSQL).
    """

    def __init__(
        self,
        engine: Engine,
        config: MessagingConfig,
        *,
        sms: SmsSender | None = None,
        mail: Callable[[], MailSender] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        batch: int = 50,
        threads: int = 4,
        interval: float = 0.2,
        maintenance_every: float = 2.0,
        max_attempts: int = 8,
        backoff: float = 2.0,
        backoff_max: float = 600.0,
        pacer: Pacer | SharedPacer | None = None,
    ) -> None:
        self.engine = engine
        self.config = config
        self.sms = sms
        self._mail_factory = mail
        self._mail: MailSender | None = None
        self.clock = clock
        self.batch = batch
        self.interval = interval
        self.maintenance_every = maintenance_every
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.backoff_max = backoff_max
        # Shared through the database on PostgreSQL, so that several gateway processes keep one pace.
        self.pacer = pacer or make_pacer(engine, self._rate_of)
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="outbox-sms")
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._maintained = 0.0
        self.stats = SenderStats()

    def _rate_of(self, key: str) -> float:
        return self.config.email_per_second if key.startswith("mail:") else self.config.sms_per_second

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(c for c, on in (("sms", self.sms is not None), ("email", self._mail_factory is not None)) if on)

    # -- the thread ---------------------------------------------------------------------------------------
    def start(self) -> OutboxSender:
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=True)
        if self._mail is not None:
            self._mail.close()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                done = self.run_once()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("outbox sender: %s; will retry", exc.__class__.__name__)
                done = 0
            except Exception:  # never let the thread die: claimed rows expire and are reconciled
                log.exception("outbox sender: unexpected error; will retry")
                done = 0
            if not done:
                self._wake.wait(self.interval)

    # -- one round ----------------------------------------------------------------------------------------
    def run_once(self) -> int:
        """One round (see the module docstring); returns how many rows it claimed."""
        self.stats.rounds += 1
        if time.monotonic() - self._maintained >= self.maintenance_every:
            self.maintain()
        if not self.channels:
            return 0
        now = self.clock()
        with write_txn(self.engine) as conn:
            claimed = store.claim(conn, now, self.batch, self.channels)
        if not claimed:
            return 0
        self.stats.claimed += len(claimed)
        outcomes = self._process(claimed)
        now = self.clock()
        with write_txn(self.engine) as conn:
            store.record(conn, list(zip(claimed, outcomes, strict=True)), now)
        for outcome in outcomes:
            self.stats.add(outcome.status)
        return len(claimed)

    def drain(self, timeout: float = 30.0) -> int:
        """Run rounds until no due row is left (tests, the benchmark); returns the rows claimed."""
        total = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.run_once()
            total += done
            if not done:
                break
        return total

    def _process(self, claimed: list[Claimed]) -> list[Outcome]:
        now = self.clock()
        outcomes: list[Outcome | None] = [self._check(item, now) for item in claimed]
        refused = self._consent_refusals([c for c, o in zip(claimed, outcomes, strict=True) if o is None])
        for i, item in enumerate(claimed):
            if outcomes[i] is None and item.id in refused:
                outcomes[i] = Outcome("skipped", error_code="opt_out", error_message="consent withdrawn before sending")
        # One pacing reservation per sender and batch (one database statement on PostgreSQL): each SMS then
        # waits for its own slot on its thread.
        by_key: dict[str, list[int]] = {}
        for i, item in enumerate(claimed):
            if outcomes[i] is None and item.channel == "sms":
                by_key.setdefault(f"sms:{item.sender or self.config.sms_from}", []).append(i)
        futures = {}
        for key, indexes in by_key.items():
            start = time.monotonic()
            for i, wait in zip(indexes, self.pacer.reserve_many(key, len(indexes)), strict=True):
                futures[i] = self._pool.submit(self._send_sms, claimed[i], start + wait)
        for i, item in enumerate(claimed):
            if outcomes[i] is None and item.channel == "email":
                outcomes[i] = self._send_mail(item)
        for i, future in futures.items():
            outcomes[i] = future.result()
        done = [o or Outcome("retry") for o in outcomes]
        return [self._with_backoff(item, o, now) for item, o in zip(claimed, done, strict=True)]

    def _check(self, item: Claimed, now: dt.datetime) -> Outcome | None:
        if item.problem is not None:
            return Outcome("failed", error_code=item.problem, error_message=store.ADDRESS_PROBLEMS[item.problem])
        if not item.to_address:
            return Outcome("failed", error_code="no_address", error_message="no address")
        if item.attempts > self.max_attempts:
            return Outcome("failed", error_code="attempts", error_message=f"gave up after {self.max_attempts} attempts")
        if item.purpose == "marketing":
            end = policy.quiet_hours_end(self.config, now)
            if end is not None:
                return Outcome("deferred", not_before=end, error_message="held until the quiet hours end")
        return None

    def _consent_refusals(self, items: list[Claimed]) -> set[int]:
        groups: dict[tuple[str, str], list[Claimed]] = {}
        for item in items:
            if item.customer_id is not None:
                groups.setdefault((item.channel, item.purpose), []).append(item)
        refused: set[int] = set()
        if not groups:
            return refused
        with self.engine.connect() as conn:
            for (channel, purpose), group in groups.items():
                granted = policy.consents(conn, [int(i.customer_id or 0) for i in group], channel, purpose)
                refused.update(i.id for i in group if not policy.permits(granted.get(int(i.customer_id or 0)), purpose))
        return refused

    def _send_sms(self, item: Claimed, slot: float) -> Outcome:
        """Send one SMS at its pacing ``slot`` (a ``time.monotonic()`` instant)."""
        assert self.sms is not None
        if not wait_for(slot - time.monotonic(), self._stop, time.sleep):
            return Outcome("retry", error_message="sender stopping")
        try:
            return self.sms.send(item, self.config.sms_from)
        except Exception as exc:  # the request may have gone out: find out, never resend blindly
            log.exception("outbox: SMS %d failed unexpectedly", item.id)
            return Outcome("unknown", error_code="error", error_message=f"{type(exc).__name__}: {exc}"[:200])

    def _send_mail(self, item: Claimed) -> Outcome:
        if self._mail is None:
            assert self._mail_factory is not None
            self._mail = self._mail_factory()
        if not self.pacer.wait(f"mail:{self._mail.from_address}", self._stop):
            return Outcome("retry", error_message="sender stopping")
        try:
            return self._mail.send(item)
        except Exception as exc:  # a bug or an odd server must not wedge the batch: the row waits and retries
            log.exception("outbox: e-mail %d failed unexpectedly", item.id)
            return Outcome("retry", error_code="error", error_message=f"{type(exc).__name__}: {exc}"[:200])

    def _with_backoff(self, item: Claimed, outcome: Outcome, now: dt.datetime) -> Outcome:
        if outcome.status != "retry":
            return outcome
        if item.attempts >= self.max_attempts:
            return Outcome("failed", error_code=outcome.error_code, error_message=outcome.error_message)
        delay = min(self.backoff_max, self.backoff * 2 ** max(0, item.attempts - 1)) * random.uniform(0.8, 1.2)
        return Outcome(
            "retry",
            error_code=outcome.error_code,
            error_message=outcome.error_message,
            not_before=now + dt.timedelta(seconds=delay),
        )

    # -- maintenance --------------------------------------------------------------------------------------
    def maintain(self) -> None:
        """Expire dead claims and reconcile ``unknown`` SMS."""
        self._maintained = time.monotonic()
        now = self.clock()
        with self.engine.connect() as conn:
            stuck = conn.execute(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == "sending",
                    OutboxMessage.claimed_at < now - dt.timedelta(seconds=self.config.lease_seconds),
                )
                .limit(1)
            ).first()
        if stuck is not None:
            with write_txn(self.engine) as conn:
                expired = store.expire_claims(conn, now, dt.timedelta(seconds=self.config.lease_seconds))
            log.warning("outbox: %d claims expired (a sender stopped while sending); reconciling", len(expired))
        if self.sms is not None:
            self.reconcile()

    def reconcile(self, limit: int = 100) -> int:
        """Settle ``unknown`` SMS from Twilio's message list; returns how many were settled."""
        assert self.sms is not None
        with self.engine.connect() as conn:
            unknown = store.unknown_rows(conn, "sms", limit)
        settled = 0
        grace = dt.timedelta(seconds=self.config.reconcile_grace_seconds)
        for item in unknown:
            with self.engine.connect() as conn:
                taken: set[str] = {
                    str(sid)
                    for sid in conn.execute(
                        select(OutboxMessage.provider_id).where(
                            OutboxMessage.to_address == item.to_address,
                            OutboxMessage.provider_id.is_not(None),
                            OutboxMessage.id != item.id,
                        )
                    ).scalars()
                }
            try:
                found = self.sms.find(item, self.config.sms_from, taken)
            except Exception as exc:  # Twilio unreachable: try again next time
                log.info("outbox: cannot reconcile %d yet (%s)", item.id, exc.__class__.__name__)
                continue
            now = self.clock()
            with write_txn(self.engine) as conn:
                if found is not None:
                    store.apply_provider_status(conn, item.id, found.sid, found.status, found.error_code, now)
                    self.stats.reconciled += 1
                    settled += 1
                elif now - item.claimed_at >= grace and store.requeue_unknown(conn, item, now):
                    self.stats.requeued += 1
                    settled += 1
        return settled


def build_sender(
    engine: Engine,
    settings: Settings,
    *,
    account_sid: str,
    auth_token: str,
    public_url: str,
    api_url: str | None = None,
    smtp_password: Callable[[], str | None] | None = None,
) -> OutboxSender | None:
    """The sender a gateway process runs, from the settings: SMS when a Twilio account is configured, e-mail
    when ``smtp_host`` is set (password from the keyring's ``smtp_password`` or ``SMTP_PASSWORD``)."""
    config = dataclasses.replace(MessagingConfig.from_settings(settings), public_url=public_url.rstrip("/"))
    sms = SmsSender(account_sid, auth_token, public_url, base_url=api_url) if account_sid else None
    mail: Callable[[], MailSender] | None = None
    if config.smtp_host and config.smtp_from_address:

        def password() -> str | None:
            if smtp_password is not None:
                return smtp_password()
            from services.secrets import SMTP_PASSWORD, SecretStore

            return SecretStore().get(SMTP_PASSWORD)

        def make_mail() -> MailSender:
            return MailSender(
                config.smtp_host,
                config.smtp_port,
                security=config.smtp_security,
                username=config.smtp_username,
                password=password,
                from_address=config.smtp_from_address,
                from_name=config.smtp_from_name or config.bank_name_zh,
                timeout=config.smtp_timeout,
            )

        mail = make_mail
    if sms is None and mail is None:
        return None
    return OutboxSender(engine, config, sms=sms, mail=mail)
