"""``glance-locations parse URI...``: each URI as a JSON object, ``-`` for standard input."""

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
    shown_fields,
    shown_input,
    shown_specs,
    shown_uri,
    store_names,
    uri_arguments,
    write_line,
)
from glance_locations.cli._reading import NO_LOCATION
from glance_locations.exceptions import GlanceStoreException

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers

__all__ = ["add_parser"]


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``parse`` command."""
    parse = subparsers.add_parser(
        "parse",
        help="print each URI as a JSON object (store, scheme, fields, canonical URI)",
        description=(
            "Parse each store URI and print one JSON object per URI: its store, scheme, "
            "class, canonical URI (redacted), every field and its store_specs. An invalid "
            'URI gives {"valid": false, "input": ..., "error": ...} in its place. '
            "A URI of '-' reads URIs from standard input, one per line (blank lines skipped)."
        ),
    )
    parse.add_argument(
        "uris", nargs="+", metavar="URI", help="a store URI, or - to read them from stdin"
    )
    add_backend_option(parse, "the URIs belong to")
    add_swift_config_option(parse)
    add_secrets_option(parse)
    parse.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one JSON object per URI; exit status 1 when one is invalid."""
    conf = load_config(args.swift_config)
    locate = locator(conf, args.backend)
    stores = store_names()
    secrets: bool = args.show_secrets
    status = EXIT_OK
    for text, problem in uri_arguments(args.uris):
        if problem == NO_LOCATION:
            status = EXIT_INVALID  # said on stderr already
            continue
        if text is None:
            status = EXIT_INVALID
            write_line(json_line({"valid": False, "input": None, "error": problem}))
            continue
        try:
            location = locate(text)
        except GlanceStoreException as exc:
            status = EXIT_INVALID
            given = shown_input(text, show_secrets=secrets)
            write_line(
                json_line({"valid": False, "input": given, "error": reason(exc, text, conf)})
            )
            continue
        store_location = location.store_location
        record = {
            "valid": True,
            "store": stores[location.store_name],
            "scheme": location.store_name,
            "class": type(store_location).__name__,
            "uri": shown_uri(store_location, show_secrets=secrets),
            "fields": shown_fields(store_location, show_secrets=secrets),
            "specs": shown_specs(store_location, show_secrets=secrets),
        }
        write_line(json_line(record))
    return status
