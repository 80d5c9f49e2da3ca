"""Running a service flow beside a call or at a counter: one step at a time, every answer kept at once.

``FlowRunner`` is synchronous (the desktop calls it on its database worker).  Each call is one short write
transaction on the run's row (locked), so two desks cannot move one run at the same time, and what the agent
entered is in the database when the call returns:

* :meth:`FlowRunner.start` — a run of the published version of a flow (or of a given version), for a
  customer and optionally a call; ``flow.run`` is required, and the customer must be one the agent may see;
* :meth:`~FlowRunner.answer` — the answer of an ask step (typed and checked: choice, yes/no, text, number,
  amount, date), the answers of an identity check (compared by :mod:`.identity`; the expected values never
  come back), or "go on" for a say step;
* :meth:`~FlowRunner.confirm` — a read-aloud text was read (time stamped), or an action may act: it is done
  through the existing services (:mod:`.actions`) and its result shown; a second confirm does nothing twice;
* :meth:`~FlowRunner.back` — to the previous step the agent acted on; what followed is set aside and the
  later steps are evaluated again from the new answer;
* :meth:`~FlowRunner.resume` / :meth:`~FlowRunner.abandon`.

Branches are taken by themselves; an end step finishes the run: it goes on the customer's timeline (an
``interaction``: path, answers masked where they are PII, actions, duration), and its outcome comes back in
the :class:`RunView` to prefill the wrap-up.  A run always stays on the version it started with.

What is stored (``flow_run`` / ``flow_run_step``, migration 0012): the run's path (each step with what it
showed), the answers by variable, and one ``flow_run_step`` row per answer, confirmation, action and back,
each written when it happens.  Answers of ``pii`` steps are stored masked only; the value as typed is kept
in this process (for an action that needs it, e.g. a new phone number) and in the desktop's local journal
(:data:`FLOW_STEP`, replayed by :func:`replay_handler` when the database is back).

A run-time loop guard stops a run whose path passes :data:`MAX_VISITS` steps, or one step
:data:`MAX_STEP_VISITS` times.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from jinja2.exceptions import SecurityError, TemplateError
from sqlalchemy import Connection, Engine, func, insert, select, update

from db.models import (
    Call,
    CallQueue,
    Customer,
    CustomerPhone,
    FlowRun,
    FlowRunStep,
    Holding,
    Interaction,
    Product,
    ServiceFlow,
    Ticket,
    User,
)
from db.models.base import utcnow
from db.models.ticket import OPEN_TICKET_STATES
from db.repositories.versioning import bumped
from db.write import aware, write_txn
from services.audit import AuditTrail
from services.messaging.context import honorific, surname_of
from services.messaging.rendering import Renderer
from services.permissions import Principal, authorize, require_customer

from . import conditions, identity
from .actions import ActionResult, ActionServices, describe, describe_both, perform
from .definition import FlowDefinition, Step, parse
from .dispositions import pickable_dispositions
from .errors import FlowError, FlowNotAllowed, FlowNotFound

MAX_VISITS = 1000  # steps on one path (twice the largest flow)
MAX_STEP_VISITS = 25  # visits of one step on one path
MAX_IDENTITY_ATTEMPTS = 3  # answers to one identity check per run (going back does not give more)
PERFORMING_SECONDS = 30  # an action "being done" by another confirm for this long is taken as lost
MAX_OUTPUT = 100_000  # characters of one rendered text
MATURING_DAYS = 30
CACHE_SIZE = 256
PROGRESS_KEYS = ("draft_id", "ticket_id", "reminder_id", "referral_id")
FLOW_STEP = "flow_step"  # journal kind: {"run_id", "op", "step_id", "value", "client_key"}
RUN_STATES = ("active", "finished", "abandoned", "preview")  # flow_run.status; preview: an author trying a draft
INTERACTIVE = ("say", "ask", "identity_check", "read_aloud", "action")
YES = frozenset({"yes", "y", "true", "1", "是", "对", "有"})
NO = frozenset({"no", "n", "false", "2", "否", "不", "没有", "无"})
CHECK_RESULTS = {
    True: ("passed", "通过", "passed"),
    False: ("failed", "不符", "failed"),
    None: ("unavailable", "无记录", "no record"),
}


class InvalidAnswer(FlowError):
    """The answer does not fit the step (the message says what is expected)."""

    code = "flow_invalid_answer"


class StepMoved(FlowError):
    """The run is no longer at the step the desk showed (another desk, or a double key press)."""

    code = "flow_step_moved"

    def __init__(self) -> None:
        super().__init__(
            "流程已进入其他步骤，已显示当前步骤。", "The flow has moved on to another step; the current one is shown."
        )


class LoopStopped(FlowError):
    """The run went round in a loop and was stopped."""

    code = "flow_loop"


# -- what the desk shows --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChoiceItem:
    """One answer the agent can pick with a digit key."""

    key: str
    value: Any
    label: str


@dataclass(frozen=True)
class CheckItem:
    """One identity question and, once answered, its result (never the expected value)."""

    name: str
    label: str
    result: str | None = None  # passed | failed | unavailable | not_answered | not_checked


@dataclass(frozen=True)
class PathItem:
    """A step on the path taken, with what it showed (answers masked where they are PII)."""

    step_id: str
    kind: str
    title: str
    shown: str | None


@dataclass(frozen=True)
class RunView:
    """The run as the desk shows it: the current step rendered, the path taken, answers, the outcome."""

    run_id: int
    flow_id: int
    code: str
    version_no: int
    name: str
    status: str
    customer_id: int | None
    call_id: int | None
    step_id: str | None
    kind: str | None
    title: str
    text: str
    answer_type: str | None = None
    answer_spec: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[ChoiceItem, ...] = ()
    checks: tuple[CheckItem, ...] = ()
    required: int | None = None
    action: Mapping[str, Any] | None = None
    action_result: Mapping[str, Any] | None = None
    path: tuple[PathItem, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)
    previous: str | None = None
    outcome: str | None = None
    disposition: str | None = None
    error: tuple[str, str] | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    duration_s: int | None = None
    interaction_id: int | None = None
    can_back: bool = False
    render_problem: bool = False

    @property
    def ended(self) -> bool:
        return self.status in ("finished", "abandoned") or (self.status == "preview" and self.finished_at is not None)

    def error_message(self, language: str = "zh_CN") -> str | None:
        if self.error is None:
            return None
        return self.error[1] if language.startswith("en") else self.error[0]


@dataclass(frozen=True)
class RunBrief:
    """An open run of an agent (to resume after a restart)."""

    run_id: int
    code: str
    version_no: int
    name: str
    customer_id: int | None
    call_id: int | None
    step_id: str | None
    started_at: dt.datetime


# -- internal state -------------------------------------------------------------------------------------------
@dataclass
class _Run:
    id: int
    flow_id: int
    code: str
    version_no: int
    name_zh: str
    flow_status: str
    customer_id: int | None
    call_id: int | None
    user_id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    current_step: str | None
    answers: dict[str, Any]
    path: list[dict[str, Any]]
    outcome: str | None
    duration_s: int | None
    interaction_id: int | None
    defn: FlowDefinition
    seq: int = 0  # the last flow_run_step.seq of the run
    notice: tuple[str, str] | None = None  # (zh, en) told with the next view, e.g. the loop guard stopped it

    @property
    def open(self) -> bool:
        return self.status == "active" or (self.status == "preview" and self.finished_at is None)


@dataclass
class _Context:
    customer: dict[str, Any]
    call: dict[str, Any]
    agent: dict[str, Any]


_RUN_COLUMNS = (
    FlowRun.id,
    FlowRun.flow_id,
    FlowRun.customer_id,
    FlowRun.call_id,
    FlowRun.user_id,
    FlowRun.started_at,
    FlowRun.finished_at,
    FlowRun.status,
    FlowRun.current_step,
    FlowRun.answers,
    FlowRun.path,
    FlowRun.outcome,
    FlowRun.duration_s,
    FlowRun.interaction_id,
    ServiceFlow.code,
    ServiceFlow.version_no,
    ServiceFlow.name,
    ServiceFlow.status.label("flow_status"),
    ServiceFlow.version.label("flow_row_version"),
    select(func.coalesce(func.max(FlowRunStep.seq), 0))
    .where(FlowRunStep.run_id == FlowRun.id)
    .scalar_subquery()
    .label("last_seq"),
)


class FlowRunner:
    """Runs flows for the desk (see the module docstring).

    Args:
        engine: the shared database.
        audit: the audit trail (refusals are recorded there).
        messaging, tickets, calls, editor: the services actions go through (``MessagingService``,
            ``TicketService``, ``CallService``, ``RecordEditor``); an action whose service is missing fails
            with a message.  ``editor`` defaults to a ``RecordEditor`` on ``engine``.
        renderer: the messaging renderer (its sandbox renders step texts); defaults to the messaging
            service's, else a new one.
        clock: the time source.
        timezone: the bank's time zone (date answers are judged in it).
    """

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail | None = None,
        *,
        messaging: Any = None,
        tickets: Any = None,
        calls: Any = None,
        editor: Any = None,
        renderer: Renderer | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        timezone: str = "Asia/Shanghai",
    ) -> None:
        self.engine = engine
        self.audit = audit or AuditTrail()
        self.clock = clock
        self.tz = ZoneInfo(timezone)
        self.renderer = renderer or getattr(messaging, "renderer", None) or Renderer(timezone)
        if editor is None:
            from services.sync.records import RecordEditor

            editor = RecordEditor(engine, audit=self.audit)
        self.services = ActionServices(
            engine=engine,
            audit=self.audit,
            clock=clock,
            messaging=messaging,
            tickets=tickets,
            calls=calls,
            editor=editor,
        )
        self._lock = threading.Lock()
        self._defs: OrderedDict[tuple[int, int], FlowDefinition] = OrderedDict()
        self._contexts: OrderedDict[int, _Context] = OrderedDict()
        self._compiled: OrderedDict[tuple[str, str], Any] = OrderedDict()
        # PII answers as typed, for the actions of the run that need them (never stored unmasked).
        self._typed: dict[tuple[int, str], Any] = {}
        self._dispositions: frozenset[str] | None = None

    # -- starting ---------------------------------------------------------------------------------------------
    def start(
        self,
        principal: Principal,
        flow: int | str,
        customer_id: int | None,
        call_id: int | None = None,
    ) -> RunView:
        """Start a run of ``flow`` (a code: its published version; or a ``service_flow`` id).

        A version that is not published may only be run by an author (``flow.author``) as a *preview*: its
        actions are described, not done, and nothing goes on the timeline or into the analytics.

        Raises:
            PermissionDenied: no ``flow.run`` (or the customer is outside what the agent may see).
            FlowNotFound: no such flow, or none published under that code.
            FlowNotAllowed: the version is retired.
        """
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="service_flow", entity_id=flow)
            if customer_id is not None:
                require_customer(conn, principal, customer_id, audit=self.audit)
            row = self._flow_row(conn, flow)
            status = "active"
            if row.status != "published":
                if row.status == "retired":
                    raise FlowNotAllowed(
                        f"流程“{row.code}”第 {row.version_no} 版已停用，不能再开始。",
                        f"Version {row.version_no} of flow {row.code!r} is retired and cannot be started.",
                    )
                authorize(conn, principal, "flow.author", audit=self.audit, entity="service_flow", entity_id=row.id)
                status = "preview"
            if call_id is not None and conn.execute(select(Call.id).where(Call.id == call_id)).scalar() is None:
                raise FlowNotFound("通话不存在。", f"Call {call_id} does not exist.")
            defn = self._definition(conn, row.id, row.version)
            answers = {v.name: v.default for v in defn.variables}
            run_id = int(
                conn.execute(
                    insert(FlowRun)
                    .values(
                        flow_id=row.id,
                        customer_id=customer_id,
                        call_id=call_id,
                        user_id=principal.user_id,
                        started_at=now,
                        updated_at=now,
                        status=status,
                        current_step=defn.start,
                        answers=answers,
                        path=[],
                        version=1,
                    )
                    .returning(FlowRun.id)
                ).scalar_one()
            )
            run = self._load(conn, run_id, lock=False)
            context = self._build_context(conn, principal, run)
            self._remember_context(run_id, context)
            self._arrive(conn, principal, run, defn.start, now)
            self._save(conn, run, now)
            view = self._view(conn, principal, run, context)
        return view

    def _flow_row(self, conn: Connection, flow: int | str) -> Any:
        columns = (ServiceFlow.id, ServiceFlow.code, ServiceFlow.version_no, ServiceFlow.status, ServiceFlow.version)
        if isinstance(flow, int):
            row = conn.execute(select(*columns).where(ServiceFlow.id == flow)).first()
            if row is None:
                raise FlowNotFound("流程不存在。", f"Flow version {flow} does not exist.")
            return row
        row = conn.execute(
            select(*columns)
            .where(ServiceFlow.code == flow, ServiceFlow.status == "published")
            .order_by(ServiceFlow.version_no.desc())
            .limit(1)
        ).first()
        if row is None:
            raise FlowNotFound(f"流程“{flow}”没有已发布的版本。", f"Flow {flow!r} has no published version.")
        return row

    # -- moving on --------------------------------------------------------------------------------------------
    def answer(
        self,
        principal: Principal,
        run_id: int,
        value: Any = None,
        *,
        step_id: str | None = None,
        client_key: str | None = None,
    ) -> RunView:
        """Answer the current step and move on (say: ``value`` is ignored; identity check: a mapping
        check name -> what the caller said).

        ``step_id``: the step the desk showed (a stale desk is refused with :class:`StepMoved`);
        ``client_key``: the desk's key of this answer — the same key again (a journal replay) does nothing twice.

        Raises:
            InvalidAnswer: the value does not fit (nothing is stored); FlowNotAllowed: not this agent's run,
            or the run has ended; StepMoved; LoopStopped.
        """
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="flow_run", entity_id=run_id)
            run = self._owned(conn, principal, run_id)
            if client_key is not None and self._seen(conn, run_id, client_key):
                return self._view(conn, principal, run, self._context(conn, principal, run))
            step = self._current(run, step_id)
            if step.kind not in ("say", "ask", "identity_check"):
                raise FlowNotAllowed(
                    "此步骤需要确认，请按确认。", "This step is confirmed rather than answered: use confirm."
                )
            context = self._context(conn, principal, run)
            if step.kind == "say":
                self._complete(conn, principal, run, step, now, client_key=client_key)
                target = step.next
            elif step.kind == "ask":
                target = self._answer_ask(conn, principal, run, step, value, now, client_key)
            else:
                target = self._answer_identity(conn, principal, run, step, value, now, client_key)
            self._go(conn, principal, run, target, now)
            self._save(conn, run, now)
            return self._view(conn, principal, run, context)

    def confirm(
        self, principal: Principal, run_id: int, *, step_id: str | None = None, client_key: str | None = None
    ) -> RunView:
        """Confirm the current read-aloud step (time stamped), let the current action act, or go on from a say step.

        An action is done once per run and step: a second confirm (a double key press, a replay) returns
        what the first did.  A failed action stays on its step with the error shown (unless the step names
        an ``on_error`` way on); the agent may confirm again or go back.
        """
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="flow_run", entity_id=run_id)
            run = self._owned(conn, principal, run_id, allow_ended=True)
            context = self._context(conn, principal, run)
            if not run.open or (client_key is not None and self._seen(conn, run_id, client_key)):
                return self._view(conn, principal, run, context)
            if step_id is not None and step_id != run.current_step and self._done_before(conn, run_id, step_id):
                return self._view(conn, principal, run, context)  # a second confirm of a step already done
            step = self._current(run, step_id)
            if step.kind == "say":  # Enter on a say step: the same as answering it
                self._complete(conn, principal, run, step, now, client_key=client_key)
                self._go(conn, principal, run, step.next, now)
                self._save(conn, run, now)
                return self._view(conn, principal, run, context)
            if step.kind == "read_aloud":
                self._complete(conn, principal, run, step, now, confirmed=True, client_key=client_key)
                self._go(conn, principal, run, step.next, now)
                self._save(conn, run, now)
                return self._view(conn, principal, run, context)
            if step.kind != "action":
                raise FlowNotAllowed("此步骤需要回答，请先回答。", "This step needs an answer, not a confirmation.")
            assert step.action is not None
            done = self._action_done(conn, run_id, step.id)
            if done is not None:
                self._finish_action(conn, principal, run, step, done, now, reused=True)
                self._save(conn, run, now)
                return self._view(conn, principal, run, context)
            busy = self._action_busy(conn, run_id, step.id, now)
            if busy is not None:
                return self._view(
                    conn,
                    principal,
                    run,
                    context,
                    error=("该操作正在执行，请稍候。", "This action is being done; wait a moment."),
                )
            if run.status == "preview":
                result = ActionResult.preview(describe_both(step.action, run.defn, self._values(run, context)))
                self._complete(conn, principal, run, step, now, result=result.to_data(), client_key=client_key)
                self._go(conn, principal, run, step.next, now)
                self._save(conn, run, now)
                return self._view(conn, principal, run, context)
            row_id = self._begin_action(conn, principal, run, step, now, client_key)
        # The action goes through other services, each with its own transactions: outside this one.
        result = self._perform(principal, run, step, context, row_id)
        now = self.clock()
        with write_txn(self.engine) as conn:
            run = self._owned(conn, principal, run_id, allow_ended=True)
            conn.execute(
                update(FlowRunStep)
                .where(FlowRunStep.id == row_id)
                .values(action_result=result.to_data(), confirmed_at=now, at=now)
            )
            if result.customer_changed:
                self._forget_context(run_id)
            context = self._context(conn, principal, run)
            if run.open and run.current_step == step.id:
                self._finish_action(conn, principal, run, step, result.to_data(), now, reused=False)
                self._save(conn, run, now)
            return self._view(conn, principal, run, context)

    def back(self, principal: Principal, run_id: int, *, step_id: str | None = None) -> RunView:
        """Go back to the previous step the agent acted on; the steps after it are set aside.

        Answering it again evaluates the later steps afresh.  Actions already done stay done (an SMS cannot
        be unsent): coming to the same action again shows what it did instead of doing it twice.
        """
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="flow_run", entity_id=run_id)
            run = self._owned(conn, principal, run_id)
            self._current(run, step_id)
            target = self._back_target(run)
            if target is None:
                raise FlowNotAllowed(
                    "已是第一步，无法后退。", "This is the first step; there is nothing to go back to."
                )
            position, target_id = target
            # Everything written since the agent arrived at the target is set aside (actions done stay done).
            arrived = int(run.path[position].get("at_seq", 0))
            conn.execute(
                update(FlowRunStep)
                .where(
                    FlowRunStep.run_id == run_id,
                    FlowRunStep.seq > arrived,
                    FlowRunStep.undone.is_(False),
                    FlowRunStep.kind.not_in(("back", "action", "action_seen")),
                )
                .values(undone=True)
            )
            kind = run.defn.step(target_id).kind
            run.path = run.path[:position]
            self._append_row(conn, principal, run, target_id, "back", now, answer={"from": run.current_step})
            run.current_step = target_id
            run.path.append({"step": target_id, "kind": kind, "shown": None, "at_seq": run.seq})
            run.answers = self._replay_answers(conn, run)
            self._save(conn, run, now)
            return self._view(conn, principal, run, self._context(conn, principal, run))

    def resume(self, principal: Principal, run_id: int) -> RunView:
        """The run as it stands (after a restart, a lost connection, or to look at a finished one)."""
        with self.engine.connect() as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="flow_run", entity_id=run_id)
            run = self._owned(conn, principal, run_id, allow_ended=True, lock=False)
            return self._view(conn, principal, run, self._context(conn, principal, run))

    def abandon(self, principal: Principal, run_id: int, *, client_key: str | None = None) -> RunView:
        """Stop the run where it is (it goes on the timeline as not completed)."""
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "flow.run", audit=self.audit, entity="flow_run", entity_id=run_id)
            run = self._owned(conn, principal, run_id, allow_ended=True)
            context = self._context(conn, principal, run)
            if run.open:
                self._append_row(conn, principal, run, run.current_step or "", "abandon", now, client_key=client_key)
                self._end(conn, principal, run, now, "abandoned", None)
                self._save(conn, run, now)
            return self._view(conn, principal, run, context)

    def active_runs(self, principal: Principal, customer_id: int | None = None) -> list[RunBrief]:
        """The agent's unfinished runs, newest first (offered for resuming after a restart)."""
        with self.engine.connect() as conn:
            authorize(conn, principal, "flow.run", audit=self.audit)
            query = (
                select(
                    FlowRun.id,
                    ServiceFlow.code,
                    ServiceFlow.version_no,
                    ServiceFlow.name,
                    FlowRun.customer_id,
                    FlowRun.call_id,
                    FlowRun.current_step,
                    FlowRun.started_at,
                )
                .join(ServiceFlow, ServiceFlow.id == FlowRun.flow_id)
                .where(FlowRun.user_id == principal.user_id, FlowRun.status == "active")
                .order_by(FlowRun.started_at.desc())
                .limit(50)
            )
            if customer_id is not None:
                query = query.where(FlowRun.customer_id == customer_id)
            rows = conn.execute(query).all()
        return [RunBrief(r[0], r[1], r[2], r[3], r[4], r[5], r[6], aware(r[7])) for r in rows]

    def apply(self, principal: Principal, payload: Mapping[str, Any]) -> RunView:
        """One journalled step (:data:`FLOW_STEP`): ``op`` answer | confirm | back | abandon."""
        op = payload.get("op")
        run_id = int(payload["run_id"])
        step_id = payload.get("step_id")
        key = payload.get("client_key")
        if op == "answer":
            return self.answer(principal, run_id, payload.get("value"), step_id=step_id, client_key=key)
        if op == "confirm":
            return self.confirm(principal, run_id, step_id=step_id, client_key=key)
        if op == "back":
            return self.back(principal, run_id, step_id=step_id)
        if op == "abandon":
            return self.abandon(principal, run_id, client_key=key)
        raise FlowNotAllowed("未知的流程操作。", f"Unknown flow operation {op!r}.")

    # -- steps --------------------------------------------------------------------------------------------------
    def _answer_ask(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        step: Step,
        value: Any,
        now: dt.datetime,
        client_key: str | None,
    ) -> str | None:
        assert step.answer is not None and step.var is not None
        clean = check_answer(step, value, self._today(now))
        shown = shown_answer(step, clean)
        stored = shown if step.pii else clean
        if step.pii:
            self._typed[(run.id, step.var)] = clean
        run.answers[step.var] = stored
        self._complete(conn, principal, run, step, now, answer=stored, shown=shown, client_key=client_key)
        return step.next

    def _answer_identity(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        step: Step,
        value: Any,
        now: dt.datetime,
        client_key: str | None,
    ) -> str | None:
        given = value if isinstance(value, Mapping) else {}
        unknown = sorted(set(given) - set(step.checks))
        if unknown:
            raise InvalidAnswer(f"此步骤没有核验项“{unknown[0]}”。", f"This step has no check {unknown[0]!r}.")
        attempts = conn.execute(
            select(func.count())
            .select_from(FlowRunStep)
            .where(FlowRunStep.run_id == run.id, FlowRunStep.step_id == step.id, FlowRunStep.kind == "identity_check")
        ).scalar_one()
        results: dict[str, str] = {}
        passed = 0
        locked = attempts >= MAX_IDENTITY_ATTEMPTS
        for check in step.checks:
            said = given.get(check)
            if locked:
                results[check] = "not_checked"
            elif said is None or str(said).strip() == "" or run.customer_id is None:
                results[check] = "not_answered" if run.customer_id is not None else "unavailable"
            else:
                outcome = identity.verify(conn, run.customer_id, check, said)
                results[check] = CHECK_RESULTS[outcome][0]
                passed += outcome is True
        need = step.required if step.required is not None else len(step.checks)
        ok = passed >= need and not locked
        shown = f"{passed}/{len(step.checks)} {'通过' if ok else '未通过'}" + ("（次数已用完）" if locked else "")
        answer = {"results": results, "passed": passed, "required": need, "ok": ok}
        self._complete(conn, principal, run, step, now, answer=answer, shown=shown, client_key=client_key)
        run.path[-1]["ok"] = ok
        return step.next if ok else step.fail

    def _finish_action(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        step: Step,
        result: Mapping[str, Any],
        now: dt.datetime,
        *,
        reused: bool,
    ) -> None:
        ok = bool(result.get("ok"))
        shown = str(result.get("zh") or ("完成" if ok else "失败"))[:200]
        run.path[-1]["shown"] = shown
        if ok:
            if reused:
                self._append_row(conn, principal, run, step.id, "action_seen", now, answer={"reused": True})
            self._go(conn, principal, run, step.next, now)
        elif step.on_error:
            self._go(conn, principal, run, step.on_error, now)
        else:
            run.path[-1]["shown"] = None  # stays on the step; the error is shown with it

    def _begin_action(
        self, conn: Connection, principal: Principal, run: _Run, step: Step, now: dt.datetime, client_key: str | None
    ) -> int:
        return self._append_row(
            conn, principal, run, step.id, "action", now, result={"state": "performing"}, client_key=client_key
        )

    def _perform(self, principal: Principal, run: _Run, step: Step, context: _Context, row_id: int) -> ActionResult:
        assert step.action is not None
        values = self._values(run, context)
        typed = {var: v for (rid, var), v in self._typed.items() if rid == run.id}

        kept: dict[str, Any] = {}

        def remember(progress: Mapping[str, Any], conn: Connection | None = None) -> None:
            kept.update(progress)
            statement = (
                update(FlowRunStep)
                .where(FlowRunStep.id == row_id)
                .values(action_result={"state": "performing", **kept})
            )
            if conn is not None:
                conn.execute(statement)
                return
            with write_txn(self.engine) as own:
                own.execute(statement)

        with self.engine.connect() as conn:
            progress = conn.execute(select(FlowRunStep.action_result).where(FlowRunStep.id == row_id)).scalar() or {}
            earlier = self._earlier_progress(conn, run.id, step.id)
        return perform(
            self.services,
            principal,
            step.action,
            run_id=run.id,
            step_id=step.id,
            defn=run.defn,
            customer_id=run.customer_id,
            call_id=run.call_id,
            values=values,
            typed=typed,
            render=lambda text: self._render_text(text, principal.locale, self._scope(run, context)),
            progress={**earlier, **{k: v for k, v in progress.items() if k != "state"}},
            remember=remember,
            identity_verified=self._identity_passed(run),
        )

    def _earlier_progress(self, conn: Connection, run_id: int, step_id: str) -> dict[str, Any]:
        """What an earlier, interrupted attempt of the same action got as far as (e.g. its ticket draft)."""
        rows = conn.execute(
            select(FlowRunStep.action_result)
            .where(FlowRunStep.run_id == run_id, FlowRunStep.step_id == step_id, FlowRunStep.kind == "action")
            .order_by(FlowRunStep.seq)
        ).scalars()
        out: dict[str, Any] = {}
        for result in rows:
            if isinstance(result, Mapping):
                out.update({k: v for k, v in result.items() if k in PROGRESS_KEYS})
        return out

    def _action_done(self, conn: Connection, run_id: int, step_id: str) -> Mapping[str, Any] | None:
        rows = conn.execute(
            select(FlowRunStep.action_result)
            .where(FlowRunStep.run_id == run_id, FlowRunStep.step_id == step_id, FlowRunStep.kind == "action")
            .order_by(FlowRunStep.seq.desc())
        ).scalars()
        for result in rows:
            if isinstance(result, Mapping) and result.get("ok") is True:
                return result
        return None

    def _action_busy(self, conn: Connection, run_id: int, step_id: str, now: dt.datetime) -> int | None:
        row = conn.execute(
            select(FlowRunStep.id, FlowRunStep.action_result, FlowRunStep.at)
            .where(FlowRunStep.run_id == run_id, FlowRunStep.step_id == step_id, FlowRunStep.kind == "action")
            .order_by(FlowRunStep.seq.desc())
            .limit(1)
        ).first()
        if row is None or not isinstance(row.action_result, Mapping):
            return None
        if row.action_result.get("state") != "performing":
            return None
        if (now - aware(row.at)).total_seconds() > PERFORMING_SECONDS:
            return None
        return int(row.id)

    def _done_before(self, conn: Connection, run_id: int, step_id: str) -> bool:
        return (
            conn.execute(
                select(FlowRunStep.id)
                .where(
                    FlowRunStep.run_id == run_id,
                    FlowRunStep.step_id == step_id,
                    FlowRunStep.kind.in_(("read_aloud", "action")),
                    FlowRunStep.undone.is_(False),
                )
                .limit(1)
            ).first()
            is not None
        )

    def _seen(self, conn: Connection, run_id: int, client_key: str) -> bool:
        return (
            conn.execute(
                select(FlowRunStep.id).where(FlowRunStep.run_id == run_id, FlowRunStep.client_key == client_key)
            ).first()
            is not None
        )

    # -- walking the graph ------------------------------------------------------------------------------------
    def _go(self, conn: Connection, principal: Principal, run: _Run, target: str | None, now: dt.datetime) -> None:
        if target is None:
            # validation refuses such a flow; an unfinished draft in preview ends here
            self._end(conn, principal, run, now, "finished" if run.status != "preview" else "preview", None)
            return
        self._arrive(conn, principal, run, target, now)

    def _arrive(self, conn: Connection, principal: Principal, run: _Run, target: str, now: dt.datetime) -> None:
        """Walk to ``target``, through branches, until a step that waits for the agent or an end."""
        context: _Context | None = None
        while True:
            step = run.defn.get_step(target)
            if step is None:
                raise FlowError(
                    f"流程第 {run.version_no} 版缺少步骤“{target}”。",
                    f"Version {run.version_no} of the flow has no step {target!r}.",
                )
            if self._guard(conn, principal, run, step.id, now):
                return
            run.path.append({"step": step.id, "kind": step.kind, "shown": None, "at_seq": run.seq})
            run.current_step = step.id
            if step.kind == "end":
                run.path[-1]["shown"] = step.outcome or ""
                self._append_row(conn, principal, run, step.id, "end", now, answer={"outcome": step.outcome})
                self._end(conn, principal, run, now, "finished" if run.status == "active" else run.status, step)
                return
            if step.kind != "branch":
                return
            if context is None:
                context = self._context(conn, principal, run)
            values = conditions.flatten(self._scope(run, context))
            chosen, label = step.default, "default"
            for i, case in enumerate(step.cases):
                if conditions.evaluate(case.when, values):
                    chosen, label = case.next, f"cases[{i}]"
                    break
            run.path[-1]["shown"] = label
            self._append_row(conn, principal, run, step.id, "branch", now, answer={"taken": label, "next": chosen})
            if chosen is None:
                self._end(conn, principal, run, now, "finished" if run.status == "active" else run.status, None)
                return
            target = chosen

    def _guard(self, conn: Connection, principal: Principal, run: _Run, step_id: str, now: dt.datetime) -> bool:
        """True when the loop guard stopped the run (kept as abandoned; its path shows the loop)."""
        visits = sum(1 for item in run.path if item["step"] == step_id)
        if len(run.path) < MAX_VISITS and visits < MAX_STEP_VISITS:
            return False
        self._append_row(conn, principal, run, step_id, "abandon", now, answer={"loop": True})
        self._end(conn, principal, run, now, "abandoned" if run.status == "active" else run.status, None)
        run.notice = (
            f"流程在步骤“{step_id}”处循环（已走过 {len(run.path)} 步），已停止。请手动完成本次服务。",
            f"The flow went round in a loop at step {step_id!r} ({len(run.path)} steps) and was stopped. "
            "Finish this service by hand.",
        )
        return True

    def _back_target(self, run: _Run) -> tuple[int, str] | None:
        """(position on the path, step id) of the last step before the current one that the agent acted on."""
        for position in range(len(run.path) - 2, -1, -1):
            item = run.path[position]
            if item["kind"] in INTERACTIVE:
                return position, str(item["step"])
        return None

    def _replay_answers(self, conn: Connection, run: _Run) -> dict[str, Any]:
        answers: dict[str, Any] = {v.name: v.default for v in run.defn.variables}
        rows = conn.execute(
            select(FlowRunStep.step_id, FlowRunStep.answer)
            .where(FlowRunStep.run_id == run.id, FlowRunStep.kind == "ask", FlowRunStep.undone.is_(False))
            .order_by(FlowRunStep.seq)
        ).all()
        for row in rows:
            step = run.defn.get_step(row.step_id)
            if step is not None and step.var:
                answers[step.var] = row.answer
        return answers

    def _end(
        self, conn: Connection, principal: Principal, run: _Run, now: dt.datetime, status: str, step: Step | None
    ) -> None:
        run.status = status
        run.finished_at = now
        run.outcome = step.outcome if step is not None else None
        run.duration_s = max(0, int((now - run.started_at).total_seconds()))
        for key in [k for k in self._typed if k[0] == run.id]:
            del self._typed[key]
        if status in ("finished", "abandoned") and run.customer_id is not None:
            run.interaction_id = self._timeline(conn, principal, run, now)

    # -- rows -----------------------------------------------------------------------------------------------
    def _complete(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        step: Step,
        now: dt.datetime,
        *,
        answer: Any = None,
        shown: str | None = None,
        confirmed: bool = False,
        result: Mapping[str, Any] | None = None,
        client_key: str | None = None,
    ) -> None:
        if confirmed:
            shown = aware(now).astimezone(self.tz).strftime("%H:%M:%S")
        if result is not None:
            shown = str(result.get("zh") or "")[:200]
        run.path[-1]["shown"] = shown if shown is not None else ""
        self._append_row(
            conn,
            principal,
            run,
            step.id,
            step.kind,
            now,
            answer=answer,
            shown=shown,
            confirmed=now if confirmed or result is not None else None,
            result=result,
            client_key=client_key,
        )

    def _append_row(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        step_id: str,
        kind: str,
        now: dt.datetime,
        *,
        answer: Any = None,
        shown: str | None = None,
        confirmed: dt.datetime | None = None,
        result: Mapping[str, Any] | None = None,
        client_key: str | None = None,
    ) -> int:
        run.seq += 1
        seq = run.seq
        return int(
            conn.execute(
                insert(FlowRunStep)
                .values(
                    run_id=run.id,
                    seq=seq,
                    step_id=step_id[:48],
                    kind=kind,
                    answer=answer,
                    answer_masked=None if shown is None else shown[:200],
                    confirmed_at=confirmed,
                    action_result=dict(result) if result is not None else None,
                    client_key=client_key,
                    user_id=principal.user_id,
                    at=now,
                    undone=False,
                )
                .returning(FlowRunStep.id)
            ).scalar_one()
        )

    def _save(self, conn: Connection, run: _Run, now: dt.datetime) -> None:
        conn.execute(
            update(FlowRun)
            .where(FlowRun.id == run.id)
            .values(
                **bumped(
                    FlowRun,
                    status=run.status,
                    current_step=run.current_step,
                    answers=dict(run.answers),
                    path=[dict(item) for item in run.path],
                    outcome=run.outcome,
                    finished_at=run.finished_at,
                    duration_s=run.duration_s,
                    interaction_id=run.interaction_id,
                    updated_at=now,
                )
            )
        )

    # -- loading ----------------------------------------------------------------------------------------------
    def _load(self, conn: Connection, run_id: int, *, lock: bool = True) -> _Run:
        query = select(*_RUN_COLUMNS).join(ServiceFlow, ServiceFlow.id == FlowRun.flow_id).where(FlowRun.id == run_id)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update(of=FlowRun)
        row = conn.execute(query).first()
        if row is None:
            raise FlowNotFound("流程记录不存在。", f"Flow run {run_id} does not exist.")
        defn = self._definition(conn, row.flow_id, row.flow_row_version)
        return _Run(
            id=row.id,
            flow_id=row.flow_id,
            code=row.code,
            version_no=row.version_no,
            name_zh=row.name,
            flow_status=row.flow_status,
            customer_id=row.customer_id,
            call_id=row.call_id,
            user_id=row.user_id,
            started_at=aware(row.started_at),
            finished_at=aware(row.finished_at),
            status=row.status,
            current_step=row.current_step,
            answers=dict(row.answers or {}),
            path=[dict(item) for item in (row.path or [])],
            outcome=row.outcome,
            duration_s=row.duration_s,
            interaction_id=row.interaction_id,
            defn=defn,
            seq=int(row.last_seq or 0),
        )

    def _owned(
        self, conn: Connection, principal: Principal, run_id: int, *, allow_ended: bool = False, lock: bool = True
    ) -> _Run:
        run = self._load(conn, run_id, lock=lock)
        if run.user_id != principal.user_id:
            raise FlowNotAllowed("这不是您的流程记录。", "This flow run belongs to someone else.")
        if not allow_ended and not run.open:
            raise FlowNotAllowed("该流程已结束。", "This flow run has ended.")
        return run

    def _current(self, run: _Run, step_id: str | None) -> Step:
        if not run.open:
            raise FlowNotAllowed("该流程已结束。", "This flow run has ended.")
        if step_id is not None and step_id != run.current_step:
            raise StepMoved()
        step = run.defn.get_step(run.current_step)
        if step is None:
            raise FlowError("流程记录的当前步骤不存在。", "The run's current step does not exist in its version.")
        return step

    def _definition(self, conn: Connection, flow_id: int, row_version: int) -> FlowDefinition:
        key = (flow_id, row_version)
        with self._lock:
            found = self._defs.get(key)
            if found is not None:
                self._defs.move_to_end(key)
                return found
        doc = conn.execute(select(ServiceFlow.definition).where(ServiceFlow.id == flow_id)).scalar_one()
        defn = parse(doc or {})
        with self._lock:
            self._defs[key] = defn
            while len(self._defs) > CACHE_SIZE:
                self._defs.popitem(last=False)
        return defn

    # -- context ----------------------------------------------------------------------------------------------
    def _context(self, conn: Connection, principal: Principal, run: _Run) -> _Context:
        with self._lock:
            found = self._contexts.get(run.id)
            if found is not None:
                self._contexts.move_to_end(run.id)
                return found
        context = self._build_context(conn, principal, run)
        self._remember_context(run.id, context)
        return context

    def _remember_context(self, run_id: int, context: _Context) -> None:
        with self._lock:
            self._contexts[run_id] = context
            while len(self._contexts) > CACHE_SIZE:
                self._contexts.popitem(last=False)

    def _forget_context(self, run_id: int) -> None:
        with self._lock:
            self._contexts.pop(run_id, None)

    def _build_context(self, conn: Connection, principal: Principal, run: _Run) -> _Context:
        english = principal.locale.startswith("en")
        customer: dict[str, Any] = {}
        if run.customer_id is not None:
            customer = customer_context(conn, run.customer_id, "en" if english else "zh_CN", self._today(self.clock()))
        call: dict[str, Any] = {"queue": None, "ivr_choice": None, "direction": None}
        if run.call_id is not None:
            row = conn.execute(
                select(CallQueue.name, Call.ivr_choice, Call.direction)
                .select_from(Call)
                .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
                .where(Call.id == run.call_id)
            ).first()
            if row is not None:
                call = {"queue": row[0], "ivr_choice": row[1], "direction": row[2]}
        name = principal.display_name
        if not name:
            name = conn.execute(select(User.display_name).where(User.id == principal.user_id)).scalar() or ""
        return _Context(customer, call, {"name": name})

    def _product(self, run: _Run) -> dict[str, Any]:
        """``product.*``: the product the flow asked about (an answer holding a product code)."""
        code = next((run.answers.get(k) for k in ("product", "product_code") if run.answers.get(k)), None)
        if not code:
            return {"name": None, "risk_rating": None}
        with self.engine.connect() as conn:
            row = conn.execute(select(Product.name, Product.risk_rating).where(Product.code == str(code))).first()
        return {"name": row[0], "risk_rating": row[1]} if row else {"name": None, "risk_rating": None}

    def _scope(self, run: _Run, context: _Context) -> dict[str, Any]:
        answers = dict(run.answers)
        return {
            "customer": context.customer,
            "call": context.call,
            "agent": context.agent,
            "answers": answers,
            "product": self._product(run),
        }

    def _values(self, run: _Run, context: _Context) -> dict[str, Any]:
        return conditions.flatten(self._scope(run, context))

    def _identity_passed(self, run: _Run) -> bool:
        return any(item.get("kind") == "identity_check" and item.get("ok") is True for item in run.path[:-1])

    def _today(self, now: dt.datetime) -> dt.date:
        return aware(now).astimezone(self.tz).date()

    # -- rendering --------------------------------------------------------------------------------------------
    def _render_text(self, source: str, locale: str, scope: Mapping[str, Any]) -> str:
        text, _ = self._render(source, locale, scope)
        return text

    def _render(self, source: str, locale: str, scope: Mapping[str, Any]) -> tuple[str, bool]:
        """The text rendered by the messaging sandbox; (text, False) — or the source and True on a problem."""
        if "{{" not in source and "{%" not in source:
            return source, False
        key = (locale, source)
        with self._lock:
            compiled = self._compiled.get(key)
        try:
            if compiled is None:
                compiled = self.renderer.environment(locale).from_string(source)
                with self._lock:
                    self._compiled[key] = compiled
                    while len(self._compiled) > CACHE_SIZE:
                        self._compiled.popitem(last=False)
            chunks: list[str] = []
            size = 0
            for chunk in compiled.generate(dict(scope)):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise SecurityError("the text is too long")
                chunks.append(chunk)
            return "".join(chunks), False
        except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
            english = locale.startswith("en")
            note = f"[This text could not be shown: {exc}]" if english else f"［此段文字无法显示：{exc}］"
            return f"{note}\n{source}", True

    def _view(
        self,
        conn: Connection,
        principal: Principal,
        run: _Run,
        context: _Context,
        *,
        error: tuple[str, str] | None = None,
    ) -> RunView:
        locale = principal.locale
        scope = self._scope(run, context)
        if error is None and run.notice is not None:
            error = run.notice
        step = run.defn.get_step(run.current_step)
        text, problem = ("", False)
        if step is not None and step.text is not None:
            text, problem = self._render(step.text.get(locale), locale, scope)
        path = tuple(
            PathItem(
                str(item["step"]),
                str(item["kind"]),
                _title(run.defn.get_step(str(item["step"])), locale),
                item.get("shown"),
            )
            for item in run.path[:-1]
        )
        shown_answers = {k: _shown_value(v) for k, v in run.answers.items() if v is not None}
        choices: tuple[ChoiceItem, ...] = ()
        spec: dict[str, Any] = {}
        checks: tuple[CheckItem, ...] = ()
        action: dict[str, Any] | None = None
        result: Mapping[str, Any] | None = None
        previous: str | None = None
        if step is not None and run.open:
            if step.kind == "ask" and step.answer is not None:
                spec = {k: v for k, v in step.answer.to_data().items() if k not in ("type", "options")}
                choices = _choices(step, locale)
                previous = self._previous(conn, run, step)
            elif step.kind == "identity_check":
                english = locale.startswith("en")
                checks = tuple(CheckItem(c, identity.LABELS[c][1 if english else 0]) for c in step.checks)
            elif step.kind == "action" and step.action is not None:
                action = {
                    "type": step.action.type,
                    "description": describe(step.action, run.defn, self._values(run, context), locale),
                }
                result = self._last_result(conn, run, step)
                if result is not None and result.get("ok") is False and error is None:
                    error = (str(result.get("zh") or ""), str(result.get("en") or ""))
        elif step is not None and step.kind == "action":
            result = self._last_result(conn, run, step)
        disposition = None
        if run.outcome and not run.open:
            # The end's own disposition, else its outcome where that is a code the wrap-up can pick.
            end = run.defn.get_step(run.current_step)
            wanted = end.disposition if end is not None and end.kind == "end" and end.disposition else run.outcome
            disposition = wanted if wanted in self._disposition_codes(conn) else None
        return RunView(
            run_id=run.id,
            flow_id=run.flow_id,
            code=run.code,
            version_no=run.version_no,
            name=run.defn.name.get(locale),
            status=run.status,
            customer_id=run.customer_id,
            call_id=run.call_id,
            step_id=run.current_step,
            kind=step.kind if step is not None else None,
            title=_title(step, locale),
            text=text,
            answer_type=step.answer.type if step is not None and step.answer is not None else None,
            answer_spec=spec,
            choices=choices,
            checks=checks,
            required=(step.required if step.required is not None else len(step.checks))
            if step is not None and step.kind == "identity_check"
            else None,
            action=action,
            action_result=result,
            path=path,
            answers=shown_answers,
            previous=previous,
            outcome=run.outcome,
            disposition=disposition,
            error=error,
            started_at=run.started_at,
            finished_at=run.finished_at,
            duration_s=run.duration_s,
            interaction_id=run.interaction_id,
            can_back=run.open and self._back_target(run) is not None,
            render_problem=problem,
        )

    def _previous(self, conn: Connection, run: _Run, step: Step) -> str | None:
        """What was answered here before the agent went back (shown as a suggestion)."""
        row = conn.execute(
            select(FlowRunStep.answer_masked)
            .where(
                FlowRunStep.run_id == run.id,
                FlowRunStep.step_id == step.id,
                FlowRunStep.kind == "ask",
                FlowRunStep.undone.is_(True),
            )
            .order_by(FlowRunStep.seq.desc())
            .limit(1)
        ).first()
        return None if row is None else row[0]

    def _last_result(self, conn: Connection, run: _Run, step: Step) -> Mapping[str, Any] | None:
        found = conn.execute(
            select(FlowRunStep.action_result)
            .where(FlowRunStep.run_id == run.id, FlowRunStep.step_id == step.id, FlowRunStep.kind == "action")
            .order_by(FlowRunStep.seq.desc())
            .limit(1)
        ).scalar()
        if not isinstance(found, Mapping) or found.get("state") == "performing":
            return None
        return found

    def _disposition_codes(self, conn: Connection) -> frozenset[str]:
        if self._dispositions is None:
            self._dispositions = pickable_dispositions(conn)
        return self._dispositions

    # -- the timeline -----------------------------------------------------------------------------------------
    def _timeline(self, conn: Connection, principal: Principal, run: _Run, now: dt.datetime) -> int:
        channel, direction = "branch_visit", "in"
        if run.call_id is not None:
            call_direction = conn.execute(select(Call.direction).where(Call.id == run.call_id)).scalar()
            channel = "call_out" if call_direction == "outbound" else "call_in"
            direction = "out" if call_direction == "outbound" else "in"
        done = run.status == "finished"
        name = run.defn.name.zh_CN
        subject = (f"服务流程：{name}" if done else f"服务流程（未完成）：{name}")[:120]
        return int(
            conn.execute(
                insert(Interaction)
                .values(
                    customer_id=run.customer_id,
                    channel=channel,
                    direction=direction,
                    occurred_at=now,
                    user_id=principal.user_id,
                    subject=subject,
                    summary=timeline_summary(run.defn, run.path, run.answers, run.duration_s, run.outcome, done),
                    call_id=run.call_id,
                    branch_id=principal.branch_id,
                )
                .returning(Interaction.id)
            ).scalar_one()
        )


# -- answers ----------------------------------------------------------------------------------------------------
def _invalid(zh: str, en: str) -> InvalidAnswer:
    return InvalidAnswer(zh, en)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (int, float)):
        try:
            found = Decimal(str(value))
        except InvalidOperation:
            return None
        return found if found.is_finite() else None
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    for sign in ("¥", "￥", "CNY"):
        text = text.removeprefix(sign).strip()
    try:
        found = Decimal(text)
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def check_answer(step: Step, value: Any, today: dt.date) -> Any:
    """The answer to an ask step as stored, or :class:`InvalidAnswer` saying what is expected.

    choice: an option's value, or its digit key (1 = the first); yes_no: true/false (also yes/no, 是/否, 1/2);
    text: trimmed, not empty, within ``max_length``; number / amount (CNY, two decimals at most): within
    ``min``..``max``; date: ``YYYY-MM-DD`` within ``min``..``max`` days from today.
    """
    assert step.answer is not None
    spec = step.answer
    kind = spec.type
    if kind == "choice":
        values = [o.value for o in spec.options]
        if isinstance(value, str) and value in values:
            return value
        text = str(value).strip() if value is not None else ""
        if text in values:
            return text
        if text.isdigit() and 1 <= int(text) <= len(values):
            return values[int(text) - 1]
        raise _invalid(f"请选择一个选项（1–{len(values)}）。", f"Choose one of the options (1–{len(values)}).")
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower() if value is not None else ""
        if text in YES:
            return True
        if text in NO:
            return False
        raise _invalid("请回答“是”或“否”（1 是，2 否）。", "Answer yes or no (1 yes, 2 no).")
    if kind == "text":
        text = str(value).strip() if value is not None else ""
        if not text:
            raise _invalid("请填写回答。", "Enter an answer.")
        limit = spec.max_length or 2000
        if len(text) > limit:
            raise _invalid(
                f"回答最长 {limit} 个字符（现有 {len(text)}）。",
                f"The answer is at most {limit} characters ({len(text)}).",
            )
        return text
    if kind in ("number", "amount"):
        number = _decimal(value)
        if number is None:
            if kind == "amount":
                raise _invalid(
                    "请输入金额（元），如 5000 或 5000.50。", "Enter an amount in CNY, e.g. 5000 or 5000.50."
                )
            raise _invalid("请输入数字。", "Enter a number.")
        if kind == "amount":
            if number < 0:
                raise _invalid("金额不能为负数。", "An amount cannot be negative.")
            if number != number.quantize(Decimal("0.01")):
                raise _invalid("金额最多两位小数（分）。", "An amount has at most two decimals (fen).")
        low = Decimal(str(spec.min)) if spec.min is not None else None
        high = Decimal(str(spec.max)) if spec.max is not None else None
        unit_zh, unit_en = ("元", " CNY") if kind == "amount" else ("", "")
        if (low is not None and number < low) or (high is not None and number > high):
            zh = f"须在 {_fmt(low)}{unit_zh} 到 {_fmt(high)}{unit_zh} 之间。"
            en = f"Must be between {_fmt(low)}{unit_en} and {_fmt(high)}{unit_en}."
            if high is None:
                zh, en = f"不能小于 {_fmt(low)}{unit_zh}。", f"Must be at least {_fmt(low)}{unit_en}."
            elif low is None:
                zh, en = f"不能大于 {_fmt(high)}{unit_zh}。", f"Must be at most {_fmt(high)}{unit_en}."
            raise _invalid(zh, en)
        return _plain_number(number)
    if kind == "date":
        day = _date(value)
        if day is None:
            raise _invalid("请输入日期，格式为 YYYY-MM-DD。", "Enter a date as YYYY-MM-DD.")
        first = today + dt.timedelta(days=int(spec.min)) if spec.min is not None else None
        last = today + dt.timedelta(days=int(spec.max)) if spec.max is not None else None
        if first is not None and day < first:
            raise _invalid(f"日期不能早于 {first.isoformat()}。", f"The date cannot be before {first.isoformat()}.")
        if last is not None and day > last:
            raise _invalid(f"日期不能晚于 {last.isoformat()}。", f"The date cannot be after {last.isoformat()}.")
        return day.isoformat()
    raise _invalid("未知的回答类型。", f"Unknown answer type {kind!r}.")


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{_plain_number(value):,}"


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = identity.normalise("birth_date", value) if value is not None else None
    return dt.date.fromisoformat(found) if found else None


def mask_text(value: str) -> str:
    """The masked form of a PII answer: a phone, an e-mail or an ID like the bank's masks, else the first
    character and stars."""
    from db.pii import mask_email, mask_id_number, mask_phone
    from services.identifiers import normalize_phone

    text = value.strip()
    if "@" in text:
        return mask_email(text)
    phone = normalize_phone(text) if any(c.isdigit() for c in text) else None
    if phone is not None:
        return mask_phone(phone)
    if len(text) >= 15 and text.replace("X", "").replace("x", "").isdigit():
        return mask_id_number(text.upper())
    if len(text) <= 1:
        return "*"
    return text[0] + "*" * min(len(text) - 1, 8)


def shown_answer(step: Step, value: Any) -> str:
    """An answer as the path, the timeline and the analytics show it (masked when the step holds PII)."""
    assert step.answer is not None
    if step.pii:
        return mask_text(str(value))
    if step.answer.type == "choice":
        for option in step.answer.options:
            if option.value == value:
                return option.label.zh_CN
    if step.answer.type == "yes_no":
        return "是" if value else "否"
    return _shown_value(value)[:200]


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _choices(step: Step, locale: str) -> tuple[ChoiceItem, ...]:
    assert step.answer is not None
    if step.answer.type == "yes_no":
        english = locale.startswith("en")
        return (ChoiceItem("1", True, "Yes" if english else "是"), ChoiceItem("2", False, "No" if english else "否"))
    if step.answer.type != "choice":
        return ()
    return tuple(
        ChoiceItem(str(i + 1) if i < 9 else "", o.value, o.label.get(locale)) for i, o in enumerate(step.answer.options)
    )


def _title(step: Step | None, locale: str) -> str:
    if step is None:
        return ""
    return step.title.get(locale) if step.title is not None else step.id


# -- the customer's values --------------------------------------------------------------------------------------
def customer_context(conn: Connection, customer_id: int, locale: str, today: dt.date) -> dict[str, Any]:
    """``customer.*`` for texts and conditions: attributes, masked identifiers only, products and complaints."""
    row = conn.execute(
        select(
            Customer.name,
            Customer.name_pinyin,
            Customer.gender,
            Customer.tier,
            Customer.vip_level,
            Customer.lifecycle_stage,
            Customer.risk_level,
            Customer.segment,
            Customer.value_score,
            Customer.aum,
            Customer.id_number_masked,
        ).where(Customer.id == customer_id)
    ).first()
    if row is None:
        raise FlowNotFound("客户不存在。", f"Customer {customer_id} does not exist.")
    phone = conn.execute(
        select(CustomerPhone.e164_masked)
        .where(CustomerPhone.customer_id == customer_id)
        .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        .limit(1)
    ).scalar()
    holdings = conn.execute(
        select(Holding.kind, Holding.maturity_date).where(
            Holding.customer_id == customer_id, Holding.status == "active"
        )
    ).all()
    complaints = conn.execute(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.customer_id == customer_id, Ticket.kind == "complaint", Ticket.status.in_(OPEN_TICKET_STATES))
    ).scalar_one()
    horizon = today + dt.timedelta(days=MATURING_DAYS)
    maturing = sum(
        1
        for h in holdings
        if h.kind == "term_deposit" and h.maturity_date is not None and today <= h.maturity_date <= horizon
    )
    english = locale.startswith("en")
    surname = surname_of(row.name)
    if english and row.name_pinyin:
        surname = row.name_pinyin.split()[0].capitalize() if row.name_pinyin.split() else surname
    return {
        "name": row.name,
        "surname": surname,
        "title": honorific(row.gender, locale),
        "tier": row.tier,
        "vip_level": row.vip_level,
        "lifecycle_stage": row.lifecycle_stage,
        "risk_level": row.risk_level,
        "segment": row.segment,
        "value_score": row.value_score,
        "aum": row.aum,
        "products": sorted({h.kind for h in holdings}),
        "open_complaints": int(complaints),
        "maturing_deposits": maturing,
        "id_masked": row.id_number_masked,
        "phone_masked": phone or "",
    }


def timeline_summary(
    defn: FlowDefinition,
    path: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    duration_s: int | None,
    outcome: str | None,
    done: bool,
) -> str:
    """The run as the customer's timeline keeps it: path, answers (masked where PII), actions, duration."""
    steps = [str(item["step"]) for item in path]
    lines = [f"路径：{' → '.join(steps)}"[:4000]]
    shown: list[str] = []
    actions: list[str] = []
    checks: list[str] = []
    reads: list[str] = []
    for item in path:
        step = defn.get_step(str(item["step"]))
        if step is None or item.get("shown") is None:
            continue
        label = step.title.zh_CN if step.title is not None else step.id
        if step.kind == "ask":
            shown.append(f"{label}：{item['shown']}")
        elif step.kind == "action" and step.action is not None:
            actions.append(f"{step.action.type}（{item['shown']}）")
        elif step.kind == "identity_check":
            checks.append(str(item["shown"]))
        elif step.kind == "read_aloud":
            reads.append(f"{label} {item['shown']}")
    if shown:
        lines.append("回答：" + "；".join(shown))
    if checks:
        lines.append("身份核验：" + "；".join(checks))
    if reads:
        lines.append("已宣读：" + "；".join(reads))
    if actions:
        lines.append("操作：" + "；".join(actions))
    if duration_s is not None:
        minutes, seconds = divmod(int(duration_s), 60)
        lines.append(f"用时：{minutes}分{seconds:02d}秒")
    lines.append(f"结果：{outcome}" if done and outcome else ("结果：已完成" if done else "结果：未完成（中止）"))
    return "\n".join(lines)[:20_000]


def replay_handler(runner: FlowRunner, principal: Principal) -> Callable[[Any], Any]:
    """The journal's handler for :data:`FLOW_STEP` entries (``services.sync.replay``).

    An entry whose step the run has left (another desk moved it on) or whose run has ended is refused with
    its message, for the agent to see; one already applied (its ``client_key`` is stored) does nothing.
    """

    def handle(payload: dict[str, Any]) -> Any:
        try:
            runner.apply(principal, payload)
        except StepMoved:
            if payload.get("client_key") is not None:
                with runner.engine.connect() as conn:
                    if runner._seen(conn, int(payload["run_id"]), str(payload["client_key"])):
                        return True
            raise
        return True

    return handle


__all__ = [
    "FLOW_STEP",
    "MAX_STEP_VISITS",
    "MAX_VISITS",
    "CheckItem",
    "ChoiceItem",
    "FlowRunner",
    "InvalidAnswer",
    "LoopStopped",
    "PathItem",
    "RunBrief",
    "RunView",
    "StepMoved",
    "check_answer",
    "customer_context",
    "replay_handler",
    "shown_answer",
    "timeline_summary",
]
