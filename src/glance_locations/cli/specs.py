"""``glance-locations specs URI...``: the store_specs of each URI, as JSON lines."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from glance_locations.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_backend_option,
    add_secrets_option,
    add_swift_config_option,
    json_line,
    load_config,
    locator,
    reason,
    shown_input,
    shown_specs,
    uri_arguments,
    warn,
    write_line,
)
from glance_locations.cli._reading import NO_LOCATION
from glance_locations.exceptions import GlanceStoreException

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers

__all__ = ["add_parser"]


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``specs`` command."""
    specs = subparsers.add_parser(
        "specs",
        help="print the store_specs of each URI as JSON",
        description=(
            "Print the glance_store-style store_specs of each store URI as one JSON object "
            "per line, secrets masked as *** unless --show-secrets is given (render refuses "
            "masked specs). The backend group is not part of the specs. An invalid URI is "
            "reported on stderr. A URI of '-' reads URIs from standard input, one per line."
        ),
    )
    specs.add_argument(
        "uris", nargs="+", metavar="URI", help="a store URI, or - to read them from stdin"
    )
    add_backend_option(specs, "the URI belongs to")
    add_swift_config_option(specs)
    add_secrets_option(specs)
    specs.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the specs of each URI; exit status 1 when one is invalid."""
    conf = load_config(args.swift_config)
    locate = locator(conf, args.backend)
    status = EXIT_OK
    for text, problem in uri_arguments(args.uris):
        if problem == NO_LOCATION:
            status = EXIT_INVALID  # said on stderr already
            continue
        if text is None:
            status = EXIT_INVALID
            warn(f"invalid store URI: {problem}")
            continue
        try:
            location = locate(text).store_location
        except GlanceStoreException as exc:
            status = EXIT_INVALID
            shown = shown_input(text, show_secrets=False)
            warn(f"invalid store URI: {reason(exc, text, conf)} <{shown}>")
            continue
        write_line(json_line(shown_specs(location, show_secrets=args.show_secrets)))
    return status
