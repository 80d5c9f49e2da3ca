"""The values a template's catalogue variables take for a customer, read from the database.

:func:`customer_values` fills, for many customers in a few queries (campaigns) or for one (compose):

* customer — ``customer_name``, ``surname``, ``honorific`` (先生/女士, Mr/Ms; in English the name is in
  pinyin, surname first);
* deposit — the term deposit maturing next (or the one given): ``deposit_amount``, ``maturity_date``,
  ``deposit_product``, ``account_tail``;
* ticket — the complaint given, else the customer's latest open one: ``ticket_number``, ``deadline``;
* agent — ``agent_name`` of the person composing; branch — the customer's ``branch_name``,
  ``branch_address``, ``branch_phone``; ``bank_name`` from the settings.

Values the database does not have are left out, so that rendering names what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from db.models import Branch, Customer, Holding, Product, Ticket, User
from db.models.ticket import OPEN_TICKET_STATES

from .config import MessagingConfig

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "西门",
    }
)
CHUNK = 5000


def surname_of(name: str) -> str:
    """The family name of a Chinese name (compound surnames kept whole)."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def _pinyin_parts(name: str, pinyin: str) -> tuple[str, str]:
    syllables = pinyin.split()
    n = 2 if name[:2] in COMPOUND_SURNAMES else 1
    surname = "".join(syllables[:n]).capitalize()
    given = "".join(syllables[n:]).capitalize()
    return surname, f"{surname} {given}".strip()


def honorific(gender: str | None, locale: str) -> str:
    english = locale.startswith("en")
    if gender == "M":
        return "Mr" if english else "先生"
    if gender == "F":
        return "Ms" if english else "女士"
    return "" if english else "客户"


def customer_values(
    conn: Connection,
    customer_ids: Iterable[int],
    config: MessagingConfig,
    locale_of: dict[int, str] | str | None = None,
    *,
    need: set[str] | None = None,
    today: dt.date | None = None,
    ticket_id: int | None = None,
    holding_id: int | None = None,
    agent_id: int | None = None,
) -> dict[int, dict[str, Any]]:
    """Catalogue values by customer id.

    Args:
        locale_of: each customer's message locale (a dict), one locale for all, or None (their preference).
        need: the variable sources wanted (``customer``, ``deposit``, ``ticket``, ``agent``, ``branch``);
            None = all.  Campaigns pass only what their template uses.
        today: for "the deposit maturing next" (default: today in the bank's zone).
    """
    ids = list(dict.fromkeys(customer_ids))
    want = need if need is not None else {"customer", "deposit", "ticket", "agent", "branch"}
    today = today or dt.datetime.now(config.tz).date()
    out: dict[int, dict[str, Any]] = {}
    agent_name = None
    if "agent" in want and agent_id is not None:
        agent_name = conn.execute(select(User.display_name).where(User.id == agent_id)).scalar()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = conn.execute(
            select(
                Customer.id,
                Customer.name,
                Customer.name_pinyin,
                Customer.gender,
                Customer.preferred_language,
                Branch.name.label("branch_name"),
                Branch.address.label("branch_address"),
                Branch.phone.label("branch_phone"),
            )
            .join(Branch, Branch.id == Customer.branch_id)
            .where(Customer.id.in_(chunk))
        )
        for row in rows:
            if isinstance(locale_of, dict):
                locale = locale_of.get(row.id) or "zh_CN"
            else:
                locale = locale_of or ("en" if (row.preferred_language or "").startswith("en") else "zh_CN")
            english = locale.startswith("en")
            values: dict[str, Any] = {"bank_name": config.bank_name(locale)}
            if english:
                surname, full = _pinyin_parts(row.name, row.name_pinyin or "")
                values.update(customer_name=full, surname=surname)
            else:
                values.update(customer_name=row.name, surname=surname_of(row.name))
            values["honorific"] = honorific(row.gender, locale)
            if "branch" in want:
                values.update(branch_name=row.branch_name, branch_address=row.branch_address)
                if row.branch_phone:
                    values["branch_phone"] = row.branch_phone
            if agent_name:
                values["agent_name"] = agent_name
            out[int(row.id)] = values
        if "deposit" in want:
            _deposits(conn, chunk, out, today, holding_id)
        if "ticket" in want:
            _tickets(conn, chunk, out, ticket_id)
    return out


def _deposits(
    conn: Connection, ids: list[int], out: dict[int, dict[str, Any]], today: dt.date, holding_id: int | None
) -> None:
    query = (
        select(Holding.customer_id, Holding.balance, Holding.maturity_date, Holding.account_masked, Product.name)
        .join(Product, Product.id == Holding.product_id)
        .where(Holding.customer_id.in_(ids), Holding.kind == "term_deposit")
    )
    if holding_id is not None:
        query = query.where(Holding.id == holding_id)
    else:
        query = query.where(Holding.status == "active", Holding.maturity_date >= today)
    chosen: dict[int, Any] = {}
    for row in conn.execute(query.order_by(Holding.maturity_date, Holding.id)):
        chosen.setdefault(int(row.customer_id), row)
    for cid, row in chosen.items():
        if cid in out:
            out[cid].update(
                deposit_amount=row.balance,
                maturity_date=row.maturity_date,
                deposit_product=row.name,
                # The stored mask keeps the last 4 digits (**** 1234-001: the account is 1234).
                account_tail=str(row.account_masked).partition("-")[0][-4:],
            )


def _tickets(conn: Connection, ids: list[int], out: dict[int, dict[str, Any]], ticket_id: int | None) -> None:
    query = select(Ticket.customer_id, Ticket.number, Ticket.regulatory_deadline, Ticket.extended_deadline).where(
        Ticket.customer_id.in_(ids)
    )
    if ticket_id is not None:
        query = query.where(Ticket.id == ticket_id)
    else:
        query = query.where(Ticket.status.in_(OPEN_TICKET_STATES))
    chosen: dict[int, Any] = {}
    for row in conn.execute(query.order_by(Ticket.received_at.desc(), Ticket.id.desc())):
        chosen.setdefault(int(row.customer_id), row)
    for cid, row in chosen.items():
        if cid in out:
            out[cid]["ticket_number"] = row.number
            deadline = row.extended_deadline or row.regulatory_deadline
            if deadline is not None:
                out[cid]["deadline"] = deadline
