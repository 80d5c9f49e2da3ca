"""Identity checks of a flow: the agent types what the caller says, the service says whether it matches.

The expected value never leaves this module: :func:`verify` answers True (matches), False (does not) or None
(the record holds nothing to check against).  Checks (:data:`CHECKS`, the names flows use):

* ``id_tail4`` — the last four characters of the ID number;
* ``birth_date`` — the date of birth (``1980-03-05``, ``19800305``, ``1980/3/5``, ``1980年3月5日``);
* ``recent_transaction`` — roughly how much went in or out of the customer's accounts in the latest month
  with any activity (``monthly_aggregate``): the amount given matches when within 10 % (at least 1 yuan)
  of that month's total in or total out.  The bank's data set holds monthly figures, not single
  transactions: this is the nearest honest question it can answer.

Where it is compared:

* **PostgreSQL, a member of staff's own login** — a desktop cannot read the raw ID number (migration 0011),
  so the comparison runs in the database: ``cd_identity_check(customer_id, kind, answer)``, a SECURITY
  DEFINER function (:mod:`db.pg_security`) that also refuses customers the caller may not see.
* **SQLite, or the owner's / gateway's login** — compared here, from the columns any desktop may read
  (``customer.id_tail``, ``customer.birth_date``, ``monthly_aggregate``).

Both compare the same normalised answer (:func:`normalise`), so they agree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, select, text

from db.models import Customer, MonthlyAggregate
from services.dblogin import is_staff_login

CHECKS = ("id_tail4", "birth_date", "recent_transaction")
LABELS: dict[str, tuple[str, str]] = {
    "id_tail4": ("证件号码后四位", "last four characters of the ID number"),
    "birth_date": ("出生日期", "date of birth"),
    "recent_transaction": ("最近一个月的转入或转出总额（约数）", "roughly the total paid in or out last month"),
}
TOLERANCE = Decimal("0.10")
MIN_TOLERANCE = Decimal("1")
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_SQL_CHECK = text("SELECT cd_identity_check(CAST(:cid AS bigint), CAST(:kind AS text), CAST(:answer AS text))")


def normalise(kind: str, answer: Any) -> str | None:
    """The answer in the one form both comparisons use; None when it cannot be an answer of ``kind``.

    ``id_tail4``: four letters or digits, upper-case.  ``birth_date``: ``YYYY-MM-DD``.
    ``recent_transaction``: a plain decimal (``12345.60``), not negative.
    """
    if answer is None:
        return None
    value = str(answer).strip().replace(" ", "").replace("\u3000", "")
    if not value:
        return None
    if kind == "id_tail4":
        value = value.upper()
        return value if len(value) == 4 and value.isascii() and value.isalnum() else None
    if kind == "birth_date":
        if isinstance(answer, dt.date):
            return answer.isoformat()
        for form in _DATE_FORMS:
            found = form.match(value)
            if found:
                try:
                    return dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
                except ValueError:
                    return None
        return None
    if kind == "recent_transaction":
        value = value.replace(",", "").replace("，", "").removesuffix("元").removeprefix("¥").removeprefix("￥")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return None
        if not amount.is_finite() or amount < 0 or amount > Decimal("1e15"):
            return None
        return str(amount.quantize(Decimal("0.01")))
    raise ValueError(f"unknown identity check {kind!r}")


def verify(conn: Connection, customer_id: int, kind: str, answer: Any) -> bool | None:
    """Whether ``answer`` matches the customer's record (None: nothing on record to check against).

    An answer that cannot be of the kind (five digits for ``id_tail4``, a date that does not exist) is
    simply False.  Raises ValueError for an unknown ``kind`` (a flow that passed validation names none).
    """
    if kind not in CHECKS:
        raise ValueError(f"unknown identity check {kind!r}")
    value = normalise(kind, answer)
    if value is None:
        return False
    if is_staff_login(conn):
        found = conn.execute(_SQL_CHECK, {"cid": customer_id, "kind": kind, "answer": value}).scalar()
        return None if found is None else bool(found)
    return _compare(conn, customer_id, kind, value)


def _compare(conn: Connection, customer_id: int, kind: str, value: str) -> bool | None:
    if kind in ("id_tail4", "birth_date"):
        row = conn.execute(select(Customer.id_tail, Customer.birth_date).where(Customer.id == customer_id)).first()
        if row is None:
            return None
        if kind == "id_tail4":
            # id_tail holds the last six characters reversed (db.pii.id_tail).
            last4 = (row.id_tail or "")[:4][::-1]
            return None if len(last4) < 4 else last4.upper() == value
        return None if row.birth_date is None else row.birth_date.isoformat() == value
    latest = conn.execute(
        select(MonthlyAggregate.txn_in, MonthlyAggregate.txn_out)
        .where(MonthlyAggregate.customer_id == customer_id, MonthlyAggregate.txn_count > 0)
        .order_by(MonthlyAggregate.month.desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    amount = Decimal(value)
    return any(_close(amount, Decimal(total)) for total in (latest.txn_in, latest.txn_out) if total is not None)


def _close(amount: Decimal, total: Decimal) -> bool:
    if total <= 0:
        return False
    return abs(amount - total) <= max(total * TOLERANCE, MIN_TOLERANCE)
