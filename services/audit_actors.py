"""Who could have done it: every audited action judged against its actor's role at the time.

An intact chain (:mod:`services.audit_verify`) proves that no row was changed after it was written, not
that it was true when written.  On PostgreSQL a desktop's login can call ``cd_audit_append`` with any
action, though never in another person's name nor at another time: a row saying that an agent exported
20,000 customers is either a lie or a breach, and either way an auditor must see it.
:func:`check_actors` asks, for every row, whether its actor's role at the time held the permission its
action needs (:data:`ACTION_PERMISSIONS`, :data:`services.permissions.MATRIX`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, bindparam, text

from .permissions import MATRIX, ROLES

# What each action needs: any one of these permissions (services.permissions.MATRIX) allows it.  The
# services check the same permission before they write the row.  ``password_set`` needs ``user.admin``
# only when it names another user (a change of one's own password needs none).
ACTION_PERMISSIONS: Mapping[str, frozenset[str]] = {
    "customer_view": frozenset({"customer.view"}),
    "customer_edit": frozenset({"customer.edit"}),
    "reveal": frozenset({"customer.reveal"}),
    "export": frozenset({"customer.export"}),
    "message_send": frozenset({"message.send"}),
    "message_cancel": frozenset({"message.send"}),
    "message_mark_sent": frozenset({"message.settle"}),
    "message_send_again": frozenset({"message.settle"}),
    "template_create": frozenset({"template.author"}),
    "template_edit": frozenset({"template.author"}),
    "template_submit": frozenset({"template.author"}),
    # the author takes it back, or an approver sends it back
    "template_withdraw": frozenset({"template.author", "template.approve"}),
    "template_approve": frozenset({"template.approve"}),
    "template_retire": frozenset({"template.approve"}),
    "campaign_create": frozenset({"campaign.run"}),
    "campaign_start": frozenset({"campaign.run"}),
    "campaign_paused": frozenset({"campaign.run"}),
    "campaign_running": frozenset({"campaign.run"}),
    "campaign_cancelled": frozenset({"campaign.run"}),
    "flow_create": frozenset({"flow.author"}),
    "flow_edit": frozenset({"flow.author"}),
    "flow_submit": frozenset({"flow.author"}),
    "flow_withdraw": frozenset({"flow.author"}),
    "flow_approve": frozenset({"flow.author"}),
    "flow_publish": frozenset({"flow.author"}),
    "flow_retire": frozenset({"flow.author"}),
    "lobby_notify": frozenset({"queue_ticket.issue"}),
    "memo_add": frozenset({"reminder.manage"}),
    "memo_done": frozenset({"reminder.manage"}),
    "memo_reopen": frozenset({"reminder.manage"}),
    "referral_create": frozenset({"referral.create"}),
    "referral_accepted": frozenset({"referral.accept"}),
    "referral_contacted": frozenset({"referral.accept"}),
    "referral_appointment": frozenset({"referral.accept"}),
    "referral_won": frozenset({"referral.accept"}),
    "referral_lost": frozenset({"referral.accept"}),
    "appointment_book": frozenset({"appointment.book"}),
    "appointment_cancel": frozenset({"appointment.book"}),
    "user_add": frozenset({"user.admin"}),
    "user_role": frozenset({"user.admin"}),
    "user_disable": frozenset({"user.admin"}),
    "user_enable": frozenset({"user.admin"}),
    "user_unlock": frozenset({"user.admin"}),
    "password_set": frozenset({"user.admin"}),
}
# Rows that give a user a role: ``detail.role`` is the role from then on (``detail.was`` the one before).
ROLE_ACTIONS = ("user_add", "user_role")


@dataclass(frozen=True)
class ActorViolation:
    """An audit row whose actor's role, at the time, did not hold what its action needs."""

    id: int
    user_id: int
    username: str
    role: str
    action: str
    needs: tuple[str, ...]


@dataclass(frozen=True)
class ActorReport:
    """Outcome of :func:`check_actors`: rows judged and those whose actor could not have done them."""

    rows: int
    violations: tuple[ActorViolation, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.violations


def _judged_actions() -> list[str]:
    """Actions that some role may not do (an action every role may do cannot be wrong)."""
    return sorted(
        action
        for action, needs in ACTION_PERMISSIONS.items()
        if action in ROLE_ACTIONS or any(not needs & held for held in MATRIX.values())
    )


@dataclass
class _Row:
    id: int
    user_id: int | None
    username: str
    action: str
    entity_id: str | None
    detail: dict[str, Any]


def _parse(detail: str | None) -> dict[str, Any]:
    if not detail:
        return {}
    try:
        parsed = json.loads(detail)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _target(row: _Row) -> int | None:
    try:
        return int(row.entity_id) if row.entity_id is not None else None
    except ValueError:
        return None


def _needs(row: _Row) -> frozenset[str]:
    """What the row's actor needed; empty when nothing (or the row is not judged)."""
    if row.user_id is None:  # the gateway, the owner's command line, a refused sign-in by name
        return frozenset()
    if row.action == "password_set" and _target(row) == row.user_id:
        return frozenset()  # one's own password
    return ACTION_PERMISSIONS.get(row.action, frozenset())


class _Judge:
    """Walks rows in id order, keeping every user's role: judges each row, applies the role rows it allows."""

    def __init__(self, initial: Mapping[int, str]) -> None:
        self.roles = dict(initial)
        self.violations: list[ActorViolation] = []
        self.applied: list[_Row] = []
        self.judged = 0

    def feed(self, row: _Row) -> None:
        needs = _needs(row)
        if needs:
            self.judged += 1
            uid = int(row.user_id or 0)
            role = self.roles.get(uid, "?")
            if not needs & MATRIX.get(role, frozenset()):
                needed = tuple(sorted(needs))
                self.violations.append(ActorViolation(row.id, uid, row.username, role, row.action, needed))
                return
        target, role_code = _target(row), row.detail.get("role")
        if row.action in ROLE_ACTIONS and target is not None and role_code in ROLES:
            self.roles[target] = str(role_code)
            self.applied.append(row)


def _rows(conn: Any, actions: list[str], batch: int) -> Iterator[_Row]:
    query = text(
        "SELECT id, user_id, username, action, entity_id, detail FROM audit_log "
        "WHERE action IN :actions AND id > :last ORDER BY id LIMIT :n"
    ).bindparams(bindparam("actions", expanding=True))
    last = 0
    while True:
        chunk = conn.execute(query, {"actions": actions, "last": last, "n": batch}).all()
        for r in chunk:
            detail = _parse(r[5]) if r[3] in ROLE_ACTIONS else {}
            yield _Row(int(r[0]), None if r[1] is None else int(r[1]), str(r[2]), str(r[3]), r[4], detail)
        if len(chunk) < batch:
            return
        last = int(chunk[-1][0])


def check_actors(engine: Engine, batch: int = 50_000) -> ActorReport:
    """Whether every audited action was done by someone whose role held its permission at the time.

    The role at the time is replayed along the chain from ``user_add`` and ``user_role`` rows
    (``detail.role``); before a user's first ``user_role`` row their role is that row's ``detail.was``, and
    a user without such rows has their current ``app_user.role_code``.  A role row counts only when its own
    actor could write it, so that a forged promotion does not make later forgeries look allowed; a
    ``detail.was`` counts only from a row that is allowed even when every actor is judged by their current
    role, and never from a row about its own actor.  Rows without a user (the gateway, the owner's command
    line, refused sign-ins by name) are not judged, nor are actions every role may do (opening a customer).
    """
    started = time.perf_counter()
    with engine.connect() as conn:
        current = {int(uid): str(role) for uid, role in conn.execute(text("SELECT id, role_code FROM app_user"))}
        # First every actor by their current role, role rows only: which of them could have been written.
        first = _Judge(current)
        for row in _rows(conn, list(ROLE_ACTIONS), batch):
            first.feed(row)
        initial = dict(current)
        seen: set[int] = set()
        for row in first.applied:
            target = _target(row)
            if target is None or target in seen:
                continue
            seen.add(target)  # the user's first role row that took effect
            was = row.detail.get("was")
            if row.action == "user_role" and row.user_id != target and was in ROLES:
                initial[target] = str(was)
        judge = _Judge(initial)
        for row in _rows(conn, _judged_actions(), batch):
            judge.feed(row)
    return ActorReport(judge.judged, tuple(judge.violations), time.perf_counter() - started)
