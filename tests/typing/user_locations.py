"""User-side code: the types of the location API, as mypy and pyright see them.

Checked (not collected) by ``test_checkers.py``: every ``assert_type`` must hold under both
checkers in strict mode. ``test_checkers.py`` also runs each ``check_*`` function, so that
what is typed is what happens.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from typing_extensions import assert_never, assert_type

import glance_locations as gl
from glance_locations import (
    BuiltinStoreLocation,
    CinderStoreLocation,
    Exposure,
    FilesystemStoreLocation,
    HttpStoreLocation,
    Location,
    LocationPolicy,
    RbdStoreLocation,
    S3StoreLocation,
    SchemeInfo,
    SchemeMapEntry,
    SchemeRegistry,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

VOLUME = "12345678-9012-3455-6789-012345678901"


def check_from_uri_and_from_specs() -> None:
    rbd = RbdStoreLocation.from_uri("rbd://fsid/pool/image/snap")
    assert_type(rbd, RbdStoreLocation)
    assert_type(rbd.pool, str | None)
    assert_type(rbd.backend_group, str | None)
    again = RbdStoreLocation.from_specs(rbd.to_specs(), backend_group=None)
    assert_type(again, RbdStoreLocation)
    assert_type(rbd.to_specs(), dict[str, object])
    assert_type(rbd.get_uri(), str)
    assert_type(rbd.get_redacted_uri(), str)
    assert_type(rbd.exposure(), Exposure)
    assert again == rbd
    http = HttpStoreLocation.from_uri("https://u:p@h.example:8443/x")
    assert_type(http.port, int | None)
    assert_type(http.host, str)
    assert_type(http.password, str | None)
    assert http.port == 8443
    assert_type(SwiftStoreLocation.from_uri("swift://u:k@a.example/c/o").swift_url, str)
    assert_type(VMwareStoreLocation.SCHEMES, tuple[str, ...])
    assert_type(StoreLocation.validate_schemas("rbd://x", ["rbd://"]), None)


def _needs_any_location(loc: Location[StoreLocation]) -> str:
    return loc.get_store_uri()


def check_location_is_generic_and_covariant() -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://f/p/i/s", image_id="img")
    assert_type(loc, Location[RbdStoreLocation])
    assert_type(loc.store_location, RbdStoreLocation)
    assert_type(loc.store_name, str)
    assert_type(loc.image_id, str | None)
    assert_type(loc.backend, str | None)
    assert_type(loc.get_uri("https://glance.example"), str | None)
    # Covariant: a Location[RbdStoreLocation] is a Location[StoreLocation].
    assert _needs_any_location(loc) == "rbd://f/p/i/s"
    built = Location("rbd", store_location=loc.store_location, image_id="x")
    assert_type(built, Location[RbdStoreLocation])
    from_specs = Location("cinder", CinderStoreLocation, None, store_specs={"volume_id": VOLUME})
    assert_type(from_specs, Location[CinderStoreLocation])


def check_evolve() -> None:
    loc = Location("rbd", RbdStoreLocation, None, uri="rbd://f/p/i/s", image_id="a")
    other = attrs.evolve(loc, image_id="b")
    assert_type(other, Location[RbdStoreLocation])
    assert other.image_id == "b"
    assert other.store_location == loc.store_location
    rbd = attrs.evolve(loc.store_location, pool="q")
    assert_type(rbd, RbdStoreLocation)
    assert rbd.get_uri() == "rbd://f/q/i/s"


def check_registry_lookups() -> None:
    loc = gl.get_location_from_uri("file:///x/y")
    assert_type(loc, Location[StoreLocation])
    assert isinstance(loc.store_location, FilesystemStoreLocation)
    assert_type(loc.store_location, FilesystemStoreLocation)
    registry = SchemeRegistry()
    entry: SchemeMapEntry = {"location_class": RbdStoreLocation, "store": "rbd"}
    full: SchemeMapEntry = {"location_class": RbdStoreLocation, "store_entry": "rbd"}
    assert_type(entry["location_class"], type[StoreLocation])
    registry.register_scheme_map(
        {"rbd": entry, "ceph": SchemeInfo(location_class=RbdStoreLocation)}
    )
    registry.register_scheme_backend_map({"rbd": {"a": full}})
    assert_type(registry.schemes, Mapping[str, SchemeInfo])
    assert_type(registry.backends["rbd"]["a"], SchemeInfo)
    info = registry.schemes["rbd"]
    assert_type(info.location_class, type[StoreLocation])
    assert_type(info.store, str | None)
    assert info.store == "rbd"
    by_backend = registry.get_location_from_uri_and_backend("rbd://img", "a")
    assert_type(by_backend, Location[StoreLocation])
    assert by_backend.backend == "a"


class SiteConfig(StoreConfig):
    """A user's own configuration class: from_swift_config builds it (Self)."""


def check_config() -> None:
    conf = StoreConfig(swift_references={"ref1": SwiftReference(auth_address="https://k/v3")})
    assert_type(conf.swift_references, Mapping[str, SwiftReference])
    assert_type(conf.default_swift_reference, str)
    assert_type(conf.swift_references["ref1"].key, str | None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "glance-swift.conf")
        path.write_text("[ref1]\nauth_address = https://k/v3\nuser = u\nkey = k\n")
        assert_type(StoreConfig.from_swift_config(path), StoreConfig)
        site = SiteConfig.from_swift_config(str(path))
        assert_type(site, SiteConfig)
        assert type(site) is SiteConfig
        assert site.swift_references["ref1"].user == "u"


def check_policy() -> None:
    policy = LocationPolicy(allow_private_hosts=False, require_tls=True)
    loc = gl.get_location_from_uri("http://127.0.0.1/x")
    assert_type(policy.violations(loc), tuple[str, ...])
    assert_type(policy.violations(loc.store_location), tuple[str, ...])
    assert_type(policy.allowed_schemes, frozenset[str] | None)
    assert_type(policy.file_roots, tuple[str, ...])
    with pytest.raises(gl.ForbiddenLocation) as refused:
        policy.check(loc)
    assert_type(refused.value.reasons, tuple[str, ...])
    assert len(refused.value.reasons) == 2


def check_errors() -> None:
    with pytest.raises(gl.BadStoreUri) as bad_uri:
        HttpStoreLocation.from_uri("http://h.example:99999/x")
    assert_type(bad_uri.value.reason, str)
    assert_type(bad_uri.value.component, str | None)
    assert_type(bad_uri.value.uri, str | None)
    assert_type(bad_uri.value.message, str)
    assert bad_uri.value.component == "port"
    with pytest.raises(gl.BadStoreLocation) as bad_location:
        RbdStoreLocation(image="")
    assert_type(bad_location.value.problems, tuple[tuple[str, str], ...])
    assert_type(bad_location.value.components, tuple[str | None, ...])
    assert_type(bad_location.value.store, str)
    assert [field for field, _ in bad_location.value.problems] == ["image"]
    with pytest.raises(gl.UnknownScheme) as unknown:
        gl.get_location_from_uri("nfs://x/y")
    assert_type(unknown.value.scheme, str)
    assert unknown.value.scheme == "nfs"
    registry = SchemeRegistry()
    registry.register_scheme_backend_map(
        {"rbd": {"a": SchemeInfo(location_class=RbdStoreLocation)}}
    )
    with pytest.raises(gl.UnknownBackend) as no_backend:
        registry.get_location_from_uri_and_backend("rbd://x", "b")
    assert_type(no_backend.value.backend, str)
    assert no_backend.value.backend == "b"
    assert issubclass(gl.BadStoreSpecs, gl.BadStoreLocation)


def describe(loc: BuiltinStoreLocation) -> str:
    """An exhaustive match over the built-in union: a missing case fails to check."""
    match loc:
        case FilesystemStoreLocation():
            return "file"
        case HttpStoreLocation():
            return "http"
        case RbdStoreLocation():
            return "rbd"
        case CinderStoreLocation():
            return "cinder"
        case SwiftStoreLocation():
            return "swift"
        case S3StoreLocation():
            return "s3"
        case VMwareStoreLocation():
            return "vsphere"
        case _:
            assert_never(loc)


def check_builtin_union() -> None:
    loc: StoreLocation = gl.get_location_from_uri(f"cinder://{VOLUME}").store_location
    if isinstance(loc, BuiltinStoreLocation):
        assert_type(loc, BuiltinStoreLocation)
        assert describe(loc) == "cinder"
    else:
        raise AssertionError("a cinder location is a built-in one")
