"""``glance-locations db audit | rewrite | undo``: the locations of a Glance database.

Nothing here imports SQLAlchemy until a ``db`` command runs (import time of the other
commands); without the ``db`` extra, a ``db`` command says how to install it. The work
is done by ``glance_locations.db`` (its private ``_audit`` module for the audit and the
plan); this module parses the arguments and prints.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from glance_locations.cli._db_flags import (
    add_audit_finding_options,
    add_cleanup_options,
    add_glance_config_options,
    add_jobs,
    add_lock_timeout,
    add_no_progress,
    backend_map,
    stale_after,
)
from glance_locations.cli._db_output import (
    print_audit_summary,
    print_decision,
    print_problem,
    print_rewrite_summary,
)
from glance_locations.cli._db_rules import any_rule, rule_olds, rules, shown
from glance_locations.cli._errors import EXIT_INVALID, EXIT_OK, CommandError, CommandInterrupted
from glance_locations.cli._locations import load_config
from glance_locations.cli._options import add_policy_options, add_swift_config_option, policy_from
from glance_locations.cli._output import write_line
from glance_locations.cli._progress import Progress

if TYPE_CHECKING:
    from glance_locations.cli._options import SubParsers
    from glance_locations.db._audit import Problem
    from glance_locations.db._findings import Finding
    from glance_locations.db._journal import Journal
    from glance_locations.db._rewrite import Decision, Outcome

__all__ = ["add_parser"]

URL_HELP = (
    "SQLAlchemy URL of Glance's database: sqlite:///PATH, postgresql+psycopg://USER:PASSWORD"
    "@HOST/DB, mysql+pymysql://USER:PASSWORD@HOST/DB (never printed with its password)"
)


def _need_sqlalchemy() -> None:
    try:
        # Imported only to see that it is there: only the db commands need it.
        import sqlalchemy  # noqa: F401, PLC0415  # pyright: ignore[reportUnusedImport]
    except ImportError:
        raise CommandError(
            "the db commands need SQLAlchemy: pip install 'glance-locations[db]'"
        ) from None


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a db command; a database error becomes a :class:`CommandError` (exit 2)."""

    def guarded(args: argparse.Namespace) -> int:
        _need_sqlalchemy()
        from glance_locations.db import DatabaseError  # noqa: PLC0415 (SQLAlchemy: import time)

        # psycopg logs a warning of its own when a failed transaction ends; the error
        # line says what went wrong, once.
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
        logging.getLogger("psycopg").propagate = False
        failure: str | None = None
        try:
            return run(args)
        except DatabaseError as exc:
            failure = str(exc)  # one line, no secret (glance_locations.db's promise)
        raise CommandError(failure)

    return guarded


# --- audit ---------------------------------------------------------------------------


def _run_audit(args: argparse.Namespace) -> int:
    from glance_locations.db._audit import Settings  # noqa: PLC0415 (SQLAlchemy: import time)
    from glance_locations.db._audit_jobs import audit_all  # noqa: PLC0415
    from glance_locations.db._findings import BACKEND_FINDINGS  # noqa: PLC0415

    policy = policy_from(args)
    conf = load_config(args.swift_config)
    backends = backend_map(args)
    if args.strict_backends and backends is None:
        raise CommandError("--strict-backends needs --glance-config FILE")
    progress = _progress(args)

    def report(problem: Problem | Finding) -> None:
        progress.clear()  # a problem line never shares the screen line with it
        print_problem(problem, as_json=args.json)

    try:
        summary = audit_all(
            args.url,
            Settings(
                conf=conf,
                policy=policy,
                include_deleted=args.include_deleted,
                lock_timeout=args.lock_timeout,
                backends=backends,
            ),
            jobs=args.jobs,
            stale_after=stale_after(args),
            report=report,
            progress=progress.update,
            report_finding=report,
        )
    finally:
        progress.finish()
    print_audit_summary(summary, as_json=args.json)
    strict = summary.findings.total(BACKEND_FINDINGS) if args.strict_backends else 0
    return EXIT_OK if summary.invalid == summary.refused == strict == 0 else EXIT_INVALID


# --- rewrite -------------------------------------------------------------------------


def _progress(args: argparse.Namespace) -> Progress:
    """The progress line on stderr, on a terminal only (rows read so far)."""
    return Progress(sys.stderr, unit="rows", enabled=not args.no_progress)


def _journal_name() -> str:
    return f"glance-locations-journal-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.jsonl"


def _check_olds(args: argparse.Namespace) -> None:
    """Stop before planning when an OLD of a flag is held by no row (a typo)."""
    from glance_locations.db._rewrite import unmatched  # noqa: PLC0415 (SQLAlchemy)

    olds = rule_olds(args)
    if not olds:
        return
    missing = unmatched(args.url, olds, lock_timeout=args.lock_timeout)
    if missing:
        option, old = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        flags = {"--rbd-fsid": args.rbd_fsid, "--rbd-pool": args.rbd_pool, "--host": args.host}
        raise CommandError(
            f"{option}: no row holds OLD {shown(old, flags[option])}{more}: nothing planned"
            " (a typo?)"
        )


def _cleanup(
    args: argparse.Namespace,
    report: Callable[[Decision], None],
    journal: Journal | None,
    progress: Progress,
) -> Outcome:
    from glance_locations.db._cleanup import delete_stale_placeholders  # noqa: PLC0415

    return delete_stale_placeholders(
        args.url,
        stale_after=stale_after(args),
        report=report,
        journal=journal,
        lock_timeout=args.lock_timeout,
        progress=progress.update,
    )


def _run_rewrite(args: argparse.Namespace) -> int:
    from glance_locations.db import CommitUnknown  # noqa: PLC0415 (SQLAlchemy: import time)
    from glance_locations.db._journal import Journal  # noqa: PLC0415
    from glance_locations.db._rewrite import rewrite_rows  # noqa: PLC0415

    conf = load_config(args.swift_config)
    cleanup = args.delete_stale_placeholders
    if cleanup and any_rule(args):
        raise CommandError("--delete-stale-placeholders takes no other rule: run it on its own")
    found = [] if cleanup else rules(args, conf)
    backends = backend_map(args)
    if args.assign_backends and backends is None:
        raise CommandError("--assign-backends needs --glance-config FILE")
    # The journal first: a path that exists or cannot be created stops the command
    # before any row is read.
    journal = Journal(args.journal or _journal_name()) if args.apply else None
    kept = False
    progress = _progress(args)

    def report(decision: Decision) -> None:
        progress.clear()
        print_decision(decision, as_json=args.json)

    try:
        _check_olds(args)
        outcome = (
            _cleanup(args, report, journal, progress)
            if cleanup
            else rewrite_rows(
                args.url,
                found,
                conf=conf,
                report=report,
                journal=journal,
                lock_timeout=args.lock_timeout,
                progress=progress.update,
                backends=backends,
                assign=args.assign_backends,
            )
        )
        kept = journal is not None and outcome.written > 0
    except CommitUnknown as exc:
        kept = True  # only a write commits: there is a journal, and it is whole
        path = journal.path if journal is not None else ""
        raise CommandError(
            f"{exc}; the journal {path!r} holds every change"
            f" (db undo --journal {path} puts back whatever was written)"
        ) from None
    except KeyboardInterrupt:
        if journal is None:
            raise
        raise CommandInterrupted(
            "interrupted: nothing was written (the transaction was rolled back)"
        ) from None
    finally:
        progress.finish()
        if journal is not None and not kept:
            journal.discard()  # nothing was written: no journal (an empty one, or partial)
        elif journal is not None:
            journal.close()
    print_rewrite_summary(
        outcome,
        apply=args.apply,
        journal=journal.path if kept and journal is not None else None,
        as_json=args.json,
    )
    counts = outcome.counts
    return (
        EXIT_OK
        if counts["invalid"] == counts["refused"] == counts["skipped"] == 0
        else EXIT_INVALID
    )


# --- undo ----------------------------------------------------------------------------


def _run_undo(args: argparse.Namespace) -> int:
    from glance_locations.db import undo  # noqa: PLC0415 (SQLAlchemy: import time)

    try:
        report = undo(args.url, journal=args.journal, lock_timeout=args.lock_timeout)
    except KeyboardInterrupt:
        raise CommandInterrupted(
            "interrupted: nothing was restored (the transaction was rolled back)"
        ) from None
    for row_id, reason in report.left_alone:
        write_line(f"row {row_id}: left alone: {reason}")
    write_line(f"{len(report.restored)} rows restored, {len(report.left_alone)} left alone")
    return EXIT_OK if not report.left_alone else EXIT_INVALID


# --- command line --------------------------------------------------------------------


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``db`` command and its ``audit``, ``rewrite`` and ``undo`` commands."""
    db = subparsers.add_parser(
        "db",
        help="audit and rewrite the locations in a Glance database (needs the db extra)",
        description="Audit and rewrite the image_locations of a Glance database.",
    )
    commands = db.add_subparsers(
        dest="db_command",
        required=True,
        metavar="COMMAND",
        title="commands",
        help="audit, rewrite or undo (db COMMAND --help tells more)",
    )

    audit = commands.add_parser(
        "audit",
        help="check every location row (read only): per store and backend, problems",
        description=(
            "Read every location row in one read-only transaction and print one line per "
            "problem (invalid, refused by the policy flags, duplicate), then a table per "
            "store and per backend. Exit 0 when no row is invalid or refused, 1 otherwise."
        ),
    )
    audit.add_argument("url", metavar="URL", help=URL_HELP)
    audit.add_argument("--json", action="store_true", help="print JSON lines instead")
    add_swift_config_option(audit)
    add_glance_config_options(audit)
    add_audit_finding_options(audit)
    audit.add_argument("--include-deleted", action="store_true", help="also rows marked deleted")
    add_lock_timeout(audit)
    add_jobs(audit)
    add_no_progress(audit)
    add_policy_options(audit)
    audit.set_defaults(run=_guarded(_run_audit))

    rewrite = commands.add_parser(
        "rewrite",
        help="rewrite locations by rules: a plan, or --apply in one transaction",
        description=(
            "Run every location row (deleted ones left out) through the rules, applied in "
            "this order: --rbd-fsid/--rbd-pool, --host, --swift-to-config, "
            "--strip-credentials, --cinder-backend, then --assign-backends. With "
            "--glance-config, an s3 row loses its keys only when meta_data.store names the "
            "s3 backend that holds it. Prints each change; writes nothing without --apply."
        ),
    )
    rewrite.add_argument("url", metavar="URL", help=URL_HELP)
    rule_flags = rewrite.add_argument_group("rules")
    rule_flags.add_argument(
        "--rbd-fsid", action="append", metavar="OLD=NEW", help="rbd cluster fsid to replace"
    )
    rule_flags.add_argument(
        "--rbd-pool", action="append", metavar="OLD=NEW", help="rbd pool to replace"
    )
    rule_flags.add_argument(
        "--host", action="append", metavar="OLD=NEW", help="http(s)/swift/s3/vsphere host"
    )
    rule_flags.add_argument(
        "--strip-credentials",
        action="append",
        metavar="STORE",
        help="remove the credentials of this store's URIs (repeatable): s3 (the backend's "
        "configured keys then apply), http (userinfo and query credentials: a pre-signed "
        "or token URL stops working without them)",
    )
    rule_flags.add_argument(
        "--swift-to-config",
        action="store_true",
        help="swift URIs matching a --swift-config reference become swift+config://",
    )
    rule_flags.add_argument(
        "--cinder-backend", metavar="NAME", help="cinder://ID becomes cinder://NAME/ID"
    )
    rule_flags.add_argument(
        "--assign-backends",
        action="store_true",
        help="set meta_data.store (other keys kept) to the one backend of --glance-config "
        "that holds the location; a location none or several could hold is refused",
    )
    add_cleanup_options(rewrite)
    add_swift_config_option(rewrite)
    add_glance_config_options(rewrite)
    rewrite.add_argument(
        "--apply", action="store_true", help="write the changes (one transaction)"
    )
    rewrite.add_argument(
        "--journal",
        metavar="FILE",
        help="journal of the changes, mode 0600 (default glance-locations-journal-TIME.jsonl)",
    )
    rewrite.add_argument("--json", action="store_true", help="print JSON lines instead")
    add_lock_timeout(rewrite)
    add_no_progress(rewrite)
    rewrite.set_defaults(run=_guarded(_run_rewrite))

    undo = commands.add_parser(
        "undo",
        help="put back the old values of a rewrite journal",
        description=(
            "Restore, in one transaction, the rows of a journal that still hold its new "
            "values; the others are reported and left alone (exit 1)."
        ),
    )
    undo.add_argument("url", metavar="URL", help=URL_HELP)
    undo.add_argument("--journal", required=True, metavar="FILE", help="the journal to undo")
    add_lock_timeout(undo)
    undo.set_defaults(run=_guarded(_run_undo))
