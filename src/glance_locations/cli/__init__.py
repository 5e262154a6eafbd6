"""The ``glance-locations`` command: parse, check and redact Glance location URIs.

Operators meet store URIs in database dumps, logs and ``openstack image show`` output;
this command uses the library as any user would. It knows every scheme of the default
registry, and works on store classes generically (their attrs fields, their secret
fields, their redacted URI), so a new store needs no change here.

One module per command (``parse``, ``check``, ``redact``, ``specs``, ``render``,
``db``), each with ``add_parser(subparsers)``, listed in :data:`COMMANDS`; what they share (exit
statuses and the error boundary, terminal-safe output, input, options) is in the
private modules that ``_common`` gathers. A new command is a module
with ``add_parser`` added to :data:`COMMANDS`.

Exit status: 0 when every location is valid, 1 when one is invalid (or refused by a
policy), 2 when the command cannot do its job: bad arguments, an unreadable file or
swift config, malformed input, output that cannot be written. Every error is one line
on stderr, prefixed ``glance-locations: error:``. No secret is printed unless
``--show-secrets`` asks for it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable, Sequence

from glance_locations._redact import mask_arguments
from glance_locations.cli import check, db, parse, redact, render, specs
from glance_locations.cli._errors import EXIT_ERROR, run_command
from glance_locations.cli._output import (
    PROG,
    OutputError,
    flush_output,
    terminal_safe,
    write_line,
)

__all__ = ["main"]

#: The command modules, in the order ``--help`` lists them.
COMMANDS = (parse, check, redact, specs, render, db)


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for (import time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from glance_locations._version import version  # noqa: PLC0415 (import time)

        try:
            write_line(f"{PROG} {version()}")
            flush_output()
        except OutputError as exc:
            parser.exit(EXIT_ERROR, f"{PROG}: error: {exc}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse, check and redact OpenStack Glance image location URIs.",
        epilog="Exit status: 0 all valid, 1 some location invalid, 2 usage or input error.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    subparsers = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        title="commands",
        help="what to do (COMMAND --help tells more)",
    )
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def _use_utf8(stream: object) -> None:
    """Write UTF-8 whatever the locale: JSON and the URIs read are UTF-8."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def _parse_arguments(arguments: list[str]) -> argparse.Namespace:
    """``parse_args``, with the arguments masked in what argparse writes to stderr.

    argparse quotes arguments in its errors (``unrecognized arguments: URI``), and an
    argument may be a URI with a password, or hold control characters: each line is
    masked and made terminal-safe.
    """
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            return _parser().parse_args(arguments)
    finally:
        if sys.stderr is not None:
            masked = mask_arguments(errors.getvalue(), arguments)
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(
                    "".join(f"{terminal_safe(line)}\n" for line in masked.splitlines())
                )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _use_utf8(sys.stdout)
    _use_utf8(sys.stderr)
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parse_arguments(arguments)
    run: Callable[[argparse.Namespace], int] = args.run
    return run_command(run, args, arguments)
