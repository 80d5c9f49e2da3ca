"""The starter templates shipped in ``resources/templates/``, installed as approved version 1.

Each file describes one message (``code``, ``purpose``, names, declared variables) with an SMS and an
e-mail variant in Chinese and English; it becomes four templates, coded ``<code>_sms`` and ``<code>_email``
per locale.  :func:`install_starter_templates` is idempotent: a (code, locale) that exists is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, insert, select

from db import feed
from db.models import MessageTemplate
from db.models.base import utcnow
from db.write import write_txn
from services.resource_files import resource_path

from .rendering import Renderer, TemplateSource
from .templates import TemplateDraft

FOLDER = ("templates",)


def starter_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or resource_path(*FOLDER)).glob("*.json"))


def starter_drafts(folder: Path | None = None) -> Iterator[TemplateDraft]:
    """Every starter template as a draft (code, channel, locale, texts)."""
    for path in starter_files(folder):
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        for channel in ("sms", "email"):
            for locale, parts in doc.get(channel, {}).items():
                yield TemplateDraft(
                    code=f"{doc['code']}_{channel}",
                    channel=channel,
                    locale=locale,
                    name=doc["name"][locale],
                    purpose=doc["purpose"],
                    body_text=parts["text"],
                    subject=parts.get("subject"),
                    body_html=parts.get("html"),
                    variables=dict(doc["variables"]),
                )


def install_starter_templates(engine: Engine, *, folder: Path | None = None) -> int:
    """Install the starters missing from the database as approved version 1; returns how many were added.

    Raises:
        TemplateProblem: a starter file holds a template that does not compile (a packaging error).
    """
    renderer = Renderer()
    drafts = list(starter_drafts(folder))
    for draft in drafts:
        renderer.validate(
            TemplateSource(
                draft.channel, draft.locale, draft.body_text, draft.subject, draft.body_html, draft.variables
            )
        )
    table: Table = MessageTemplate.__table__  # type: ignore[assignment]
    at = utcnow()
    added = 0
    with write_txn(engine) as conn:
        present = set(conn.execute(select(table.c.code, table.c.locale)).tuples())
        for draft in drafts:
            if (draft.code, draft.locale) in present:
                continue
            new_id = conn.execute(
                insert(table)
                .values(
                    code=draft.code,
                    channel=draft.channel,
                    locale=draft.locale,
                    version_no=1,
                    name=draft.name,
                    purpose=draft.purpose,
                    subject=draft.subject,
                    body_text=draft.body_text,
                    body_html=draft.body_html,
                    variables=draft.variables,
                    status="approved",
                    approved_at=at,
                    created_at=at,
                    updated_at=at,
                )
                .returning(table.c.id)
            ).scalar_one()
            feed.append(conn, "message_template", new_id, "installed")
            added += 1
    return added
