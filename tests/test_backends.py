"""BackendMap on a realistic glance-api.conf: prefixes, Glance's prefix rule and its
pitfalls, assignment by structure (tests/backends_data/glance-api.conf)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from glance_locations.backends import (
    Assignment,
    BackendMap,
    FileBackend,
    RbdBackend,
    SwiftBackend,
)
from glance_locations.config import StoreConfig
from glance_locations.location import get_location_from_uri
from glance_locations.stores import SwiftStoreLocation

DATA = Path(__file__).parent / "backends_data"
CONF = DATA / "glance-api.conf"
FSID_A = "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"
FSID_B = "0d9c8b7a-6f5e-4d3c-8b2a-190817263544"
VOLUME = "0b3c9a4e-6a44-4f6a-9b1e-1c2d3e4f5a6b"
SECRETS = ("N3w/S3cret+Key".lower(), "n3w/S3cret+Key", "Sw1ftK3y", "B4ckupK3y", "Vc3nter!Pass")


@pytest.fixture(scope="module")
def backends() -> BackendMap:
    return BackendMap.from_glance_config(CONF)


def test_backends_in_enabled_order(backends: BackendMap) -> None:
    assert list(backends.backends) == [
        "ceph_a",
        "ceph_b",
        "images",
        "images2",
        "ceph",
        "ceph2",
        "objects",
        "swift_ref",
        "web",
        "vc",
    ]
    assert backends.default_backend == "ceph_a"
    assert [b.name for b in backends.reserved] == [
        "os_glance_staging_store",
        "os_glance_tasks_store",
    ]


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        pytest.param("ceph_a", f"rbd://{FSID_A}/images/", id="rbd-fsid-from-ceph.conf"),
        pytest.param("ceph_b", f"rbd://{FSID_B}/images/", id="rbd-inline-comment"),
        pytest.param("images", "file:///var/lib/glance/images", id="file-no-slash"),
        pytest.param("images2", "file:///var/lib/glance/images2", id="file-top-priority"),
        pytest.param("ceph", "cinder://ceph", id="cinder-no-slash"),
        pytest.param("objects", "s3+https://rgw.example.com:8443/glance", id="s3-no-keys"),
        pytest.param("swift_ref", "swift+config://ref1/glance/", id="swift-reference"),
        pytest.param("web", "http", id="http"),
        pytest.param("vc", "vsphere://vcenter.example.com/openstack_glance", id="vmware"),
    ],
)
def test_url_prefix_as_glance_store_computes_it(
    backends: BackendMap, name: str, prefix: str
) -> None:
    assert backends.backends[name].url_prefix == prefix


def test_reserved_stores_fall_back_to_backend_defaults(backends: BackendMap) -> None:
    # Neither section is in the file: [backend_defaults], then the driver's default.
    assert [b.url_prefix for b in backends.reserved] == ["file:///var/lib/glance/images"] * 2


@pytest.mark.parametrize(
    ("uri", "glance", "structure"),
    [
        pytest.param(
            "file:///var/lib/glance/images2/abc", "images", "images2", id="file-dir-prefix"
        ),
        pytest.param("file:///var/lib/glance/images/abc", "images", "images", id="file-own"),
        pytest.param(
            "file:///var/lib/glance/images2/slow/abc", "images", "images2", id="file-low-prio"
        ),
        pytest.param(f"cinder://ceph2/{VOLUME}", "ceph", "ceph2", id="cinder-name-prefix"),
        pytest.param(f"cinder://ceph/{VOLUME}", "ceph", "ceph", id="cinder-own"),
        pytest.param(
            "s3+https://rgw.example.com:8443/glance2/obj", "objects", None, id="s3-bucket-prefix"
        ),
        pytest.param(
            "s3+https://rgw.example.com:8443/glance/obj", "objects", "objects", id="s3-no-keys"
        ),
        pytest.param(
            "s3+https://AKIAOLDKEY2024:old%2Fsecret@rgw.example.com:8443/glance/obj",
            None,
            "objects",
            id="s3-keys-match-no-prefix",
        ),
        pytest.param(
            "s3://rgw.example.com:8443/glance/obj", None, "objects", id="s3-scheme-differs"
        ),
        pytest.param("swift+config://ref1/glance/obj", "swift_ref", "swift_ref", id="swift-ref1"),
        pytest.param("swift+config://ref2/glance/obj", None, "swift_ref", id="swift-ref2"),
        pytest.param(f"rbd://{FSID_B}/images/img/snap", "ceph_b", "ceph_b", id="rbd-cluster-b"),
        pytest.param(f"rbd://{FSID_A}/images/img/snap", "ceph_a", "ceph_a", id="rbd-cluster-a"),
        pytest.param(
            "rbd://11111111-2222-4333-8444-555555555555/images/img/snap",
            None,
            None,
            id="rbd-foreign-cluster",
        ),
        pytest.param(f"rbd://{FSID_A}/vms/img/snap", None, None, id="rbd-other-pool"),
        pytest.param("https://example.com/image.qcow2", "web", "web", id="http"),
        pytest.param(
            "vsphere://vcenter.example.com/folder/openstack_glance/img"
            "?dcPath=dc1&dsName=datastore1",
            None,
            "vc",
            id="vmware-prefix-matches-none",
        ),
        pytest.param(
            "vsphere://vcenter.example.com/folder/openstack_glance/img"
            "?dcPath=dc2&dsName=datastore1",
            None,
            None,
            id="vmware-other-datacenter",
        ),
    ],
)
def test_prefix_rule_against_structure(
    backends: BackendMap, uri: str, glance: str | None, structure: str | None
) -> None:
    """The pitfalls of Glance's prefix rule: what it picks, against what holds the data."""
    assert backends.glance_prefix_match(uri) == glance
    swift = StoreConfig.from_swift_config(DATA / "glance-swift.conf")
    location = get_location_from_uri(uri, conf=swift).store_location
    assignment = backends.assign(location)
    assert assignment.backend == structure
    assert assignment.status == ("unmatched" if structure is None else "matched")


def test_swift_config_locations_are_assigned_through_the_reference(
    backends: BackendMap,
) -> None:
    config = SwiftStoreLocation.from_uri("swift+https://keystone-b.example.com:5000/v3/glance/obj")
    assert backends.assign(config).backend == "swift_ref"
    other = SwiftStoreLocation.from_uri("swift+https://elsewhere.example.com/v3/glance/obj")
    assert backends.assign(other).status == "unmatched"


def test_cinder_without_backend_name_is_ambiguous(backends: BackendMap) -> None:
    location = get_location_from_uri(f"cinder://{VOLUME}").store_location
    assert backends.assign(location) == Assignment(
        status="ambiguous",
        backend=None,
        candidates=("ceph", "ceph2"),
        reason="cinder://<volume id> names no backend: any cinder backend",
    )
    # Glance's rule: the 'cinder://ceph' prefix does not start 'cinder://<uuid>'.
    assert backends.glance_prefix_match(f"cinder://{VOLUME}") is None


def test_rbd_location_without_cluster_is_ambiguous(backends: BackendMap) -> None:
    location = get_location_from_uri("rbd://image-only").store_location
    assignment = backends.assign(location)
    assert assignment.status == "ambiguous"
    assert assignment.candidates == ("ceph_a", "ceph_b")


def test_ceph_fsids_override_the_file(tmp_path: Path) -> None:
    upper = FSID_B.upper()
    mapped = BackendMap.from_glance_config(CONF, ceph_fsids={"ceph_a": upper})
    ceph_a = mapped.backends["ceph_a"]
    assert isinstance(ceph_a, RbdBackend)
    assert (ceph_a.fsid, ceph_a.fsid_source) == (FSID_B, "ceph_fsids")
    location = get_location_from_uri(f"rbd://{FSID_B}/images/img/snap").store_location
    # Two backends on one cluster and pool: the structure cannot tell them apart.
    assert mapped.assign(location).status == "ambiguous"
    assert mapped.glance_prefix_match(f"rbd://{FSID_B}/images/img/snap") == "ceph_a"


def test_unknown_fsid_is_reported_not_guessed(tmp_path: Path) -> None:
    conf = tmp_path / "glance-api.conf"
    conf.write_text(
        CONF.read_text().replace(
            "rbd_store_ceph_conf = ceph-b.conf", "rbd_store_ceph_conf = c.conf"
        )
    )
    (tmp_path / "c.conf").write_text("[global]\nmon_host = 10.1.0.1\n")
    for name in ("ceph-a.conf", "glance-swift.conf"):
        (tmp_path / name).write_text((DATA / name).read_text())
    mapped = BackendMap.from_glance_config(conf)
    assert mapped.unknown_fsids == ("ceph_b",)
    ceph_b = mapped.backends["ceph_b"]
    assert isinstance(ceph_b, RbdBackend)
    assert ceph_b.url_prefix is None
    assert ceph_b.fsid_source == f"{str(tmp_path / 'c.conf')!r} has no [global] fsid"
    location = get_location_from_uri(f"rbd://{FSID_B}/images/i/s").store_location
    assignment = mapped.assign(location)
    assert (assignment.status, assignment.candidates) == ("ambiguous", ("ceph_b",))


def test_datadirs_with_the_default_datadir_are_disabled(tmp_path: Path) -> None:
    """glance_store 5.7.0 refuses datadirs while filesystem_store_datadir is set, and its
    default (/var/lib/glance/images) counts: the backend then has no prefix."""
    conf = tmp_path / "glance-api.conf"
    conf.write_text(
        "[DEFAULT]\nenabled_backends = multi:file\n[glance_store]\ndefault_backend = multi\n"
        "[multi]\nfilesystem_store_datadirs = /srv/a:1\nfilesystem_store_datadirs = /srv/b:1\n"
    )
    multi = BackendMap.from_glance_config(conf).backends["multi"]
    assert isinstance(multi, FileBackend)
    assert multi.url_prefix is None
    assert multi.disabled is not None
    assert "filesystem_store_datadir" in multi.disabled
    conf.write_text(conf.read_text() + "filesystem_store_datadir =\n")
    fixed = BackendMap.from_glance_config(conf).backends["multi"]
    assert isinstance(fixed, FileBackend)
    assert (fixed.url_prefix, fixed.prefix_depends_on_free_space) == ("file:///srv/a", True)


def test_swift_prefix_holds_credentials_without_references(tmp_path: Path) -> None:
    conf = tmp_path / "glance-api.conf"
    conf.write_text(
        "[DEFAULT]\nenabled_backends = sw:swift\n[glance_store]\ndefault_backend = sw\n"
        "[sw]\nswift_store_auth_address = http://keystone.example.com:5000/v3/\n"
        "swift_store_user = service:glance\nswift_store_key = k@y/2026\n"
    )
    mapped = BackendMap.from_glance_config(conf)
    sw = mapped.backends["sw"]
    assert isinstance(sw, SwiftBackend)
    assert sw.url_prefix == (
        "swift+http://service%3Aglance:k%40y/2026@keystone.example.com:5000/v3/glance/"
    )
    assert "k@y" not in repr(mapped)
    rotated = "swift+http://service%3Aglance:oldkey@keystone.example.com:5000/v3/glance/obj"
    assert mapped.glance_prefix_match(rotated) is None  # a key rotation orphans the row
    location = get_location_from_uri(rotated).store_location
    assert mapped.assign(location).backend == "sw"


def test_no_secret_in_any_repr(backends: BackendMap) -> None:
    text = repr(backends) + "".join(repr(b) for b in backends.backends.values())
    for secret in SECRETS:
        assert secret not in text


def test_map_is_immutable_and_picklable(backends: BackendMap) -> None:
    with pytest.raises(TypeError):
        backends.backends["x"] = backends.backends["web"]  # type: ignore[index]
    assert pickle.loads(pickle.dumps(backends.backends["ceph_a"])) == backends.backends["ceph_a"]
    # The whole map too (db audit --jobs hands it to its workers), still read-only.
    restored: BackendMap = pickle.loads(pickle.dumps(backends))
    assert restored == backends
    assert list(restored.backends) == list(backends.backends)
    with pytest.raises(TypeError):
        restored.backends["x"] = backends.backends["web"]  # type: ignore[index]


def test_urlparse_refusal_is_no_match(backends: BackendMap) -> None:
    assert backends.glance_prefix_match("http://[::1/x") is None
    assert backends.glance_prefix_match("nfs://host/x") is None


def test_wrong_argument_types(backends: BackendMap) -> None:
    with pytest.raises(TypeError):
        backends.glance_prefix_match(b"http://x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        backends.assign("rbd://x")  # type: ignore[arg-type]


def test_swift_reference_prefix_reads_the_backend_section_only(tmp_path: Path) -> None:
    """glance_store's swift prefix takes default_swift_reference from the backend's own
    section, where BackendGroupConfiguration made its default None: left to the default
    ('ref1', which configure_add does use), the prefix says 'None' and matches nothing.
    swift_store_config_file and swift_store_multi_tenant are not read from
    [backend_defaults] either."""
    (tmp_path / "glance-swift.conf").write_text((DATA / "glance-swift.conf").read_text())
    conf = tmp_path / "glance-api.conf"
    conf.write_text(
        "[DEFAULT]\nenabled_backends = sw:swift, plain:swift\n"
        "[glance_store]\ndefault_backend = sw\n"
        "[backend_defaults]\nswift_store_config_file = glance-swift.conf\n"
        "swift_store_multi_tenant = true\n"
        "[sw]\nswift_store_config_file = glance-swift.conf\n"
        "[plain]\nswift_store_auth_address = https://keystone.example.com/v3\n"
        "swift_store_user = glance\nswift_store_key = k\n"
    )
    mapped = BackendMap.from_glance_config(conf)
    assert mapped.backends["sw"].url_prefix == "swift+config://None/glance/"
    assert mapped.glance_prefix_match("swift+config://ref1/glance/obj") is None
    plain = mapped.backends["plain"]
    assert isinstance(plain, SwiftBackend)
    assert (plain.config_file, plain.multi_tenant) == (None, False)
    assert plain.url_prefix == "swift+https://glance:k@keystone.example.com/v3/glance/"
