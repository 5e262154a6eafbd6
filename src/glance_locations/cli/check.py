"""``glance-locations check FILE...``: validate every URI; a line per problem, a summary.

The inputs are streamed (memory does not grow with them) and the summary counts every
input together. A problem line names the file, the line, and for a CSV row its id or for
a JSON string its path: ``dump.csv:7: id=42: invalid (rbd): ... <rbd://...>``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from glance_locations._lex import scheme_of
from glance_locations._location import Location
from glance_locations._redact import mask_uri, redact
from glance_locations.base import StoreLocation
from glance_locations.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    UNKNOWN_STORE,
    CommandError,
    add_policy_options,
    add_swift_config_option,
    json_line,
    load_config,
    locator,
    open_input,
    policy_from,
    reason,
    store_names,
    store_of,
    warn,
    write_line,
)
from glance_locations.cli._inputs import FORMATS, Record, read_records
from glance_locations.cli._progress import Progress
from glance_locations.cli._reading import NO_LOCATION
from glance_locations.config import StoreConfig
from glance_locations.exceptions import GlanceStoreException, UnknownScheme
from glance_locations.policy import LocationPolicy
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers

__all__ = ["NOT_A_URI", "NO_LOCATION", "SHOWN_URI_LENGTH", "add_parser"]

#: Problem lines show at most this many characters of a (redacted) URI.
SHOWN_URI_LENGTH = 200
#: The reason given for a line that is not a store URI; the line itself is not shown.
NOT_A_URI = "not a store URI: no 'scheme://' prefix (line not shown)"
_URI_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_UNITS = {"lines": "lines", "csv": "rows", "tsv": "rows", "json": "URIs"}


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``check`` command."""
    check = subparsers.add_parser(
        "check",
        help="validate many URIs; a line per problem, a summary per store",
        description=(
            "Validate the store URIs of each FILE (one per line by default; see --input). "
            "Prints one line per problem (file, line, reason, redacted URI), then a "
            "summary table per store over all inputs. Exit status 0 when every URI is "
            "valid and allowed by the policy flags, 1 otherwise."
        ),
    )
    check.add_argument(
        "files",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="an input file, or - for stdin (the default); several are checked together",
    )
    check.add_argument(
        "--input",
        choices=FORMATS,
        default="lines",
        help="the input format: one URI per line (default); CSV or TSV with a header row "
        "(a database dump of image_locations); JSON (openstack image show/list -f json, "
        "or JSON lines), checking the strings under url, direct_url and value",
    )
    check.add_argument(
        "--column",
        metavar="NAME",
        help="csv/tsv: the column holding the URI (default: value)",
    )
    check.add_argument(
        "--id-column",
        metavar="NAME",
        help="csv/tsv: the column naming the row in problems (default: id, when present)",
    )
    add_swift_config_option(check)
    output = check.add_argument_group("output")
    output.add_argument(
        "--json", action="store_true", help="print JSON lines: one per problem, then a summary"
    )
    output.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the summary only (the exit status still tells whether all were valid)",
    )
    output.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line on stderr (shown on a terminal for large inputs)",
    )
    add_policy_options(check)
    check.set_defaults(run=run)


@attrs.define
class _Counts:
    valid: int = 0
    invalid: int = 0
    policy_violations: int = 0

    def add(self, other: _Counts) -> None:
        self.valid += other.valid
        self.invalid += other.invalid
        self.policy_violations += other.policy_violations


@attrs.define
class _Report:
    """What ``check`` prints: a line per problem as found, a summary table at the end."""

    as_json: bool
    quiet: bool
    progress: Progress
    counts: dict[str, _Counts] = attrs.Factory(dict[str, _Counts])

    def valid(self, store: str) -> None:
        self.counts.setdefault(store, _Counts()).valid += 1

    def invalid(self, name: str, record: Record, store: str, why: str, uri: str | None) -> None:
        """Count an invalid record and print it; ``uri`` (redacted) ``None``: not shown."""
        self.counts.setdefault(store, _Counts()).invalid += 1
        self._problem(name, record, store, "invalid", (why,), uri)

    def refused(
        self, name: str, record: Record, store: str, reasons: tuple[str, ...], uri: str
    ) -> None:
        self.counts.setdefault(store, _Counts()).policy_violations += 1
        self._problem(name, record, store, "refused", reasons, uri)

    def _problem(
        self,
        name: str,
        record: Record,
        store: str,
        status: str,
        reasons: tuple[str, ...],
        uri: str | None,
    ) -> None:
        if self.quiet:
            return
        shown = None if uri is None else _cut(uri)
        # An id column or a JSON key may hold anything, a URI with a password too.
        row_id = redact(record.row_id) if isinstance(record.row_id, str) else record.row_id
        path = None if record.path is None else redact(record.path)
        if self.as_json:
            where: dict[str, object] = {"file": name, "line": record.line}
            if row_id is not None:
                where["id"] = row_id
            if path is not None:
                where["path"] = path
            line = json_line(
                {
                    "type": "problem",
                    **where,
                    "store": store,
                    "status": status,
                    "reasons": list(reasons),
                    "uri": shown,
                }
            )
        else:
            label = f" id={row_id}:" if row_id is not None else f" {path}:" if path else ""
            tail = "" if shown is None else f" <{shown}>"
            line = f"{name}:{record.line}:{label} {status} ({store}): {'; '.join(reasons)}{tail}"
        self.progress.clear()  # a problem line never shares the screen line with it
        write_line(line)

    def summary(self) -> _Counts:
        """Print the summary table (or JSON line); return the totals."""
        total = _Counts()
        for counts in self.counts.values():
            total.add(counts)
        order = list(dict.fromkeys([*store_names().values(), UNKNOWN_STORE]))
        rows = sorted(self.counts.items(), key=lambda item: order.index(item[0]))
        if self.as_json:
            summary = {
                "type": "summary",
                "stores": {store: attrs.asdict(counts) for store, counts in rows},
                "total": attrs.asdict(total),
            }
            write_line(json_line(summary))
            return total
        header = ("store", "valid", "invalid", "policy violations")
        table = [header] + [
            (store, str(c.valid), str(c.invalid), str(c.policy_violations))
            for store, c in [*rows, ("total", total)]
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            cells = [row[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            ]
            write_line("  ".join(cells))
        return total


def _cut(uri: str) -> str:
    """A redacted URI, cut to a length that fits a problem line."""
    return uri if len(uri) <= SHOWN_URI_LENGTH else f"{uri[:SHOWN_URI_LENGTH]}..."


@attrs.define
class _Checker:
    """Checks one record after another, telling the report about each.

    A URI of a registered scheme is parsed by its class at once (``classes``), and the
    permissive default policy is not asked: on a file of a million lines these are a
    tenth of the time; ``locate`` takes the rest (and says what is wrong with it).
    """

    report: _Report
    policy: LocationPolicy
    conf: StoreConfig | None
    locate: Callable[[str], Location[StoreLocation]]
    stores: dict[str, str]
    classes: Mapping[str, type[StoreLocation]] = attrs.Factory(
        lambda: {scheme: info.location_class for scheme, info in default_registry.schemes.items()}
    )
    check_policy: bool = attrs.field(
        default=attrs.Factory(lambda self: self.policy != LocationPolicy(), takes_self=True)
    )

    def __call__(self, name: str, record: Record) -> None:
        text, report = record.text, self.report
        if text is None:
            store = UNKNOWN_STORE if record.shown is None else store_of(record.shown, self.stores)
            report.invalid(name, record, store, str(record.problem), record.shown)
            return
        scheme = scheme_of(text)
        cls = self.classes.get(scheme)
        try:
            location = (
                self.locate(text).store_location
                if cls is None
                else cls.from_uri(text, conf=self.conf)
            )
        except GlanceStoreException as exc:
            store = store_of(text, self.stores)
            if isinstance(exc, UnknownScheme) and _URI_START.match(text) is None:
                # A config line, a key, a note: not a URI, so nothing of it is shown.
                report.invalid(name, record, store, NOT_A_URI, None)
            else:
                why = reason(exc, text, self.conf)
                report.invalid(name, record, store, why, mask_uri(text))
            return
        store = self.stores[scheme]
        reasons = self.policy.violations(location) if self.check_policy else ()
        if reasons:
            report.refused(name, record, store, reasons, location.get_redacted_uri())
        else:
            report.valid(store)


def run(args: argparse.Namespace) -> int:
    """Check every input; exit status 1 when a URI is invalid or refused."""
    tabular = args.input in {"csv", "tsv"}
    for option, given in (("--column", args.column), ("--id-column", args.id_column)):
        if given is not None and not tabular:
            raise CommandError(f"{option} applies to --input csv or tsv only")
    policy = policy_from(args)
    conf = load_config(args.swift_config)
    progress = Progress(sys.stderr, unit=_UNITS[args.input], enabled=not args.no_progress)
    report = _Report(as_json=args.json, quiet=args.quiet, progress=progress)
    check = _Checker(report, policy, conf, locator(conf, None), store_names())
    done = 0
    empty = False
    for path in args.files:
        with open_input(path) as (name, stream):
            records = read_records(
                stream, name, args.input, column=args.column or "value", id_column=args.id_column
            )
            # Closed here, before its file, whatever stops the loop (a closed pipe, Ctrl-C).
            with contextlib.closing(records):
                before = done
                for record in records:
                    done += 1
                    progress.update(done)
                    check(name, record)
            if done == before:
                empty = True
                progress.clear()
                warn(f"{name}: {NO_LOCATION}")
    progress.finish()
    total = report.summary()
    if empty:
        return EXIT_INVALID  # nothing was checked is not a success
    return EXIT_OK if total.invalid == total.policy_violations == 0 else EXIT_INVALID
