"""``contactdesk audit verify``: check the hash chain of the audit trail."""

from __future__ import annotations

import argparse
import sys

from services.cli_options import add_database_option, fail, resolve_database


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("audit", help="audit trail tools", description="Audit trail tools.")
    asub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = asub.add_parser(
        "verify",
        help="check the whole audit chain",
        description="Re-hash every audit row and check every link. Prints the rows checked and the first "
        "broken row with the reason; exit status 1 when the chain is broken. Note the head it prints: "
        "rows deleted from the end can only be noticed by comparing with an earlier head.",
    )
    add_database_option(verify)
    verify.add_argument("--batch", type=int, default=50_000, help="rows per read (default 50000)")
    verify.add_argument("--progress", action="store_true", help="print progress to standard error")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from services.audit_verify import verify_chain

    url = resolve_database(args)

    def progress(rows: int) -> None:
        print(f"\r{rows:,} rows…", end="", file=sys.stderr, flush=True)

    try:
        engine = make_engine(url)
    except DatabaseError as exc:
        return fail(str(exc))
    try:
        report = verify_chain(engine, batch=max(1, args.batch), progress=progress if args.progress else None)
    finally:
        engine.dispose()
    if args.progress:
        print(file=sys.stderr)
    print(f"{describe(url)}")
    print(f"rows checked: {report.rows:,} in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)")
    if report.ok:
        head = f"row {report.head_id} {report.head_hash}" if report.head_id else "empty"
        print(f"OK — chain intact; head: {head}")
        return 0
    print(f"BROKEN — first broken row: id {report.first_broken_id}: {report.reason}")
    if report.head_id:
        print(f"last intact row: {report.head_id} {report.head_hash}")
    return 1
