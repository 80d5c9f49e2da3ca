"""The desktop's services for customers, messages and complaints, run as a member of staff's own PostgreSQL login.

Such a login may not read a raw ID number, phone number, e-mail address, street, account number or outbox
address (migration 0011): every statement below that touched one would fail with SQLSTATE 42501.  So these
tests prove that the 360° view, the reveal, customer editing, messaging, settling, complaint notices, the
ticket export and quick-create work from the masked columns and keys, and that what they write is complete
(raw value, mask and key together), read back as the owner.  One seeded database serves the module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from db.models import Call, OutboxMessage
from db.pii import email_columns, id_number_columns, mask_phone, phone_columns, phone_key
from db.write import write_txn
from services.audit import AuditTrail
from services.customer360 import Customer360Service
from services.identifiers import id_check_char
from services.mask_policy import RevealRefused, RevealService
from services.messaging import MessagingConfig, MessagingService, install_starter_templates
from services.permissions import PermissionDenied
from services.screenpop import QuickCreateRefused, ScreenPopService
from services.sync.records import RecordEditor, shown
from services.tickets import TicketConfig
from services.tickets.export import export_rows
from services.tickets.notices import notify_customer
from services.tickets.taxonomy import load_taxonomy
from tests.security.conftest import SecuredDatabase, run_refused, secured

pytestmark = pytest.mark.postgres
__all__ = ["secured"]  # the module's seeded database, with a login per seeded user

INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture(scope="module")
def db(secured: SecuredDatabase) -> SecuredDatabase:
    install_starter_templates(secured.owner)
    return secured


def _stored(db: Any, columns: dict[str, Any]) -> dict[str, Any]:
    """A column builder's output with its key as PostgreSQL stores it (peppered by the server)."""
    out = dict(columns)
    for name in ("id_number_key", "e164_key", "address_key"):
        if name in out:
            out[name] = owner_one(db, "SELECT cd_pii_key(:p) AS k", p=out[name]).k
    return out


def owner_one(db: SecuredDatabase, sql: str, **params: Any) -> Any:
    with db.owner.connect() as conn:
        return conn.execute(text(sql), params).one()


def a_customer_with_a_mobile(db: SecuredDatabase, *, skip: int = 0) -> Any:
    """(customer id, its primary mobile's row id and number) of a seeded customer with no SMS opt-out."""
    return owner_one(
        db,
        "SELECT c.id AS cid, p.id AS phone_id, p.e164 FROM customer c "
        "JOIN customer_phone p ON p.customer_id = c.id AND p.is_primary AND p.kind = 'mobile' "
        "WHERE NOT EXISTS (SELECT 1 FROM customer_consent k WHERE k.customer_id = c.id AND k.channel = 'sms' "
        "AND k.purpose = 'service' AND NOT k.granted) ORDER BY c.id OFFSET :skip LIMIT 1",
        skip=skip,
    )


# -- the login really cannot read raw values -------------------------------------------------------------------
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id_number FROM customer LIMIT 1",
        "SELECT e164 FROM customer_phone LIMIT 1",
        "SELECT address FROM customer_email LIMIT 1",
        "SELECT to_address FROM outbox_message LIMIT 1",
        "SELECT * FROM customer LIMIT 1",
    ],
)
def test_the_agent_login_cannot_read_raw_values(db: SecuredDatabase, sql: str) -> None:
    assert run_refused(db.login_engine("agent01"), sql) == INSUFFICIENT_PRIVILEGE


# -- the 360° view -----------------------------------------------------------------------------------------------
def test_the_360_view_reads_the_stored_masks(db: SecuredDatabase) -> None:
    found = a_customer_with_a_mobile(db)
    who = db.principal("agent01")
    service = Customer360Service(db.login_engine("agent01"), principal=who)
    header = service.header(found.cid)
    stored = owner_one(db, "SELECT id_number, id_number_masked FROM customer WHERE id = :c", c=found.cid)
    assert header.masked_id == stored.id_number_masked != stored.id_number
    assert header.masked_phones[0] == mask_phone(found.e164)
    assert service.primary_phone(found.cid) == found.phone_id  # click-to-call names the row
    products = service.products(found.cid)
    assert all("*" in p.masked_account for p in products)
    viewed = owner_one(
        db, "SELECT username, action FROM audit_log WHERE entity_id = :c ORDER BY id DESC LIMIT 1", c=str(found.cid)
    )
    assert tuple(viewed) == ("agent01", "customer_view")


# -- reveal through cd_reveal ------------------------------------------------------------------------------------
def test_reveal_as_a_supervisors_own_login_goes_through_cd_reveal(db: SecuredDatabase) -> None:
    engine = db.login_engine("super01")
    found = a_customer_with_a_mobile(db)
    raw_id = owner_one(db, "SELECT id_number FROM customer WHERE id = :c", c=found.cid).id_number
    who = dataclasses.replace(db.principal("super01"), workstation="WS-REVEAL")
    service = RevealService(engine, AuditTrail(), seconds=30)
    shown_id = service.reveal(who, found.cid, "id_number", "identity_check")
    assert shown_id.value == raw_id
    assert service.reveal(who, found.cid, "phone", "customer_request", item_id=found.phone_id).value == found.e164
    row = owner_one(db, "SELECT * FROM audit_log WHERE id = :i", i=shown_id.audit_id)
    assert (row.action, row.username, row.entity_id, row.workstation) == (
        "reveal",
        "super01",
        str(found.cid),
        "WS-REVEAL",
    )
    assert json.loads(row.detail)["reason"] == "identity_check" and raw_id not in row.detail
    with pytest.raises(RevealRefused):
        service.reveal(who, found.cid, "phone", "customer_request", item_id=-1)  # no such phone: nothing to show


def test_the_database_refuses_a_reveal_the_login_may_not_make(db: SecuredDatabase) -> None:
    """A principal claiming a role its login does not have gets past the role table, not past the database."""
    cid = a_customer_with_a_mobile(db).cid
    before = owner_one(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'").n
    claimed = dataclasses.replace(db.principal("agent01"), role="supervisor")
    with pytest.raises(PermissionDenied) as refused:
        RevealService(db.login_engine("agent01"), AuditTrail()).reveal(claimed, cid, "id_number", "identity_check")
    assert refused.value.permission == "customer.reveal" and refused.value.zh and refused.value.en
    assert owner_one(db, "SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'").n == before
    denied = owner_one(
        db, "SELECT username, detail FROM audit_log WHERE action = 'permission_denied' ORDER BY id DESC LIMIT 1"
    )
    assert denied.username == "agent01" and json.loads(denied.detail)["reason"] == "database"


# -- editing a customer ------------------------------------------------------------------------------------------
def test_editing_a_customer_never_reads_a_raw_value(db: SecuredDatabase) -> None:
    found = a_customer_with_a_mobile(db, skip=1)
    who = db.principal("agent01")
    editor = RecordEditor(db.login_engine("agent01"))
    loaded = editor.load(who, "customer", found.cid)
    assert shown(loaded["phone"]) == mask_phone(found.e164)
    renamed = editor.save(who, "customer", found.cid, loaded["version"], loaded, {**loaded, "occupation": "教师"})
    assert renamed.saved
    new_id = "11010519900307451" + id_check_char("11010519900307451")
    typed = {**loaded, "id_number": new_id, "phone": "13912345678", "email": "new.mail@example.com"}
    saved = editor.save(who, "customer", found.cid, renamed.version, loaded, typed)
    assert saved.saved
    customer = owner_one(db, "SELECT * FROM customer WHERE id = :c", c=found.cid)
    assert {k: customer._mapping[k] for k in ("id_number", "id_number_masked", "id_number_key", "id_tail")} == (
        _stored(db, id_number_columns(new_id))
    )
    phone = owner_one(db, "SELECT e164, e164_masked, e164_key FROM customer_phone WHERE id = :p", p=found.phone_id)
    assert dict(phone._mapping) == _stored(db, phone_columns("+8613912345678"))
    email = owner_one(
        db,
        "SELECT address, address_masked, address_key FROM customer_email WHERE customer_id = :c "
        "ORDER BY is_primary DESC, id LIMIT 1",
        c=found.cid,
    )
    assert dict(email._mapping) == _stored(db, email_columns("new.mail@example.com"))
    # the older form is refused: the version moved on
    stale = editor.save(who, "customer", found.cid, renamed.version, loaded, {**loaded, "phone": "13700000000"})
    assert not stale.saved and stale.conflict is not None and stale.conflict.field("phone").kind == "conflict"
    assert owner_one(db, "SELECT e164 FROM customer_phone WHERE id = :p", p=found.phone_id).e164 == "+8613912345678"


# -- messages ----------------------------------------------------------------------------------------------------
def messaging(db: SecuredDatabase, username: str) -> MessagingService:
    config = MessagingConfig(sms_from="+862160000000", smtp_from_address="service@bank.example")
    return MessagingService(db.login_engine(username), config)


def template(db: SecuredDatabase, code: str) -> int:
    return int(
        owner_one(
            db, "SELECT id FROM message_template WHERE code = :c AND locale = 'zh_CN' AND status = 'approved'", c=code
        ).id
    )


def test_a_message_names_the_phone_row_and_the_settling_keeps_it(db: SecuredDatabase) -> None:
    found = a_customer_with_a_mobile(db, skip=2)
    agent = db.principal("agent01")
    service = messaging(db, "agent01")
    recipient = service.recipient(agent, found.cid)
    assert recipient.channels["sms"].address == mask_phone(found.e164) and recipient.channels["sms"].usable
    tid = template(db, "card_loss_confirmation_sms")
    preview = service.preview(agent, found.cid, tid, {"card_tail": "1234"})
    assert preview.address == mask_phone(found.e164) and preview.blocked is None
    queued = service.send(agent, found.cid, tid, {"card_tail": "1234"}, "desk-login-" + secrets.token_hex(6))
    row = owner_one(db, "SELECT * FROM outbox_message WHERE id = :i", i=queued.outbox_id)
    assert row.to_address is None, "the desktop leaves the address to the gateway's sender"
    assert (row.to_phone_id, row.to_email_id, row.to_masked) == (found.phone_id, None, mask_phone(found.e164))
    assert service.customer_messages(agent, found.cid)[0].to_masked == mask_phone(found.e164)

    # the gateway could not tell whether it arrived: a supervisor sends it again, to the same phone row
    with db.owner.begin() as conn:
        conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == queued.outbox_id)
            .values(status="unknown", version=OutboxMessage.version + 1)
        )
    boss = db.principal("super01")
    settling = messaging(db, "super01")
    issue = next(i for i in settling.outbox_issues(boss) if i.id == queued.outbox_id)
    assert issue.recipient == mask_phone(found.e164)
    again = settling.send_again(boss, issue.id, issue.version, "again-" + secrets.token_hex(6))
    resent = owner_one(db, "SELECT * FROM outbox_message WHERE id = :i", i=again)
    assert (resent.to_address, resent.to_phone_id, resent.to_masked) == (None, found.phone_id, row.to_masked)
    assert resent.resend_of_id == queued.outbox_id


def test_a_complaint_notice_names_the_row_and_the_export_is_masked(db: SecuredDatabase) -> None:
    ticket = owner_one(
        db,
        "SELECT t.id, t.number, t.customer_id, t.version, t.assignee_id FROM ticket t "
        "JOIN customer_phone p ON p.customer_id = t.customer_id AND p.is_primary "
        "JOIN customer c ON c.id = t.customer_id AND c.preferred_channel <> 'email' "
        "WHERE t.assignee_id IS NOT NULL ORDER BY t.id LIMIT 1",
    )
    handler = owner_one(db, "SELECT username FROM app_user WHERE id = :u", u=ticket.assignee_id).username
    engine = db.login_engine(handler)
    ref = SimpleNamespace(id=ticket.id, number=ticket.number, customer_id=ticket.customer_id, version=ticket.version)
    deadline = dt.datetime(2026, 3, 17, 15, 59, tzinfo=dt.UTC)
    with write_txn(engine) as conn:
        outbox_id = notify_customer(
            conn, ref, "complaint_received", {"deadline": deadline}, config=TicketConfig(), actor_id=ticket.assignee_id
        )
    notice = owner_one(db, "SELECT * FROM outbox_message WHERE id = :i", i=outbox_id)
    phone = owner_one(
        db, "SELECT id, e164_masked FROM customer_phone WHERE customer_id = :c AND is_primary", c=ticket.customer_id
    )
    assert (notice.to_address, notice.to_phone_id, notice.to_masked, notice.status) == (
        None,
        phone.id,
        phone.e164_masked,
        "pending",
    )

    with engine.connect() as conn:
        rows = list(
            export_rows(
                conn,
                {"view": "mine", "include_closed": True},
                user_id=ticket.assignee_id,
                now=dt.datetime.now(dt.UTC),
                taxonomy=load_taxonomy(),
                language="en",
            )
        )
    mine = [r for r in rows[1:] if r[0] == ticket.number]
    assert len(mine) == 1
    raw_id = owner_one(db, "SELECT id_number FROM customer WHERE id = :c", c=ticket.customer_id).id_number
    assert raw_id not in str(rows) and phone.e164_masked in mine[0]


# -- quick-create: the caller's number goes to the new customer inside the database ---------------------------------
def unknown_call(db: SecuredDatabase, number: str, agent: str) -> int:
    agent_id = db.user_id(agent)
    with db.owner.begin() as conn:
        return int(
            conn.execute(
                insert(Call)
                .values(
                    call_sid="CA" + secrets.token_hex(16),
                    direction="inbound",
                    from_e164=number,
                    from_masked=mask_phone(number),
                    from_key=phone_key(number),
                    to_e164="+862160000000",
                    to_masked=mask_phone("+862160000000"),
                    match_result="none",
                    state="on_call",
                    received_at=dt.datetime.now(dt.UTC),
                    agent_id=agent_id,
                )
                .returning(Call.id)
            ).scalar_one()
        )


@pytest.mark.parametrize(
    ("number", "kind"),
    [("+8613987654321", "mobile"), ("+861087651234", "landline"), ("+8675587659876", "landline")],
)
def test_quick_create_gives_the_new_customer_the_callers_number(db: SecuredDatabase, number: str, kind: str) -> None:
    call_id = unknown_call(db, number, "agent01")
    service = ScreenPopService(db.login_engine("agent01"))
    id_number = "4403051990" + number[-7:]
    id_number += id_check_char(id_number)
    created = service.quick_create(
        call_id, db.user_id("agent01"), name="新客户", id_type="resident_id", id_number=id_number
    )
    assert created.customer_id is not None
    phone = owner_one(
        db, "SELECT e164, e164_masked, e164_key, kind, is_primary FROM customer_phone WHERE customer_id = :c",
        c=created.customer_id,
    )  # fmt: skip
    assert {k: phone._mapping[k] for k in ("e164", "e164_masked", "e164_key")} == _stored(db, phone_columns(number))
    assert (phone.kind, phone.is_primary) == (kind, True)
    with db.owner.connect() as conn:
        linked = conn.execute(select(Call.customer_id, Call.match_result).where(Call.id == call_id)).one()
    assert tuple(linked) == (created.customer_id, "one")


def test_an_agent_cannot_copy_the_number_of_someone_elses_call(db: SecuredDatabase) -> None:
    call_id = unknown_call(db, "+8613911112222", "super01")  # the call is the supervisor's
    service = ScreenPopService(db.login_engine("agent01"))
    with pytest.raises(QuickCreateRefused) as refused:  # PostgreSQL refused it (SQLSTATE 42501)
        service.quick_create(call_id, db.user_id("agent01"), name="冒名", id_type="passport", id_number="E12345678")
    assert getattr(refused.value.__cause__, "orig", None).sqlstate == INSUFFICIENT_PRIVILEGE  # type: ignore[union-attr]
    with db.owner.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM customer WHERE name = '冒名'")).scalar_one() == 0
        assert conn.execute(select(Call.customer_id).where(Call.id == call_id)).scalar() is None
