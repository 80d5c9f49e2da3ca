"""CSV and XLSX export of a ticket list, with every identifier masked.

The customer's name keeps the surname (``张**``), the ID number its first 3 and last 4 characters, the
phone number the mobile prefix and last 4 digits: the masks the database stores beside them (:mod:`db.pii`),
since the export never reads a raw identifier.  Free text
(summary, decision) is scrubbed too: any run of 7 or more digits (phone, ID, card or account numbers) keeps
only its last 4, and e-mail addresses are masked.  Cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, select

from db.models import Customer, CustomerPhone

from .. import masking
from . import queries
from .calendar import as_utc
from .taxonomy import Taxonomy
from .workflow import STATE_LABELS

MAX_EXPORT_ROWS = 200_000
HEADERS = (
    ("编号", "Number"),
    ("类型", "Kind"),
    ("类别", "Category"),
    ("严重程度", "Severity"),
    ("状态", "Status"),
    ("渠道", "Channel"),
    ("客户", "Customer"),
    ("证件号码", "ID number"),
    ("联系电话", "Phone"),
    ("受理时间", "Received"),
    ("处理期限", "Deadline"),
    ("剩余小时", "Hours left"),
    ("已超时", "Breached"),
    ("处理人", "Handler"),
    ("摘要", "Summary"),
    ("处理结果", "Outcome"),
)
_LONG_DIGITS = re.compile(r"(?<!\d)\d{7,}(?!\d)|(?<![\w.])\d{6}[\dXx*]{8,12}(?!\w)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def mask_name(name: str | None) -> str:
    """``张三`` → ``张*``, ``欧阳晓明`` → ``欧阳**``, ``Zhang San`` → ``Z*** S**``."""
    if not name:
        return ""
    if name.isascii():
        return " ".join(w[:1] + "*" * (len(w) - 1) for w in name.split())
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * (len(name) - keep)


def scrub_text(text: str | None) -> str:
    """Mask identifiers inside free text."""
    if not text:
        return ""
    text = _EMAIL.sub(lambda m: masking.mask_email(m.group()), text)
    return _LONG_DIGITS.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_rows(
    conn: Connection,
    criteria: dict[str, Any],
    *,
    user_id: int | None,
    now: dt.datetime,
    taxonomy: Taxonomy,
    language: str = "zh_CN",
    tz: str = "Asia/Shanghai",
    scope: ColumnElement[bool] | None = None,
) -> Iterator[list[Any]]:
    """The header and then one masked row per ticket the filter selects (at most 200,000).

    ``scope`` limits the rows further (``permissions.ticket_scope`` of the person exporting).
    """
    zh = language.startswith("zh")
    zone = ZoneInfo(tz)
    yield [h[0] if zh else h[1] for h in HEADERS]
    phone = (
        select(CustomerPhone.e164_masked)
        .where(CustomerPhone.customer_id == queries.T.c.customer_id)
        .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        .limit(1)
        .scalar_subquery()
        .label("phone")
    )
    extra = (Customer.id_number_masked, phone, queries.T.c.outcome)
    query = queries.filter_query(criteria, user_id=user_id, now=now, extra_columns=extra, tz=tz)
    if scope is not None:
        query = query.where(scope)
    query = query.limit(MAX_EXPORT_ROWS)
    now = as_utc(now)

    def local(v: dt.datetime | None) -> str:
        return f"{as_utc(v).astimezone(zone):%Y-%m-%d %H:%M}" if v is not None else ""

    for r in conn.execution_options(yield_per=2000).execute(query):
        row = queries.to_row(r, now)
        state = STATE_LABELS.get(row.status, (row.status, row.status))
        yield [
            _cell(v)
            for v in (
                row.number,
                row.kind,
                taxonomy.label(row.category, language),
                row.severity,
                state[0] if zh else state[1],
                row.intake_channel,
                mask_name(row.customer_name),
                r.id_number_masked or "",
                r.phone or "",
                local(row.received_at),
                local(row.due_at),
                round(row.remaining_s / 3600, 1) if row.remaining_s is not None else "",
                ("是" if zh else "yes") if row.breached else "",
                row.assignee_name or "",
                scrub_text(row.summary),
                r.outcome or "",
            )
        ]


def write_csv(rows: Iterator[list[Any]], path: Path) -> int:
    """Write rows as UTF-8 CSV with a BOM (so Excel reads Chinese correctly); returns the data row count."""
    count = -1
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow(row)
            count += 1
    tmp.replace(path)
    return max(count, 0)


def write_xlsx(rows: Iterator[list[Any]], path: Path, *, sheet: str = "Tickets") -> int:
    """Write rows to an XLSX workbook (streaming); returns the data row count."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    count = -1
    for row in rows:
        ws.append(row)
        count += 1
    tmp = path.with_suffix(path.suffix + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return max(count, 0)
