"""Contact history: interactions on every channel over the last two to three years, and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from db.models.contact import CHANNELS

from . import catalog, texts
from .columns import NULL_STAMP, Batch, Const, Int, Stamp, Text, batch
from .contacts import Alloc
from .holdings import Maturing
from .identity import BEIJING_OFFSET
from .people import People, tier_of
from .tickets import DAY, HOUR, Intake, now_stamp
from .world import EPOCH, World

HISTORY_DAYS = 1000
BASE_CONTACTS = np.array([6.2, 8.0, 10.0, 12.0, 14.0, 16.0])  # per VIP level
LIFECYCLE_CONTACTS = np.array([0.3, 0.5, 1.0, 1.2, 1.0, 0.25, 1.3])
CHANNEL_P = np.array(
    [
        [0.30, 0.07, 0.27, 0.05, 0.15, 0.13, 0.01, 0.02],  # mass and affluent
        [0.20, 0.18, 0.15, 0.07, 0.14, 0.12, 0.08, 0.06],  # gold and above
    ]
)
HOURS = np.array([(8.5, 20), (9, 18), (8, 21), (7, 23), (7, 23), (9, 17), (9.5, 17), (14, 16)])
CH = {name: i for i, name in enumerate(CHANNELS)}


def interaction_batch(world: World, p: People, rng: np.random.Generator, alloc: Alloc, intake: Intake) -> Batch:
    org = world.org
    tpl = world.templates
    today = world.today_day
    vip = np.array([t[2] for t in catalog.TIERS])[tier_of(p.aum_cents)]
    counts = rng.poisson(BASE_CONTACTS[vip] * LIFECYCLE_CONTACTS[p.lifecycle])
    person = np.repeat(np.arange(p.n), counts)
    m = len(person)
    start = np.minimum(np.maximum(p.since_day, today - HISTORY_DAYS), today - 1)[person]
    u = rng.random((m, 4))
    day = start + (u[:, 0] * (today - start)).astype(np.int64)
    group = (vip[person] >= 2).astype(np.int64)
    cdf = np.cumsum(CHANNEL_P, axis=1)[group]
    channel = np.minimum((u[:, 1:2] > cdf).sum(axis=1), len(CHANNELS) - 1)
    lo, hi = HOURS[channel, 0], HOURS[channel, 1]
    tod = ((lo + u[:, 2] * (hi - lo)) * HOUR).astype(np.int64)
    stamp = day * DAY + tod - BEIJING_OFFSET
    row = tpl.channel_start[channel] + (u[:, 3] * tpl.channel_count[channel]).astype(np.int64)
    direction = tpl.direction[row]

    branch = p.branch[person]
    pick = rng.random(m)
    cm_first = np.array([int(s[0]) for s in org.managers_of_branch])
    cm_count = np.array([len(s) for s in org.managers_of_branch])
    manager = p.manager[person]
    manager = np.where(manager > 0, manager, cm_first[branch] + (pick * cm_count[branch]).astype(np.int64))
    agent = org.agents[(pick * len(org.agents)).astype(np.int64)]
    user = np.zeros(m, dtype=np.int64)
    user[channel == CH["call_in"]] = agent[channel == CH["call_in"]]
    wechat_in = (channel == CH["wechat"]) & (direction == "in")
    user[wechat_in] = agent[wechat_in]
    personal = np.isin(channel, [CH["call_out"], CH["visit"], CH["event"]])
    user[personal] = manager[personal]
    lobby = channel == CH["branch_visit"]
    user[lobby] = org.lobby_of_branch[branch[lobby]]
    at_branch = np.isin(channel, [CH["branch_visit"], CH["visit"], CH["event"]])

    k = len(intake.person)
    i_person = np.array(intake.person, dtype=np.int64)
    all_person = np.concatenate([person, i_person])
    all_stamp = np.concatenate([stamp, np.array(intake.stamp, dtype=np.int64)])
    order = np.lexsort((all_stamp, all_person))
    size = m + k
    channels = np.array(CHANNELS, dtype=object)

    def merged(generated: np.ndarray, extra: Sequence[Any]) -> np.ndarray:
        out = np.empty(size, dtype=generated.dtype)
        out[:m] = generated
        out[m:] = extra
        return out[order]

    i_channel = [CH[c] for c in intake.channel]
    i_branch = [
        int(p.branch[i]) + 1 if c == "branch_visit" else 0 for i, c in zip(intake.person, intake.channel, strict=True)
    ]
    return batch(
        "interaction",
        size,
        id=Int(alloc("interaction", size)),
        customer_id=Int(p.ids[all_person[order]]),
        channel=Text(channels[merged(channel, i_channel)]),
        direction=Text(merged(direction, ["in"] * k)),
        occurred_at=Stamp(all_stamp[order]),
        user_id=Int(merged(user, intake.user), zero_is_null=True),
        subject=Text(merged(tpl.subject[row], intake.subject)),
        summary=Text(merged(tpl.summary[row], intake.summary)),
        disposition=Text(merged(tpl.disposition[row], intake.disposition)),
        call_id=Const(None),
        outbox_id=Const(None),
        ticket_id=Int(merged(np.zeros(m, dtype=np.int64), intake.ticket), zero_is_null=True),
        branch_id=Int(merged(np.where(at_branch, branch + 1, 0), i_branch), zero_is_null=True),
    )


def _next_birthdays(birth_day: np.ndarray, today_day: int) -> np.ndarray:
    born = np.asarray(birth_day, dtype=np.int64).astype("datetime64[D]")
    born_month = born.astype("datetime64[M]")
    month_of_year = born_month.astype(np.int64) % 12
    day_of_month = (born - born_month.astype("datetime64[D]")).astype(np.int64)
    today = np.datetime64(int(today_day), "D")
    year = today.astype("datetime64[Y]").astype(np.int64)

    def on(y: int) -> np.ndarray:
        month = (np.int64(y) * 12 + month_of_year).astype("datetime64[M]")
        last = (month + 1).astype("datetime64[D]") - 1
        return np.minimum(month.astype("datetime64[D]") + day_of_month, last)  # 29 Feb -> 28 Feb

    nxt = on(year)
    nxt = np.where(nxt < today, on(year + 1), nxt)
    return nxt.astype(np.int64)  # type: ignore[no-any-return]


def reminder_batch(world: World, p: People, rng: np.random.Generator, alloc: Alloc, maturing: Maturing) -> Batch:
    org = world.org
    today = world.today_day
    now = now_stamp(world)
    morning = 9 * HOUR - BEIJING_OFFSET
    rows: list[tuple[int, str, str, str, int, int, int, int, int, int]] = []
    # (person, kind, title, body, due, done, created, creator, assignee, holding)
    names = world.products.name
    for hid, i, prod, cents, day, acct in zip(
        maturing.holding_id.tolist(),
        maturing.person.tolist(),
        maturing.product.tolist(),
        maturing.cents.tolist(),
        maturing.day.tolist(),
        maturing.account_no,
        strict=True,
    ):
        due = max(day - 7, today) * DAY + morning
        date = EPOCH + dt.timedelta(days=day)
        body = (
            f"{p.names[i]}的{names[prod]}（账号尾号{acct.split('-')[0][-4:]}）¥{cents / 100:,.2f}"
            f"将于{date.month}月{date.day}日到期，请联系客户办理续存或转存。"
        )
        created = min(due - 30 * DAY, now - DAY)
        rows.append(
            (i, "deposit_maturity", "定期存款到期提醒", body, due, NULL_STAMP, created, 0, int(p.manager[i]), hid)
        )
    nxt = _next_birthdays(p.birth_day, today)
    soon = np.flatnonzero((nxt - today < 30) & ~p.prospect)
    for i, day in zip(soon.tolist(), nxt[soon].tolist(), strict=True):
        date = EPOCH + dt.timedelta(days=day)
        born = EPOCH + dt.timedelta(days=int(p.birth_day[i]))
        title = f"客户生日：{date.month}月{date.day}日"
        body = f"{p.names[i]}将于{date.month}月{date.day}日迎来{date.year - born.year}岁生日，可送上生日祝福。"
        rows.append((i, "birthday", title, body, day * DAY + morning, NULL_STAMP, now - DAY, 0, int(p.manager[i]), 0))
    chosen = np.flatnonzero((rng.random(p.n) < 0.04) & ~p.prospect)
    u = rng.random((len(chosen), 4))
    cm_first = np.array([int(s[0]) for s in org.managers_of_branch])
    cm_count = np.array([len(s) for s in org.managers_of_branch])
    for i, r in zip(chosen.tolist(), u, strict=True):
        kind, title, body = texts.FOLLOW_UPS[int(r[0] * len(texts.FOLLOW_UPS))]
        b = int(p.branch[i])
        owner = int(p.manager[i]) or int(cm_first[b] + int(r[1] * cm_count[b]))
        due = (today + int(r[2] * 30) - 10) * DAY + int((10 + r[3] * 7) * HOUR) - BEIJING_OFFSET
        created = min(due - int((1 + r[1] * 9) * DAY), now - HOUR)
        done = due + int(r[3] * 2 * DAY) if due < now - DAY and r[0] < 0.6 else NULL_STAMP
        if done != NULL_STAMP:
            done = min(done, now - HOUR)
        rows.append((i, kind, title, body, due, done, created, owner, owner, 0))
    rows.sort(key=lambda r: (r[0], r[4]))
    size = len(rows)
    cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in range(10)]
    person = np.array(cols[0], dtype=np.int64)
    created_at = np.array(cols[6], dtype=np.int64)
    done_at = np.array(cols[5], dtype=np.int64)
    return batch(
        "reminder",
        size,
        id=Int(alloc("reminder", size)),
        version=Const(1),
        created_at=Stamp(created_at),
        updated_at=Stamp(np.where(done_at != NULL_STAMP, done_at, created_at)),
        customer_id=Int(p.ids[person]),
        kind=Text(list(cols[1])),
        title=Text(list(cols[2])),
        body=Text(list(cols[3])),
        due_at=Stamp(np.array(cols[4], dtype=np.int64)),
        done_at=Stamp(done_at),
        created_by_id=Int(np.array(cols[7], dtype=np.int64), zero_is_null=True),
        assigned_to_id=Int(np.array(cols[8], dtype=np.int64), zero_is_null=True),
        holding_id=Int(np.array(cols[9], dtype=np.int64), zero_is_null=True),
        branch_id=Int(p.branch[person] + 1),
    )
