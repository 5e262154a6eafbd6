"""The location model of ``glance_store.location``, typed: same names, same functions."""

from __future__ import annotations

from glance_locations._location import Location
from glance_locations.base import StoreLocation
from glance_locations.registry import (
    get_location_from_uri,
    get_location_from_uri_and_backend,
    register_scheme_backend_map,
    register_scheme_map,
)

__all__ = [
    "Location",
    "StoreLocation",
    "get_location_from_uri",
    "get_location_from_uri_and_backend",
    "register_scheme_backend_map",
    "register_scheme_map",
]


def __dir__() -> list[str]:
    return __all__
