"""What an action step does, through the services that already do it; every outcome is a result, never a crash.

Each action is confirmed by the agent before it acts (:meth:`FlowRunner.confirm`) and is done once per run and
step: the runner keeps its result and what an interrupted attempt got as far as (``progress``), and the
services below make a repeat harmless by their own keys.

* ``send_template`` — :meth:`MessagingService.send` with the approved version of the template in the
  customer's language; the compose token is the run's and the step's, so a repeat queues nothing new.  A
  template retired (or never approved) since the flow was published is a clear refusal.
* ``register_complaint`` — the complaint intake (:class:`~services.tickets.TicketService`): a draft prefilled
  from the call (or the counter), the customer, the identity check of the run and the flow's category and
  summary, then submitted.  If the intake refuses it as it stands (no category, say), the draft waits in the
  intake form for the agent to complete.
* ``service_request`` — a ticket of kind ``service`` for the back office, through the same intake.
* ``create_reminder`` / ``schedule_callback`` — a ``reminder`` row (``reminder.manage``) assigned to the agent.
* ``refer_to_manager`` — a ``referral`` to the customer's manager (``referral.create``).
* ``transfer_queue`` — :meth:`CallService.transfer` of the run's call to the queue.
* ``update_customer`` — :class:`~services.sync.records.RecordEditor` (the normal version-checked save; an
  identifier goes raw + mask + key, never read back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from db.models import Customer, MessageTemplate, Referral, Reminder
from db.models.lobby import REMINDER_KINDS
from db.write import write_txn
from services.audit import AuditTrail
from services.auth_errors import BilingualError
from services.lobby.referrals import Need, ReferralService, refer
from services.permissions import Principal, authorize, require_customer
from services.tickets.errors import InvalidInput

from .definition import Action, FlowDefinition

TOKEN_LIMIT = 64
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "phone": ("手机号码", "phone number"),
    "email": ("电子邮箱", "e-mail address"),
    "occupation": ("职业", "occupation"),
    "preferred_language": ("首选语言", "preferred language"),
    "preferred_channel": ("首选联系渠道", "preferred channel"),
}


Remember = Callable[..., None]  # remember(progress, conn=None): keep what an attempt got as far as


@dataclass(frozen=True)
class ActionServices:
    """The services actions go through (any may be None on a desk that lacks it: the action then says so)."""

    engine: Engine
    audit: AuditTrail
    clock: Callable[[], dt.datetime]
    messaging: Any = None
    tickets: Any = None
    calls: Any = None
    editor: Any = None
    referrals: Any = None  # services.lobby.referrals.ReferralService (its acceptance time); made here if None


@dataclass(frozen=True)
class ActionResult:
    """What an action did (``ok``) or why it did not, in both languages; ``ref`` names what it made."""

    ok: bool
    zh: str
    en: str
    ref: Mapping[str, Any] = field(default_factory=dict)
    code: str | None = None
    customer_changed: bool = False

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "zh": self.zh, "en": self.en, **self.ref}
        if self.code is not None:
            out["code"] = self.code
        return out

    @classmethod
    def failed(cls, error: BilingualError) -> ActionResult:
        return cls(False, error.zh, error.en, code=getattr(error, "code", None))

    @classmethod
    def preview(cls, description: tuple[str, str]) -> ActionResult:
        zh, en = description
        return cls(True, f"预览，未执行：{zh}", f"Preview, not done: {en}", {"preview": True})


class ActionRefused(BilingualError):
    """An action that cannot be done as it stands (the message says why)."""

    code = "flow_action"


def _both(action: Action, defn: FlowDefinition, values: Mapping[str, Any]) -> tuple[str, str]:
    a = action
    if a.type == "send_template":
        channel_zh = "短信" if a.channel == "sms" else "邮件"
        channel_en = "SMS" if a.channel == "sms" else "e-mail"
        return f"发送{channel_zh}（模板 {a.template}）", f"Send the {channel_en} template {a.template}"
    if a.type == "register_complaint":
        return (
            f"登记投诉（类别 {a.category or '待选'}）",
            f"Register a complaint (category {a.category or 'to choose'})",
        )
    if a.type == "service_request":
        return f"提交后台服务申请（{a.kind}）", f"Record a service request for the back office ({a.kind})"
    if a.type == "create_reminder":
        return f"创建提醒（{a.due_in_days} 天后）", f"Create a reminder (in {a.due_in_days} days)"
    if a.type == "schedule_callback":
        return f"预约回电（{a.in_minutes} 分钟后）", f"Schedule a call-back (in {a.in_minutes} minutes)"
    if a.type == "refer_to_manager":
        return f"转介客户经理（{a.interest}）", f"Refer to the customer manager ({a.interest})"
    if a.type == "transfer_queue":
        return f"转接至队列 {a.queue}", f"Transfer the call to the queue {a.queue}"
    if a.type == "update_customer":
        zh, en = FIELD_NAMES.get(a.field or "", (a.field or "", a.field or ""))
        return (
            f"更新客户{zh}（取自回答 {a.from_answer}）",
            f"Change the customer's {en} (from the answer {a.from_answer})",
        )
    return a.type, a.type


def describe(action: Action, defn: FlowDefinition, values: Mapping[str, Any], locale: str) -> str:
    """What the action will do, for the confirmation, in ``locale``."""
    zh, en = describe_both(action, defn, values)
    return en if locale.startswith("en") else zh


def describe_both(action: Action, defn: FlowDefinition, values: Mapping[str, Any]) -> tuple[str, str]:
    """What the action will do, in Chinese and English."""
    return _both(action, defn, values)


def perform(
    services: ActionServices,
    principal: Principal,
    action: Action,
    *,
    run_id: int,
    step_id: str,
    defn: FlowDefinition,
    customer_id: int | None,
    call_id: int | None,
    values: Mapping[str, Any],
    typed: Mapping[str, Any],
    render: Callable[[str], str],
    progress: Mapping[str, Any],
    remember: Remember,
    identity_verified: bool,
) -> ActionResult:
    """Do ``action`` for the run (see the module docstring); refusals come back as a failed result.

    ``values``: the flow's variables by dotted name (answers masked where PII); ``typed``: PII answers as
    typed in this session; ``progress``: what an earlier attempt of this step got as far as; ``remember``:
    stores progress before the next part is done.
    """
    job = _Job(services, principal, action, run_id, step_id, defn, customer_id, call_id, values, typed, render)
    try:
        handler = _HANDLERS[action.type]
        return handler(job, progress, remember, identity_verified)
    except BilingualError as error:
        return ActionResult.failed(error)


@dataclass(frozen=True)
class _Job:
    services: ActionServices
    principal: Principal
    action: Action
    run_id: int
    step_id: str
    defn: FlowDefinition
    customer_id: int | None
    call_id: int | None
    values: Mapping[str, Any]
    typed: Mapping[str, Any]
    render: Callable[[str], str]

    @property
    def key(self) -> str:
        return f"flow-{self.run_id}-{self.step_id}"[:TOKEN_LIMIT]

    def need_customer(self) -> int:
        if self.customer_id is None:
            raise ActionRefused(
                "此操作需要客户，本次流程未关联客户。", "This action needs a customer; the run has none."
            )
        return self.customer_id

    def need(self, service: Any, zh: str, en: str) -> Any:
        if service is None:
            raise ActionRefused(
                f"本机未连接{zh}，无法执行此操作。", f"This desk has no {en}; the action cannot be done."
            )
        return service

    def text(self, value: Any, fallback: str) -> str:
        if value is None:
            return fallback
        return self.render(value.get(self.principal.locale)).strip() or fallback

    def zh_text(self, value: Any, fallback: str) -> str:
        if value is None:
            return fallback
        return self.render(value.zh_CN).strip() or fallback


# -- the actions ------------------------------------------------------------------------------------------------
def _send_template(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    messaging = job.need(job.services.messaging, "消息服务", "messaging service")
    customer_id = job.need_customer()
    code = job.action.template or ""
    with job.services.engine.connect() as conn:
        language = conn.execute(select(Customer.preferred_language).where(Customer.id == customer_id)).scalar()
        rows = conn.execute(
            select(MessageTemplate.id, MessageTemplate.locale, MessageTemplate.status, MessageTemplate.channel)
            .where(MessageTemplate.code == code)
            .order_by(MessageTemplate.version_no.desc())
        ).all()
    approved = {r.locale: r for r in rows if r.status == "approved"}
    if not approved:
        if rows:
            raise ActionRefused(
                f"模板“{code}”已停用或尚未审批，消息未发送。请改用其他方式告知客户，并通知流程负责人。",
                f"The template {code!r} is retired or not approved, so nothing was sent. Tell the customer "
                "another way and let the flow's owner know.",
            )
        raise ActionRefused(f"模板“{code}”不存在，消息未发送。", f"There is no template {code!r}; nothing was sent.")
    wanted = "en" if (language or "").startswith("en") else "zh_CN"
    chosen = approved.get(wanted) or next(iter(approved.values()))
    if job.action.channel and chosen.channel != job.action.channel:
        raise ActionRefused(
            f"模板“{code}”不是{('短信' if job.action.channel == 'sms' else '邮件')}模板，消息未发送。",
            f"The template {code!r} is not an {job.action.channel} template; nothing was sent.",
        )
    fields: dict[str, Any] = {}
    for name, source in job.action.values:
        root, _, rest = source.partition(".")
        value = job.typed.get(rest) if root == "answers" and rest in job.typed else job.values.get(source)
        if value not in (None, ""):
            fields[name] = value
    queued = messaging.send(job.principal, customer_id, int(chosen.id), fields, job.key)
    channel_zh = "短信" if chosen.channel == "sms" else "邮件"
    channel_en = "SMS" if chosen.channel == "sms" else "e-mail"
    if queued.status == "held":
        zh = f"{channel_zh}已排队，将在免打扰时段结束后发送（#{queued.outbox_id}）。"
        en = f"The {channel_en} is queued and goes after the quiet hours (#{queued.outbox_id})."
    else:
        zh = f"{channel_zh}已进入发送队列（#{queued.outbox_id}）。"
        en = f"The {channel_en} is queued for sending (#{queued.outbox_id})."
    return ActionResult(True, zh, en, {"outbox_id": queued.outbox_id, "template_id": int(chosen.id)})


def _intake(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool, *, kind: str) -> ActionResult:
    tickets = job.need(job.services.tickets, "工单服务", "ticket service")
    customer_id = job.need_customer()
    draft_id = progress.get("draft_id")
    if draft_id is None:
        if job.call_id is not None:
            data = tickets.prefill_from_call(job.call_id)
            data.customer_id = customer_id
        else:
            data = tickets.prefill_for_customer(customer_id, "branch_visit")
        data.kind = kind
        flow_name = job.defn.name.zh_CN
        if kind == "complaint":
            data.category = job.action.category or str(job.values.get("answers.category") or "")
            data.summary = job.zh_text(job.action.summary, f"来自服务流程：{flow_name}")[:200]
        else:
            data.category = job.action.kind or "service_request"
            data.summary = job.zh_text(job.action.summary, f"服务申请：{flow_name}")[:200]
        data.description = _answers_text(job)
        data.identity_verified = verified
        data.identity_method = (
            ("phone_verification" if job.call_id is not None else "counter_check") if verified else None
        )
        draft_id = int(tickets.save_draft(job.principal, data))
        remember({"draft_id": draft_id})
    try:
        created = tickets.submit_draft(job.principal, int(draft_id))
    except InvalidInput as refused:
        what_zh = "投诉" if kind == "complaint" else "服务申请"
        what_en = "complaint" if kind == "complaint" else "service request"
        return ActionResult(
            True,
            f"{what_zh}草稿已预填（{refused.zh}）请在受理表单中补全后提交。",
            f"The {what_en} is drafted and prefilled ({refused.en}) — complete it in the intake form and submit.",
            {"draft_id": int(draft_id), "needs_completion": True},
        )
    what_zh = "投诉已登记" if kind == "complaint" else "服务申请已提交"
    what_en = "Complaint registered" if kind == "complaint" else "Service request recorded"
    return ActionResult(
        True,
        f"{what_zh}，编号 {created.number}。",
        f"{what_en}: {created.number}.",
        {"draft_id": int(draft_id), "ticket_id": created.id, "number": created.number},
    )


def _register_complaint(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    return _intake(job, progress, remember, verified, kind="complaint")


def _service_request(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    return _intake(job, progress, remember, verified, kind="service")


def _answers_text(job: _Job) -> str:
    shown = [
        f"{k.removeprefix('answers.')}：{v}"
        for k, v in job.values.items()
        if k.startswith("answers.") and v is not None
    ]
    return ("服务流程“" + job.defn.name.zh_CN + "”中的回答：\n" + "\n".join(shown))[:4000]


def _reminder(
    job: _Job, progress: Mapping[str, Any], remember: Remember, kind: str, title: str, due: dt.datetime
) -> ActionResult:
    customer_id = job.customer_id
    reminder_id = progress.get("reminder_id")
    if reminder_id is None:
        with write_txn(job.services.engine) as conn:
            authorize(
                conn,
                job.principal,
                "reminder.manage",
                audit=job.services.audit,
                entity="customer",
                entity_id=customer_id,
            )
            if customer_id is not None:
                require_customer(conn, job.principal, customer_id, audit=job.services.audit)
            reminder_id = _insert_reminder(conn, job, customer_id, kind, title, due, job.services.clock())
            remember({"reminder_id": reminder_id}, conn)  # in the same transaction: never made twice
    local = due.astimezone(_bank_tz(job)).strftime("%Y-%m-%d %H:%M")
    return ActionResult(
        True,
        f"已创建提醒“{title}”，到期 {local}。",
        f"Reminder {title!r} created, due {local}.",
        {"reminder_id": reminder_id},
    )


def _insert_reminder(
    conn: Connection, job: _Job, customer_id: int | None, kind: str, title: str, due: dt.datetime, at: dt.datetime
) -> int:
    return int(
        conn.execute(
            insert(Reminder)
            .values(
                customer_id=customer_id,
                kind=kind,
                title=title[:120],
                body=_answers_text(job),
                due_at=due,
                created_by_id=job.principal.user_id,
                assigned_to_id=job.principal.user_id,
                branch_id=job.principal.branch_id,
                created_at=at,
                updated_at=at,
                version=1,
            )
            .returning(Reminder.id)
        ).scalar_one()
    )


def _bank_tz(job: _Job) -> Any:
    from zoneinfo import ZoneInfo

    messaging = job.services.messaging
    config = getattr(messaging, "config", None)
    return getattr(config, "tz", None) or ZoneInfo("Asia/Shanghai")


def _create_reminder(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    kind = job.action.kind or "follow_up"
    if kind not in REMINDER_KINDS:
        raise ActionRefused(
            f"提醒类型“{kind}”无效（可用：{'、'.join(REMINDER_KINDS)}）。",
            f"Unknown reminder kind {kind!r} (use one of {', '.join(REMINDER_KINDS)}).",
        )
    title = job.text(job.action.title, job.defn.name.get(job.principal.locale))
    due = job.services.clock() + dt.timedelta(days=job.action.due_in_days or 0)
    return _reminder(job, progress, remember, kind, title, due)


def _schedule_callback(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    job.need_customer()
    due = job.services.clock() + dt.timedelta(minutes=job.action.in_minutes or 0)
    english = job.principal.locale.startswith("en")
    title = ("Call the customer back: " if english else "回电客户：") + job.defn.name.get(job.principal.locale)
    return _reminder(job, progress, remember, "callback", title, due)


def _refer_to_manager(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    """Through the lobby's referral service: routed to the manager or the branch's pool, with a time to accept."""
    customer_id = job.need_customer()
    engine, audit = job.services.engine, job.services.audit
    service = getattr(job.services, "referrals", None) or ReferralService(engine, audit, clock=job.services.clock)
    answers = job.values
    consent = answers.get("answers.consent_contact", answers.get("answers.consent")) is True
    need = Need(
        interest=job.action.interest or "other", consent_contact=consent, note=_answers_text(job), source="flow"
    )
    with write_txn(engine) as conn:
        referral_id = progress.get("referral_id")
        if referral_id is None:
            at = service.clock()
            referral_id = refer(
                conn, audit, job.principal, customer_id, need, now=at, accept_minutes=service.accept_minutes
            )
            remember({"referral_id": referral_id}, conn)  # in the same transaction: never made twice
        to_user = conn.execute(select(Referral.to_user_id).where(Referral.id == int(referral_id))).scalar()
    return _referred(int(referral_id), to_user)


def _referred(referral_id: int, manager_id: int | None) -> ActionResult:
    if manager_id is None:
        zh, en = (
            "已转介（网点暂无可接收的客户经理，待分配）。",
            "Referred (the branch has no customer manager to take it yet: it waits to be assigned).",
        )
    else:
        zh, en = "已转介客户经理。", "Referred to a customer manager."
    return ActionResult(True, zh, en, {"referral_id": referral_id, "to_user_id": manager_id})


def _transfer_queue(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    calls = job.need(job.services.calls, "电话系统", "phone system")
    if job.call_id is None:
        raise ActionRefused("本次流程没有通话，无法转接。", "This run has no call to transfer.")
    done = calls.transfer(job.principal.user_id, job.call_id, to_queue=job.action.queue)
    if not done.ok:
        zh, _, en = str(done.message or "转接失败。 / The transfer failed.").partition(" / ")
        return ActionResult(False, zh, en or zh, {"call_id": job.call_id}, code="transfer_failed")
    return ActionResult(
        True,
        f"已转接至队列 {job.action.queue}。",
        f"Transferred to the queue {job.action.queue}.",
        {"call_id": job.call_id},
    )


def _update_customer(job: _Job, progress: Mapping[str, Any], remember: Remember, verified: bool) -> ActionResult:
    customer_id = job.need_customer()
    editor = job.need(job.services.editor, "资料编辑服务", "record editor")
    name = job.action.field or ""
    source = job.action.from_answer or ""
    if source in job.typed:
        value = job.typed[source]
    else:
        step = next((s for s in job.defn.steps if s.kind == "ask" and s.var == source), None)
        if step is not None and step.pii:
            raise ActionRefused(
                "新值是在重启前输入的，只保存了掩码：请后退到该问题重新输入。",
                "The new value was typed before a restart and is kept only masked: go back to that question "
                "and enter it again.",
            )
        value = job.values.get(f"answers.{source}")
    if value in (None, ""):
        raise ActionRefused(
            f"回答“{source}”为空，无法更新客户资料。", f"The answer {source!r} is empty; nothing to change."
        )
    original = editor.load(job.principal, "customer", customer_id)
    mine = {**original, name: str(value)}
    outcome = editor.save(
        job.principal, "customer", customer_id, int(original["version"]), original, mine, auto_merge=True
    )
    zh_name, en_name = FIELD_NAMES.get(name, (name, name))
    if not outcome.saved:
        return ActionResult(
            False,
            f"客户资料已被他人同时修改（{zh_name}），未保存。请在客户资料中处理冲突。",
            f"Someone else changed the customer's {en_name} at the same time; nothing was saved. "
            "Resolve it in the customer's record.",
            code="conflict",
        )
    return ActionResult(
        True,
        f"已更新客户{zh_name}。",
        f"The customer's {en_name} was changed.",
        {"customer_version": outcome.version},
        customer_changed=True,
    )


_HANDLERS: dict[str, Callable[[_Job, Mapping[str, Any], Any, bool], ActionResult]] = {
    "send_template": _send_template,
    "register_complaint": _register_complaint,
    "service_request": _service_request,
    "create_reminder": _create_reminder,
    "schedule_callback": _schedule_callback,
    "refer_to_manager": _refer_to_manager,
    "transfer_queue": _transfer_queue,
    "update_customer": _update_customer,
}
