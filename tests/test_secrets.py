"""Secrets go to a secure keyring or nowhere; servers may use the environment."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backends import chainer, fail, null
from sqlalchemy.engine import make_url

from db.engine import keyring_entry, make_engine
from services import secrets
from services.logredact import install
from services.secrets import InsecureKeyringError, SecretStore
from tests.memory_keyring import MemoryKeyring, PlaintextKeyring


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def global_keyring() -> Iterator[MemoryKeyring]:
    """The process-wide keyring replaced by an in-memory one (restored afterwards)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_round_trip_under_the_contactdesk_service(memory: MemoryKeyring) -> None:
    store = SecretStore(memory)
    store.set(secrets.TWILIO_AUTH_TOKEN, "tok-123456")
    assert memory.entries == {("ContactDesk", "twilio_auth_token"): "tok-123456"}
    assert store.get(secrets.TWILIO_AUTH_TOKEN) == "tok-123456"
    store.delete(secrets.TWILIO_AUTH_TOKEN)
    store.delete(secrets.TWILIO_AUTH_TOKEN)  # already gone: no error
    assert store.get(secrets.TWILIO_AUTH_TOKEN) is None


def test_database_entry_name_matches_the_engine() -> None:
    url = make_url("postgresql+psycopg://desk01@db.example:5432/contactdesk")
    assert secrets.db_entry("desk01", "db.example") == keyring_entry(url) == "db:desk01@db.example"


def test_engine_takes_the_database_password_from_the_keyring(global_keyring: MemoryKeyring) -> None:
    SecretStore().set(secrets.db_entry("desk01", "db.example"), "s3cret-pw")
    engine = make_engine("postgresql://desk01@db.example/contactdesk")
    try:
        assert engine.url.password == "s3cret-pw"
    finally:
        engine.dispose()


class _FakeAltPlaintext(MemoryKeyring):
    priority = 1  # type: ignore[assignment]


_FakeAltPlaintext.__module__ = "keyrings.alt.file"
_FakeAltPlaintext.__qualname__ = "PlaintextKeyring"


class _UnencryptedButProud(MemoryKeyring):
    priority = 5  # type: ignore[assignment]


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), PlaintextKeyring(), _FakeAltPlaintext(), _UnencryptedButProud()],
    ids=["fail", "null", "low-priority", "keyrings.alt-plaintext", "unencrypted-name"],
)
def test_insecure_backends_are_refused(backend: Any) -> None:
    store = SecretStore(backend)
    with pytest.raises(InsecureKeyringError) as refused:
        store.set(secrets.SMTP_PASSWORD, "smtp-pass-1")
    message = str(refused.value)
    assert type(backend).__qualname__ in message
    assert "never" in message and "明文" in message
    assert "gnome-keyring" in message or "Credential Manager" in message or "Keychain" in message
    assert getattr(backend, "entries", {}) == {}
    with pytest.raises(InsecureKeyringError):
        store.get(secrets.SMTP_PASSWORD)


def test_chainer_uses_only_its_secure_member() -> None:
    plain, secure = PlaintextKeyring(), MemoryKeyring()

    class Chain(chainer.ChainerBackend):
        backends = (plain, secure)  # type: ignore[assignment]

    store = SecretStore(Chain())
    store.set(secrets.TWILIO_API_KEY_SECRET, "key-secret-9")
    assert plain.entries == {} and secure.entries

    class PlainChain(chainer.ChainerBackend):
        backends = (PlaintextKeyring(),)  # type: ignore[assignment]

    with pytest.raises(InsecureKeyringError):
        SecretStore(PlainChain()).set(secrets.TWILIO_API_KEY_SECRET, "key-secret-9")


def test_environment_first_for_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "from-env-token")
    monkeypatch.setenv("MY_SMTP", "from-env-smtp")
    store = SecretStore(fail.Keyring())  # no keyring at all on this server
    assert store.get(secrets.TWILIO_AUTH_TOKEN) == "from-env-token"
    assert store.get(secrets.SMTP_PASSWORD, env_var="MY_SMTP") == "from-env-smtp"


def test_names_and_values_are_checked(memory: MemoryKeyring) -> None:
    store = SecretStore(memory)
    with pytest.raises(ValueError):
        store.set("api_password", "x1234567")
    with pytest.raises(ValueError):
        store.set(secrets.SMTP_PASSWORD, "")
    store.set("db:desk01@10.0.0.5", "pw-123456")
    assert store.describe_backend().endswith("MemoryKeyring")


def test_secrets_never_reach_the_log(memory: MemoryKeyring, caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("contactdesk.test.secrets")
    redactor = install(caplog.handler)
    store = SecretStore(memory, on_secret=redactor.add_secret)
    store.set(secrets.TWILIO_AUTH_TOKEN, "abcd-EFGH-1234-token")
    with caplog.at_level(logging.INFO, logger="contactdesk.test.secrets"):
        log.info("connecting with %s", store.get(secrets.TWILIO_AUTH_TOKEN))
    assert "abcd-EFGH-1234-token" not in caplog.text
    assert "[secret]" in caplog.text


def test_secret_command_stores_checks_and_removes(
    global_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from desktop.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("smtp-pass-9\n"))
    assert main(["secret", "set", "smtp_password", "--stdin"]) == 0
    assert global_keyring.entries == {("ContactDesk", "smtp_password"): "smtp-pass-9"}
    assert main(["secret", "status"]) == 0
    out = capsys.readouterr().out
    assert "smtp_password: stored" in out and "twilio_auth_token: not stored" in out
    assert "smtp-pass-9" not in out
    # Prompted entry: the two entries must agree.
    answers = iter(["tok-A", "tok-B"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["secret", "set", "twilio_auth_token"]) == 1
    assert "differ" in capsys.readouterr().err
    assert ("ContactDesk", "twilio_auth_token") not in global_keyring.entries
    assert main(["secret", "set", "ftp_password", "--stdin"]) == 1
    assert "unknown secret" in capsys.readouterr().err
    assert main(["secret", "delete", "smtp_password"]) == 0
    assert global_keyring.entries == {}


def test_secret_command_refuses_an_insecure_keyring(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    import io

    from desktop.cli import main

    previous = keyring.get_keyring()
    plain = PlaintextKeyring()
    keyring.set_keyring(plain)
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("db-pass-1\n"))
        assert main(["secret", "set", "db:desk01@db.example", "--stdin"]) == 1
    finally:
        keyring.set_keyring(previous)
    err = capsys.readouterr().err
    assert "NOT stored" in err and "plaintext" in err
    assert plain.entries == {}
