"""``glance-locations specs URI``: the store_specs of a URI, as JSON."""

from __future__ import annotations

import argparse

from glance_locations.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_backend_option,
    add_secrets_option,
    add_swift_config_option,
    check_argument,
    json_line,
    load_config,
    locator,
    reason,
    shown_input,
    shown_specs,
    warn,
    write_line,
)
from glance_locations.exceptions import GlanceStoreException

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``specs`` command."""
    specs = subparsers.add_parser(
        "specs",
        help="print the store_specs of a URI as JSON",
        description=(
            "Print the glance_store-style store_specs of a store URI as one JSON object, "
            "secrets masked as *** unless --show-secrets is given (render refuses masked "
            "specs). The backend group is not part of the specs."
        ),
    )
    specs.add_argument("uri", metavar="URI", help="the store URI")
    add_backend_option(specs, "the URI belongs to")
    add_swift_config_option(specs)
    add_secrets_option(specs)
    specs.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the specs; exit status 1 for an invalid URI."""
    conf = load_config(args.swift_config)
    text = check_argument(args.uri, "URI argument")
    try:
        location = locator(conf, args.backend)(text).store_location
    except GlanceStoreException as exc:
        shown = shown_input(text, show_secrets=False)
        warn(f"invalid store URI: {reason(exc, text, conf)} <{shown}>")
        return EXIT_INVALID
    write_line(json_line(shown_specs(location, show_secrets=args.show_secrets)))
    return EXIT_OK
