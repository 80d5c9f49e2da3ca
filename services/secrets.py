"""Secrets (database password, Twilio credentials, SMTP password) in the operating system's keyring.

There is no plaintext fallback: when the only keyring available stores secrets unencrypted (or
cannot store them at all), :meth:`SecretStore.set` refuses and says how to fix it.  A server may
instead supply a secret through the environment (``TWILIO_AUTH_TOKEN``, ``SMTP_PASSWORD``, ...),
which :meth:`SecretStore.get` reads first.

Entry names (service ``ContactDesk``): ``db:{user}@{host}`` (read by :mod:`db.engine`),
``twilio_auth_token``, ``twilio_api_key_secret``, ``smtp_password``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from db.engine import KEYRING_SERVICE

SERVICE = KEYRING_SERVICE  # "ContactDesk"
TWILIO_AUTH_TOKEN = "twilio_auth_token"
TWILIO_API_KEY_SECRET = "twilio_api_key_secret"
SMTP_PASSWORD = "smtp_password"
KNOWN_NAMES = (TWILIO_AUTH_TOKEN, TWILIO_API_KEY_SECRET, SMTP_PASSWORD)
ENVIRONMENT = {
    TWILIO_AUTH_TOKEN: "TWILIO_AUTH_TOKEN",
    TWILIO_API_KEY_SECRET: "TWILIO_API_KEY_SECRET",
    SMTP_PASSWORD: "SMTP_PASSWORD",
}
_DB_NAME = re.compile(r"^db:[^@\s]+@[^\s]+$")
# Class or module names of backends that keep secrets unencrypted or do not keep them at all.
_INSECURE_NAME = re.compile(r"plain|unencrypt|insecure|null|fail|\bfile\b", re.IGNORECASE)


class InsecureKeyringError(RuntimeError):
    """No secure keyring backend: the secret was not stored (and never is, in plaintext)."""


def db_entry(user: str, host: str | None) -> str:
    """The entry name of a database password (the same as ``db.engine.keyring_entry``)."""
    return f"db:{user}@{host or 'localhost'}"


def backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend that is not viable here raises from its priority
        return -1.0


def is_secure(backend: Any) -> bool:
    """True for a backend that encrypts what it stores (Windows Credential Manager, macOS Keychain,
    Secret Service, KWallet, ...): priority at least 1 and nothing in its name suggesting otherwise."""
    if _INSECURE_NAME.search(backend_name(backend)):
        return False
    return _priority(backend) >= 1


def choose_backend(backend: Any) -> Any | None:
    """The backend to use: ``backend`` itself if secure; for keyring's chainer, its best secure
    member (the chainer itself could fall back to an insecure member); otherwise None."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        secure = sorted((b for b in backend.backends if is_secure(b)), key=_priority, reverse=True)
        return secure[0] if secure else None
    return backend if is_secure(backend) else None


def how_to_fix(found: str) -> str:
    """A bilingual explanation of how to get a secure keyring, naming the backend found."""
    if sys.platform == "win32":
        zh_fix = (
            "Windows 自带“凭据管理器”：请确认以普通桌面用户登录，并已安装 pywin32-ctypes（ContactDesk 安装包已包含）。"
        )
        en_fix = (
            "Windows: the Windows Credential Manager is used; sign in as a normal desktop user and make sure "
            "pywin32-ctypes is installed (the ContactDesk installer includes it)."
        )
    elif sys.platform == "darwin":
        zh_fix = "macOS：使用系统钥匙串，请在已登录的桌面会话中运行。"
        en_fix = "macOS: the login Keychain is used; run ContactDesk in a logged-in desktop session."
    else:
        zh_fix = (
            "Linux：请安装并解锁 Secret Service 服务（如 gnome-keyring 或 KWallet），在带 D-Bus 的桌面会话中运行，"
            "并确认已安装 secretstorage；服务器请改用环境变量（如 TWILIO_AUTH_TOKEN、SMTP_PASSWORD）。"
        )
        en_fix = (
            "Linux: install and unlock a Secret Service provider (gnome-keyring or KWallet: "
            "`apt install gnome-keyring`), run inside a desktop session with D-Bus, and make sure the Python "
            "package secretstorage is installed; `python -m keyring diagnose` shows what keyring sees. "
            "On a server, use environment variables instead (TWILIO_AUTH_TOKEN, SMTP_PASSWORD, ...)."
        )
    return (
        f"没有可用的安全密钥环（检测到：{found}），密钥未保存——ContactDesk 从不以明文保存密钥。{zh_fix}"
        f" / No secure keyring is available (found: {found}); the secret was NOT stored — ContactDesk never "
        f"keeps secrets in plaintext. {en_fix} Do not configure keyrings.alt's PlaintextKeyring."
    )


class SecretStore:
    """Reads and writes ContactDesk's secrets through ``keyring``.

    Args:
        backend: a keyring backend; default ``keyring.get_keyring()`` (tests pass an in-memory one).
        on_secret: called with every secret value stored or read, e.g. a log filter's
            ``add_secret`` so that the value never reaches a log file.
    """

    def __init__(self, backend: Any | None = None, *, on_secret: Callable[[str], None] | None = None) -> None:
        self._backend = backend
        self._on_secret = on_secret

    def _active(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def _secure_backend(self) -> Any:
        active = self._active()
        chosen = choose_backend(active)
        if chosen is None:
            raise InsecureKeyringError(how_to_fix(backend_name(active)))
        return chosen

    def describe_backend(self) -> str:
        """The backend that would be used, or why none can be (for a settings page)."""
        active = self._active()
        chosen = choose_backend(active)
        return backend_name(chosen) if chosen is not None else f"{backend_name(active)} (insecure: refused)"

    def set(self, name: str, value: str) -> None:
        """Store a secret.

        Raises:
            InsecureKeyringError: no secure backend (nothing is stored anywhere).
            ValueError: an unknown entry name or an empty value.
        """
        check_name(name)
        if not value:
            raise ValueError("an empty secret cannot be stored")
        backend = self._secure_backend()
        backend.set_password(SERVICE, name, value)
        self._seen(value)

    def get(self, name: str, env_var: str | None = None) -> str | None:
        """A secret from the environment (servers) or else the keyring; None when not stored.

        Args:
            name: the entry name.
            env_var: environment variable to read first; default the usual one for ``name``.

        Raises:
            InsecureKeyringError: not in the environment and no secure keyring to read it from.
        """
        check_name(name)
        variable = env_var or ENVIRONMENT.get(name)
        if variable and os.environ.get(variable):
            value = os.environ[variable]
        else:
            value = self._secure_backend().get_password(SERVICE, name)
        if value:
            self._seen(value)
        return value or None

    def stored(self, name: str) -> bool:
        """Whether the keyring (not the environment) holds ``name``."""
        check_name(name)
        return bool(self._secure_backend().get_password(SERVICE, name))

    def delete(self, name: str) -> None:
        """Remove a secret (no error when it was not stored)."""
        check_name(name)
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            self._secure_backend().delete_password(SERVICE, name)

    def _seen(self, value: str) -> None:
        if self._on_secret is not None:
            self._on_secret(value)


def check_name(name: str) -> None:
    """Raise ValueError for a name that is not one of ContactDesk's secrets."""
    if name not in KNOWN_NAMES and not _DB_NAME.match(name):
        raise ValueError(f"unknown secret {name!r}; known: {', '.join(KNOWN_NAMES)}, db:USER@HOST")
