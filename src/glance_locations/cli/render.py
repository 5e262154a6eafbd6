"""``glance-locations render --store NAME [SPECS_JSON|-]``: the URIs built from store_specs."""

from __future__ import annotations

import argparse
import json
import re
from typing import TYPE_CHECKING, cast

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
from glance_locations.cli._locations import check_backend
from glance_locations.exceptions import GlanceStoreException
from glance_locations.fields import secret_fields
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    from glance_locations.cli._common import SubParsers

__all__ = ["add_parser"]


def add_parser(subparsers: SubParsers) -> None:
    """Add the ``render`` command."""
    render = subparsers.add_parser(
        "render",
        help="print the URI built from store_specs JSON",
        description=(
            "Build a location from glance_store-style store_specs (a JSON object, as "
            "specs --show-secrets prints it) and print its store URI, secrets masked as *** "
            "unless --show-secrets is given. Several objects (JSON lines, as specs prints "
            "them for several URIs) give one URI per line; specs the store refuses are "
            "reported on stderr."
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
        help="the specs JSON object(s), or - to read them from stdin (the default)",
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


def _read_specs(source: str) -> list[dict[str, object]]:
    """The specs JSON objects of the argument, or of stdin when it is ``-``."""
    if source == "-":
        try:
            text = stdin().read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"specs on stdin are not valid UTF-8 ({exc.reason})") from None
        except OSError as exc:
            raise CommandError(f"cannot read <stdin>: {exc.strerror}") from None
    else:
        text = check_argument(source, "SPECS_JSON argument")
    decoder = json.JSONDecoder()
    found: list[dict[str, object]] = []
    position = _skip_space(text, 0)
    while position < len(text) or not found:
        try:
            specs, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            # The message names the position, never the text (it may hold a secret).
            raise CommandError(
                f"specs are not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None
        except ValueError:  # an integer of more digits than int() converts
            raise CommandError("specs are not valid JSON: a number too large to convert") from None
        except RecursionError:
            raise CommandError("specs are not valid JSON: nested too deeply") from None
        if not isinstance(specs, dict):
            raise CommandError(f"specs must be a JSON object, not {type(specs).__name__}")
        found.append(cast("dict[str, object]", specs))  # a JSON object: str keys
        position = _skip_space(text, position)
    return found


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


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
    """Print one URI per specs object; exit status 1 when the store refuses one."""
    cls = _store_class(args.store)
    check_backend(args.backend)
    conf = load_config(args.swift_config)
    every_specs = _read_specs(args.specs)
    for specs in every_specs:
        masked = _masked_keys(cls, specs)
        if masked:
            raise CommandError(
                f"specs hold the mask {MASK!r} instead of a secret ({', '.join(masked)}): "
                "the URI would carry it as the credential; take the specs from "
                "`specs --show-secrets`"
            )
    status = EXIT_OK
    for specs in every_specs:
        try:
            location = cls.from_specs(specs, conf=conf, backend_group=args.backend)
        except GlanceStoreException as exc:
            warn(f"{exc}{swift_config_hint(specs.get('scheme'), conf)}")
            status = EXIT_INVALID
            continue
        write_line(shown_uri(location, show_secrets=args.show_secrets))
    return status
