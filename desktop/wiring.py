"""The services one signed-in window works with, made lazily and named by type.

The window is built while the database worker opens the database, so the services (which need the
engine) cannot exist yet when the widgets receive them: each is a :class:`Deferred` that makes its
service on first use, on whichever thread first calls it (the database worker, in practice).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from services.customer360 import Customer360Service
    from services.messaging import MessagingService
    from services.search import CustomerSearch
    from services.tickets import TicketService

T = TypeVar("T")


class Deferred(Generic[T]):
    """Stands in for a service until it is first used; then it is made once and every call goes to it."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._target: T | None = None
        self._lock = threading.Lock()

    def resolve(self) -> T:
        """The service (made now if needed)."""
        target = self._target
        if target is None:
            with self._lock:
                if self._target is None:
                    self._target = self._factory()
                target = self._target
        return target

    def __getattr__(self, name: str) -> Any:
        return getattr(self.resolve(), name)


def deferred(factory: Callable[[], T]) -> T:
    """A :class:`Deferred` typed as the service it stands in for (it forwards every attribute to it)."""
    return cast(T, Deferred(factory))


@dataclass(frozen=True)
class WindowServices:
    """What a main window is given: search and 360° always; tickets and messaging where the role has them."""

    search: CustomerSearch
    customer360: Customer360Service
    tickets: TicketService | None = None
    messaging: MessagingService | None = None
    flows: FlowDesk | None = None
    lobby: Any = None  # desktop.ui.lobby.desk.LobbyDesk, for roles with lobby, referral or appointment rights

    def present(self) -> Iterator[Any]:
        """Every service given (each may still be a :class:`Deferred`)."""
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                yield value

    def warm_up(self) -> None:
        """Make every deferred service now (on the database worker, after the first paint)."""
        for service in self.present():
            if isinstance(service, Deferred):
                service.resolve()


class FlowDesk:
    """What the flow runner's screens use (every method runs on the database worker).

    Attributes:
        runner: the ``services.flows.runner.FlowRunner``.
    """

    def __init__(self, engine: Any, make_runner: Callable[[], Any], principal: Any) -> None:
        self.engine = engine
        self.runner: Any = Deferred(make_runner)  # made on the database worker, on first use
        self.principal = principal

    def published(self) -> list[tuple[str, str, int]]:
        """``(code, name in the interface language, version_no)`` of every published flow."""
        from services.flows.authoring import FlowAuthoring

        authoring = FlowAuthoring(self.engine, self.runner.audit)
        english = str(getattr(self.principal, "locale", "zh_CN")).startswith("en")
        out: list[tuple[str, str, int]] = []
        for info in authoring.listing():
            found = authoring.published(info.code)
            if found is not None:
                name = found.info.name
                out.append((found.info.code, name.en if english else name.zh_CN, found.info.version_no))
        return out

    def suggest_for_call(self, call_id: int) -> tuple[str, str] | None:
        """The flow suggested for a call (its queue, IVR choice, customer): ``(code, name)``, or None."""
        from services.flows import choose

        with self.engine.connect() as conn:
            code = choose.suggest_for_call(conn, call_id)
        if code is None:
            return None
        names = {c: n for c, n, _v in self.published()}
        return code, names.get(code, code)
