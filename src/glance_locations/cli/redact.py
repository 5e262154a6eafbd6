"""``glance-locations redact [FILE|-]``: text copied through, credentials masked."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from glance_locations._redact import redact_bytes
from glance_locations.cli._common import EXIT_OK, open_input, read_lines, write_bytes

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers

__all__ = ["add_parser"]


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``redact`` command."""
    redact = subparsers.add_parser(
        "redact",
        help="copy text through, masking the credentials of every URI (any scheme; plain, "
        "JSON-escaped or percent-encoded); bytes that are not UTF-8 pass unchanged",
        description=(
            "Copy text (a log, a dump) to standard output with the credentials of every "
            "scheme:// URI in it masked as ***: userinfo and credential query parameters, "
            "written plainly, JSON-escaped or percent-encoded. Bytes that are not UTF-8 "
            "pass through unchanged."
        ),
    )
    redact.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="the text to copy (default: stdin)"
    )
    redact.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Copy the input through, line by line."""
    with open_input(args.file) as (name, stream):
        for _, raw, _ in read_lines(stream, name):
            write_bytes(redact_bytes(raw))  # bytes that are not UTF-8 pass through as they are
    return EXIT_OK
