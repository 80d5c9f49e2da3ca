"""E-mail through a real SMTP server (aiosmtpd on loopback): multipart text + HTML, Chinese headers, Message-ID;
refusals fail, dropped connections retry, a lost final reply is unknown (never resent)."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from db.models import Interaction, OutboxMessage
from gateway.mail_sender import MailSender
from gateway.outbox_sender import OutboxSender
from gateway.serve import bind

from .world import World


class Inbox:
    """An aiosmtpd handler keeping what it receives; ``refuse_rcpt`` / ``stall`` simulate unwilling servers."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.refuse_rcpt: str | None = None
        self.data_reply = "250 OK"
        self.stall = 0.0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall:
            await asyncio.sleep(self.stall)
        self.received.append(envelope)
        return self.data_reply


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    sock = bind()
    port = sock.getsockname()[1]
    sock.close()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def sender_for(world: World, port: int, *, timeout: float = 5.0) -> OutboxSender:
    config = dataclasses.replace(world.service.config, email_per_second=1000.0)

    def mail() -> MailSender:
        return MailSender(
            "127.0.0.1",
            port,
            security="none",
            from_address="service@bank.example",
            from_name="示范银行客服中心",
            timeout=timeout,
        )

    return OutboxSender(world.engine, config, mail=mail, maintenance_every=3600.0)


def queue_ack(world: World, token: str = "dialog-mail-1") -> int:
    tid = world.template_id("complaint_acknowledgement_email")
    return world.service.send(world.agent_p, world.zhang, tid, {}, token=token).outbox_id


def row(world: World, outbox_id: int) -> Any:
    with world.engine.connect() as conn:
        return conn.execute(select(OutboxMessage.__table__).where(OutboxMessage.id == outbox_id)).one()


def test_multipart_mail_with_chinese_headers_arrives_and_its_message_id_is_kept(
    sqlite_world: World, inbox: tuple[Inbox, int]
) -> None:
    handler, port = inbox
    world = sqlite_world
    outbox_id = queue_ack(world)
    sender = sender_for(world, port)
    assert sender.drain() == 1
    sender.stop()
    (envelope,) = handler.received
    assert envelope.mail_from == "service@bank.example" and envelope.rcpt_tos == ["zhang.wei@example.com"]
    raw = envelope.original_content
    assert raw.isascii()  # every header encoded, bodies transfer-encoded
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "投诉受理回执（编号TS20260310001）"
    assert "=?utf-8?" in raw.decode("ascii").split("\r\n\r\n", 1)[0].lower()
    sender_address = message["From"].addresses[0]
    assert (sender_address.display_name, sender_address.addr_spec) == ("示范银行客服中心", "service@bank.example")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "尊敬的张伟先生" in text.get_content() and "TS20260310001" in text.get_content()
    assert "<p>尊敬的张伟先生：</p>" in html.get_content()
    stored = row(world, outbox_id)
    assert stored.status == "sent" and stored.provider_id == message["Message-ID"]
    assert message["Message-ID"].startswith("<") and "@bank.example>" in message["Message-ID"]
    with world.engine.connect() as conn:
        assert (
            conn.execute(select(Interaction.disposition).where(Interaction.outbox_id == outbox_id)).scalar() == "sent"
        )


def test_a_refused_recipient_fails(sqlite_world: World, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.refuse_rcpt = "550 5.1.1 No such user"
    outbox_id = queue_ack(sqlite_world)
    sender = sender_for(sqlite_world, port)
    sender.drain()
    sender.stop()
    stored = row(sqlite_world, outbox_id)
    assert (stored.status, stored.error_code) == ("failed", "550") and "No such user" in stored.error_message


def test_a_busy_server_and_a_closed_port_are_retried(sqlite_world: World, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.refuse_rcpt = "451 4.3.0 try later"
    first = queue_ack(sqlite_world)
    sender = sender_for(sqlite_world, port)
    sender.drain()
    sender.stop()
    stored = row(sqlite_world, first)
    assert (stored.status, stored.error_code) == ("pending", "451") and stored.not_before is not None
    closed = bind()
    dead_port = closed.getsockname()[1]
    closed.close()
    second = queue_ack(sqlite_world, "dialog-mail-2")
    sender = sender_for(sqlite_world, dead_port)
    sender.drain()
    sender.stop()
    stored = row(sqlite_world, second)
    assert (stored.status, stored.error_code) == ("pending", "smtp_connect") and handler.received == []


def test_a_lost_final_reply_is_unknown_and_not_resent(sqlite_world: World, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.stall = 2.0  # the server takes the text, then answers after the client gave up
    outbox_id = queue_ack(sqlite_world)
    sender = sender_for(sqlite_world, port, timeout=0.5)
    sender.drain()
    sender.stop()
    stored = row(sqlite_world, outbox_id)
    assert (stored.status, stored.error_code) == ("unknown", "smtp_lost")
    assert stored.provider_id  # the Message-ID it went with, for a person to check
    sender = sender_for(sqlite_world, port)
    assert sender.drain() == 0  # unknown e-mail is never picked up again
    sender.stop()


def test_an_invalid_address_is_never_used(sqlite_world: World) -> None:
    from sqlalchemy import update

    from db.models import CustomerEmail
    from db.pii import email_columns

    with sqlite_world.engine.begin() as conn:
        conn.execute(update(CustomerEmail).values(**email_columns("zhang.wei@@example")))
    tid = sqlite_world.template_id("complaint_acknowledgement_email")
    assert sqlite_world.service.preview(sqlite_world.agent_p, sqlite_world.zhang, tid).blocked == "no_address"
