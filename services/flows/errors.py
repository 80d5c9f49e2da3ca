"""Refusals of the service-flow services, each worded in Simplified Chinese and English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from services.auth_errors import BilingualError


class _Worded(Protocol):
    """What a refusal needs of a problem (:class:`~.validation.Problem` has it; no import, no cycle)."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str: ...


class FlowError(BilingualError):
    """Anything the flow services refuse; nothing was changed."""

    code = "flow"


class FlowFormatError(FlowError):
    """A flow document that does not fit the format; ``path`` names the place (``steps[3].answer.type``)."""

    code = "flow_format"

    def __init__(self, path: str, zh: str, en: str) -> None:
        where = path or "(document)"
        super().__init__(f"{where}：{zh}", f"{where}: {en}")
        self.path = path
        self.reason_zh = zh
        self.reason_en = en


class FlowNotFound(FlowError):
    """The flow (version) does not exist."""

    code = "flow_not_found"


class FlowNotAllowed(FlowError):
    """Not possible in the version's current state, or not by this person."""

    code = "flow_not_allowed"


class FlowInvalid(FlowError):
    """Validation found problems, so the version cannot be submitted, approved or published."""

    code = "flow_invalid"

    def __init__(self, problems: Sequence[_Worded], *, what_zh: str = "发布", what_en: str = "published") -> None:
        first = problems[0]
        more_zh = f"（另有 {len(problems) - 1} 个问题）" if len(problems) > 1 else ""
        more_en = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"流程有问题，不能{what_zh}：{first.zh}{more_zh}",
            f"The flow has problems and cannot be {what_en}: {first.en}{more_en}",
        )
        self.problems: list[Any] = list(problems)  # validation.Problem
