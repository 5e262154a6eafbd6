"""The example URIs of glance_store's ``get_location_from_uri`` documentation, and the
registration of the swift, s3 and vsphere stores."""

from __future__ import annotations

import typing

import pytest

import glance_locations as gl
from glance_locations import (
    BadStoreUri,
    FilesystemStoreLocation,
    HttpStoreLocation,
    S3StoreLocation,
    StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)
from glance_locations.registry import default_registry
from glance_locations.stores import BUILTIN_STORES, BuiltinStoreLocation

DOCUMENTED = [
    pytest.param(
        "https://user:pass@example.com:80/images/some-id",
        HttpStoreLocation,
        "https://user:pass@example.com:80/images/some-id",
        id="https",
    ),
    pytest.param(
        "http://example.com/123456", HttpStoreLocation, "http://example.com/123456", id="http"
    ),
    pytest.param(
        "swift://example.com/container/obj-id",
        SwiftStoreLocation,
        "swift://example.com/container/obj-id",
        id="swift",
    ),
    pytest.param(
        "swift://user:account:pass@authurl.com/container/obj-id",
        SwiftStoreLocation,
        "swift://user%3Aaccount:pass@authurl.com/container/obj-id",
        id="swift-account",
    ),
    pytest.param(
        "swift+http://user:account:pass@authurl.com/container/obj-id",
        SwiftStoreLocation,
        "swift+http://user%3Aaccount:pass@authurl.com/container/obj-id",
        id="swift-http-account",
    ),
    pytest.param(
        "file:///var/lib/glance/images/1",
        FilesystemStoreLocation,
        "file:///var/lib/glance/images/1",
        id="file",
    ),
    pytest.param(
        "s3://accesskey:secretkey@s3.amazonaws.com/bucket/key-id",
        S3StoreLocation,
        "s3://accesskey:secretkey@s3.amazonaws.com/bucket/key-id",
        id="s3",
    ),
    pytest.param(
        "s3+https://accesskey:secretkey@s3.amazonaws.com/bucket/key-id",
        S3StoreLocation,
        "s3+https://accesskey:secretkey@s3.amazonaws.com/bucket/key-id",
        id="s3-https",
    ),
]


@pytest.mark.parametrize(("uri", "cls", "canonical"), DOCUMENTED)
def test_documented_example(uri: str, cls: type[StoreLocation], canonical: str) -> None:
    location = gl.get_location_from_uri(uri)
    assert location.store_name == uri.partition("://")[0]
    assert type(location.store_location) is cls
    assert location.get_store_uri() == canonical


def test_documented_swift_account_user() -> None:
    loc = gl.get_location_from_uri(
        "swift://user:account:pass@authurl.com/container/obj-id"
    ).store_location
    assert isinstance(loc, SwiftStoreLocation)
    assert (loc.user, loc.key, loc.auth_or_store_url) == ("user:account", "pass", "authurl.com")


def test_documented_cinder_placeholder_is_rejected() -> None:
    with pytest.raises(BadStoreUri, match="volume id: must be a UUID"):
        gl.get_location_from_uri("cinder://volume-id")


@pytest.mark.parametrize(
    ("store", "cls", "schemes"),
    [
        ("swift", SwiftStoreLocation, ("swift", "swift+http", "swift+https", "swift+config")),
        ("s3", S3StoreLocation, ("s3", "s3+http", "s3+https")),
        ("vmware", VMwareStoreLocation, ("vsphere",)),
    ],
)
def test_registered(store: str, cls: type[StoreLocation], schemes: tuple[str, ...]) -> None:
    assert BUILTIN_STORES[store] is cls
    assert schemes == cls.SCHEMES
    assert cls in typing.get_args(BuiltinStoreLocation)
    assert getattr(gl, cls.__name__) is cls
    assert cls.__name__ in gl.__all__
    for scheme in schemes:
        assert default_registry.schemes[scheme].location_class is cls
        assert default_registry.schemes[scheme].store == store
