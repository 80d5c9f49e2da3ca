"""The virus-scan hook point for ticket attachments: what a scanner is given and what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ScanResult:
    """A scanner's verdict: ``clean``, ``pending`` (scanned later) or ``rejected`` (with the reason)."""

    status: str
    reason: str | None = None


class ScanHook(Protocol):
    """Virus-scan hook point, called with the whole file before it is stored (see the module docstring)."""

    def scan(self, filename: str, data: bytes) -> ScanResult: ...
