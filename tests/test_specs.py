"""store_specs dicts <-> typed locations (from_specs / to_specs)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from glance_locations import (
    BadStoreSpecs,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    Location,
    RbdStoreLocation,
    StoreLocation,
)

VOLUME = "12345678-9012-3455-6789-012345678901"
IMAGE = "0b1b2c3d-0000-4000-8000-000000000001"

GOOD = [
    pytest.param(
        FilesystemStoreLocation,
        {"path": f"/var/lib/glance/images/{IMAGE}"},
        f"file:///var/lib/glance/images/{IMAGE}",
        {"scheme": "file", "path": f"/var/lib/glance/images/{IMAGE}"},
        id="file",
    ),
    pytest.param(
        FilesystemStoreLocation,
        {"scheme": "filesystem", "path": "/srv/images/x"},
        "file:///srv/images/x",
        {"scheme": "file", "path": "/srv/images/x"},
        id="file-filesystem-scheme",
    ),
    pytest.param(
        HttpStoreLocation,
        {"netloc": "example.com:8080", "path": "/images/1"},
        "http://example.com:8080/images/1",
        {"scheme": "http", "netloc": "example.com:8080", "path": "/images/1", "query": ""},
        id="http",
    ),
    pytest.param(
        HttpStoreLocation,
        {
            "scheme": "https",
            "netloc": "[2001:db8::1]",
            "user": "u",
            "password": "pw",
            "path": "/a",
            "query": "x=1",
        },
        "https://u:pw@[2001:db8::1]/a?x=1",
        {
            "scheme": "https",
            "netloc": "[2001:db8::1]",
            "user": "u",
            "password": "pw",
            "path": "/a",
            "query": "x=1",
        },
        id="https-ipv6-credentials-query",
    ),
    pytest.param(
        RbdStoreLocation,
        {"fsid": "f-s-i-d", "pool": "images", "image": IMAGE, "snapshot": "snap"},
        f"rbd://f-s-i-d/images/{IMAGE}/snap",
        {"fsid": "f-s-i-d", "pool": "images", "image": IMAGE, "snapshot": "snap"},
        id="rbd",
    ),
    pytest.param(
        RbdStoreLocation,
        {"fsid": "/", "pool": "my pool", "image": "é", "snapshot": "s"},
        "rbd://%2F/my%20pool/%C3%A9/s",
        {"fsid": "/", "pool": "my pool", "image": "é", "snapshot": "s"},
        id="rbd-quoted",
    ),
    pytest.param(
        RbdStoreLocation,
        {"image": IMAGE},
        f"rbd://{IMAGE}",
        {"image": IMAGE},
        id="rbd-image-only",
    ),
    pytest.param(
        CinderStoreLocation,
        {"volume_id": VOLUME},
        f"cinder://{VOLUME}",
        {"scheme": "cinder", "volume_id": VOLUME},
        id="cinder",
    ),
]


@pytest.mark.parametrize(("cls", "specs", "uri", "out"), GOOD)
def test_good_specs(
    cls: type[StoreLocation], specs: dict[str, object], uri: str, out: dict[str, object]
) -> None:
    loc = cls.from_specs(specs)
    assert loc.get_uri() == uri
    assert loc == cls.from_uri(uri)
    assert loc.to_specs() == out
    assert json.loads(json.dumps(loc.to_specs())) == out
    assert cls.from_specs(loc.to_specs()) == loc


def test_rbd_non_string_values_are_converted_like_glance_store() -> None:
    loc = RbdStoreLocation.from_specs({"fsid": 7, "pool": "p", "image": 12, "snapshot": "s"})
    assert (loc.fsid, loc.image) == ("7", "12")
    assert loc.get_uri() == "rbd://7/p/12/s"


def test_cinder_backend_group() -> None:
    loc = CinderStoreLocation.from_specs({"volume_id": VOLUME}, backend_group="fast")
    assert loc.backend_group == "fast"
    assert loc.get_uri() == f"cinder://fast/{VOLUME}"
    assert "backend_group" not in loc.to_specs()


BAD = [
    pytest.param(FilesystemStoreLocation, {}, {"path"}, id="file-missing"),
    pytest.param(FilesystemStoreLocation, {"path": "relative/x"}, {"path"}, id="file-relative"),
    pytest.param(
        FilesystemStoreLocation, {"path": "/x", "size": 3}, {"size"}, id="file-unknown-key"
    ),
    pytest.param(FilesystemStoreLocation, {"path": b"/x"}, {"path"}, id="file-bytes"),
    pytest.param(
        FilesystemStoreLocation, {"path": "/x", "scheme": "ftp"}, {"scheme"}, id="file-scheme"
    ),
    pytest.param(HttpStoreLocation, {"path": "/x"}, {"netloc"}, id="http-missing-netloc"),
    pytest.param(
        HttpStoreLocation, {"netloc": "example.com:99999"}, {"netloc"}, id="http-port-range"
    ),
    pytest.param(
        HttpStoreLocation,
        {"netloc": "", "path": 5, "query": None, "spec": {}},
        {"netloc", "path", "query", "spec"},
        id="http-every-problem-at-once",
    ),
    pytest.param(
        HttpStoreLocation,
        {"netloc": "h.example", "path": "no-slash", "user": "a:b", "password": "p"},
        {"path", "user"},
        id="http-two-rule-problems",
    ),
    pytest.param(
        HttpStoreLocation,
        {"netloc": "h.example", "password": "p"},
        {"password"},
        id="http-password-without-user",
    ),
    pytest.param(RbdStoreLocation, {"pool": "p"}, {"image"}, id="rbd-missing-image"),
    pytest.param(RbdStoreLocation, {"image": "a b"}, {"image"}, id="rbd-one-form-space"),
    pytest.param(
        RbdStoreLocation,
        {"fsid": "f", "pool": "", "image": "i", "snapshot": "s"},
        {"pool"},
        id="rbd-empty-pool",
    ),
    pytest.param(CinderStoreLocation, {"volume_id": "vol-1"}, {"volume_id"}, id="cinder-uuid"),
    pytest.param(
        CinderStoreLocation,
        {"volume_id": VOLUME, "scheme": "cinder2"},
        {"scheme"},
        id="cinder-scheme",
    ),
]


@pytest.mark.parametrize(("cls", "specs", "keys"), BAD)
def test_bad_specs_name_every_key(
    cls: type[StoreLocation], specs: dict[str, object], keys: set[str]
) -> None:
    with pytest.raises(BadStoreSpecs) as info:
        cls.from_specs(specs)
    assert set(info.value.keys) == keys
    assert isinstance(info.value, ValueError)
    for key in keys:
        assert repr(key) in str(info.value)


def test_secret_never_in_specs_error() -> None:
    specs = {"netloc": "example.com:0", "user": "u", "password": "S3CR3T-value"}
    with pytest.raises(BadStoreSpecs) as info:
        HttpStoreLocation.from_specs(specs)
    assert "S3CR3T" not in str(info.value)
    assert "S3CR3T" not in repr(info.value)


@pytest.mark.parametrize("specs", [None, [("path", "/x")], "path=/x"])
def test_specs_must_be_a_mapping(specs: object) -> None:
    with pytest.raises(TypeError, match="store_specs must be a mapping"):
        FilesystemStoreLocation.from_specs(specs)  # type: ignore[arg-type]


def test_location_from_specs() -> None:
    specs: Mapping[str, object] = {"fsid": "f", "pool": "p", "image": IMAGE, "snapshot": "s"}
    loc = Location("rbd", RbdStoreLocation, None, image_id=IMAGE, store_specs=specs)
    assert loc.get_store_uri() == f"rbd://f/p/{IMAGE}/s"
    with pytest.raises(BadStoreSpecs, match="'image'"):
        Location("rbd", RbdStoreLocation, None, store_specs={"pool": "p"})


def test_uri_wins_over_specs_as_in_glance_store() -> None:
    loc = Location(
        "rbd", RbdStoreLocation, None, uri="rbd://from-uri", store_specs={"image": "from-specs"}
    )
    assert loc.store_location.image == "from-uri"
