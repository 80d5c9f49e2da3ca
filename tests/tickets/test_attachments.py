"""Attachments: size limit, extension and content checks, virus-scan hook, SHA-256, nothing written on refusal."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import ChangeFeed, TicketAttachment, TicketEvent
from services.tickets import AttachmentRejected, NotAllowed, TicketConfig
from services.tickets.attachments import content_matches
from services.tickets.scanning import ScanResult

from .conftest import World

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 24
MP3 = b"ID3\x04\x00" + b"\x00" * 32
EML = "From: zhou@example.com\r\nSubject: 投诉\r\n\r\n正文".encode()


def office(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{part}/document.xml", "<x/>")
    return buf.getvalue()


def stored(world: World) -> tuple[int, int, int]:
    with world.engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(TicketAttachment)).scalar_one(),
            conn.execute(select(func.count()).where(TicketEvent.kind == "attachment")).scalar_one(),
            conn.execute(select(func.count()).select_from(ChangeFeed)).scalar_one(),
        )


@pytest.fixture
def ticket(world: World) -> int:
    return world.service.create_complaint(world.agent, world.complaint(send_receipt=False)).id


@pytest.mark.parametrize(
    ("ext", "data"),
    [
        ("pdf", PDF),
        ("png", PNG),
        ("jpg", JPG),
        ("jpeg", JPG),
        ("wav", WAV),
        ("mp3", MP3),
        ("eml", EML),
        ("txt", "客户来信内容".encode("gb18030")),
        ("docx", office("word")),
        ("xlsx", office("xl")),
    ],
)
def test_allowed_types(ext: str, data: bytes) -> None:
    assert content_matches(ext, data)


@pytest.mark.parametrize(
    ("ext", "data"),
    [("pdf", PNG), ("png", PDF), ("docx", office("xl")), ("xlsx", b"PK\x03\x04junk"), ("txt", b"a\x00b"), ("wav", MP3)],
)
def test_mismatched_content(ext: str, data: bytes) -> None:
    assert not content_matches(ext, data)


def test_allowed_file_is_stored_with_its_checksum(world: World, ticket: int) -> None:
    before = stored(world)
    aid = world.service.add_attachment(world.agent, ticket, "C:\\Users\\agent\\扣费凭证.pdf", PDF)
    info, content = world.service.open_attachment(aid)
    assert content == PDF and info.sha256 == hashlib.sha256(PDF).hexdigest() and info.filename == "扣费凭证.pdf"
    assert info.mime_type == "application/pdf" and info.scan_status == "unscanned" and info.size_bytes == len(PDF)
    assert [a.id for a in world.service.list_attachments(ticket)] == [aid]
    assert stored(world) == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_refused_files_write_nothing(world: World, ticket: int, tmp_path: Path) -> None:
    small = TicketConfig(attachment_max_bytes=1024)
    world.service.env.config = small
    before = stored(world)
    for name, data in (
        ("big.pdf", PDF + b"0" * 2000),  # over the limit
        ("photo.png", PDF),  # wrong magic bytes
        ("run.exe", b"MZ\x90\x00"),  # extension not allowed
        ("empty.txt", b""),
    ):
        with pytest.raises(AttachmentRejected):
            world.service.add_attachment(world.agent, ticket, name, data)
    huge = tmp_path / "recording.wav"
    huge.write_bytes(WAV + b"\x00" * 4096)
    with pytest.raises(AttachmentRejected) as info:
        world.service.add_attachment_file(world.agent, ticket, huge)
    assert info.value.detail["limit"] == 1024
    assert stored(world) == before


def test_default_limit_is_20_mib(world: World, ticket: int) -> None:
    assert world.service.env.config.attachment_max_bytes == 20 * 1024 * 1024
    with pytest.raises(AttachmentRejected):
        world.service.add_attachment(world.agent, ticket, "big.pdf", PDF + b"0" * (20 * 1024 * 1024))


class Scanner:
    def __init__(self, verdict: ScanResult) -> None:
        self.verdict = verdict
        self.seen: list[str] = []

    def scan(self, filename: str, data: bytes) -> ScanResult:
        self.seen.append(filename)
        return self.verdict


def test_scan_hook_can_reject_or_clear(world: World, ticket: int) -> None:
    world.service.env.scan_hook = Scanner(ScanResult("rejected", "EICAR-Test-Signature"))
    before = stored(world)
    with pytest.raises(AttachmentRejected) as info:
        world.service.add_attachment(world.agent, ticket, "a.pdf", PDF)
    assert "EICAR" in info.value.en and stored(world) == before
    world.service.env.scan_hook = Scanner(ScanResult("clean"))
    aid = world.service.add_attachment(world.agent, ticket, "a.pdf", PDF)
    assert world.service.open_attachment(aid)[0].scan_status == "clean"


def test_closed_ticket_takes_no_attachments(world: World, ticket: int) -> None:
    v = world.service.transition(world.agent, ticket, 1, "acknowledged")
    v = world.service.decide(world.agent, ticket, v, decision="已处理", outcome="upheld")
    world.service.add_attachment(world.agent, ticket, "decision.pdf", PDF)  # decided: still allowed
    world.service.close(world.agent, ticket, v)
    with pytest.raises(NotAllowed):
        world.service.add_attachment(world.agent, ticket, "late.pdf", PDF)
