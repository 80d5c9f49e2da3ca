"""Referrals: routing to the manager or the branch's pool, the way to won or lost, escalation, leavers, the
monthly table; on SQLite and on PostgreSQL under the staff's own logins (row-level security)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import Engine, and_, func, select, update

from db.models import AuditLog, ChangeFeed, Customer, Referral, User
from db.write import aware, utcnow
from services.lobby.referrals import (
    ReferralService,
    escalate_overdue_referrals,
    return_referrals_of_leavers,
)
from services.lobby.types import FEED_REFERRAL, LobbyError, ReferralView
from services.permissions import PermissionDenied, Principal
from tests.flows.runner_rig import World

OPEN = ("new", "accepted", "contacted", "appointment")
T0 = utcnow().replace(microsecond=0)


def engine_of(world: World, username: str) -> Engine:
    """The user's own login on PostgreSQL (row-level security applies), the file on SQLite."""
    return world.login(username) if world.backend == "postgresql" else world.engine


def service(world: World, username: str, at: dt.datetime) -> tuple[ReferralService, Principal]:
    return ReferralService(engine_of(world, username), world.audit, clock=lambda: at), world.principal(username)


def branch(world: World) -> int:
    found = world.principal("lobby01").branch_id
    assert found is not None
    return found


def customers(world: World, *, managed: bool) -> list[int]:
    """Customers of lobby01's branch with (or without) a manager."""
    has = Customer.manager_id.is_not(None) if managed else Customer.manager_id.is_(None)
    with world.engine.connect() as conn:
        return list(
            conn.execute(select(Customer.id).where(Customer.branch_id == branch(world), has).order_by(Customer.id))
            .scalars()
            .all()
        )


def loads(world: World, branch_id: int) -> dict[int, int]:
    """Open referrals of the branch per active customer manager of the branch (read as the owner)."""
    with world.engine.connect() as conn:
        managers = conn.execute(
            select(User.id).where(
                User.branch_id == branch_id, User.role_code == "customer_manager", User.is_active.is_(True)
            )
        ).scalars()
        out = {int(m): 0 for m in managers}
        rows = conn.execute(
            select(Referral.to_user_id, func.count())
            .where(Referral.branch_id == branch_id, Referral.status.in_(OPEN), Referral.to_user_id.in_(list(out)))
            .group_by(Referral.to_user_id)
        ).all()
    out.update({int(u): int(n) for u, n in rows})
    return out


def least(loaded: dict[int, int], *, but: tuple[int, ...] = ()) -> int:
    return min((n, u) for u, n in loaded.items() if u not in but)[1]


def username(world: World, user_id: int) -> str:
    with world.engine.connect() as conn:
        return str(conn.execute(select(User.username).where(User.id == user_id)).scalar_one())


def manager_of(world: World, customer_id: int) -> int:
    with world.engine.connect() as conn:
        found = conn.execute(select(Customer.manager_id).where(Customer.id == customer_id)).scalar_one()
    assert found is not None
    return int(found)


def stored(world: World, referral_id: int) -> Referral:
    with world.engine.connect() as conn:
        row = conn.execute(select(Referral.__table__).where(Referral.id == referral_id)).one()
    return row  # type: ignore[return-value]


def feed_of(world: World, referral_id: int) -> list[tuple[str, dict]]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(ChangeFeed.action, ChangeFeed.payload)
            .where(ChangeFeed.entity == FEED_REFERRAL, ChangeFeed.entity_id == str(referral_id))
            .order_by(ChangeFeed.id)
        ).all()
    return [(r.action, r.payload) for r in rows]


@contextmanager
def inactive(world: World, *user_ids: int) -> Iterator[None]:
    """The users have left for the duration (``app_user.is_active`` false)."""
    with world.engine.begin() as conn:
        conn.execute(update(User).where(User.id.in_(user_ids)).values(is_active=False, version=User.version + 1))
    try:
        yield
    finally:
        with world.engine.begin() as conn:
            conn.execute(update(User).where(User.id.in_(user_ids)).values(is_active=True, version=User.version + 1))


def create(
    world: World, who: str, customer_id: int, interest: str, at: dt.datetime, token: str | None = None, **need: object
) -> ReferralView:
    svc, me = service(world, who, at)
    kwargs = {"consent_contact": True, "source": "checkin", **need}
    token = token or uuid.uuid4().hex
    return svc.create(me, customer_id, interest=interest, token=token, **kwargs)  # type: ignore[arg-type]


# -- routing ------------------------------------------------------------------------------------------------------
def test_a_customer_with_a_manager_goes_to_that_manager(world: World) -> None:
    cid = customers(world, managed=True)[0]
    at = T0
    made = create(world, "lobby01", cid, "fund", at, amount_band="50k_500k", urgency="high", note="想了解基金定投")
    manager = manager_of(world, cid)
    assert (made.to_user_id, made.status, made.source, made.urgency) == (manager, "new", "checkin", "high")
    assert made.accept_by == at + dt.timedelta(minutes=120)
    assert made.consent_contact and made.amount_band == "50k_500k" and made.from_user_name
    assert feed_of(world, made.id) == [
        ("created", {"to_user_id": manager, "from_user_id": world.principal("lobby01").user_id, "status": "new"})
    ]
    with world.engine.connect() as conn:
        audited = conn.execute(
            select(AuditLog.action).where(AuditLog.entity == "referral", AuditLog.entity_id == str(made.id))
        ).scalars()
        assert list(audited) == ["referral_create"]
    svc, me = service(world, username(world, manager), at)
    assert made.id in [r.id for r in svc.inbox(me)]
    lobby_svc, lobby = service(world, "lobby01", at)
    assert made.id in [r.id for r in lobby_svc.sent(lobby)]
    assert made.id in [r.id for r in lobby_svc.branch_referrals(lobby)]


def test_a_prospect_goes_to_the_branchs_least_loaded_manager(world: World) -> None:
    prospects = customers(world, managed=False)
    for i, cid in enumerate(prospects[:3]):
        expected = least(loads(world, branch(world)))
        made = create(world, "lobby01", cid, "deposit", T0 + dt.timedelta(minutes=i))
        assert made.to_user_id == expected
    # An agent on the phone routes the same way (agents see every branch's referrals).
    expected = least(loads(world, branch(world)))
    made = create(world, "agent01", prospects[3], "deposit", T0, source="wrapup")
    assert (made.to_user_id, made.source) == (expected, "wrapup")


def test_never_to_a_manager_who_has_left(world: World) -> None:
    cid = customers(world, managed=True)[1]
    gone = manager_of(world, cid)
    with inactive(world, gone):
        expected = least(loads(world, branch(world)))
        made = create(world, "lobby01", cid, "insurance", T0)
        assert made.to_user_id == expected != gone
        # and a prospect's pool skips them too, however light their load
        made = create(world, "lobby01", customers(world, managed=False)[4], "insurance", T0)
        assert made.to_user_id != gone


def test_a_double_submit_returns_the_same_referral(world: World) -> None:
    cid = customers(world, managed=True)[0]
    first = create(world, "lobby01", cid, "card", T0, token="dialog-1")
    # The same dialog submitted again (a double click, a retry after a lost answer), even much later: one referral.
    again = create(world, "lobby01", cid, "card", T0 + dt.timedelta(minutes=5), token="dialog-1")
    assert again.id == first.id
    # A second dialog for the same need is a second referral.
    other = create(world, "lobby01", cid, "card", T0 + dt.timedelta(seconds=3), token="dialog-2")
    assert other.id != first.id


def test_bad_input_is_refused_clearly(world: World) -> None:
    svc, me = service(world, "lobby01", T0)
    cid = customers(world, managed=True)[0]
    for kwargs, code in (
        ({"interest": "gold"}, "bad_interest"),
        ({"interest": "fund", "amount_band": "lots"}, "bad_band"),
        ({"interest": "fund", "urgency": "asap"}, "bad_urgency"),
        ({"interest": "fund", "source": "email"}, "bad_source"),
    ):
        with pytest.raises(LobbyError) as refused:
            svc.create(me, cid, consent_contact=True, token="t1", **kwargs)  # type: ignore[arg-type]
        assert refused.value.code == code
    admin_svc, admin = service(world, "admin", T0)
    with pytest.raises(PermissionDenied):
        admin_svc.create(admin, cid, interest="fund", consent_contact=True, token="t2")


# -- the way to won or lost -----------------------------------------------------------------------------------------
PATHS = (
    ("accepted", "won"),
    ("accepted", "lost"),
    ("accepted", "contacted", "won"),
    ("accepted", "contacted", "lost"),
    ("accepted", "contacted", "appointment", "won"),
    ("accepted", "contacted", "appointment", "lost"),
)


def test_every_allowed_transition_to_won_or_lost(world: World) -> None:
    cid = customers(world, managed=True)[2]
    manager = username(world, manager_of(world, cid))
    for i, path in enumerate(PATHS):
        at = T0 + dt.timedelta(hours=1, minutes=i)
        made = create(world, "agent01", cid, "wealth", at)
        svc, me = service(world, manager, at + dt.timedelta(minutes=5))
        view = made
        for step in path:
            if step == "won":
                view = svc.win(me, view.id, view.version, Decimal("120000.50"))
            elif step == "lost":
                view = svc.lose(me, view.id, view.version, "客户已在他行办理")
            else:
                view = {"accepted": svc.accept, "contacted": svc.mark_contacted, "appointment": svc.mark_appointment}[
                    step
                ](me, view.id, view.version)
            assert view.status == step
        row = stored(world, view.id)
        assert aware(row.accepted_at) == at + dt.timedelta(minutes=5)
        assert (row.contacted_at is not None) == ("contacted" in path)
        assert (row.appointment_at is not None) == ("appointment" in path)
        assert aware(row.closed_at) == at + dt.timedelta(minutes=5)
        if path[-1] == "won":
            assert Decimal(str(row.amount)) == Decimal("120000.50") and row.lost_reason is None
        else:
            assert row.amount is None and row.lost_reason == "客户已在他行办理"
        assert [a for a, _ in feed_of(world, view.id)] == ["created", *path]
        # the referrer sees the outcome; the manager's inbox keeps it only with the closed ones
        agent_svc, agent = service(world, "agent01", at + dt.timedelta(minutes=6))
        seen = {r.id: r for r in agent_svc.sent(agent)}
        assert seen[view.id].status == path[-1]
        assert view.id not in [r.id for r in svc.inbox(me)]
        assert view.id in [r.id for r in svc.inbox(me, include_closed=True)]


def test_refused_moves(world: World) -> None:
    cid = customers(world, managed=True)[3]
    owner = manager_of(world, cid)
    manager = username(world, owner)
    at = T0 + dt.timedelta(hours=2)
    made = create(world, "lobby01", cid, "other", at)
    svc, me = service(world, manager, at)
    with pytest.raises(LobbyError) as refused:
        svc.mark_contacted(me, made.id, made.version)
    assert refused.value.code == "bad_transition"
    with pytest.raises(LobbyError) as refused:
        svc.win(me, made.id, made.version, Decimal(1))
    assert refused.value.code == "bad_transition"
    # another manager of the branch may not move it
    with world.engine.connect() as conn:
        colleague = conn.execute(
            select(User.username).where(
                and_(User.branch_id == branch(world), User.role_code == "customer_manager", User.id != owner)
            )
        ).scalar()
    other_svc, other = service(world, str(colleague), at)
    with pytest.raises(LobbyError) as refused:
        other_svc.accept(other, made.id, made.version)
    assert refused.value.code == "not_yours"
    lobby_svc, lobby = service(world, "lobby01", at)
    with pytest.raises(PermissionDenied):
        lobby_svc.accept(lobby, made.id, made.version)
    accepted = svc.accept(me, made.id, made.version)
    with pytest.raises(LobbyError) as refused:
        svc.mark_contacted(me, made.id, made.version)  # the version before the accept
    assert refused.value.code == "stale"
    for amount in (Decimal(0), Decimal(-5)):
        with pytest.raises(LobbyError) as refused:
            svc.win(me, accepted.id, accepted.version, amount)
        assert refused.value.code == "bad_amount"
    with pytest.raises(LobbyError) as refused:
        svc.lose(me, accepted.id, accepted.version, "   ")
    assert refused.value.code == "need_reason"
    lost = svc.lose(me, accepted.id, accepted.version, "暂无需求")
    with pytest.raises(LobbyError) as refused:
        svc.accept(me, lost.id, lost.version)
    assert refused.value.code == "bad_transition"


# -- the jobs -------------------------------------------------------------------------------------------------------
def test_an_unaccepted_referral_escalates_once_its_time_is_up(world: World) -> None:
    cid = customers(world, managed=True)[0]
    at = T0 + dt.timedelta(hours=3)
    made = create(world, "lobby01", cid, "wealth", at)
    first = made.to_user_id
    assert first is not None
    escalate_overdue_referrals(world.engine, world.audit, at + dt.timedelta(minutes=119))
    assert stored(world, made.id).to_user_id == first  # not yet due
    expected = least(loads(world, branch(world)), but=(first,))
    later = at + dt.timedelta(minutes=121)
    assert escalate_overdue_referrals(world.engine, world.audit, later) >= 1
    row = stored(world, made.id)
    assert (row.to_user_id, row.status) == (expected, "new")
    assert aware(row.escalated_at) == later and aware(row.accept_by) == later + dt.timedelta(minutes=120)
    action, payload = feed_of(world, made.id)[-1]
    assert action == "escalated"
    assert payload["to_user_id"] == expected and payload["previous_user_id"] == first
    assert payload["from_user_id"] == world.principal("lobby01").user_id
    # run again (or on a second gateway): nothing more happens
    assert escalate_overdue_referrals(world.engine, world.audit, later) == 0
    assert stored(world, made.id).version == row.version
    svc, me = service(world, username(world, expected), later)
    shown = {r.id: r for r in svc.inbox(me)}
    assert not shown[made.id].overdue


def test_with_no_other_manager_an_overdue_referral_stays_flagged(world: World) -> None:
    cid = customers(world, managed=True)[1]
    at = T0 + dt.timedelta(hours=4)
    keeper = manager_of(world, cid)
    others = [u for u in loads(world, branch(world)) if u != keeper]
    made = create(world, "lobby01", cid, "deposit", at)
    assert made.to_user_id == keeper
    later = at + dt.timedelta(minutes=130)
    with inactive(world, *others):
        assert escalate_overdue_referrals(world.engine, world.audit, later) >= 1
    row = stored(world, made.id)
    assert row.to_user_id == keeper and aware(row.escalated_at) == later
    assert feed_of(world, made.id)[-1][1]["previous_user_id"] == keeper


def test_a_leavers_open_referrals_go_back_to_the_pool(world: World) -> None:
    cid = customers(world, managed=True)[2]
    leaver = manager_of(world, cid)
    at = T0 + dt.timedelta(hours=5)
    new = create(world, "lobby01", cid, "loan", at)
    taken = create(world, "lobby01", cid, "insurance", at)
    svc, me = service(world, username(world, leaver), at)
    svc.accept(me, taken.id, taken.version)
    done = create(world, "lobby01", cid, "card", at + dt.timedelta(minutes=1))
    accepted = svc.accept(me, done.id, done.version)
    svc.lose(me, accepted.id, accepted.version, "客户放弃")
    now = at + dt.timedelta(minutes=30)
    with inactive(world, leaver):
        # the job hands the leaver's open referrals out one by one, oldest first, each to the least loaded
        load = loads(world, branch(world))
        with world.engine.connect() as conn:
            queue = conn.execute(
                select(Referral.id)
                .where(Referral.status.in_(OPEN), Referral.to_user_id == leaver, Referral.branch_id == branch(world))
                .order_by(Referral.id)
            ).scalars()
            for referral_id in queue:
                load[pick := least(load)] += 1
                if referral_id == new.id:
                    expected = pick
        assert return_referrals_of_leavers(world.engine, world.audit, now) >= 2
        moved = stored(world, new.id)
        kept = stored(world, taken.id)
        assert moved.to_user_id == expected and moved.returned_count == 1
        assert aware(moved.accept_by) == now + dt.timedelta(minutes=120)
        assert kept.to_user_id not in (None, leaver) and kept.returned_count == 1 and kept.status == "accepted"
        assert stored(world, done.id).to_user_id == leaver  # closed: stays
        assert feed_of(world, new.id)[-1][0] == "returned"
        assert return_referrals_of_leavers(world.engine, world.audit, now) == 0
        assert stored(world, new.id).version == moved.version


# -- the monthly table ----------------------------------------------------------------------------------------------
def test_the_monthly_table(world: World) -> None:
    march = dt.datetime(2025, 3, 14, 2, 0, tzinfo=dt.UTC)
    managed = customers(world, managed=True)
    made = [create(world, "lobby01", managed[3], interest, march) for interest in ("deposit", "wealth", "fund")]
    create(world, "lobby01", managed[3], "loan", dt.datetime(2025, 2, 28, 17, 0, tzinfo=dt.UTC))  # 1 March, Beijing
    create(world, "lobby01", managed[3], "card", dt.datetime(2025, 3, 31, 16, 30, tzinfo=dt.UTC))  # April in Beijing
    svc, me = service(world, username(world, manager_of(world, managed[3])), march)
    won = svc.accept(me, made[0].id, made[0].version)
    svc.win(me, won.id, won.version, Decimal("300000"))
    lost = svc.accept(me, made[1].id, made[1].version)
    svc.lose(me, lost.id, lost.version, "利率不合适")
    lobby_svc, lobby = service(world, "lobby01", march)
    rows = lobby_svc.month_table(lobby, dt.date(2025, 3, 1))
    mine = [r for r in rows if r.referrer_id == lobby.user_id]
    assert len(mine) == 1
    row = mine[0]
    assert (row.branch_id, row.referred, row.accepted, row.won, row.lost, row.open) == (branch(world), 4, 2, 1, 1, 2)
    assert row.won_amount == Decimal("300000") and row.conversion == 0.5
    assert row.referrer_name and row.branch_name
    sup_svc, sup = service(world, "super01", march)
    assert row in sup_svc.month_table(sup, dt.date(2025, 3, 20))
    agent_svc, agent = service(world, "agent01", march)
    assert all(r.referrer_id == agent.user_id for r in agent_svc.month_table(agent, dt.date(2025, 3, 1)))
    other_svc, other = service(world, "lobby02", march)
    assert other.branch_id != lobby.branch_id
    assert all(r.branch_id != branch(world) for r in other_svc.month_table(other, dt.date(2025, 3, 1)))
    assert lobby_svc.month_table(lobby, dt.date(2025, 5, 1)) == []
