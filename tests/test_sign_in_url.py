"""Passwords go to the sign-in gateway over HTTPS, except to this computer."""

from __future__ import annotations

import pytest

from db.engine import DatabaseError
from desktop.session import PLAIN_HTTP_ENV, check_sign_in_url


@pytest.mark.parametrize("url", ["https://gw.bank.example:8443", "http://127.0.0.1:8080", "http://localhost:9000"])
def test_https_and_this_computer_are_accepted(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PLAIN_HTTP_ENV, raising=False)
    check_sign_in_url(url)


def test_plain_http_to_another_machine_is_refused_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PLAIN_HTTP_ENV, raising=False)
    with pytest.raises(DatabaseError, match="HTTPS"):
        check_sign_in_url("http://gw.bank.example:8080")
    monkeypatch.setenv(PLAIN_HTTP_ENV, "1")
    check_sign_in_url("http://gw.bank.example:8080")
