"""Static types users see. mypy --strict checks this module; pytest runs it too."""

from __future__ import annotations

from typing_extensions import assert_never, assert_type

import glance_locations as gl
from glance_locations import (
    BuiltinStoreLocation,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    Location,
    RbdStoreLocation,
    S3StoreLocation,
    StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)


def test_location_is_generic_over_its_store_class() -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://f/p/i/s")
    assert_type(loc, Location[RbdStoreLocation])
    assert_type(loc.store_location, RbdStoreLocation)
    assert_type(loc.store_location.snapshot, str | None)
    assert loc.store_location.snapshot == "s"


def test_from_uri_returns_the_subclass() -> None:
    http = HttpStoreLocation.from_uri("https://h.example:8443/x")
    assert_type(http, HttpStoreLocation)
    assert_type(http.port, int | None)
    assert http.port == 8443


def test_registry_lookup_is_the_base_type() -> None:
    loc = gl.get_location_from_uri("file:///x/y")
    assert_type(loc, Location[StoreLocation])
    assert isinstance(loc.store_location, FilesystemStoreLocation)


def describe(loc: BuiltinStoreLocation) -> str:
    """Exhaustive match over the built-in union: mypy proves every class is handled."""
    if isinstance(loc, FilesystemStoreLocation):
        return "file"
    if isinstance(loc, HttpStoreLocation):
        return "http"
    if isinstance(loc, RbdStoreLocation):
        return "rbd"
    if isinstance(loc, CinderStoreLocation):
        return "cinder"
    if isinstance(loc, SwiftStoreLocation):
        return "swift"
    if isinstance(loc, S3StoreLocation):
        return "s3"
    if isinstance(loc, VMwareStoreLocation):
        return "vsphere"
    assert_never(loc)


def test_exhaustive_union() -> None:
    assert describe(RbdStoreLocation.from_uri("rbd://img")) == "rbd"
