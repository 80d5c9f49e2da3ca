"""Password hashing (argon2id) and the password policy for new passwords.

Hashes are PHC strings (``$argon2id$v=19$m=65536,t=3,p=4$...``) produced by argon2-cffi, so the
parameters travel with each hash: raising them later makes :meth:`PasswordHasher.needs_rehash`
true for older hashes, and sign-in re-hashes them transparently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# RFC 9106 "second recommended option" (memory-constrained): argon2id, t=3, m=64 MiB, p=4.
# About 50–100 ms on a desktop CPU: negligible at sign-in, ruinous for an offline guesser.
TIME_COST = 3
MEMORY_COST_KIB = 64 * 1024
PARALLELISM = 4

MIN_LENGTH = 10
MAX_LENGTH = 128
MIN_CLASSES = 3
# Input longer than this cannot be a password (the policy allows MAX_LENGTH).  It is still verified once,
# cut to this length, against the dummy hash: a very long guess costs exactly what a short one does.
MAX_INPUT_CHARS = 1024

# The most common passwords (global leak lists and the usual Chinese ones).  Compared case-insensitively
# against the whole password and against its letters with leading/trailing digits and symbols removed,
# so "Password@2024" and "Qwerty123!" are refused as well.
_COMMON = """
    123456 123456789 12345678 1234567890 1234567 12345 111111 000000 888888 666666 123123 654321
    123321 112233 121212 147258 147258369 159357 520520 521521 5201314 1314520 123qwe qwe123
    password passw0rd p@ssw0rd p@ssword password1 admin administrator root guest user test tester
    letmein welcome welcome1 login master default changeme secret superman batman dragon monkey
    sunshine princess football baseball shadow michael iloveyou trustno1 starwars whatever freedom
    qwerty qwertyuiop qwerty123 asdfgh asdfghjkl zxcvbnm 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qazwsx
    abc123 abcd1234 a123456 aa123456 abcdef abcdefg woaini woaini1314 wodemima mima zhongguo
    china beijing shanghai huawei xiaomi taobao baidu tencent qq123456 bank banking icbc ccb
    abc boc contactdesk crm callcenter
"""
COMMON_PASSWORDS = frozenset(_COMMON.split())


@dataclass(frozen=True)
class PolicyViolation:
    """One rule a proposed password breaks, in both languages."""

    code: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


class PasswordHasher:
    """argon2id hashing with ContactDesk's parameters (injectable, so tests can use cheaper ones)."""

    def __init__(
        self,
        *,
        time_cost: int = TIME_COST,
        memory_cost: int = MEMORY_COST_KIB,
        parallelism: int = PARALLELISM,
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=argon2.Type.ID,
        )
        # Verifying against this hash makes an unknown username cost as much as a wrong password,
        # so response times do not tell which usernames exist.
        self._dummy_hash = self._hasher.hash("contactdesk-timing-equaliser")

    def hash(self, password: str) -> str:
        """A PHC-format argon2id hash of ``password`` with a fresh random salt."""
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when ``password`` matches ``password_hash``; never raises for bad input.

        Every call runs exactly one argon2 verification, so that every answer takes the same time.  A
        missing or malformed hash (an unknown user, a user who never got a password) and input longer than
        :data:`MAX_INPUT_CHARS` are verified against a dummy hash made once per hasher (the input cut to
        that length) and return False.
        """
        usable = bool(password_hash and password_hash.startswith("$argon2")) and len(password) <= MAX_INPUT_CHARS
        target = password_hash if usable and password_hash else self._dummy_hash
        try:
            return bool(self._hasher.verify(target, password[:MAX_INPUT_CHARS])) and usable
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def burn(self, password: str) -> None:
        """Spend exactly one verification against the dummy hash (unknown or locked accounts)."""
        self.verify(None, password)

    def is_dummy(self, password_hash: str) -> bool:
        """True for this hasher's dummy hash (lets tests tell a real verification from a timing one)."""
        return password_hash == self._dummy_hash

    def needs_rehash(self, password_hash: str) -> bool:
        """True when a stored hash was made with other parameters than the current ones."""
        try:
            return bool(self._hasher.check_needs_rehash(password_hash))
        except (InvalidHashError, ValueError):
            return True


def fast_hasher_for_tests() -> PasswordHasher:
    """Cheap parameters for tests only (the hash format and code paths are the real ones)."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and other characters ``password`` uses."""
    lower = upper = digit = other = False
    for ch in password:
        if ch.isdigit():
            digit = True
        elif ch.islower():
            lower = True
        elif ch.isupper():
            upper = True
        else:
            other = True
    return lower + upper + digit + other


_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def is_common(password: str) -> bool:
    """True for a well-known password, also with digits or symbols added before or after it."""
    folded = unicodedata.normalize("NFKC", password).casefold()
    core = _EDGES.sub("", folded)
    return folded in COMMON_PASSWORDS or (len(core) >= 3 and core in COMMON_PASSWORDS)


def check_policy(password: str, username: str = "") -> list[PolicyViolation]:
    """Every rule of the password policy that ``password`` breaks (empty list = acceptable).

    Rules: at least 10 characters (at most 128); at least 3 of the 4 character classes (lower case,
    upper case, digits, others); must not contain the username; must not be a common password.
    """
    problems: list[PolicyViolation] = []
    if len(password) < MIN_LENGTH:
        problems.append(
            PolicyViolation("too_short", f"密码至少需要 {MIN_LENGTH} 个字符", f"use at least {MIN_LENGTH} characters")
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            PolicyViolation("too_long", f"密码不能超过 {MAX_LENGTH} 个字符", f"use at most {MAX_LENGTH} characters")
        )
    if character_classes(password) < MIN_CLASSES:
        problems.append(
            PolicyViolation(
                "classes",
                "密码需包含小写字母、大写字母、数字、符号中的至少三类",
                "use at least three of: lower-case letters, upper-case letters, digits, symbols",
            )
        )
    name = username.strip().casefold()
    if len(name) >= 3 and name in password.casefold():
        problems.append(PolicyViolation("username", "密码不能包含用户名", "must not contain the username"))
    if is_common(password):
        problems.append(
            PolicyViolation("common", "该密码过于常见，请换一个", "this password is too common; choose another")
        )
    return problems


def describe_violations(problems: list[PolicyViolation]) -> str:
    """One bilingual line listing every violation (for a dialog or the command line)."""
    zh = "；".join(p.zh for p in problems)
    en = "; ".join(p.en for p in problems)
    return f"{zh}。 / {en}."
