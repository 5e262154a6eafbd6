"""Locations as the commands show them: store names, parsing, reasons, secrets masked."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from glance_locations._lex import scheme_of
from glance_locations._location import Location
from glance_locations._reasons import reason, swift_config_hint
from glance_locations._redact import MASK, mask_query, mask_uri
from glance_locations.base import StoreLocation
from glance_locations.cli._errors import CommandError
from glance_locations.config import StoreConfig
from glance_locations.exceptions import (
    BadStoreConfiguration,
)
from glance_locations.fields import secret_fields
from glance_locations.registry import SchemeRegistry, default_registry

__all__ = [
    "UNKNOWN_STORE",
    "check_backend",
    "load_config",
    "locator",
    "reason",
    "shown_fields",
    "shown_input",
    "shown_specs",
    "shown_uri",
    "store_names",
    "store_of",
    "swift_config_hint",
]

UNKNOWN_STORE = "unknown"


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


def check_backend(backend: str | None) -> str | None:
    """Refuse a ``--backend`` that no Glance backend can be named: ``enabled_backends`` is
    an oslo.config dict (``NAME:TYPE, ...``), so a name holds no ``:``, ``,`` or white
    space. The value is not quoted (a URI with a password given by mistake, say)."""
    if backend is None or not backend:
        return backend
    if not backend.isprintable() or any(c in backend for c in ":, \t"):
        raise CommandError(
            "--backend: not a backend name (Glance's enabled_backends = NAME:TYPE, ... names"
            " hold no ':', ',', white space or control character)"
        )
    return backend


def locator(
    conf: StoreConfig | None, backend: str | None
) -> Callable[[str], Location[StoreLocation]]:
    """Return a function parsing a URI with every registered scheme, for ``backend``."""
    check_backend(backend)
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
