"""``glance-locations render --store NAME [SPECS_JSON|-]``: the URI built from store_specs."""

from __future__ import annotations

import argparse
import json
import re

from glance_locations._redact import MASK, query_credentials
from glance_locations.base import StoreLocation
from glance_locations.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    CommandError,
    add_backend_option,
    add_secrets_option,
    add_swift_config_option,
    check_argument,
    load_config,
    shown_uri,
    stdin,
    swift_config_hint,
    warn,
    write_line,
)
from glance_locations.exceptions import GlanceStoreException
from glance_locations.fields import secret_fields
from glance_locations.registry import default_registry

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` command."""
    render = subparsers.add_parser(
        "render",
        help="print the URI built from store_specs JSON",
        description=(
            "Build a location from glance_store-style store_specs (a JSON object, as "
            "specs --show-secrets prints it) and print its store URI, secrets masked as *** "
            "unless --show-secrets is given."
        ),
    )
    render.add_argument(
        "--store",
        required=True,
        metavar="NAME",
        help="the store the specs belong to: a store, scheme or class name as parse prints "
        "them (file, http, rbd, cinder, swift, s3, vmware; https; HttpStoreLocation)",
    )
    render.add_argument(
        "specs",
        nargs="?",
        default="-",
        metavar="SPECS_JSON",
        help="the specs JSON object, or - to read it from stdin (the default)",
    )
    add_backend_option(render, "of the location (not part of the specs)")
    add_swift_config_option(render)
    add_secrets_option(render)
    render.set_defaults(run=run)


def _store_class(name: str) -> type[StoreLocation]:
    """The class of a store name, scheme or class name, as ``parse`` prints them."""
    schemes = default_registry.schemes
    names: dict[str, type[StoreLocation]] = {}
    for scheme, info in schemes.items():
        cls = info.location_class
        names.setdefault(info.store or scheme, cls)
        names.setdefault(scheme, cls)
        names.setdefault(cls.__name__, cls)
    found = names.get(name) or names.get(name.lower())
    if found is None:
        stores = ", ".join(sorted({info.store or s for s, info in schemes.items()}))
        raise CommandError(
            f"unknown store {name!r} (known stores: {stores}; "
            "a scheme or class name as parse prints them is accepted too)"
        )
    return found


def _read_specs(source: str) -> dict[str, object]:
    """The specs JSON object from the argument, or from stdin when it is ``-``."""
    if source == "-":
        try:
            text = stdin().read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"specs on stdin are not valid UTF-8 ({exc.reason})") from None
        except OSError as exc:
            raise CommandError(f"cannot read <stdin>: {exc.strerror}") from None
    else:
        text = check_argument(source, "SPECS_JSON argument")
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


def _masked_keys(cls: type[StoreLocation], specs: dict[str, object]) -> list[str]:
    """The specs keys (and query parameters) that hold the mask ``***``, not a secret."""
    masked = [name for name in secret_fields(cls) if specs.get(name) == MASK]
    query = specs.get("query")
    if isinstance(query, str):
        for parameter in re.split(r"[&;]", query):
            if parameter.partition("=")[2] == MASK and query_credentials(parameter):
                masked.append(f"query parameter {parameter.partition('=')[0]}")
    return masked


def run(args: argparse.Namespace) -> int:
    """Print the URI; exit status 1 for specs the store refuses."""
    cls = _store_class(args.store)
    conf = load_config(args.swift_config)
    specs = _read_specs(args.specs)
    masked = _masked_keys(cls, specs)
    if masked:
        raise CommandError(
            f"specs hold the mask {MASK!r} instead of a secret ({', '.join(masked)}): the "
            "URI would carry it as the credential; take the specs from "
            "`specs --show-secrets`"
        )
    try:
        location = cls.from_specs(specs, conf=conf, backend_group=args.backend)
    except GlanceStoreException as exc:
        warn(f"{exc}{swift_config_hint(specs.get('scheme'), conf)}")
        return EXIT_INVALID
    write_line(shown_uri(location, show_secrets=args.show_secrets))
    return EXIT_OK
