"""Typed, immutable, strictly validated OpenStack Glance image locations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from glance_locations.base import Exposure
from glance_locations.config import StoreConfig, SwiftReference
from glance_locations.exceptions import (
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
from glance_locations.fields import SECRET, secret_field, secret_fields
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
    "BadStoreConfiguration",
    "BadStoreLocation",
    "BadStoreSpecs",
    "BadStoreUri",
    "BuiltinStoreLocation",
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
    "get_location_from_uri",
    "get_location_from_uri_and_backend",
    "register_scheme_backend_map",
    "register_scheme_map",
    "secret_field",
    "secret_fields",
]


if TYPE_CHECKING:
    #: The installed version (``importlib.metadata``; a source checkout's pyproject.toml).
    __version__: str
else:

    def __getattr__(name: str) -> str:
        # The version is looked up on first use: importlib.metadata costs import time.
        if name == "__version__":
            from glance_locations._version import version  # noqa: PLC0415 (see above)

            return version()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
