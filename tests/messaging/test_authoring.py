"""Authoring: versions, the author edits, a different approver approves, only approved versions are used."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog, ChangeFeed, MessageTemplate, OutboxMessage
from services.messaging import Conflict, NotAllowed, TemplateDraft, TemplateProblem
from services.permissions import PermissionDenied

from .world import World


def draft(**overrides: object) -> TemplateDraft:
    values: dict[str, object] = {
        "code": "visit_reminder_sms",
        "channel": "sms",
        "locale": "zh_CN",
        "name": "到访提醒",
        "purpose": "service",
        "body_text": "【{{ bank_name }}】{{ customer_name }}{{ honorific }}，"
        "欢迎于{{ appointment_time|datetime }}到{{ branch_name }}。",
        "variables": {
            "bank_name": "text",
            "customer_name": "text",
            "honorific": "text",
            "appointment_time": "datetime",
            "branch_name": "text",
        },
    }
    values.update(overrides)
    return TemplateDraft(**values)  # type: ignore[arg-type]


def test_four_eyes_approval(world: World) -> None:
    s = world.service
    tid = s.create_template(world.author_p, draft())
    t = s.template(tid)
    assert (t.status, t.version_no, t.author_id) == ("draft", 1, world.author)
    with pytest.raises(NotAllowed):  # not approved: cannot be used
        s.preview(world.agent_p, world.zhang, tid)
    with pytest.raises(NotAllowed):  # only the author edits a draft
        s.edit_draft(world.approver_p, tid, t.version, draft(name="改名"))
    with pytest.raises(PermissionDenied):  # agents do not author
        s.edit_draft(world.agent_p, tid, t.version, draft(name="改名"))
    version = s.edit_draft(world.author_p, tid, t.version, draft(body_text="{{ customer_name }\n"))
    with pytest.raises(TemplateProblem) as caught:  # a broken draft cannot be submitted
        s.submit(world.author_p, tid, version)
    assert caught.value.line == 1
    version = s.edit_draft(world.author_p, tid, version, draft())
    with pytest.raises(Conflict):  # a stale version is refused
        s.submit(world.author_p, tid, version - 1)
    version = s.submit(world.author_p, tid, version)
    with pytest.raises(NotAllowed) as same:  # the author cannot approve their own version
        s.approve(world.author_p, tid, version)
    assert "另一位" in same.value.zh and "another approver" in same.value.en
    with pytest.raises(PermissionDenied):  # an agent lacks template.approve
        s.approve(world.agent_p, tid, version)
    s.approve(world.approver_p, tid, version)
    t = s.template(tid)
    assert (t.status, t.approver_id) == ("approved", world.approver) and t.approved_at is not None
    with world.engine.connect() as conn:
        refusals = conn.execute(select(AuditLog.detail).where(AuditLog.action == "permission_denied")).scalars().all()
        actions = set(conn.execute(select(AuditLog.action)).scalars())
        feed = conn.execute(select(ChangeFeed.action).where(ChangeFeed.entity == "message_template")).scalars().all()
    assert any('"four_eyes"' in (d or "") for d in refusals)
    assert {"template_create", "template_edit", "template_submit", "template_approve"} <= actions
    assert "approved" in feed


def test_new_version_retires_the_old_one_and_sent_messages_keep_their_version(world: World) -> None:
    s = world.service
    v1 = world.template_id("card_loss_confirmation_sms")
    first = s.send(world.agent_p, world.zhang, v1, {"card_tail": "1234"}, token="token-version-1")
    v2 = s.new_version(world.author_p, v1)
    with pytest.raises(NotAllowed):  # one open draft per template
        s.new_version(world.author_p, v1)
    t2 = s.template(v2)
    assert (t2.version_no, t2.status, t2.body_text) == (2, "draft", s.template(v1).body_text)
    changed = draft(code=t2.code, name=t2.name, body_text=t2.body_text + "（新版）", variables=t2.variables)
    version = s.edit_draft(world.author_p, v2, t2.version, changed)
    version = s.submit(world.author_p, v2, version)
    s.approve(world.approver_p, v2, version)
    assert s.template(v1).status == "retired"
    assert world.template_id("card_loss_confirmation_sms") == v2
    with pytest.raises(NotAllowed):  # the retired version can no longer be used
        s.send(world.agent_p, world.zhang, v1, {"card_tail": "1234"}, token="token-version-1b")
    second = s.send(world.agent_p, world.zhang, v2, {"card_tail": "1234"}, token="token-version-2")
    with world.engine.connect() as conn:
        rows = dict(conn.execute(select(OutboxMessage.id, OutboxMessage.template_id)).tuples().all())
        numbers = dict(conn.execute(select(MessageTemplate.id, MessageTemplate.version_no)).tuples().all())
    assert numbers[rows[first.outbox_id]] == 1 and numbers[rows[second.outbox_id]] == 2
    s.retire(world.approver_p, v2, s.template(v2).version)
    assert s.usable_templates(channel="sms", purpose="service") and all(
        t.code != "card_loss_confirmation_sms" or t.locale != "zh_CN" for t in s.usable_templates()
    )


def test_starters_are_installed_once(world: World) -> None:
    from services.messaging import install_starter_templates

    assert install_starter_templates(world.engine) == 0
    from services.messaging.starters import starter_files

    usable = world.service.usable_templates()
    assert len(usable) == len(starter_files()) * 4  # SMS and e-mail, Chinese and English
    assert all(t.status == "approved" and t.version_no == 1 for t in usable)


def test_editor_feedback(world: World) -> None:
    s = world.service
    source = draft(body_text="{{ customer_name }}\n{{ nonsense }}\n{% if %}").variables
    from services.messaging import TemplateSource

    problems = s.check_source(TemplateSource("sms", "zh_CN", "{{ customer_name }}\n{{ nonsense }}", variables=source))
    assert [(p.kind, p.line) for p in problems] == [("unknown", 2)]
    preview = s.editor_preview(
        TemplateSource(
            "sms",
            "en",
            "Dear {{ honorific }} {{ surname }} ({{ customer_name }})",
            variables=source | {"surname": "text"},
        ),
        world.zhang,
        {},
    )
    assert preview.text == "Dear Mr Zhang (Zhang Wei)"
    assert s.segments("中文短信").encoding == "UCS-2"
