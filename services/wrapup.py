"""Wrap-up: the disposition tree, a draft kept in the database as the agent types, and completing it.

Completing writes the interaction on the customer's timeline (linked to the call) and an optional follow-up
reminder, and makes the agent available.  The draft survives a crash of the desktop: after a restart
:meth:`WrapupService.load_wrapup_draft` gives it back.  A call is written only with the disposition its agent
chose: when the wrap-up time passes, the gateway marks the wrap-up overdue and it stays open until submitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from db.models import AgentStatus, Call, DispositionCode, WrapupDraft
from db.search_keys import label_syllables, pinyin_keys
from db.write import aware, upsert, utcnow, write_txn
from services import call_states

NOT_IN_WRAPUP = "该通话不在您的整理中（可能已超时结束）。 / This call is not in your wrap-up (it may have timed out)."


class WrapupError(ValueError):
    """Wrap-up cannot be completed as asked; the message says why."""


@dataclass
class DispositionNode:
    """A node of the disposition tree."""

    code: str
    label_zh: str
    label_en: str
    children: list[DispositionNode] = field(default_factory=list)
    pinyin: str = ""  # of the Chinese label, and its initials: typing "guashi" or "gsj" finds 挂失及补卡
    initials: str = ""

    @property
    def selectable(self) -> bool:
        """Leaves are chosen; a branch only groups them."""
        return not self.children


@dataclass(frozen=True)
class Draft:
    """What the agent has entered so far for a call's wrap-up."""

    call_id: int
    agent_id: int
    disposition: str | None
    notes: str | None
    follow_up_at: dt.datetime | None
    follow_up_note: str | None
    updated_at: dt.datetime | None
    deadline: dt.datetime | None


class WrapupService:
    """Synchronous; call it on a worker thread."""

    def __init__(self, engine: Engine, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    def disposition_tree(self) -> list[DispositionNode]:
        """Active disposition codes as a tree, in their configured order."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    DispositionCode.id,
                    DispositionCode.parent_id,
                    DispositionCode.code,
                    DispositionCode.label_zh,
                    DispositionCode.label_en,
                )
                .where(DispositionCode.active.is_(True))
                .order_by(DispositionCode.sort_order, DispositionCode.id)
            ).all()
        nodes = {r[0]: DispositionNode(r[2], r[3], r[4], [], *pinyin_keys(label_syllables(r[3]))) for r in rows}
        roots: list[DispositionNode] = []
        for r in rows:
            parent = nodes.get(r[1]) if r[1] is not None else None
            (parent.children if parent else roots).append(nodes[r[0]])
        return roots

    def _leaf_codes(self) -> set[str]:
        leaves: set[str] = set()
        stack = self.disposition_tree()
        while stack:
            node = stack.pop()
            if node.selectable:
                leaves.add(node.code)
            stack.extend(node.children)
        return leaves

    def save_wrapup_draft(
        self,
        agent_id: int,
        call_id: int,
        *,
        disposition: str | None = None,
        notes: str | None = None,
        follow_up_at: dt.datetime | None = None,
        follow_up_note: str | None = None,
    ) -> None:
        """Store the draft as it stands (call it as the agent types, debounced)."""
        with write_txn(self._engine) as conn:
            upsert(
                conn,
                WrapupDraft.__table__,  # type: ignore[arg-type]
                {
                    "call_id": call_id,
                    "agent_id": agent_id,
                    "disposition": disposition,
                    "notes": notes,
                    "follow_up_at": follow_up_at,
                    "follow_up_note": follow_up_note,
                    "updated_at": self._clock(),
                },
                ["call_id"],
            )

    def load_wrapup_draft(self, agent_id: int, call_id: int | None = None) -> Draft | None:
        """The agent's unfinished wrap-up (the given call's, or the one they are in), with its draft.

        Returns a Draft even when nothing was typed yet (notes then come from the call), or None when the agent
        has no wrap-up open.
        """
        with self._engine.connect() as conn:
            if call_id is None:
                call_id = conn.execute(
                    select(Call.id)
                    .where(Call.agent_id == agent_id, Call.state == "wrap_up")
                    .order_by(Call.wrapup_at.desc())
                    .limit(1)
                ).scalar()
                if call_id is None:
                    return None
            call = conn.execute(select(Call.state, Call.notes).where(Call.id == call_id)).first()
            if call is None or call[0] != "wrap_up":
                return None
            deadline = conn.execute(
                select(AgentStatus.wrapup_deadline).where(
                    AgentStatus.user_id == agent_id, AgentStatus.call_id == call_id
                )
            ).scalar()
            row = conn.execute(
                select(
                    WrapupDraft.disposition,
                    WrapupDraft.notes,
                    WrapupDraft.follow_up_at,
                    WrapupDraft.follow_up_note,
                    WrapupDraft.updated_at,
                ).where(WrapupDraft.call_id == call_id)
            ).first()
        if row is None:
            return Draft(call_id, agent_id, None, call[1], None, None, None, aware(deadline))
        return Draft(
            call_id,
            agent_id,
            row[0],
            row[1] if row[1] is not None else call[1],
            aware(row[2]),
            row[3],
            aware(row[4]),
            aware(deadline),
        )

    def complete_wrapup(
        self,
        agent_id: int,
        call_id: int,
        disposition_code: str,
        notes: str | None,
        follow_up: dt.datetime | None = None,
        follow_up_note: str | None = None,
    ) -> int:
        """Finish wrap-up: interaction on the timeline (linked to the call), optional reminder, agent available.

        Returns:
            The interaction's id.

        Raises:
            WrapupError: unknown or non-leaf disposition, or the call is not in this agent's wrap-up.
        """
        if disposition_code not in self._leaf_codes():
            raise WrapupError(f"请选择有效的处理结果。 / Choose a valid disposition ({disposition_code}).")
        if follow_up is not None and follow_up.tzinfo is None:
            raise WrapupError("follow_up must be timezone-aware")
        at = self._clock()
        with write_txn(self._engine) as conn:
            call = call_states.load(conn, call_id=call_id, lock=True)
            if call is None or call.state != "wrap_up" or call.agent_id != agent_id:
                raise WrapupError(NOT_IN_WRAPUP)
            interaction_id = call_states.finish_wrapup(
                conn,
                call,
                agent_id,
                at,
                disposition=disposition_code,
                notes=notes,
                follow_up_at=follow_up,
                follow_up_note=follow_up_note,
            )
        if interaction_id is None:
            raise WrapupError("该通话已完成整理。 / This call's wrap-up is already complete.")
        return interaction_id
