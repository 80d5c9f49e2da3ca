"""Refusals of the messaging services, each worded in Simplified Chinese and English."""

from __future__ import annotations

from services.auth_errors import BilingualError


class MessagingError(BilingualError):
    """Anything the messaging services refuse; nothing was changed."""

    code = "messaging"


class InvalidInput(MessagingError):
    """Input that cannot be used as given (the message says which field and why)."""

    code = "invalid_input"


class NotFound(MessagingError):
    """The template, customer, message or campaign does not exist (any more)."""

    code = "not_found"


class NotAllowed(MessagingError):
    """The action is not possible in the record's current state, or not by this person."""

    code = "not_allowed"


class Conflict(MessagingError):
    """Someone else changed the record first: reload and try again."""

    code = "conflict"

    def __init__(self) -> None:
        super().__init__("记录已被他人修改，请刷新后重试。", "Someone else changed this record; reload and try again.")


class TemplateProblem(MessagingError):
    """A template that does not compile or render: ``part`` (subject, text, html) and ``line`` say where."""

    code = "template"

    def __init__(self, zh: str, en: str, *, part: str = "text", line: int | None = None, kind: str = "syntax") -> None:
        where_zh = _PART_ZH.get(part, part)
        where_en = _PART_EN.get(part, part)
        if line is not None:
            zh = f"{where_zh}第 {line} 行：{zh}"
            en = f"{where_en}, line {line}: {en}"
        else:
            zh = f"{where_zh}：{zh}"
            en = f"{where_en}: {en}"
        super().__init__(zh, en)
        self.part = part
        self.line = line
        self.kind = kind


_PART_ZH = {"subject": "主题", "text": "正文", "html": "HTML 正文"}
_PART_EN = {"subject": "Subject", "text": "Text body", "html": "HTML body"}
