"""Location: construction, public image URI, immutability, pickling."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from yarl import URL

from glance_locations import (
    BadStoreUri,
    CinderStoreLocation,
    HttpStoreLocation,
    Location,
    RbdStoreLocation,
)

IMAGE_ID = "0b1b2c3d-0000-4000-8000-000000000001"


def test_from_uri() -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://f/p/i/s", image_id=IMAGE_ID)
    assert loc.store_name == "rbd"
    assert loc.store_location == RbdStoreLocation(fsid="f", pool="p", image="i", snapshot="s")
    assert loc.image_id == IMAGE_ID
    assert loc.backend is None
    assert loc.get_store_uri() == "rbd://f/p/i/s"


def test_from_yarl_url() -> None:
    loc = Location("http", HttpStoreLocation, None, uri=URL("http://example.com/a"))
    assert loc.get_store_uri() == "http://example.com/a"


def test_backend_becomes_backend_group() -> None:
    volume = "12345678-9012-3455-6789-012345678901"
    loc = Location("cinder", CinderStoreLocation, None, uri=f"cinder://{volume}", backend="fast")
    assert loc.backend == "fast"
    assert loc.store_location.backend_group == "fast"
    assert loc.get_store_uri() == f"cinder://fast/{volume}"


def test_neither_uri_nor_specs() -> None:
    with pytest.raises(BadStoreUri, match="needs a uri or store_specs"):
        Location("rbd", RbdStoreLocation, None)


def test_bad_uri_propagates() -> None:
    with pytest.raises(BadStoreUri, match="exactly 1 or 4 components"):
        Location("rbd", RbdStoreLocation, None, uri="rbd://a/b")


@pytest.mark.parametrize(
    ("endpoint", "image_id", "expected"),
    [
        pytest.param(
            "http://glance.example.com:9292",
            IMAGE_ID,
            f"http://glance.example.com:9292/images/{IMAGE_ID}",
            id="plain",
        ),
        pytest.param(
            "https://cloud.example.com/image/",
            IMAGE_ID,
            f"https://cloud.example.com/image/images/{IMAGE_ID}",
            id="path-kept-trailing-slash",
        ),
        pytest.param(
            URL("https://[2001:db8::1]:9292/v2"),
            "a b/c",
            "https://[2001:db8::1]:9292/v2/images/a%20b%2Fc",
            id="yarl-ipv6-quoted-id",
        ),
        pytest.param(None, IMAGE_ID, None, id="no-endpoint"),
        pytest.param("http://glance.example.com", None, None, id="no-image-id"),
    ],
)
def test_public_image_uri(
    endpoint: str | URL | None, image_id: str | None, expected: str | None
) -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://img", image_id=image_id)
    assert loc.get_uri(endpoint) == expected


@pytest.mark.parametrize(
    ("endpoint", "match"),
    [
        pytest.param("http://admin:s3cret@glance.example.com", "userinfo", id="userinfo"),
        pytest.param("http://glance.example.com/?x=1", "query", id="query"),
        pytest.param("http://glance.example.com/#top", "fragment", id="fragment"),
        pytest.param("glance.example.com", "absolute http", id="relative"),
        pytest.param("ftp://glance.example.com", "absolute http", id="scheme"),
    ],
)
def test_bad_endpoint(endpoint: str, match: str) -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://img", image_id=IMAGE_ID)
    with pytest.raises(ValueError, match=match) as info:
        loc.get_uri(endpoint)
    assert "s3cret" not in str(info.value)


def test_immutable_hashable_picklable() -> None:
    loc = Location(
        "https", HttpStoreLocation, None, uri="https://u:pw@h.example/x", image_id=IMAGE_ID
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        loc.image_id = "other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        loc.store_location.path = "/y"  # type: ignore[misc]
    same = Location(
        "https", HttpStoreLocation, None, uri="https://u:pw@h.example/x", image_id=IMAGE_ID
    )
    assert loc == same
    assert hash(loc) == hash(same)
    assert len({loc, same}) == 1
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert copy.deepcopy(loc) == loc
    assert "pw" not in repr(loc).replace("password", "")


def test_value_equality_distinguishes_image_ids() -> None:
    a = Location("rbd", RbdStoreLocation, None, uri="rbd://img", image_id="a")
    b = Location("rbd", RbdStoreLocation, None, uri="rbd://img", image_id="b")
    assert a != b
