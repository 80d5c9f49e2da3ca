"""Errors the ticket services raise; each carries a message for the user in Chinese and English."""

from __future__ import annotations

from typing import Any

from services.auth_errors import BilingualError


class TicketError(BilingualError):
    """Base class: a refusal the desktop shows to the user as it is (a ``BilingualError``).

    Attributes:
        zh: the message in Chinese.
        en: the message in English.
        detail: machine-readable facts (ids, states) for logs and tests.
    """

    code = "ticket"

    def __init__(self, zh: str, en: str, **detail: Any) -> None:
        super().__init__(zh, en)
        self.detail = detail


class NotFound(TicketError):
    """The ticket, draft or attachment does not exist."""


class ConflictError(TicketError):
    """Someone else saved the ticket since it was read (stale ``version``); reload and try again."""


class NotAllowed(TicketError):
    """The ticket's state does not allow this (a refused transition, a read-only closed ticket)."""


class ConflictOfInterest(TicketError):
    """The handler is the employee complained about or in that employee's reporting line."""


class PermissionDenied(TicketError):
    """A static actor lacks a right (a signed-in principal gets ``permissions.PermissionDenied``)."""


class InvalidInput(TicketError):
    """A field is missing or wrong."""


class AttachmentRejected(TicketError):
    """A file was refused (too large, wrong type, rejected by the virus scan); nothing was stored."""
