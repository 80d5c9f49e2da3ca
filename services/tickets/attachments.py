"""Files attached to a ticket: size limit, type check, virus-scan hook, stored in the shared database.

Files live in ``ticket_attachment.content`` so that every desktop connected to the database can open
them (no file share to configure).  A file is accepted only when

1. its size is within ``ticket_attachment_max_mb`` (default 20 MiB) — :func:`read_upload` checks the size
   on disk *before* reading, so an oversize file is never loaded;
2. its extension is on the allow-list **and** its first bytes match that type (PDF, JPEG, PNG, DOCX and
   XLSX (ZIP with the right part), plain text (UTF-8 or GB18030, no NUL), e-mail (.eml, RFC 5322 headers),
   MP3 and WAV call recordings);
3. the :class:`ScanHook` does not reject it.

Nothing is written unless all three pass.  The stored row carries the SHA-256 of the content, checked again
by :func:`open_attachment`.

Virus-scan hook point: ``TicketEnv.scan_hook`` is any object with
``scan(filename: str, data: bytes) -> ScanResult``.  It runs on the worker thread, before anything is
written, inside the caller's transaction (keep it fast: a local ClamAV ``clamd`` INSTREAM call is typical).
Return ``ScanResult("clean")`` to store the file as ``scan_status = 'clean'``, ``ScanResult("rejected",
reason)`` to refuse it (:class:`AttachmentRejected`, nothing stored), or ``ScanResult("pending")`` to store it
as ``pending`` for an asynchronous scanner that later sets ``scan_status`` itself; the desktop should not
open ``pending`` or ``infected`` files.  With no hook the file is stored ``unscanned``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from db.models import TicketAttachment

from . import records
from .context import TicketEnv
from .errors import AttachmentRejected, NotFound
from .rights import Actor

ATTACHMENT: Table = TicketAttachment.__table__  # type: ignore[assignment]
MIME_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "eml": "message/rfc822",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
}
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", re.MULTILINE)


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as the ticket panel lists it (without the content)."""

    id: int
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    scan_status: str
    uploaded_by_id: int | None
    uploaded_at: dt.datetime


def _refuse(zh: str, en: str, **detail: Any) -> AttachmentRejected:
    return AttachmentRejected(zh, en, **detail)


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def _zip_has(data: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(name.startswith(part) for name in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def content_matches(ext: str, data: bytes) -> bool:
    """Whether the file's first bytes are what its extension claims."""
    head = data[:16]
    if ext == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "docx":
        return head.startswith(b"PK\x03\x04") and _zip_has(data, "word/")
    if ext == "xlsx":
        return head.startswith(b"PK\x03\x04") and _zip_has(data, "xl/")
    if ext == "txt":
        return _is_text(data)
    if ext == "eml":
        return _is_text(data) and bool(_HEADER_LINE.search(data[:4096].lstrip(b"\r\n")[:4096]))
    if ext == "mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if ext == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return False


def check_file(filename: str, size: int, max_bytes: int) -> str:
    """Size and extension checks that need no content; returns the extension."""
    if size > max_bytes:
        raise _refuse(
            f"文件“{filename}”超过{max_bytes // (1024 * 1024)}MB上限。",
            f"The file {filename!r} is larger than the {max_bytes // (1024 * 1024)} MB limit.",
            size=size,
            limit=max_bytes,
        )
    ext = extension_of(filename)
    if ext not in MIME_TYPES:
        raise _refuse(
            f"不允许上传此类文件：{filename}。允许的类型：{', '.join(sorted(set(MIME_TYPES)))}。",
            f"This kind of file is not allowed: {filename}. Allowed: {', '.join(sorted(set(MIME_TYPES)))}.",
            extension=ext,
        )
    if size == 0:
        raise _refuse(f"文件“{filename}”为空。", f"The file {filename!r} is empty.")
    return ext


def read_upload(path: Path, max_bytes: int) -> bytes:
    """Read a file for upload, refusing an oversize or disallowed one before reading it."""
    check_file(path.name, path.stat().st_size, max_bytes)
    data = path.read_bytes()
    check_file(path.name, len(data), max_bytes)  # it may have grown meanwhile
    return data


def add_attachment(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, filename: str, data: bytes) -> int:
    """Check and store a file on a ticket (with an ``attachment`` event); returns the attachment id.

    Raises:
        AttachmentRejected: too large, type not allowed or content not matching it, or rejected by the scan.
        NotAllowed: the ticket is closed or merged.
    """
    filename = Path(filename.replace("\\", "/")).name[:255]
    ext = check_file(filename, len(data), env.config.attachment_max_bytes)
    if not content_matches(ext, data):
        raise _refuse(
            f"文件“{filename}”的内容与扩展名 .{ext} 不符。",
            f"The content of {filename!r} is not a .{ext} file.",
            extension=ext,
        )
    row = records.load(conn, ticket_id)
    records.check_writable(row)
    scan_status = "unscanned"
    if env.scan_hook is not None:
        verdict = env.scan_hook.scan(filename, data)
        if verdict.status == "rejected":
            raise _refuse(
                f"文件“{filename}”未通过病毒扫描：{verdict.reason or ''}",
                f"The file {filename!r} failed the virus scan: {verdict.reason or ''}",
            )
        scan_status = verdict.status
    digest = hashlib.sha256(data).hexdigest()
    now = env.now()
    attachment_id = int(
        conn.execute(
            insert(ATTACHMENT)
            .values(
                ticket_id=ticket_id,
                filename=filename,
                mime_type=MIME_TYPES[ext],
                size_bytes=len(data),
                sha256=digest,
                content=data,
                uploaded_by_id=actor.user_id,
                uploaded_at=now,
                scan_status=scan_status,
            )
            .returning(ATTACHMENT.c.id)
        ).scalar_one()
    )
    records.add_event(
        conn,
        ticket_id,
        "attachment",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=filename,
        data={"attachment_id": attachment_id, "size": len(data), "sha256": digest},
    )
    return attachment_id


def list_attachments(conn: Connection, ticket_id: int) -> list[AttachmentInfo]:
    a = ATTACHMENT.c
    rows = conn.execute(
        select(a.id, a.filename, a.mime_type, a.size_bytes, a.sha256, a.scan_status, a.uploaded_by_id, a.uploaded_at)
        .where(a.ticket_id == ticket_id)
        .order_by(a.id)
    )
    return [AttachmentInfo(*r) for r in rows]


def open_attachment(conn: Connection, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The attachment and its content, verified against the stored SHA-256.

    Raises:
        NotFound: no such attachment.
        AttachmentRejected: the content no longer matches its checksum, or the scan found it infected.
    """
    a = ATTACHMENT.c
    r = conn.execute(select(ATTACHMENT).where(a.id == attachment_id)).first()
    if r is None:
        raise NotFound("附件不存在。", f"Attachment {attachment_id} does not exist.")
    info = AttachmentInfo(
        r.id, r.filename, r.mime_type, r.size_bytes, r.sha256, r.scan_status, r.uploaded_by_id, r.uploaded_at
    )
    content = bytes(r.content)
    if hashlib.sha256(content).hexdigest() != r.sha256:
        raise _refuse("附件内容已损坏。", "The attachment's content does not match its checksum.")
    if r.scan_status == "infected":
        raise _refuse("附件被病毒扫描标记为感染，禁止打开。", "The attachment was found infected and cannot be opened.")
    return info, content
