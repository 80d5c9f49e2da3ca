"""Refusals of the security services, each with a message in Simplified Chinese and in English.

``str(error)`` is ``"中文 / English"`` (for logs and the command line); a dialog shows
``error.message(language)``.
"""

from __future__ import annotations

import datetime as dt


class BilingualError(Exception):
    """An error whose message exists in both interface languages."""

    code = "error"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def message(self, language: str = "zh_CN") -> str:
        """The message in ``language`` ("zh_CN" or "en")."""
        return self.en if language.startswith("en") else self.zh


class AuthError(BilingualError):
    """Sign-in, unlock or session refused."""

    code = "auth"


class BadCredentials(AuthError):
    """Unknown username or wrong password: deliberately the same message for both."""

    code = "bad_credentials"

    def __init__(self) -> None:
        super().__init__("用户名或密码错误。", "Wrong username or password.")


class AccountLocked(AuthError):
    """Too many failed attempts; ``until`` is when sign-in works again (aware, UTC)."""

    code = "locked"

    def __init__(self, until: dt.datetime, attempts: int) -> None:
        local = until.astimezone().strftime("%H:%M")
        super().__init__(
            f"连续 {attempts} 次密码错误，账号已锁定至 {local}。请稍后再试或联系管理员。",
            f"Too many failed attempts ({attempts}); the account is locked until {local}. "
            "Try again later or ask an administrator.",
        )
        self.until = until
        self.attempts = attempts


class AccountDisabled(AuthError):
    """The account exists and the password was right, but an administrator disabled it."""

    code = "disabled"

    def __init__(self) -> None:
        super().__init__("该账号已被停用，请联系管理员。", "This account is disabled; ask an administrator.")


class SessionEnded(AuthError):
    """The session was ended elsewhere (signed in on another desktop, disabled, signed out)."""

    code = "session_ended"

    def __init__(self, zh: str, en: str, reason: str | None) -> None:
        super().__init__(zh, en)
        self.reason = reason


class PasswordPolicyError(BilingualError):
    """A new password breaks the policy; ``violations`` lists every broken rule."""

    code = "password_policy"

    def __init__(self, violations: list[object]) -> None:
        zh = "；".join(str(getattr(v, "zh", v)) for v in violations)
        en = "; ".join(str(getattr(v, "en", v)) for v in violations)
        super().__init__(f"密码不符合要求：{zh}。", f"The password does not meet the policy: {en}.")
        self.violations = violations


class UserAdminError(BilingualError):
    """A user-administration request that cannot be carried out (unknown user, duplicate, bad role)."""

    code = "user_admin"
