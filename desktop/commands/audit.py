"""``contactdesk audit verify``: check the hash chain of the audit trail and who wrote each row."""

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
        description="Re-hash every audit row and check every link, then check that each row's actor held, at "
        "the time, the permission its action needs. Prints the rows checked, the first broken row with the "
        "reason and every row whose actor could not have done it; exit status 1 when the chain is broken or "
        "such a row exists. Note the head it prints: rows deleted from the end can only be noticed by "
        "comparing with an earlier head.",
    )
    add_database_option(verify)
    verify.add_argument("--batch", type=int, default=50_000, help="rows per read (default 50000)")
    verify.add_argument("--progress", action="store_true", help="print progress to standard error")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from db.engine import DatabaseError, describe, make_engine
    from services.audit_actors import check_actors
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
        actors = check_actors(engine, batch=max(1, args.batch))
    finally:
        engine.dispose()
    if args.progress:
        print(file=sys.stderr)
    print(f"{describe(url)}")
    print(f"rows checked: {report.rows:,} in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)")
    if report.ok:
        head = f"row {report.head_id} {report.head_hash}" if report.head_id else "empty"
        print(f"OK — chain intact; head: {head}")
    else:
        print(f"BROKEN — first broken row: id {report.first_broken_id}: {report.reason}")
        if report.head_id:
            print(f"last intact row: {report.head_id} {report.head_hash}")
    print(f"actors checked: {actors.rows:,} rows whose action needs a permission")
    if actors.violations:
        count = len(actors.violations)
        rows = f"{count:,} row was" if count == 1 else f"{count:,} rows were"
        lead = "the chain is intact, but " if report.ok else ""
        print(f"ACTORS — {lead}{rows} written by actors who could not have done them:")
        for v in actors.violations:
            needs = " or ".join(v.needs)
            print(f"  id {v.id}: {v.username} (user {v.user_id}, role {v.role}) {v.action}: needs {needs}")
    return 0 if report.ok and actors.ok else 1
