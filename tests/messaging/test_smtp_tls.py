"""E-mail over STARTTLS and over SSL with a login whose password comes from the secret store (environment or
keyring), against aiosmtpd on loopback with a certificate made by the test."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from db.models import OutboxMessage
from gateway.mail_sender import MailSender
from gateway.outbox_sender import build_sender
from gateway.serve import bind
from services.config import Settings

from .test_smtp import Inbox, queue_ack
from .world import World

PASSWORD = "smtp-secret-密码-42"
# aiosmtpd cannot see that an implicit-TLS connection is encrypted and warns about AUTH without STARTTLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"bank" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path)


def free_port() -> int:
    sock = bind()
    port = sock.getsockname()[1]
    sock.close()
    return int(port)


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[tuple[Inbox, int, str]]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(*certificate)
    handler = Inbox()
    port = free_port()
    options: dict[str, Any] = {"authenticator": authenticator, "auth_required": True}
    if request.param == "starttls":
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True, **options
        )
    else:
        # the whole connection is TLS: aiosmtpd cannot tell, so it is told AUTH may go ahead
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, ssl_context=server_context, auth_require_tls=False, **options
        )
    controller.start()
    try:
        yield handler, port, str(request.param)
    finally:
        controller.stop()


def test_login_over_tls_with_the_password_from_the_secret_store(
    sqlite_world: World,
    tls_server: tuple[Inbox, int, str],
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    handler, port, security = tls_server
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)  # a server's way; desktops keep it in the keyring
    client_context = ssl.create_default_context(cafile=str(certificate[0]))
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: client_context)
    settings = Settings(
        data_dir=tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security=security,
        smtp_username="bank",
        smtp_from_address="service@bank.example",
        smtp_from_name="示范银行",
        email_per_second=100,
    )
    sender = build_sender(sqlite_world.engine, settings, account_sid="", auth_token="", public_url="https://x.example")
    assert sender is not None and sender.channels == ("email",)
    outbox_id = queue_ack(sqlite_world)
    assert sender.drain() == 1
    sender.stop()
    (envelope,) = handler.received
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["From"].addresses[0].display_name == "示范银行"
    with sqlite_world.engine.connect() as conn:
        status = conn.execute(select(OutboxMessage.status).where(OutboxMessage.id == outbox_id)).scalar_one()
    assert status == "sent"


def test_a_wrong_password_is_retried_not_failed(
    sqlite_world: World, tls_server: tuple[Inbox, int, str], certificate: tuple[Path, Path]
) -> None:
    handler, port, security = tls_server
    mail = MailSender(
        "127.0.0.1",
        port,
        security=security,
        username="bank",
        password=lambda: "wrong",
        from_address="service@bank.example",
        ssl_context=ssl.create_default_context(cafile=str(certificate[0])),
    )
    outbox_id = queue_ack(sqlite_world)
    from db.write import write_txn
    from gateway.outbox_store import claim

    with write_txn(sqlite_world.engine) as conn:
        (item,) = claim(conn, dt.datetime.now(dt.UTC), 1)
    outcome = mail.send(item)
    assert outcome.status == "retry" and outcome.error_code == "535" and handler.received == []
    assert item.id == outbox_id
