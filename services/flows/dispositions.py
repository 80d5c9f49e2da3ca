"""The wrap-up dispositions a flow's end may prefill: the active codes an agent can pick (no group heads)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from db.models import DispositionCode


def pickable_dispositions(conn: Connection) -> frozenset[str]:
    """Active disposition codes with no active code under them (the wrap-up picks leaves, not groups)."""
    rows = conn.execute(
        select(DispositionCode.id, DispositionCode.code, DispositionCode.parent_id, DispositionCode.active)
    ).all()
    parents = {r.parent_id for r in rows if r.active and r.parent_id is not None}
    return frozenset(str(r.code) for r in rows if r.active and r.id not in parents)
