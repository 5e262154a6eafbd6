"""Scheme registry and the module functions of glance_locations.location."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

import glance_locations as gl
import glance_locations.location as location_module
from glance_locations import (
    BadStoreConfiguration,
    BadStoreUri,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    Location,
    RbdStoreLocation,
    SchemeInfo,
    SchemeMapEntry,
    SchemeRegistry,
    StoreLocation,
    UnknownBackend,
    UnknownScheme,
)

VOLUME = "12345678-9012-3455-6789-012345678901"


@pytest.mark.parametrize(
    ("uri", "store_name", "cls"),
    [
        pytest.param(
            "file:///var/lib/glance/images/1", "file", FilesystemStoreLocation, id="file"
        ),
        pytest.param("filesystem:///x/1", "filesystem", FilesystemStoreLocation, id="filesystem"),
        pytest.param("http://example.com/123456", "http", HttpStoreLocation, id="http"),
        pytest.param("https://u:p@example.com:80/i", "https", HttpStoreLocation, id="https"),
        pytest.param("rbd://fsid/pool/image/snap", "rbd", RbdStoreLocation, id="rbd"),
        pytest.param(f"cinder://{VOLUME}", "cinder", CinderStoreLocation, id="cinder"),
    ],
)
def test_builtin_schemes(uri: str, store_name: str, cls: type[StoreLocation]) -> None:
    location = gl.get_location_from_uri(uri)
    assert location.store_name == store_name
    assert type(location.store_location) is cls
    assert location.backend is None
    assert location.image_id is None


def test_unknown_scheme() -> None:
    with pytest.raises(UnknownScheme, match="Unknown scheme 'gopher'") as info:
        gl.get_location_from_uri("gopher://example.com/x")
    assert info.value.scheme == "gopher"


@pytest.mark.parametrize("uri", ["", "no-scheme-at-all", "/var/lib/x", "://x"])
def test_missing_scheme(uri: str) -> None:
    with pytest.raises(UnknownScheme) as info:
        gl.get_location_from_uri(uri)
    assert info.value.scheme == ""


def test_known_scheme_bad_uri_is_bad_store_uri() -> None:
    with pytest.raises(BadStoreUri, match="following schemas: rbd://"):
        gl.get_location_from_uri("rbd:/image")


@pytest.mark.parametrize("uri", [None, b"file:///x", 42])
def test_wrong_type(uri: object) -> None:
    with pytest.raises(TypeError):
        gl.get_location_from_uri(uri)  # type: ignore[arg-type]


def _fresh() -> SchemeRegistry:
    registry = SchemeRegistry()
    registry.register_scheme_map({"rbd": SchemeInfo(location_class=RbdStoreLocation)})
    return registry


def test_backend_lookup_unknown_scheme_and_unknown_backend() -> None:
    registry = _fresh()
    registry.register_scheme_backend_map(
        {"rbd": {"ceph-a": SchemeInfo(location_class=RbdStoreLocation, store="rbd")}}
    )
    location = registry.get_location_from_uri_and_backend("rbd://img", "ceph-a")
    assert location.backend == "ceph-a"
    assert location.store_location.backend_group == "ceph-a"
    with pytest.raises(UnknownBackend, match="not registered for backend 'ceph-b'") as info:
        registry.get_location_from_uri_and_backend("rbd://img", "ceph-b")
    assert isinstance(info.value, UnknownScheme)
    assert info.value.scheme == "rbd"
    with pytest.raises(UnknownScheme, match="Unknown scheme 'cinder'"):
        registry.get_location_from_uri_and_backend(f"cinder://{VOLUME}", "ceph-a")


def test_module_functions_raise_contract_errors() -> None:
    with pytest.raises(UnknownScheme):
        gl.get_location_from_uri_and_backend("gopher://x/y", "any")
    with pytest.raises(UnknownScheme):
        gl.get_location_from_uri_and_backend("rbd://img", "never-registered-backend")


def test_default_registry_backend_registration() -> None:
    name = "test-registry-backend"
    gl.register_scheme_backend_map({"file": {name: {"location_class": FilesystemStoreLocation}}})
    location = gl.get_location_from_uri_and_backend("file:///x/y", name)
    assert location.backend == name
    assert isinstance(location.store_location, FilesystemStoreLocation)


def test_register_overrides_and_isolated_registries() -> None:
    class OtherHttp(HttpStoreLocation):
        pass

    registry = SchemeRegistry()
    registry.register_scheme_map({"http": SchemeInfo(location_class=HttpStoreLocation)})
    registry.register_scheme_map({"http": {"location_class": OtherHttp, "store": "web"}})
    assert registry.schemes["http"] == SchemeInfo(location_class=OtherHttp, store="web")
    assert type(registry.get_location_from_uri("http://h/x").store_location) is OtherHttp
    # The default registry is untouched.
    assert type(gl.get_location_from_uri("http://h/x").store_location) is HttpStoreLocation


def test_glance_store_shaped_dict() -> None:
    registry = SchemeRegistry()
    registry.register_scheme_map(
        {"rbd": {"location_class": RbdStoreLocation, "store": "rbd", "store_entry": "rbd"}}
    )
    assert registry.schemes["rbd"] == SchemeInfo(location_class=RbdStoreLocation, store="rbd")


@pytest.mark.parametrize(
    ("scheme_map", "match"),
    [
        pytest.param({"rbd": {}}, "location_class", id="missing-class"),
        pytest.param({"rbd": {"location_class": int}}, "StoreLocation subclass", id="not-loc"),
        pytest.param(
            {"rbd": {"location_class": RbdStoreLocation, "store": 3}}, "store", id="store-type"
        ),
        pytest.param(
            {"rbd": {"location_class": RbdStoreLocation, "colour": "red"}}, "colour", id="extra"
        ),
        pytest.param(
            {"rbd": {"location_class": RbdStoreLocation, "store_entry": 1}},
            "store_entry",
            id="entry-type",
        ),
        pytest.param({"not a scheme": {"location_class": RbdStoreLocation}}, "valid URI scheme"),
        pytest.param({"rbd": 42}, "SchemeInfo or a mapping", id="value-type"),
    ],
)
def test_malformed_scheme_map(scheme_map: dict[str, object], match: str) -> None:
    registry = SchemeRegistry()
    with pytest.raises(BadStoreConfiguration, match=match):
        registry.register_scheme_map(scheme_map)  # type: ignore[arg-type]
    assert dict(registry.schemes) == {}


def test_malformed_backend_map_changes_nothing() -> None:
    registry = SchemeRegistry()
    good: SchemeMapEntry = {"location_class": RbdStoreLocation}
    bad: dict[str, object] = {"store": "x"}  # no location_class
    with pytest.raises(BadStoreConfiguration):
        # Type-correct (any Mapping[str, object] is a scheme map value), refused at run time.
        registry.register_scheme_backend_map({"rbd": {"a": good, "b": bad}})
    with pytest.raises(BadStoreConfiguration, match="must map backend names"):
        registry.register_scheme_backend_map({"rbd": "a"})  # type: ignore[dict-item]
    assert dict(registry.backends) == {}


def _hammer(threads: int, work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []


def test_concurrent_registration_loses_nothing() -> None:
    registry = SchemeRegistry()
    per_thread = 50

    def work(i: int) -> None:
        for j in range(per_thread):
            info = SchemeInfo(location_class=RbdStoreLocation, store=f"s{i}-{j}")
            registry.register_scheme_map({f"x{i}-{j}": info})
            registry.register_scheme_backend_map({"rbd": {f"b{i}-{j}": info}})
            assert registry.schemes[f"x{i}-{j}"] is info

    _hammer(16, work)
    assert len(registry.schemes) == 16 * per_thread
    assert len(registry.backends["rbd"]) == 16 * per_thread


def test_concurrent_lookup_during_registration() -> None:
    registry = _fresh()

    def work(i: int) -> None:
        for j in range(50):
            if i % 2:
                registry.register_scheme_map(
                    {f"y{i}-{j}": SchemeInfo(location_class=RbdStoreLocation)}
                )
            else:
                loc = registry.get_location_from_uri("rbd://img").store_location
                assert loc == RbdStoreLocation(image="img")

    _hammer(8, work)


def test_schemes_snapshot_is_read_only() -> None:
    registry = _fresh()
    with pytest.raises(TypeError):
        registry.schemes["x"] = SchemeInfo(location_class=RbdStoreLocation)  # type: ignore[index]


def test_location_module_exports() -> None:
    assert location_module.Location is Location
    assert location_module.get_location_from_uri is gl.get_location_from_uri
    assert set(location_module.__all__) >= {
        "Location",
        "StoreLocation",
        "get_location_from_uri",
        "get_location_from_uri_and_backend",
        "register_scheme_map",
        "register_scheme_backend_map",
    }
