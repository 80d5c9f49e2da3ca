"""``contactdesk secret set|delete|status``: keep passwords and tokens in the operating system's keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from services.cli_options import fail

NAMES_HELP = (
    "twilio_auth_token, twilio_api_key_secret, smtp_password, or db:USER@HOST for a PostgreSQL password "
    "(e.g. db:contactdesk@db.bank.local)"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "secret",
        help="store secrets in the keyring",
        description="Store, remove or check secrets in the operating system's keyring (Windows Credential "
        "Manager, macOS Keychain, Secret Service). ContactDesk never keeps a secret in a plaintext file: with "
        "no secure keyring it refuses and says how to fix it.",
    )
    ssub = parser.add_subparsers(dest="secret_command", metavar="ACTION", required=True)
    put = ssub.add_parser("set", help="store a secret", description=f"Store a secret. NAME: {NAMES_HELP}.")
    put.add_argument("name", metavar="NAME")
    put.add_argument(
        "--stdin", action="store_true", help="read the value from standard input instead of prompting (scripts)"
    )
    put.set_defaults(func=run_set)
    delete = ssub.add_parser("delete", help="remove a secret", description=f"Remove a secret. NAME: {NAMES_HELP}.")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(func=run_delete)
    status = ssub.add_parser(
        "status",
        help="which keyring is used",
        description="Say which keyring would be used and which secrets it holds.",
    )
    status.set_defaults(func=run_status)


def _read_value(args: argparse.Namespace) -> str:
    if args.stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"{args.name}: ")
    second = getpass.getpass(f"{args.name} (again): ")
    if first != second:
        raise ValueError("the two entries differ; nothing was stored")
    return first


def run_set(args: argparse.Namespace) -> int:
    from services.secrets import InsecureKeyringError, SecretStore, check_name

    store = SecretStore()
    try:
        check_name(args.name)
        value = _read_value(args)
        store.set(args.name, value)
    except (ValueError, InsecureKeyringError) as exc:
        return fail(str(exc))
    except (EOFError, KeyboardInterrupt):
        return fail("cancelled; nothing was stored")
    print(f"stored {args.name} in {store.describe_backend()}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from services.secrets import InsecureKeyringError, SecretStore

    try:
        SecretStore().delete(args.name)
    except (ValueError, InsecureKeyringError) as exc:
        return fail(str(exc))
    print(f"removed {args.name}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from services.secrets import KNOWN_NAMES, InsecureKeyringError, SecretStore

    store = SecretStore()
    print(f"keyring: {store.describe_backend()}")
    for name in KNOWN_NAMES:
        try:
            present = store.stored(name)
        except InsecureKeyringError as exc:
            return fail(str(exc))
        print(f"{name}: {'stored' if present else 'not stored'}")
    return 0
