"""``glance-locations db audit | rewrite | undo``: the locations of a Glance database.

Nothing here imports SQLAlchemy until a ``db`` command runs (import time of the other
commands); without the ``db`` extra, a ``db`` command says how to install it. The work
is done by ``glance_locations.db`` (its private ``_audit`` module for the audit and the
plan); this module parses the arguments and prints.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from glance_locations.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    CommandError,
    add_policy_options,
    add_swift_config_option,
    json_line,
    load_config,
    policy_from,
    write_line,
)
from glance_locations.config import StoreConfig
from glance_locations.exceptions import GlanceStoreException

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers
    from glance_locations.db._audit import AuditSummary, Plan, Problem, Tally
    from glance_locations.rewrite import Change, Rule

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


def _problem_line(problem: Problem) -> str:
    where = problem.store if not problem.backend else f"{problem.store}, backend {problem.backend}"
    why = "; ".join(problem.reasons)
    return (
        f"row {problem.id} (image {problem.image_id}): {problem.status} ({where}): "
        f"{why} <{problem.uri}>"
    )


def _table(title: str, tallies: dict[str, Tally], *, none: str = "") -> list[str]:
    rows: list[tuple[str, ...]] = [(title, "rows", "valid", "invalid")]
    total = [0, 0, 0]
    for name, tally in sorted(tallies.items()):
        rows.append((name or none, str(tally.rows), str(tally.valid), str(tally.invalid)))
        total = [total[0] + tally.rows, total[1] + tally.valid, total[2] + tally.invalid]
    rows.append(("total", *map(str, total)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [
        "  ".join(
            [
                row[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
            ]
        )
        for row in rows
    ]


def _print_audit_summary(summary: AuditSummary) -> None:
    lines = [
        *_table("store", summary.by_store),
        "",
        *_table("backend", summary.by_backend, none="(none)"),
        "",
        f"rows with credentials in the URI: {summary.with_credentials}",
        f"duplicate rows (same location as another row): {summary.duplicates}",
    ]
    write_line("\n".join(lines))


def _run_audit(args: argparse.Namespace) -> int:
    from glance_locations.db._audit import audit  # noqa: PLC0415 (SQLAlchemy: import time)

    policy = policy_from(args)
    conf = load_config(args.swift_config)

    def report(problem: Problem) -> None:
        write_line(json_line(problem.to_json()) if args.json else _problem_line(problem))

    summary = audit(
        args.url, conf=conf, policy=policy, include_deleted=args.include_deleted, report=report
    )
    if args.json:
        write_line(json_line(summary.to_json()))
    else:
        _print_audit_summary(summary)
    return EXIT_OK if summary.invalid == summary.refused == 0 else EXIT_INVALID


# --- rewrite -------------------------------------------------------------------------


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values or ():
        old, equals, new = value.partition("=")
        if not equals or not old or not new:
            raise CommandError(f"{option}: expected OLD=NEW, not {value!r}")
        if old in mapping and mapping[old] != new:
            raise CommandError(f"{option}: {old!r} is mapped twice")
        mapping[old] = new
    return mapping


def _rules(args: argparse.Namespace, conf: StoreConfig | None) -> list[Rule]:
    """The rules the flags ask for, in a fixed order (see the command's help)."""
    from glance_locations import rewrite  # noqa: PLC0415 (only db rewrite needs it)

    fsids = _pairs(args.rbd_fsid, "--rbd-fsid")
    pools = _pairs(args.rbd_pool, "--rbd-pool")
    hosts = _pairs(args.host, "--host")
    rules: list[Rule] = []
    option = ""
    try:
        if fsids or pools:
            option = "--rbd-fsid/--rbd-pool"
            rules.append(rewrite.RbdRemap(fsids=fsids, pools=pools))
        if hosts:
            option = "--host"
            rules.append(rewrite.HostRename(hosts))
        if args.swift_to_config:
            option = "--swift-to-config"
            if conf is None:
                raise CommandError("--swift-to-config needs --swift-config FILE")
            rules.append(rewrite.SwiftToConfig(conf))
        if args.strip_credentials:
            # Until --strip-credentials STORE: the stores it has always stripped.
            rules.append(rewrite.StripCredentials(stores=("http", "s3", "swift")))
        if args.cinder_backend is not None:
            option = "--cinder-backend"
            rules.append(rewrite.CinderBackend(args.cinder_backend))
    except (GlanceStoreException, ValueError, TypeError) as exc:
        raise CommandError(f"{option}: {exc}") from None
    if not rules:
        raise CommandError(
            "no rule given (--rbd-fsid, --rbd-pool, --host, --strip-credentials, "
            "--swift-to-config, --cinder-backend)"
        )
    return rules


def _journal_name() -> str:
    return f"glance-locations-journal-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.jsonl"


def _print_planned(planned: Plan, *, as_json: bool) -> None:
    """One line for a row that changes, or is invalid or refused (URIs redacted)."""
    from glance_locations.db._rows import redacted_value  # noqa: PLC0415 (SQLAlchemy)

    change = planned.change
    before = redacted_value(change.before)
    if change.status == "changed":
        after = redacted_value(change.after or "")
        if as_json:
            record: dict[str, object] = {
                "type": "change",
                "id": change.key,
                "image_id": planned.image_id,
                "before": before,
                "after": after,
                "rule": change.rule,
            }
            write_line(json_line(record))
        else:
            write_line(
                f"row {change.key} (image {planned.image_id}): {before} -> {after} [{change.rule}]"
            )
    elif as_json:
        record = {
            "type": "problem",
            "id": change.key,
            "image_id": planned.image_id,
            "status": change.status,
            "rule": change.rule,
            "reason": change.reason,
            "uri": before,
        }
        write_line(json_line(record))
    else:
        rule = f" [{change.rule}]" if change.rule else ""
        write_line(
            f"row {change.key} (image {planned.image_id}): {change.status}{rule}: "
            f"{change.reason} <{before}>"
        )


def _run_rewrite(args: argparse.Namespace) -> int:
    from glance_locations.db import apply_changes  # noqa: PLC0415 (SQLAlchemy: import time)
    from glance_locations.db._audit import plan  # noqa: PLC0415 (SQLAlchemy: import time)

    conf = load_config(args.swift_config)
    rules = _rules(args, conf)
    counts = {"rows": 0, "changed": 0, "unchanged": 0, "invalid": 0, "refused": 0}
    changed: list[Change[int]] = []
    for planned in plan(args.url, rules, conf=conf):
        counts["rows"] += 1
        counts[planned.change.status] += 1
        if planned.change.status == "changed":
            changed.append(planned.change)
        if planned.change.status != "unchanged":
            _print_planned(planned, as_json=args.json)
    written = 0
    journal: str | None = None
    if args.apply and changed:
        path: str = args.journal or _journal_name()
        journal = path
        written = apply_changes(args.url, changed, journal=path, conf=conf)
    summary = {**counts, "written": written, "journal": journal}
    if args.json:
        write_line(json_line({"summary": summary}))
    else:
        write_line(
            f"{counts['rows']} rows: {counts['changed']} to change, {counts['unchanged']} "
            f"unchanged, {counts['invalid']} invalid, {counts['refused']} refused"
        )
        if not args.apply:
            write_line("dry run: nothing written (--apply writes the changes)")
        elif journal is None:
            write_line("nothing to write")
        else:
            write_line(f"{written} rows written; journal: {journal}")
    return EXIT_OK if counts["invalid"] == counts["refused"] == 0 else EXIT_INVALID


# --- undo ----------------------------------------------------------------------------


def _run_undo(args: argparse.Namespace) -> int:
    from glance_locations.db import undo  # noqa: PLC0415 (SQLAlchemy: import time)

    report = undo(args.url, journal=args.journal)
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
    audit.add_argument("--include-deleted", action="store_true", help="also rows marked deleted")
    add_policy_options(audit)
    audit.set_defaults(run=_guarded(_run_audit))

    rewrite = commands.add_parser(
        "rewrite",
        help="rewrite locations by rules: a plan, or --apply in one transaction",
        description=(
            "Run every location row (deleted ones left out) through the rules, applied in "
            "this order: --rbd-fsid/--rbd-pool, --host, --swift-to-config, "
            "--strip-credentials, --cinder-backend. Prints each change; writes nothing "
            "without --apply."
        ),
    )
    rewrite.add_argument("url", metavar="URL", help=URL_HELP)
    rules = rewrite.add_argument_group("rules")
    rules.add_argument(
        "--rbd-fsid", action="append", metavar="OLD=NEW", help="rbd cluster fsid to replace"
    )
    rules.add_argument(
        "--rbd-pool", action="append", metavar="OLD=NEW", help="rbd pool to replace"
    )
    rules.add_argument(
        "--host", action="append", metavar="OLD=NEW", help="http(s)/swift/s3/vsphere host"
    )
    rules.add_argument(
        "--strip-credentials", action="store_true", help="remove credentials from URIs"
    )
    rules.add_argument(
        "--swift-to-config",
        action="store_true",
        help="swift URIs matching a --swift-config reference become swift+config://",
    )
    rules.add_argument(
        "--cinder-backend", metavar="NAME", help="cinder://ID becomes cinder://NAME/ID"
    )
    add_swift_config_option(rewrite)
    rewrite.add_argument(
        "--apply", action="store_true", help="write the changes (one transaction)"
    )
    rewrite.add_argument(
        "--journal",
        metavar="FILE",
        help="journal of the changes, mode 0600 (default glance-locations-journal-TIME.jsonl)",
    )
    rewrite.add_argument("--json", action="store_true", help="print JSON lines instead")
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
    undo.set_defaults(run=_guarded(_run_undo))
