"""A branch's lobby set-up and its day: service types, counters, the local service day.

Numbers restart at the branch's local midnight, so "today" is always the branch's day (its ``timezone``),
never the desktop's or the server's.  :func:`ensure_branch_setup` gives a branch the standard service types
and counters the first time its lobby is used (an administrator changes them afterwards); it is idempotent
and safe when two desktops of one branch run it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select

from db.models import Branch, LobbyCounter, LobbyService, User
from db.write import aware, insert_ignore

from .types import Counter, LobbyError, ServiceType

DEFAULT_TIMEZONE = "Asia/Shanghai"
# A counter's desktop that has not been seen for this long has gone (crashed, unplugged): another desktop may
# take the counter over, and its customer being served is shown as such until then.
COUNTER_STALE_AFTER = dt.timedelta(seconds=90)


@dataclass(frozen=True)
class StandardService:
    code: str
    name_zh: str
    name_en: str
    prefix: str
    vip_only: bool
    minutes: int


# The service types every branch starts with (资料: 现金、非现金、个人贷款、理财、对公、贵宾室).
STANDARD_SERVICES: tuple[StandardService, ...] = (
    StandardService("cash", "现金业务", "Cash", "A", False, 6),
    StandardService("noncash", "非现金业务", "Non-cash", "B", False, 9),
    StandardService("loan", "个人贷款", "Personal loans", "C", False, 20),
    StandardService("wealth", "理财业务", "Wealth", "D", False, 15),
    StandardService("corporate", "对公业务", "Corporate", "E", False, 12),
    StandardService("vip", "贵宾室", "VIP room", "V", True, 12),
)

# Counters every branch starts with: (number, label, work profile, serves VIPs first).
STANDARD_COUNTERS: tuple[tuple[int, str, tuple[str, ...], bool], ...] = (
    (1, "1号窗口", ("cash", "noncash"), False),
    (2, "2号窗口", ("cash", "noncash"), False),
    (3, "3号窗口", ("noncash", "cash", "corporate"), False),
    (4, "4号窗口", ("corporate", "noncash"), False),
    (5, "理财室", ("wealth", "loan"), True),
    (6, "贵宾室", ("vip", "wealth"), True),
)


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def branch_zone(conn: Connection, branch_id: int) -> ZoneInfo:
    """The branch's time zone (Asia/Shanghai when it names none the machine knows)."""
    name = conn.execute(select(Branch.timezone).where(Branch.id == branch_id)).scalar()
    if name is None:
        raise LobbyError("no_branch", "网点不存在。", "There is no such branch.")
    return zone_named(str(name))


def service_day(zone: ZoneInfo, now: dt.datetime) -> dt.date:
    """The branch-local calendar day of ``now``: numbers restart when it changes."""
    return aware(now).astimezone(zone).date()


def day_bounds(zone: ZoneInfo, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The branch-local day as an aware UTC interval [start, end)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def ensure_branch_setup(conn: Connection, branch_id: int) -> bool:
    """Give the branch the standard service types and counters if it has none (True when it had none).

    Runs in the caller's write transaction; ``INSERT ... ON CONFLICT DO NOTHING`` makes it safe to run twice
    or from two desktops at once.
    """
    if conn.execute(select(LobbyService.id).where(LobbyService.branch_id == branch_id).limit(1)).first() is not None:
        return False
    services = LobbyService.__table__
    for sort, svc in enumerate(STANDARD_SERVICES):
        insert_ignore(
            conn,
            services,  # type: ignore[arg-type]
            {
                "branch_id": branch_id,
                "code": svc.code,
                "name_zh": svc.name_zh,
                "name_en": svc.name_en,
                "prefix": svc.prefix,
                "vip_only": svc.vip_only,
                "sort": sort,
                "default_minutes": svc.minutes,
                "slot_capacity": 2,
                "active": True,
                "version": 1,
            },
            ["branch_id", "code"],
        )
    counters = LobbyCounter.__table__
    for number, label, profile, vip in STANDARD_COUNTERS:
        insert_ignore(
            conn,
            counters,  # type: ignore[arg-type]
            {
                "branch_id": branch_id,
                "number": number,
                "label": label,
                "services": list(profile),
                "serves_vip": vip,
                "status": "closed",
                "version": 1,
            },
            ["branch_id", "number"],
        )
    return True


def _service(r: Any) -> ServiceType:
    return ServiceType(
        id=int(r.id),
        branch_id=int(r.branch_id),
        code=r.code,
        name_zh=r.name_zh,
        name_en=r.name_en,
        prefix=r.prefix,
        vip_only=bool(r.vip_only),
        sort=int(r.sort),
        default_minutes=int(r.default_minutes),
        slot_capacity=int(r.slot_capacity),
    )


def services_of(conn: Connection, branch_id: int, *, active_only: bool = True) -> list[ServiceType]:
    """The branch's service types in display order."""
    query = select(LobbyService.__table__).where(LobbyService.branch_id == branch_id)
    if active_only:
        query = query.where(LobbyService.active.is_(True))
    return [_service(r) for r in conn.execute(query.order_by(LobbyService.sort, LobbyService.code)).all()]


def service_named(conn: Connection, branch_id: int, code: str) -> ServiceType:
    """One active service type of the branch, or a clear refusal."""
    row = conn.execute(
        select(LobbyService.__table__).where(
            LobbyService.branch_id == branch_id, LobbyService.code == code, LobbyService.active.is_(True)
        )
    ).first()
    if row is None:
        raise LobbyError("no_service", f"本网点不办理“{code}”业务。", f"This branch offers no '{code}' service.")
    return _service(row)


def zone_and_service(conn: Connection, branch_id: int, code: str) -> tuple[ZoneInfo, ServiceType]:
    """The branch's time zone and one of its active service types, read together (issuing a number needs
    both); the same refusals as :func:`branch_zone` and :func:`service_named`."""
    s = LobbyService.__table__
    on = (s.c.branch_id == Branch.id) & (s.c.code == code) & s.c.active.is_(True)
    row = conn.execute(
        select(Branch.timezone.label("branch_timezone"), s).outerjoin(s, on).where(Branch.id == branch_id)
    ).first()
    if row is None:
        raise LobbyError("no_branch", "网点不存在。", "There is no such branch.")
    if row.id is None:
        raise LobbyError("no_service", f"本网点不办理“{code}”业务。", f"This branch offers no '{code}' service.")
    return zone_named(str(row.branch_timezone)), _service(row)


def counter_view(r: Any, now: dt.datetime) -> Counter:
    """A :class:`Counter` from a row of ``lobby_counter`` joined with the holder's ``display_name``."""
    seen = aware(r.seen_at)
    held = r.user_id is not None
    return Counter(
        id=int(r.id),
        branch_id=int(r.branch_id),
        number=int(r.number),
        label=r.label,
        services=tuple(r.services or ()),
        serves_vip=bool(r.serves_vip),
        status=r.status,
        user_id=r.user_id,
        user_name=getattr(r, "user_name", None),
        seen_at=seen,
        stale=held and (seen is None or now - seen > COUNTER_STALE_AFTER),
        version=int(r.version),
    )


def counters_of(conn: Connection, branch_id: int, now: dt.datetime) -> list[Counter]:
    """The branch's counters by number, with who holds each."""
    c = LobbyCounter.__table__
    query = (
        select(c, User.display_name.label("user_name"))
        .outerjoin(User, User.id == c.c.user_id)
        .where(c.c.branch_id == branch_id)
        .order_by(c.c.number)
    )
    return [counter_view(r, now) for r in conn.execute(query).all()]
