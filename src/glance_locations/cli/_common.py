"""What every command shares: exit statuses, errors, output, input, locations, options.

A command module (``parse.py``, ``check.py``, ...) has ``add_parser(subparsers)``, which
adds its subcommand and sets ``run`` (``Callable[[argparse.Namespace], int]``, returning
the exit status) as the parser's default; it writes through :func:`write_line` and raises
:class:`CommandError` for anything that stops it. ``main`` (``__init__.py``) does the rest:
masked one-line errors, output failures, a closed pipe, Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Generator, Iterator
from typing import IO, TYPE_CHECKING, TextIO

import attrs

from glance_locations._lex import scheme_of
from glance_locations._location import Location
from glance_locations._redact import MASK, mask_query, mask_uri, redact
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

if TYPE_CHECKING:
    # What add_parser of a command module takes; argparse names its class privately.
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # pyright: ignore[reportPrivateUsage]

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "PROG",
    "SWIFT_CONFIG_HINT",
    "UNKNOWN_STORE",
    "CommandError",
    "OutputError",
    "add_backend_option",
    "add_policy_options",
    "add_secrets_option",
    "add_swift_config_option",
    "check_argument",
    "decode_line",
    "flush_output",
    "json_line",
    "load_config",
    "locator",
    "open_input",
    "policy_from",
    "read_lines",
    "reason",
    "shown_fields",
    "shown_input",
    "shown_specs",
    "shown_uri",
    "stdin",
    "store_names",
    "store_of",
    "swift_config_hint",
    "undecodable",
    "warn",
    "write_bytes",
    "write_line",
]

PROG = "glance-locations"
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
UNKNOWN_STORE = "unknown"
_LINE_SPACE = " \t\r\n\f\v"  # around a URI on a line: ASCII white space only


class CommandError(Exception):
    """A problem that stops the command: one line on stderr, exit status 2.

    The message may quote arguments and file names: ``main`` masks what may be a
    secret in it before printing.
    """


class OutputError(Exception):
    """Standard output cannot be written (closed, a full disk): exit status 2."""


# --- output --------------------------------------------------------------------------


def _stdout() -> TextIO:
    if sys.stdout is None:  # started with file descriptor 1 closed
        raise OutputError("cannot write to standard output: it is closed")
    return sys.stdout


def write_line(text: str) -> None:
    """Write one line to standard output.

    :raises BrokenPipeError: the reader went away (``| head``); ``main`` stops quietly.
    :raises OutputError: any other write failure (``/dev/full``: no space left).
    """
    stream = _stdout()
    try:
        stream.write(f"{text}\n")
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def write_bytes(data: bytes) -> None:
    """Write bytes to standard output, as :func:`write_line` writes text.

    A command writes either text or bytes: the two are buffered apart.
    """
    stream = _stdout()
    try:
        stream.buffer.write(data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def flush_output() -> None:
    """Flush standard output (where a full disk shows), as :func:`write_line` writes."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program's name; never fails."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):
        sys.stderr.write(f"{PROG}: {message}\n")
        sys.stderr.flush()


def json_line(obj: object) -> str:
    """``obj`` as one line of JSON (UTF-8 as is, not ``\\u`` escapes)."""
    return json.dumps(obj, ensure_ascii=False)


# --- input ---------------------------------------------------------------------------


def stdin() -> IO[bytes]:
    """Standard input, as bytes.

    :raises CommandError: the command was started with standard input closed.
    """
    if sys.stdin is None:  # started with file descriptor 0 closed
        raise CommandError("no standard input to read")
    return sys.stdin.buffer


@contextlib.contextmanager
def open_input(path: str) -> Generator[tuple[str, IO[bytes]]]:
    """Yield ``(name, binary stream)`` for a file name or ``-`` (standard input).

    The name is the one problem lines show: ``<stdin>``, or the path redacted.
    """
    if path == "-":
        yield "<stdin>", stdin()
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as exc:
        raise CommandError(f"cannot read {path!r}: {exc.strerror}") from None
    with handle:
        yield redact(path), handle


def read_lines(stream: IO[bytes], name: str, limit: int = -1) -> Iterator[tuple[int, bytes, bool]]:
    """Yield ``(number, raw line, complete)`` one line at a time.

    With a ``limit``, a longer line is not kept: its first ``limit`` bytes are yielded
    with ``complete`` false and the rest is skipped, so memory stays bounded.

    :raises CommandError: reading failed.
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


def undecodable(data: bytes, error: UnicodeDecodeError) -> str:
    """Why ``data`` is not UTF-8: the byte and its column, never the text."""
    return f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {error.start + 1})"


def decode_line(line: bytes, name: str, number: int) -> str:
    """Decode one line as UTF-8.

    :raises CommandError: not UTF-8; the message names the line, column and byte.
    """
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name}:{number}: {undecodable(line, exc)}") from None


def check_argument(value: str, what: str) -> str:
    """Refuse an argument that was not valid UTF-8 (Python passes it with surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(f"{what} is not valid UTF-8") from None
    return value


def uri_arguments(uris: list[str]) -> Iterator[tuple[str | None, str | None]]:
    """Yield ``(text, problem)`` per URI: the arguments, and the lines of stdin for ``-``.

    A line of stdin that is not UTF-8 comes as ``(None, problem)``; blank lines are
    skipped, and white space around a URI.
    """
    for uri in uris:
        if uri != "-":
            yield check_argument(uri, "URI argument"), None
            continue
        for number, raw, _ in read_lines(stdin(), "<stdin>"):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield None, f"<stdin>:{number}: {undecodable(raw, exc)}"
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")  # a byte order mark, from an editor
            text = text.strip(_LINE_SPACE)
            if text:
                yield text, None


# --- locations -----------------------------------------------------------------------


def store_names() -> dict[str, str]:
    """Map each registered scheme to its store's name (the scheme when none is set)."""
    return {scheme: info.store or scheme for scheme, info in default_registry.schemes.items()}


def store_of(text: str, stores: dict[str, str]) -> str:
    """The store a URI's scheme names, ``unknown`` when none does."""
    return stores.get(scheme_of(text), UNKNOWN_STORE)


def load_config(path: str | None) -> StoreConfig | None:
    """The swift configuration of ``--swift-config``, or ``None`` without one."""
    if path is None:
        return None
    try:
        return StoreConfig.from_swift_config(path)
    except BadStoreConfiguration as exc:
        raise CommandError(str(exc)) from None


def locator(
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


SWIFT_CONFIG_HINT = "pass --swift-config FILE, the glance-swift.conf that defines it"


def swift_config_hint(scheme: object, conf: StoreConfig | None) -> str:
    """``" (pass --swift-config FILE ...)"`` for a swift+config location without config."""
    if conf is None and isinstance(scheme, str) and scheme.lower() == "swift+config":
        return f" ({SWIFT_CONFIG_HINT})"
    return ""


def reason(exc: GlanceStoreException, text: str, conf: StoreConfig | None) -> str:
    """Why the URI ``text`` was refused, without the URI (the caller shows it redacted)."""
    if isinstance(exc, BadStoreUri):
        return exc.reason + swift_config_hint(scheme_of(text), conf)
    if isinstance(exc, UnknownScheme) and not exc.scheme:
        return "not a URI: no 'scheme://' prefix"
    return str(exc)


def shown_uri(location: StoreLocation, *, show_secrets: bool) -> str:
    """The location's URI, redacted unless secrets are to be shown."""
    return location.get_uri() if show_secrets else location.get_redacted_uri()


def _masked(values: dict[str, object], secrets: tuple[str, ...]) -> dict[str, object]:
    """``values`` with every set secret as ``***`` and the credentials of a query masked.

    The dicts are masked, not the location: a location with ``***`` for a secret may not
    be valid at all (the model validates every instance).
    """
    shown = dict(values)
    for name, value in values.items():
        if name in secrets and value is not None:
            shown[name] = MASK
        elif name == "query" and isinstance(value, str):  # where URL credentials travel
            shown[name] = mask_query(value)
    return shown


def shown_fields(location: StoreLocation, *, show_secrets: bool) -> dict[str, object]:
    """The public attrs fields of ``location``; secrets masked unless asked for."""
    fields = {
        field.name: getattr(location, field.name)
        for field in attrs.fields(type(location))
        if not field.name.startswith("_")  # a private field is an implementation detail
    }
    return fields if show_secrets else _masked(fields, secret_fields(type(location)))


def shown_specs(location: StoreLocation, *, show_secrets: bool) -> dict[str, object]:
    """``location.to_specs()``; secrets masked unless asked for."""
    specs = location.to_specs()
    return specs if show_secrets else _masked(specs, secret_fields(type(location)))


def shown_input(text: str, *, show_secrets: bool) -> str:
    """An input that is not a valid URI, as a message may show it."""
    return text if show_secrets else mask_uri(text)


# --- options -------------------------------------------------------------------------


def add_swift_config_option(command: argparse.ArgumentParser) -> None:
    """``--swift-config FILE``: the references of ``swift+config://`` URIs."""
    command.add_argument(
        "--swift-config",
        metavar="FILE",
        help="glance-swift.conf with the references that swift+config:// URIs name",
    )


def add_secrets_option(command: argparse.ArgumentParser) -> None:
    """``--show-secrets``: print passwords and keys instead of ``***``."""
    command.add_argument(
        "--show-secrets",
        action="store_true",
        help="print passwords, keys and query credentials instead of ***",
    )


def add_backend_option(command: argparse.ArgumentParser, what: str) -> None:
    """``--backend NAME``: the multi-backend store (backend group) of the locations."""
    command.add_argument(
        "--backend",
        metavar="NAME",
        help=f"the multi-backend store name (backend group) {what}",
    )


def add_policy_options(command: argparse.ArgumentParser) -> None:
    """The ``LocationPolicy`` flags, in their own help group; none is on by default."""
    policy = command.add_argument_group(
        "policy", "refuse valid locations that an untrusted user must not give (LocationPolicy)"
    )
    policy.add_argument(
        "--allow-scheme",
        action="append",
        metavar="S",
        help="accept only this scheme (repeatable)",
    )
    policy.add_argument(
        "--file-root",
        action="append",
        metavar="DIR",
        help="file URIs must lie under DIR (repeatable)",
    )
    policy.add_argument(
        "--no-credentials",
        action="store_true",
        help="refuse credentials in URIs (userinfo, keys, credential query parameters)",
    )
    policy.add_argument(
        "--no-private-hosts",
        action="store_true",
        help="refuse loopback, private and other non-global hosts",
    )
    policy.add_argument(
        "--require-tls", action="store_true", help="refuse http, swift+http and s3+http"
    )


def policy_from(args: argparse.Namespace) -> LocationPolicy:
    """The policy the flags of :func:`add_policy_options` ask for (permissive by default)."""
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
