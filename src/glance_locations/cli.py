"""The ``glance-locations`` command: parse, check and redact Glance location URIs.

Operators meet store URIs in database dumps, logs and ``openstack image show`` output;
this command uses the library as any user would. It knows every scheme of the default
registry, and works on store classes generically (their attrs fields, their secret
fields, their redacted URI), so a new store needs no change here.

Exit status: 0 when every location is valid, 1 when one is invalid (or refused by a
policy), 2 when the command cannot do its job: bad arguments, an unreadable file or
swift config, malformed input, a feature not available. Every error is one line on
stderr. No secret is printed unless ``--show-secrets`` asks for it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO

import attrs

from glance_locations._lex import MAX_URI_LENGTH, scheme_of
from glance_locations._location import Location
from glance_locations._redact import MASK, mask_uri
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import (
    BadStoreConfiguration,
    BadStoreUri,
    GlanceStoreException,
    UnknownScheme,
)
from glance_locations.fields import secret_fields
from glance_locations.policy import LocationPolicy
from glance_locations.registry import SchemeRegistry, default_registry

__all__ = ["main"]

PROG = "glance-locations"
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2

#: ``check`` reads at most this many bytes of a line: more than any valid URI can take
#: (4 bytes per character in UTF-8), so a longer line is invalid and is skipped unread.
LINE_LIMIT = 4 * (MAX_URI_LENGTH + 1) + 2
#: Problem lines show at most this many characters of a (redacted) URI.
SHOWN_URI_LENGTH = 200
UNKNOWN_STORE = "unknown"
_LINE_SPACE = " \t\r\n\f\v"  # around a URI on a line: ASCII white space only


class CommandError(Exception):
    """A problem that stops the command: one line on stderr, exit status 2."""


# --- locations -----------------------------------------------------------------------


def _store_names() -> dict[str, str]:
    """Map each registered scheme to its store's name (the scheme when none is set)."""
    return {scheme: info.store or scheme for scheme, info in default_registry.schemes.items()}


def _store_of(text: str, stores: dict[str, str]) -> str:
    return stores.get(scheme_of(text), UNKNOWN_STORE)


def _locator(
    conf: StoreConfig | None, backend: str | None
) -> Callable[[str], Location[StoreLocation]]:
    """Return a function parsing a URI with every registered scheme, for ``backend``."""
    if backend is None:
        return lambda uri: default_registry.get_location_from_uri(uri, conf)
    registry = SchemeRegistry()
    try:
        registry.register_scheme_backend_map(
            {scheme: {backend: info} for scheme, info in default_registry.schemes.items()}
        )
    except BadStoreConfiguration as exc:
        raise CommandError(f"--backend: {exc}") from None
    return lambda uri: registry.get_location_from_uri_and_backend(uri, backend, conf)


def _reason(exc: GlanceStoreException) -> str:
    """Why a URI was refused, without the URI (the caller shows it redacted)."""
    if isinstance(exc, BadStoreUri):
        return exc.reason
    if isinstance(exc, UnknownScheme) and not exc.scheme:
        return "not a URI: no 'scheme://' prefix"
    return str(exc)


def _shown_location(location: StoreLocation, *, show_secrets: bool) -> StoreLocation:
    """``location`` with each secret set to ``***``, unless secrets are to be shown.

    A secret field is one marked by ``secret_field``; what is derived from the result
    (fields, specs) is then masked too, whatever the store.
    """
    if show_secrets:
        return location
    secret_names = secret_fields(type(location))
    secrets = {
        field.name: MASK
        for field in attrs.fields(type(location))
        if field.name in secret_names and getattr(location, field.name) is not None
    }
    return attrs.evolve(location, **secrets) if secrets else location


def _public(field: attrs.Attribute[object], _: object) -> bool:
    """Whether a field is public (a private one is an implementation detail)."""
    return not field.name.startswith("_")


def _shown_uri(location: StoreLocation, *, show_secrets: bool) -> str:
    return location.get_uri() if show_secrets else location.get_redacted_uri()


def _load_config(path: str | None) -> StoreConfig | None:
    if path is None:
        return None
    try:
        return StoreConfig.from_swift_config(path)
    except BadStoreConfiguration as exc:
        raise CommandError(str(exc)) from None


def _check_argument(value: str, what: str) -> str:
    """Refuse an argument that was not valid UTF-8 (Python passes it with surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(f"{what} is not valid UTF-8") from None
    return value


def _json_line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _shown(uri: str) -> str:
    """A redacted URI, cut to a length that fits a problem line."""
    return uri if len(uri) <= SHOWN_URI_LENGTH else f"{uri[:SHOWN_URI_LENGTH]}..."


# --- input ---------------------------------------------------------------------------


def _stdin() -> IO[bytes]:
    if sys.stdin is None:  # started with file descriptor 0 closed
        raise CommandError("no standard input to read")
    return sys.stdin.buffer


@contextlib.contextmanager
def _open_input(path: str) -> Iterator[tuple[str, IO[bytes]]]:
    """Yield ``(name, binary stream)`` for a file name or ``-`` (standard input)."""
    if path == "-":
        yield "<stdin>", _stdin()
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as exc:
        raise CommandError(f"cannot read {path!r}: {exc.strerror}") from None
    with handle:
        yield path, handle


def _lines(stream: IO[bytes], name: str, limit: int = -1) -> Iterator[tuple[int, bytes, bool]]:
    """Yield ``(number, raw line, complete)`` one line at a time.

    With a ``limit``, a longer line is not kept: its first ``limit`` bytes are yielded
    with ``complete`` false and the rest is skipped, so memory stays bounded.
    """
    number = 0
    try:
        while line := stream.readline(limit):
            number += 1
            if limit < 0 or len(line) < limit or line.endswith(b"\n"):
                yield number, line, True
                continue
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield number, line, False
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror}") from None


def _decode(line: bytes, name: str, number: int) -> str:
    """Decode one line as UTF-8; the error names the line, column and byte."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{name}:{number}: not valid UTF-8 (byte 0x{line[exc.start]:02x} "
            f"at column {exc.start + 1})"
        ) from None


# --- parse ---------------------------------------------------------------------------


def _run_parse(args: argparse.Namespace) -> int:
    conf = _load_config(args.swift_config)
    locate = _locator(conf, args.backend)
    stores = _store_names()
    status = EXIT_OK
    for uri in args.uris:
        text = _check_argument(uri, "URI argument")
        try:
            location = locate(text)
        except GlanceStoreException as exc:
            status = EXIT_INVALID
            given = text if args.show_secrets else mask_uri(text)
            print(_json_line({"valid": False, "input": given, "error": _reason(exc)}))
            continue
        store_location = location.store_location
        shown = _shown_location(store_location, show_secrets=args.show_secrets)
        record = {
            "valid": True,
            "store": stores[location.store_name],
            "scheme": location.store_name,
            "class": type(store_location).__name__,
            "uri": _shown_uri(store_location, show_secrets=args.show_secrets),
            "fields": attrs.asdict(shown, recurse=False, filter=_public),
            "specs": shown.to_specs(),
        }
        print(_json_line(record))
    return status


# --- check ---------------------------------------------------------------------------


@attrs.define
class _Counts:
    valid: int = 0
    invalid: int = 0
    policy_violations: int = 0

    def add(self, other: _Counts) -> None:
        self.valid += other.valid
        self.invalid += other.invalid
        self.policy_violations += other.policy_violations


class _Progress:
    """Lines done and rate, on a terminal only, redrawn in place; erased when done."""

    EVERY = 10_000  # lines between looks at the clock: large inputs only
    INTERVAL = 0.2  # seconds between redraws

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream if stream.isatty() else None
        self._start = time.monotonic()
        self._drawn: float | None = None

    def update(self, lines: int) -> None:
        if self._stream is None or lines % self.EVERY:
            return
        now = time.monotonic()
        if self._drawn is not None and now - self._drawn < self.INTERVAL:
            return
        self._drawn = now
        rate = lines / max(now - self._start, 1e-9)
        self._stream.write(f"\r{PROG}: {lines:,} lines checked, {rate:,.0f} lines/s\x1b[K")
        self._stream.flush()

    def finish(self) -> None:
        if self._stream is not None and self._drawn is not None:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def _policy(args: argparse.Namespace) -> LocationPolicy:
    """The policy the flags ask for; with none, the permissive default."""
    schemes = None
    if args.allow_scheme is not None:
        schemes = frozenset(scheme.lower() for scheme in args.allow_scheme)
        unknown = sorted(schemes - set(default_registry.schemes))
        if unknown:
            known = ", ".join(sorted(default_registry.schemes))
            raise CommandError(
                f"--allow-scheme: unknown scheme {unknown[0]!r} (known schemes: {known})"
            )
    try:
        return LocationPolicy(
            allowed_schemes=schemes,
            file_roots=tuple(args.file_root or ()),
            allow_credentials_in_uri=not args.no_credentials,
            allow_private_hosts=not args.no_private_hosts,
            require_tls=args.require_tls,
        )
    except ValueError as exc:  # the message names the option and the value, no secret
        raise CommandError(f"policy: {exc}") from None


@attrs.define
class _Report:
    """What ``check`` prints: a line per problem as found, a summary table at the end."""

    name: str
    as_json: bool
    counts: dict[str, _Counts] = attrs.Factory(dict)

    def valid(self, store: str) -> None:
        self.counts.setdefault(store, _Counts()).valid += 1

    def invalid(self, number: int, store: str, reason: str | None, uri: str = "") -> None:
        """Count an invalid line; print it unless ``reason`` is None (said elsewhere)."""
        self.counts.setdefault(store, _Counts()).invalid += 1
        if reason is not None:
            self._problem(number, store, "invalid", (reason,), uri)

    def refused(self, number: int, store: str, reasons: tuple[str, ...], uri: str) -> None:
        self.counts.setdefault(store, _Counts()).policy_violations += 1
        self._problem(number, store, "refused", reasons, uri)

    def _problem(
        self, number: int, store: str, status: str, reasons: tuple[str, ...], uri: str
    ) -> None:
        if self.as_json:
            record = {
                "type": "problem",
                "line": number,
                "store": store,
                "status": status,
                "reasons": list(reasons),
                "uri": _shown(uri),
            }
            print(_json_line(record))
        else:
            why = "; ".join(reasons)
            print(f"{self.name}:{number}: {status} ({store}): {why} <{_shown(uri)}>")


def _run_check(args: argparse.Namespace) -> int:
    policy = _policy(args)
    conf = _load_config(args.swift_config)
    locate = _locator(conf, None)
    stores = _store_names()
    progress = _Progress(sys.stderr)
    with _open_input(args.file) as (name, stream):
        report = _Report(name, args.json)
        for number, raw, complete in _lines(stream, name, LINE_LIMIT):
            progress.update(number)
            if not complete:
                prefix = mask_uri(raw.decode("utf-8", "replace"))
                reason = f"URI is longer than {MAX_URI_LENGTH} characters (line skipped unread)"
                report.invalid(number, _store_of(prefix, stores), reason, prefix)
                continue
            try:
                text = _decode(raw, name, number)
            except CommandError as exc:
                # One bad line does not stop the check: say so on stderr, count it invalid.
                print(f"{PROG}: {exc}", file=sys.stderr)
                report.invalid(number, UNKNOWN_STORE, None)
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")  # a byte order mark, from an editor
            text = text.strip(_LINE_SPACE)
            if not text or text.startswith("#"):
                continue
            try:
                location = locate(text)
            except GlanceStoreException as exc:
                report.invalid(number, _store_of(text, stores), _reason(exc), mask_uri(text))
                continue
            store = stores[location.store_name]
            reasons = policy.violations(location)
            if reasons:
                report.refused(number, store, reasons, location.store_location.get_redacted_uri())
            else:
                report.valid(store)
    progress.finish()
    total = _Counts()
    for store_counts in report.counts.values():
        total.add(store_counts)
    _print_summary(report.counts, total, as_json=args.json)
    return EXIT_OK if total.invalid == total.policy_violations == 0 else EXIT_INVALID


def _print_summary(counts: dict[str, _Counts], total: _Counts, *, as_json: bool) -> None:
    order = list(dict.fromkeys([*_store_names().values(), UNKNOWN_STORE]))
    rows = sorted(counts.items(), key=lambda item: order.index(item[0]))
    if as_json:
        summary = {
            "type": "summary",
            "stores": {store: attrs.asdict(store_counts) for store, store_counts in rows},
            "total": attrs.asdict(total),
        }
        print(_json_line(summary))
        return
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
        print("  ".join(cells))


# --- redact --------------------------------------------------------------------------


class _Redactor:
    """Masks the credentials of every store URI (of a registered scheme) in free text.

    A URI runs from its scheme to the first white space, quote or angle bracket. One
    the library parses is replaced by its redacted URI when it holds a secret; one it
    cannot parse is masked generically (everything between ``://`` and the last ``@``).
    """

    def __init__(self, registry: SchemeRegistry) -> None:
        self._registry = registry
        schemes = sorted(registry.schemes, key=len, reverse=True)
        alternatives = "|".join(re.escape(scheme) for scheme in schemes)
        self._pattern = re.compile(
            rf"(?<![A-Za-z0-9+.\-])(?:{alternatives})://[^\s\"'<>`]*", re.IGNORECASE
        )

    def __call__(self, text: str) -> str:
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        token = match.group()
        try:
            location = self._registry.get_location_from_uri(token).store_location
        except GlanceStoreException:
            return mask_uri(token)
        redacted = location.get_redacted_uri()
        return token if redacted == location.get_uri() else redacted


def _run_redact(args: argparse.Namespace) -> int:
    redact = _Redactor(default_registry)
    out = sys.stdout.buffer
    with _open_input(args.file) as (name, stream):
        for number, raw, _ in _lines(stream, name):
            out.write(redact(_decode(raw, name, number)).encode("utf-8"))
    return EXIT_OK


# --- specs and render ----------------------------------------------------------------


def _run_specs(args: argparse.Namespace) -> int:
    conf = _load_config(args.swift_config)
    text = _check_argument(args.uri, "URI argument")
    try:
        location = _locator(conf, args.backend)(text).store_location
    except GlanceStoreException as exc:
        print(f"{PROG}: invalid store URI: {_reason(exc)} <{mask_uri(text)}>", file=sys.stderr)
        return EXIT_INVALID
    print(_json_line(_shown_location(location, show_secrets=args.show_secrets).to_specs()))
    return EXIT_OK


def _store_class(name: str) -> type[StoreLocation]:
    classes = {info.store: info.location_class for info in default_registry.schemes.values()}
    cls = classes.get(name)
    if cls is None:
        known = ", ".join(sorted(store for store in classes if store))
        raise CommandError(f"unknown store {name!r} (known stores: {known})")
    return cls


def _read_specs(source: str) -> dict[str, object]:
    """The specs JSON object from the argument, or from stdin when it is ``-``."""
    if source == "-":
        try:
            text = _stdin().read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"specs on stdin are not valid UTF-8 ({exc.reason})") from None
    else:
        text = _check_argument(source, "SPECS_JSON argument")
    try:
        specs = json.loads(text)
    except json.JSONDecodeError as exc:
        # The message names the position, never the text (it may hold a secret).
        raise CommandError(
            f"specs are not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(specs, dict):
        raise CommandError(f"specs must be a JSON object, not {type(specs).__name__}")
    return specs


def _run_render(args: argparse.Namespace) -> int:
    cls = _store_class(args.store)
    conf = _load_config(args.swift_config)
    specs = _read_specs(args.specs)
    try:
        location = cls.from_specs(specs, conf=conf, backend_group=args.backend)
    except GlanceStoreException as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(_shown_uri(location, show_secrets=args.show_secrets))
    return EXIT_OK


# --- command line --------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse, check and redact OpenStack Glance image location URIs.",
        epilog="Exit status: 0 all valid, 1 some location invalid, 2 usage or input error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def config_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--swift-config",
            metavar="FILE",
            help="glance-swift.conf with the references of swift+config:// URIs",
        )

    def secrets_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--show-secrets",
            action="store_true",
            help="print passwords and keys instead of ***",
        )

    parse = commands.add_parser(
        "parse", help="print each URI as a JSON object (store, scheme, fields, canonical URI)"
    )
    parse.add_argument("uris", nargs="+", metavar="URI")
    parse.add_argument(
        "--backend", metavar="NAME", help="the multi-backend store name the URIs belong to"
    )
    config_option(parse)
    secrets_option(parse)
    parse.set_defaults(run=_run_parse)

    check = commands.add_parser(
        "check",
        help="validate one URI per line; summary per store, one line per problem",
        description=(
            "Validate one store URI per line (blank lines and lines starting with '#' are "
            "skipped). Prints one line per problem (line number, reason, redacted URI), "
            "then a summary table per store."
        ),
    )
    check.add_argument("file", nargs="?", default="-", metavar="FILE", help="default: stdin")
    config_option(check)
    check.add_argument("--json", action="store_true", help="print JSON lines instead")
    policy = check.add_argument_group("policy")
    policy.add_argument(
        "--allow-scheme", action="append", metavar="S", help="accept only this scheme"
    )
    policy.add_argument(
        "--file-root", action="append", metavar="DIR", help="file URIs must lie under DIR"
    )
    policy.add_argument("--no-credentials", action="store_true", help="refuse credentials in URIs")
    policy.add_argument(
        "--no-private-hosts", action="store_true", help="refuse loopback and private hosts"
    )
    policy.add_argument(
        "--require-tls", action="store_true", help="refuse http, swift+http and s3+http"
    )
    check.set_defaults(run=_run_check)

    redact = commands.add_parser(
        "redact", help="copy text through, masking credentials in every store URI"
    )
    redact.add_argument("file", nargs="?", default="-", metavar="FILE", help="default: stdin")
    redact.set_defaults(run=_run_redact)

    specs = commands.add_parser("specs", help="print the store_specs of a URI as JSON")
    specs.add_argument("uri", metavar="URI")
    specs.add_argument("--backend", metavar="NAME")
    config_option(specs)
    secrets_option(specs)
    specs.set_defaults(run=_run_specs)

    render = commands.add_parser("render", help="print the URI built from store_specs JSON")
    render.add_argument("--store", required=True, metavar="NAME", help="e.g. swift, s3, rbd")
    render.add_argument(
        "specs", nargs="?", default="-", metavar="SPECS_JSON", help="default: stdin"
    )
    render.add_argument("--backend", metavar="NAME")
    config_option(render)
    secrets_option(render)
    render.set_defaults(run=_run_render)
    return parser


def _use_utf8(stream: object) -> None:
    """Write UTF-8 whatever the locale: JSON and the URIs read are UTF-8."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _use_utf8(sys.stdout)
    _use_utf8(sys.stderr)
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        status = run(args)
        sys.stdout.flush()
    except CommandError as exc:
        sys.stdout.flush()
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly; no flush at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return status
