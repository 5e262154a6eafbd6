"""The StoreLocation base: input checks shared by every store, validate_schemas."""

from __future__ import annotations

import pickle

import pytest
from yarl import URL

from glance_locations import (
    BadStoreUri,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    StoreLocation,
)

ALL = [FilesystemStoreLocation, HttpStoreLocation, RbdStoreLocation, CinderStoreLocation]


def test_validate_schemas_accepts() -> None:
    StoreLocation.validate_schemas("file:///x", ("file://", "filesystem://"))


def test_validate_schemas_names_accepted() -> None:
    with pytest.raises(BadStoreUri, match="schemas: http://, https://"):
        StoreLocation.validate_schemas("ftp://x", ["http://", "https://"])


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("uri", [None, b"rbd://x", 7])
def test_wrong_type_is_type_error(cls: type[StoreLocation], uri: object) -> None:
    with pytest.raises(TypeError, match=r"must be str or yarl\.URL"):
        cls.from_uri(uri)  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", ALL)
def test_over_long_uri_refused_before_parsing(cls: type[StoreLocation]) -> None:
    uri = "rbd://" + "a" * 65_536
    with pytest.raises(BadStoreUri, match="longer than 65536 characters"):
        cls.from_uri(uri)


def test_longest_allowed_uri() -> None:
    uri = "file:///" + "a" * (65_536 - len("file:///"))
    assert FilesystemStoreLocation.from_uri(uri).get_uri() == uri


def test_abstract_base_cannot_parse() -> None:
    with pytest.raises(TypeError, match="abstract"):
        StoreLocation.from_uri("rbd://x")


def test_yarl_url_input() -> None:
    assert HttpStoreLocation.from_uri(URL("http://h.example/a")).netloc == "h.example"


@pytest.mark.parametrize(
    "uri", ["rbd://f/p/i/s", "file:///a/b", "http://u:p@h:1/x?y", "rbd://image"]
)
def test_pickle_and_hash(uri: str) -> None:
    classes: dict[str, type[StoreLocation]] = {
        "rbd": RbdStoreLocation,
        "file": FilesystemStoreLocation,
    }
    cls = classes.get(uri.partition(":")[0], HttpStoreLocation)
    loc = cls.from_uri(uri)
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert hash(cls.from_uri(uri)) == hash(loc)


def test_bad_store_uri_is_value_error_and_pickles() -> None:
    with pytest.raises(BadStoreUri, match="host: empty") as info:
        HttpStoreLocation.from_uri("http://u:secret@/x")
    assert isinstance(info.value, ValueError)
    err = pickle.loads(pickle.dumps(info.value))
    assert isinstance(err, BadStoreUri)
    assert err.reason == info.value.reason
    assert str(err) == str(info.value)
    assert "secret" not in str(err)


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("conf", [{}, "glance-swift.conf", 1])
def test_wrong_conf_type_is_type_error(cls: type[StoreLocation], conf: object) -> None:
    with pytest.raises(TypeError, match="conf must be a StoreConfig or None"):
        cls.from_uri("rbd://x", conf=conf)  # type: ignore[arg-type]
