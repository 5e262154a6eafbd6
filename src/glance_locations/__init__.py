"""Typed, immutable, strictly validated OpenStack Glance image locations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glance_locations._caches import CacheInfo, cache_clear, cache_info
    from glance_locations.base import Exposure
    from glance_locations.config import StoreConfig, SwiftReference
    from glance_locations.exceptions import (
        BadLocationEntry,
        BadStoreConfiguration,
        BadStoreLocation,
        BadStoreSpecs,
        BadStoreUri,
        ForbiddenLocation,
        GlanceStoreException,
        RewriteRefused,
        UnknownBackend,
        UnknownScheme,
    )
    from glance_locations.fields import SECRET, rule, secret_field, secret_fields, secret_repr
    from glance_locations.location import (
        Location,
        StoreLocation,
        get_location_from_uri,
        get_location_from_uri_and_backend,
        register_scheme_backend_map,
        register_scheme_map,
    )
    from glance_locations.policy import LocationPolicy
    from glance_locations.registry import SchemeInfo, SchemeMapEntry, SchemeRegistry
    from glance_locations.stores import (
        BuiltinStoreLocation,
        CinderStoreLocation,
        FilesystemStoreLocation,
        HttpStoreLocation,
        RbdStoreLocation,
        S3StoreLocation,
        SwiftStoreLocation,
        VMwareStoreLocation,
    )


__all__ = [
    "SECRET",
    "BadLocationEntry",
    "BadStoreConfiguration",
    "BadStoreLocation",
    "BadStoreSpecs",
    "BadStoreUri",
    "BuiltinStoreLocation",
    "CacheInfo",
    "CinderStoreLocation",
    "Exposure",
    "FilesystemStoreLocation",
    "ForbiddenLocation",
    "GlanceStoreException",
    "HttpStoreLocation",
    "Location",
    "LocationPolicy",
    "RbdStoreLocation",
    "RewriteRefused",
    "S3StoreLocation",
    "SchemeInfo",
    "SchemeMapEntry",
    "SchemeRegistry",
    "StoreConfig",
    "StoreLocation",
    "SwiftReference",
    "SwiftStoreLocation",
    "UnknownBackend",
    "UnknownScheme",
    "VMwareStoreLocation",
    "cache_clear",
    "cache_info",
    "get_location_from_uri",
    "get_location_from_uri_and_backend",
    "register_scheme_backend_map",
    "register_scheme_map",
    "rule",
    "secret_field",
    "secret_fields",
    "secret_repr",
]


# Each public name, by the module that defines it. ``import glance_locations`` loads none
# of them: a name is imported on first use (PEP 562), so a program that only parses URIs
# never pays for the policy, and ``from glance_locations import X`` loads what X needs.
_LAZY = {
    "BadLocationEntry": "glance_locations.exceptions",
    "BadStoreConfiguration": "glance_locations.exceptions",
    "BadStoreLocation": "glance_locations.exceptions",
    "BadStoreSpecs": "glance_locations.exceptions",
    "BadStoreUri": "glance_locations.exceptions",
    "BuiltinStoreLocation": "glance_locations.stores",
    "CinderStoreLocation": "glance_locations.stores",
    "Exposure": "glance_locations.base",
    "FilesystemStoreLocation": "glance_locations.stores",
    "ForbiddenLocation": "glance_locations.exceptions",
    "GlanceStoreException": "glance_locations.exceptions",
    "HttpStoreLocation": "glance_locations.stores",
    "Location": "glance_locations.location",
    "LocationPolicy": "glance_locations.policy",
    "RbdStoreLocation": "glance_locations.stores",
    "RewriteRefused": "glance_locations.exceptions",
    "S3StoreLocation": "glance_locations.stores",
    "SECRET": "glance_locations.fields",
    "SchemeInfo": "glance_locations.registry",
    "SchemeMapEntry": "glance_locations.registry",
    "SchemeRegistry": "glance_locations.registry",
    "StoreConfig": "glance_locations.config",
    "StoreLocation": "glance_locations.location",
    "SwiftReference": "glance_locations.config",
    "SwiftStoreLocation": "glance_locations.stores",
    "UnknownBackend": "glance_locations.exceptions",
    "UnknownScheme": "glance_locations.exceptions",
    "VMwareStoreLocation": "glance_locations.stores",
    "get_location_from_uri": "glance_locations.location",
    "get_location_from_uri_and_backend": "glance_locations.location",
    "register_scheme_backend_map": "glance_locations.location",
    "register_scheme_map": "glance_locations.location",
    "secret_field": "glance_locations.fields",
    "secret_fields": "glance_locations.fields",
    "secret_repr": "glance_locations.fields",
    "rule": "glance_locations.fields",
    "CacheInfo": "glance_locations._caches",
    "cache_clear": "glance_locations._caches",
    "cache_info": "glance_locations._caches",
}

if TYPE_CHECKING:
    #: The installed version (``importlib.metadata``; a source checkout's pyproject.toml).
    __version__: str
else:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is not None:
            import importlib  # noqa: PLC0415 (a builtin module: already loaded)

            value = getattr(importlib.import_module(module), name)
            globals()[name] = value  # looked up once
            return value
        # The version is looked up on first use: importlib.metadata costs import time.
        if name == "__version__":
            from glance_locations._version import version  # noqa: PLC0415 (see above)

            return version()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
