"""store_specs dicts <-> typed locations (from_specs / to_specs)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from glance_locations import (
    BadStoreSpecs,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    Location,
    RbdStoreLocation,
    S3StoreLocation,
    StoreConfig,
    StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
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


# Specs that glance_store's own drivers build for new images, with the URI glance_store
# renders for them (StoreLocation(specs, conf).get_uri()).
GLANCE_STORE_SPECS = [
    pytest.param(
        SwiftStoreLocation,
        {
            "scheme": "swift+https",
            "container": "glance",
            "obj": IMAGE,
            "auth_or_store_url": "https://example.com/v1",
        },
        f"swift+https://example.com/v1/glance/{IMAGE}",
        id="swift-multi-tenant",
    ),
    pytest.param(
        SwiftStoreLocation,
        {"container": "glance", "obj": IMAGE, "auth_or_store_url": "example.com/v1/"},
        f"swift+https://example.com/v1/glance/{IMAGE}",
        id="swift-default-scheme",
    ),
    pytest.param(
        VMwareStoreLocation,
        {
            "scheme": "vsphere",
            "server_host": "127.0.0.1",
            "image_dir": "/openstack_glance",
            "image_id": IMAGE,
            "datacenter_path": "dc1",
            "datastore_name": "ds1",
        },
        f"vsphere://127.0.0.1/folder/openstack_glance/{IMAGE}?dsName=ds1&dcPath=dc1",
        id="vsphere",
    ),
    pytest.param(
        VMwareStoreLocation,
        {
            "scheme": "vsphere",
            "server_host": "fd00::7",
            "image_dir": "openstack_glance/",
            "image_id": IMAGE,
            "datastore_name": "data store",
        },
        f"vsphere://[fd00::7]/folder/openstack_glance/{IMAGE}?dsName=data+store",
        id="vsphere-ipv6-no-datacenter",
    ),
    pytest.param(
        S3StoreLocation,
        {"s3serviceurl": "https://s3.example.com/", "bucket": "glance", "key": IMAGE},
        f"s3+https://s3.example.com/glance/{IMAGE}",
        id="s3-https-service-url",
    ),
    pytest.param(
        S3StoreLocation,
        {"scheme": "s3", "s3serviceurl": "http://s3.example.com:8080", "bucket": "b", "key": "k"},
        "s3://s3.example.com:8080/b/k",
        id="s3-http-service-url",
    ),
    pytest.param(
        HttpStoreLocation,
        {"scheme": "https", "netloc": "example.com", "path": "/images/x", "query": "a=1"},
        "https://example.com/images/x?a=1",
        id="http",
    ),
]


@pytest.mark.parametrize(("cls", "specs", "uri"), GLANCE_STORE_SPECS)
def test_glance_store_driver_specs(
    cls: type[StoreLocation], specs: dict[str, object], uri: str
) -> None:
    loc = cls.from_specs(specs)
    assert loc.get_uri() == uri
    assert cls.from_specs(loc.to_specs()) == loc
    assert cls.from_uri(uri) == loc


def test_legacy_s3_credentials_in_specs() -> None:
    specs = {
        "s3serviceurl": "s3.amazonaws.com",
        "bucket": "bucket",
        "key": "key-id",
        "accesskey": "accesskey",
        "secretkey": "secretwith/aslash",
    }
    loc = S3StoreLocation.from_specs(specs)
    assert loc.get_uri() == "s3://accesskey:secretwith/aslash@s3.amazonaws.com/bucket/key-id"
    assert loc.to_specs() == {"scheme": "s3", **specs}


def test_swift_credentials_quoted_in_the_uri() -> None:
    specs = {
        "scheme": "swift",
        "user": "account:user",
        "key": "p@ss",
        "auth_or_store_url": "authurl.com",
        "container": "container",
        "obj": "obj-id",
    }
    loc = SwiftStoreLocation.from_specs(specs)
    assert loc.get_uri() == "swift://account%3Auser:p%40ss@authurl.com/container/obj-id"
    assert loc.to_specs() == specs


def test_swift_config_specs_name_the_reference_not_credentials(tmp_path: Path) -> None:
    conf_file = tmp_path / "glance-swift.conf"
    conf_file.write_text(
        "[store1]\nauth_address = http://keystone.example.com:5000/v3\n"
        "user = tenant:glance\nkey = S3CR3T-swift\n"
    )
    conf = StoreConfig.from_swift_config(conf_file)
    loc = SwiftStoreLocation.from_uri(f"swift+config://store1/glance/{IMAGE}", conf=conf)
    specs = loc.to_specs()
    assert "S3CR3T-swift" not in json.dumps(specs)
    assert specs == {
        "scheme": "swift+config",
        "auth_or_store_url": "keystone.example.com:5000/v3",
        "container": "glance",
        "obj": IMAGE,
        "reference": "store1",
    }
    again = SwiftStoreLocation.from_specs(specs, conf=conf)
    assert again == loc
    assert again.key == "S3CR3T-swift"
    assert again.swift_url == "http://keystone.example.com:5000/v3"
    with pytest.raises(BadStoreSpecs, match="'reference'"):
        SwiftStoreLocation.from_specs(specs)  # no configuration to resolve it


BAD_MORE = [
    pytest.param(
        SwiftStoreLocation,
        {"container": "", "obj": IMAGE, "auth_or_store_url": "h.example"},
        {"container"},
        id="swift-empty-container",
    ),
    pytest.param(
        SwiftStoreLocation,
        {
            "container": "c",
            "obj": "o",
            "auth_or_store_url": "h.example",
            "user": "u",
            "key": "a:b",
        },
        {"key"},
        id="swift-key-with-colon",
    ),
    pytest.param(
        SwiftStoreLocation,
        {"container": "c", "obj": "o"},
        {"auth_or_store_url"},
        id="swift-missing-auth-url",
    ),
    pytest.param(
        S3StoreLocation,
        {"s3serviceurl": "s3.example.com", "bucket": "", "key": "k", "secretkey": "x"},
        {"bucket", "secretkey"},
        id="s3-empty-bucket-secret-without-access-key",
    ),
    pytest.param(
        S3StoreLocation,
        {"s3serviceurl": "s3.example.com:0", "bucket": "b", "key": 5},
        {"s3serviceurl", "key"},
        id="s3-port-and-type",
    ),
    pytest.param(
        VMwareStoreLocation,
        {"server_host": "h", "image_dir": "d", "image_id": "i"},
        {"datastore_name"},
        id="vsphere-missing-datastore",
    ),
    pytest.param(
        VMwareStoreLocation,
        {"server_host": "", "image_dir": "d", "image_id": "i", "datastore_name": "ds", "x": 1},
        {"server_host", "x"},
        id="vsphere-empty-host-unknown-key",
    ),
    pytest.param(
        VMwareStoreLocation,
        {"server_host": "h", "image_dir": "d", "image_id": "", "datastore_name": "ds"},
        {"image_id"},
        id="vsphere-empty-image-id",
    ),
]


@pytest.mark.parametrize(("cls", "specs", "keys"), BAD + BAD_MORE)
def test_bad_specs_name_every_key(
    cls: type[StoreLocation], specs: dict[str, object], keys: set[str]
) -> None:
    with pytest.raises(BadStoreSpecs) as info:
        cls.from_specs(specs)
    assert set(info.value.keys) == keys
    assert isinstance(info.value, ValueError)
    for key in keys:
        assert repr(key) in str(info.value)
